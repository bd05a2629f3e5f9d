"""The ingest scorer, on a hand-made case whose every figure is worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import IngestError
from graph.ingest.pipeline import Pipeline
from graph.ingest.proposals import Proposal, Span
from graph.ingest.quality import gold_sets, load_gold, score, totals

REPO = Path(__file__).resolve().parent.parent
TINY = REPO / "tests" / "data" / "gold-tiny"
TEXT = (TINY / "note.txt").read_text(encoding="utf-8")
MEMBER = "Egypt is a member of the Arab League."
COUNTERS = "The Arab League counters terrorism."


def concept(pid: str, label: str, cls: str, start: int) -> Proposal:
    return Proposal(pid, "concept", "note", label, start, start + len(label), 0.5, "test",
                    concept=label.lower().replace(" ", "-"), label=label, cls=cls,
                    mentions=(Span(start, start + len(label), label),))  # fmt: skip


def claim(
    pid: str, subject: str, relation: str, obj: str, sentence: str, negated: bool = False
) -> Proposal:
    start = TEXT.index(sentence)
    return Proposal(pid, "claim", "note", sentence, start, start + len(sentence), 0.4, "test",
                    subject=subject, relation=relation, object=obj, negated=negated)  # fmt: skip


def test_the_scorer_counts_right_duplicate_and_wrong_proposals_as_worked_out_by_hand() -> None:
    gold = load_gold(TINY / "note.yaml", TINY)
    text = gold.source.read_text(encoding="utf-8")
    proposals = [
        concept("c-1", "Egypt", "Nation", 10),  # right, classed right
        concept("c-2", "Arab League", "CooperationForm", 40),  # right, classed wrong
        concept("c-3", "League", "InternationalBody", 60),  # a second node for the League
        concept("c-4", "Council", "InternationalBody", 90),  # not a gold concept
        Proposal(
            "m-1",
            "mention",
            "note",
            "terrorism",
            70,
            79,
            0.9,
            "test",
            concept="terrorism",
            label="Terrorism",
        ),
        claim("x-1", "egypt", "memberOf", "arab-league", MEMBER),  # exact
        claim("x-2", "terrorism", "counters", "arab-league", COUNTERS, True),  # backwards, denied
        claim("x-3", "egypt", "related", "council", MEMBER),  # an end that is no gold concept
        claim("x-4", "arab-league", "counters", "terrorism", MEMBER),  # not that sentence's
    ]
    found = score(gold, proposals, text)
    row = found.row()
    assert (found.concepts_proposed, found.concepts_right, found.concepts_duplicate) == (4, 2, 1)
    assert row["concept precision"] == 0.5 and row["class right"] == 0.5
    assert row["concept recall"] == 0.75  # Egypt, the League, terrorism (a mention); not Libya
    assert row["key concept recall"] == 1.0
    assert (found.claims_right, found.claims_exact) == (2, 1)
    assert row["claim precision"] == 0.5 and row["claim recall"] == 1.0
    assert row["key claim recall"] == 1.0 and row["specific relation"] == 1.0
    assert row["polarity errors"] == 1 and row["duplicates"] == 1  # x-2 says it is denied
    assert found.burden == pytest.approx(1000 * 9 / len(text.split()))
    assert totals([found], "dev").concepts_right == 2 and totals([found], "held-out").proposals == 0


def test_a_gold_set_whose_source_changed_is_refused(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("Other words.", encoding="utf-8")
    (tmp_path / "note.yaml").write_text((TINY / "note.yaml").read_text(), encoding="utf-8")
    with pytest.raises(IngestError, match="has changed since it was made"):
        gold_sets(tmp_path, tmp_path)


def test_every_shipped_gold_set_quotes_its_source_and_names_its_own_concepts(
    shared_dir: Path,
) -> None:
    folder = Path(__file__).resolve().parent / "data" / "gold"
    sets = gold_sets(folder, shared_dir)
    assert {s.split for s in sets} == {"dev", "held-out"}
    for gold in sets:
        text = gold.source.read_text(encoding="utf-8")
        ids = {c.id for c in gold.concepts}
        assert len(ids) == len(gold.concepts), gold.name
        for c in gold.claims:
            assert {c.subject, c.object} <= ids and c.quote in text, (gold.name, c)


def raw(kind: str, confidence: float, rule: str = "test", relation: str = "related") -> Proposal:
    return Proposal("x", kind, "note", "q", 0, 1, confidence, rule, relation=relation)


def test_calibration_gives_each_band_its_smoothed_share_right_rising_with_the_score() -> None:
    from graph.ingest.calibration import fit

    outcomes = (
        [(raw("concept", 0.45), False)] * 8 + [(raw("concept", 0.45), True)] * 2  # 3 of 12
        + [(raw("concept", 0.65), True)] * 4 + [(raw("concept", 0.65), False)] * 4  # 5 of 10
        + [(raw("concept", 0.85), True)] * 1 + [(raw("concept", 0.85), False)] * 7  # 2 of 10
        + [(raw("claim", 0.3), True)] * 8  # 'claim related', band 0: 9 of 10
    )  # fmt: skip
    table = fit(outcomes)
    concept = table["families"]["concept"]
    assert table["counts"]["concept"] == [0, 10, 0, 8, 0, 8]
    # 0.25 at 0.45; 0.5 at 0.65 but 0.2 at 0.85 would fall, so those two pool:
    # (5 + 2) / (10 + 10); an empty band takes the band's below (the lowest, the next one).
    assert concept == [0.25, 0.25, 0.25, 0.35, 0.35, 0.35]
    assert table["families"]["claim related"][0] == 0.9


def test_ingest_confidences_are_the_shipped_calibration_and_it_is_the_fit_of_the_dev_sets(
    pipeline: Pipeline,
) -> None:
    import yaml

    from graph.ingest.calibration import _table, fit
    from graph.ingest.extract import extract
    from graph.ingest.review import open_corpus
    from graph.ingest.workspace import known_concepts

    shared = Path(__file__).resolve().parents[2] / "shared"
    if not shared.is_dir():
        pytest.skip("needs ../shared/")
    golds = [g for g in gold_sets(Path(__file__).parent / "data" / "gold", shared)
             if g.split == "dev"]  # fmt: skip
    known = known_concepts(open_corpus(REPO / "corpus"))  # as the bench fits it
    outcomes, values = [], {v for row in _table().values() for v in row}
    for gold in golds:
        text = gold.source.read_text(encoding="utf-8")
        found = extract(text, gold.name, pipeline, known, calibrate=False)
        outcomes += score(gold, found, text).outcomes
        shown = extract(text, gold.name, pipeline, known)
        assert {p.confidence for p in shown if p.kind != "mention"} <= values
    shipped = yaml.safe_load((REPO / "graph" / "ingest" / "calibration.yaml").read_text())
    assert fit(outcomes)["families"] == shipped["families"], "run python -m bench quality --fit"
