"""The limits briefgraph keeps, in one place: safe defaults, each settable in the environment.

| setting | variable | default |
|---|---|---|
| a query's time | BRIEFGRAPH_QUERY_TIMEOUT | 10 s |
| rows (or triples) a query returns | BRIEFGRAPH_MAX_ROWS | 10,000 |
| memory a query's worker may add | BRIEFGRAPH_WORKER_MEMORY_MB | 1,024 MB |
| query time one client may use per minute | BRIEFGRAPH_CLIENT_QUERY_SECONDS | 30 s |
| an uploaded document | BRIEFGRAPH_UPLOAD_MB | 20 MB |
| pages read from one PDF | BRIEFGRAPH_MAX_PDF_PAGES | 5,000 |
| characters of text read from one PDF | BRIEFGRAPH_MAX_PDF_CHARACTERS | 10,000,000 |
| reading and parsing one document | BRIEFGRAPH_DOCUMENT_SECONDS | 1,800 s |
| nodes a page of the explorer draws | BRIEFGRAPH_NODE_BUDGET | 300 |
| other origins that may read the endpoint | BRIEFGRAPH_CORS | none |
| visitors beyond loopback may save | BRIEFGRAPH_ALLOW_WRITES | no |

Command-line flags (``--timeout``, ``--max-rows``, ``--cors``, ``--allow-writes``)
win over the environment. A value that is not a number, or out of its range, is
an error that names the variable, never a silent default.

One bound is not a setting: an HTML page nested deeper than ``MAX_HTML_DEPTH``
(256, libxml2's own limit) is refused.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

from graph.errors import BriefgraphError


class SettingsError(BriefgraphError):
    """A setting in the environment cannot be used; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Every limit, with its safe default."""

    query_timeout: float = 10.0
    max_rows: int = 10_000
    worker_memory_mb: int = 1024
    client_query_seconds: float = 30.0
    request_seconds: float = 10.0
    upload_mb: int = 20
    max_pdf_pages: int = 5_000
    max_pdf_characters: int = 10_000_000
    document_seconds: float = 1800.0
    node_budget: int = 300
    cors_origins: tuple[str, ...] = ()
    allow_writes: bool = False


VARIABLES = {
    "query_timeout": ("BRIEFGRAPH_QUERY_TIMEOUT", 0.1, 3600.0),
    "max_rows": ("BRIEFGRAPH_MAX_ROWS", 1, 1_000_000),
    "worker_memory_mb": ("BRIEFGRAPH_WORKER_MEMORY_MB", 64, 1_048_576),
    "client_query_seconds": ("BRIEFGRAPH_CLIENT_QUERY_SECONDS", 1.0, 3600.0),
    "request_seconds": ("BRIEFGRAPH_REQUEST_SECONDS", 0.5, 600.0),
    "upload_mb": ("BRIEFGRAPH_UPLOAD_MB", 1, 1024),
    "max_pdf_pages": ("BRIEFGRAPH_MAX_PDF_PAGES", 1, 1_000_000),
    "max_pdf_characters": ("BRIEFGRAPH_MAX_PDF_CHARACTERS", 1_000, 1_000_000_000),
    "document_seconds": ("BRIEFGRAPH_DOCUMENT_SECONDS", 1.0, 86_400.0),
    "node_budget": ("BRIEFGRAPH_NODE_BUDGET", 20, 5_000),
    "cors_origins": ("BRIEFGRAPH_CORS", None, None),
    "allow_writes": ("BRIEFGRAPH_ALLOW_WRITES", None, None),
}
"""Setting -> (environment variable, lowest, highest)."""

DEFAULTS = Settings()

MAX_HTML_DEPTH = 256
"""Deepest nesting of elements read from an HTML page (libxml2's own limit, not a setting)."""


def settings(environment: Mapping[str, str] | None = None) -> Settings:
    """Return the settings: defaults, with what the environment sets."""
    env = os.environ if environment is None else environment
    values: dict[str, object] = {}
    for field in fields(Settings):
        variable, low, high = VARIABLES[field.name]
        text = env.get(variable, "").strip()
        if not text:
            continue
        if field.name == "cors_origins":
            values[field.name] = tuple(o.strip() for o in text.split(",") if o.strip())
        elif field.name == "allow_writes":
            if text.lower() not in {"1", "0", "yes", "no", "true", "false"}:
                raise SettingsError(f"{variable} must be yes or no, not {text!r}")
            values[field.name] = text.lower() in {"1", "yes", "true"}
        else:
            kind = float if isinstance(getattr(DEFAULTS, field.name), float) else int
            try:
                number = kind(text)
            except ValueError:
                raise SettingsError(
                    f"{variable} must be a number from {low:,} to {high:,}, not {text!r}"
                ) from None
            if not low <= number <= high:  # type: ignore[operator]
                raise SettingsError(f"{variable} must be from {low:,} to {high:,}, not {text}")
            values[field.name] = number
    return Settings(**values)  # type: ignore[arg-type]
