"""What one extraction knows while it reads a document: cues, known concepts, the spans read.

Shared by the mention, candidate and claim rules (``mentions``, ``claims``,
``syntax``); ``extract`` runs them.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from graph.ingest.pipeline import Pipeline
from graph.ingest.proposals import Proposal
from graph.model.relations import Schema

_ACRONYM = re.compile(
    r"\b((?:[A-Z][\w'-]*)(?:\s+(?:of|and|for|the|on|in|[A-Z][\w'-]*))*\s+[A-Z][\w'-]*)\s*"
    r"\(\s*([A-Z][A-Za-z&]{1,9})\s*\)"
)
_SMALL = {"of", "and", "for", "the", "on", "in"}
PRONOUNS = {"it", "they", "this", "these", "them", "we"}
DROP_LEADING = {"DET", "PRON", "NUM", "PUNCT", "CCONJ", "ADV", "SCONJ", "ADP"}


@dataclass(frozen=True)
class KnownConcept:
    """A concept the corpus already has: its id, class, label and every other name."""

    id: str
    label: str
    cls: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cues:
    """The cue words of cues.yaml."""

    classes: dict[str, tuple[str, ...]]
    entities: dict[str, str]
    verbs: dict[str, tuple[str, ...]]
    lists: tuple[str, ...]
    generic: frozenset[str]
    standalone: frozenset[str] = frozenset()
    denials: frozenset[str] = frozenset()
    inverse: frozenset[str] = frozenset()
    states: dict[str, str] = field(default_factory=dict)
    """Names of states, lower-cased, to the state's ISO 3166 code: ISO 3166's names
    (pycountry) and cues.yaml's short ones."""
    titles: frozenset[str] = frozenset()
    vague: frozenset[str] = frozenset()
    roles: dict[str, str] = field(default_factory=dict)


@functools.cache
def load_cues() -> Cues:
    """Return the cue words shipped in graph/ingest/cues.yaml."""
    data = yaml.safe_load((resources.files("graph.ingest") / "cues.yaml").read_text("utf-8"))
    return Cues(
        classes={k: tuple(v) for k, v in data["classes"].items()},
        entities=dict(data["entities"]),
        verbs={k: tuple(v) for k, v in data["verbs"].items()},
        lists=tuple(data["lists"]),
        generic=frozenset(data["generic"]),
        standalone=frozenset(data.get("standalone", ())),
        denials=frozenset(data.get("denials", ())),
        inverse=frozenset(data.get("inverse", ())),
        states={
            name.lower(): code
            for name, code in [*_iso_states(), *dict(data.get("states", {})).items()]
        },
        titles=frozenset(data.get("titles", ())),
        vague=frozenset(data.get("vague", ())),
        roles=dict(data.get("roles", {})),
    )


def _iso_states() -> list[tuple[str, str]]:
    """Every name ISO 3166 gives a state ('Syrian Arab Republic', 'Syria', 'Korea, Republic
    of' read as 'Republic of Korea') with its code, from pycountry."""
    import pycountry

    names: list[tuple[str, str]] = []
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if not name:
                continue
            names.append((name, country.alpha_2))
            if ", " in name:
                first, _, rest = name.partition(", ")
                names.append((f"{rest} {first}", country.alpha_2))
    return names


@dataclass
class End:
    """A concept a span of the text stands for: a known one or a new candidate."""

    key: str
    label: str
    cls: str
    known: bool


@dataclass
class Reading:
    text: str
    document: str
    pipeline: Pipeline
    known: Sequence[KnownConcept]
    schema: Schema
    cues: Cues
    proposals: list[Proposal] = field(default_factory=list)
    token_end: dict[int, End] = field(default_factory=dict)
    """A token's absolute character offset -> the concept that token belongs to."""
    base: int = 0
    """Where the paragraph being read starts in the text."""
    occurrences: Counter[str] = field(default_factory=Counter)

    def end(self, token: Any) -> End | None:
        """Return the concept a token of the current paragraph belongs to."""
        return self.token_end.get(self.base + token.idx)


@dataclass(frozen=True)
class Parsed:
    """One parsed paragraph and where it starts in the document's text."""

    base: int
    doc: Any


@dataclass(frozen=True)
class Link:
    subject: End
    object: End
    wording: str
    relations: tuple[str, ...]
    rule: str
    negated: bool
    confidence: float


def known_from(concepts: Iterable[tuple[str, str, str, Sequence[str]]]) -> list[KnownConcept]:
    """Return KnownConcepts from (id, label, class, other names) rows."""
    return [KnownConcept(cid, label, cls, tuple(names)) for cid, label, cls, names in concepts]
