"""A person's review of the proposals: accept, reject, edit, merge, return to proposed, undo.

Each call decides on exactly the proposals it names, or on none: every id is
found and every decision checked against the corpus as it would be after it
(graph.ingest.checks) before anything is written, and the change is saved under
the corpus's lock as one transaction (graph.ingest.journal), so decisions from
several processes and app sessions are never lost. Accepting a claim whose ends
are new concepts not yet accepted is refused with their names unless
``with_ends`` asks for them too. A decision on a proposal someone else decided
since the reviewer saw it (``expected``) is refused in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graph.errors import ReviewError
from graph.ingest.decisions import reviewer
from graph.ingest.journal import corpus_lock
from graph.ingest.outcome import Outcome
from graph.ingest.review_session import ReviewSession, name_of
from graph.ingest.reviewed import (
    all_proposals,
    corpus_store_for,
    document_from_folder,
    open_corpus,
)

__all__ = [
    "DECISIONS",
    "Outcome",
    "accept_confident",
    "all_proposals",
    "corpus_store_for",
    "decide",
    "document_from_folder",
    "open_corpus",
    "undo",
]

DECISIONS = ("accepted", "rejected", "proposed")
"""What a reviewer can decide; "proposed" returns an item to the undecided."""


def decide(
    corpus: Path,
    ids: Iterable[str],
    decision: str,
    *,
    edits: Mapping[str, Any] | None = None,
    merge_into: str | None = None,
    with_ends: bool = False,
    by: str | None = None,
    expected: Mapping[str, str] | None = None,
) -> Outcome:
    """Record ``decision`` for the proposals ``ids``, all of them or none; return the outcome.

    ``edits`` changes a concept's label, class or other names, or a claim's subject,
    relation or object (swap the two to reverse it); ``merge_into`` accepts a new
    concept as another name of a concept of the corpus or of another proposal (by
    concept id or proposal id). ``expected`` maps ids to the status the reviewer saw.
    """
    if decision not in DECISIONS:
        raise ReviewError(f"a decision is accepted, rejected or proposed, not {decision!r}")
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        raise ReviewError("no proposal named")
    with corpus_lock(corpus, write=True):
        review = ReviewSession(corpus, by or reviewer())
        named = review.find(wanted)
        review.check_expected(named, expected or {})
        for p in named:
            review.apply(p, decision, dict(edits or {}), merge_into, with_ends)
        return review.commit(named)


def undo(corpus: Path, outcome: Outcome, *, by: str | None = None) -> Outcome:
    """Put back every decision ``outcome`` changed, unless someone changed one since."""
    with corpus_lock(corpus, write=True):
        review = ReviewSession(corpus, by or reviewer())
        named = review.find(list(outcome.before))
        for p in named:
            now = review.states[p.id].decisions.get(p.id)
            if _same(now, outcome.after.get(p.id)):
                continue
            state = now["decision"] if now else "proposed"
            who = f", by {now['by']}" if now and now.get("by") else ""
            raise ReviewError(
                f"{name_of(p)} was decided again since (now {state}{who}): nothing was undone"
            )
        for p in named:
            review.put(p, outcome.before[p.id])
        return review.commit(named)


def _same(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    return (a or {}).get("decided") == (b or {}).get("decided") and (a or {}).get("decision") == (
        b or {}
    ).get("decision")


def accept_confident(
    corpus: Path,
    minimum: float,
    document: str | None = None,
    *,
    with_ends: bool = True,
    by: str | None = None,
) -> Outcome:
    """Accept every proposal still open whose confidence is at least ``minimum``."""
    ids = [
        p.id
        for p in all_proposals(corpus, document=document, status="proposed")
        if p.confidence >= minimum and not (p.kind == "claim" and p.negated)
    ]
    return decide(corpus, ids, "accepted", with_ends=with_ends, by=by) if ids else Outcome(())
