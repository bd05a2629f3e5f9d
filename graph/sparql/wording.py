"""A SPARQL syntax error said in words: what was found, where, and what would fit.

rdflib's parser (pyparsing) knows where the part it could not read starts but
names grammar rules ("Expected SelectQuery"); people need the word or symbol at
fault and its line and column in the text they typed. Unclosed brackets and
quotes are found by a scan that knows strings, IRIs and comments; a misspelt
keyword gets the nearest real one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
AFTER_WHERE = ("LIMIT", "OFFSET", "ORDER", "GROUP", "HAVING", "VALUES")
KEYWORDS = (
    *FORMS,
    *AFTER_WHERE,
    "WHERE",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "BIND",
    "DISTINCT",
    "REDUCED",
    "PREFIX",
    "BASE",
    "GRAPH",
    "EXISTS",
    "NOT",
    "AS",
    "BY",
    "ASC",
    "DESC",
)
_PAIRS = {"{": "}", "(": ")", "[": "]"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_PROLOGUE = re.compile(
    r"\s*(?:(?:#[^\n]*\n\s*)|(?:(?:PREFIX\s+[\w-]*:|BASE)\s*<[^>]*>\s*))*", re.IGNORECASE
)


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in the user's text."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}"


def describe(text: str, line: int, column: int, expected_end: bool = False) -> str:
    """Return the syntax error in ``text`` in words; ``line``/``column`` are where the
    parser stopped (1-based, in ``text``); ``expected_end`` when it had read a whole query
    and found more."""
    unbalanced = _unbalanced(text)
    if unbalanced:
        return unbalanced
    start = _PROLOGUE.match(text)
    offset = start.end() if start else 0
    first = _WORD.match(text, offset)
    if first is None or first.group().upper() not in FORMS:
        found = _token_at(text, offset)
        where = _position(text, offset)
        hint = _nearest(found, FORMS)
        return (
            f"syntax error at {where}: found {_quoted(found)} where the query should begin "
            f"with SELECT, CONSTRUCT, ASK or DESCRIBE{hint}"
        )
    index = _index(text, line, column)
    found = _token_at(text, index)
    where = _position(text, index)
    if not found:
        return f"syntax error at {where}: the query ends before it is complete"
    if expected_end:
        hint = _nearest(found, AFTER_WHERE)
        return (
            f"syntax error at {where}: found {_quoted(found)} after the end of the query; "
            f"only LIMIT, OFFSET, ORDER BY, GROUP BY, HAVING or VALUES may follow it{hint}"
        )
    snippet = " ".join(text[index : index + 40].split())
    return (
        f"syntax error at {where}: the part beginning {_quoted(snippet)} cannot be read as "
        f"SPARQL; check the word or symbol {_quoted(found)} and what follows it"
        f"{_nearest(found, KEYWORDS)}"
    )


def _unbalanced(text: str) -> str:
    """Return a message for the first unclosed quote or bracket, or an unmatched closer."""
    stack: list[tuple[str, int]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\":
                    j += 1
                elif text[j] == "\n" and len(quote) == 1:
                    break
                j += 1
            if j >= n or not text.startswith(quote, j):
                return (
                    f"syntax error at {_position(text, i)}: the text in quotes that starts "
                    f"here is never closed (a {quote} is missing)"
                )
            i = j + len(quote)
            continue
        if char == "<":
            match = re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])
            if match:
                i += match.end()
                continue
        if char in _PAIRS:
            stack.append((char, i))
        elif char in _CLOSERS:
            if not stack or stack[-1][0] != _CLOSERS[char]:
                return (
                    f"syntax error at {_position(text, i)}: found {_quoted(char)} with no "
                    f"{_quoted(_CLOSERS[char])} open before it"
                )
            stack.pop()
        i += 1
    if stack:
        opener, at = stack[-1]
        return (
            f"syntax error at {_position(text, at)}: the {_quoted(opener)} opened here is "
            f"never closed (a {_quoted(_PAIRS[opener])} is missing)"
        )
    return ""


def _index(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    line = min(max(line, 1), len(lines))
    return sum(len(row) + 1 for row in lines[: line - 1]) + max(column - 1, 0)


def _position(text: str, index: int) -> Position:
    before = text[:index]
    return Position(before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1)


def _token_at(text: str, index: int) -> str:
    rest = text[index:].lstrip()
    if not rest:
        return ""
    word = re.match(r"[^\s{}()\[\].,;]+", rest)
    return word.group() if word else rest[0]


def _quoted(text: str) -> str:
    return "\u201c" + (text if len(text) <= 40 else text[:39] + "\u2026") + "\u201d"


def _nearest(found: str, choices: tuple[str, ...]) -> str:
    word = found.upper()
    if word in choices:
        return ""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""
