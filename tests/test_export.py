"""Exports: every RDF format round-trips to an isomorphic graph; network files keep their counts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph.errors import ExportError
from graph.network.export import RDF_FORMATS, export_bytes, export_file
from graph.store.backends import Store


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_every_rdf_export_round_trips_to_an_isomorphic_graph(
    store: Store, rdf_graph: Graph, fmt: str
) -> None:
    reparsed = Graph().parse(data=export_bytes(store, fmt), format=RDF_FORMATS[fmt])
    if not isomorphic(reparsed, rdf_graph):
        _, only_in_export, only_in_original = graph_diff(
            to_isomorphic(reparsed), to_isomorphic(rdf_graph)
        )
        pytest.fail(
            f"{fmt}: {len(only_in_export)} triples only in the export, e.g. "
            f"{sorted(only_in_export)[:3]}; {len(only_in_original)} only in the original, "
            f"e.g. {sorted(only_in_original)[:3]}"
        )


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_exports_reload_with_the_same_nodes_and_edges(
    store: Store, network: nx.MultiDiGraph, tmp_path: Path, fmt: str, read: object
) -> None:
    path = tmp_path / f"graph.{fmt}"
    export_file(store, fmt, path)
    loaded = read(path)  # type: ignore[operator]
    assert loaded.number_of_nodes() == network.number_of_nodes()
    assert loaded.number_of_edges() == network.number_of_edges()
    _, data = next(iter(loaded.nodes(data=True)))
    excerpts = json.loads(data["excerpts"])
    assert excerpts and {"quote", "start", "end", "document"} <= set(excerpts[0])


def test_an_unknown_format_is_refused(store: Store) -> None:
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        export_bytes(store, "pdf")


def test_export_into_a_missing_folder_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_file(store, "ttl", tmp_path / "nowhere" / "graph.ttl")


def test_a_failed_export_leaves_the_previous_file_intact(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    target = tmp_path / "graph.ttl"
    target.write_text("previous", encoding="utf-8")

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ExportError, match="No space left"):
        export_file(store, "ttl", target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def _rdf11(graph: Graph) -> Graph:
    """The graph with "x"^^xsd:string written "x": one literal in RDF 1.1, two in rdflib."""
    from rdflib import XSD, Literal

    same = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        same.add((s, p, o))
    return same


def _datatypes(graph: object) -> Counter[str]:
    from rdflib import Literal

    return Counter(
        str(o.datatype)
        for _, _, o in graph
        if isinstance(o, Literal) and o.datatype  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize(
    "name", ["sample", "unesco-thesaurus.ttl", "schemaorg-30.0.ttl", "cameo.owl"]
)
def test_exporting_a_file_keeps_every_term_as_written(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_dir: Path
) -> None:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from graph.store.export import rdf_bytes
    from graph.store.persisted import persisted_store

    monkeypatch.setenv("BRIEFGRAPH_HOME", str(tmp_path / "home"))
    if name == "sample":
        source = tmp_path / "sample.ttl"
        source.write_text(
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            '<urn:a> <urn:p> "5"^^xsd:nonNegativeInteger , "05"^^xsd:integer , '
            '"1.50"^^xsd:decimal , "2020-01-01T00:00:00Z"^^xsd:dateTime .\n',
            encoding="utf-8",
        )
    else:
        source = shared_dir / "data" / name
    store = persisted_store(source)
    original = _rdf11(Graph().parse(source, format="xml" if name.endswith(".owl") else "turtle"))
    formats = [("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld"), ("xml", "xml")]
    for fmt, reader in formats if name == "sample" else formats[:1]:
        exported = _rdf11(Graph().parse(data=rdf_bytes(store, fmt), format=reader))
        assert isomorphic(exported, original), (name, fmt)
        assert _datatypes(exported) == _datatypes(original), (name, fmt)
    if name == "sample":
        text = rdf_bytes(store, "nt").decode("utf-8")
        assert '"05"^^<http://www.w3.org/2001/XMLSchema#integer>' in text
        assert "nonNegativeInteger" in text and '"1.50"' in text
