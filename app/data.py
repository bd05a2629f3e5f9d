"""Every Streamlit cache in the app, in one place.

The graph is built once per process and shared, read-only, by every session
(st.cache_resource): an rdflib Graph in st.cache_data would be unpickled on every
rerun (1-2 s). Derived values are computed once from it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import streamlit as st

from graph.briefing.deck import Deck
from graph.briefing.files import Briefing, BriefingLibrary, default_library
from graph.ingest.listing import ReviewBoard
from graph.ingest.listing import review_board as read_review_board
from graph.ingest.review import corpus_store_for
from graph.ingest.workspace import default_corpus_folder, document_folders
from graph.network.analytics import Centrality, centrality, communities
from graph.network.concepts import to_networkx
from graph.network.coverage import DocumentCoverage, coverage
from graph.network.layout import Positions, default_positions, layout_file, load_positions
from graph.network.overview import Page
from graph.network.overview import page as overview_page
from graph.network.resources import is_briefgraph_graph, labels_of, languages
from graph.settings import Settings, settings
from graph.sparql.runner import QueryRunner
from graph.store.backends import Store
from graph.store.documents import Document, documents
from graph.store.labels import LabelIndex
from graph.store.persisted import persisted_store
from graph.store.remote import RemoteStore
from graph.store.stats import GraphStats, graph_stats


def data_file() -> Path | None:
    """The RDF file the app was started on (`briefgraph app --data FILE`), if any."""
    file = os.environ.get("BRIEFGRAPH_DATA")
    return Path(file) if file else None


def corpus_folder() -> Path | None:
    """The corpus the app was started on (`briefgraph app --corpus DIR`); None: the default."""
    folder = os.environ.get("BRIEFGRAPH_CORPUS")
    return Path(folder) if folder else None


def limits() -> Settings:
    """The limits in force (graph.settings: defaults, or the environment's values)."""
    return settings()


def budget() -> int:
    """Nodes a page of the explorer may draw (BRIEFGRAPH_NODE_BUDGET, default 300)."""
    return limits().node_budget


def read_only() -> bool:
    """True when the app is served to other machines without `--allow-writes`: nothing
    a visitor does is saved (briefings, layouts, drafts, uploads, review decisions)."""
    return os.environ.get("BRIEFGRAPH_READ_ONLY") == "1"


READ_ONLY_NOTE = (
    "This app is served to the network read-only, so nothing can be saved here: start "
    "it with `briefgraph app --allow-writes` to let visitors save."
)


def working_folder() -> Path:
    """Where uploads and decisions go: the app's corpus folder, or $BRIEFGRAPH_HOME/corpus."""
    return corpus_folder() or default_corpus_folder()


@st.cache_resource(show_spinner="Building the graph from the corpus...")
def _store(corpus: str) -> Store:
    """The corpus's graph in Oxigraph, shared by all sessions (the shipped essay by default)."""
    remote = RemoteStore.from_environment()
    if remote is not None:
        return remote
    if data_file() is not None:
        return persisted_store(data_file())  # type: ignore[arg-type]
    return corpus_store_for(corpus_folder())


@st.cache_resource(show_spinner="Adding the proposals not yet reviewed...")
def _suggested_network(corpus: str) -> nx.MultiDiGraph:
    """The concept network with ingest's open proposals added, marked suggested."""
    return to_networkx(corpus_store_for(corpus_folder(), suggestions=True))


def corpus_key() -> str:
    """Which corpus the caches hold: the app's corpus and working folders (tests change them)."""
    endpoint = os.environ.get("BRIEFGRAPH_ENDPOINT", "")
    return f"{corpus_folder()}|{working_folder()}|{data_file()}|{endpoint}"


@st.cache_resource(show_spinner=False)
def _label_languages(corpus: str) -> list[str]:
    if large():
        return label_index().languages()  # read from the index, not by scanning the store
    return languages(store())


def label_languages() -> list[str]:
    """The languages the graph's labels are written in: English first, then the most used."""
    found = _label_languages(corpus_key())
    return sorted(found, key=lambda lang: lang != "en")


@st.cache_resource(show_spinner="Labelling in another language...")
def _network_in(corpus: str, language: str) -> nx.MultiDiGraph:
    return to_networkx(store(), language)


def network_in(language: str) -> nx.MultiDiGraph:
    """The network with its concepts (or resources) named in ``language``."""
    return network() if language == "en" else _network_in(corpus_key(), language)


@st.cache_resource(show_spinner="Indexing the labels...")
def _label_index(corpus: str) -> LabelIndex:
    return LabelIndex.for_store(store())


def label_index() -> LabelIndex:
    """The store's label index (SQLite FTS5), built once with the store."""
    return _label_index(corpus_key())


@st.cache_resource(show_spinner=False)
def _large(corpus: str) -> bool:
    if is_briefgraph_graph(store()):
        return False
    return label_index().resource_count() > budget()


def large() -> bool:
    """True for a graph not of briefgraph's ontology with more resources than a page takes:
    the explorer then draws pages read from the store (graph.network.overview) and never
    builds the whole network."""
    return _large(corpus_key())


@st.cache_resource(show_spinner="Reading this part of the graph...", max_entries=128)
def _page(corpus: str, node: str | None, hops: int, language: str) -> Page:
    return overview_page(store(), label_index(), language, budget(), node, hops)


def page(node: str | None, hops: int, language: str) -> Page:
    """The page of a large graph around ``node`` (shared read-only; cached by its arguments)."""
    return _page(corpus_key(), node, hops, language)


@st.cache_resource(show_spinner=False, max_entries=256)
def _members(corpus: str, cls: str, language: str) -> list[tuple[str, str]]:
    top = [iri for iri, _ in label_index().top_degree(200, cls)]
    names = labels_of(store(), top, language)
    return [(iri, names.get(iri) or iri) for iri in top]


def members(cls: str, language: str) -> list[tuple[str, str]]:
    """The 200 most connected resources of class ``cls`` with their labels."""
    return _members(corpus_key(), cls, language)


def labels_in(iris: Iterable[str], language: str) -> dict[str, str]:
    """The labels of ``iris`` in ``language``, read from the store."""
    return labels_of(store(), list(iris), language)


def _review_key(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when anyone decides or ingests: each document file's time and size."""
    found = []
    for document in document_folders(folder):
        for name in ("proposals.json", "decisions.json"):
            with contextlib.suppress(OSError):
                info = (document / name).stat()
                found.append((f"{document.name}/{name}", info.st_mtime_ns, info.st_size))
    return tuple(found)


@st.cache_resource(show_spinner=False, max_entries=4)
def _review_board(folder: str, key: tuple[tuple[str, int, int], ...]) -> ReviewBoard:
    """The Review page's list for one state of the corpus's files, shared and read-only."""
    return read_review_board(Path(folder))


def review_board() -> ReviewBoard:
    """The proposals of the working folder, read again only when a file of it changed."""
    folder = working_folder()
    return _review_board(str(folder), _review_key(folder))


def refresh() -> None:
    """Drop every cached graph after the corpus changed (an upload, a review decision)."""
    st.cache_resource.clear()


@st.cache_resource(show_spinner=False)
def _network(corpus: str) -> nx.MultiDiGraph:
    """The concept network of the default graph, shared by all sessions (read-only)."""
    return to_networkx(store())


@st.cache_resource(show_spinner=False)
def _stats(corpus: str) -> GraphStats:
    """Counts of the default graph."""
    return graph_stats(store())


@st.cache_resource(show_spinner=False)
def _source_documents(corpus: str) -> dict[str, Document]:
    """The source documents of the default graph, by IRI."""
    return {d.iri: d for d in documents(store())}


@st.cache_resource(show_spinner=False)
def _coverage_by_document(corpus: str) -> dict[str, DocumentCoverage]:
    """Which sentences of each source document the graph covers, by document IRI."""
    return {d.iri: d for d in coverage(network(), source_documents().values())}


@st.cache_resource(show_spinner=False)
def _default_layout(corpus: str, language: str) -> Positions:
    """The deterministic layout of the whole network, with room for its labels in
    ``language`` (filters never move a node)."""
    return default_positions(network_in(language))


@st.cache_resource(show_spinner=False)
def _centrality_ranking(corpus: str) -> list[Centrality]:
    """Degree and betweenness of every concept, most central first."""
    return centrality(network())


@st.cache_resource(show_spinner=False)
def _community_of(corpus: str) -> dict[str, int]:
    """The community number of every concept (seeded Louvain)."""
    return communities(network())


def positions(language: str = "en") -> Positions:
    """Pinned positions where saved, else the default layout for labels in ``language``
    (none for a graph over budget: its pages are laid out as drawn, by positions_of)."""
    if large() or network().number_of_nodes() > budget():
        return {}
    return {**default_layout(language), **load_positions(layout_file())}


@st.cache_resource(show_spinner="Laying out the picture...", max_entries=64)
def _positions_of(
    corpus: str, nodes: tuple[str, ...], links: tuple[tuple[str, str], ...]
) -> Positions:
    drawn = nx.MultiDiGraph()
    drawn.add_nodes_from(nodes)
    drawn.add_edges_from(links)
    return default_positions(drawn)


def positions_of(drawn: nx.MultiDiGraph) -> Positions:
    """A seeded layout of just what a page draws of a large graph (cached by its nodes and
    links, so the same page is laid out once for every session)."""
    links = tuple(sorted({(a, b) for a, b in drawn.edges() if a != b}))
    return _positions_of(corpus_key(), tuple(sorted(drawn.nodes)), links)


def _stop_runner(runner: QueryRunner) -> None:
    runner.close()


# A refresh (after an upload or a review decision) releases the old runner: its worker
# processes stop instead of lingering beside the new ones.
@st.cache_resource(show_spinner="Starting the query engine...", on_release=_stop_runner)
def _query_runner(corpus: str) -> QueryRunner:
    """Worker processes that run users' SPARQL with a deadline, shared by all sessions."""
    return QueryRunner.for_store(store(), workers=2)


@st.cache_resource(show_spinner=False)
def _document_texts(corpus: str) -> dict[str, str]:
    """The full text of every source document, by IRI."""
    return {iri: d.text for iri, d in source_documents().items()}


def briefings() -> BriefingLibrary:
    """The shipped briefings and those saved in $BRIEFGRAPH_HOME/briefings."""
    return default_library()


def deck(briefing: Briefing, language: str = "en") -> Deck:
    """The briefing checked against the default graph, its concepts named in ``language``;
    BriefingError names what does not fit."""
    return Deck.build(
        briefing,
        network_in(language),
        document_texts(),
        {iri: d.title for iri, d in source_documents().items()},
        # Concepts pinned in the explorer keep their places; otherwise the deck is laid out
        # for the projector, each step's focus kept together.
        positions(language) if load_positions(layout_file()) else None,
    )


def store() -> Store:
    """The corpus's graph in Oxigraph, shared by all sessions (the shipped essay by default)."""
    return _store(corpus_key())


def suggested_network() -> nx.MultiDiGraph:
    """The concept network with ingest's open proposals added, marked suggested."""
    return _suggested_network(corpus_key())


def network() -> nx.MultiDiGraph:
    """The concept network of the default graph, shared by all sessions (read-only)."""
    return _network(corpus_key())


def stats() -> GraphStats:
    """Counts of the default graph."""
    return _stats(corpus_key())


def source_documents() -> dict[str, Document]:
    """The source documents of the default graph, by IRI."""
    return _source_documents(corpus_key())


def coverage_by_document() -> dict[str, DocumentCoverage]:
    """Which sentences of each source document the graph covers, by document IRI."""
    return _coverage_by_document(corpus_key())


def default_layout(language: str = "en") -> Positions:
    """The deterministic layout of the whole network (filters never move a node)."""
    return _default_layout(corpus_key(), language)


def centrality_ranking() -> list[Centrality]:
    """Degree and betweenness of every concept, most central first."""
    return _centrality_ranking(corpus_key())


def community_of() -> dict[str, int]:
    """The community number of every concept (seeded Louvain)."""
    return _community_of(corpus_key())


def query_runner() -> QueryRunner:
    """Worker processes that run users' SPARQL with a deadline, shared by all sessions."""
    return _query_runner(corpus_key())


def document_texts() -> dict[str, str]:
    """The full text of every source document, by IRI."""
    return _document_texts(corpus_key())
