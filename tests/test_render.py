"""The network picture: the graph's nodes and edges, class styles, escaping, nothing fetched."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from graph.network.concepts import to_networkx
from graph.store.backends import Store
from graph.view.render import (
    CLASS_STYLES,
    THEMES,
    class_styles,
    network_view,
    script_json,
)
from graph.view.standalone import details, standalone_html


def test_the_view_has_exactly_the_graphs_nodes_and_edges(network: nx.MultiDiGraph) -> None:
    view = network_view(network)
    assert {n["id"] for n in view.nodes} == set(network.nodes)
    assert {e["id"] for e in view.edges} == {key for *_, key in network.edges(keys=True)}
    assert len(view.edges) == network.number_of_edges()


def test_nodes_are_coloured_and_shaped_by_class(network: nx.MultiDiGraph) -> None:
    view = network_view(network)
    for node in view.nodes:
        local = node["cls"].rsplit("#", 1)[-1]
        color, shape = CLASS_STYLES[local]
        assert node["color"]["background"] == color
        assert node["shape"] == shape


def test_every_class_has_a_distinct_colour_and_shape_pair() -> None:
    assert len(set(CLASS_STYLES.values())) == len(CLASS_STYLES)


def test_the_legend_counts_every_node_once(network: nx.MultiDiGraph) -> None:
    view = network_view(network)
    assert sum(entry.count for entry in view.legend) == network.number_of_nodes()
    assert {entry.label for entry in view.legend} == {
        s.label for s in class_styles(network).values()
    }


def test_the_layout_is_the_same_on_every_render(network: nx.MultiDiGraph) -> None:
    first = {n["id"]: (n["x"], n["y"]) for n in network_view(network).nodes}
    second = {n["id"]: (n["x"], n["y"]) for n in network_view(network).nodes}
    assert first == second
    assert len(set(first.values())) == len(first), "two nodes share a position"


def test_focus_fades_other_nodes_and_paths_are_thick(network: nx.MultiDiGraph) -> None:
    nodes = list(network.nodes)[:2]
    claim = next(iter(network.edges(keys=True)))[2]
    view = network_view(network, focus=nodes, highlighted_edges=[claim], theme="dark")
    faded = THEMES["dark"].faded
    for node in view.nodes:
        assert (node["color"]["background"] == faded) == (node["id"] not in nodes)
    widths = {e["id"]: e["width"] for e in view.edges}
    assert widths[claim] > max(w for k, w in widths.items() if k != claim)


def test_physics_settles_with_bounded_iterations_on_straight_edges(
    network: nx.MultiDiGraph,
) -> None:
    options = network_view(network, physics=True).options
    assert options["physics"]["enabled"] is True
    assert options["physics"]["stabilization"]["iterations"] == 200
    assert options["edges"]["smooth"] is False


@pytest.fixture
def hostile_network(hostile_graph_store: Store) -> nx.MultiDiGraph:
    return to_networkx(hostile_graph_store)


def test_labels_with_markup_are_escaped_in_the_standalone_page(
    hostile_network: nx.MultiDiGraph,
) -> None:
    page = standalone_html(
        network_view(hostile_network),
        title="A </title><script>x()</script>",
        detail_data=details(hostile_network, {}),
    )
    assert "<script>window.pwned" not in page
    assert "<img src=x" not in page
    assert "</title><script>x()" not in page
    assert "\\u003cscript\\u003ewindow.pwned=1\\u003c/script\\u003e" in page
    # tooltips stay strings (shown as text), never turned into HTML elements
    assert "htmlTitle" not in page


def test_the_standalone_page_loads_nothing_from_outside(network: nx.MultiDiGraph) -> None:
    page = standalone_html(network_view(network), title="t")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page)
    assert "default-src 'none'" in page


def test_script_json_cannot_close_its_script_element() -> None:
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "</script>" not in text and "<!--" not in text and "&" not in text
    assert "\u2028" not in text


def test_inferred_links_are_dashed_and_their_tooltip_says_why(network: nx.MultiDiGraph) -> None:
    view = network_view(network)
    by_id = {e["id"]: e for e in view.edges}
    inferred = by_id[
        "https://w3id.org/briefgraph/claim/forum-participation--kindOf--international-cooperation"
    ]
    stated = by_id[
        "https://w3id.org/briefgraph/claim/international-cooperation--requires--precise-diplomacy"
    ]
    assert inferred["dashes"] == [10, 6] and stated["dashes"] is False
    assert "\ninferred: Forum participation is named" in inferred["title"]
    assert "inferred" not in stated["title"]
    assert sum(1 for e in view.edges if e["dashes"]) == 6


def test_the_standalone_page_says_why_a_link_is_inferred(network: nx.MultiDiGraph) -> None:
    from graph.view.standalone import details

    shown = details(network, {})
    claim = (
        "https://w3id.org/briefgraph/claim/forum-participation--kindOf--international-cooperation"
    )
    assert shown[claim]["subtitle"].startswith(
        "Claim \u2014 inferred: Forum participation is named"
    )
    stated = (
        "https://w3id.org/briefgraph/claim/international-cooperation--requires--precise-diplomacy"
    )
    assert shown[stated]["subtitle"] == "Claim"


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark", "projector"])
def test_labels_and_links_meet_wcag_aa_contrast_in_every_theme(theme: str) -> None:
    from graph.view.render import THEMES

    style = THEMES[theme]
    assert contrast(style.font, style.background) >= 4.5  # labels: normal text
    assert contrast(style.selected, style.background) >= 3.0  # the selection's outline
    assert contrast(style.edge, style.background) >= 3.0  # links: graphical objects


def test_the_claim_underline_on_the_sources_page_meets_wcag_aa() -> None:
    from graph.view.highlight import CLAIM_UNDERLINE

    assert contrast(CLAIM_UNDERLINE, "#ffffff") >= 4.5


def test_canvas_labels_and_tooltips_isolate_each_label_in_arabic_and_leave_english_alone(
    store: Store, network: nx.MultiDiGraph
) -> None:
    from graph.model.bidi import FSI, PDI, RLI, without_controls

    english = network_view(network)
    assert all(n["label"] == network.nodes[n["id"]]["label"] for n in english.nodes)
    assert not any(c in e["title"] for e in english.edges for c in (FSI, RLI))

    arabic_network = to_networkx(store, "ar")
    arabic = network_view(arabic_network)
    for node in arabic.nodes:
        data = arabic_network.nodes[node["id"]]
        # The canvas sets text left to right: an Arabic label is its own isolate there.
        assert node["label"] == f"{FSI}{data['label']}{PDI}"
        first = node["title"].split("\n")[0]
        assert first.startswith(RLI) and first.endswith(PDI)  # "label (class)", right to left
        assert without_controls(first) == f"{data['label']} ({data['class_label']})"
    for edge in arabic.edges:
        if edge["label"]:
            assert edge["label"].startswith(FSI) and edge["label"].endswith(PDI)
        claim = edge["title"].split("\n")[0]
        assert claim.startswith(RLI) and claim.endswith(PDI)
        assert edge["title"].split("\n")[-1].startswith("\u201c")  # the English quote as it is


def test_the_standalone_pages_headings_are_lines_with_each_label_isolated(store: Store) -> None:
    arabic_network = to_networkx(store, "ar")
    shown = details(arabic_network, {})
    claim = (
        "https://w3id.org/briefgraph/claim/forum-participation--kindOf--international-cooperation"
    )
    assert shown[claim]["title"] == {
        "dir": "rtl",
        "parts": [["المشاركة في المنتديات العالمية", True], [" ", False], ["نوع من", True],
                  [" ", False], ["التعاون الدولي", True]],
    }  # fmt: skip
    interpol = shown["https://w3id.org/briefgraph/concept/interpol"]["title"]
    assert interpol == {"dir": "rtl", "parts": [["الإنتربول", True]]}
    page = standalone_html(network_view(arabic_network), title="t", detail_data=shown)
    assert 'element("bdi", text)' in page and "node.dir = phrase.dir" in page
