"""Which class a new concept candidate is, and the evidence that says so.

The evidence, in order: the name of a state (ISO 3166), a person's named entity,
a cue word at the head of the phrase (cues.yaml ``classes``), a person's title
before the name ('Admiral Tomas Varga'), the named entity's type, a cue word
anywhere in the phrase, an acronym. With none, the class is a guess and the
proposal says so.
"""

from __future__ import annotations

from typing import Any

from graph.ingest.reading import Cues
from graph.model.text import normalise

PERSONAL_TITLES = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "king",
    "queen", "prince", "princess", "sheikh", "shaikh", "emir", "sultan", "president",
    "minister", "general", "lieutenant", "colonel", "admiral", "commander", "captain",
    "brigadier", "marshal", "ambassador", "chancellor", "senator", "judge", "pope", "imam",
    "ayatollah",
})  # fmt: skip
"""Titles (of cues.yaml's) that only a person bears: the name after one is a person's."""


def class_of(span: Any, cues: Cues) -> tuple[str, str]:
    """Return a candidate's class and the evidence that chose it."""
    entity = span.root.ent_type_
    proper = span.root.pos_ == "PROPN" or bool(entity)
    if proper and state_code(span, cues):
        return "Nation", "the name of a state (ISO 3166)"
    head = span.root.lemma_.lower()
    if entity == "PERSON" and head not in cues.classes.get("InternationalBody", ()):
        return "Person", "a named entity (PERSON)"
    for cls, words in cues.classes.items():
        if head in words and (not entity or cls not in {"Nation", "Community"}):
            return cls, f"the word {head!r}"
    before = span.doc[span.start - 1] if span.start > 0 else None
    if (
        before is not None
        and before.lower_.strip(".") in PERSONAL_TITLES
        and span.root.pos_ == "PROPN"
        and entity in {"", "PERSON", "ORG", "NORP"}
        and all(t.text[:1].isupper() for t in span if t.is_alpha)
    ):
        return "Person", f"the title {before.text!r} before the name"
    if entity in cues.entities:
        cls = cues.entities[entity]
        if cls == "Nation":
            return "Place", f"a named entity ({entity}) that is not a state's name"
        return cls, f"a named entity ({entity})"
    for cls, words in cues.classes.items():
        for token in span:
            if token.lemma_.lower() in words:
                return cls, f"the word {token.lemma_.lower()!r}"
    text = str(span.text)
    if len(span) == 1 and text.isupper() and len(text) > 1:
        return "InternationalBody", "an acronym (a guess: no word says what it names)"
    return "CooperationForm", "no cue word (a guess: say what it is)"


def state_code(span: Any, cues: Cues) -> str | None:
    """Return the ISO 3166 code of the state a span names ('UK': GB), or None."""
    return cues.states.get(normalise(" ".join(str(span.text).split())))
