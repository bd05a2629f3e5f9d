"""Provenance: every node and edge leads back to excerpts that slice the source exactly."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph.errors import QuoteNotFoundError
from graph.model.provenance import locate
from graph.model.text import Span, covering, find_occurrence, paragraphs, sentences


def test_every_node_has_an_excerpt_that_slices_the_source(
    network: nx.MultiDiGraph, essay_text: str
) -> None:
    assert network.number_of_nodes() >= 29
    for node, data in network.nodes(data=True):
        assert data["excerpts"], f"{node} has no excerpt"
        for excerpt in data["excerpts"]:
            assert essay_text[excerpt.start : excerpt.end] == excerpt.quote, node


def test_every_edge_has_an_excerpt_that_slices_the_source(
    network: nx.MultiDiGraph, essay_text: str
) -> None:
    assert network.number_of_edges() >= 40
    for source, target, key, data in network.edges(keys=True, data=True):
        assert data["excerpts"], f"{source} -> {target} ({key}) has no excerpt"
        for excerpt in data["excerpts"]:
            assert essay_text[excerpt.start : excerpt.end] == excerpt.quote, key


def test_every_excerpt_sits_inside_the_sentence_it_names(
    network: nx.MultiDiGraph, essay_text: str
) -> None:
    excerpts = [e for _, d in network.nodes(data=True) for e in d["excerpts"]]
    excerpts += [e for *_, d in network.edges(keys=True, data=True) for e in d["excerpts"]]
    for excerpt in excerpts:
        assert excerpt.sentence_start <= excerpt.start < excerpt.end <= excerpt.sentence_end
        assert essay_text[excerpt.sentence_start : excerpt.sentence_end] == excerpt.sentence


def test_the_shipped_essay_is_the_seed_unchanged(essay_text: str, shared_dir: Path) -> None:
    seed = shared_dir / "seeds" / "000_6fee914772888a34.txt"
    assert seed.read_text(encoding="utf-8") == essay_text


def test_locate_gives_offsets_context_and_sentence() -> None:
    text = "First one. The cat sat on the mat. Last one."
    excerpt = locate(text, "cat sat", document="urn:doc")
    assert (excerpt.start, excerpt.end) == (15, 22)
    assert excerpt.sentence == "The cat sat on the mat."
    assert excerpt.prefix.endswith("First one. The ")
    assert excerpt.suffix.startswith(" on the mat.")
    assert text[excerpt.start : excerpt.end] == excerpt.quote


def test_locate_counts_occurrences_and_names_a_missing_quote() -> None:
    text = "war and war and war"
    assert locate(text, "war", document="d", occurrence=3).start == 16
    with pytest.raises(QuoteNotFoundError, match=r'4 times.*"war"'):
        locate(text, "war", document="d", occurrence=4)
    with pytest.raises(QuoteNotFoundError, match='"peace"'):
        locate(text, "peace", document="d")


def test_sentences_split_headings_and_sentences_without_losing_text() -> None:
    text = "# Title\n\nOne. Two?\nStill two! Three.\n\n## Sub\nFour"
    found = [s.slice(text) for s in sentences(text)]
    assert found == ["# Title", "One.", "Two?", "Still two!", "Three.", "## Sub", "Four"]
    assert [p.slice(text) for p in paragraphs(text)] == [
        "# Title",
        "One. Two?\nStill two! Three.",
        "## Sub\nFour",
    ]


def test_a_quote_across_two_sentences_is_covered_by_both() -> None:
    text = "One two. Three four. Five."
    spans = sentences(text)
    target = find_occurrence(text, "two. Three")
    assert target is not None
    assert covering(spans, target) == Span(0, 20)
