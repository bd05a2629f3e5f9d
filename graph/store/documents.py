"""The source documents held in a graph: identifier, title and full text."""

from __future__ import annotations

from dataclasses import dataclass

from graph.store.backends import Store
from graph.store.queries import load_query


@dataclass(frozen=True)
class Document:
    """A source document as stored in the graph."""

    iri: str
    identifier: str
    title: str
    text: str


def documents(store: Store) -> list[Document]:
    """Return every source document in ``store``, by identifier."""
    return [
        Document(
            iri=str(row["document"]),
            identifier=str(row["identifier"]),
            title=str(row["title"] or row["identifier"]),
            text=str(row["text"]),
        )
        for row in store.query(load_query("documents").text).dicts()
    ]


def document_titles(store: Store) -> dict[str, str]:
    """Return each document's title by IRI."""
    return {d.iri: d.title for d in documents(store)}
