"""What a review call decided, said in one sentence, and what undoing it puts back."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.ingest.proposals import Proposal


@dataclass(frozen=True)
class Outcome:
    """What a call decided: the proposals named, those decided with them, and how to undo it."""

    decided: tuple[Proposal, ...]
    also: tuple[Proposal, ...] = ()
    """New concepts accepted with a claim (its ends) or as a merge's target."""
    before: Mapping[str, dict[str, Any] | None] = field(default_factory=dict)
    """Each changed proposal's decision record before the call (None: it was proposed)."""
    after: Mapping[str, dict[str, Any] | None] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.decided)

    def __iter__(self) -> Iterator[Proposal]:
        return iter(self.decided)

    def summary(self) -> str:
        """Return what was done, in one sentence."""
        verbs = {"accepted": "accepted", "rejected": "rejected", "proposed": "returned to proposed"}
        counts: dict[str, int] = {}
        for p in self.decided:
            counts[p.status] = counts.get(p.status, 0) + 1
        parts = [f"{n} proposal(s) {verbs[s]}" for s, n in counts.items()] or ["nothing changed"]
        if self.also:
            parts.append(
                "also accepted: " + ", ".join(repr(p.effective_label or p.id) for p in self.also)
            )
        return "; ".join(parts)
