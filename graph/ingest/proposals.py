"""Proposals: what ingest suggests a document says, each with its exact words and a confidence.

Three kinds: a *mention* of a concept the corpus already has, a new *concept*
(a noun phrase or named entity, merged across its mentions), and a *claim*
(subject, relation, object, with the sentence as evidence). Every proposal's
``quote`` is ``text[start:end]`` of the document's stored text.
"""

from __future__ import annotations

import hashlib
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
    edited: dict[str, str] = field(default_factory=dict)
    """What a reviewer changed (label, class, relation), applied over the extracted values."""

    def with_status(self, status: str) -> Proposal:
        """Return this proposal with another status."""
        return replace(self, status=status)

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
                label=self.edited.get("label", self.label),
                **{"class": self.edited.get("class", self.cls)},
                names=list(self.names),
                mentions=[asdict(m) for m in self.mentions],
            )
        else:
            data.update(
                subject=self.subject,
                relation=self.edited.get("relation", self.relation),
                object=self.object,
                subject_label=self.subject_label,
                object_label=self.object_label,
                wording=self.wording,
                negated=self.negated,
            )
        return data

    def stored(self) -> dict[str, Any]:
        """Return every field, for the document folder's proposals file."""
        data = asdict(self)
        data["mentions"] = [asdict(m) for m in self.mentions]
        data["names"] = list(self.names)
        return data

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Proposal:
        """Return a proposal read back from the proposals file."""
        values = dict(data)
        values["mentions"] = tuple(Span(**m) for m in values.get("mentions", ()))
        values["names"] = tuple(values.get("names", ()))
        values["edited"] = dict(values.get("edited", {}))
        return cls(**values)


def proposal_id(kind: str, *key: object) -> str:
    """Return a stable id for a proposal from what it says, not where: it survives re-ingest."""
    digest = hashlib.sha256("\x1f".join([kind, *map(str, key)]).encode("utf-8")).hexdigest()
    return f"{kind[0]}-{digest[:10]}"
