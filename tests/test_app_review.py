"""The app on a corpus of several documents: the Review page and the explorer's sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.ingest.review import open_corpus
from graph.ingest.workspace import ingest, known_concepts
from tests.conftest import failures
from tests.test_app import open_app as open_page
from tests.test_ingest import ESSAY_FOLDER, SECOND


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pipeline: object) -> Path:
    """`briefgraph app --corpus DIR` on the essay and the second document, ingested."""
    folder = tmp_path / "corpus"
    shutil.copytree(ESSAY_FOLDER, folder / "security-cooperation")
    ingest([SECOND], folder, known=known_concepts(open_corpus(folder)), pipeline=pipeline)  # type: ignore[arg-type]
    monkeypatch.setenv("BRIEFGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BRIEFGRAPH_CORPUS", str(folder))
    return folder


def test_the_review_page_on_a_fresh_home_invites_an_upload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFGRAPH_HOME", str(tmp_path))
    monkeypatch.delenv("BRIEFGRAPH_CORPUS", raising=False)
    app = open_page("review")
    assert "No documents added yet" in app.info[0].value


def test_accepting_on_the_review_page_records_the_decision(corpus: Path) -> None:
    app = open_page("review")
    captions = " ".join(c.value for c in app.caption)
    assert "open, 0 accepted, 0 rejected" in captions
    mention = next(b for b in app.button if b.key and b.key.startswith("accept-m-"))
    mention.click().run()
    assert not failures(app), failures(app)
    assert "1 proposal\\(s\\) accepted\\." in [s.value for s in app.success]
    assert ", 1 accepted, 0 rejected" in " ".join(c.value for c in app.caption)
    decisions = (corpus / "regional-cooperation" / "decisions.json").read_text(encoding="utf-8")
    assert mention.key.removeprefix("accept-") in decisions


def test_the_explorer_says_which_documents_support_a_concept(corpus: Path) -> None:
    from graph.ingest.review import all_proposals, decide

    decide(corpus, [p.id for p in all_proposals(corpus) if p.kind == "mention"], "accepted")
    app = open_page(node="terrorism")
    sources = next(c.value for c in app.caption if c.value.startswith("Supported by"))
    assert "Supported by 2 documents" in sources
    assert "Working together against shared threats (2)" in sources
    only = app.multiselect(key="only_documents")
    essay = next(o for o in only.options if "Role of International" in o)
    second = next(o for o in only.options if "Working together" in o)
    assert essay and second
    whole = next(c.value for c in app.caption if c.value.startswith("Showing"))
    only.set_value([second]).run()
    narrowed = next(c.value for c in app.caption if c.value.startswith("Showing"))
    assert whole.startswith("Showing 34 concepts") and narrowed.startswith("Showing 8 concepts")


def test_suggestions_join_the_explorer_only_when_asked(corpus: Path) -> None:
    app = open_page()
    curated = next(c.value for c in app.caption if c.value.startswith("Showing"))
    app.toggle(key="suggestions").set_value(True).run()
    assert not failures(app), failures(app)
    suggested = next(c.value for c in app.caption if c.value.startswith("Showing"))
    assert curated.startswith("Showing 34 concepts") and not suggested.startswith("Showing 34 ")


def test_suggested_concepts_and_claims_are_drawn_dotted(corpus: Path) -> None:
    from graph.ingest.review import corpus_store_for
    from graph.network.concepts import to_networkx
    from graph.view.render import network_view

    network = to_networkx(corpus_store_for(corpus, suggestions=True))
    view = network_view(network)
    dotted_nodes = [n for n in view.nodes if n.get("shapeProperties", {}).get("borderDashes")]
    dotted_edges = [e for e in view.edges if e["dashes"] == [2, 6]]
    suggested = [n for n, d in network.nodes(data=True) if d["status"] == "suggested"]
    assert len(dotted_nodes) == len(suggested) > 0
    assert "https://w3id.org/briefgraph/concept/terrorism" not in {n["id"] for n in dotted_nodes}
    assert dotted_edges and all(e["status"] == "suggested" for e in dotted_edges)


def test_a_review_decision_stops_the_old_query_workers(corpus: Path) -> None:
    from app import data

    runner = data.query_runner()
    assert runner.run("ASK { ?s ?p ?o }").result.boolean is True
    app = open_page("review")
    next(b for b in app.button if b.key and b.key.startswith("accept-m-")).click().run()
    assert not failures(app), failures(app)
    with pytest.raises(Exception, match="shut down"):
        runner.run("ASK { ?s ?p ?o } # a new text, so the answer is not a kept one")
    assert data.query_runner() is not runner
