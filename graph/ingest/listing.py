"""Finding proposals to review: search, filters, order and pages, and how each reads.

The Review page and ``briefgraph proposals`` show what this module selects; a
page only arranges it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.ingest.checks import fitting_relations
from graph.ingest.proposals import Proposal
from graph.model.corpus import SourceDocument
from graph.model.text import normalise

SORTS = ("confidence", "position")
"""Orders a reviewer can choose: most confident first, or as they come in the text."""


@dataclass(frozen=True)
class ProposalQuery:
    """Which proposals to show and in which order."""

    words: str = ""
    """Every word must appear in the label, other names, ends, quote or id (any case)."""
    documents: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    """A concept's class, or either end's class for a claim."""
    statuses: tuple[str, ...] = ("proposed",)
    min_confidence: float = 0.0
    max_confidence: float = 1.0
    sort: str = "confidence"


@dataclass(frozen=True)
class ConceptChoice:
    """A concept a reviewer can pick (a merge target, a claim's end): corpus or proposal."""

    id: str
    """The concept's id (a proposal's concept id for a new concept not yet accepted)."""
    label: str
    cls: str
    where: str
    """The document that defines or proposes it."""
    proposal: str = ""
    """The proposal id when it is a new concept still to be accepted."""

    def __str__(self) -> str:
        state = "proposed" if self.proposal else "in the corpus"
        return f"{self.label} ({self.cls}, {state}, {self.where})"


def select(
    proposals: Iterable[Proposal], query: ProposalQuery, classes: dict[str, str] | None = None
) -> list[Proposal]:
    """Return the proposals ``query`` asks for, in its order (``classes``: each concept id's
    class, so that a claim is found by its ends' classes)."""
    words = normalise(query.words).split()
    classes = classes or {}
    found = [
        p
        for p in proposals
        if (not query.documents or p.document in query.documents)
        and (not query.kinds or p.kind in query.kinds)
        and (not query.statuses or p.status in query.statuses)
        and query.min_confidence <= round(p.confidence, 3) <= query.max_confidence
        and (not query.classes or bool(set(classes_of(p, classes)) & set(query.classes)))
        and all(w in searchable(p) for w in words)
    ]
    if query.sort == "position":
        found.sort(key=lambda p: (p.document, p.start, p.id))
    else:
        found.sort(key=lambda p: (-p.confidence, p.document, p.start, p.id))
    return found


def searchable(p: Proposal) -> str:
    """Return the text a search looks in: labels, names, ends, quote and id, normalised."""
    parts = [p.id, p.quote, p.label or "", p.effective_label or "", *p.effective_names]
    parts += [p.subject_label or "", p.object_label or "", p.wording or "", p.concept or ""]
    return normalise(" ".join(parts))


def classes_of(p: Proposal, classes: dict[str, str]) -> list[str]:
    """Return a concept's class, a mention's concept's, or the classes of a claim's ends."""
    if p.kind == "concept":
        return [p.effective_cls or ""]
    if p.kind == "mention":
        return [classes.get(p.concept or "", "")]
    return [classes.get(p.effective_subject or "", ""), classes.get(p.effective_object or "", "")]


def page_of(items: Sequence[Proposal], number: int, size: int) -> tuple[list[Proposal], int]:
    """Return page ``number`` (from 1) of ``items`` and how many pages there are."""
    pages = max(1, math.ceil(len(items) / size))
    number = min(max(1, number), pages)
    return list(items[(number - 1) * size : number * size]), pages


def concept_choices(
    documents: Iterable[SourceDocument], proposals: Iterable[Proposal]
) -> list[ConceptChoice]:
    """Return every concept a reviewer may pick: the corpus's and each new one proposed."""
    found: dict[str, ConceptChoice] = {}
    for document in documents:
        for c in document.concepts:
            if c.cls is not None and not c.suggested and c.id not in found:
                found[c.id] = ConceptChoice(c.id, c.label or c.id, c.cls, document.id)
    for p in proposals:
        if p.kind == "concept" and p.status == "proposed" and p.concept not in found:
            found[p.concept or ""] = ConceptChoice(
                p.concept or "", p.label or "", p.cls or "", p.document, proposal=p.id
            )
    return sorted(found.values(), key=lambda c: (normalise(c.label), c.where))


def claim_relations(subject: str, obj: str, classes: dict[str, str]) -> list[str]:
    """Return the relations a claim between these concepts may take, 'related' first."""
    return fitting_relations(classes.get(subject, ""), classes.get(obj, ""))


def describe(p: Proposal, labels: dict[str, str] | None = None) -> str:
    """Return one line saying what a proposal proposes, as decided (after edits)."""
    labels = labels or {}
    if p.kind == "claim":
        subject = labels.get(p.effective_subject or "", p.subject_label or p.effective_subject)
        obj = labels.get(p.effective_object or "", p.object_label or p.effective_object)
        if p.effective_subject == p.object and p.effective_object == p.subject:
            subject, obj = p.object_label or obj, p.subject_label or subject
        denied = " (the sentence denies it)" if p.negated else ""
        return f"{subject} \u2192 {p.effective_relation} \u2192 {obj}{denied}"
    if p.kind == "concept":
        names = f" ({', '.join(p.effective_names)})" if p.effective_names else ""
        if p.merged_into:
            target = labels.get(p.merged_into, p.merged_into)
            return f"{p.effective_label}{names}: another name of {target}"
        return f"new {p.effective_cls}: {p.effective_label}{names}"
    return f"mentions {p.label}"


@dataclass(frozen=True)
class ReviewBoard:
    """Everything the Review page lists, read once per change of the corpus."""

    proposals: tuple[Proposal, ...]
    choices: tuple[ConceptChoice, ...]
    classes: dict[str, str]
    """Each concept id's class: the corpus's definitions and the new concepts proposed."""
    labels: dict[str, str]
    titles: dict[str, str]
    """Each ingested document's title, by id."""
    stale: dict[str, tuple[dict[str, object], ...]]
    """Decisions a re-ingest could no longer match to the words, by document."""

    def proposal(self, pid: str) -> Proposal | None:
        """Return the proposal with this id, if the board has it."""
        return next((p for p in self.proposals if p.id == pid), None)


def review_board(corpus: Path) -> ReviewBoard:
    """Return the proposals of ``corpus`` with the concepts a reviewer can pick among."""
    from graph.ingest.journal import corpus_lock
    from graph.ingest.reviewed import curated_documents, document_from_state, ingested_states

    with corpus_lock(corpus, write=False):
        states = ingested_states(corpus)
        documents = [
            *curated_documents(corpus),
            *(document_from_state(s, suggestions=False) for s in states),
        ]
    proposals = tuple(p for s in states for p in s.proposals())
    choices = tuple(concept_choices(documents, proposals))
    classes = {c.id: c.cls for c in choices}
    labels = {c.id: c.label for c in choices}
    return ReviewBoard(
        proposals=proposals,
        choices=choices,
        classes=classes,
        labels=labels,
        titles={s.document: str(s.meta.get("title", s.document)) for s in states},
        stale={s.document: tuple(s.stale) for s in states if s.stale},
    )
