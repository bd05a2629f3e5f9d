"""What a document's re-ingest keeps of the decisions made on its earlier version.

A decision is carried over when its proposal is proposed again over the same words;
it is kept only if the corpus stays valid with it. The new reading may give a
concept another class or a claim another relation (a reviewer's lesson, a better
rule), and an accepted claim that fitted its ends before may not fit them now: such
a decision is set aside with the others that no longer match (the Review page lists
them), rather than saved into a corpus ``validate`` would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from graph.errors import IngestError, ReviewError
from graph.ingest.checks import Problem, corpus_problems
from graph.ingest.decisions import FolderState
from graph.ingest.proposals import Proposal
from graph.model.corpus import SourceDocument

NO_LONGER_FITS = "no longer fits the corpus after the document was read again"
"""Why a carried decision was set aside (kept with it among the stale ones)."""


def carry_over(
    proposals: list[Proposal], decisions: dict[str, dict[str, Any]], text: str
) -> tuple[list[Proposal], int, list[dict[str, Any]]]:
    """Keep the decisions whose proposal is proposed again over the same words; return the
    proposals with their statuses, how many were kept, and those set aside."""
    by_id = {p.id: p for p in proposals}
    kept = 0
    stale = []
    for pid, decision in list(decisions.items()):
        proposal = by_id.get(pid)
        if proposal is None or text[proposal.start : proposal.end] != decision.get("quote"):
            stale.append({"id": pid, **decision})
            del decisions[pid]
            continue
        kept += 1
    return with_statuses(proposals, decisions), kept, stale


def with_statuses(
    proposals: list[Proposal], decisions: dict[str, dict[str, Any]]
) -> list[Proposal]:
    """Return ``proposals`` with the status each one's decision gives it."""
    return [
        p.with_status(decisions[p.id]["decision"]) if p.id in decisions else p for p in proposals
    ]


def keep_fitting(
    state: FolderState, previous: FolderState | None, text: str, others: Sequence[SourceDocument]
) -> list[dict[str, Any]]:
    """Set aside (remove from ``state`` and return, marked why) each carried decision that
    would break the corpus of ``others`` and this document as ``state`` holds it, oldest
    kept first. IngestError when the document breaks the corpus even without them."""
    from graph.ingest.reviewed import document_from_state

    def problems(decisions: dict[str, dict[str, Any]]) -> set[Problem] | None:
        try:
            this = document_from_state(replace(state, decisions=decisions), suggestions=False,
                                       text=text)  # fmt: skip
        except ReviewError:
            return None  # two accepted concepts of one id with two definitions
        return corpus_problems([*others, this])

    if previous is not None:
        before = corpus_problems([*others, document_from_state(previous, suggestions=False)])
    else:
        before = corpus_problems(list(others))
    found = problems(state.decisions)
    if found is not None and not found - before:
        return []
    kept: dict[str, dict[str, Any]] = {}
    aside = []
    for pid, decision in sorted(state.decisions.items(), key=lambda d: str(d[1].get("decided"))):
        trial = problems({**kept, pid: decision})
        if trial is None or trial - before:
            aside.append({"id": pid, **decision, "why": NO_LONGER_FITS})
        else:
            kept[pid] = decision
    left = problems(kept)
    if left is None or left - before:
        words = "; ".join(sorted(p.kind + " " + (p.concept or p.claim or "") for p in left or ()))
        raise IngestError(f"{state.folder.name}: read again, it would break the corpus ({words})")
    state.decisions.clear()
    state.decisions.update(kept)
    return aside


def ingested_documents(corpus: Path, *, besides: str) -> list[SourceDocument]:
    """The corpus's ingested documents, as their decisions leave them, but ``besides``."""
    from graph.ingest.reviewed import document_from_folder
    from graph.ingest.workspace import document_folders

    return [
        document_from_folder(folder, suggestions=False)
        for folder in document_folders(corpus)
        if folder.name != besides
    ]
