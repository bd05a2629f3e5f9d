"""Coverage of the sources: every sentence with its concepts and claims, counted by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from graph.model.build import build_graph
from graph.model.corpus import Corpus
from graph.model.namespaces import CLAIM, CONCEPT
from graph.network.concepts import to_networkx
from graph.network.coverage import DocumentCoverage, coverage
from graph.store.backends import Store, open_store
from graph.store.documents import documents

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def essay(store: Store, network: nx.MultiDiGraph) -> DocumentCoverage:
    (document,) = coverage(network, documents(store))
    return document


def sentence_at(document: DocumentCoverage, words: str) -> tuple[set[str], set[str]]:
    """The concept ids and claim ids of the one sentence that starts with ``words``."""
    (sentence,) = [s for s in document.sentences if s.text.startswith(words)]
    return (
        {c.removeprefix(str(CONCEPT)) for c in sentence.concepts},
        {c.removeprefix(str(CLAIM)) for c in sentence.claims},
    )


# Counted by hand from essay.txt and annotations.yaml: the paragraph on the
# threats and the paragraph on the international bodies.
HAND_COUNT = {
    "The cross-border nature": (
        {"cross-border-nature", "international-security-threats", "unified-global-response"},
        {
            "international-security-threats--hasCharacteristic--cross-border-nature",
            "cross-border-nature--demands--unified-global-response",
            "unified-global-response--counters--international-security-threats",
            "international-cooperation--counters--international-security-threats",
        },
    ),
    "Factors such as terrorism": (
        {"terrorism", "arms-proliferation", "cyber-threats", "border-trespassing",
         "cross-border-nature"},
        {f"{t}--{r}--{o}" for t in ("terrorism", "arms-proliferation", "cyber-threats",
                                    "border-trespassing")
         for r, o in (("kindOf", "international-security-threats"),
                      ("hasCharacteristic", "cross-border-nature"))},
    ),
    "Therefore, the defense strategies": (
        {"national-defense-strategy"},
        {
            "islamic-nation--pursues--national-defense-strategy",
            "national-defense-strategy--requires--international-cooperation",
            "international-cooperation--counters--international-security-threats",
        },
    ),
    "Additionally, as part of a global community": (
        {"global-community", "international-bodies", "interpol", "united-nations"},
        {
            "islamic-nation--memberOf--global-community",
            "islamic-nation--participatesIn--international-bodies",
            "islamic-nation--participatesIn--interpol",
            "islamic-nation--participatesIn--united-nations",
            "interpol--instanceOf--international-bodies",
            "united-nations--instanceOf--international-bodies",
            "international-bodies--channelFor--international-cooperation",
        },
    ),
    "Here, they work collaboratively": (
        {"international-cooperation", "other-nations", "mutual-security-challenges"},
        {
            "islamic-nation--cooperatesWith--other-nations",
            "international-cooperation--counters--mutual-security-challenges",
            "international-bodies--channelFor--international-cooperation",
        },
    ),
    "Through these platforms": (
        {"international-bodies", "collective-resources"},
        {
            "international-bodies--channelFor--collective-resources",
            "islamic-nation--contributesTo--collective-resources",
            "islamic-nation--drawsFrom--collective-resources",
        },
    ),
}  # fmt: skip


@pytest.mark.parametrize("words", sorted(HAND_COUNT))
def test_two_paragraphs_match_a_hand_count(essay: DocumentCoverage, words: str) -> None:
    assert sentence_at(essay, words) == HAND_COUNT[words]


def test_the_essays_fifteen_statements_all_support_a_claim(essay: DocumentCoverage) -> None:
    assert len(essay.sentences) == 15  # four heading lines are titles, not statements
    assert not any(s.text.startswith("#") for s in essay.sentences)
    assert (essay.with_claim, essay.with_mention, essay.uncovered) == (15, 15, ())
    assert essay.share == 1.0


def test_uncovered_sentences_are_listed_with_their_offsets(tiny_corpus: Corpus) -> None:
    store = open_store(build_graph(tiny_corpus))
    (document,) = coverage(to_networkx(store), documents(store))
    text = next(d.text for d in documents(store))
    assert (len(document.sentences), document.with_claim, document.with_mention) == (3, 1, 2)
    assert [s.text for s in document.uncovered] == [
        "Smuggling crosses borders.",
        "Patrols need trust.",
    ]
    for sentence in document.uncovered:
        assert text[sentence.start : sentence.end] == sentence.text
    assert document.share == pytest.approx(1 / 3)


def test_the_cli_prints_coverage_as_the_documented_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "graph", "coverage", "--corpus", "tests/data/tiny", "--json"],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    report = json.loads(done.stdout)
    (document,) = report["documents"]
    assert set(document) == {"id", "sentences", "with_claim", "with_mention", "uncovered"}
    assert (document["sentences"], document["with_claim"], document["with_mention"]) == (3, 1, 2)
    assert document["uncovered"][0] == {
        "start": 41,
        "end": 67,
        "text": "Smuggling crosses borders.",
    }
    text = subprocess.run(
        [sys.executable, "-m", "graph", "coverage", "--corpus", "tests/data/tiny"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "3 sentences: 1 with a claim (33%), 2 with a concept" in text
    assert "no claim  69-88  Patrols need trust." in text
