"""What each step of a briefing shows, checked against the default graph and the essay."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

from graph.briefing.files import DEFAULT_BRIEFING, Briefing, Focus, Step, default_library
from graph.briefing.picture import scene_view
from graph.briefing.scene import MAX_AUTOMATIC_EXCERPTS, Scene, scene, scenes
from graph.errors import BriefingError
from graph.model.corpus import QuoteRef
from graph.model.namespaces import CONCEPT
from graph.network.analytics import neighbourhood, shortest_paths


def c(name: str) -> str:
    """The IRI of a concept of the default graph, as the network keys it."""
    return f"{CONCEPT}{name}"


@pytest.fixture(scope="module")
def texts(essay_text: str) -> dict[str, str]:
    return {"https://w3id.org/briefgraph/doc/security-cooperation": essay_text}


@pytest.fixture(scope="module")
def default_scenes(network: nx.MultiDiGraph, texts: dict[str, str]) -> list[Scene]:
    return scenes(default_library().load(DEFAULT_BRIEFING), network, texts)


def test_every_step_of_the_default_briefing_quotes_excerpts_that_slice_the_essay(
    default_scenes: list[Scene], essay_text: str
) -> None:
    assert [s.number for s in default_scenes] == list(range(1, len(default_scenes) + 1))
    for shown in default_scenes:
        assert shown.excerpts, shown.step.title
        for excerpt in shown.excerpts:
            assert essay_text[excerpt.start : excerpt.end] == excerpt.quote
            assert excerpt.sentence_start <= excerpt.start < excerpt.end <= excerpt.sentence_end


def test_the_default_briefing_focuses_what_its_titles_promise(
    default_scenes: list[Scene],
) -> None:
    by_title = {s.step.title: s for s in default_scenes}
    threats = by_title["The threats cross borders"]
    for concept in ("terrorism", "arms-proliferation", "cyber-threats", "border-trespassing"):
        assert c(concept) in threats.nodes
    bodies = by_title["The bodies: INTERPOL and the United Nations"]
    assert {c("interpol"), c("united-nations")} <= set(bodies.nodes)
    assert "INTERPOL" in " ".join(e.quote for e in bodies.excerpts)


def test_a_concepts_focus_keeps_the_claims_between_them(network: nx.MultiDiGraph) -> None:
    step = Step(title="s", focus=Focus(concepts=("interpol", "international-bodies", "terrorism")))
    shown = scene(1, step, network, {})
    assert set(shown.nodes) == {c("interpol"), c("international-bodies"), c("terrorism")}
    assert shown.edges == (
        "https://w3id.org/briefgraph/claim/interpol--instanceOf--international-bodies",
    )


def test_hops_widen_the_focus_to_the_neighbourhood(network: nx.MultiDiGraph) -> None:
    step = Step(title="s", focus=Focus(concepts=("interpol",)), hops=2)
    shown = scene(1, step, network, {})
    assert set(shown.nodes) == neighbourhood(network, c("interpol"), 2)
    assert len(shown.nodes) > 3


def test_a_path_focus_follows_networkx_shortest_paths(network: nx.MultiDiGraph) -> None:
    step = Step(title="s", focus=Focus(path=("terrorism", "precise-diplomacy")))
    shown = scene(1, step, network, {})
    paths = shortest_paths(network, c("terrorism"), c("precise-diplomacy"))
    assert set(shown.highlighted) == {s.claim for p in paths for s in p}
    assert c("international-cooperation") in shown.nodes


def test_a_filter_focus_keeps_classes_and_relations(network: nx.MultiDiGraph) -> None:
    step = Step(title="s", focus=Focus(classes=("Threat",), relations=("kindOf",)))
    shown = scene(1, step, network, {})
    assert {network.nodes[n]["class_label"] for n in shown.nodes} == {"Threat"}
    assert len(shown.edges) == 4  # the four named threats are kinds of security threat
    assert all("--kindOf--" in e for e in shown.edges)


def test_a_step_without_excerpts_quotes_the_evidence_of_its_focus(
    network: nx.MultiDiGraph,
) -> None:
    step = Step(title="s", focus=Focus(concepts=("international-cooperation", "precise-diplomacy")))
    shown = scene(1, step, network, {})
    claim = (
        "https://w3id.org/briefgraph/claim/international-cooperation--requires--precise-diplomacy"
    )
    evidence = network.edges[c("international-cooperation"), c("precise-diplomacy"), claim]
    assert evidence["excerpts"][0] in shown.excerpts
    whole = scene(1, Step(title="all"), network, {})
    assert len(whole.excerpts) == MAX_AUTOMATIC_EXCERPTS
    assert len(whole.nodes) == network.number_of_nodes()


def test_an_excerpt_with_an_occurrence_is_found_where_it_occurs(
    network: nx.MultiDiGraph, texts: dict[str, str], essay_text: str
) -> None:
    step = Step(title="s", excerpts=(QuoteRef("international cooperation", 2),))
    (excerpt,) = scene(1, step, network, texts).excerpts
    first = essay_text.find("international cooperation")
    assert excerpt.start == essay_text.find("international cooperation", first + 1)


BROKEN_STEPS = [
    (Step(title="S", focus=Focus(concepts=("interpol", "atlantis"))), "no concept 'atlantis'"),
    (Step(title="S", focus=Focus(path=("interpol", "nowhere"))), "no concept 'nowhere'"),
    (Step(title="S", focus=Focus(classes=("Dragon",))), "no class 'Dragon' in the graph (it has"),
    (Step(title="S", focus=Focus(relations=("eats",))), "no relation 'eats'"),
    (Step(title="S", excerpts=(QuoteRef("not in the essay"),)), 'excerpt "not in the essay"'),
    (Step(title="S", excerpts=(QuoteRef("INTERPOL", 9),)), "does not contain 9 times"),
]


@pytest.mark.parametrize(("step", "message"), BROKEN_STEPS)
def test_a_step_naming_what_the_graph_lacks_is_reported_by_name(
    network: nx.MultiDiGraph, texts: dict[str, str], step: Step, message: str
) -> None:
    briefing = Briefing(name="broken", title="B", steps=(Step(title="fine"), step))
    with pytest.raises(BriefingError) as raised:
        scenes(briefing, network, texts)
    assert "briefing 'broken' cannot be shown: step 2 ('S'):" in str(raised.value)
    assert message in str(raised.value)


def test_a_path_between_unlinked_concepts_is_reported(
    network: nx.MultiDiGraph, texts: dict[str, str]
) -> None:
    lonely = nx.MultiDiGraph(network)
    lonely.add_node(c("island"), label="Island", cls="x", class_label="X", excerpts=())
    briefing = Briefing(
        name="b", title="B", steps=(Step(title="S", focus=Focus(path=("interpol", "island"))),)
    )
    with pytest.raises(BriefingError, match="no path links 'interpol' and 'island'"):
        scenes(briefing, lonely, texts)


def test_an_empty_briefing_cannot_be_shown(network: nx.MultiDiGraph) -> None:
    with pytest.raises(BriefingError, match="it has no steps"):
        scenes(Briefing(name="e", title="E"), network, {})


def test_the_picture_of_a_step_fades_what_is_out_of_focus(
    network: nx.MultiDiGraph, default_scenes: list[Scene]
) -> None:
    shown = default_scenes[1]
    view = scene_view(network, shown)
    assert view.theme.name == "projector"
    assert set(view.focus) == set(shown.nodes)
    faded = view.theme.faded
    for node in view.nodes:
        assert (node["color"]["background"] == faded) == (node["id"] not in shown.nodes)
    for edge in view.edges:
        assert (edge["color"]["color"] == faded) == (edge["id"] not in shown.edges)


def test_a_step_on_the_whole_graph_fades_nothing(network: nx.MultiDiGraph) -> None:
    view = scene_view(network, scene(1, Step(title="all"), network, {}))
    assert all(n["color"]["background"] != view.theme.faded for n in view.nodes)
    assert all(e["color"]["color"] != view.theme.faded for e in view.edges)


def test_automatic_excerpts_never_quote_the_same_words_twice(
    network: nx.MultiDiGraph, texts: dict[str, str]
) -> None:
    # INTERPOL's neighbourhood: claims' evidence and mentions nest inside each other.
    for step in [Step(title="INTERPOL", focus=Focus(concepts=("interpol",)), hops=1),
                 Step(title="All")]:  # fmt: skip
        shown = scene(1, step, network, texts)
        spans = sorted((e.document, e.start, e.end) for e in shown.excerpts)
        for (doc_a, _, end_a), (doc_b, start_b, _) in itertools.pairwise(spans):
            assert doc_a != doc_b or end_a <= start_b, (step.title, spans)
        assert 2 <= len(shown.excerpts) <= MAX_AUTOMATIC_EXCERPTS
