"""Which of the rules' findings are worth a reviewer's time, and how sure each one is.

The rules find more than an analyst keeps: most names a document mentions once,
in passing, are not concepts of its briefing ("Berlin" in a list of venues).
Measured on the dev gold sets (tests/data/gold/, ``python -m bench quality``), a
candidate seen once that takes part in no claim was right about one time in
three, while a name seen twice or more, or one a sentence relates to another,
was right two times in three or better. So a candidate is proposed when

- it is a name (a proper noun or a named entity) seen at least twice, or at an
  end of a claim, or the name of a state or an agreement (right four times in
  five even when seen once);
- it is a common noun phrase seen at least twice and at an end of a claim;

and a claim only when both its ends are proposed (or known). One sentence gives
at most one claim between two concepts: the surest.

An essay that argues with ideas rather than names (the shipped essay: 15% of its
candidates are names, against 60-80% in encyclopedia articles) is a graph of its
noun phrases: where fewer than ``IDEAS`` of the candidates are names, a noun
phrase is held to the terms of a name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from graph.ingest.proposals import Proposal


def salient(proposals: Sequence[Proposal], known: set[str]) -> list[Proposal]:
    """Return the proposals worth reviewing, in their order."""
    claims = _best_per_sentence([p for p in proposals if p.kind == "claim"])
    candidates = {p.concept: p for p in proposals if p.kind == "concept" and p.concept}
    names = sum(_is_name(c) for c in candidates.values())
    ideas = bool(candidates) and names < IDEAS * len(candidates)
    kept = set(candidates)
    while True:
        ends = known | kept
        live = [c for c in claims if c.subject in ends and c.object in ends]
        in_claims: Counter[str] = Counter()
        for claim in live:
            in_claims[claim.subject or ""] += 1
            in_claims[claim.object or ""] += 1
        still = {cid for cid in kept if _worth(candidates[cid], in_claims[cid], ideas)}
        if still == kept:
            break
        kept = still
    chosen = {id(c) for c in live}
    return [
        p
        for p in proposals
        if p.kind == "mention"
        or (p.kind == "concept" and p.concept in kept)
        or (p.kind == "claim" and id(p) in chosen)
    ]


IDEAS = 0.4
"""Below this share of names among its candidates, a document is an essay of ideas."""


def _is_name(candidate: Proposal) -> bool:
    return candidate.rule.startswith(("a named entity", "a name "))


def _worth(candidate: Proposal, claims: int, ideas: bool) -> bool:
    seen = max(1, len(candidate.mentions))
    if _is_name(candidate) or ideas:
        # A state or an agreement named once was right four times in five: kept.
        return seen >= 2 or claims > 0 or candidate.cls in {"Nation", "Agreement"}
    return seen >= 2 and claims > 0


def _best_per_sentence(claims: list[Proposal]) -> list[Proposal]:
    best: dict[tuple[int, frozenset[str]], Proposal] = {}
    for claim in claims:
        key = (claim.start, frozenset((claim.subject or "", claim.object or "")))
        held = best.get(key)
        if held is None or _rank(claim) > _rank(held):
            best[key] = claim
    kept = {id(c) for c in best.values()}
    return [c for c in claims if id(c) in kept]


def _rank(claim: Proposal) -> tuple[bool, float]:
    return (claim.relation not in {None, "related"}, claim.confidence)
