"""British and American spellings of one word: 'Organisation' and 'Organization',
'defence' and 'defense' name the same thing, in a known concept's mentions and in the
grouping of a document's candidates."""

from __future__ import annotations

import re
from itertools import product

PAIRS: tuple[tuple[str, str], ...] = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("licence", "license"),
    ("centre", "center"),
    ("programme", "program"),
    ("labour", "labor"),
    ("armour", "armor"),
    ("co-operation", "cooperation"),
)
"""(British, American) endings or words; a word takes each pair's ending at most once."""
_ENDING = re.compile(
    "(" + "|".join(sorted((a for p in PAIRS for a in p), key=len, reverse=True)) + ")$"
)
_OTHER = {a: b for a, b in PAIRS} | {b: a for a, b in PAIRS}
_BRITISH = {b: a for a, b in PAIRS}
MAX_FORMS = 8
"""A name gives at most this many spellings (a long name of many -ise words stays small)."""


def _forms(word: str) -> list[str]:
    match = _ENDING.search(word.lower())
    if match is None or (len(word) <= len(match.group(1)) + 2 and match.group(1) in {"ise", "ize"}):
        return [word]
    stem, ending = word[: match.start()], match.group(1)
    return [word, stem + _OTHER[ending]]


def spellings(name: str) -> set[str]:
    """Return ``name`` in each mix of British and American spellings of its words."""
    choices = [_forms(word) for word in name.split(" ")]
    found: set[str] = set()
    for words in product(*choices):
        found.add(" ".join(words))
        if len(found) >= MAX_FORMS:
            break
    return found


def british(word: str) -> str:
    """Return one spelling of ``word`` for every spelling of it (the British one)."""
    match = _ENDING.search(word.lower())
    if match is None or match.group(1) not in _BRITISH:
        return word
    if match.group(1) == "ize" and len(word) <= 5:
        return word  # 'size', 'prize'
    return word[: match.start()] + _BRITISH[match.group(1)]
