"""Proposals: what ingest suggests a document says, each with its exact words and a confidence.

Three kinds: a *mention* of a concept the corpus already has, a new *concept*
(a noun phrase or named entity, merged across its mentions), and a *claim*
(subject, relation, object, with the sentence as evidence). Every proposal's
``quote`` is ``text[start:end]`` of the document's stored text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

KINDS = ("mention", "concept", "claim")
STATUSES = ("proposed", "accepted", "rejected")


@dataclass(frozen=True)
class Span:
    """Where one mention of a proposed concept sits: offsets and its words."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Proposal:
    """One suggestion for a person to accept or reject."""

    id: str
    kind: str
    document: str
    quote: str
    start: int
    end: int
    confidence: float
    rule: str
    """Which extraction rule made it, in words (for a reviewer deciding whether to trust it)."""
    status: str = "proposed"
    concept: str | None = None
    """A mention's concept id; a claim's ends are ``subject`` and ``object``."""
    label: str | None = None
    """A mention's concept label, or a new concept's proposed label."""
    cls: str | None = None
    """A new concept's proposed class (an ontology class's local name)."""
    names: tuple[str, ...] = ()
    """A new concept's other names (an acronym it was defined with, other spellings)."""
    mentions: tuple[Span, ...] = ()
    """A new concept's every mention, the first of which is ``quote``."""
    subject: str | None = None
    relation: str | None = None
    """A claim's relation: an ontology relation's local name, or 'related' (skos:related)."""
    object: str | None = None
    subject_label: str | None = None
    object_label: str | None = None
    wording: str | None = None
    """The verb a claim was read from; the claim's label when its relation is 'related'."""
    negated: bool = False
    """The sentence denies the claim ('does not counter'): kept and flagged, never dropped."""
    edited: dict[str, Any] = field(default_factory=dict)
    """What a reviewer changed (a concept's label, class and names; a claim's subject,
    relation and object), applied over the extracted values by the ``effective_*`` fields."""
    merged_into: str | None = None
    """The concept a reviewer accepted this new concept as another name of."""
    may_duplicate: tuple[str, ...] = ()
    """A new concept's near namesakes elsewhere in the corpus ('Arab League (known)',
    'Organization of Islamic Cooperation (proposed in oic)'): merge it if it is one."""

    def with_status(self, status: str) -> Proposal:
        """Return this proposal with another status."""
        return replace(self, status=status)

    @property
    def effective_label(self) -> str | None:
        """The label after a reviewer's edit."""
        label = self.edited.get("label", self.label)
        return str(label) if label is not None else None

    @property
    def effective_cls(self) -> str | None:
        """The class after a reviewer's edit."""
        cls = self.edited.get("class", self.cls)
        return str(cls) if cls is not None else None

    @property
    def effective_names(self) -> tuple[str, ...]:
        """A new concept's other names after a reviewer's edit."""
        return tuple(self.edited.get("names", self.names))

    @property
    def effective_concept(self) -> str | None:
        """A new concept's id: from its label, or from the label a reviewer gave it."""
        if self.kind != "concept":
            return self.concept
        if "label" in self.edited and self.edited["label"] != self.label:
            return concept_slug(str(self.edited["label"]))
        return self.concept

    @property
    def effective_subject(self) -> str | None:
        """A claim's subject after a reviewer's edit."""
        return str(self.edited.get("subject", self.subject) or "") or None

    @property
    def effective_object(self) -> str | None:
        """A claim's object after a reviewer's edit."""
        return str(self.edited.get("object", self.object) or "") or None

    @property
    def effective_relation(self) -> str | None:
        """A claim's relation after a reviewer's edit."""
        relation = self.edited.get("relation", self.relation)
        return str(relation) if relation is not None else None

    def json(self) -> dict[str, Any]:
        """Return the proposal as `briefgraph proposals --json` prints it."""
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "document": self.document,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
        }
        if self.kind == "mention":
            data.update(concept=self.concept, label=self.label)
        elif self.kind == "concept":
            data.update(
                concept=self.effective_concept,
                label=self.effective_label,
                **{"class": self.effective_cls},
                names=list(self.effective_names),
                mentions=[asdict(m) for m in self.mentions],
                merged_into=self.merged_into,
            )
            original = {
                "concept": self.concept,
                "label": self.label,
                "class": self.cls,
                "names": list(self.names),
            }
        else:
            data.update(
                subject=self.effective_subject,
                relation=self.effective_relation,
                object=self.effective_object,
                subject_label=self.subject_label,
                object_label=self.object_label,
                wording=self.wording,
                negated=self.negated,
            )
            original = {"subject": self.subject, "relation": self.relation, "object": self.object}
        if self.kind != "mention" and (self.edited or self.merged_into):
            data["original"] = original  # what ingest proposed, beside what was decided
        return data

    def stored(self) -> dict[str, Any]:
        """Return every field, for the document folder's proposals file."""
        data = asdict(self)
        data["mentions"] = [asdict(m) for m in self.mentions]
        data["names"] = list(self.names)
        data["may_duplicate"] = list(self.may_duplicate)
        return data

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Proposal:
        """Return a proposal read back from the proposals file."""
        values = dict(data)
        values["mentions"] = tuple(Span(**m) for m in values.get("mentions", ()))
        values["names"] = tuple(values.get("names", ()))
        values["may_duplicate"] = tuple(values.get("may_duplicate", ()))
        values["edited"] = dict(values.get("edited", {}))
        return cls(**values)


_LOCAL_ID = re.compile(r"[a-z]-[0-9a-f]{10}")


def proposal_id(kind: str, *key: object) -> str:
    """Return a stable id for a proposal within its document, from what it says, not where:
    it survives re-ingest. :func:`scoped_id` makes it unique in the corpus."""
    digest = hashlib.sha256("\x1f".join([kind, *map(str, key)]).encode("utf-8")).hexdigest()
    return f"{kind[0]}-{digest[:10]}"


def scoped_id(local: str, document: str) -> str:
    """Return the corpus-wide id of the proposal ``local`` of ``document``.

    Two documents saying the same words propose different items: the document is
    part of the id, so a decision applies to the one named and no other.
    """
    digest = hashlib.sha256(f"{document}\x1f{local}".encode()).hexdigest()
    return f"{local[0]}-{digest[:12]}"


def is_local_id(value: str) -> bool:
    """True for an id written before ids named their document (migrated on read)."""
    return _LOCAL_ID.fullmatch(value) is not None


def concept_slug(label: str) -> str:
    """Return the concept id a label gives: lower-case words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    return slug[:60].strip("-") or "concept"
