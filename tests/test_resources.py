"""The files the package ships: every .ttl and .rq parses; every ontology term is documented."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.plugins.sparql import prepareQuery

from graph.model.namespaces import BG, PREFIXES
from graph.model.resources import ontology_file, shapes_file
from graph.store.queries import example_queries, load_query, parse_named_query, queries_dir

REPO = Path(__file__).resolve().parent.parent
TURTLE = sorted(REPO.glob("ontology/*.ttl"))
QUERIES = sorted((REPO / "graph" / "store" / "queries").rglob("*.rq"))


@pytest.mark.parametrize("path", TURTLE, ids=lambda p: p.name)
def test_every_turtle_file_parses(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 10


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_every_query_file_parses_and_has_a_title_and_description(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    prepareQuery(text, initNs=PREFIXES)
    named = parse_named_query(path.stem, text)
    assert named.title and named.title != path.stem
    assert named.description


def test_every_ontology_term_has_an_english_label_and_comment() -> None:
    ontology = Graph().parse(data=ontology_file().read_text(encoding="utf-8"), format="turtle")
    terms = {
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.Ontology)
        for s in ontology.subjects(RDF.type, kind)
    } | set(ontology.subjects(RDFS.subPropertyOf, BG.relation))
    assert len(terms) > 25
    for term in terms:
        assert isinstance(term, URIRef)
        labels = [lab for lab in ontology.objects(term, RDFS.label) if lab.language == "en"]
        comments = [c for c in ontology.objects(term, RDFS.comment) if c.language == "en"]
        assert len(labels) == 1, term
        assert comments, term


def test_every_shape_has_a_label_and_comment() -> None:
    from rdflib.namespace import SH

    shapes = Graph().parse(data=shapes_file().read_text(encoding="utf-8"), format="turtle")
    named = [s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)]
    assert len(named) >= 3
    for shape in named:
        assert shapes.value(shape, RDFS.label) is not None, shape
        assert shapes.value(shape, RDFS.comment) is not None, shape


def test_named_queries_load_from_the_package() -> None:
    assert "SELECT" in load_query("concepts").text
    assert (queries_dir() / "concepts.rq").is_file()
    assert all(q.text for q in example_queries())


def test_the_wheel_carries_ontology_corpus_and_queries(tmp_path: Path) -> None:
    # setuptools reuses build/lib: a file moved away since the last build would still ship.
    shutil.rmtree(REPO / "build", ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("briefgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in [
        "graph/ontology_files/briefgraph.ttl",
        "graph/ontology_files/shapes.ttl",
        "graph/corpus_files/security-cooperation/essay.txt",
        "graph/corpus_files/security-cooperation/annotations.yaml",
        "graph/store/queries/concepts.rq",
        "graph/view/templates/network.html",
        "graph/cli/main.py",
        "graph/ingest/cues.yaml",
    ]:
        assert required in names, required
    # Every data file the package reads at run time ships, wherever it sits in the repository.
    shipped = {
        **{
            f"graph/corpus_files/{p.relative_to(REPO / 'corpus')}": p
            for p in (REPO / "corpus").rglob("*.*")
        },
        **{f"graph/{p.relative_to(REPO / 'graph')}": p for p in (REPO / "graph").rglob("*.*")},
    }
    for name, path in shipped.items():
        if path.suffix in {".txt", ".yaml", ".rq", ".html", ".js", ".ttl"}:
            assert name in names, name
