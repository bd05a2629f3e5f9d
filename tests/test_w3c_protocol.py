"""The W3C SPARQL 1.1 Protocol tests, read from their manifest and sent to the real endpoint.

Each request is built from the manifest (method, path, headers, body and its
encoding); nothing is written here by hand but what the endpoint is meant to do
beyond the manifest. The endpoint serves one read-only graph, named for the
manifest's default graph (``serve --graph-name``), so:

- the query tests pass as the manifest states (status class, result format,
  boolean answer);
- the tests that give a dataset of other graphs are refused with 400 and a
  message saying which graph is served;
- the update tests are refused (400, 403 or 415), and the query that follows
  each one finds that nothing was written.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.query import Result

from tests.conftest import running_endpoint

MANIFEST = Path(__file__).parent / "data" / "w3c-protocol" / "manifest.ttl"
BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest"
DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"
"""The default graph the manifest's query tests name: the one graph the endpoint serves."""

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
STATUS = Namespace("http://www.w3.org/2011/http-statusCodes#")

BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABLE_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[str]
    """The status classes the manifest accepts: "2xx", "3xx", "4xx"."""
    expected_format: str | None
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    kind: str
    """"query", "dataset" (names graphs the endpoint does not serve) or "update"."""
    requests: tuple[Request, ...]


def _read_manifest() -> list[ProtocolTest]:
    graph = Graph().parse(MANIFEST, format="turtle", publicID=BASE)
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        requests = tuple(
            _request(graph, node) for node in Collection(graph, graph.value(action, HT.requests))
        )
        name = str(entry).rsplit("#", 1)[1]
        if name.startswith("update_"):
            kind = "update"
        elif (entry, UT.graphData, None) in graph:
            kind = "dataset"
        else:
            kind = "query"
        tests.append(ProtocolTest(name, kind, requests))
    return tests


def _request(graph: Graph, node: object) -> Request:
    headers = {}
    listed = graph.value(node, HT.headers)
    if listed is not None:
        for header in Collection(graph, listed):
            headers[str(graph.value(header, HT.fieldName))] = str(
                graph.value(header, HT.fieldValue)
            )
    body = None
    content = graph.value(node, HT.body)
    if content is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = frozenset(
        str(code).removeprefix(str(STATUS)).removeprefix("StatusCode")
        for code in graph.objects(response, MF.expectedStatus)
    )
    expected = graph.value(response, MF.expectedBoolean)
    form = graph.value(response, MF.expectedFormat)
    return Request(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=body,
        statuses=statuses,
        expected_format=str(form) if form is not None else None,
        expected_boolean=expected.toPython() if expected is not None else None,
    )


TESTS = _read_manifest()


def _of_kind(kind: str) -> list[ProtocolTest]:
    return [test for test in TESTS if test.kind == kind]


def test_the_manifest_is_read_whole() -> None:
    kinds = [test.kind for test in TESTS]
    assert len(TESTS) == 34
    assert (kinds.count("query"), kinds.count("dataset"), kinds.count("update")) == (21, 6, 7)


@pytest.fixture(scope="module")
def endpoint_url() -> Iterator[str]:
    with running_endpoint("--graph-name", DATA0, "--timeout", "10") as url:
        yield url


def _send(endpoint_url: str, request: Request) -> httpx.Response:
    # The manifest's /sparql/ on www.example stands for the endpoint under test.
    path = request.path.removeprefix("/sparql/").removeprefix("/sparql")
    return httpx.request(
        request.method,
        endpoint_url + path,
        headers=request.headers,
        content=request.body,
        timeout=30,
    )


def _status_class(response: httpx.Response) -> str:
    return f"{response.status_code // 100}xx"


@pytest.mark.parametrize("test", _of_kind("query"), ids=lambda t: t.name)
def test_a_query_test_gets_the_answer_the_manifest_states(
    endpoint_url: str, test: ProtocolTest
) -> None:
    (request,) = test.requests
    response = _send(endpoint_url, request)
    assert _status_class(response) in request.statuses, (response.status_code, response.text)
    if _status_class(response) == "4xx":
        assert response.text.strip() and "Traceback" not in response.text
        return
    media_type = response.headers["content-type"].split(";")[0]
    if request.expected_format == "boolean":
        assert media_type in BOOLEAN_TYPES
        answer = Result.parse(io.BytesIO(response.content), format=media_type.rsplit("+")[-1])
        assert answer.type == "ASK"
        if request.expected_boolean is not None:
            assert answer.askAnswer is request.expected_boolean
    elif request.expected_format == "tabular":
        assert media_type in TABLE_TYPES
        answer = Result.parse(io.BytesIO(response.content), format="json")
        assert [row["value"] for row in answer] == [Literal(1)]
    else:
        assert request.expected_format == "RDF"
        assert media_type in GRAPH_TYPES
        graph = Graph().parse(data=response.content, format=GRAPH_TYPES[media_type])
        if "CONSTRUCT" in (request.body or b"").decode():
            # The relative IRIs resolve against the endpoint's own URL.
            origin = endpoint_url.rsplit("/", 1)[0]
            assert set(graph) == {(URIRef(f"{origin}/s"), URIRef(f"{origin}/p"), Literal(1))}


@pytest.mark.parametrize("test", _of_kind("dataset"), ids=lambda t: t.name)
def test_a_dataset_of_graphs_not_served_is_refused_in_words(
    endpoint_url: str, test: ProtocolTest
) -> None:
    (request,) = test.requests
    response = _send(endpoint_url, request)
    if "default-graph-uri" in request.path or "named-graph-uri" in request.path:
        assert response.status_code == 400, response.text
        assert "not served here" in response.text or "not supported" in response.text
    else:  # the dataset is in the query (FROM): refused as every FROM is
        assert response.status_code == 403, response.text


@pytest.mark.parametrize("test", _of_kind("update"), ids=lambda t: t.name)
def test_an_update_test_is_refused_and_writes_nothing(
    endpoint_url: str, test: ProtocolTest
) -> None:
    update, *after = test.requests
    response = _send(endpoint_url, update)
    assert response.status_code in {400, 403, 415}, response.text
    assert "read-only" in response.text or "not supported" in response.text
    for check in after:  # the query the manifest sends next finds nothing written
        answer = _send(endpoint_url, check)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body.get("boolean") is False or body.get("results", {}).get("bindings") == []
