"""RDF exports of a store: Turtle, JSON-LD, N-Triples and RDF/XML."""

from __future__ import annotations

from typing import Any

from graph.model.namespaces import PREFIXES
from graph.store.backends import Store

RDF_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "xml": "xml"}
"""Export name -> rdflib serialiser name."""


def rdf_bytes(store: Store, fmt: str) -> bytes:
    """Return the graph in ``store`` serialised as ``fmt`` (one of RDF_FORMATS)."""
    graph = store.to_graph()
    options: dict[str, Any] = {"context": PREFIXES} if fmt == "jsonld" else {}
    data: bytes = graph.serialize(format=RDF_FORMATS[fmt], encoding="utf-8", **options)
    return data
