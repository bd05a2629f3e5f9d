"""RDF that reaches out or expands without bound is refused before any parser sees it.

RDF/XML can declare a DOCTYPE whose entities read local files (``SYSTEM
"file:///etc/passwd"``) or expand exponentially (a 700-byte "billion laughs" kept
rdflib busy for over a minute and crashed Oxigraph at 3 GB); JSON-LD can name a
remote or ``file:`` ``@context`` (or ``@import``) that rdflib's parser would fetch.
briefgraph never fetches anything and never expands entities: such files get a
message saying what to remove.
"""

from __future__ import annotations

import json
from typing import Any

from graph.errors import RDFInputError


def refuse_unsafe_rdf(data: bytes, rdf_format: str, name: str) -> None:
    """Raise RDFInputError when ``data`` (in ``rdf_format``, rdflib's name) declares a DOCTYPE
    or entities (RDF/XML) or a context to fetch (JSON-LD)."""
    if rdf_format == "xml":
        lowered = data.lower()
        if b"<!doctype" in lowered or b"<!entity" in lowered:
            raise RDFInputError(
                f"{name} declares a DOCTYPE or entities, which briefgraph does not read "
                "(they can expand without bound or read other files); remove them and try again"
            )
    elif rdf_format == "json-ld":
        try:
            document = json.loads(data)
        except (ValueError, UnicodeDecodeError) as error:
            raise RDFInputError(f"{name} is not valid JSON-LD: {error}") from None
        fetched = _fetched_contexts(document)
        if fetched:
            raise RDFInputError(
                f"{name} asks for a JSON-LD context from {fetched[0]!r}, which briefgraph "
                "never fetches (it makes no outbound request); put the context in the file"
            )


def _fetched_contexts(node: Any) -> list[str]:
    """Return every context IRI a JSON-LD document would have its parser load."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                found += _context_references(value)
            found += _fetched_contexts(value)
    elif isinstance(node, list):
        for item in node:
            found += _fetched_contexts(item)
    return found


def _context_references(context: Any) -> list[str]:
    if isinstance(context, str):
        return [context]
    if isinstance(context, list):
        return [ref for item in context for ref in _context_references(item)]
    if isinstance(context, dict) and isinstance(context.get("@import"), str):
        return [context["@import"]]
    return []
