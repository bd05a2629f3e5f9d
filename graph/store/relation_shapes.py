"""SHACL constraints for each relation's domain and range, generated from the ontology.

The ontology states the classes a relation expects at each end with
``schema:domainIncludes`` and ``schema:rangeIncludes`` (which, unlike rdfs:domain,
let no reasoner re-type a concept). This module turns those statements into one
SPARQL constraint per relation, so the ontology is the only list kept by hand and
a claim that breaks it is reported in words:

    claim Terrorism counters Diplomacy: counters expects a form of cooperation
    or a strategy as subject, not a threat
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

from graph.model.relations import SCHEMA, schema_of

__all__ = ["SCHEMA", "relation_shapes"]
SHAPES = Namespace("https://w3id.org/briefgraph/shapes#")

_TARGET = "SELECT ?this WHERE {{ ?this a bg:Claim ; rdf:predicate <{relation}> }}"

_QUERY = """
SELECT $this ?actual WHERE {{
    $this rdf:predicate <{relation}> ; rdf:{end} ?node .
    FILTER NOT EXISTS {{
        ?node rdf:type/rdfs:subClassOf* ?expected .
        FILTER (?expected IN ({expected}))
    }}
    OPTIONAL {{
        ?node rdf:type ?class .
        ?class rdfs:subClassOf+ bg:Concept ; rdfs:label ?classLabel .
        FILTER (LANGMATCHES(LANG(?classLabel), "en"))
        FILTER NOT EXISTS {{
            ?node rdf:type ?narrower .
            ?narrower rdfs:subClassOf+ ?class .
            FILTER (?narrower != ?class)
        }}
    }}
    BIND (CONCAT(LCASE(SUBSTR(?classLabel, 1, 1)), SUBSTR(?classLabel, 2)) AS ?name)
    BIND (COALESCE(CONCAT(IF(REGEX(?name, "^[aeiou]"), "an ", "a "), ?name),
                   "a resource of no concept class") AS ?actual)
}}
"""


def relation_shapes(ontology: Graph) -> Graph:
    """Return a shapes graph with one domain-and-range shape per relation of ``ontology``.

    Each shape targets only the claims of its relation (a SHACL-AF SPARQL target,
    so validation runs with pyshacl's ``advanced=True``): checking every claim
    against every relation tripled the time of validating the essay.
    """
    shapes = Graph()
    for ends in sorted(schema_of(ontology).relations.values(), key=lambda e: e.iri):
        relation, label = URIRef(ends.iri), ends.label
        shape = SHAPES[f"RelationEnds-{ends.name}"]
        shapes.add((shape, RDF.type, SH.NodeShape))
        shapes.add((shape, RDFS.label, Literal(f"ends of {label}", lang="en")))
        comment = (
            f"A claim that uses {label} has a subject and an object of the classes the "
            "ontology expects (schema:domainIncludes and schema:rangeIncludes)."
        )
        shapes.add((shape, RDFS.comment, Literal(comment, lang="en")))
        target = BNode()
        shapes.add((shape, SH.target, target))
        shapes.add((target, RDF.type, SH.SPARQLTarget))
        shapes.add((target, SH.prefixes, SHAPES[""]))
        shapes.add((target, SH.select, Literal(_TARGET.format(relation=relation))))
        for end, classes in (("subject", ends.domain_iris), ("object", ends.range_iris)):
            if not classes:
                continue
            constraint = BNode()
            shapes.add((shape, SH.sparql, constraint))
            shapes.add((constraint, RDF.type, SH.SPARQLConstraint))
            shapes.add((constraint, SH.prefixes, SHAPES[""]))
            message = f"{label} expects {_phrase(ontology, classes)} as {end}, not {{?actual}}"
            shapes.add((constraint, SH.message, Literal(message)))
            query = _QUERY.format(
                relation=relation, end=end, expected=", ".join(f"<{c}>" for c in classes)
            )
            shapes.add((constraint, SH.select, Literal(query)))
    return shapes


def _phrase(ontology: Graph, classes: Iterable[str]) -> str:
    """Return 'a form of cooperation or a strategy' (commas for three or more) for the classes."""
    names = []
    for cls in classes:
        label = next(
            (
                str(v)
                for v in ontology.objects(URIRef(cls), RDFS.label)
                if getattr(v, "language", "") == "en"
            ),
            str(cls).rsplit("#", 1)[-1],
        )
        name = label[:1].lower() + label[1:]
        names.append(("an " if name[:1] in "aeiou" else "a ") + name)
    if len(names) < 3:
        return " or ".join(names)
    return ", ".join(names[:-1]) + ", or " + names[-1]
