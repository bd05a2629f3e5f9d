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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel, afresh."""
    folder = tmp_path_factory.mktemp("wheel")
    # setuptools reuses build/lib: a file moved away since the last build would still ship.
    shutil.rmtree(REPO / "build", ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(REPO)],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("briefgraph-*.whl")
    return built


def test_the_wheel_carries_ontology_corpus_and_queries(wheel: Path) -> None:
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
        **{f"graph/app_files/{p.relative_to(REPO)}": p for p in (REPO / "app").rglob("*.py")},
    }
    for name, path in shipped.items():
        if path.suffix in {".txt", ".yaml", ".rq", ".html", ".js", ".ttl"} or "app/" in name:
            assert name in names, name


def test_the_installed_package_starts_the_app_away_from_the_clone(
    wheel: Path, tmp_path: Path
) -> None:
    """Installed (without the clone on the path), `briefgraph app` finds the app it carries,
    and that app's pages run."""
    from tests.conftest import free_port, stop, wait_for_http

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(target)}
    env["BRIEFGRAPH_HOME"] = str(tmp_path / "home")
    script = target / "graph" / "app_files" / "app" / "main.py"
    run = subprocess.run(
        [sys.executable, "-c",
         "import graph, sys; from streamlit.testing.v1 import AppTest; "
         "assert graph.__file__.startswith(sys.argv[2]), graph.__file__; "
         "at = AppTest.from_file(sys.argv[1], default_timeout=240).run(); "
         "assert not at.exception, at.exception; print(at.title[0].value if at.title else '')",
         str(script), str(target)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    port = free_port()
    app = subprocess.Popen(
        [sys.executable, "-m", "graph", "app", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for_http(f"http://127.0.0.1:{port}/_stcore/health")
    finally:
        stop(app)
