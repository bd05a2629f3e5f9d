"""The SPARQL 1.1 Protocol endpoint, started for real and queried over HTTP by real clients."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper

from graph.sparql.checks import check_query
from graph.sparql.results import serialize_result
from graph.store.backends import Store
from graph.store.queries import example_queries
from tests.conftest import ENDPOINT_ROW_LIMIT

EXAMPLES = {q.name: q for q in example_queries()}
TABLE_FORMATS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as http:
        yield http


def local(store: Store, name: str) -> object:
    return store.query(check_query(EXAMPLES[name].text).text)


def table_rows(fmt: str, body: bytes) -> list[tuple[str, ...]]:
    """Rows of a SPARQL result in any table format, as sorted tuples of plain values."""
    if fmt == "json":
        data = json.loads(body)
        names = data["head"]["vars"]
        rows = [
            tuple(b.get(n, {}).get("value", "") for n in names) for b in data["results"]["bindings"]
        ]
    elif fmt == "xml":
        from rdflib.query import Result

        parsed = Result.parse(io.BytesIO(body), format="xml")
        rows = [tuple("" if v is None else str(v) for v in row) for row in parsed]
    elif fmt == "csv":
        rows = [tuple(r) for r in list(csv.reader(io.StringIO(body.decode())))[1:]]
    else:
        rows = [tuple(line.split("\t")) for line in body.decode().splitlines()[1:]]
    return sorted(rows)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-query"])
def test_every_example_over_http_equals_the_in_process_answer_in_every_format(
    client: httpx.Client, endpoint: str, store: Store, name: str, method: str
) -> None:
    text = EXAMPLES[name].text
    expected = local(store, name)
    formats = GRAPH_FORMATS if expected.kind == "graph" else TABLE_FORMATS  # type: ignore[attr-defined]
    for media_type, fmt in formats.items():
        headers = {"Accept": media_type}
        if method == "GET":
            response = client.get(endpoint, params={"query": text}, headers=headers)
        elif method == "POST-form":
            response = client.post(endpoint, data={"query": text}, headers=headers)
        else:
            response = client.post(
                endpoint,
                content=text.encode(),
                headers={**headers, "Content-Type": "application/sparql-query"},
            )
        assert response.status_code == 200, (media_type, response.text)
        assert response.headers["content-type"].startswith(media_type)
        if expected.kind == "graph":  # type: ignore[attr-defined]
            received = Graph().parse(data=response.content, format=fmt)
            assert isomorphic(received, expected.graph()), (name, media_type)  # type: ignore[attr-defined]
        else:
            assert table_rows(fmt, response.content) == table_rows(
                fmt,
                serialize_result(expected, fmt),  # type: ignore[arg-type]
            ), (name, media_type)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_sparqlwrapper_gets_the_in_process_answer(endpoint: str, store: Store, name: str) -> None:
    expected = local(store, name)
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setQuery(EXAMPLES[name].text)
    if expected.kind == "graph":  # type: ignore[attr-defined]
        wrapper.setReturnFormat(TURTLE)
        received = Graph().parse(data=wrapper.queryAndConvert(), format="turtle")
        assert isomorphic(received, expected.graph())  # type: ignore[attr-defined]
        return
    for return_format, fmt in ((JSON, "json"), (XML, "xml"), (CSV, "csv"), (TSV, "tsv")):
        wrapper.setReturnFormat(return_format)
        body = wrapper.query().response.read()
        assert table_rows(fmt, body) == table_rows(fmt, serialize_result(expected, fmt)), fmt  # type: ignore[arg-type]


def test_sparqlwrapper_post_and_ask(endpoint: str) -> None:
    wrapper = SPARQLWrapper(endpoint)
    wrapper.setMethod("POST")
    wrapper.setReturnFormat(JSON)
    wrapper.setQuery("ASK { concept:interpol a bg:InternationalBody }")
    assert wrapper.queryAndConvert()["boolean"] is True


@pytest.mark.parametrize(
    ("request_kwargs", "status", "words"),
    [
        (
            {"params": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}},
            406,
            "no result format fits",
        ),
        (
            {
                "params": {"query": "DESCRIBE concept:interpol"},
                "headers": {"Accept": "application/sparql-results+json"},
            },
            406,
            "text/turtle",
        ),
        ({"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "syntax error at line 1"),
        ({"params": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403, "read-only"),
        ({"params": {"update": "DROP ALL"}}, 403, "read-only"),
        (
            {"params": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}},
            403,
            "SERVICE",
        ),
        ({"params": {"query": "ASK {}", "default-graph-uri": "urn:g"}}, 400, "is not served"),
        (
            {
                "params": {
                    "query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
                }
            },
            503,
            "stopped after 3 seconds",
        ),
        (
            {
                "params": {
                    "query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
                }
            },
            503,
            "stopped",
        ),
    ],
    ids=[
        "accept-image",
        "graph-as-table",
        "syntax",
        "insert",
        "update-param",
        "service",
        "dataset",
        "runaway",
        "runaway-sort",
    ],
)
def test_bad_requests_get_their_status_and_a_readable_message(
    client: httpx.Client,
    endpoint: str,
    request_kwargs: dict[str, object],
    status: int,
    words: str,
) -> None:
    response = client.get(endpoint, **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == status, response.text
    assert words in response.text
    assert "Traceback" not in response.text
    assert client.get(endpoint, params={"query": "ASK {}"}).status_code == 200


def test_update_bodies_and_unknown_bodies_are_refused(client: httpx.Client, endpoint: str) -> None:
    update = client.post(
        endpoint, content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"}
    )
    assert update.status_code == 403
    form = client.post(endpoint, data={"update": "DROP ALL"})
    assert form.status_code == 403
    odd = client.post(endpoint, content=b"x", headers={"Content-Type": "image/png"})
    assert odd.status_code == 415
    huge = client.post(
        endpoint,
        content=b"#" * (1024 * 1024 + 10),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert huge.status_code == 413


def test_results_are_capped_with_a_header(client: httpx.Client, endpoint: str) -> None:
    response = client.get(
        endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert response.headers["x-briefgraph-truncated"] == "true"
    assert len(list(csv.reader(io.StringIO(response.text)))) == ENDPOINT_ROW_LIMIT + 1


def test_the_service_description_is_at_the_root(client: httpx.Client, endpoint: str) -> None:
    root = endpoint.removesuffix("/sparql") + "/"
    for url in (root, endpoint):
        response = client.get(url, headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        description = Graph().parse(data=response.text, format="turtle")
        text = description.serialize(format="nt")
        assert "http://www.w3.org/ns/sparql-service-description#SPARQL11Query" in text
        assert f"<{endpoint}>" in text
        assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in text


def test_no_other_origin_may_read_answers_unless_named(client: httpx.Client, endpoint: str) -> None:
    from tests.conftest import running_endpoint

    asked = {"Origin": "http://evil.example"}
    response = client.get(endpoint, params={"query": "ASK {}"}, headers=asked)
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    with running_endpoint("--cors", "http://yasgui.example") as opened:
        allowed = client.get(
            opened, params={"query": "ASK {}"}, headers={"Origin": "http://yasgui.example"}
        )
        assert allowed.headers["access-control-allow-origin"] == "http://yasgui.example"
        other = client.get(opened, params={"query": "ASK {}"}, headers=asked)
        assert "access-control-allow-origin" not in other.headers


def test_negotiated_answers_say_they_vary_by_accept(client: httpx.Client, endpoint: str) -> None:
    answer = client.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    description = client.get(endpoint.removesuffix("sparql"))
    assert answer.headers["vary"] == "Accept" and description.headers["vary"] == "Accept"


def test_a_fault_of_the_endpoint_is_a_500_that_closes_the_connection() -> None:
    from starlette.testclient import TestClient

    from graph.sparql.server import create_app

    class Broken:
        def write(self, text: str, **options: object) -> object:
            raise RuntimeError("a deliberate fault")

    with TestClient(create_app(Broken(), triples=0)) as client:  # type: ignore[arg-type]
        response = client.get("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 500 and response.headers["connection"] == "close"
    assert "deliberate" not in response.text and "Traceback" not in response.text


@pytest.mark.parametrize(
    ("asked", "body"),
    [
        ({"format": "csv"}, "_askResult\r\ntrue\r\n"),
        ({"format": "tsv"}, "?_askResult\ntrue\n"),
        ({"accept": "text/csv"}, "_askResult\r\ntrue\r\n"),
        ({"accept": "text/tab-separated-values"}, "?_askResult\ntrue\n"),
    ],
)
def test_ask_is_answered_in_csv_and_tsv(
    client: httpx.Client, endpoint: str, asked: dict[str, str], body: str
) -> None:
    params = {
        "query": "ASK { ?c a bg:Threat }",
        **({"format": asked["format"]} if "format" in asked else {}),
    }
    headers = {"Accept": asked["accept"]} if "accept" in asked else {}
    response = client.get(endpoint, params=params, headers=headers)
    assert response.status_code == 200, response.text
    assert response.text == body


def test_a_literal_with_tabs_and_line_breaks_stays_on_one_tsv_row(
    client: httpx.Client, endpoint: str
) -> None:
    query = 'SELECT ?a ?b WHERE { BIND ("one\\ttwo\\nthree \\"q\\"" AS ?a) BIND (<urn:x> AS ?b) }'
    response = client.get(endpoint, params={"query": query, "format": "tsv"})
    assert response.status_code == 200, response.text
    lines = response.text.split("\n")
    assert lines[:2] == ["?a\t?b", '"one\\ttwo\\nthree \\"q\\""\t<urn:x>'] and lines[2:] == [""]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/csv; charset=utf-8", "text/csv"),
        ("application/sparql-results+json; charset=utf-8", "application/sparql-results+json"),
        ("text/tab-separated-values;charset=UTF-8;q=0.9, text/plain;q=0.1", "text/tab-sep"),
    ],
)
def test_media_type_parameters_do_not_stop_a_format_matching(
    client: httpx.Client, endpoint: str, accept: str, media_type: str
) -> None:
    response = client.get(endpoint, params={"query": "ASK {}"}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)


def test_every_kind_of_term_reads_back_the_same_from_the_fast_json_path(
    client: httpx.Client, endpoint: str, store: Store
) -> None:
    query = (
        "SELECT ?iri ?bnode ?plain ?lang ?number ?date ?unbound WHERE { BIND(<urn:x> AS ?iri) "
        'BIND(BNODE() AS ?bnode) BIND("t\\u00e9xt \\"q\\"\\n" AS ?plain) BIND("مرحبا"@ar AS ?lang) '
        'BIND(42 AS ?number) BIND("2026-12-03"^^xsd:date AS ?date) }'
    )
    response = client.post(
        endpoint,
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    received = json.loads(response.content)
    expected = json.loads(serialize_result(store.query(check_query(query).text), "json"))
    assert received["head"] == expected["head"]
    row, want = received["results"]["bindings"][0], expected["results"]["bindings"][0]
    assert row["bnode"]["type"] == "bnode" and row["bnode"]["value"]
    assert {k: v for k, v in row.items() if k != "bnode"} == {
        k: v for k, v in want.items() if k != "bnode"
    }
