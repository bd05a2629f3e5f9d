"""Names of one thing written two ways in one document: qualified by their owner ('EDA
Steering Board', 'Steering Board'), or with their words in another order ('Arab League
General Secretary', 'Secretary-General of the Arab League')."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph.ingest.reading import _SMALL as SMALL_WORDS
from graph.ingest.reading import Parsed
from graph.ingest.spelling import british

Occurrence = tuple[Parsed, Any]


def merge_qualified(groups: dict[str, list[Occurrence]], acronyms: dict[str, str]) -> None:
    """Merge a name qualified by its owner into the plain one the text also uses: 'EDA
    Steering Board' into 'Steering Board' when EDA is a name of the text; 'Council of the
    League' into 'Council of the Arab League' when the League is the Arab League."""

    def text_of(key: str) -> str:
        return " ".join(str(groups[key][0][1].text).lower().split()).removeprefix("the ")

    by_text = {text_of(k): k for k in groups}
    owners = set(by_text) | {a.lower() for a in acronyms} | {n.lower() for n in acronyms.values()}
    heads: dict[str, set[str]] = defaultdict(set)  # 'league' -> {'arab league'}
    for text in owners:
        if " " in text and " of " not in text:
            heads[text.split()[-1]].add(text)
    for key in list(groups):
        if key not in groups:
            continue
        text = text_of(key)
        words = text.split()
        target = None
        for cut in range(1, len(words) - 1):  # 'eda steering board': 'eda' + 'steering board'
            if " ".join(words[:cut]) in owners and " ".join(words[cut:]) in by_text:
                target = by_text[" ".join(words[cut:])]
                break
        if target is None and len(words) >= 4 and words[-3:-1] == ["of", "the"]:
            fuller = heads.get(words[-1], set())  # 'council of the league'
            if len(fuller) == 1:
                target = by_text.get(" ".join([*words[:-1], next(iter(fuller))]))
        if target is not None and target != key and target in groups:
            groups[target] += groups.pop(key)


def word_bag(span: Any) -> frozenset[str]:
    """The words of a name in any order, small words left out and hyphens split, one
    spelling each: 'Secretary-General of the Arab League' and 'Arab League General
    Secretary' give one bag."""
    words = " ".join(t.lemma_.lower() for t in span).replace("-", " ").replace("\u2013", " ")
    return frozenset(british(w) for w in words.split() if w.isalpha() and w not in SMALL_WORDS)


def merge_reordered(groups: dict[str, list[Occurrence]]) -> None:
    """Merge the names whose words are the same in another order (at least two words each,
    and at least one a proper noun), into the one said most."""
    by_bag: dict[frozenset[str], list[str]] = defaultdict(list)
    for key, found in groups.items():
        span = found[0][1]
        bag = word_bag(span)
        if len(bag) >= 2 and any(t.pos_ == "PROPN" for t in span):
            by_bag[bag].append(key)
    for keys in by_bag.values():
        keys.sort(key=lambda k: (-len(groups[k]), k))
        for other in keys[1:]:
            groups[keys[0]] += groups.pop(other)
