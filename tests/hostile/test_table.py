"""One table of hostile input: each case, its expected outcome, and a hard time limit.

SPARQL runs through the bounded query runner (Oxigraph, the default store); RDF
files through both loaders (Oxigraph's on-disk store and rdflib's parser); labels
through the network view, the offline page and the highlighted source; links
through the explorer's URL reader. Expected outcomes are a message's words, a
result, or text that must never appear (markup that could run).
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.errors import BriefgraphError, QueryError
from graph.sparql.results import RESULT_FORMATS, serialize_result
from graph.sparql.runner import QueryRunner
from graph.store.backends import Store

pytestmark = pytest.mark.timeout(60)  # a hard limit for every case of the table


@dataclass(frozen=True)
class Case:
    """A hostile input and what must come of it."""

    id: str
    payload: str | bytes
    expect: str
    """Words the refusal must contain; 'ok' when the input must be handled; 'bounded' when
    it may finish or be stopped, but within its time limit either way."""
    seconds: float = 15.0


UPDATES = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
           "DELETE WHERE { ?s ?p ?o }", "INSERT { ?s a <urn:x> } WHERE { ?s ?p ?o }",
           "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "CLEAR ALL", "CLEAR DEFAULT",
           "DROP ALL", "DROP GRAPH <urn:g>", "CREATE GRAPH <urn:g>", "ADD DEFAULT TO <urn:g>",
           "MOVE DEFAULT TO <urn:g>", "COPY DEFAULT TO <urn:g>",
           "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }",
           "LOAD <file:///etc/passwd>", "LOAD <http://127.0.0.1:9/x.ttl>",
           "LOAD SILENT <http://127.0.0.1:9/x.ttl> INTO GRAPH <urn:g>"]  # fmt: skip

SPARQL = [
    *(Case(f"update-{i}", q, "updates are not allowed") for i, q in enumerate(UPDATES)),
    Case("service-constant", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
         "SERVICE"),
    Case("service-variable", "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/> } "
         "SERVICE ?e { ?s ?p ?o } }", "SERVICE"),
    Case("service-silent", "SELECT * WHERE { SERVICE SILENT <file:///etc/passwd> { ?s ?p ?o } }",
         "SERVICE"),
    Case("service-nested", "SELECT * { { SELECT * { SERVICE <http://x.invalid/> { ?s ?p ?o } } } }",
         "SERVICE"),
    Case("from", "SELECT * FROM <http://127.0.0.1:9/d.ttl> WHERE { ?s ?p ?o }", "FROM"),
    Case("from-named", "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
         "FROM"),
    Case("only-oxigraph-reads", "SELECT * WHERE { ?s ?p ?o LATERAL { SELECT * { ?s ?q ?v } } }",
         "syntax error at line 1"),
    Case("misspelt-form", "SELEC ?s WHERE { ?s ?p ?o }", "did you mean SELECT?"),
    Case("unclosed", "SELECT ?s WHERE { ?s ?p ?o ", "is never closed"),
    Case("unclosed-quote", "SELECT ?s WHERE { ?s ?p 'x }", "never closed"),
    Case("empty", "", "the query is empty"),
    Case("blank", "   \n\t ", "the query is empty"),
    Case("one-megabyte", "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1_000_000, "longer than"),
    Case("nested-3000", "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000,
         "nested too deeply"),
    Case("cartesian", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
         "stopped after 2 seconds"),
    Case("slow-to-read", "SELECT * WHERE { ?s ?p ?o FILTER("
         + " || ".join(f"?o = {i}" for i in range(6000)) + ") }", "stopped after 2 seconds"),
    Case("relative-iri", "CONSTRUCT { <s> <p> 1 } WHERE {}", "relative IRI"),
    Case("sorted-cartesian", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a",
         "stopped"),
    Case("path-unbounded", "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:p>|!<urn:q>)* ?b }",
         "bounded"),
    Case("path-any-any",
         "SELECT (COUNT(*) AS ?n) WHERE { ?a (!rdf:type)+ ?b . ?b (!rdf:type)+ ?c . ?c ?q ?d }",
         "bounded"),
    Case("regex-catastrophic", "SELECT ?x WHERE { VALUES ?x { '" + "a" * 40 + "!' } "
         "FILTER REGEX(?x, '^(a+)+$') }", "bounded"),
    Case("regex-over-literals", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o "
         "FILTER REGEX(STR(?o), '^(.*a){12}$') }", "bounded"),
    Case("ask", "ASK { ?s ?p ?o }", "ok"),
    Case("construct", "CONSTRUCT WHERE { ?s a bg:Threat }", "ok"),
    Case("describe", "DESCRIBE concept:interpol", "ok"),
]  # fmt: skip

TIME_LIMIT = 2.0


@pytest.fixture(scope="module")
def runner(store: Store) -> Iterator[QueryRunner]:
    with QueryRunner.for_store(store, timeout=TIME_LIMIT, row_limit=100, workers=2) as bounded:
        yield bounded


@pytest.mark.parametrize("case", SPARQL, ids=lambda c: c.id)
def test_hostile_sparql(runner: QueryRunner, case: Case) -> None:
    assert isinstance(case.payload, str)
    started = time.monotonic()
    if case.expect == "bounded":
        try:
            runner.run(case.payload)
        except QueryError as error:
            assert "stopped" in str(error), str(error)
        assert time.monotonic() - started < TIME_LIMIT + 8  # the limit, and a worker's restart
    elif case.expect == "ok":
        answer = runner.run(case.payload)
        kind = answer.result.kind
        formats = RESULT_FORMATS if kind != "graph" else {}
        for fmt in formats:  # every table format, ASK included
            assert serialize_result(answer.result, fmt)
        if kind == "graph":
            assert answer.result.graph().serialize(format="turtle")
    else:
        with pytest.raises(QueryError) as raised:
            runner.run(case.payload)
        message = str(raised.value)
        assert case.expect in message, message
        assert "Traceback" not in message and "pyparsing" not in message
    assert runner.run("ASK { concept:terrorism a bg:Threat }").result.boolean is True


BOMB = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="urn:a"><rdf:value>&e;</rdf:value></rdf:Description>'
        b"</rdf:RDF>")  # fmt: skip
XXE = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description rdf:about="urn:a"><rdf:value>&x;</rdf:value></rdf:Description>'
       b"</rdf:RDF>")  # fmt: skip

RDF = [
    Case("turtle-bad.ttl", b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> .\n", "line 2"),
    Case("turtle-prefix.ttl", b"ex:a ex:b ex:c .\n", "not valid turtle"),
    Case("ntriples-bad.nt", b"<urn:a> <urn:b> \"x\n", "not valid"),
    Case("xxe.rdf", XXE, "declares a DOCTYPE or entities"),
    Case("bomb.rdf", BOMB, "declares a DOCTYPE or entities"),
    Case("bomb-upper.owl", BOMB.replace(b"<!DOCTYPE", b"<!doctype"), "DOCTYPE or entities"),
    Case("remote-context.jsonld", b'{"@context": "http://127.0.0.1:9/c.jsonld", "@id": "urn:a"}',
         "never fetches"),
    Case("file-context.jsonld", b'{"@context": "file:///etc/passwd", "@id": "urn:a"}',
         "never fetches"),
    Case("list-context.jsonld", b'{"@context": [{"n": "urn:n"}, "http://x.invalid/c"], '
         b'"@id": "urn:a"}', "never fetches"),
    Case("import-context.jsonld", b'{"@context": {"@import": "http://x.invalid/c"}, '
         b'"@id": "urn:a", "urn:p": "x"}', "never fetches"),
    Case("nested-context.jsonld", b'{"@id": "urn:a", "urn:p": {"@context": "http://x.invalid/c",'
         b' "@id": "urn:b"}}', "never fetches"),
    Case("not-json.jsonld", b"{not json", "not valid"),
    Case("imports.ttl", b"@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
         b"<urn:o> owl:imports <http://127.0.0.1:9/x.ttl> .\n", "ok"),
    Case("gzip-bomb.ttl.gz", gzip.compress(b" " * 50_000_000), "unknown RDF format"),
    Case("binary.ttl", bytes(range(256)) * 8, "not valid turtle"),
    Case("utf16.ttl", '<urn:a> <urn:b> "é" .\n'.encode("utf-16"), "not valid turtle"),
    Case("bad-utf8.ttl", b'<urn:a> <urn:b> "\xff\xfe" .\n', "not valid turtle"),
    Case("empty.ttl", b"", "ok"),
    Case("megabyte-literal.nt", b'<urn:a> <urn:b> "' + b"x" * 1_000_000 + b'" .\n', "ok"),
    Case("unknown.xyz", b"<urn:a> <urn:b> <urn:c> .", "unknown RDF format"),
]  # fmt: skip


@pytest.mark.parametrize("loader", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("case", RDF, ids=lambda c: c.id)
def test_hostile_rdf_file(
    case: Case, loader: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.store.load import load_rdf_file
    from graph.store.persisted import persisted_store

    monkeypatch.setenv("BRIEFGRAPH_HOME", str(tmp_path / "home"))
    path = tmp_path / case.id
    assert isinstance(case.payload, bytes)
    path.write_bytes(case.payload)
    load = persisted_store if loader == "oxigraph" else load_rdf_file
    if case.expect == "ok":
        assert len(load(path)) <= 1  # type: ignore[operator]
        return
    with pytest.raises(BriefgraphError) as raised:
        load(path)
    message = str(raised.value)
    assert case.expect in message, message
    assert "passwd" not in message.replace("file:///etc/passwd", "") and "root:" not in message


MARKUP = [
    "<script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=1">',
    '"><svg onload=window.pwned=1>',
    "javascript:window.pwned=1",
    "\u202eevil\u202c label with a bidi override",
    "zero\u200bwidth\u200djoiners\ufeff",
    "</textarea><script>window.pwned=1</script>",
    "{{7*7}} ${7*7} <%= 7*7 %>",
]


@pytest.mark.parametrize("label", MARKUP, ids=[f"label-{i}" for i in range(len(MARKUP))])
def test_hostile_labels_are_shown_as_text_everywhere(label: str) -> None:
    import json

    import networkx as nx

    from graph.view.highlight import Mark, highlighted_html
    from graph.view.narration import narration_html
    from graph.view.render import network_view
    from graph.view.standalone import standalone_html

    network = nx.MultiDiGraph()
    attrs = {
        "cls": "https://w3id.org/briefgraph/ontology#Threat",
        "class_label": label,
        "definition": label,
        "alt_labels": (label,),
        "mappings": (),
        "excerpts": (),
    }
    network.add_node("urn:a", label=label, **attrs)
    network.add_node("urn:b", label="B", **attrs)
    edge = {"claim": "urn:c", "relation": "urn:r", "relation_label": label,
            "status": "stated", "justification": "", "excerpts": ()}  # fmt: skip
    network.add_edge("urn:a", "urn:b", key="urn:c", **edge)
    view = network_view(network)
    assert json.loads(json.dumps(view.data()))  # data, not markup
    page = standalone_html(view, title=label, subtitle=label)
    for dangerous in ("<script>window", "<img src=x", "<svg onload", "</textarea><script"):
        assert dangerous not in page, dangerous  # escaped in the page and in its JSON
    text = f"before {label} after"
    marked = highlighted_html(text, [Mark(7, 7 + len(label), "k", label, "#123456")])
    assert "<script" not in marked and "<img" not in marked and "<svg" not in marked
    assert "<script" not in narration_html(label) and "<img" not in narration_html(label)


LINKS = [
    ({"node": "doesnotexist", "hops": "1000"}, {"hops": 3}),
    ({"hops": "-5"}, {"hops": 0}),
    ({"hops": "1e9"}, {"hops": 0}),
    ({"path": "terrorism"}, {"path": None}),
    ({"path": "a,b,c"}, {"path": None}),
    ({"colour": "<script>"}, {"colour": "class"}),
    ({"theme": "javascript:x"}, {"theme": "light"}),
    ({"hops": "\u00b2"}, {"hops": 0}),  # a superscript two: str.isdigit says yes, int() no
    ({"hops": "\u0663"}, {"hops": 0}),  # an Arabic-Indic three
]


NESTED = "[" * 100_000


def test_a_briefing_or_annotations_nested_100000_deep_is_refused_in_words(
    tmp_path: Path,
) -> None:
    from graph.briefing.files import parse_briefing
    from graph.model.corpus import load_document

    with pytest.raises(BriefgraphError, match=r"nested too deeply|not valid YAML"):
        parse_briefing("title: " + NESTED, name="deep")
    (tmp_path / "annotations.yaml").write_text(NESTED, encoding="utf-8")
    with pytest.raises(BriefgraphError, match=r"nested too deeply|not valid YAML"):
        load_document(tmp_path)


@pytest.mark.parametrize(
    ("params", "expected"), LINKS, ids=[f"link-{i}" for i in range(len(LINKS))]
)
def test_hostile_deep_links_are_clamped_or_ignored(
    params: dict[str, str], expected: dict[str, object]
) -> None:
    from app.state import from_query_params

    state = from_query_params(params)
    for key, value in expected.items():
        assert getattr(state, key) == value, key


def test_the_table_holds_at_least_eighty_cases() -> None:
    total = len(SPARQL) + 2 * len(RDF) + len(MARKUP) + len(LINKS)
    assert total >= 80, total


def test_the_socket_guard_catches_a_deliberate_outbound_connection() -> None:
    import socket

    from tests.conftest import OUTBOUND

    with pytest.raises(ConnectionRefusedError, match="test guard"):
        socket.create_connection(("192.0.2.1", 9), timeout=1)  # TEST-NET-1, never routed
    assert OUTBOUND == [("192.0.2.1", 9)]
    OUTBOUND.clear()  # caught on purpose: this test passes
    with socket.socket() as local:  # a loopback port the suite opened is allowed
        local.bind(("127.0.0.1", 0))
        local.listen(1)
        with socket.create_connection(local.getsockname(), timeout=1):
            pass


def test_the_socket_guard_catches_a_connection_to_a_local_port_no_test_opened() -> None:
    import socket

    from tests.conftest import _REAL_BIND, OUTBOUND

    with socket.socket() as other:  # a local server this suite did not start
        _REAL_BIND(other, ("127.0.0.1", 0))
        other.listen(1)
        port = other.getsockname()[1]
        with pytest.raises(ConnectionRefusedError, match="test guard"):
            socket.create_connection(("127.0.0.1", port), timeout=1)
    recorded = list(OUTBOUND)
    OUTBOUND.clear()  # caught on purpose: this test passes
    assert recorded == [("127.0.0.1", port)]
