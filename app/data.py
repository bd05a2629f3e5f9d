"""Every Streamlit cache in the app, in one place.

The graph is built once per process and shared, read-only, by every session
(st.cache_resource). Derived tables are cached per input with st.cache_data.
"""

from __future__ import annotations

import networkx as nx
import streamlit as st

from graph.load import default_store
from graph.network import to_networkx
from graph.stats import GraphStats, graph_stats
from graph.store import Store


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
