"""User-written SPARQL: checked before it runs, refused when it would write or reach out.

Every query a person types (in the app, the CLI or over HTTP) is checked first.
The graph is read-only and briefgraph makes no outbound request, so updates,
LOAD, SERVICE and FROM/FROM NAMED are refused before any engine runs the query.

Two checks, with the same refusals in the same words:

- ``check_query`` reads the query with rdflib's parser and inspects its algebra:
  the check for the rdflib backend, which parses with it anyway, and the one
  that words a syntax error (line, column, what was found).
- ``screen_query`` decides from the query's tokens (graph.sparql.tokens) alone,
  in tens of microseconds where rdflib's parse takes 2-40 ms: the check for
  Oxigraph and remote servers, whose own parser then reads the query for syntax.
  Whatever the tokens cannot clear for certain (an unknown word, a relative-looking
  IRI, deep nesting, text no terminal matches) goes to ``check_query``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.errors import QueryRefusedError, QuerySyntaxError
from graph.model.namespaces import PREFIXES
from graph.sparql.tokens import (
    CLOSERS,
    KEYWORDS,
    OPENERS,
    QUERY_FORMS,
    UPDATE_WORDS,
    LexError,
    Token,
    tokenize,
)
from graph.sparql.wording import describe
from graph.store.rdflib_sparql import parse_query, parse_update, translate_query

MAX_QUERY_CHARS = 100_000
MAX_SCREENED_DEPTH = 40
"""Brackets nested deeper than this are left to rdflib's reading (which refuses a query
nested too deeply to read, as an engine's parser could overflow its stack on one)."""
UPDATES_REFUSED = (
    "updates are not allowed: the graph is read-only "
    "(INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE and COPY are refused)"
)
SERVICE_REFUSED = (
    "SERVICE (federated query) is not allowed: briefgraph never contacts other servers"
)
RUN_TOGETHER = ("SERVICE", "FROM")
"""Keywords an engine might read at the start of a prefixed name ("SERVICE:x", "FROMg:x")."""
QUERY_WORDS = KEYWORDS - UPDATE_WORDS - {"BASE", "PREFIX"}
"""The words a query may hold after its prologue (any other leaves it to rdflib's reading)."""
FROM_REFUSED = "FROM and FROM NAMED are not allowed: queries run on the loaded graph only"

_STARTS_AS_UPDATE = re.compile(
    r"\s*((PREFIX|BASE)\s+[^<]*<[^>]*>\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_UPDATE_KEYWORDS = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class CheckedQuery:
    """A user query that passed the checks: its form and its text with briefgraph's prefixes."""

    form: str
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    text: str


def check_query(text: str, *, base: str | None = None) -> CheckedQuery:
    """Return the query ready to run, or raise QueryError saying in plain words why not.

    ``base`` is the IRI relative IRIs resolve against when the query declares
    none (the endpoint passes its own URL, as the SPARQL Protocol allows).

    Checks are cached by query text: rdflib's parser takes 2-25 ms a query, far
    more than Oxigraph takes to answer most of them, and dashboards and the
    example library send the same texts again and again.
    """
    return _check_cached(text, base)


def screen_query(text: str, *, base: str | None = None) -> CheckedQuery:
    """Return the query ready for an engine that parses it itself, or raise QueryError.

    Refuses what ``check_query`` refuses, in its words, from the tokens alone; a
    query the tokens cannot clear is read by ``check_query``. A query screened here
    may still be malformed: the engine's parser says so, and ``check_query`` words it.
    """
    return _screen_cached(text, base)


@functools.lru_cache(maxsize=512)
def _screen_cached(text: str, base: str | None) -> CheckedQuery:
    _check_size(text)
    try:
        tokens = tokenize(text)
    except LexError:
        return check_query(text, base=base)
    form = _screen(tokens, based=bool(base and _IRI.fullmatch(base)))
    if form is None:
        return check_query(text, base=base)
    return CheckedQuery(form=form, text=_with_missing_prefixes(text, base))


def _screen(tokens: list[Token], *, based: bool) -> str | None:
    """Return the query form, raise QueryRefusedError for what is refused, or return None
    when the tokens alone cannot clear the query. ``based``: relative IRIs have a base."""
    position = 0
    while position < len(tokens) and tokens[position][1].upper() in {"BASE", "PREFIX"}:
        # BASE <iri> or PREFIX name: <iri>
        width = 2 if tokens[position][1].upper() == "BASE" else 3
        declared = tokens[position + 1 : position + width]
        if len(declared) < width - 1 or declared[-1][0] != "iri":
            return None
        if width == 3 and (declared[0][0] != "pname" or not declared[0][1].endswith(":")):
            return None
        if not based and not _SCHEME.match(declared[-1][1], 1):
            return None  # rdflib's reading names the relative IRI
        based = based or width == 2
        position += width
    first = tokens[position][1].upper() if position < len(tokens) else ""
    if first in UPDATE_WORDS:
        raise QueryRefusedError(UPDATES_REFUSED)
    if first not in QUERY_FORMS:
        return None
    depth = deepest = 0
    for kind, text in tokens[position:]:
        if kind == "pname" and text.upper().startswith(RUN_TOGETHER):
            # Oxigraph's grammar matches a keyword without a word boundary: it reads
            # "SERVICE:x {" as SERVICE <…x> and calls it. rdflib's reading decides these.
            return None
        if kind == "word":
            word = text.upper()
            if word == "SERVICE":
                raise QueryRefusedError(SERVICE_REFUSED)
            if word == "FROM":
                raise QueryRefusedError(FROM_REFUSED)
            if word not in QUERY_WORDS:
                return None
        elif kind == "iri":
            if not based and not _SCHEME.match(text, 1):
                return None  # rdflib's reading names the relative IRI (or finds a "<" there)
        elif text in OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif text in CLOSERS:
            depth -= 1
    return first if deepest <= MAX_SCREENED_DEPTH else None


def _check_size(text: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(f"the query is longer than {MAX_QUERY_CHARS:,} characters")
    if not text.strip():
        raise QuerySyntaxError("the query is empty")


@functools.lru_cache(maxsize=512)
def _check_cached(text: str, base: str | None) -> CheckedQuery:
    _check_size(text)
    from pyparsing import ParseException

    full_text = _with_missing_prefixes(text, base)
    try:
        parsed = parse_query(full_text)
    except ParseException as error:
        if _is_update(full_text, parse_update):
            raise QueryRefusedError(UPDATES_REFUSED) from None
        raise QuerySyntaxError(_syntax_message(text, base, error)) from None
    except RecursionError:
        raise QuerySyntaxError("the query is nested too deeply to be read") from None
    try:
        algebra = translate_query(parsed).algebra
    except RecursionError:
        raise QuerySyntaxError("the query is nested too deeply to be read") from None
    except Exception as error:
        raise QuerySyntaxError(
            f"the query cannot be run: {' '.join(str(error).split())[:200]}"
        ) from None
    form = algebra.name.removesuffix("Query").upper()
    if form not in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
        raise QuerySyntaxError(f"unsupported query form {algebra.name}")
    if _contains(algebra, "ServiceGraphPattern"):
        raise QueryRefusedError(SERVICE_REFUSED)
    if _contains(algebra, "DatasetClause"):
        raise QueryRefusedError(FROM_REFUSED)
    relative = _relative_iri(algebra)
    if relative is not None:
        raise QuerySyntaxError(
            f"<{relative}> is a relative IRI and the query has no base to resolve it against: "
            "write the IRI in full, or begin the query with BASE <http://…/>"
        )
    return CheckedQuery(form=form, text=full_text)


def _with_missing_prefixes(text: str, base: str | None = None) -> str:
    """Return ``text`` with PREFIX lines for the known prefixes it uses but does not declare,
    after a BASE line for ``base`` (a BASE the query declares itself comes later and wins)."""
    declared = {m.lower() for m in re.findall(r"PREFIX\s+([\w-]*):", text, re.IGNORECASE)}
    used = set(re.findall(r"(?<![\w<?$])([A-Za-z][\w-]*):", text))
    missing = {k: v for k, v in PREFIXES.items() if k in used and k.lower() not in declared}
    prologue = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in missing.items())
    if base and _IRI.fullmatch(base):
        prologue = f"BASE <{base}>\n" + prologue
    return prologue + text


_IRI = re.compile(r"[^<>\"{}|^`\\\s]+")
"""What may stand between < and > in a SPARQL IRI."""


def prologue_lines(text: str, base: str | None = None) -> int:
    """Return how many BASE and PREFIX lines check_query puts before ``text``."""
    return _with_missing_prefixes(text, base).count("\n") - text.count("\n")


def _syntax_message(text: str, base: str | None, error: Any) -> str:
    """Return the syntax error in words, with its position in the user's own text (the
    lines briefgraph adds are not counted)."""
    added = prologue_lines(text, base)
    line = max(1, int(error.lineno) - added)
    return describe(text, line, int(error.col), "end of text" in str(error.msg))


def _is_update(text: str, parse_update: Any) -> bool:
    if not _UPDATE_KEYWORDS.search(text):
        return False
    try:
        parse_update(text)
    except Exception:
        # A malformed update is still an update: refuse it as one.
        return bool(_STARTS_AS_UPDATE.match(text))
    return True


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _relative_iri(algebra: Any) -> str | None:
    """Return the first IRI in the query algebra that has no scheme, or None."""
    from rdflib import URIRef

    for item in _walk(algebra):
        if isinstance(item, URIRef) and not _SCHEME.match(item):
            return str(item)
    return None


def _contains(algebra: Any, name: str) -> bool:
    """Return True when the query algebra has a node called ``name`` anywhere."""
    return any(getattr(item, "name", None) == name for item in _walk(algebra))


def _walk(node: Any) -> Iterator[Any]:
    """Yield every node and term of a query algebra (without recursion: queries nest deep)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set):
            stack.extend(item)
