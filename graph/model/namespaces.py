"""The namespaces briefgraph writes and the prefixes every query starts with."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BG = Namespace("https://w3id.org/briefgraph/ontology#")
"""The briefgraph ontology (ontology/briefgraph.ttl)."""

OA = Namespace("http://www.w3.org/ns/oa#")
"""The W3C Web Annotation vocabulary: excerpts are oa:SpecificResources with selectors."""

DCMITYPE = Namespace("http://purl.org/dc/dcmitype/")

CONCEPT = Namespace("https://w3id.org/briefgraph/concept/")
"""Concept IRIs: CONCEPT[<annotation id>]."""

CLAIM = Namespace("https://w3id.org/briefgraph/claim/")
"""Claim IRIs: CLAIM[<subject>--<relation>--<object>]."""

DOC = Namespace("https://w3id.org/briefgraph/doc/")
"""Document IRIs: DOC[<document id>]; excerpts and sentences live below them."""

AGENT = Namespace("https://w3id.org/briefgraph/agent/")
"""Reviewer IRIs: AGENT[<name, percent-encoded>], each a prov:Agent labelled with the name."""

PREFIXES: dict[str, str] = {
    "bg": str(BG),
    "concept": str(CONCEPT),
    "claim": str(CLAIM),
    "doc": str(DOC),
    "oa": str(OA),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "dcmitype": str(DCMITYPE),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "schema": "http://schema.org/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
"""Prefixes declared for every SPARQL query and bound on every serialised graph."""


def sparql_prologue() -> str:
    """Return PREFIX declarations for every prefix in PREFIXES."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())


def local_name(iri: str) -> str:
    """Return the last part of an IRI, after its '#' or last '/': bg:Threat -> 'Threat'."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
