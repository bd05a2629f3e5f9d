"""Every Streamlit cache in the app, in one place.

The graph is built once per process and shared, read-only, by every session
(st.cache_resource): an rdflib Graph in st.cache_data would be unpickled on every
rerun (1-2 s). Derived values are computed once from it.
"""

from __future__ import annotations

import networkx as nx
import streamlit as st

from graph.briefing.deck import Deck
from graph.briefing.files import Briefing, BriefingLibrary, default_library
from graph.network.analytics import Centrality, centrality, communities
from graph.network.concepts import to_networkx
from graph.network.coverage import DocumentCoverage, coverage
from graph.network.layout import Positions, default_positions, layout_file, load_positions
from graph.sparql.runner import QueryRunner
from graph.store.backends import Store
from graph.store.documents import Document, documents
from graph.store.load import default_store
from graph.store.stats import GraphStats, graph_stats


@st.cache_resource(show_spinner="Building the graph from the essay...")
def store() -> Store:
    """The default corpus's graph in Oxigraph, shared by all sessions."""
    return default_store()


@st.cache_resource(show_spinner=False)
def network() -> nx.MultiDiGraph:
    """The concept network of the default graph, shared by all sessions (read-only)."""
    return to_networkx(store())


@st.cache_resource(show_spinner=False)
def stats() -> GraphStats:
    """Counts of the default graph."""
    return graph_stats(store())


@st.cache_resource(show_spinner=False)
def source_documents() -> dict[str, Document]:
    """The source documents of the default graph, by IRI."""
    return {d.iri: d for d in documents(store())}


@st.cache_resource(show_spinner=False)
def coverage_by_document() -> dict[str, DocumentCoverage]:
    """Which sentences of each source document the graph covers, by document IRI."""
    return {d.iri: d for d in coverage(network(), source_documents().values())}


@st.cache_resource(show_spinner=False)
def default_layout() -> Positions:
    """The deterministic layout of the whole network (filters never move a node)."""
    return default_positions(network())


@st.cache_resource(show_spinner=False)
def centrality_ranking() -> list[Centrality]:
    """Degree and betweenness of every concept, most central first."""
    return centrality(network())


@st.cache_resource(show_spinner=False)
def community_of() -> dict[str, int]:
    """The community number of every concept (seeded Louvain)."""
    return communities(network())


def positions() -> Positions:
    """Pinned positions where saved, else the default layout."""
    return {**default_layout(), **load_positions(layout_file())}


@st.cache_resource(show_spinner="Starting the query engine...")
def query_runner() -> QueryRunner:
    """Worker processes that run users' SPARQL with a deadline, shared by all sessions."""
    return QueryRunner.for_store(store(), workers=2)


@st.cache_resource(show_spinner=False)
def document_texts() -> dict[str, str]:
    """The full text of every source document, by IRI."""
    return {iri: d.text for iri, d in source_documents().items()}


def briefings() -> BriefingLibrary:
    """The shipped briefings and those saved in $BRIEFGRAPH_HOME/briefings."""
    return default_library()


def deck(briefing: Briefing) -> Deck:
    """The briefing checked against the default graph; BriefingError names what does not fit."""
    return Deck.build(
        briefing,
        network(),
        document_texts(),
        {iri: d.title for iri, d in source_documents().items()},
        positions(),
    )
