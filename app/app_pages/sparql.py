"""SPARQL: write or pick a read-only query, run it under a time limit, read or draw the result."""

from __future__ import annotations

import time

import networkx as nx
import streamlit as st

from app import data
from app.network_component import network_component
from app.text import plain
from graph.errors import QueryError
from graph.model.namespaces import CONCEPT, sparql_prologue
from graph.sparql.results import serialize_result
from graph.sparql.runner import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT, RunResult
from graph.store.queries import example_queries
from graph.view.render import network_view

network = data.network()
labels = {node: attrs["label"] for node, attrs in network.nodes(data=True)}
examples = {q.name: q for q in example_queries()}

st.title("SPARQL")
st.caption(
    "Read-only: updates, SERVICE and FROM are refused. Queries stop after the time limit. "
    "Other tools can query the same graph with `briefgraph serve`."
)


def load_example() -> None:
    name = st.session_state.example
    if name:
        st.session_state.sparql = examples[name].text


st.selectbox(
    "Example questions",
    list(examples),
    index=None,
    key="example",
    format_func=lambda name: examples[name].title,
    placeholder="Choose a briefing question...",
    on_change=load_example,
)
if st.session_state.example:
    st.caption(plain(examples[st.session_state.example].description))
with st.expander("Prefixes declared for you"):
    st.code(sparql_prologue(), language="sparql")

st.text_area(
    "Query",
    key="sparql",
    height=240,
    placeholder="SELECT ?label WHERE { ?c a bg:Threat ; skos:prefLabel ?label }",
)
if st.session_state.sparql:
    with st.expander("Highlighted"):
        st.code(st.session_state.sparql, language="sparql")
settings = st.columns([1, 1, 2])
timeout = settings[0].number_input(
    "Time limit (s)", min_value=1.0, max_value=60.0, value=DEFAULT_TIMEOUT, step=1.0
)
row_limit = settings[1].number_input(
    "Row limit", min_value=1, max_value=100_000, value=DEFAULT_ROW_LIMIT, step=1000
)

if st.button("Run", type="primary", icon=":material/play_arrow:", key="run"):
    started = time.perf_counter()
    try:
        st.session_state.outcome = data.query_runner().run(
            st.session_state.sparql or "", timeout=timeout, row_limit=int(row_limit)
        )
    except QueryError as error:
        st.session_state.outcome = str(error)

outcome: RunResult | str | None = st.session_state.get("outcome")


def concept_id(value: object) -> str | None:
    text = str(value)
    return text.removeprefix(str(CONCEPT)) if text in labels else None


def draw(nodes: set[str], key: str) -> None:
    shown = nx.MultiDiGraph(network.subgraph(nodes))
    if shown.number_of_nodes():
        st.caption(f"{shown.number_of_nodes()} concepts and {shown.number_of_edges()} claims")
        network_component(network_view(shown, positions=data.positions()), height=460, key=key)


if isinstance(outcome, str):
    st.error(outcome, icon=":material/error:")
elif outcome is not None:
    result = outcome.result
    count = len(result.rows) if result.kind == "select" else len(result.triples)
    unit = "rows" if result.kind == "select" else "triples"
    cached = " (a recent answer, kept: the graph is read-only)" if outcome.cached else ""
    st.caption(f"{outcome.form}: {count:,} {unit} in {outcome.elapsed * 1000:.0f} ms{cached}")
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
            table, hide_index=True, width="stretch", column_config=link_columns, key="result_table"
        )
        if linked:
            with st.expander("Draw these concepts as a network"):
                draw(linked, "select_network")
    else:
        concepts = {str(t) for s, _, o in result.triples for t in (s, o) if str(t) in labels}
        draw(concepts, "graph_network")
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
        for column, fmt in zip(downloads, ("csv", "tsv", "json"), strict=True):
            column.download_button(
                fmt.upper(),
                serialize_result(result, fmt),
                file_name=f"result.{fmt}",
                key=f"download-{fmt}",
            )
