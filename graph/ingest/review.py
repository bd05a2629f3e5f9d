"""A person's review of the proposals, and the corpus it makes.

Accepting, rejecting, editing (label, class, relation) and merging a candidate
into a concept the corpus has are decisions, saved atomically in the document's
folder. Accepted items become the folder's annotations.yaml, so they are curated
facts like any annotated document's; accepting a claim accepts the new concepts
at its ends. Items still only proposed join a graph only when asked
(``suggestions=True``), each marked bg:suggested.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from graph.atomic import write_atomic
from graph.errors import ReviewError
from graph.ingest.proposals import Proposal
from graph.ingest.workspace import (
    default_corpus_folder,
    document_folders,
    folder_lock,
    read_decisions,
    read_proposals,
    read_source_meta,
    read_stale,
    read_text,
    write_decisions,
)
from graph.model.build import build_graph
from graph.model.corpus import (
    ANNOTATIONS_FILE,
    ClaimSpec,
    ConceptSpec,
    Corpus,
    QuoteRef,
    SourceDocument,
    annotated_folders,
    corpus_of,
    default_corpus,
    load_document,
)
from graph.model.relations import ontology_schema
from graph.store.backends import Backend, Store, open_store
from graph.store.load import default_store

DECISIONS = ("accepted", "rejected")


def decide(
    corpus: Path,
    ids: Iterable[str],
    decision: str,
    *,
    edits: dict[str, str] | None = None,
    merge_into: str | None = None,
) -> list[Proposal]:
    """Record ``decision`` (accepted or rejected) for proposals by id; return those decided.

    ``edits`` changes a concept's label or class or a claim's relation;
    ``merge_into`` accepts a new concept as another name of an existing one.
    """
    if decision not in DECISIONS:
        raise ReviewError(f"a decision is accepted or rejected, not {decision!r}")
    wanted = list(dict.fromkeys(ids))
    found: list[Proposal] = []
    for folder in document_folders(corpus):
        with folder_lock(folder):
            proposals = {p.id: p for p in read_proposals(folder)}
            mine = [pid for pid in wanted if pid in proposals]
            if not mine:
                continue
            decisions = read_decisions(folder)
            for pid in mine:
                proposal = proposals[pid]
                _check(proposal, decision, edits, merge_into)
                decisions[pid] = _record(proposal, decision, edits, merge_into)
                found.append(proposal.with_status(decision))
                if decision == "accepted" and proposal.kind == "claim":
                    for end in (proposal.subject, proposal.object):
                        candidate = _candidate(proposals.values(), end)
                        if candidate is not None and candidate.id not in decisions:
                            decisions[candidate.id] = _record(candidate, "accepted", None, None)
            write_decisions(folder, decisions, read_stale(folder))
            write_annotations(folder)
    missing = sorted(set(wanted) - {p.id for p in found})
    if missing:
        raise ReviewError(f"no proposal called {', '.join(missing)} in {corpus}")
    return found


def _check(
    proposal: Proposal, decision: str, edits: dict[str, str] | None, merge_into: str | None
) -> None:
    if decision != "accepted":
        return
    if proposal.kind == "claim" and proposal.negated and not (edits or {}).get("relation"):
        raise ReviewError(
            f"{proposal.id}: the sentence denies this claim ({proposal.quote!r}); "
            "reject it, or accept it with another relation"
        )
    relation = (edits or {}).get("relation")
    if relation and relation != "related" and relation not in ontology_schema().relations:
        raise ReviewError(f"{proposal.id}: there is no relation {relation!r} in the ontology")
    cls = (edits or {}).get("class")
    if cls and cls not in ontology_schema().ancestors:
        raise ReviewError(f"{proposal.id}: there is no concept class {cls!r} in the ontology")
    if merge_into is not None and proposal.kind != "concept":
        raise ReviewError(f"{proposal.id}: only a new concept can be merged into another")


def _record(
    proposal: Proposal, decision: str, edits: dict[str, str] | None, merge_into: str | None
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "decision": decision,
        "kind": proposal.kind,
        "quote": proposal.quote,
        "start": proposal.start,
        "end": proposal.end,
        "decided": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    if edits:
        record["edits"] = dict(edits)
    if merge_into:
        record["merge_into"] = merge_into
    return record


def _candidate(proposals: Iterable[Proposal], concept_id: str | None) -> Proposal | None:
    return next((p for p in proposals if p.kind == "concept" and p.concept == concept_id), None)


def accept_confident(corpus: Path, minimum: float, document: str | None = None) -> list[Proposal]:
    """Accept every proposal still open whose confidence is at least ``minimum``."""
    ids = [
        p.id
        for p in all_proposals(corpus, document=document, status="proposed")
        if p.confidence >= minimum and not (p.kind == "claim" and p.negated)
    ]
    return decide(corpus, ids, "accepted") if ids else []


def all_proposals(
    corpus: Path, *, document: str | None = None, status: str | None = None
) -> list[Proposal]:
    """Return the proposals of every document of ``corpus`` (or one), optionally by status."""
    found = []
    for folder in document_folders(corpus):
        if document is not None and folder.name != document:
            continue
        found += [p for p in read_proposals(folder) if status is None or p.status == status]
    return found


def write_annotations(folder: Path) -> None:
    """Write the folder's annotations.yaml from its accepted decisions."""
    document = document_from_folder(folder, suggestions=False)
    data = {
        "document": {
            "id": document.id,
            "file": "text.txt",
            "title": document.title,
            "language": "en",
        },
        "concepts": {c.id: _concept_yaml(c) for c in document.concepts},
        "claims": [_claim_yaml(c) for c in document.claims],
    }
    header = (
        "# Written by briefgraph from the review decisions in decisions.json: edit\n"
        "# through `briefgraph review` or the app's Review page, not by hand.\n"
    )
    text = header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    write_atomic(folder / ANNOTATIONS_FILE, text.encode("utf-8"))


def _concept_yaml(concept: ConceptSpec) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if concept.cls is not None:
        body["class"] = concept.cls
        body["label"] = concept.label
    if concept.alt:
        body["alt"] = list(concept.alt)
    body["mentions"] = [{"quote": m.quote, "occurrence": m.occurrence} for m in concept.mentions]
    return body


def _claim_yaml(claim: ClaimSpec) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject": claim.subject,
        "relation": claim.relation,
        "object": claim.object,
    }
    if claim.label:
        body["label"] = claim.label
    body["evidence"] = [{"quote": e.quote, "occurrence": e.occurrence} for e in claim.evidence]
    return body


def document_from_folder(folder: Path, *, suggestions: bool) -> SourceDocument:
    """Return an ingested document as annotations: accepted items, and proposed ones if asked."""
    meta = read_source_meta(folder)
    text = read_text(folder)
    proposals = read_proposals(folder)
    decisions = read_decisions(folder)
    included = [
        p for p in proposals if p.status == "accepted" or (suggestions and p.status == "proposed")
    ]
    concepts: dict[str, ConceptSpec] = {}
    merged = {pid: d["merge_into"] for pid, d in decisions.items() if d.get("merge_into")}

    def ref(start: int, quote: str, suggested: bool) -> QuoteRef:
        return QuoteRef(quote, _occurrence(text, quote, start), suggested)

    def mention_of(concept_id: str, refs: Sequence[QuoteRef], alt: Sequence[str] = ()) -> None:
        spec = concepts.get(concept_id) or ConceptSpec(id=concept_id, cls=None, label=None)
        concepts[concept_id] = replace(
            spec,
            alt=tuple(dict.fromkeys((*spec.alt, *alt))),
            mentions=tuple(dict.fromkeys((*spec.mentions, *refs))),
        )

    candidates = {p.concept: p for p in proposals if p.kind == "concept"}
    for p in included:
        suggested = p.status != "accepted"
        edits = decisions.get(p.id, {}).get("edits", {})
        if p.kind == "concept":
            refs = [ref(m.start, m.quote, suggested) for m in p.mentions]
            target = merged.get(p.id)
            label = edits.get("label", p.label) or p.concept or ""
            if target:
                mention_of(target, refs, alt=[label, *p.names])
                continue
            old = concepts.get(p.concept or "")
            concepts[p.concept or ""] = ConceptSpec(
                id=p.concept or "",
                cls=edits.get("class", p.cls),
                label=label,
                alt=tuple(p.names),
                mentions=tuple(dict.fromkeys((*(old.mentions if old else ()), *refs))),
                suggested=suggested,
            )
        elif p.kind == "mention" and p.concept:
            mention_of(p.concept, [ref(p.start, p.quote, suggested)])

    def joins(end: str) -> bool:
        # An end is a new concept of this document, included above, or a concept the
        # corpus already had when the text was read (the build names it if it is gone).
        return end in concepts or end not in candidates

    claims = []
    for p in included:
        if p.kind != "claim" or (p.negated and p.status != "accepted"):
            continue
        subject = _resolved(p.subject, candidates, merged)
        obj = _resolved(p.object, candidates, merged)
        if not (joins(subject) and joins(obj)) or subject == obj:
            continue
        relation = decisions.get(p.id, {}).get("edits", {}).get("relation", p.relation)
        claims.append(
            ClaimSpec(
                subject=subject,
                relation=relation or "related",
                object=obj,
                evidence=(ref(p.start, p.quote, p.status != "accepted"),),
                status="stated" if p.status == "accepted" else "suggested",
                label=p.wording if relation == "related" else None,
            )
        )
    return SourceDocument(
        id=str(meta.get("id", folder.name)),
        title=str(meta.get("title", folder.name)),
        text=text,
        concepts=tuple(concepts.values()),
        claims=tuple(dict.fromkeys(claims)),
        origin=str(folder),
    )


def _resolved(
    end: str | None, candidates: dict[str | None, Proposal], merged: dict[str, str]
) -> str:
    candidate = candidates.get(end)
    if candidate is not None and candidate.id in merged:
        return merged[candidate.id]
    return end or ""


def _occurrence(text: str, quote: str, start: int) -> int:
    """Return which appearance of ``quote`` in ``text`` starts at ``start`` (1 for the first)."""
    count, position = 0, -1
    while True:
        position = text.find(quote, position + 1)
        if position < 0 or position > start:
            raise ReviewError(f"the quote {quote!r} is not at {start} in the stored text")
        count += 1
        if position == start:
            return count


def open_corpus(folder: Path | None = None, *, suggestions: bool = False) -> Corpus:
    """Return a corpus folder's documents, annotated and ingested.

    With no folder: the shipped essay and the documents ingested into
    $BRIEFGRAPH_HOME/corpus (none on a fresh machine); a folder given is read as
    it is. With ``suggestions``, each ingested document also brings its
    proposals not yet reviewed, marked bg:suggested.
    """
    root = folder if folder is not None else default_corpus_folder()
    if folder is not None and not root.is_dir():
        raise ReviewError(f"corpus folder not found: {root}")
    documents = []
    if folder is None:
        documents += list(default_corpus().documents)
    ingested = {f.name for f in document_folders(root)}
    for child in annotated_folders(root) if root.is_dir() else ():
        if child.name in ingested:
            # An ingested folder's annotations.yaml is written from its decisions: read those.
            documents.append(document_from_folder(Path(str(child)), suggestions=suggestions))
        else:
            documents.append(load_document(child))
    if not documents:
        raise ReviewError(f"{root} holds no documents yet: ingest some first")
    return corpus_of(documents)


def corpus_store_for(
    folder: str | Path | None, backend: Backend = "oxigraph", *, suggestions: bool = False
) -> Store:
    """Return the store of a corpus folder (None: the default corpus), built once per call.

    The shipped essay alone, the common case, is read from the cached default store.
    """
    root = Path(folder) if folder is not None else None
    if root is None and not suggestions and not document_folders(default_corpus_folder()):
        return default_store(backend)
    return open_store(build_graph(open_corpus(root, suggestions=suggestions)), backend)
