"""The app on a corpus of several documents: the Review page and the explorer's sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.ingest.review import all_proposals, open_corpus
from graph.ingest.workspace import ingest, known_concepts
from tests.conftest import failures
from tests.test_app import open_app as open_page
from tests.test_ingest import ESSAY_FOLDER, SECOND
from tests.test_review_integrity import real_template  # noqa: F401  # pytest finds the fixture


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
    assert "1 proposal\\(s\\) accepted" in [s.value for s in app.success]
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


# ---------------------------------------------------------------------- a review that finishes
@pytest.fixture
def article_corpus(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    real_template: Path,  # noqa: F811
) -> Path:
    """The app on the essay, the small document and a real article, ingested."""
    folder = tmp_path / "corpus"
    shutil.copytree(real_template, folder)
    monkeypatch.setenv("BRIEFGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("BRIEFGRAPH_CORPUS", str(folder))
    return folder


def cards(app: object) -> list[str]:
    return [b.key.removeprefix("accept-") for b in app.button if b.key and b.key.startswith(  # type: ignore[attr-defined]
        "accept-")]  # fmt: skip


def test_every_proposal_can_be_reached_by_search_filters_and_pages(article_corpus: Path) -> None:
    proposals = all_proposals(article_corpus)
    app = open_page("review")
    assert len(cards(app)) == 25
    first = cards(app)
    app.number_input(key="review_page").set_value(2).run()
    assert not failures(app) and set(cards(app)).isdisjoint(first)
    open_count = sum(p.status == "proposed" for p in proposals)
    pages = -(-open_count // 25)
    assert f"{open_count} match; page 2 of {pages}." in [c.value for c in app.caption]
    app.selectbox(key="review_sort").set_value("position").run()
    app.multiselect(key="review_kinds").set_value(["claim"]).run()
    claims = sorted((p for p in proposals if p.kind == "claim" and p.status == "proposed"),
                    key=lambda p: (p.document, p.start, p.id))  # fmt: skip
    assert cards(app) == [p.id for p in claims[:25]]  # claims at once, in text order
    target = claims[-1]
    app.text_input(key="review_words").input(target.id).run()
    assert cards(app) == [target.id]  # the last claim of all, found by its id
    app.text_input(key="review_words").input("").run()
    app.multiselect(key="review_kinds").set_value(["concept"]).run()
    app.multiselect(key="review_classes").set_value(["InternationalBody"]).run()
    listed = set(cards(app))
    assert listed and all(p.cls == "InternationalBody" for p in proposals if p.id in listed)


def test_a_claim_card_names_the_new_concepts_it_accepts_with_it(article_corpus: Path) -> None:
    app = open_page("review")
    app.multiselect(key="review_kinds").set_value(["claim"]).run()
    button = next(b for b in app.button if b.key and b.key.startswith("accept-")
                  and " with " in b.label)  # fmt: skip
    pid = button.key.removeprefix("accept-")
    said = " ".join(c.value for c in app.caption)
    assert "also accepts the new concept" in said
    button.click().run()
    assert not failures(app), failures(app)
    assert any("also accepted" in s.value for s in app.success)
    assert next(p for p in all_proposals(article_corpus) if p.id == pid).status == "accepted"


def test_editing_a_claim_offers_only_relations_that_fit_and_changes_its_ends(
    article_corpus: Path,
) -> None:
    from graph.ingest.checks import fitting_relations
    from graph.ingest.listing import review_board

    app = open_page("review")
    app.multiselect(key="review_kinds").set_value(["claim"]).run()
    pid = cards(app)[0]
    app.button(key=f"edit-{pid}").click().run()
    board = review_board(article_corpus)
    claim = board.proposal(pid)
    assert claim is not None
    relation = app.selectbox(key=f"relation-{pid}")
    classes = board.classes
    expected = fitting_relations(classes[claim.subject], classes[claim.object])  # type: ignore[index]
    assert relation.options == expected
    app.button(key=f"reverse-{pid}").click().run()
    assert app.selectbox(key=f"subject-{pid}").value == claim.object
    app.button(key=f"save-{pid}").click().run()
    assert not failures(app), failures(app)
    decided = next(p for p in all_proposals(article_corpus) if p.id == pid)
    assert (decided.status, decided.effective_subject, decided.effective_object) == (
        "accepted", claim.object, claim.subject
    )  # fmt: skip


def test_a_concept_merges_into_another_proposal_chosen_by_label(article_corpus: Path) -> None:
    app = open_page("review")
    app.multiselect(key="review_kinds").set_value(["concept"]).run()
    pid = cards(app)[0]
    app.button(key=f"merge-{pid}").click().run()
    chooser = app.selectbox(key=f"target-{pid}")
    proposal_targets = [o for o in chooser.options if "proposed" in o]
    assert proposal_targets and any("in the corpus" in o for o in chooser.options)
    chooser.select(proposal_targets[0]).run()
    app.button(key=f"merge-go-{pid}").click().run()
    assert not failures(app), failures(app)
    merged = next(p for p in all_proposals(article_corpus) if p.id == pid)
    assert merged.status == "accepted" and merged.merged_into


def test_picked_cards_are_accepted_together_and_a_decision_can_be_undone(
    article_corpus: Path,
) -> None:
    app = open_page("review")
    app.multiselect(key="review_kinds").set_value(["mention", "concept"]).run()
    picked = cards(app)[:3]
    for pid in picked:
        app.checkbox(key=f"pick-{pid}").check().run()
    app.button(key="bulk_accept").click().run()
    assert not failures(app), failures(app)
    status = {p.id: p.status for p in all_proposals(article_corpus)}
    assert [status[pid] for pid in picked] == ["accepted"] * 3
    one = cards(app)[0]
    app.button(key=f"reject-{one}").click().run()
    app.button(key=f"undo-{one}").click().run()
    assert not failures(app), failures(app)
    assert {p.id: p.status for p in all_proposals(article_corpus)}[one] == "proposed"


def test_a_card_someone_else_decided_meanwhile_is_refused_in_words(article_corpus: Path) -> None:
    from graph.ingest.review import decide

    app = open_page("review")
    pid = cards(app)[0]
    decide(article_corpus, [pid], "rejected", by="Analyst B")  # another session, meanwhile
    app.button(key=f"accept-{pid}").click().run()
    assert any("rejected by Analyst B while you looked" in e.value for e in app.error)
    assert {p.id: p.status for p in all_proposals(article_corpus)}[pid] == "rejected"


def test_two_sessions_deciding_at_once_lose_nothing(article_corpus: Path) -> None:
    import threading

    # Both on the first page, each with cards of its own: a card of page 2 moves to page 1
    # as soon as the other session's decisions leave the list, and could not be clicked.
    sessions = [open_page("review"), open_page("review")]
    chosen = [cards(sessions[0])[:4], cards(sessions[1])[4:8]]
    assert len({*chosen[0], *chosen[1]}) == 8
    barrier = threading.Barrier(2)
    problems: list[str] = []

    def click_all(app: object, ids: list[str]) -> None:
        barrier.wait()
        for pid in ids:
            try:
                app.button(key=f"accept-{pid}").click().run()  # type: ignore[attr-defined]
            except KeyError:
                problems.append(f"{pid}: its card is no longer on the page")
                continue
            problems.extend(failures(app) + [e.value for e in app.error])  # type: ignore[attr-defined]

    threads = [
        threading.Thread(target=click_all, args=(s, c))
        for s, c in zip(sessions, chosen, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not problems, problems
    status = {p.id: p.status for p in all_proposals(article_corpus)}
    assert all(status[pid] == "accepted" for ids in chosen for pid in ids)


def test_the_explorer_says_who_accepted_a_concept_and_when(corpus: Path) -> None:
    from graph.ingest.review import decide

    concept = next(p for p in all_proposals(corpus) if p.kind == "concept")
    decide(corpus, [concept.id], "accepted", by="Analyst A")
    app = open_page(node=concept.concept or "")
    said = [c.value for c in app.caption if c.value.startswith("Accepted in review by")]
    assert said and "Analyst A" in said[0] and "20" in said[0]  # a date, 20xx-...
