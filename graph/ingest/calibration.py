"""Confidence that means something: each proposal's confidence is the share of proposals
like it that were right on the dev gold sets.

The rules give a raw score; ``calibration.yaml`` maps it, for each family of
proposal (a concept; a claim from a list or a name; a claim with a specific
relation; a plain skos:related claim), band by band, to the share of the dev
gold sets' proposals in that band a careful reviewer would accept, smoothed
(one right and one wrong added to each band) and made to rise with the raw
score (pool adjacent violators); a band no dev proposal fell in takes the value
of the band below it. So 0.8 means: four in five such proposals were
right on the documents it was fitted on. ``python -m bench quality --fit``
writes the file from the dev sets; the same bench prints the table on the
held-out sets. Mentions of known concepts keep their score.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import replace
from importlib import resources
from typing import Any

import yaml

from graph.ingest.proposals import Proposal

BANDS = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8)
"""Lower bounds of the raw score's bands: [0, 0.4), [0.4, 0.5) ... [0.8, 1]."""
FAMILIES = ("concept", "claim from a list or a name", "claim with a specific relation",
            "claim related")  # fmt: skip


def family(proposal: Proposal) -> str:
    """The family of proposals a proposal is calibrated with."""
    if proposal.kind == "concept":
        return "concept"
    if proposal.rule.startswith(("listed after", "listed under", "the name")):
        return "claim from a list or a name"
    if proposal.relation not in {None, "related"}:
        return "claim with a specific relation"
    return "claim related"


def band(confidence: float) -> int:
    """The index of the band a raw score falls in."""
    return max(i for i, low in enumerate(BANDS) if confidence >= low or i == 0)


@functools.cache
def _table() -> dict[str, list[float]]:
    text = (resources.files("graph.ingest") / "calibration.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return {name: [float(v) for v in values] for name, values in data["families"].items()}


def calibrated(proposals: Sequence[Proposal]) -> list[Proposal]:
    """Return ``proposals`` with each concept's and claim's confidence calibrated."""
    table = _table()
    return [
        p if p.kind == "mention" else replace(p, confidence=table[family(p)][band(p.confidence)])
        for p in proposals
    ]


def fit(outcomes: Iterable[tuple[Proposal, bool]]) -> dict[str, Any]:
    """Return the calibration table fitted on (raw proposal, right) pairs, with its counts."""
    counts = {name: [[0, 0] for _ in BANDS] for name in FAMILIES}
    for proposal, right in outcomes:
        if proposal.kind == "mention":
            continue
        cell = counts[family(proposal)][band(proposal.confidence)]
        cell[0] += 1
        cell[1] += right
    families = {}
    for name, cells in counts.items():
        held = [i for i, (n, _) in enumerate(cells) if n]
        if not held:
            families[name] = [0.5] * len(BANDS)  # nothing to learn from: an even chance
            continue
        shares = [(cells[i][1] + 1) / (cells[i][0] + 2) for i in held]
        rising = _rising(shares, [float(cells[i][0] + 2) for i in held])
        # An empty band takes the value of the band below it (above it, for the lowest).
        values = [rising[max([0, *(k for k, i in enumerate(held) if i <= b)])] for b in
                  range(len(BANDS))]  # fmt: skip
        families[name] = [round(v, 2) for v in values]
    return {"families": families, "counts": {k: [c[0] for c in v] for k, v in counts.items()},
            "right": {k: [c[1] for c in v] for k, v in counts.items()}}  # fmt: skip


def _rising(values: list[float], weights: list[float]) -> list[float]:
    """The closest non-decreasing sequence to ``values`` (pool adjacent violators)."""
    blocks: list[list[float]] = []  # [value, weight, length]
    for value, weight in zip(values, weights, strict=True):
        blocks.append([value, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    return [v for v, _, n in blocks for _ in range(int(n))]
