"""A corpus folder of ingested documents: each with its text, metadata, proposals and decisions.

    <corpus>/<document id>/
        text.txt          the text exactly as excerpts index it
        source.json       title, source file, kind, date ingested, sha256, pipeline
        proposals.json    every proposal, its status following the decisions
        decisions.json    what a person accepted, rejected, edited or merged
        annotations.yaml  the accepted items as curated annotations (written by review)

Every file is written atomically. Re-ingesting a changed file keeps each
decision whose proposal still quotes the same words, and lists the ones that no
longer do; a rejected proposal is never proposed again.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import BriefgraphError, IngestError
from graph.ingest.bounds import Deadline
from graph.ingest.carry import carry_over, ingested_documents, keep_fitting, with_statuses
from graph.ingest.decisions import (
    DECISIONS_FILE,
    PROPOSALS_FILE,
    SOURCE_FILE,
    TEXT_FILE,
    FolderState,
    json_bytes,
    read_folder,
    read_json,
)
from graph.ingest.extract import KnownConcept, extract, scoped
from graph.ingest.journal import Transaction, corpus_lock
from graph.ingest.lessons import applied, lessons_of
from graph.ingest.pipeline import Pipeline, load_pipeline
from graph.ingest.proposals import Proposal
from graph.ingest.readers import SUFFIXES, read_source
from graph.model.corpus import ANNOTATIONS_FILE, Corpus
from graph.model.printable import printable
from graph.model.relations import ontology_schema
from graph.model.resources import user_dir
from graph.settings import settings

__all__ = [
    "DECISIONS_FILE",
    "PROPOSALS_FILE",
    "SOURCE_FILE",
    "TEXT_FILE",
    "IngestReport",
    "Ingested",
    "check_file_name",
    "default_corpus_folder",
    "document_folders",
    "document_id",
    "ingest",
    "ingest_file",
    "known_concepts",
    "read_proposals",
    "read_source_meta",
    "read_stale",
    "read_text",
    "source_files",
]


def default_corpus_folder() -> Path:
    """Return where ingested documents go by default: $BRIEFGRAPH_HOME/corpus."""
    return user_dir() / "corpus"


@dataclass(frozen=True)
class Ingested:
    """One file ingested: its document id, folder, proposals and what re-ingest kept or lost."""

    document: str
    folder: Path
    proposals: tuple[Proposal, ...]
    kept: int = 0
    """Decisions carried over from an earlier ingest of the same file."""
    stale: tuple[dict[str, Any], ...] = ()
    """Decisions whose proposal no longer quotes the same words."""
    wanted: str = ""
    """The id the file's name gives, when another document had it and this one got another."""


@dataclass
class IngestReport:
    """What a run of ingest did: the documents it made and the files it skipped, with why."""

    ingested: list[Ingested] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    pipeline_message: str = ""


def source_files(paths: Iterable[Path], skipped: list[tuple[str, str]] | None = None) -> list[Path]:
    """Return the files to ingest: each file given, and every readable file in each folder.

    A link inside a folder that leads out of it (to ``/etc/passwd``, say) is not read: it
    is added to ``skipped`` with why. A file named on its own is read wherever it is.
    """
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        root = path.resolve()
        for entry in sorted(path.rglob("*")):
            if entry.suffix.lower() not in SUFFIXES or not entry.is_file():
                continue
            if entry.is_symlink() and not entry.resolve().is_relative_to(root):
                if skipped is not None:
                    skipped.append((printable(str(entry.relative_to(path))),
                                    "a link that leads out of the folder is not read"))  # fmt: skip
                continue
            found.append(entry)
    return found


def document_id(name: str) -> str:
    """Return a safe document id from a file name: no path separators, no '..', no markup."""
    stem = Path(name.replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60].strip("-")
    if not slug:
        raise IngestError(f"{name!r}: the file name gives no usable document name")
    return slug


def check_file_name(name: str) -> None:
    """Refuse a file name (from an upload) that holds a path or tries to climb out of its folder."""
    if "/" in name or "\\" in name or name in {".", ".."} or ".." in name or "\x00" in name:
        raise IngestError(f"{name!r}: a file name may not hold a path or '..'")


def ingest(
    paths: Sequence[Path],
    corpus: Path,
    *,
    known: Sequence[KnownConcept] = (),
    pipeline: Pipeline | None = None,
    max_bytes: int | None = None,
    progress: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Ingest every file of ``paths`` into ``corpus``; a bad file is reported and skipped."""
    pipeline = pipeline or load_pipeline()
    report = IngestReport(pipeline_message=pipeline.message)
    corpus.mkdir(parents=True, exist_ok=True)
    for path in source_files(paths, report.skipped):
        try:
            report.ingested.append(
                ingest_file(path, corpus, known=known, pipeline=pipeline, max_bytes=max_bytes)
            )
        except BriefgraphError as error:
            report.skipped.append((printable(path.name), str(error)))
        if progress is not None:
            progress(path)
    return report


def ingest_file(
    path: Path,
    corpus: Path,
    *,
    known: Sequence[KnownConcept] = (),
    pipeline: Pipeline,
    max_bytes: int | None = None,
    name: str | None = None,
) -> Ingested:
    """Ingest one file into its document folder and return its proposals.

    The folder appears whole or not at all: a new document is written beside its
    final name and renamed into place, a re-ingest is one journaled transaction.
    A file named like another document of the corpus (or of the shipped corpus,
    for the default folder) gets the next free id, ``name-2``, said in ``wanted``.
    """
    from graph.ingest.reviewed import annotations_yaml, curated_documents, document_from_state

    limits = settings()
    deadline = Deadline(printable(path.name), limits.document_seconds)
    source = read_source(path, max_bytes=max_bytes, limits=limits, deadline=deadline)
    label = name or path.name
    wanted = document_id(label)
    # The parse (minutes for a long text) runs before the corpus is locked: others
    # decide and ingest meanwhile. Its ids are given their document once it has one.
    local = extract(source.text, wanted, pipeline, known, scope=False, deadline=deadline)
    lessons = lessons_of(document_folders(corpus), besides=wanted)  # the reviewers' decisions
    local = applied(local, lessons, ontology_schema(), {k.id: k.cls for k in known}, known)
    with corpus_lock(corpus, write=True):
        curated = curated_documents(corpus)
        taken = {d.id for d in curated}
        doc_id = _free_id(corpus, wanted, label, taken)
        folder = corpus / doc_id
        previous = read_folder(folder) if (folder / SOURCE_FILE).is_file() else None
        proposals = scoped(local, doc_id)
        decisions = dict(previous.decisions) if previous else {}
        proposals, kept, stale = carry_over(proposals, decisions, source.text)
        meta = {
            "id": doc_id,
            "title": source.title,
            "source": label,
            "kind": source.kind,
            "ingested": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "sha256": hashlib.sha256(source.text.encode("utf-8")).hexdigest(),
            "pipeline": pipeline.name,
            "characters": len(source.text),
        }
        state = FolderState(
            folder,
            meta,
            [p.with_status("proposed") for p in proposals],
            decisions,
            [*(previous.stale if previous else []), *stale],
            list(previous.trail) if previous else [],
        )
        if decisions or previous is not None:
            others = [*curated, *ingested_documents(corpus, besides=doc_id)]
            aside = keep_fitting(state, previous, source.text, others)
            if aside:
                state.stale.extend(aside)
                stale.extend(aside)
                kept -= len(aside)
                proposals = with_statuses(proposals, decisions)
        text = source.text.encode("utf-8")
        files = {
            TEXT_FILE: text,
            SOURCE_FILE: json_bytes(meta),
            PROPOSALS_FILE: json_bytes([p.stored() for p in state.stored]),
            DECISIONS_FILE: state.decisions_json(),
        }
        document = document_from_state(state, suggestions=False, text=source.text)
        files[ANNOTATIONS_FILE] = annotations_yaml(document)
        tx = Transaction(corpus)
        if previous is None:
            tx.add_folder(folder, files)
        else:
            for file_name, data in files.items():
                tx.write(folder / file_name, data)
        tx.commit()
    return Ingested(
        doc_id,
        folder,
        tuple(proposals),
        kept=kept,
        stale=tuple(stale),
        wanted=wanted if doc_id != wanted else "",
    )


def _free_id(corpus: Path, wanted: str, source: str, taken: set[str]) -> str:
    """Return ``wanted``, or ``wanted-2``, ``-3``... when another document holds it."""
    number = 1
    while True:
        candidate = wanted if number == 1 else f"{wanted[:56]}-{number}"
        meta = read_json(corpus / candidate / SOURCE_FILE, None)
        held = (corpus / candidate).exists() and meta is None  # a folder ingest did not write
        if candidate not in taken and not held and (meta is None or meta.get("source") == source):
            return candidate
        number += 1


def read_source_meta(folder: Path) -> dict[str, Any]:
    """Return a document folder's metadata (empty if it has none yet)."""
    meta: dict[str, Any] = read_json(folder / SOURCE_FILE, {})
    return meta


def read_text(folder: Path) -> str:
    """Return a document folder's stored text."""
    return (folder / TEXT_FILE).read_text(encoding="utf-8")


def read_stale(folder: Path) -> list[dict[str, Any]]:
    """Return the decisions that no longer match the document's words after a re-ingest."""
    return read_folder(folder).stale


def read_proposals(folder: Path) -> list[Proposal]:
    """Return a document folder's proposals, with what their decisions made of them."""
    return read_folder(folder).proposals()


def document_folders(corpus: Path) -> list[Path]:
    """Return the ingested document folders of a corpus folder, by id."""
    if not corpus.is_dir():
        return []
    return sorted(
        f for f in corpus.iterdir() if not f.name.startswith(".") and (f / SOURCE_FILE).is_file()
    )


def known_concepts(corpus: Corpus) -> list[KnownConcept]:
    """Return every concept a corpus defines, with all its names across documents."""
    defined: dict[str, KnownConcept] = {}
    names: dict[str, list[str]] = {}
    for document in corpus.documents:
        for concept in document.concepts:
            names.setdefault(concept.id, []).extend(concept.alt)
            if concept.cls is not None and concept.id not in defined:
                defined[concept.id] = KnownConcept(
                    concept.id, concept.label or concept.id, concept.cls
                )
    return [
        KnownConcept(c.id, c.label, c.cls, tuple(dict.fromkeys(names.get(c.id, ()))))
        for c in defined.values()
    ]
