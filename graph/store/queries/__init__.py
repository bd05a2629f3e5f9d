"""Named SPARQL queries: the .rq files in graph/store/queries, each with a title and description.

A query file starts with header comments::

    # title: Concepts
    # description: Every concept with its class and English label.

briefgraph's own code runs the files in graph/store/queries; the example library that
users pick from lives in graph/store/queries/examples.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable


def queries_dir() -> Traversable:
    """Return the folder of named SPARQL queries (graph/store/queries/*.rq)."""
    return resources.files(__name__)


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query file: its name (file stem), title, description and text."""

    name: str
    title: str
    description: str
    text: str


def parse_named_query(name: str, text: str) -> NamedQuery:
    """Return a NamedQuery from a file's text, reading title and description from its header."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        key, sep, value = stripped.lstrip("#").strip().partition(":")
        if sep and key.strip().lower() in {"title", "description"}:
            header[key.strip().lower()] = value.strip()
    return NamedQuery(
        name=name,
        title=header.get("title", name.replace("-", " ").capitalize()),
        description=header.get("description", ""),
        text=text,
    )


@functools.cache
def load_query(name: str) -> NamedQuery:
    """Return briefgraph's own query called ``name`` (graph/queries/<name>.rq)."""
    file = queries_dir() / f"{name}.rq"
    return parse_named_query(name, file.read_text(encoding="utf-8"))


@functools.cache
def example_queries() -> tuple[NamedQuery, ...]:
    """Return the example library (graph/queries/examples/*.rq), sorted by file name."""
    folder = queries_dir() / "examples"
    if not folder.is_dir():
        return ()
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return tuple(
        parse_named_query(f.name.removesuffix(".rq"), f.read_text(encoding="utf-8")) for f in files
    )


_NOT_IN_IRI = set('<>"{}|^`\\ \t\n\r')


def with_values(query: NamedQuery, fills: Mapping[str, Iterable[str]]) -> str:
    """Return ``query``'s text with each empty ``VALUES ?name { }`` block filled with IRIs.

    The IRIs come from the store itself; any that could not be written between angle
    brackets is left out rather than let change the query's meaning."""
    text = query.text
    for variable, iris in fills.items():
        marker = f"VALUES ?{variable} {{ }}"
        if marker not in text:
            raise ValueError(f"the query {query.name} has no empty VALUES block for ?{variable}")
        listed = " ".join(f"<{iri}>" for iri in iris if iri and not _NOT_IN_IRI & set(iri))
        text = text.replace(marker, f"VALUES ?{variable} {{ {listed} }}")
    return text
