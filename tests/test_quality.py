"""The ingest scorer, on a hand-made case whose every figure is worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import IngestError
from graph.ingest.proposals import Proposal, Span
from graph.ingest.quality import gold_sets, load_gold, score, totals

TINY = Path(__file__).resolve().parent / "data" / "gold-tiny"
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
