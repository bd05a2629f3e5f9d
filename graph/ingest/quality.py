"""How good ingest's proposals are, against gold sets made by hand (tests/data/gold/).

A gold set names what a careful analyst would accept from one document: its
concepts (class, every name the text uses) and the claims its sentences state
(ends, relation, denied or not). Scoring reads the document as ingest does and
matches what it proposes:

- a new concept, or a mention of a known one, is *right* when one of its names
  is a name of a gold concept (case, accents and spacing aside) and no earlier
  proposal took that gold concept (a second node for one thing is a duplicate);
- a claim is *right* when both its ends are right concepts naming a gold claim's
  two ends and the sentence it quotes holds that claim's gold quote; *exact* when,
  besides, its direction, its relation (under the gold names' mapping) and its
  denial agree; a *polarity error* when it is right but denied where the gold
  claim is not, or the reverse.

Precision is right over proposed, recall found over gold; burden is proposals
per 1,000 words. Dev and held-out sets are reported apart: tune on dev only.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import IngestError
from graph.ingest.calibration import BANDS
from graph.ingest.proposals import Proposal
from graph.model.text import normalise

GOLD_CLASSES = {
    "Organisation": {"InternationalBody"},
    "State": {"Nation"},
    "Person": {"Person"},
    "Place": {"Place"},
    "Agreement": {"Agreement"},
    "Event": {"Event"},
    "System": {"Resource", "System"},
    "Threat": {"Threat"},
    "CooperationForm": {"CooperationForm", "Strategy"},
    "Goal": {"Outcome", "Principle"},
}
"""Each gold class and the ontology classes a proposal may give it to be classed right."""

GOLD_RELATIONS = {
    "memberOf": {"memberOf"},
    "partOf": {"partOf"},
    "locatedIn": {"locatedIn"},
    "signatoryOf": {"signatoryOf", "participatesIn"},
    "leads": {"leads"},
    "founded": {"founded"},
    "cooperatesWith": {"cooperatesWith"},
    "counters": {"counters"},
    "participatesIn": {"participatesIn"},
    "enables": {"enables", "strengthens", "contributesTo", "necessaryFor"},
    "regulates": {"regulates"},
    "succeeded": {"succeeded"},
    "related": {"related"},
}
"""Each gold relation and the ontology relations that say it."""


@dataclass(frozen=True)
class GoldConcept:
    """A concept the document names, with every name the text uses for it."""

    id: str
    label: str
    cls: str
    aliases: tuple[str, ...] = ()
    key: bool = False
    corpus: str | None = None

    @property
    def names(self) -> set[str]:
        """The concept's names, normalised."""
        return {normalise(n) for n in (self.label, *self.aliases) if n}


@dataclass(frozen=True)
class GoldClaim:
    """A relation a sentence of the document states between two gold concepts."""

    subject: str
    relation: str
    object: str
    denied: bool = False
    quote: str = ""
    key: bool = False


@dataclass(frozen=True)
class GoldSet:
    """A document's gold concepts and claims, and whether it is tuned on (dev) or held out."""

    name: str
    source: Path
    split: str
    concepts: tuple[GoldConcept, ...]
    claims: tuple[GoldClaim, ...]


def load_gold(path: Path, shared: Path) -> GoldSet:
    """Return the gold set at ``path``; IngestError if its source is missing or changed."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = shared / str(data["source"])
    if not source.is_file():
        raise IngestError(f"{path.name}: its source {source} is not here")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    if digest != data["sha256"]:
        raise IngestError(f"{path.name}: its source {source} has changed since it was made")
    concepts = tuple(
        GoldConcept(
            id=str(c["id"]),
            label=str(c["label"]),
            cls=str(c["class"]),
            aliases=tuple(str(a) for a in c.get("aliases") or ()),
            key=bool(c.get("key")),
            corpus=c.get("corpus"),
        )
        for c in data.get("concepts") or ()
    )
    claims = tuple(
        GoldClaim(
            subject=str(c["subject"]),
            relation=str(c["relation"]),
            object=str(c["object"]),
            denied=bool(c.get("denied")),
            quote=str(c.get("quote", "")),
            key=bool(c.get("key")),
        )
        for c in data.get("claims") or ()
    )
    return GoldSet(path.stem, source, str(data.get("split", "dev")), concepts, claims)


@dataclass
class Score:
    """What one document's proposals got right against its gold set."""

    name: str
    split: str
    words: int
    proposals: int
    concepts_proposed: int = 0
    concepts_right: int = 0
    concepts_duplicate: int = 0
    concepts_classed_right: int = 0
    gold_concepts: int = 0
    gold_concepts_found: int = 0
    key_concepts: int = 0
    key_concepts_found: int = 0
    claims_proposed: int = 0
    claims_right: int = 0
    claims_exact: int = 0
    gold_claims: int = 0
    gold_claims_found: int = 0
    key_claims: int = 0
    key_claims_found: int = 0
    claims_specific: int = 0
    """Right claims whose relation is a specific one (not skos:related)."""
    polarity_errors: int = 0
    """Right claims proposed as positive where the gold claim is denied (or the reverse)."""
    denied_proposed: int = 0
    denied_right: int = 0
    misses: list[str] = field(default_factory=list)
    outcomes: list[tuple[Proposal, bool]] = field(default_factory=list)
    """Each concept and claim proposed, and whether it is right: the calibration's data."""

    @property
    def burden(self) -> float:
        """Proposals per 1,000 words."""
        return 1000 * self.proposals / max(1, self.words)

    def ratio(self, part: int, whole: int) -> float:
        """``part`` over ``whole``, 0 when there is nothing."""
        return part / whole if whole else 0.0

    def row(self) -> dict[str, float | str]:
        """Return the figures a report prints, by name."""
        return {
            "document": self.name,
            "split": self.split,
            "per 1k words": round(self.burden, 1),
            "concept precision": round(self.ratio(self.concepts_right, self.concepts_proposed), 3),
            "concept recall": round(self.ratio(self.gold_concepts_found, self.gold_concepts), 3),
            "key concept recall": round(self.ratio(self.key_concepts_found, self.key_concepts), 3),
            "class right": round(self.ratio(self.concepts_classed_right, self.concepts_right), 3),
            "claim precision": round(self.ratio(self.claims_right, self.claims_proposed), 3),
            "claim exact": round(self.ratio(self.claims_exact, self.claims_proposed), 3),
            "claim recall": round(self.ratio(self.gold_claims_found, self.gold_claims), 3),
            "key claim recall": round(self.ratio(self.key_claims_found, self.key_claims), 3),
            "specific relation": round(self.ratio(self.claims_specific, self.claims_right), 3),
            "polarity errors": self.polarity_errors,
            "duplicates": self.concepts_duplicate,
            "denied right": round(self.ratio(self.denied_right, self.denied_proposed), 3),
        }


def score(gold: GoldSet, proposals: Sequence[Proposal], text: str) -> Score:
    """Return how ``proposals`` (ingest's for the gold set's document) compare with it."""
    by_name: dict[str, GoldConcept] = {}
    for concept in gold.concepts:
        for name in concept.names:
            by_name.setdefault(name, concept)
    by_corpus: dict[str | None, GoldConcept] = {c.corpus: c for c in gold.concepts if c.corpus}
    result = Score(gold.name, gold.split, len(text.split()), len(proposals))
    result.gold_concepts = len(gold.concepts)
    result.key_concepts = sum(c.key for c in gold.concepts)
    taken: set[str] = set()
    matched: dict[str, GoldConcept] = {}  # proposal concept id -> gold concept
    for p in sorted(proposals, key=lambda p: (p.start, p.id)):
        if p.kind == "claim":
            continue
        gold_concept = _concept_of(p, by_name, by_corpus)
        if p.kind == "mention":
            if gold_concept is not None and p.concept:
                matched.setdefault(p.concept, gold_concept)
                taken.add(gold_concept.id)
            continue
        result.concepts_proposed += 1
        right = gold_concept is not None and gold_concept.id not in taken
        result.outcomes.append((p, right))
        if gold_concept is None:
            result.misses.append(f"concept {p.label!r}")
            continue
        if gold_concept.id in taken:
            result.concepts_duplicate += 1
            continue
        taken.add(gold_concept.id)
        matched[p.concept or ""] = gold_concept
        result.concepts_right += 1
        if p.cls in GOLD_CLASSES.get(gold_concept.cls, ()):
            result.concepts_classed_right += 1
    result.gold_concepts_found = len(taken)
    result.key_concepts_found = sum(1 for c in gold.concepts if c.key and c.id in taken)
    pairs: dict[frozenset[str], list[GoldClaim]] = {}
    for claim in gold.claims:
        pairs.setdefault(frozenset((claim.subject, claim.object)), []).append(claim)
    found: set[int] = set()
    for p in proposals:
        if p.kind != "claim":
            continue
        result.claims_proposed += 1
        result.denied_proposed += p.negated
        subject, obj = matched.get(p.subject or ""), matched.get(p.object or "")
        pair = pairs.get(frozenset((subject.id, obj.id))) if subject and obj else None
        # Right: both ends, and the sentence the proposal quotes holds a gold quote of them.
        candidates = [c for c in pair or () if _quoted_within(text, c.quote, p.start, p.end)]
        if not candidates or subject is None or obj is None:
            result.misses.append(f"claim {p.subject_label} {p.relation} {p.object_label}")
            result.outcomes.append((p, False))
            continue
        result.outcomes.append((p, True))
        result.claims_right += 1
        result.claims_specific += (p.relation or "related") != "related"
        found |= {id(c) for c in candidates}
        exact = [
            c
            for c in candidates
            if (c.subject, c.object) == (subject.id, obj.id)
            and (p.relation or "related") in GOLD_RELATIONS.get(c.relation, {c.relation})
            and c.denied == p.negated
        ]
        result.claims_exact += bool(exact)
        result.denied_right += p.negated and any(c.denied for c in candidates)
        result.polarity_errors += all(c.denied != p.negated for c in candidates)
    result.key_claims = sum(c.key for c in gold.claims)
    result.key_claims_found = sum(1 for c in gold.claims if c.key and id(c) in found)
    result.gold_claims = len(gold.claims)
    result.gold_claims_found = len(found)
    return result


def _quoted_within(text: str, quote: str, start: int, end: int) -> bool:
    """True when an appearance of ``quote`` in ``text`` overlaps [start, end)."""
    position = text.find(quote)
    while position >= 0:
        if position < end and start < position + len(quote):
            return True
        position = text.find(quote, position + 1)
    return not quote  # a gold claim with no quote is matched by its ends alone


def _concept_of(
    p: Proposal, by_name: dict[str, GoldConcept], by_corpus: dict[str | None, GoldConcept]
) -> GoldConcept | None:
    if p.kind == "mention" and p.concept in by_corpus:
        return by_corpus[p.concept]
    names = [p.label or "", *p.names, *(m.quote for m in p.mentions), p.quote]
    for name in names:
        hit = by_name.get(normalise(name))
        if hit is not None:
            return hit
    return None


def gold_sets(folder: Path, shared: Path) -> list[GoldSet]:
    """Return every gold set of ``folder`` (its .yaml files), by name."""
    return [load_gold(path, shared) for path in sorted(folder.glob("*.yaml"))]


def totals(scores: Iterable[Score], split: str) -> Score:
    """Return the scores of one split added up, as one document."""
    total = Score(f"all {split}", split, 0, 0)
    for s in scores:
        if s.split != split:
            continue
        for name in vars(total):
            if name not in {"name", "split", "misses"}:
                setattr(total, name, getattr(total, name) + getattr(s, name))
    return total


def calibration(scores: Iterable[Score], kind: str) -> list[tuple[float, float, int, float]]:
    """Return (low, high, proposals, share right) per confidence band of ``kind``'s proposals."""
    found = [(p.confidence, r) for s in scores for p, r in s.outcomes if p.kind == kind]
    rows = []
    for low, high in itertools.pairwise((*BANDS, 1.01)):
        band = [r for c, r in found if low <= c < high]
        rows.append((low, min(high, 1.0), len(band), sum(band) / len(band) if band else 0.0))
    return rows
