"""A self-contained HTML page of a network: scripts and styles inlined, opens from file://."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import jinja2
import markupsafe
import networkx as nx

from graph.model.bidi import Isolated, Phrase, bdi
from graph.model.provenance import Excerpt
from graph.network.concepts import claim_phrase, right_to_left, status_note
from graph.view.render import NetworkView, script_json, vis_network_css, vis_network_js


@functools.cache
def templates() -> jinja2.Environment:
    """Return the Jinja environment of graph/view/templates (autoescaping on)."""
    loader = jinja2.FunctionLoader(
        lambda name: (resources.files("graph.view") / "templates" / name).read_text(
            encoding="utf-8"
        )
    )
    environment = jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined
    )
    # ``{{ label | bdi }}``: a label set inside other words keeps its own direction.
    environment.filters["bdi"] = lambda text: markupsafe.Markup(bdi(str(text)))
    return environment


@functools.cache
def network_script() -> str:
    """Return briefgraph's browser script that draws a view (graph/view/static/network.js)."""
    return (resources.files("graph.view") / "static" / "network.js").read_text(encoding="utf-8")


def details(network: nx.MultiDiGraph, document_titles: dict[str, str]) -> dict[str, Any]:
    """Return what the page shows when a node or edge is clicked, keyed by node or claim IRI:
    a title (a graph.model.bidi line as data), a subtitle, a definition and excerpts."""
    result: dict[str, Any] = {}
    rtl = right_to_left(network)
    for iri, data in network.nodes(data=True):
        result[iri] = {
            # Headings are lines (graph.model.bidi): each label isolated, the line in its
            # language's direction; the page builds them with textContent and <bdi>.
            "title": Phrase((Isolated(data["label"]),), rtl).data(),
            "subtitle": data["class_label"],
            "definition": data.get("definition") or "",
            "excerpts": [_excerpt(e, document_titles) for e in data["excerpts"]],
        }
    for source, target, key, data in network.edges(keys=True, data=True):
        result[key] = {
            "title": claim_phrase(network, source, target, data).data(),
            "subtitle": "Claim" + (f" \u2014 {note}" if (note := status_note(data)) else ""),
            "definition": "",
            "excerpts": [_excerpt(e, document_titles) for e in data["excerpts"]],
        }
    return result


def standalone_html(
    view: NetworkView,
    *,
    title: str,
    subtitle: str = "",
    detail_data: dict[str, Any] | None = None,
) -> str:
    """Return one HTML document that draws ``view`` with no request to any server."""
    template = templates().get_template("network.html")
    return template.render(
        title=title,
        subtitle=subtitle,
        theme=view.theme,
        legend=view.legend,
        view_json=script_json(view.data()),
        details_json=script_json(detail_data or {}),
        vis_css=vis_network_css(),
        vis_js=vis_network_js(),
        network_js=network_script(),
    )


def _excerpt(excerpt: Excerpt, document_titles: dict[str, str]) -> dict[str, Any]:
    return {
        "document": excerpt.document,
        "document_title": document_titles.get(excerpt.document, excerpt.document),
        "quote": excerpt.quote,
        "start": excerpt.start,
        "end": excerpt.end,
        "sentence": excerpt.sentence,
        "sentence_start": excerpt.sentence_start,
        "sentence_end": excerpt.sentence_end,
    }
