"""RDF exports of a store: Turtle, JSON-LD, N-Triples and RDF/XML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.model.namespaces import PREFIXES
from graph.store.backends import Store

RDF_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "xml": "xml"}
"""Export name -> rdflib serialiser name."""


OXIGRAPH_WRITERS = {"ttl": "TURTLE", "jsonld": "JSON_LD", "nt": "N_TRIPLES", "xml": "RDF_XML"}
"""Export name -> Oxigraph serialiser, for a store read from a file."""


def rdf_bytes(store: Store, fmt: str) -> bytes:
    """Return the graph in ``store`` serialised as ``fmt`` (one of RDF_FORMATS).

    A store loaded from a file is exported from that file, term for term: Oxigraph's
    store keeps literals in canonical form, and its parser does not, so the export is
    isomorphic to the source (typed literals keep their datatype and lexical form)."""
    source: tuple[Path, str] | None = getattr(store, "source", None)
    if source is not None and fmt in OXIGRAPH_WRITERS:
        return _from_source(source[0], source[1], fmt)
    graph = store.to_graph()
    options: dict[str, Any] = {"context": PREFIXES} if fmt == "jsonld" else {}
    data: bytes = graph.serialize(format=RDF_FORMATS[fmt], encoding="utf-8", **options)
    return data


def _from_source(path: Path, reader: str, fmt: str) -> bytes:
    import pyoxigraph

    triples = pyoxigraph.parse(path=str(path), format=getattr(pyoxigraph.RdfFormat, reader))
    writer = getattr(pyoxigraph.RdfFormat, OXIGRAPH_WRITERS[fmt])
    prefixes = dict(PREFIXES) if fmt in {"ttl", "jsonld", "xml"} else None
    data = pyoxigraph.serialize(triples, format=writer, prefixes=prefixes)
    assert data is not None  # with no output file, serialize returns the bytes
    return data
