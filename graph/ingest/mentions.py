"""Mentions of the concepts a corpus knows: their names, plurals, spellings and acronyms."""

from __future__ import annotations

import functools
import re
from typing import Any

from graph.ingest.plain import BOLD
from graph.ingest.proposals import Proposal, proposal_id
from graph.ingest.reading import (
    _ACRONYM,
    _SMALL,
    End,
    KnownConcept,
    Parsed,
    Reading,
)  # fmt: skip
from graph.ingest.spelling import spellings


def _variants(name: str) -> set[str]:
    """Return a name with its last word in singular and plural forms, lower-cased."""
    words = name.lower().split()
    if not words:
        return set()
    last, head = words[-1], " ".join(words[:-1])
    forms = {last}
    if last.endswith("ies") and len(last) > 4:
        forms.add(last[:-3] + "y")
    elif last.endswith(("ses", "xes", "ches", "shes")):
        forms.add(last[:-2])
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        forms.add(last[:-1])
    else:
        forms.add(last[:-1] + "ies" if last.endswith("y") and len(last) > 2 else last + "s")
        if last.endswith(("s", "x", "ch", "sh")):
            forms.add(last + "es")
    return {f"{head} {f}".strip() for f in forms}


def acronyms_in(text: str) -> dict[str, str]:
    """Return acronym -> long name for every 'Long Name (ACR)' the acronym abbreviates:
    the shortest tail of the words that ``spells`` it."""
    found: dict[str, str] = {}
    for match in _ACRONYM.finditer(text):
        words = match.group(1).split()
        acronym = match.group(2)
        for start in range(len(words) - 1, -1, -1):
            if spells(acronym, words[start:]):
                found[acronym] = " ".join(words[start:])
                break
    return found


_ALIAS_CUE = re.compile(r"\b(?:officially|formally|also known as|also called|short for)"
                        r"\s+(?:the\s+)?$", re.IGNORECASE)  # fmt: skip


_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # spaces, or one line break: never a blank line
_NAME = rf"[A-Z][\w'\u2019-]*(?:{_GAP}(?:of|the|for|and|on|[A-Z][\w'\u2019-]*))*"
_ALIAS_WORDS = re.compile(
    rf",{_GAP}(?:also|otherwise|formerly){_GAP}(?:known{_GAP}as|called){_GAP}(?:the{_GAP})?"
)
"""', also known as the' between two names: 'The Charter of the Arab League, also known as
the Pact of the League of Arab States'."""
_NAME_BEFORE = re.compile(rf"(?<![\w'\u2019-]){_NAME}$")
_NAME_AFTER = re.compile(_NAME)
NAME_REACH = 160
"""The most characters a name in prose is looked for on either side of its alias words
(the names are matched within these windows only, so a long text costs linear time)."""


def _prose_aliases(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for words in _ALIAS_WORDS.finditer(text):
        before = _NAME_BEFORE.search(text, max(0, words.start() - NAME_REACH), words.start())
        after = _NAME_AFTER.match(text, words.end(), words.end() + NAME_REACH)
        if before is None or after is None:
            continue
        main = " ".join(before.group(0).split()).removeprefix("The ")
        other = " ".join(after.group(0).split())
        if main.lower() != other.lower() and len(main.split()) > 1:
            found.setdefault(other, main)
    return found


def aliases_in(text: str) -> dict[str, str]:
    """Return other name -> name for the names an opening sets in bold: "The **Arab
    League** (Arabic: ...), officially the **League of Arab States**": the bold name after
    'officially', 'formally', 'also known as' or 'also called' is another name of the
    paragraph's first bold name; and for two capitalised names in prose, "the Charter of
    the Arab League, also known as the Pact of the League of Arab States"."""
    found = _prose_aliases(text)
    for paragraph in text.split("\n\n"):
        bolds = list(BOLD.finditer(paragraph))
        for bold in bolds[1:]:
            before = paragraph[max(0, bold.start() - 40) : bold.start()]
            if _ALIAS_CUE.search(before):
                main, other = (" ".join(b.group(1).split()) for b in (bolds[0], bold))
                if main.lower() != other.lower():
                    found.setdefault(other, main)
    return found


PREFIX = 3
"""The most letters one word gives an acronym: 'PErmanent Structured COoperation'."""


def spells(acronym: str, words: list[str]) -> bool:
    """True when ``acronym`` is the words' initials in order, each word giving the first one
    to PREFIX letters of it, a hyphenated word a letter for each part ('China-Arab States
    Cooperation Forum' is CASCF, 'Anti-Terrorist Unit' ATU), and 'of', 'and', 'the' one
    or none (OIC, MoD)."""
    letters = acronym.upper().replace("&", "").replace("-", "")
    parts = [piece for word in words for piece in word.replace("'", "").split("-") if piece]
    if not parts or not letters or parts[0].lower() in _SMALL or parts[0][0].upper() != letters[0]:
        return False

    @functools.cache
    def fits(i: int, j: int) -> bool:
        if i == len(parts):
            return j == len(letters)
        word = parts[i].upper()
        small = parts[i].lower() in _SMALL
        if small and fits(i + 1, j):
            return True
        for n in range(1, min(PREFIX, len(word)) + 1):
            if letters[j : j + n] != word[:n]:
                break
            if fits(i + 1, j + n):
                return True
        return False

    return fits(0, 0)


def mention_matcher(
    state: Reading, acronyms: dict[str, str]
) -> tuple[Any, dict[str, tuple[KnownConcept, str, float]]]:
    from spacy.matcher import PhraseMatcher

    nlp = state.pipeline.nlp
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_rule: dict[str, tuple[KnownConcept, str, float]] = {}
    for concept in state.known:
        for name, rule, confidence in [
            (concept.label, "label", 0.95),
            *((n, "other name", 0.9) for n in concept.names),
        ]:
            forms = {f for spelt in spellings(name) for f in _variants(spelt)}
            for form in sorted(forms):
                key = f"{concept.id}|{form}"
                exact = form == name.lower()
                by_rule[key] = (
                    concept,
                    rule if exact else f"{rule}, singular or plural",
                    confidence if exact else confidence - 0.1,
                )
                matcher.add(key, [nlp.make_doc(form)])
        # An acronym the text defines for one of this concept's names is another name.
        for acronym, long_name in acronyms.items():
            if long_name.lower() in {n.lower() for n in (concept.label, *concept.names)}:
                key = f"{concept.id}|{acronym.lower()}"
                by_rule[key] = (concept, f"acronym defined as {long_name!r}", 0.85)
                matcher.add(key, [nlp.make_doc(acronym)])
    return matcher, by_rule


def known_mentions(
    state: Reading,
    part: Parsed,
    matcher: Any,
    by_rule: dict[str, tuple[KnownConcept, str, float]],
) -> list[Any]:
    from spacy.util import filter_spans

    doc, base = part.doc, part.base
    state.base = base
    spans = filter_spans(
        [doc.char_span(doc[s:e].start_char, doc[s:e].end_char, label=m) for m, s, e in matcher(doc)]
    )
    if state.pipeline.parses:
        # A known name inside a longer name is not that concept: 'Cooperation' in
        # 'Shanghai Cooperation Organisation' is part of an organisation's name.
        # 'the United Nations' as an entity is the United Nations: the article is not a word
        # of the name.
        entities = [
            (e.start + (doc[e.start].pos_ == "DET"), e.end)
            for e in doc.ents
            if e.label_ in state.cues.entities
        ]
        spans = [
            s
            for s in spans
            if not any(a <= s.start and s.end <= b and b - a > len(s) for a, b in entities)
        ]
    for span in spans:
        concept, rule, confidence = by_rule[span.label_]
        start, end_char = base + span.start_char, base + span.end_char
        quote = state.text[start:end_char]
        state.occurrences[quote] += 1
        state.proposals.append(
            Proposal(
                id=proposal_id("mention", concept.id, quote, state.occurrences[quote]),
                kind="mention",
                document=state.document,
                quote=quote,
                start=start,
                end=end_char,
                confidence=confidence,
                rule=f"matches the {rule}",
                concept=concept.id,
                label=concept.label,
            )
        )
        known_end = End(concept.id, concept.label, concept.cls, known=True)
        for token in span:
            state.token_end[base + token.idx] = known_end
    return spans
