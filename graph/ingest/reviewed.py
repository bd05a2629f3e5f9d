"""The corpus a review makes: each ingested document's accepted items as annotations.

Accepted items become curated facts like any annotated document's; items still
only proposed join a graph only when asked (``suggestions=True``), each marked
bg:suggested, and never where they would contradict what was accepted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ReviewError
from graph.ingest.decisions import FolderState, read_folder
from graph.ingest.journal import corpus_lock
from graph.ingest.proposals import Proposal
from graph.model.build import build_graph
from graph.model.corpus import (
    SAFE_DUMPER,
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
from graph.store.backends import Backend, Store, open_store
from graph.store.load import default_store

log = logging.getLogger(__name__)
ANNOTATIONS_HEADER = (
    "# Written by briefgraph from the review decisions in decisions.json: edit\n"
    "# through `briefgraph review` or the app's Review page, not by hand.\n"
)


def document_from_state(
    state: FolderState, *, suggestions: bool, text: str | None = None
) -> SourceDocument:
    """Return an ingested document as annotations: accepted items, and proposed ones if asked.

    ReviewError when two accepted concepts of the document would be one id with
    two definitions.
    """
    if text is None:
        text = state.folder.joinpath("text.txt").read_text(encoding="utf-8")
    proposals = state.proposals()
    accepted = [p for p in proposals if p.status == "accepted"]
    proposed = [p for p in proposals if p.status == "proposed"] if suggestions else []
    candidates = {p.concept: p for p in proposals if p.kind == "concept"}
    concepts: dict[str, ConceptSpec] = {}
    trail = {e["id"]: e for e in state.trail if e.get("decision") == "accepted"}

    def ref(start: int, quote: str, suggested: bool) -> QuoteRef:
        return QuoteRef(quote, _occurrence(text, quote, start), suggested)

    def mention_of(concept_id: str, refs: Sequence[QuoteRef], alt: Sequence[str] = ()) -> None:
        spec = concepts.get(concept_id) or ConceptSpec(id=concept_id, cls=None, label=None)
        concepts[concept_id] = replace(
            spec,
            alt=tuple(dict.fromkeys((*spec.alt, *alt))),
            mentions=tuple(dict.fromkeys((*spec.mentions, *refs))),
        )

    for p in [*accepted, *proposed]:  # accepted first: a suggestion never redefines them
        suggested = p.status != "accepted"
        if p.kind == "concept":
            refs = [ref(m.start, m.quote, suggested) for m in p.mentions]
            label = p.effective_label or p.concept or ""
            if p.merged_into:
                mention_of(p.merged_into, refs, alt=[label, *p.effective_names])
                continue
            cid = p.effective_concept or ""
            old = concepts.get(cid)
            if old is not None and old.cls is not None:
                if suggested:
                    mention_of(cid, refs, alt=[label])
                    continue
                if (old.cls, old.label) != (p.effective_cls, label):
                    raise ReviewError(
                        f"{state.document}: two accepted concepts would both be {cid!r} "
                        f"({old.label}, a {old.cls}; {label}, a {p.effective_cls}): merge one "
                        "into the other"
                    )
            concepts[cid] = ConceptSpec(
                id=cid,
                cls=p.effective_cls,
                label=label,
                alt=tuple(dict.fromkeys((*(old.alt if old else ()), *p.effective_names))),
                mentions=tuple(dict.fromkeys((*(old.mentions if old else ()), *refs))),
                suggested=suggested,
                accepted=_attribution(trail.get(p.id)) if not suggested else None,
            )
        elif p.kind == "mention" and p.concept:
            mention_of(p.concept, [ref(p.start, p.quote, suggested)])

    def resolved(end: str | None) -> str:
        candidate = candidates.get(end)
        if candidate is not None and candidate.status == "accepted":
            return candidate.merged_into or candidate.effective_concept or ""
        return end or ""

    def joins(end: str) -> bool:
        # A suggested claim's end is a concept included above, or one the corpus had
        # when the text was read (a corpus-wide pass drops it if that one is gone).
        return end in concepts or end not in candidates

    claims = []
    for p in [*accepted, *proposed]:
        if p.kind != "claim" or (p.negated and p.status != "accepted"):
            continue
        subject, obj = resolved(p.effective_subject), resolved(p.effective_object)
        suggested = p.status != "accepted"
        if subject == obj or (suggested and not (joins(subject) and joins(obj))):
            continue
        relation = p.effective_relation or "related"
        claims.append(
            ClaimSpec(
                subject=subject,
                relation=relation,
                object=obj,
                evidence=(ref(p.start, p.quote, suggested),),
                status="suggested" if suggested else "stated",
                label=p.wording if relation == "related" else None,
                accepted=_attribution(trail.get(p.id)) if not suggested else None,
            )
        )
    return SourceDocument(
        id=state.document,
        title=str(state.meta.get("title", state.folder.name)),
        text=text,
        concepts=tuple(concepts.values()),
        claims=tuple(dict.fromkeys(claims)),
        origin=str(state.folder),
    )


def _attribution(entry: dict[str, Any] | None) -> tuple[str, str] | None:
    if not entry:
        return None
    return (str(entry.get("by") or "unknown"), str(entry.get("at") or ""))


def document_from_folder(folder: Path, *, suggestions: bool) -> SourceDocument:
    """Return the document of an ingested folder (see :func:`document_from_state`)."""
    return document_from_state(read_folder(folder), suggestions=suggestions)


def annotations_yaml(document: SourceDocument) -> bytes:
    """Return the annotations.yaml of an ingested document's accepted items."""
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
    text = yaml.dump(data, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=100)
    return (ANNOTATIONS_HEADER + text).encode("utf-8")


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


def curated_documents(corpus: Path) -> list[SourceDocument]:
    """Return the documents a corpus folder is read with that no review decides on: the
    shipped essay for the default folder ($BRIEFGRAPH_HOME/corpus), and every annotated
    folder of the corpus that ingest did not write."""
    from graph.ingest.workspace import default_corpus_folder, document_folders

    documents = []
    if corpus.is_dir():
        ingested = {f.name for f in document_folders(corpus)}
        documents += [
            load_document(child)
            for child in annotated_folders(corpus)
            if not child.name.startswith(".") and child.name not in ingested
        ]
    if corpus.resolve() == default_corpus_folder().resolve():
        # A folder holding its own copy of a shipped document reads that copy.
        own = {d.id for d in documents} | {f.name for f in document_folders(corpus)}
        documents = [d for d in default_corpus().documents if d.id not in own] + documents
    return documents


def ingested_states(corpus: Path) -> list[FolderState]:
    """Return the state of every ingested document folder of ``corpus``, by id."""
    from graph.ingest.workspace import document_folders

    return [read_folder(folder) for folder in document_folders(corpus)]


def open_corpus(folder: Path | None = None, *, suggestions: bool = False) -> Corpus:
    """Return a corpus folder's documents, annotated and ingested.

    With no folder: the shipped essay and the documents ingested into
    $BRIEFGRAPH_HOME/corpus (none on a fresh machine); a folder given is read as
    it is. With ``suggestions``, each ingested document also brings its
    proposals not yet reviewed, marked bg:suggested.
    """
    from graph.ingest.workspace import default_corpus_folder

    root = folder if folder is not None else default_corpus_folder()
    if folder is not None and not root.is_dir():
        raise ReviewError(f"corpus folder not found: {root}")
    with corpus_lock(root, write=False):
        states = ingested_states(root) if root.is_dir() else []
        documents = [
            *(curated_documents(root) if root.is_dir() else default_corpus().documents),
            *(document_from_state(s, suggestions=suggestions) for s in states),
        ]
    if not documents:
        raise ReviewError(f"{root} holds no documents yet: ingest some first")
    return corpus_of(reconciled(documents))


def reconciled(documents: Iterable[SourceDocument]) -> list[SourceDocument]:
    """Return ``documents`` with every suggestion that would contradict the corpus left out.

    A suggested concept whose id another document defines otherwise becomes a
    mention of that one; a suggested claim or mention of a concept nobody defines
    is dropped. Review refuses a decision that would leave accepted items so
    (graph.ingest.checks); only a re-ingest whose new text lost a concept's words
    can, and then its claims are left out with a warning rather than breaking
    every command.
    """
    documents = list(documents)
    defined: dict[str, ConceptSpec] = {}
    for document in documents:
        for c in document.concepts:
            if c.cls is not None and not c.suggested:
                defined.setdefault(c.id, c)
    for document in documents:
        for c in document.concepts:
            if c.cls is not None and c.suggested:
                defined.setdefault(c.id, c)
    result = []
    for document in documents:
        concepts = []
        for c in document.concepts:
            first = defined.get(c.id)
            other = first is not None and first is not c and c.cls is not None
            if other and first is not None and (first.cls, first.label) != (c.cls, c.label):
                c = replace(c, cls=None, label=None)  # another document's definition wins
            if c.id in defined:
                concepts.append(c)
            else:
                log.warning(
                    "%s: %s is defined by no document; its mentions are left out", document.id, c.id
                )
        claims = []
        for claim in document.claims:
            if claim.subject in defined and claim.object in defined:
                claims.append(claim)
            elif claim.status != "suggested":  # only a re-ingest that lost a concept's words
                log.warning(
                    "%s: the claim %s names a concept no document defines; left out",
                    document.id,
                    claim.id,
                )
        result.append(replace(document, concepts=tuple(concepts), claims=tuple(claims)))
    return result


def corpus_store_for(
    folder: str | Path | None, backend: Backend = "oxigraph", *, suggestions: bool = False
) -> Store:
    """Return the store of a corpus folder (None: the default corpus), built once per call.

    The shipped essay alone, the common case, is read from the cached default store.
    """
    from graph.ingest.workspace import default_corpus_folder, document_folders

    root = Path(folder) if folder is not None else None
    if root is None and not suggestions and not document_folders(default_corpus_folder()):
        return default_store(backend)
    return open_store(build_graph(open_corpus(root, suggestions=suggestions)), backend)


def all_proposals(
    corpus: Path, *, document: str | None = None, status: str | None = None
) -> list[Proposal]:
    """Return the proposals of every document of ``corpus`` (or one), optionally by status,
    with the edits and merges their decisions made."""
    with corpus_lock(corpus, write=False):
        states = ingested_states(corpus)
    return [
        p
        for s in states
        if document is None or s.document == document or s.folder.name == document
        for p in s.proposals()
        if status is None or p.status == status
    ]
