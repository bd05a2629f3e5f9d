"""What the explorer shows, and how it is written in (and read from) the page's URL.

Concept and claim IRIs in the default namespaces are shortened to their ids so
that copied links stay readable: ?node=interpol&hops=2&hide=Threat.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import networkx as nx

from graph.briefing.files import Focus, Step
from graph.model.namespaces import BG, CLAIM, CONCEPT, local_name

MAX_HOPS = 3


@dataclass(frozen=True)
class ViewState:
    """The explorer's view: selection, focus, filters, path, colouring and theme."""

    node: str | None = None
    edge: str | None = None
    hops: int = 0
    hidden_classes: tuple[str, ...] = field(default=())
    hidden_relations: tuple[str, ...] = field(default=())
    path: tuple[str, str] | None = None
    colour: str = "class"
    theme: str = "light"

    def with_node(self, node: str | None) -> ViewState:
        """Return this view with ``node`` selected (and no edge)."""
        return replace(self, node=node, edge=None)


def is_count(text: str) -> bool:
    """True for a text of ASCII digits only: '\u00b2' is a digit to str.isdigit, not to int()."""
    return text.isascii() and text.isdigit()


def from_query_params(params: Mapping[str, str]) -> ViewState:
    """Return the view a URL's query parameters describe; unknown values are ignored."""
    hops = params.get("hops", "0")
    path = [_long(p, CONCEPT) for p in params.get("path", "").split(",") if p]
    return ViewState(
        node=_long(params["node"], CONCEPT) if params.get("node") else None,
        edge=_long(params["edge"], CLAIM) if params.get("edge") else None,
        hops=min(max(int(hops), 0), MAX_HOPS) if is_count(hops) else 0,
        hidden_classes=tuple(_long(c, BG) for c in _list(params.get("hide", ""))),
        hidden_relations=tuple(_long(r, BG) for r in _list(params.get("hiderel", ""))),
        path=(path[0], path[1]) if len(path) == 2 else None,
        colour="community" if params.get("colour") == "community" else "class",
        theme="dark" if params.get("theme") == "dark" else "light",
    )


def to_query_params(state: ViewState) -> dict[str, str]:
    """Return the query parameters that reopen ``state`` (defaults are left out)."""
    params: dict[str, str] = {}
    if state.node:
        params["node"] = _short(state.node, CONCEPT)
    if state.edge:
        params["edge"] = _short(state.edge, CLAIM)
    if state.hops:
        params["hops"] = str(state.hops)
    if state.hidden_classes:
        params["hide"] = ",".join(_short(c, BG) for c in state.hidden_classes)
    if state.hidden_relations:
        params["hiderel"] = ",".join(_short(r, BG) for r in state.hidden_relations)
    if state.path:
        params["path"] = ",".join(_short(p, CONCEPT) for p in state.path)
    if state.colour != "class":
        params["colour"] = state.colour
    if state.theme != "light":
        params["theme"] = state.theme
    return params


def _list(text: str) -> list[str]:
    return [item for item in text.split(",") if item]


def _short(iri: str, namespace: str) -> str:
    return iri[len(namespace) :] if iri.startswith(str(namespace)) else iri


def _long(value: str, namespace: str) -> str:
    return value if value.startswith(("http://", "https://", "urn:")) else f"{namespace}{value}"


def step_from_view(state: ViewState, network: nx.MultiDiGraph) -> Step:
    """Return a briefing step that shows what the explorer shows in ``state``.

    Its excerpts are left automatic: the evidence of what is in focus.
    """
    labels = {node: data["label"] for node, data in network.nodes(data=True)}
    if state.path:
        start, end = state.path
        return Step(
            title=f"From {labels.get(start, start)} to {labels.get(end, end)}",
            focus=Focus(path=(_short(start, CONCEPT), _short(end, CONCEPT))),
        )
    if state.edge:
        for source, target, key in network.edges(keys=True):
            if key == state.edge:
                return Step(
                    title=f"{labels[source]} and {labels[target]}",
                    focus=Focus(concepts=(_short(source, CONCEPT), _short(target, CONCEPT))),
                    hops=state.hops,
                )
    if state.node and state.node in network:
        return Step(
            title=labels[state.node],
            focus=Focus(concepts=(_short(state.node, CONCEPT),)),
            hops=state.hops,
        )
    if state.hidden_classes or state.hidden_relations:
        classes = sorted(
            {d["cls"] for _, d in network.nodes(data=True)} - set(state.hidden_classes)
        )
        relations = sorted(
            {d["relation"] for *_, d in network.edges(data=True)} - set(state.hidden_relations)
        )
        return Step(
            title="A filtered view",
            focus=Focus(
                classes=tuple(local_name(c) for c in classes) if state.hidden_classes else (),
                relations=tuple(local_name(r) for r in relations) if state.hidden_relations else (),
            ),
        )
    return Step(title="The whole graph")
