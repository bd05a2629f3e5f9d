"""rdflib's SPARQL parser behind one lock, so any number of threads may call it.

rdflib parses SPARQL with pyparsing, whose grammar objects keep state while they
parse: two threads parsing at once corrupt each other's parse (``TypeError:
Param.postParse2() missing ... 'tokenList'``) and can leave the shared grammar
broken for the rest of the process. The app runs each session in a thread and
the endpoint runs requests in a thread pool, so every rdflib SPARQL parse in
briefgraph goes through this module. Parsing takes milliseconds; running a
query happens outside the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

PARSER_LOCK = threading.RLock()
"""Held for every use of rdflib's SPARQL grammar in this process (pyshacl's included)."""


def parse_query(text: str) -> Any:
    """Return rdflib's parse tree of a SPARQL query; pyparsing's ParseException if malformed."""
    from rdflib.plugins.sparql.parser import parseQuery

    with PARSER_LOCK:
        return parseQuery(text)


def parse_update(text: str) -> Any:
    """Return rdflib's parse tree of a SPARQL update; pyparsing's ParseException if malformed."""
    from rdflib.plugins.sparql.parser import parseUpdate

    with PARSER_LOCK:
        return parseUpdate(text)


def translate_query(parsed: Any) -> Any:
    """Return the algebra of a parsed query (rdflib's translateQuery)."""
    from rdflib.plugins.sparql.algebra import translateQuery

    with PARSER_LOCK:
        return translateQuery(parsed)


def prepare_query(text: str, namespaces: Mapping[str, Any]) -> Any:
    """Return a prepared rdflib Query, parsed and translated under the lock."""
    from rdflib.plugins.sparql import prepareQuery

    with PARSER_LOCK:
        return prepareQuery(text, initNs=dict(namespaces))
