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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import ReviewError
from graph.ingest.checks import Problem, corpus_problems, definitions, review_classes
from graph.ingest.decisions import (
    DECISIONS_FILE,
    FolderState,
    decided,
    record,
    reviewer,
    trail_entry,
)
from graph.ingest.journal import Transaction, corpus_lock
from graph.ingest.proposals import Proposal, concept_slug, is_local_id, scoped_id
from graph.ingest.reviewed import (
    all_proposals,
    annotations_yaml,
    corpus_store_for,
    curated_documents,
    document_from_folder,
    document_from_state,
    ingested_states,
    open_corpus,
)
from graph.model.corpus import ANNOTATIONS_FILE, SourceDocument
from graph.model.relations import ontology_schema

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
CONCEPT_EDITS = frozenset({"label", "class", "names"})
CLAIM_EDITS = frozenset({"subject", "relation", "object"})
MAX_LABEL = 200


@dataclass(frozen=True)
class Outcome:
    """What a call decided: the proposals named, those decided with them, and how to undo it."""

    decided: tuple[Proposal, ...]
    also: tuple[Proposal, ...] = ()
    """New concepts accepted with a claim (its ends) or as a merge's target."""
    before: Mapping[str, dict[str, Any] | None] = field(default_factory=dict)
    """Each changed proposal's decision record before the call (None: it was proposed)."""
    after: Mapping[str, dict[str, Any] | None] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.decided)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.decided)

    def summary(self) -> str:
        """Return what was done, in one sentence."""
        verbs = {"accepted": "accepted", "rejected": "rejected", "proposed": "returned to proposed"}
        counts: dict[str, int] = {}
        for p in self.decided:
            counts[p.status] = counts.get(p.status, 0) + 1
        parts = [f"{n} proposal(s) {verbs[s]}" for s, n in counts.items()] or ["nothing changed"]
        if self.also:
            parts.append(
                "also accepted: " + ", ".join(repr(p.effective_label or p.id) for p in self.also)
            )
        return "; ".join(parts)


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
        review = _Review(corpus, by or reviewer())
        named = review.find(wanted)
        review.check_expected(named, expected or {})
        for p in named:
            review.apply(p, decision, dict(edits or {}), merge_into, with_ends)
        return review.commit(named)


def undo(corpus: Path, outcome: Outcome, *, by: str | None = None) -> Outcome:
    """Put back every decision ``outcome`` changed, unless someone changed one since."""
    with corpus_lock(corpus, write=True):
        review = _Review(corpus, by or reviewer())
        named = review.find(list(outcome.before))
        for p in named:
            now = review.states[p.id].decisions.get(p.id)
            if _same(now, outcome.after.get(p.id)):
                continue
            raise ReviewError(
                f"{_name(p)} was decided again since (now {now['decision'] if now else 'proposed'}"
                f"{', by ' + now['by'] if now and now.get('by') else ''}): nothing was undone"
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


def _name(p: Proposal) -> str:
    if p.kind == "claim":
        return f"{p.id} ({p.subject_label} {p.effective_relation} {p.object_label})"
    return f"{p.id} ({p.effective_label or p.label})"


class _Review:
    """The corpus's ingested documents while one call decides on them (under the lock)."""

    def __init__(self, corpus: Path, by: str) -> None:
        self.corpus = corpus
        self.by = by
        self.folders = ingested_states(corpus)
        self.states: dict[str, FolderState] = {}
        for state in self.folders:
            for p in state.stored:
                self.states[p.id] = state
        self.original = {id(s): dict(s.decisions) for s in self.folders}
        self.trail_start = {id(s): len(s.trail) for s in self.folders}
        self.before: dict[str, dict[str, Any] | None] = {}
        self.also: list[str] = []
        self.curated = curated_documents(corpus)
        self._defined: set[str] | None = None

    # ------------------------------------------------------------------ finding
    def find(self, ids: list[str]) -> list[Proposal]:
        found, unknown = [], []
        for pid in ids:
            pid = str(pid).strip()
            if pid not in self.states and is_local_id(pid):
                # An id from before ids named their document: unique only if one holds it.
                matches = [s for s in self.folders if scoped_id(pid, s.document) in self.states]
                if len(matches) > 1:
                    docs = ", ".join(s.document for s in matches)
                    raise ReviewError(
                        f"{pid} is an old id several documents share ({docs}): "
                        "list the proposals again for their ids"
                    )
                pid = scoped_id(pid, matches[0].document) if matches else pid
            if pid in self.states:
                found.append(self.current(pid))
            else:
                unknown.append(pid)
        if unknown:
            raise ReviewError(
                f"no proposal called {', '.join(unknown)} in {self.corpus}: nothing was decided"
            )
        return found

    def current(self, pid: str) -> Proposal:
        state = self.states[pid]
        stored = next(p for p in state.stored if p.id == pid)
        return decided(stored, state.decisions.get(pid))

    def check_expected(self, named: list[Proposal], expected: Mapping[str, str]) -> None:
        for p in named:
            seen = expected.get(p.id)
            if seen is not None and seen != p.status:
                entry = self.states[p.id].decisions.get(p.id) or {}
                who = f" by {entry['by']}" if entry.get("by") else ""
                raise ReviewError(
                    f"{_name(p)} was {p.status}{who} while you looked at it: nothing was "
                    "decided; it is shown as it is now"
                )

    # ------------------------------------------------------------------ deciding
    def put(self, p: Proposal, entry: dict[str, Any] | None) -> None:
        state = self.states[p.id]
        if p.id not in self.before:
            self.before[p.id] = self.original[id(state)].get(p.id)
        if entry is None:
            state.decisions.pop(p.id, None)
        else:
            state.decisions[p.id] = entry

    def apply(
        self,
        p: Proposal,
        decision: str,
        edits: dict[str, Any],
        merge_into: str | None,
        with_ends: bool,
    ) -> None:
        if decision != "accepted":
            if edits or merge_into:
                raise ReviewError(f"{p.id}: only an accepted item is edited or merged")
            self.put(p, None if decision == "proposed" else record(p, decision, by=self.by))
            return
        if p.status == "accepted":
            # Deciding again on an accepted item changes what is named and keeps the rest.
            edits = {**p.edited, **edits}
            merge_into = merge_into if merge_into is not None else p.merged_into
        edits = self.checked_edits(p, edits)
        if p.kind == "claim" and p.negated and "relation" not in edits:
            raise ReviewError(
                f"{p.id}: the sentence denies this claim ({p.quote!r}); "
                "reject it, or accept it with another relation"
            )
        target = self.merge_target(p, merge_into) if merge_into is not None else None
        self.put(p, record(p, "accepted", by=self.by, edits=edits, merge_into=target))
        if p.kind == "claim":
            self.accept_ends(self.current(p.id), with_ends)

    def checked_edits(self, p: Proposal, edits: dict[str, Any]) -> dict[str, Any]:
        allowed = CONCEPT_EDITS if p.kind == "concept" else CLAIM_EDITS if p.kind == "claim" else ()
        unknown = sorted(set(edits) - set(allowed))
        if unknown:
            raise ReviewError(f"{p.id}: a {p.kind} has no {unknown[0]!r} to edit")
        result: dict[str, Any] = {}
        for key, value in edits.items():
            if key in {"label", "subject", "object", "relation", "class"}:
                value = _one_line(p, key, value)
            if key == "names":
                names = [value] if isinstance(value, str) else list(value)
                value = [n for n in (_one_line(p, "names", n) for n in names) if n]
            if key == "class" and value not in review_classes():
                raise ReviewError(
                    f"{p.id}: there is no concept class {value!r}; choose one of "
                    f"{', '.join(review_classes())}"
                )
            known = ontology_schema().relations
            if key == "relation" and value != "related" and value not in known:
                raise ReviewError(f"{p.id}: there is no relation {value!r} in the ontology")
            if key in {"subject", "object"} and not self.is_concept(p, value):
                raise ReviewError(
                    f"{p.id}: there is no concept {value!r} in the corpus; "
                    "name a concept or a new concept of this document"
                )
            base = {
                "label": p.label,
                "class": p.cls,
                "names": list(p.names),
                "subject": p.subject,
                "object": p.object,
                "relation": p.relation,
            }.get(key)
            if value != base:
                result[key] = value
        if p.kind == "claim":
            subject = result.get("subject", p.subject)
            obj = result.get("object", p.object)
            if subject == obj:
                raise ReviewError(f"{p.id}: a claim joins two different concepts")
        return result

    def is_concept(self, p: Proposal, concept_id: str) -> bool:
        state = self.states[p.id]
        if any(c.kind == "concept" and c.concept == concept_id for c in state.stored):
            return True
        return concept_id in self.defined_ids()

    def defined_ids(self) -> set[str]:
        # The corpus's concepts before this call, and those it accepts: enough to choose
        # between ends and targets; the check before saving sees the whole would-be corpus.
        if self._defined is None:
            self._defined = set(definitions(self.documents()))
        accepted = {
            self.current(pid).effective_concept or ""
            for pid in self.before
            if (self.states[pid].decisions.get(pid) or {}).get("decision") == "accepted"
        }
        return self._defined | accepted

    def merge_target(self, p: Proposal, target: str) -> str:
        if p.kind != "concept":
            raise ReviewError(f"{p.id}: only a new concept can be merged into another")
        target = target.strip()
        # A proposal id, or a new concept of this document by its id: accept it too.
        candidate: Proposal | None = None
        if target in self.states:
            candidate = self.current(target)
        else:
            state = self.states[p.id]
            candidate = next(
                (
                    decided(c, state.decisions.get(c.id))
                    for c in state.stored
                    if c.kind == "concept" and c.concept == target
                ),
                None,
            )
            if (
                candidate is not None
                and target in self.defined_ids()
                and candidate.status != ("accepted")
            ):
                candidate = None  # the corpus defines it already: merge into that one
        if candidate is not None:
            if candidate.kind != "concept":
                raise ReviewError(f"{p.id}: {target} is a {candidate.kind}, not a concept")
            same = candidate.effective_concept == p.effective_concept
            if candidate.id == p.id or (same and candidate.document == p.document):
                raise ReviewError(f"{p.id}: a concept cannot be merged into itself")
            if candidate.status == "rejected":
                raise ReviewError(
                    f"{p.id}: {_name(candidate)} was rejected: return it to "
                    "proposed first, or merge into another"
                )
            if candidate.merged_into:
                return candidate.merged_into
            if candidate.status != "accepted":
                self.put(candidate, record(candidate, "accepted", by=self.by))
                self.also.append(candidate.id)
            return candidate.effective_concept or ""
        if target not in self.defined_ids():
            raise ReviewError(
                f"{p.id}: there is no concept {target!r} in the corpus to merge into; "
                "name a concept id or a new concept's proposal id (see `briefgraph proposals`)"
            )
        return target

    def accept_ends(self, claim: Proposal, with_ends: bool) -> None:
        state = self.states[claim.id]
        defined = self.defined_ids()
        needed = []
        for end in (claim.effective_subject, claim.effective_object):
            candidate = next(
                (
                    decided(c, state.decisions.get(c.id))
                    for c in state.stored
                    if c.kind == "concept" and c.concept == end
                ),
                None,
            )
            if candidate is None or candidate.status == "accepted":
                continue
            if candidate.status == "rejected":
                raise ReviewError(
                    f"{claim.id}: its end {candidate.effective_label!r} was rejected: edit the "
                    "claim to another concept, or return that one to proposed"
                )
            if end in defined:
                continue  # another document defines it: the claim joins that concept
            needed.append(candidate)
        if needed and not with_ends:
            names = " and ".join(
                f"{c.effective_label!r} ({c.effective_cls}, {c.id})" for c in needed
            )
            raise ReviewError(
                f"{claim.id}: accepting this claim also accepts its new concept(s) {names}: "
                "accept them with it (--with-ends, or the card's button), or decide on them first"
            )
        for c in needed:
            self.put(c, record(c, "accepted", by=self.by))
            self.also.append(c.id)

    # ------------------------------------------------------------------ checking and saving
    def documents(self, *, states: Iterable[FolderState] | None = None) -> list[SourceDocument]:
        chosen = self.folders if states is None else states
        return [*self.curated, *(document_from_state(s, suggestions=False) for s in chosen)]

    def commit(self, named: list[Proposal]) -> Outcome:
        changed = [s for s in self.folders if s.decisions != self.original[id(s)]]
        if changed:
            after = self.documents()
            before_states = [
                FolderState(s.folder, s.meta, s.stored, self.original[id(s)], s.stale, s.trail)
                for s in self.folders
            ]
            new = corpus_problems(after) - corpus_problems(self.documents(states=before_states))
            if new:
                raise ReviewError(self.refusal(new, after))
            tx = Transaction(self.corpus)
            by_doc = {d.id: d for d in after}
            for state in changed:
                for pid in sorted(self.before):
                    if self.states[pid] is state:
                        state.trail.append(
                            trail_entry(pid, self.before[pid], state.decisions.get(pid))
                        )
                tx.write(state.folder / DECISIONS_FILE, state.decisions_json())
                tx.write(state.folder / ANNOTATIONS_FILE, annotations_yaml(by_doc[state.document]))
            tx.commit()
        return Outcome(
            decided=tuple(self.current(p.id) for p in named),
            also=tuple(self.current(pid) for pid in self.also),
            before=dict(self.before),
            after={pid: self.states[pid].decisions.get(pid) for pid in self.before},
        )

    def refusal(self, problems: set[Problem], documents: list[SourceDocument]) -> str:
        labels = {c.id: c.label or c.id for d in documents for c in d.concepts if c.label}
        ordered = sorted(problems, key=lambda p: (p.kind, p.document, p.concept, p.claim))
        words = "; ".join(p.words(labels) for p in ordered[:3])
        more = f" (and {len(ordered) - 3} more)" if len(ordered) > 3 else ""
        return f"not saved, it would break the corpus: {words}{more}"


def _one_line(p: Proposal, key: str, value: object) -> str:
    text = " ".join(str(value).split())
    if not text:
        raise ReviewError(f"{p.id}: the {key} may not be empty")
    if len(text) > MAX_LABEL:
        raise ReviewError(f"{p.id}: the {key} is longer than {MAX_LABEL} characters")
    if key == "label" and not concept_slug(text).strip("-"):
        raise ReviewError(f"{p.id}: the label {text!r} gives no usable concept id")
    return text
