"""Search over labels: accent- and case-insensitive, prefix and substring, ranked."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.model.namespaces import CONCEPT
from graph.network.search import normalise, search


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("INTERPOL", "interpol"),
        ("interpol", "interpol"),
        ("  Terrorism ", "terrorism"),
        ("ummah", "islamic-ummah"),  # an other name, exactly
        ("Ummáh", "islamic-ummah"),  # accents do not matter
        ("cyber threats", "cyber-threats"),
        ("UN", "united-nations"),
        ("diplo", "precise-diplomacy"),
    ],
)
def test_the_best_match_comes_first(network: nx.MultiDiGraph, query: str, first: str) -> None:
    hits = search(network, query)
    assert hits, query
    assert hits[0].iri == str(CONCEPT[first])


def test_an_exact_label_outranks_longer_labels_containing_it(network: nx.MultiDiGraph) -> None:
    labels = [hit.label for hit in search(network, "International cooperation")]
    assert labels[0] == "International cooperation"


def test_prefix_matches_outrank_substring_matches(network: nx.MultiDiGraph) -> None:
    hits = search(network, "threat")
    kinds = [hit.kind for hit in hits]
    assert kinds == sorted(
        kinds, key=["exact", "other name", "prefix", "other name prefix", "word", "substring"].index
    )
    assert "Cyber threats" in [h.label for h in hits]


def test_each_concept_appears_once_with_its_best_match(network: nx.MultiDiGraph) -> None:
    hits = search(network, "environment")
    assert len({h.iri for h in hits}) == len(hits)


def test_nothing_matches_nonsense_or_blank(network: nx.MultiDiGraph) -> None:
    assert search(network, "zzzz") == []
    assert search(network, "   ") == []


def test_normalise_folds_case_accents_and_space() -> None:
    assert normalise("  Ümmah\tİslamic  ") == normalise("ummah islamic")
