"""The query check: updates, SERVICE and FROM are refused from the parsed query, in plain words."""

from __future__ import annotations

import pytest

from graph.errors import QueryError
from graph.sparql.checks import check_query

REFUSED = [
    # (query, words the message must contain)
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "updates are not allowed"),
    ("DELETE WHERE { ?s ?p ?o }", "updates are not allowed"),
    ("PREFIX ex: <http://example.org/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "updates are not"),
    ("LOAD <file:///etc/passwd>", "updates are not allowed"),
    ("CLEAR DEFAULT", "updates are not allowed"),
    ("DROP ALL", "updates are not allowed"),
    ("CREATE GRAPH <urn:g>", "updates are not allowed"),
    ("ADD DEFAULT TO <urn:g>", "updates are not allowed"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://x.invalid/> { ?s ?p ?o } } }", "SERVICE"),
    ("SELECT * { { SELECT * { SERVICE <http://x.invalid/> { ?s ?p ?o } } } }", "SERVICE"),
    ("SELECT * FROM <http://x.invalid/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("SELECT * WHERE {\n  ?s ?p\n}", "syntax error at line 2, column 3"),
    ("SELECT ?s\nWHERE { ?s ?p ?o }\nLIMT 3", "line 3, column 1: found \u201cLIMT\u201d"),
    ("SELECT ?s\nWHERE { ?s ?p ?o }\nLIMT 3", "(did you mean LIMIT?)"),
    ("SELEC ?s WHERE { ?s ?p ?o }", "line 1, column 1: found \u201cSELEC\u201d where the query"),
    ("SELEC ?s WHERE { ?s ?p ?o }", "(did you mean SELECT?)"),
    (
        "PREFIX x: <urn:x>\nSELECT ?s WHERE {\n ?s ?p ?o",
        "line 2, column 17: the \u201c{\u201d opened",
    ),
    ("SELECT ?s WHERE { ?s ?p ?o } }", "found \u201c}\u201d with no \u201c{\u201d open"),
    ("SELECT ?s WHERE { ?s ?p 'abc }", "column 25: the text in quotes that starts here is never"),
    ("SELECT ?s WHERE { ?s <urn:a> ?o FILTER (?o < 3) ", "a \u201c}\u201d is missing"),
    ("SELECT ?s WHERE { ?s ?p ?o FILTER(?s = ) }", "syntax error at line 1, column"),
    ("SELECT * WHERE { " + "{ " * 60 + "?s ?p ?o" + " }" * 60 + " }", "nested too deeply"),
    ("", "empty"),
    ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 100_001, "longer than"),
]


@pytest.mark.parametrize(("query", "words"), REFUSED, ids=lambda v: str(v)[:40])
def test_hostile_or_broken_queries_are_refused_in_plain_words(query: str, words: str) -> None:
    with pytest.raises(QueryError) as raised:
        check_query(query)
    assert words in str(raised.value)


@pytest.mark.parametrize(
    ("query", "form", "declared"),
    [
        ("SELECT ?c WHERE { ?c a bg:Threat }", "SELECT", {"bg"}),
        ("ASK { ?c a bg:Threat ; skos:prefLabel ?l }", "ASK", {"bg", "skos"}),
        ("CONSTRUCT WHERE { ?c a bg:Threat }", "CONSTRUCT", {"bg"}),
        ("DESCRIBE concept:terrorism", "DESCRIBE", {"concept"}),
        (
            "PREFIX bg: <https://w3id.org/briefgraph/ontology#> SELECT * { ?c a bg:Threat }",
            "SELECT",
            set(),
        ),
        ("SELECT ?s WHERE { ?s rdfs:label 'delete' }", "SELECT", {"rdfs"}),
        ("SELECT ?s WHERE { ?s <http://x.org/p> 'a:b' }", "SELECT", set()),
    ],
)
def test_read_only_queries_pass_with_the_prefixes_they_use_declared(
    query: str, form: str, declared: set[str]
) -> None:
    checked = check_query(query)
    assert checked.form == form
    added = {
        line.split()[1].rstrip(":")
        for line in checked.text.splitlines()
        if line.startswith("PREFIX") and line not in query
    }
    assert added == declared


def test_checks_are_cached_by_query_text() -> None:
    query = "SELECT ?c WHERE { ?c a bg:Outcome }"
    assert check_query(query) is check_query(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELEC ?s WHERE { ?s ?p ?o }",
        "SELECT ?s WHERE { ?s ?p ?o ",
        "SELECT * WHERE { ?s ?p ?o } LIMT 5",
        "SELECT * WHERE { ?s ?p }",
    ],
)
def test_syntax_errors_name_no_grammar_tokens(query: str) -> None:
    with pytest.raises(QueryError) as raised:
        check_query(query)
    message = str(raised.value)
    for token in ('"{|"', '"~"', "[_]", "expected one of", "Expected", "Query"):
        assert token not in message, message


def test_a_query_only_oxigraph_can_read_is_refused_without_running_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    import pyoxigraph

    class NoStore:
        def __init__(self, *args: object) -> None:
            raise AssertionError("a user query was run in the caller's process")

    monkeypatch.setattr(pyoxigraph, "Store", NoStore)
    blocks = " ".join(f"VALUES ?v{i} {{ {' '.join(map(str, range(10)))} }}" for i in range(6))
    query = (
        f"SELECT * WHERE {{ {blocks} LATERAL {{ SELECT * {{ ?s ?p ?o }} LIMIT 1 }} }} ORDER BY ?v0"
    )
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"line 1, column \d+: .*LATERAL") as raised:
        check_query(query)
    assert time.monotonic() - started < 1.0
    assert "did you mean" not in str(raised.value)
