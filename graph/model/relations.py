"""What each relation of the ontology expects at its ends, read from the ontology itself.

``schema:domainIncludes`` and ``schema:rangeIncludes`` name the classes; a class
fits when it is one of them or a subclass of one. Ingest uses this so that a
proposed claim never breaks the shapes that validation checks.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDFS

from graph.model.build import load_ontology
from graph.model.namespaces import BG, local_name

SCHEMA = Namespace("http://schema.org/")


@dataclass(frozen=True)
class RelationEnds:
    """A relation and the classes it expects as subject and as object."""

    iri: str
    label: str
    domain_iris: tuple[str, ...]
    """The classes of schema:domainIncludes, sorted."""
    range_iris: tuple[str, ...]
    """The classes of schema:rangeIncludes, sorted."""

    @property
    def name(self) -> str:
        """The relation's local name: counters, kindOf."""
        return local_name(self.iri)

    @property
    def domain(self) -> frozenset[str]:
        """The local names of the classes expected as subject."""
        return frozenset(local_name(c) for c in self.domain_iris)

    @property
    def range(self) -> frozenset[str]:
        """The local names of the classes expected as object."""
        return frozenset(local_name(c) for c in self.range_iris)


@dataclass(frozen=True)
class Schema:
    """The ontology's relations and class hierarchy, by local name."""

    relations: dict[str, RelationEnds]
    ancestors: dict[str, frozenset[str]]
    """Each concept class with itself and every class above it (Nation -> Actor, Concept)."""

    def fits(self, relation: str, subject_class: str, object_class: str) -> bool:
        """Return True when a claim with these ends fits the relation's domain and range."""
        ends = self.relations.get(relation)
        if ends is None:
            return False
        above_subject = self.ancestors.get(subject_class, frozenset({subject_class}))
        above_object = self.ancestors.get(object_class, frozenset({object_class}))
        return bool(ends.domain & above_subject) and bool(ends.range & above_object)


@functools.cache
def ontology_schema() -> Schema:
    """Return the relations and class hierarchy of briefgraph's own ontology."""
    return schema_of(load_ontology())


def schema_of(ontology: Graph) -> Schema:
    """Return the relations (with their ends) and the class hierarchy of ``ontology``."""
    relations = {}
    own = set(ontology.transitive_subjects(RDFS.subPropertyOf, BG.relation))
    for relation in set(ontology.subjects(SCHEMA.domainIncludes, None)):
        if not isinstance(relation, URIRef) or relation not in own:
            continue
        name = local_name(str(relation))
        relations[name] = RelationEnds(
            iri=str(relation),
            label=str(ontology.value(relation, RDFS.label) or name),
            domain_iris=_classes(ontology, relation, SCHEMA.domainIncludes),
            range_iris=_classes(ontology, relation, SCHEMA.rangeIncludes),
        )
    ancestors = {}
    for cls in ontology.transitive_subjects(RDFS.subClassOf, BG.Concept):
        if isinstance(cls, URIRef):
            above = {local_name(str(c)) for c in ontology.transitive_objects(cls, RDFS.subClassOf)}
            ancestors[local_name(str(cls))] = frozenset(above)
    return Schema(relations=relations, ancestors=ancestors)


def _classes(ontology: Graph, relation: URIRef, included: URIRef) -> tuple[str, ...]:
    return tuple(
        sorted(str(c) for c in ontology.objects(relation, included) if isinstance(c, URIRef))
    )
