"""A label index built with the store: search that does not scan, in every language.

It also keeps every typed resource's class and degree, so the most connected
resources and the count of each class (the explorer's first picture of a large
graph) are read, not computed, after the first load.

SQLite's FTS5 (it ships with Python) holds every label and other name of every
resource, accents and case folded: one table by words for exact, prefix and
word matches, one by trigrams for substrings. Candidates come from the index
and are ranked as the network search ranks them (exact, other name, prefix,
word, substring; shorter labels first). For an on-disk store the index lives in
its folder and is built once; it is rebuilt with the store when the source
changes, because the folder is named by the source's content.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from graph.model.kinds import primary_type
from graph.model.text import match_rank, normalise
from graph.store.backends import Store, value_rows
from graph.store.queries import load_query

PREFERRED = {
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://schema.org/name",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/elements/1.1/title",
}
CANDIDATES = 400
INDEX_FILE = "labels-3.sqlite"
"""The index file in a store's folder; the number changes when its tables do."""


@dataclass(frozen=True, order=True)
class LabelHit:
    """A resource whose label matched: best first by kind, then shorter label."""

    rank: int
    length: int
    label: str
    iri: str
    language: str


class LabelIndex:
    """An FTS5 index of a store's labels; safe to share between threads."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    @classmethod
    def for_store(cls, store: Store) -> LabelIndex:
        """Return the store's index: read from its folder, or built (and kept there)."""
        location: Path | None = getattr(store, "location", None)
        if location is not None and (location / INDEX_FILE).is_file():
            return cls(sqlite3.connect(location / INDEX_FILE, check_same_thread=False))
        target = ":memory:" if location is None else str(location / f".{INDEX_FILE}.tmp")
        connection = sqlite3.connect(target, check_same_thread=False)
        _fill(connection, store)
        if location is None:
            return cls(connection)
        connection.close()
        Path(target).replace(location / INDEX_FILE)
        return cls(sqlite3.connect(location / INDEX_FILE, check_same_thread=False))

    def search(self, query: str, limit: int = 20, language: str | None = None) -> list[LabelHit]:
        """Return the resources whose labels match ``query``, best match first."""
        needle = normalise(query)
        if not needle:
            return []
        words = [w for w in needle.replace('"', " ").split() if w]
        match = " ".join(f'"{w}"*' for w in words)
        with self._lock:
            rows = self._connection.execute(
                "SELECT iri, label, normalised, preferred, language FROM words "
                "WHERE words MATCH ? LIMIT ?",
                (match, CANDIDATES),
            ).fetchall()
            if len(needle) >= 3:
                rows += self._connection.execute(
                    "SELECT iri, label, normalised, preferred, language FROM trigrams "
                    "WHERE trigrams MATCH ? LIMIT ?",
                    ('"' + needle.replace('"', " ") + '"', CANDIDATES),
                ).fetchall()
        best: dict[str, LabelHit] = {}
        for iri, label, normalised, preferred, tag in rows:
            if language and tag and tag != language and not preferred:
                continue
            rank = match_rank(normalised, needle, not preferred)
            if rank is None:
                continue
            hit = LabelHit(rank, len(label), label, iri, tag)
            if iri not in best or hit < best[iri]:
                best[iri] = hit
        return sorted(best.values())[:limit]

    def top_degree(self, limit: int = 25, cls: str | None = None) -> list[tuple[str, int]]:
        """Return the most connected resources (of class ``cls`` if given) and their degree,
        computed once with the index."""
        where, args = ("WHERE cls = ?", (cls, limit)) if cls else ("", (limit,))
        with self._lock:
            rows = self._connection.execute(
                f"SELECT iri, degree FROM resources {where} ORDER BY degree DESC, iri LIMIT ?",
                args,
            ).fetchall()
        return [(str(iri), int(degree)) for iri, degree in rows]

    def class_counts(self) -> dict[str, int]:
        """Return how many typed resources each class holds (each counted once, under
        its primary type), so folded counts add up to the whole."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT cls, COUNT(*) FROM resources GROUP BY cls ORDER BY cls"
            ).fetchall()
        return {str(cls): int(count) for cls, count in rows}

    def languages(self) -> list[str]:
        """Return the languages of the labels, most used first."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT language, COUNT(*) AS n FROM words WHERE language != '' "
                "GROUP BY language ORDER BY n DESC, language"
            ).fetchall()
        return [str(language) for language, _ in rows]

    def __contains__(self, iri: object) -> bool:
        """Return True when ``iri`` is a typed resource of the store."""
        with self._lock:
            row = self._connection.execute(
                "SELECT 1 FROM resources WHERE iri = ?", (str(iri),)
            ).fetchone()
        return row is not None

    def resource_count(self) -> int:
        """Return how many typed resources the store holds (the nodes of its network)."""
        with self._lock:
            (count,) = self._connection.execute("SELECT COUNT(*) FROM resources").fetchone()
        return int(count)

    def __len__(self) -> int:
        with self._lock:
            (count,) = self._connection.execute("SELECT COUNT(*) FROM words").fetchone()
        return int(count)


def _fill(connection: sqlite3.Connection, store: Store) -> None:
    connection.execute(
        "CREATE VIRTUAL TABLE words USING fts5(iri UNINDEXED, label UNINDEXED, normalised, "
        "preferred UNINDEXED, language UNINDEXED, tokenize='unicode61 remove_diacritics 2')"
    )
    connection.execute(
        "CREATE VIRTUAL TABLE trigrams USING fts5(iri UNINDEXED, label UNINDEXED, normalised, "
        "preferred UNINDEXED, language UNINDEXED, tokenize='trigram')"
    )
    rows = [
        (resource[0], label[0], normalise(label[0]), int(prop[0] in PREFERRED), label[1])
        for resource, prop, label in value_rows(store, load_query("resource-labels").text)
        if resource and prop and label  # SELECT ?resource ?property ?label
    ]
    for table in ("words", "trigrams"):
        connection.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", rows)
    # Classes and degrees are aggregations over the whole graph (seconds at 1M triples):
    # done once here, so a large graph's first picture reads them.
    types: dict[str, list[str]] = {}
    for resource, kind in value_rows(store, load_query("typed-resources").text):
        if resource is not None and kind is not None:
            types.setdefault(resource[0], []).append(kind[0])
    # Counted here from the links rather than by a GROUP BY: Virtuoso 7.2 miscounts
    # aggregates over UNIONs and FILTER EXISTS, and the count must be the network's degree.
    degrees: dict[str, int] = dict.fromkeys(types, 0)
    for row in value_rows(store, load_query("resource-links").text):
        if row[0] is None or row[2] is None:
            continue
        subject, obj = row[0][0], row[2][0]
        if subject in degrees and obj in degrees:
            degrees[subject] += 1
            degrees[obj] += 1
    connection.execute("CREATE TABLE resources (iri TEXT PRIMARY KEY, cls TEXT, degree INTEGER)")
    connection.executemany(
        "INSERT INTO resources VALUES (?, ?, ?)",
        ((iri, primary_type(kinds), degrees.get(iri, 0)) for iri, kinds in types.items()),
    )
    connection.execute("CREATE INDEX by_degree ON resources (degree DESC, iri)")
    connection.execute("CREATE INDEX by_class ON resources (cls, degree DESC, iri)")
    connection.commit()
