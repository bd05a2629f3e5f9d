"""Source documents and their curated annotations, read from a corpus folder.

A corpus folder holds one sub-folder per document, each with the document's
text and an ``annotations.yaml`` (see corpus/security-cooperation/ for the format).
A folder that itself holds an ``annotations.yaml`` is a corpus of one document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from graph.errors import AnnotationError, BriefgraphError
from graph.model.resources import corpus_dir

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
ANNOTATIONS_FILE = "annotations.yaml"
STATUSES = ("stated", "inferred")
"""Assertion statuses a curator writes; ingest adds "suggested" to its own proposals."""
MAPPINGS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
"""SKOS mapping properties a concept may use to point at a concept of another vocabulary."""
MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""Largest source document read, so that a wrong file cannot exhaust memory."""


@dataclass(frozen=True)
class QuoteRef:
    """A quote written in an annotation file, with which appearance of it is meant."""

    quote: str
    occurrence: int = 1
    suggested: bool = False
    """Proposed by ingest and not reviewed: the excerpt is marked bg:suggested."""


@dataclass(frozen=True)
class ConceptSpec:
    """A concept as annotated: class, labels, definition and mentions in the text.

    A concept that another document of the corpus defines is written with no
    class: this document only adds its mentions (and other names).
    """

    id: str
    cls: str | None
    label: str | None
    alt: tuple[str, ...] = ()
    definition: str | None = None
    mentions: tuple[QuoteRef, ...] = ()
    mappings: tuple[tuple[str, str], ...] = ()
    """(SKOS mapping property, IRI) pairs: this concept's counterparts in other vocabularies."""
    suggested: bool = False
    """Proposed by ingest and not reviewed: the concept is marked bg:suggested."""
    labels: tuple[tuple[str, str], ...] = ()
    """(language tag, label) pairs: the concept's name in other languages (label is English)."""
    accepted: tuple[str, str] | None = field(default=None, compare=False)
    """(who, when as ISO 8601) a reviewer accepted it, for an ingested concept."""


@dataclass(frozen=True)
class ClaimSpec:
    """A relation the document asserts between two concepts, with its evidence."""

    subject: str
    relation: str
    object: str
    evidence: tuple[QuoteRef, ...] = ()
    status: str = "stated"
    """stated (the quoted words assert it), inferred (a curator's reading; see justification)
    or suggested (proposed by ingest, not reviewed)."""
    justification: str | None = None
    label: str | None = None
    """How the claim reads where its relation has no label here: a skos:related claim's verb."""
    accepted: tuple[str, str] | None = field(default=None, compare=False)
    """(who, when as ISO 8601) a reviewer accepted it, for an ingested claim."""

    @property
    def id(self) -> str:
        """Return the claim's identifier, subject--relation--object (usable as claim:<id>)."""
        return f"{self.subject}--{self.relation}--{self.object}"


@dataclass(frozen=True)
class SourceDocument:
    """One annotated source document: its metadata, text, concepts and claims."""

    id: str
    title: str
    text: str
    language: str = "en"
    description: str | None = None
    concepts: tuple[ConceptSpec, ...] = ()
    claims: tuple[ClaimSpec, ...] = ()
    origin: str = field(default="", compare=False)
    """Where the annotations were read from, for messages."""


@dataclass(frozen=True)
class Corpus:
    """The annotated documents a graph is built from."""

    documents: tuple[SourceDocument, ...]

    def document(self, document_id: str) -> SourceDocument:
        """Return the document with this id; KeyError if there is none."""
        for document in self.documents:
            if document.id == document_id:
                return document
        raise KeyError(document_id)


@functools.cache
def default_corpus() -> Corpus:
    """Return the corpus that ships with briefgraph (the security-cooperation essay).

    Read once per process: it is package data, and the value is immutable.
    """
    return load_corpus(corpus_dir())


def load_corpus(folder: Traversable | Path | str) -> Corpus:
    """Return the corpus in ``folder``: one document per sub-folder with an annotations file."""
    root: Traversable = Path(folder) if isinstance(folder, str) else folder
    if not root.is_dir():
        raise AnnotationError(f"corpus folder not found: {root}")
    folders = annotated_folders(root)
    if not folders:
        raise AnnotationError(f"no {ANNOTATIONS_FILE} found in {root} or its sub-folders")
    return corpus_of(load_document(child) for child in folders)


def annotated_folders(root: Traversable) -> list[Traversable]:
    """Return the document folders of a corpus folder: itself if it holds annotations.yaml,
    else each sub-folder that does, by name."""
    if (root / ANNOTATIONS_FILE).is_file():
        return [root]
    return sorted(
        (child for child in root.iterdir() if (child / ANNOTATIONS_FILE).is_file()),
        key=lambda child: child.name,
    )


def corpus_of(documents: Iterable[SourceDocument]) -> Corpus:
    """Return a corpus of ``documents``; AnnotationError if two share an id."""
    found = tuple(documents)
    ids = [d.id for d in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise AnnotationError(f"two documents share the id {duplicates[0]!r}")
    return Corpus(found)


def load_document(folder: Traversable) -> SourceDocument:
    """Return the document whose annotations.yaml sits in ``folder``."""
    origin = str(folder / ANNOTATIONS_FILE)
    try:
        # libyaml's parser where PyYAML has it: the same safe loader, ten times faster.
        data = yaml.load(
            (folder / ANNOTATIONS_FILE).read_text(encoding="utf-8"), Loader=SAFE_LOADER
        )
    except RecursionError as error:  # '[[[[...' 100,000 deep: the parser's stack ends
        raise AnnotationError(f"{origin} is nested too deeply to be annotations") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise AnnotationError(f"{origin} is not valid YAML{where}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise AnnotationError(f"cannot read {origin}: {error}") from error
    reader = YamlReader(origin)
    top = reader.mapping(data, "the file", required=("document", "concepts"))
    meta = reader.mapping(top["document"], "document", required=("id", "file", "title"))
    text = _read_source(folder, reader.string(meta["file"], "document.file"), origin)
    return SourceDocument(
        id=reader.identifier(meta["id"], "document.id"),
        title=reader.string(meta["title"], "document.title"),
        text=text,
        language=reader.string(meta.get("language", "en"), "document.language"),
        description=reader.optional_string(meta.get("description"), "document.description"),
        concepts=tuple(
            _concept(reader, concept_id, body)
            for concept_id, body in reader.mapping(top["concepts"] or {}, "concepts").items()
        ),
        claims=tuple(
            _claim(reader, index, body)
            for index, body in enumerate(reader.sequence(top.get("claims", []), "claims"), 1)
        ),
        origin=origin,
    )


def _read_source(folder: Traversable, name: str, origin: str) -> str:
    source = folder / name
    if not source.is_file():
        raise AnnotationError(f"{origin}: the source document {name!r} is not in {folder}")
    data = source.read_bytes()
    if len(data) > MAX_SOURCE_BYTES:
        raise AnnotationError(f"{name} is larger than {MAX_SOURCE_BYTES // 2**20} MiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise AnnotationError(f"{name} is not UTF-8 text (byte {error.start})") from error


def _concept(reader: YamlReader, concept_id: object, body: object) -> ConceptSpec:
    cid = reader.identifier(concept_id, "a concept id")
    where = f"concept {cid}"
    fields = reader.mapping(body if body is not None else {}, where)
    reader.no_unknown(
        fields, where, {"class", "label", "labels", "alt", "definition", "mentions", *MAPPINGS}
    )
    labels = reader.mapping(fields.get("labels") or {}, f"{where}: labels")
    for language in labels:
        if not isinstance(language, str) or not LANGUAGE_TAG.fullmatch(language):
            raise reader.fail(f"{where}: labels", f"{language!r} is not a language tag like ar")
    mappings = tuple(
        (kind, _iri(reader, iri, f"{where}: {kind}"))
        for kind in MAPPINGS
        for iri in reader.strings(fields.get(kind, []), f"{where}: {kind}")
    )
    return ConceptSpec(
        id=cid,
        cls=reader.optional_string(fields.get("class"), f"{where}: class"),
        label=reader.optional_string(fields.get("label"), f"{where}: label"),
        alt=tuple(reader.strings(fields.get("alt", []), f"{where}: alt")),
        definition=reader.optional_string(fields.get("definition"), f"{where}: definition"),
        mentions=tuple(reader.quotes(fields.get("mentions", []), f"{where}: mentions")),
        mappings=mappings,
        labels=tuple(
            (language, reader.string(text, f"{where}: labels: {language}"))
            for language, text in sorted(labels.items())
        ),
    )


LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def _iri(reader: YamlReader, value: str, where: str) -> str:
    if not value.startswith(("http://", "https://")) or any(c in value for c in ' <>"{}|\\^`'):
        raise reader.fail(where, f"{value!r} is not an http(s) IRI")
    return value


def _claim(reader: YamlReader, index: int, body: object) -> ClaimSpec:
    where = f"claim {index}"
    fields = reader.mapping(body, where, required=("subject", "relation", "object"))
    reader.no_unknown(
        fields,
        where,
        {"subject", "relation", "object", "evidence", "status", "justification", "label"},
    )
    subject = reader.identifier(fields["subject"], f"{where}: subject")
    relation = reader.string(fields["relation"], f"{where}: relation")
    obj = reader.identifier(fields["object"], f"{where}: object")
    where = f"{where} ({subject} {relation} {obj})"
    status = reader.string(fields.get("status", "stated"), f"{where}: status")
    if status not in STATUSES:
        raise reader.fail(where, f"has the status {status!r}; use {' or '.join(STATUSES)}")
    justification = reader.optional_string(fields.get("justification"), f"{where}: justification")
    if status == "inferred" and justification is None:
        raise reader.fail(where, "is inferred but has no justification: say in one sentence why")
    if status == "stated" and justification is not None:
        raise reader.fail(where, "is stated, so its quotes speak for it: drop the justification")
    return ClaimSpec(
        subject=subject,
        relation=relation,
        object=obj,
        evidence=tuple(reader.quotes(fields.get("evidence", []), f"{where}: evidence")),
        status=status,
        justification=justification,
        label=reader.optional_string(fields.get("label"), f"{where}: label"),
    )


class YamlReader:
    """Checks the shapes of YAML values and names the place of anything wrong.

    Shared by the annotation and briefing readers; ``error`` is the exception
    type raised for the file it reads.
    """

    def __init__(self, origin: str, error: type[BriefgraphError] = AnnotationError) -> None:
        self.origin = origin
        self.error = error

    def fail(self, where: str, problem: str) -> BriefgraphError:
        return self.error(f"{self.origin}: {where} {problem}")

    def mapping(self, value: object, where: str, required: Iterable[str] = ()) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a mapping of names to values")
        for key in required:
            if key not in value:
                raise self.fail(where, f"has no {key!r}")
        return value

    def no_unknown(self, fields: Mapping[str, Any], where: str, known: set[str]) -> None:
        unknown = sorted(set(fields) - known)
        if unknown:
            raise self.fail(where, f"has an unknown field {unknown[0]!r}")

    def sequence(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, "must be a list")
        return value

    def string(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "must be non-empty text")
        return value

    def optional_string(self, value: object, where: str) -> str | None:
        return None if value is None else self.string(value, where)

    def strings(self, value: object, where: str) -> list[str]:
        return [self.string(item, where) for item in self.sequence(value, where)]

    def identifier(self, value: object, where: str) -> str:
        text = self.string(value, where)
        if not all(c.isascii() and (c.isalnum() or c in "-_") for c in text) or "--" in text:
            raise self.fail(where, f"{text!r} may hold only letters, digits, - and _ (not --)")
        return text

    def quotes(self, value: object, where: str) -> list[QuoteRef]:
        refs = []
        for item in self.sequence(value, where):
            if isinstance(item, dict):
                self.no_unknown(item, where, {"quote", "occurrence"})
                occurrence = item.get("occurrence", 1)
                if not isinstance(occurrence, int) or occurrence < 1:
                    raise self.fail(where, "occurrence must be a whole number from 1 up")
                refs.append(QuoteRef(self.string(item.get("quote"), where), occurrence))
            else:
                refs.append(QuoteRef(self.string(item, where)))
        return refs
