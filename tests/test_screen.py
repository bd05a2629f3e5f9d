"""The token screen: the endpoint's fast check refuses what rdflib's reading refuses, in the
same words, without parsing a good query with rdflib, and a keyword in a literal, an IRI, a
prefixed name or a comment is not a keyword."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import QueryError, QueryRefusedError
from graph.sparql import checks
from graph.sparql.checks import check_query, screen_query
from graph.sparql.tokens import LexError, tokenize
from graph.store.queries import example_queries
from tests.conftest import Listener
from tests.hostile.test_table import SPARQL, UPDATES
from tests.test_sparql import REFUSED


def outcome(check: object, text: str) -> str:
    try:
        return check(text).form  # type: ignore[operator, no-any-return]
    except QueryRefusedError as error:
        return f"refused: {error}"
    except QueryError as error:
        return f"error: {error}"


@pytest.fixture
def rdflib_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if rdflib's parser reads a query."""

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("rdflib's parser read a query the screen should have cleared")

    monkeypatch.setattr(checks, "parse_query", forbidden)
    monkeypatch.setattr(checks, "parse_update", forbidden)


@pytest.mark.parametrize("query", [q.text for q in example_queries()], ids=lambda t: t[:30])
def test_every_example_query_is_cleared_without_rdflib(query: str, rdflib_forbidden: None) -> None:
    fresh = query + "\n# a text of its own"
    assert screen_query(fresh).form in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


REFUSALS = sorted(
    {q for q, words in REFUSED if any(w in words for w in ("updates", "SERVICE", "FROM"))}
    | set(UPDATES)
    | {str(c.payload) for c in SPARQL if c.expect in {"SERVICE", "FROM"}}
)


@pytest.mark.parametrize("query", REFUSALS, ids=lambda t: t[:40])
def test_refusals_come_from_the_tokens_in_rdflibs_words(query: str) -> None:
    expected = outcome(check_query, query)
    assert expected.startswith("refused:")
    assert outcome(screen_query, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }" }',
        "SELECT * WHERE { ?s ?p '''INSERT DATA { <urn:a> <urn:b> <urn:c> }''' }",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        "PREFIX s: <http://example.org/> SELECT * WHERE { ?s s:service ?o . ?o s:from ?x }",
        "SELECT ?service ?from WHERE { ?service ?p ?from }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> FROM <file:///etc/passwd>",
        'SELECT * WHERE { ?s ?p "x"@service }',
        "SELECT * WHERE { _:service ?p ?o }",
        r"PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:a\#SERVICE ?o }",
    ],
)
def test_a_keyword_inside_a_literal_iri_name_or_comment_is_not_refused(
    query: str, rdflib_forbidden: None
) -> None:
    assert screen_query(query).form == "SELECT"


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("SELECT * WHERE { ?s ?p ?o LATERAL { SELECT * { ?s ?q ?v } } }", "LATERAL"),
        ("CONSTRUCT { <s> <p> 1 } WHERE {}", "relative IRI"),
        ("SELECT * WHERE { " + "{ " * 80 + "?s ?p ?o" + " }" * 80 + " }", "nested too deeply"),
        ("SELEC ?s WHERE { ?s ?p ?o }", "did you mean SELECT?"),
        ("SELECT ?s WHERE { ?s ?p 'x }", "never closed"),
    ],
)
def test_what_the_tokens_cannot_clear_is_read_by_rdflib(query: str, words: str) -> None:
    with pytest.raises(QueryError, match=words):
        screen_query(query)


def test_a_base_makes_relative_iris_resolvable(rdflib_forbidden: None) -> None:
    assert screen_query("CONSTRUCT { <s> <p> 1 } WHERE {}", base="http://h/sparql").form
    assert screen_query("BASE <http://h/> SELECT * WHERE { <s> ?p ?o }").form == "SELECT"


def test_the_tokenizer_keeps_strings_whole_and_rejects_stray_characters() -> None:
    tokens = tokenize("SELECT ?x WHERE { ?x ?p 'it''s' . ?x ?q \"a\\\"b\" }")
    assert ("string", "'it'") in tokens and ("string", '"a\\"b"') in tokens
    with pytest.raises(LexError):
        tokenize("SELECT * WHERE { ?s ?p ?o } \\")


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
        "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICESILENT:x { ?s ?p ?o } }",
        "PREFIX v: <http://127.0.0.1:9/> SELECT * WHERE { SERVICEv:x { ?s ?p ?o } }",
        "PREFIX : <http://127.0.0.1:9/> SELECT * FROM:x WHERE { ?s ?p ?o }",
    ],
)
def test_a_keyword_run_into_a_prefixed_name_is_left_to_rdflib(query: str) -> None:
    """Oxigraph reads "SERVICE:x {" as a SERVICE call (its keywords need no word boundary):
    such names are never cleared from the tokens, and rdflib's reading refuses them."""
    assert checks._screen(tokenize(query), based=False) is None
    with pytest.raises(QueryError):
        screen_query(query)


def test_a_prefix_named_service_still_runs_where_it_is_only_a_name() -> None:
    query = "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:from ?o }"
    assert screen_query(query).form == "SELECT"  # read by rdflib, which finds no SERVICE


CALLS = ["SERVICE <{iri}>", "SERVICE:x", "SERVICESILENT:x", "SERVICE SILENT v:x", "service<{iri}>",
         "SeRvIcE v:x", "SERVICE#c\n:x", "SERVICEv:x", "SERVICE ?e", "ex:a SERVICE:x"]  # fmt: skip
"""Ways of writing a call to another server (and near misses), spaced or run together."""
TRIPLES = ["?s ?p ?o", "?s a ?o", ":x ?p 'SERVICE'", "?s v:SERVICE ?o", "?s ?p <{iri}s>", ""]


def patterns() -> st.SearchStrategy[str]:
    """Group graph patterns that Oxigraph mostly reads, with calls written every way."""
    triple = st.sampled_from(TRIPLES)
    return st.recursive(
        triple,
        lambda inner: st.one_of(
            st.builds(lambda a, b: f"{a} . {b}", inner, inner),
            st.builds(lambda a: f"{{ {a} }}", inner),
            st.builds(lambda a: f"OPTIONAL {{ {a} }}", inner),
            st.builds(lambda a, b: f"{{ {a} }} UNION {{ {b} }}", inner, inner),
            st.builds(lambda a: f"FILTER EXISTS {{ {a} }}", inner),
            st.builds(
                lambda call, gap, a: f"{call}{gap}{{ {a} }}",
                st.sampled_from(CALLS),
                st.sampled_from(["", " ", "\n", " # c\n"]),
                inner,
            ),
        ),
        max_leaves=6,
    )


@given(patterns(), st.sampled_from(["", "VALUES ?e { <{iri}e> } "]))
@settings(
    max_examples=300,
    deadline=None,
    # the listener is shared by the examples: each compares its count before and after
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_no_query_the_check_clears_makes_oxigraph_call_out(
    listener: Listener, pattern: str, values: str
) -> None:
    """Differential: however a call to another server is written, if the check clears the
    query, Oxigraph running it (an empty store, a listener where the call would go) calls
    no one."""
    import pyoxigraph

    iri = f"http://127.0.0.1:{listener.port}/"
    body = (values + pattern).replace("{iri}", iri)
    query = f"PREFIX : <{iri}> PREFIX v: <{iri}> PREFIX ex: <{iri}>\nSELECT * WHERE {{ {body} }}"
    try:
        checked = screen_query(query)
    except QueryError:
        return
    before = listener.connections
    try:
        result = pyoxigraph.Store().query(checked.text)
        if isinstance(result, pyoxigraph.QuerySolutions):
            list(result)
    except Exception:
        pass  # malformed for Oxigraph too, or a failed call: the listener counts calls
    time.sleep(0.05)
    assert listener.connections == before, query
