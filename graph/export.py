"""Exports of a graph: RDF serialisations and network files for other tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from graph.atomic import write_atomic
from graph.errors import ExportError
from graph.namespaces import PREFIXES
from graph.network import to_networkx
from graph.provenance import Excerpt
from graph.store import Store

RDF_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "xml": "xml"}
"""Export name -> rdflib serialiser name."""

NETWORK_FORMATS = ("graphml", "gexf")
"""Network exports: concepts as nodes and claims as edges, excerpts as JSON text."""

FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS)
MEDIA_TYPES = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "xml": "application/rdf+xml",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}


def export_bytes(store: Store, fmt: str) -> bytes:
    """Return the graph in ``store`` serialised as ``fmt`` (one of FORMATS)."""
    if fmt in RDF_FORMATS:
        graph = store.to_graph()
        options: dict[str, Any] = {"context": PREFIXES} if fmt == "jsonld" else {}
        data: bytes = graph.serialize(format=RDF_FORMATS[fmt], encoding="utf-8", **options)
        return data
    if fmt in NETWORK_FORMATS:
        network = flat_network(to_networkx(store))
        lines = nx.generate_graphml(network) if fmt == "graphml" else nx.generate_gexf(network)
        return "\n".join(lines).encode("utf-8")
    raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def export_file(store: Store, fmt: str, path: str | Path) -> None:
    """Write the graph in ``store`` as ``fmt`` to ``path``, atomically."""
    write_export(path, export_bytes(store, fmt))


def write_export(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; ExportError in plain words if it cannot be written."""
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        write_atomic(target, data)
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror}") from error


def flat_network(network: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy whose attributes are all text or numbers, as GraphML and GEXF require."""
    flat = nx.MultiDiGraph()
    for node, data in network.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for source, target, key, data in network.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **{k: _flat(v) for k, v in data.items()})
    return flat


def _flat(value: object) -> str | int | float | bool:
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, tuple | list) and all(isinstance(v, Excerpt) for v in value):
        return json.dumps([excerpt_json(v) for v in value], ensure_ascii=False)
    if isinstance(value, tuple | list):
        return json.dumps(list(value), ensure_ascii=False)
    return str(value)


def excerpt_json(excerpt: Excerpt) -> dict[str, object]:
    """Return an excerpt as a JSON-ready dictionary."""
    return {
        "document": excerpt.document,
        "start": excerpt.start,
        "end": excerpt.end,
        "quote": excerpt.quote,
        "sentence": excerpt.sentence,
    }
