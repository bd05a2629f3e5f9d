"""One review call's view of the corpus: finding the ids named, applying each decision to
the documents' decisions in memory, checking the would-be corpus and saving it all at once.

graph.ingest.review holds the calls; this module does their work under the corpus's lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graph.errors import ReviewError
from graph.ingest.checks import Problem, corpus_problems, definitions, review_classes
from graph.ingest.decisions import DECISIONS_FILE, FolderState, decided, record, trail_entry
from graph.ingest.journal import Transaction
from graph.ingest.outcome import Outcome
from graph.ingest.proposals import Proposal, concept_slug, is_local_id, scoped_id
from graph.ingest.reviewed import (
    annotations_yaml,
    curated_documents,
    document_from_state,
    ingested_states,
)
from graph.model.corpus import ANNOTATIONS_FILE, SourceDocument
from graph.model.relations import ontology_schema

CONCEPT_EDITS = frozenset({"label", "class", "names"})
CLAIM_EDITS = frozenset({"subject", "relation", "object"})
MAX_LABEL = 200


def name_of(p: Proposal) -> str:
    """Return a proposal's id with what it says, for messages."""
    if p.kind == "claim":
        return f"{p.id} ({p.subject_label} {p.effective_relation} {p.object_label})"
    return f"{p.id} ({p.effective_label or p.label})"


class ReviewSession:
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
                    f"{name_of(p)} was {p.status}{who} while you looked at it: nothing was "
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
                    f"{p.id}: {name_of(candidate)} was rejected: return it to "
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
