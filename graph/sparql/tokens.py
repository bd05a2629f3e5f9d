"""SPARQL 1.1 read as tokens: the terminals of the grammar, so a word in a string, an IRI,
a prefixed name or a comment is never taken for a keyword.

The endpoint's fast check (graph.sparql.checks.screen_query) decides from these
tokens what a query may not do (update, SERVICE, FROM, relative IRIs) without
parsing it; the engine's own parser then reads the query for syntax. The terminals
follow the SPARQL 1.1 grammar (section 19.8): IRIREF, PNAME_LN, PNAME_NS,
BLANK_NODE_LABEL, VAR1, VAR2, LANGTAG, the numbers, the four string forms, comments
and whitespace. Anything else is a keyword (a bare word) or punctuation.
"""

from __future__ import annotations

import re

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
"""PN_CHARS_BASE."""
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"(?:[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?)?:"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_VARNAME = rf"[{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
_ECHAR = r"\\."  # any escape: the engine judges which are valid; here only the extent matters

_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<space>\s+)",
            r"(?P<comment>#[^\n\r]*)",
            r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
            rf"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''"
            rf'|"""(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*"""'
            rf"|'(?:[^'\\\n\r]|{_ECHAR})*'"
            rf'|"(?:[^"\\\n\r]|{_ECHAR})*")',
            rf"(?P<blank>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)",
            rf"(?P<var>[?$]{_VARNAME})",
            r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
            rf"(?P<pname>{_PREFIX}(?:{_LOCAL})?)",
            r"(?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<punct>\^\^|\|\||&&|!=|<=|>=|[{}()\[\];,.*+\-/!=<>?|^])",
        ]
    )
)

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
"""The words an update operation starts with (SPARQL 1.1 Update, section 3)."""
_WORDS = """
    BASE PREFIX SELECT DISTINCT REDUCED AS CONSTRUCT WHERE DESCRIBE ASK FROM NAMED GROUP BY
    HAVING ORDER ASC DESC LIMIT OFFSET VALUES UNDEF OPTIONAL GRAPH SERVICE SILENT BIND MINUS
    UNION FILTER A NOT IN EXISTS TRUE FALSE STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE
    RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS
    STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID
    MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK
    ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR
    DATA INTO TO DEFAULT ALL USING
"""
KEYWORDS = frozenset(_WORDS.split()) | UPDATE_WORDS
"""Every bare word of SPARQL 1.1 Query and Update, upper-cased (the words are case-insensitive;
``a`` is matched as ``A``)."""
OPENERS = frozenset("{([")
CLOSERS = frozenset("})]")


Token = tuple[str, str]
"""One terminal of a query: its kind (a group name of the pattern above) and its text."""


class LexError(ValueError):
    """The text holds something no SPARQL terminal matches (the engine's parser words it)."""


def tokenize(text: str) -> list[Token]:
    """Return the tokens of ``text`` without whitespace and comments; LexError if a character
    starts no terminal (an unclosed string, a stray backslash)."""
    tokens: list[Token] = []
    position = 0
    for found in _TOKEN.finditer(text):
        if found.start() != position:  # finditer skips what no terminal matches
            break
        position = found.end()
        kind = found.lastgroup or ""
        if kind != "space" and kind != "comment":
            tokens.append((kind, found.group()))
    if position != len(text):
        raise LexError(f"no SPARQL token starts at character {position}")
    return tokens
