"""The network view as a Streamlit component (v2): clicks and dragged positions reach Python."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from graph.view.render import NetworkView, vis_network_css, vis_network_js
from graph.view.standalone import network_script

_GLUE = """
export default function (component) {
  const { data, parentElement, setTriggerValue, setStateValue } = component;
  let host = parentElement.querySelector(".briefgraph-network");
  if (!host) {
    host = document.createElement("div");
    host.className = "briefgraph-network";
    host.setAttribute("role", "img");
    host.setAttribute("aria-label", "Concept network");
    parentElement.appendChild(host);
  }
  host.style.height = data.height;
  host.style.background = data.view.background;
  if (!host.briefgraph) {
    host.briefgraph = globalThis.briefgraphNetwork.mount(host, data.view, {
      node: (id) => setTriggerValue("clicked", { kind: "node", id: id }),
      edge: (id) => setTriggerValue("clicked", { kind: "edge", id: id }),
      moved: (positions) => setStateValue("positions", positions),
    });
    // Browser tests reach the drawn network through this name.
    globalThis.briefgraphExplorer = host.briefgraph;
  } else {
    host.briefgraph.update(data.view);
  }
}
"""

_CSS = """
.briefgraph-network {
  width: 100%;
  border: 1px solid rgba(128, 128, 128, 0.35);
  border-radius: 6px;
}
"""


@functools.cache
def _component() -> Any:
    # Registered once per process: vis-network (bundled with pyvis), the shared
    # drawing script, and the glue that reports clicks and drags back to Python.
    return st.components.v2.component(
        "briefgraph_network",
        js=vis_network_js() + "\n" + network_script() + "\n" + _GLUE,
        css=vis_network_css() + _CSS,
    )


SCREEN = "max(460px, calc(100vh - 240px))"
"""The explorer's height: the screen's, less the header and the caption above it."""


def network_component(
    view: NetworkView,
    *,
    height: int | None = 640,
    key: str = "network",
    on_click: Callable[[Mapping[str, str]], None] | None = None,
) -> Any:
    """Draw ``view`` at ``height`` pixels (None: as tall as the screen allows); the result
    has ``clicked`` ({kind, id} or None) and ``positions``. ``on_click`` is given what was
    clicked before the rerun the click starts (a fragment's, inside a fragment)."""

    def clicked() -> None:
        value = st.session_state.get(key) or {}
        if on_click is not None and value.get("clicked"):
            on_click(value["clicked"])

    return _component()(
        data={"view": view.data(), "height": SCREEN if height is None else f"{height}px"},
        key=key,
        height="content" if height is None else height,
        on_clicked_change=clicked,
        on_positions_change=lambda: None,
    )
