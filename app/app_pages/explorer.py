"""Explorer: the concept network with search, filters, focus, paths and the evidence behind it."""

from __future__ import annotations

import functools
import html
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import streamlit as st

from app import data, drafts
from app.network_component import network_component
from app.state import (
    MAX_HOPS,
    ViewState,
    from_query_params,
    is_count,
    step_from_view,
    to_query_params,
)
from app.text import counted, plain
from graph.briefing.handout import picture_file
from graph.model.bidi import Isolated, Phrase, bdi, inline
from graph.model.namespaces import local_name
from graph.model.provenance import Excerpt
from graph.network.analytics import (
    PathStep,
    communities,
    filtered,
    neighbourhood,
    shortest_paths,
)
from graph.network.budget import FOLDED, Folded, fold
from graph.network.concepts import claim_phrase, claim_sentence, status_note, writes_right_to_left
from graph.network.layout import layout_file, save_positions
from graph.network.overview import Page
from graph.network.search import search
from graph.view.highlight import Mark, highlighted_html, paragraph_around
from graph.view.render import class_styles, network_view

# Streamlit forgets a widget's value when its page is left: the explorer keeps its own
# (below, at the end of every run) and puts them back when the user returns, so a trip
# to Tables and back, or a switch from Sources, finds the view as it was.
WIDGET_KEYS = ("search", "hops", "hidden_classes", "hidden_relations", "only_documents",
               "path_from", "path_to", "language", "colour", "theme", "physics",
               "suggestions")  # fmt: skip
KEPT = "explorer_kept"
for kept_key, kept_value in st.session_state.get(KEPT, {}).items():
    if kept_key not in st.session_state:
        st.session_state[kept_key] = kept_value

# Proposals not yet reviewed join the picture only when asked, drawn dotted.
language = st.session_state.get("language") or "en"
# A large graph of another ontology is drawn a page at a time, read from the store: the
# page around the selected resource is the network the rest of this page works on.
large = data.large() and not st.session_state.get("suggestions")
lazy: Page | None = None
if large:
    if "explorer_started" not in st.session_state:
        asked = st.query_params.get("node")
        st.session_state.node = asked if asked in data.label_index() else None
    lazy = data.page(st.session_state.get("node"), int(st.session_state.get("hops") or 0), language)
    whole = lazy.folded.network
    network = nx.MultiDiGraph(whole.subgraph(n for n in whole if not n.startswith(FOLDED)))
elif st.session_state.get("suggestions"):
    network = data.suggested_network()
else:
    network = data.network_in(language)
documents = data.source_documents()
styles = class_styles(network)
labels = {node: attrs["label"] for node, attrs in network.nodes(data=True)}
concepts = sorted(labels, key=lambda n: labels[n].casefold())
class_options = sorted(styles, key=lambda c: styles[c].label)
relation_labels = {d["relation"]: d["relation_label"] for *_, d in network.edges(data=True)}
relation_options = sorted(relation_labels, key=lambda r: relation_labels[r])
LINE_SAMPLES = {
    "inferred": '<span style="letter-spacing:1px">&#8211; &#8211; &#8211;</span>',
    "suggested": '<span style="letter-spacing:2px">&#183;&#183;&#183;&#183;</span>',
}
MAPPING_WORDS = {
    "exactMatch": "same as",
    "closeMatch": "close to",
    "broadMatch": "a narrower sense of",
    "narrowMatch": "a broader sense of",
    "relatedMatch": "related to",
}
statuses = {key: d.get("status", "stated") for *_, key, d in network.edges(keys=True, data=True)}


# ------------------------------------------------------------------ view state
# The URL is read once per session; after that the widgets hold the view and
# the URL is rewritten from them on every run, so a copied link reopens it.
def url_notices(raw: dict[str, str], start: ViewState) -> list[str]:
    """Say what of a link could not be honoured, and what is shown instead."""
    said = []
    if (
        start.node
        and start.node not in network
        and not (large and start.node in data.label_index())
    ):
        said.append(f"There is no concept named \u201c{raw['node']}\u201d in this graph: the "
                    "whole graph is shown instead.")  # fmt: skip
    hops = raw.get("hops", "")
    if hops and (not is_count(hops) or int(hops) > MAX_HOPS):
        said.append(f"A neighbourhood of \u201c{hops}\u201d hops cannot be drawn: it is "
                    f"{start.hops if is_count(hops) else 0} (at most {MAX_HOPS}).")  # fmt: skip
    unknown = [c for c in start.hidden_classes if c not in styles]
    if unknown:
        said.append("Unknown classes in the link were ignored: "
                    + ", ".join(local_name(c) for c in unknown) + ".")  # fmt: skip
    if start.path and not all(end in network for end in start.path):
        said.append("The path in the link names a concept this graph does not have: no path "
                    "is drawn.")  # fmt: skip
    return said


notices: list[str] = []
if "explorer_started" not in st.session_state:
    raw = st.query_params.to_dict()
    start = from_query_params(raw)
    notices = url_notices(raw, start)
    st.session_state.update(
        explorer_started=True,
        node=start.node if start.node in network else None,  # a large graph's page holds it
        edge=start.edge,
        hops=start.hops,
        hidden_classes=[c for c in start.hidden_classes if c in styles],
        hidden_relations=[r for r in start.hidden_relations if r in relation_labels],
        path_from=start.path[0] if start.path and start.path[0] in network else None,
        path_to=start.path[1] if start.path and start.path[1] in network else None,
        colour=start.colour,
        theme=start.theme if "theme" in st.query_params else (st.context.theme.type or "light"),
    )


def select_node(node: str | None) -> None:
    st.session_state.node = node
    st.session_state.edge = None


def select_edge(claim: str) -> None:
    st.session_state.edge = claim


def reset_view() -> None:
    for key in ("node", "edge", "path_from", "path_to", "search"):
        st.session_state[key] = None if key != "search" else ""
    st.session_state.hops = 0
    st.session_state.hidden_classes = []
    st.session_state.hidden_relations = []
    st.session_state.colour = "class"


# ------------------------------------------------------------------ sidebar controls
with st.sidebar:
    st.text_input("Search concepts", key="search", placeholder="e.g. diplomacy, Ummah, cyber")
    query = st.session_state.get("search") or ""
    if query.strip():
        if large or network.number_of_nodes() > data.budget():
            # A large graph is searched in its label index, not by scanning every node.
            found = [
                (h.iri, h.label)
                for h in data.label_index().search(query, 20, language)
                if large or h.iri in network
            ][:8]
        else:
            found = [(h.iri, h.matched) for h in search(network, query, limit=8)]
        if not found:
            st.caption("No concept matches.")
        names = data.labels_in([i for i, _ in found if i not in labels], language) if large else {}
        for iri, matched in found:
            name = labels.get(iri) or names.get(iri) or matched
            label = inline(name) if matched == name else f"{inline(name)} ({inline(matched)})"
            st.button(
                label,
                key=f"hit-{iri}",
                on_click=select_node,
                args=(iri,),
                type="tertiary",
                icon=":material/center_focus_strong:",
            )

    st.select_slider(
        "Neighbourhood of the selected concept",
        options=list(range(MAX_HOPS + 1)),
        key="hops",
        format_func=lambda h: "whole graph" if h == 0 else f"{h} hop{'s' if h > 1 else ''}",
        help="Show only the concepts this many links away from the selected one.",
    )
    with st.expander("Filters", icon=":material/filter_alt:"):
        st.multiselect(
            "Hide classes",
            class_options,
            key="hidden_classes",
            format_func=lambda c: styles[c].label,
        )
        st.multiselect(
            "Hide relations",
            relation_options,
            key="hidden_relations",
            format_func=lambda r: relation_labels[r],
        )
        if len(documents) > 1:
            st.multiselect(
                "Only what these documents support",
                sorted(documents, key=lambda d: documents[d].title),
                key="only_documents",
                format_func=lambda d: documents[d].title,
            )
    with st.expander("Path between two concepts", icon=":material/route:"):
        named = labels.__getitem__
        st.selectbox("From", concepts, key="path_from", index=None, format_func=named)
        st.selectbox("To", concepts, key="path_to", index=None, format_func=named)
    if len(data.label_languages()) > 1:
        st.selectbox("Label language", data.label_languages(), key="language")
    st.radio("Colour by", ["class", "community"], key="colour", horizontal=True)
    st.radio("Theme", ["light", "dark"], key="theme", horizontal=True)
    st.toggle("Let physics settle the layout", key="physics", value=False)
    st.toggle(
        "Show suggestions",
        key="suggestions",
        help="Add what ingest proposed and no one has reviewed yet, drawn dotted.",
    )
    st.button("Reset view", on_click=reset_view, icon=":material/restart_alt:")

for notice in notices:
    st.warning(notice, icon=":material/info:")


def select_clicked(clicked: Mapping[str, str]) -> None:
    """Select what was clicked in the network: a concept or a claim."""
    if clicked.get("kind") == "node":
        select_node(clicked.get("id"))
    elif clicked.get("id"):
        select_edge(str(clicked["id"]))


# ------------------------------------------------------------------ evidence
RIGHT_TO_LEFT = writes_right_to_left(language)


def heading(line: Phrase | str, caption: str = "") -> None:
    """The details' heading: a claim's line (its labels isolated) or a label alone; in a
    right-to-left language, set right to left (the excerpts below stay in their document's
    language and direction)."""
    if not RIGHT_TO_LEFT:
        # Markdown has no <bdi>: a claim's labels are in Unicode's isolates.
        st.subheader(plain(str(line)))
        if caption:
            st.caption(plain(caption))
        return
    if isinstance(line, str):
        line = Phrase((Isolated(line),), rtl=True)
    below = f'<p dir="auto" style="opacity:0.7;margin:0">{html.escape(caption)}</p>'
    st.html(
        f'<div dir="rtl" lang="{html.escape(language)}" class="details-heading">'
        + line.element_html("h3", style="margin:0.2rem 0")
        + (below if caption else "")
        + "</div>"
    )


def show_excerpt(excerpt: Excerpt, label: str, color: str) -> None:
    document = data.source_documents()[excerpt.document]
    paragraph = paragraph_around(document.text, excerpt.start, excerpt.end)
    mark = Mark(excerpt.start, excerpt.end, "selected", label, color)
    st.html(
        '<blockquote dir="auto" '
        'style="margin:0.3rem 0;padding:0.2rem 0.8rem;border-left:4px solid #888">'
        + highlighted_html(document.text, [mark], paragraph)
        + "</blockquote>"
    )
    st.caption(f"{plain(document.title)}, characters {excerpt.start}\u2013{excerpt.end}")


def show_acceptance(attrs: Mapping[str, Any]) -> None:
    """Say who accepted an ingested concept or claim in review, and when (the trail)."""
    if attrs.get("accepted"):
        who, when = attrs["accepted"]
        st.caption(f"Accepted in review by {plain(who)}" + (f", {plain(when)}" if when else ""))


def show_sources(excerpts: Sequence[Excerpt]) -> None:
    """Say which documents support a concept or claim, and how many excerpts each gives."""
    counts = Counter(e.document for e in excerpts)
    named = "; ".join(
        f"{plain(documents[d].title if d in documents else d)} ({n})"
        for d, n in sorted(counts.items())
    )
    st.caption(f"Supported by {len(counts)} document{'s' if len(counts) != 1 else ''}: {named}")


def show_claim(claim: str) -> None:
    for source, target, key, attrs in network.edges(keys=True, data=True):
        if key != claim:
            continue
        heading(claim_phrase(network, source, target, attrs))
        note = status_note(attrs)
        st.caption("Claim" + (f" \u2014 {plain(note)}" if note else ", stated by the source"))
        show_acceptance(attrs)
        cols = st.columns(2)
        cols[0].button(labels[source], key="claim-subject", on_click=select_node, args=(source,))
        cols[1].button(labels[target], key="claim-object", on_click=select_node, args=(target,))
        show_sources(attrs["excerpts"])
        st.markdown(f"**Evidence** ({len(attrs['excerpts'])})")
        for excerpt in attrs["excerpts"]:
            show_excerpt(excerpt, attrs["relation_label"], "#ffd54f")
        return
    st.info("That claim is not in the graph.")


def show_folded(node: str, drawn: nx.MultiDiGraph) -> None:
    attrs = drawn.nodes[node]
    st.subheader(plain(attrs["label"]))
    st.caption(plain(attrs["definition"]))
    if lazy is not None:
        members = [(n, name) for n, name in data.members(attrs["cls"], language) if n not in drawn]
        count = attrs["folded"]
    else:
        ranked = sorted(
            (n for n, d in network.nodes(data=True) if d["cls"] == attrs["cls"] and n not in drawn),
            key=lambda n: (-network.degree(n), labels[n]),
        )
        members = [(n, labels[n]) for n in ranked]
        count = len(members)
    st.markdown(f"**The most connected of them** ({min(len(members), 30)} of {count:,})")
    for member, name in members[:30]:
        st.button(name, key=f"member-{member}", on_click=select_node, args=(member,),
                  type="tertiary")  # fmt: skip


def show_concept(node: str, drawn: nx.MultiDiGraph) -> None:
    if node.startswith(FOLDED):
        show_folded(node, drawn)
        return
    attrs = network.nodes[node]
    style = styles[attrs["cls"]]
    heading(attrs["label"], attrs["class_label"])
    if attrs["definition"]:
        st.write(plain(attrs["definition"]))
    show_acceptance(attrs)
    if attrs["alt_labels"]:
        st.caption("Also called: " + plain(", ".join(map(inline, attrs["alt_labels"]))))
    if attrs.get("mappings"):
        links = "; ".join(
            f"{html.escape(MAPPING_WORDS.get(kind, kind))} "
            f'<a href="{html.escape(iri)}" target="_blank" rel="noopener noreferrer">'
            f"{html.escape(iri)}</a>"
            for kind, iri in attrs["mappings"]
        )
        st.html(f'<p style="font-size:0.9rem">In other vocabularies: {links}</p>')
    relations = [
        (key, claim_sentence(network, s, t, d))
        for s, t, key, d in [
            *network.out_edges(node, keys=True, data=True),
            *network.in_edges(node, keys=True, data=True),
        ]
    ]
    st.markdown(f"**Relations** ({len(relations)})")
    for key, sentence in sorted(relations, key=lambda r: r[1]):
        status = statuses[key]
        shown = sentence if status == "stated" else f"{sentence} ({status})"
        st.button(shown, key=f"rel-{key}", on_click=select_edge, args=(key,), type="tertiary")
    if not attrs["excerpts"]:
        st.info(
            "No source excerpts: this resource comes from an RDF graph, not from a document "
            "briefgraph has read, so there are no words to quote."
        )
        for prop, value in attrs.get("literals", ()):
            st.markdown(f"**{plain(prop)}**: {plain(value)}")
        return
    show_sources(attrs["excerpts"])
    st.markdown(f"**Where the sources name it** ({len(attrs['excerpts'])})")
    for excerpt in attrs["excerpts"]:
        show_excerpt(excerpt, attrs["label"], style.color)


@st.fragment
def network_and_details() -> None:
    """The network and the details of what is selected: a click in either reruns only
    this, not the sidebar and the data above (the page's other widgets rerun it all)."""
    view = ViewState(
        node=st.session_state.node,
        edge=st.session_state.edge,
        hops=st.session_state.hops,
        hidden_classes=tuple(st.session_state.hidden_classes),
        hidden_relations=tuple(st.session_state.hidden_relations),
        path=(st.session_state.path_from, st.session_state.path_to)
        if st.session_state.path_from and st.session_state.path_to
        else None,
        colour=st.session_state.colour,
        theme=st.session_state.theme,
    )
    st.query_params.from_dict(to_query_params(view))
    st.session_state[KEPT] = {k: st.session_state[k] for k in WIDGET_KEYS if k in st.session_state}

    # ------------------------------------------------------------------ what to draw
    only = st.session_state.get("only_documents") or None
    shown = filtered(network, view.hidden_classes, view.hidden_relations, documents=only)
    if view.node and view.node not in shown and view.node in network:
        hidden_by = network.nodes[view.node]["class_label"]
        st.info(
            f"{inline(network.nodes[view.node]['label'])} is hidden by the filter on "
            f"\u201c{inline(hidden_by)}\u201d, so its neighbourhood is not drawn: the whole "
            "filtered graph is shown. Show that class again, or select another concept.",
            icon=":material/visibility_off:",
        )
    if view.node and view.hops and view.node in shown:
        shown = filtered(
            network,
            view.hidden_classes,
            view.hidden_relations,
            neighbourhood(shown, view.node, view.hops),
            documents=only,
        )
    paths: list[list[PathStep]] = []
    if view.path:
        paths = shortest_paths(shown, *view.path)
    path_nodes = {step.source for p in paths for step in p} | {
        step.target for p in paths for step in p
    }
    path_claims = {step.claim for p in paths for step in p}

    # A graph too large for the page is folded to the node budget, by class.
    if lazy is not None:
        # The page read from the store holds the budget already; its folded classes come back
        # as aggregate nodes unless the user hid them.
        kept_folded = {
            cls: count
            for cls, count in lazy.folded.folded.items()
            if cls not in view.hidden_classes
        }
        drawn = nx.MultiDiGraph(shown)
        drawn.add_nodes_from((f"{FOLDED}{c}", whole.nodes[f"{FOLDED}{c}"]) for c in kept_folded)
        page = Folded(drawn, kept_folded, lazy.folded.total)
    else:
        page = fold(nx.MultiDiGraph(shown), data.budget(), keep=[n for n in [view.node] if n],
                    expand=[n for n in [view.node] if n])  # fmt: skip
    drawn = page.network
    if view.colour != "community":
        community = None
    elif lazy is not None:
        community = communities(drawn)  # of the page: the whole graph's are not computed
    else:
        community = data.community_of()
    placed = (
        data.positions(language) if not page.folded and lazy is None else data.positions_of(drawn)
    )
    picture = network_view(
        drawn,
        positions=placed,
        theme=view.theme,
        focus=path_nodes or None,
        selected=view.node,
        highlighted_edges=path_claims,
        communities=community,
        physics=st.session_state.physics,
    )

    left, right = st.columns([7, 3], gap="medium")
    with left:
        if lazy is not None:
            st.caption(
                f"Showing {counted(shown.number_of_nodes(), 'resource')} and "
                f"{counted(shown.number_of_edges(), 'link')} of a graph of "
                f"{lazy.folded.total:,} resources, read a page at a time."
            )
        else:
            st.caption(
                f"Showing {counted(shown.number_of_nodes(), 'concept')} and "
                f"{counted(shown.number_of_edges(), 'claim')} of {network.number_of_nodes()} "
                f"and {network.number_of_edges()}."
            )
        if page.folded:
            st.caption(plain(page.summary()))
        if lazy is not None and lazy.cut:
            st.caption(
                f"The neighbourhood holds more than {data.budget()} resources: the nearest "
                f"{data.budget()} are drawn."
            )
        # A click selects before this fragment reruns (the callback), so one run draws it.
        result = network_component(picture, height=None, on_click=select_clicked)
        legend = "".join(
            f'<span style="white-space:nowrap">'
            f'<span style="color:{html.escape(e.color)};font-size:1.1rem">&#9679;</span> '
            f"{bdi(e.label)} ({e.count})</span>"
            for e in picture.legend
        ) + "".join(
            f'<span style="white-space:nowrap">{LINE_SAMPLES[status]} {status} link</span>'
            for status in sorted(set(statuses.values()) - {"stated"})
            if status in LINE_SAMPLES
        )
        flex = "display:flex;flex-wrap:wrap;gap:0.2rem 1rem;font-size:0.85rem"
        st.html(f'<div style="{flex}">{legend}</div>')
        layout_columns = st.columns(3)
        moved = result.positions
        # The view as a file for slides made elsewhere: where the nodes are now (dragged ones
        # included), in their colours and shapes; drawn only when a button is pressed.
        now = {**placed, **{n: (float(p["x"]), float(p["y"])) for n, p in (moved or {}).items()}}
        files = st.columns(3)
        for column, fmt in zip(files, ("svg", "png"), strict=False):
            column.download_button(
                f"Picture ({fmt.upper()})",
                functools.partial(
                    picture_file,
                    nx.MultiDiGraph(drawn),
                    now,
                    fmt,
                    focus=path_nodes or None,
                    highlighted=path_claims,
                ),
                file_name=f"briefgraph-view.{fmt}",
                mime="image/svg+xml" if fmt == "svg" else "image/png",
                icon=":material/image:",
                key=f"picture-{fmt}",
                on_click="ignore",
            )
        if layout_columns[0].button(
            "Save layout",
            disabled=not moved or data.read_only(),
            icon=":material/push_pin:",
            help="Pin every concept where it is now; the layout reopens like this.",
        ):
            pinned = {node: (float(p["x"]), float(p["y"])) for node, p in moved.items()}
            save_positions(layout_file(), {**data.positions(language), **pinned})
            st.toast("Layout saved.")
        if layout_columns[1].button(
            "Forget saved layout", icon=":material/layers_clear:", disabled=data.read_only()
        ):
            layout_file().unlink(missing_ok=True)
            st.rerun()
        if layout_columns[2].button(
            "Add this view as a step",
            icon=":material/playlist_add:",
            help="Add what you see to the briefing you are writing (see the Briefings page).",
        ):
            draft, where = drafts.add_step(step_from_view(view, network))
            st.toast(f"Added step {len(draft.steps)} to \u201c{draft.title}\u201d{where}.")

    with right:
        if paths and view.path:
            start, end = view.path
            st.markdown(
                f"**{len(paths)} shortest path{'s' if len(paths) > 1 else ''}** "
                f"from {plain(inline(labels[start]))} to {plain(inline(labels[end]))}"
            )
            for number, steps in enumerate(paths, 1):
                with st.expander(
                    f"Path {number}: {len(steps)} step{'s' if len(steps) > 1 else ''}",
                    expanded=number == 1,
                ):
                    for step in steps:
                        st.markdown(
                            plain(step.sentence) + ("" if step.forward else " *(read backwards)*")
                        )
                        if step.excerpts:
                            show_excerpt(step.excerpts[0], step.sentence, "#ffd54f")
        elif view.path:
            st.info("No path links these two concepts with the current filters.")
        if view.edge:
            show_claim(view.edge)
        elif view.node:
            show_concept(view.node, drawn)
        elif not paths:
            st.info(
                "Click a concept or a link in the network, or search for one, to see "
                "the words of the essay behind it."
            )


network_and_details()
