"""Every export of a graph: its RDF serialisations and network files for other tools.

RDF formats come from the store (graph.store.export); GraphML and GEXF carry the
concept network, so this front for both lives in the network wing.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from graph.atomic import write_export
from graph.errors import ExportError
from graph.model.provenance import Excerpt
from graph.network.concepts import to_networkx
from graph.store.backends import Store
from graph.store.export import RDF_FORMATS, rdf_bytes

__all__ = [
    "FORMATS",
    "NETWORK_FORMATS",
    "RDF_FORMATS",
    "excerpt_json",
    "export_bytes",
    "export_file",
    "flat_network",
]

NETWORK_FORMATS = ("graphml", "gexf")
"""Network exports: concepts as nodes and claims as edges, excerpts as JSON text."""

FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS)


def export_bytes(store: Store, fmt: str) -> bytes:
    """Return the graph in ``store`` serialised as ``fmt`` (one of FORMATS)."""
    if fmt in RDF_FORMATS:
        return rdf_bytes(store, fmt)
    if fmt in NETWORK_FORMATS:
        network = flat_network(to_networkx(store))
        lines = nx.generate_graphml(network) if fmt == "graphml" else nx.generate_gexf(network)
        return "\n".join(lines).encode("utf-8")
    raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")


def export_file(store: Store, fmt: str, path: str | Path) -> None:
    """Write the graph in ``store`` as ``fmt`` to ``path``, atomically."""
    write_export(path, export_bytes(store, fmt))


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
