"""SPARQL: write or pick a read-only query, run it under a time limit, read or draw the result."""

from __future__ import annotations

import time
import uuid

import networkx as nx
import streamlit as st

from app import data
from app.downloads import spreadsheet_rows
from app.network_component import network_component
from app.text import counted, plain
from graph.errors import QueryError
from graph.model.namespaces import CONCEPT, sparql_prologue
from graph.sparql.results import serialize_result
from graph.sparql.runner import RunResult
from graph.store.queries import example_queries
from graph.view.render import network_view

network = data.network()
labels = {node: attrs["label"] for node, attrs in network.nodes(data=True)}
examples = {q.name: q for q in example_queries()}
# The longest query text kept in the page's URL; a longer one stays in the session only.
LINK_LIMIT = 2000

# The query text lives in the session under a key of its own (Streamlit forgets a
# widget's value when the page is left) and in the URL, so navigation, reload and a
# copied link all reopen it. Opening a link fills the editor and runs nothing.
if "sparql_text" not in st.session_state:
    st.session_state.sparql_text = st.query_params.get("query", "")
if "sparql" not in st.session_state:
    st.session_state.sparql = st.session_state.sparql_text

st.title("SPARQL")
st.caption(
    "Read-only: updates, SERVICE and FROM are refused. Queries stop after the time limit. "
    "Other tools can query the same graph with `briefgraph serve`."
)


def load_example() -> None:
    name = st.session_state.example
    if name:
        st.session_state.sparql = st.session_state.sparql_text = examples[name].text


def keep_text() -> None:
    st.session_state.sparql_text = st.session_state.sparql


st.selectbox(
    "Example questions",
    list(examples),
    index=None,
    key="example",
    format_func=lambda name: examples[name].title,
    placeholder="Choose a briefing question...",
    on_change=load_example,
)
picked = examples.get(st.session_state.example or "")
if picked is not None and picked.text.strip() == (st.session_state.sparql or "").strip():
    st.caption(plain(picked.description))  # only while the editor holds that example
with st.expander("Prefixes declared for you"):
    st.code(sparql_prologue(), language="sparql")

st.text_area(
    "Query",
    key="sparql",
    height=240,
    placeholder="SELECT ?label WHERE { ?c a bg:Threat ; skos:prefLabel ?label }",
    on_change=keep_text,
)
text = st.session_state.sparql or ""
if text and len(text) <= LINK_LIMIT:
    st.query_params["query"] = text
else:
    st.query_params.pop("query", None)
    if text:
        st.caption(
            f"This query is longer than {LINK_LIMIT:,} characters, too long for the page's "
            "link: it is kept for this session only. Save it to a file to share it."
        )
if st.session_state.sparql:
    with st.expander("Highlighted"):
        st.code(st.session_state.sparql, language="sparql")
settings = st.columns([1, 1, 2])
timeout = settings[0].number_input(
    "Time limit (s)",
    min_value=1.0,
    max_value=60.0,
    value=min(data.limits().query_timeout, 60.0),
    step=1.0,
)
row_limit = settings[1].number_input(
    "Row limit",
    min_value=1,
    max_value=100_000,
    value=min(data.limits().max_rows, 100_000),
    step=1000,
)

if st.button("Run", type="primary", icon=":material/play_arrow:", key="run"):
    started = time.perf_counter()
    st.session_state.outcome_query = text
    try:
        # Each session is one client of the shared workers: its slow queries never take
        # the last worker from the others, and its query time per minute is capped.
        client = st.session_state.setdefault("query_client", f"session {uuid.uuid4().hex}")
        st.session_state.outcome = data.query_runner().run(
            text, timeout=timeout, row_limit=int(row_limit), client=client
        )
    except QueryError as error:
        st.session_state.outcome = str(error)

outcome: RunResult | str | None = st.session_state.get("outcome")
if outcome is not None and st.session_state.get("outcome_query", "") != text:
    st.info(
        "The query has changed since this result was computed: press Run to update it. "
        "The result below is of the query you ran before.",
        icon=":material/history:",
    )


def concept_id(value: object) -> str | None:
    text = str(value)
    return text.removeprefix(str(CONCEPT)) if text in labels else None


def draw(shown: nx.MultiDiGraph, key: str) -> None:
    if shown.number_of_nodes():
        nodes, links = shown.number_of_nodes(), shown.number_of_edges()
        st.caption(f"{counted(nodes, 'concept')} and {counted(links, 'claim')}")
        network_component(network_view(shown, positions=data.positions()), height=460, key=key)


def claims_of(triples: list[tuple[object, object, object]]) -> tuple[nx.MultiDiGraph, int]:
    """Return the claims of the graph that the returned triples state (each drawn with its
    evidence), and how many triples are not such a claim."""
    shown = nx.MultiDiGraph()
    others = 0
    for s, p, o in triples:
        subject, relation, obj = str(s), str(p), str(o)
        edges = network.get_edge_data(subject, obj) or {}
        matching = [(k, d) for k, d in edges.items() if d["relation"] == relation]
        if not matching:
            others += 1
            continue
        for end in (subject, obj):
            shown.add_node(end, **network.nodes[end])
        for key, attrs in matching:
            shown.add_edge(subject, obj, key=key, **attrs)
    return shown, others


if isinstance(outcome, str):
    st.error(outcome, icon=":material/error:")
elif outcome is not None:
    result = outcome.result
    count = len(result.rows) if result.kind == "select" else len(result.triples)
    unit = "row" if result.kind == "select" else "triple"
    cached = " (a recent answer, kept: the graph is read-only)" if outcome.cached else ""
    size = ("yes" if result.boolean else "no") if result.kind == "ask" else counted(count, unit)
    st.caption(f"{outcome.form}: {size} in {outcome.elapsed * 1000:.0f} ms{cached}")
    unit += "s"
    if outcome.truncated:
        st.warning(f"Only the first {outcome.row_limit:,} {unit} are shown.")
    if result.partial:
        st.warning(
            "The SPARQL server cut this answer at its own row limit: it is partial. "
            "Add a LIMIT below the server's cap, or narrow the query."
        )
    if result.kind == "ask":
        st.success(f"Answer: {'yes' if result.boolean else 'no'}")
    elif result.kind == "select":
        table: list[dict[str, object]] = []
        linked: set[str] = set()
        link_columns: dict[str, object] = {}
        for row in result.dicts():
            line: dict[str, object] = {}
            for name, term in row.items():
                node = concept_id(term) if term is not None else None
                line[name] = labels[str(term)] if node else (None if term is None else str(term))
                if node:
                    linked.add(str(term))
                    line[f"{name} \u2197"] = f"./?node={node}"
                    link_columns[f"{name} \u2197"] = st.column_config.LinkColumn(
                        display_text="open in explorer"
                    )
            table.append(line)
        st.dataframe(
            spreadsheet_rows(table),
            hide_index=True,
            width="stretch",
            column_config=link_columns,
            key="result_table",
        )
        if linked:
            with st.expander("Draw these concepts as a network"):
                draw(nx.MultiDiGraph(network.subgraph(linked)), "select_network")
    else:
        claimed, others = claims_of(list(result.triples))
        draw(claimed, "graph_network")
        if others:
            st.caption(
                f"{counted(others, 'returned triple')} {'is' if others == 1 else 'are'} not a "
                "claim of the graph (no source excerpt backs it as a link): see the Turtle below."
            )
        with st.expander("Triples (Turtle)"):
            st.code(result.graph().serialize(format="turtle"), language="turtle")
    downloads = st.columns(3)
    if result.kind == "graph":
        formats = [
            ("Turtle", "turtle", "ttl"),
            ("N-Triples", "nt", "nt"),
            ("JSON-LD", "json-ld", "jsonld"),
        ]
        for column, (name, fmt, ext) in zip(downloads, formats, strict=True):
            column.download_button(
                name,
                result.graph().serialize(format=fmt, encoding="utf-8"),
                file_name=f"result.{ext}",
                key=f"download-{ext}",
            )
    else:
        # The CSV is for spreadsheets: a formula-looking cell is written as text (OWASP);
        # TSV and JSON are SPARQL's own, byte for byte what the endpoint sends.
        for column, fmt in zip(downloads, ("csv", "tsv", "json"), strict=True):
            column.download_button(
                "CSV (for spreadsheets)" if fmt == "csv" else fmt.upper(),
                serialize_result(result, fmt, spreadsheet_safe=fmt == "csv"),
                file_name=f"result.{fmt}",
                key=f"download-{fmt}",
            )
