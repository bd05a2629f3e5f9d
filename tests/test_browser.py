"""The explorer and the standalone page in a real headless Chromium: drawn, clickable, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import networkx as nx
import pytest

from graph.network.concepts import to_networkx
from graph.store.backends import Store
from graph.store.documents import document_titles
from graph.view.render import network_view
from graph.view.standalone import details, standalone_html

pytestmark = pytest.mark.browser

INTERPOL = "https://w3id.org/briefgraph/concept/interpol"

# Counts canvas pixels that differ from the background colour.
DRAWN_PIXELS = """(network) => {
    const canvas = network.canvas.frame.canvas;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
        const white = data[i] > 250 && data[i + 1] > 250 && data[i + 2] > 250;
        const blank = data[i + 3] === 0 || white;
        if (!blank) drawn += 1;
    }
    return drawn;
}"""


class Recorder:
    """Every request and WebSocket a page opens."""

    def __init__(self, page: Any) -> None:
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("websocket", lambda socket: self.urls.append(socket.url))

    def outside(self, allowed_host: str | None) -> list[str]:
        result = []
        for url in self.urls:
            parsed = urlparse(url)
            if parsed.scheme in {"data", "blob", "about"}:
                continue
            if parsed.scheme == "file" and allowed_host is None:
                continue
            if allowed_host is not None and parsed.netloc == allowed_host:
                continue
            result.append(url)
        return result


def node_on_screen(page: Any, expression: str, node: str) -> tuple[float, float]:
    point = page.evaluate(
        f"""(id) => {{
            const network = {expression};
            const at = network.canvasToDOM(network.getPositions([id])[id]);
            const box = network.canvas.frame.canvas.getBoundingClientRect();
            return [box.left + at.x, box.top + at.y];
        }}""",
        node,
    )
    return float(point[0]), float(point[1])


def test_the_explorer_draws_the_network_and_a_click_shows_the_excerpt(
    browser: Any, app_server: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    recorder = Recorder(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{app_server}/")  # the explorer is the default page, served at /
    page.wait_for_function("() => globalThis.briefgraphExplorer !== undefined", timeout=60_000)
    page.wait_for_selector(".briefgraph-network[data-ready=true]", timeout=30_000)
    drawn = page.evaluate(f"({DRAWN_PIXELS})(globalThis.briefgraphExplorer.network)")
    assert drawn > 5_000, f"the network canvas looks blank ({drawn} drawn pixels)"
    page.screenshot(path=tmp_path / "explorer.png")

    x, y = node_on_screen(page, "globalThis.briefgraphExplorer.network", INTERPOL)
    page.mouse.click(x, y)
    page.get_by_role("heading", name="INTERPOL").wait_for(timeout=30_000)
    page.get_by_text("various international bodies such as").first.wait_for(timeout=10_000)
    assert "node=interpol" in page.url
    assert not errors, errors
    host = urlparse(app_server).netloc
    assert recorder.outside(host) == [], "the app reached outside its own server"
    page.close()


def _runs_finished(frames: list[bytes]) -> list[str]:
    """How each script run the server reported in ``frames`` ended: a whole page's run
    or a fragment's (Streamlit's ForwardMsg.script_finished)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ended = []
    for frame in frames:
        message = ForwardMsg()
        message.ParseFromString(frame)
        if message.WhichOneof("type") == "script_finished":
            ended.append(ForwardMsg.ScriptFinishedStatus.Name(message.script_finished))
    return ended


COUNT_UPDATES = """() => {
    const nodes = globalThis.briefgraphExplorer.nodes;
    const update = nodes.update.bind(nodes);
    globalThis.briefgraphUpdated = 0;
    nodes.update = (items) => {
        globalThis.briefgraphUpdated += items.length;
        return update(items);
    };
}"""
"""Count the nodes handed to vis-network's DataSet from now on."""


def test_a_click_in_the_network_reruns_only_the_network_and_its_details(
    browser: Any, app_server: str
) -> None:
    """A click selects, shows the details, rewrites the URL and highlights the node in one
    fragment run: the page (the sidebar, the data it reads) is not run again, and the
    drawn network is the same one, given only what changed (here: nothing but the
    selection), not every node again."""
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())
        ),
    )
    page.goto(f"{app_server}/")
    page.wait_for_selector(".briefgraph-network[data-ready=true]", timeout=60_000)
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    page.wait_for_selector(idle, timeout=60_000)
    assert "FINISHED_SUCCESSFULLY" in _runs_finished(frames)  # the page's first run
    page.evaluate("globalThis.briefgraphExplorer.mark = 'first'")
    page.evaluate(COUNT_UPDATES)
    frames.clear()

    x, y = node_on_screen(page, "globalThis.briefgraphExplorer.network", INTERPOL)
    page.mouse.click(x, y)
    page.get_by_role("heading", name="INTERPOL").wait_for(timeout=30_000)
    page.wait_for_selector(idle, timeout=30_000)
    page.wait_for_function("() => location.search.includes('node=interpol')", timeout=10_000)
    assert _runs_finished(frames) == ["FINISHED_FRAGMENT_RUN_SUCCESSFULLY"]
    assert page.evaluate("globalThis.briefgraphExplorer.mark") == "first"  # not rebuilt
    drawn = page.evaluate("globalThis.briefgraphExplorer.nodes.length")
    updated = page.evaluate("globalThis.briefgraphUpdated")
    assert updated <= 2 < drawn, f"{updated} of {drawn} nodes were given to vis-network again"
    assert page.evaluate("globalThis.briefgraphExplorer.network.getSelectedNodes()") == [INTERPOL]
    page.close()


@pytest.fixture
def standalone_file(store: Store, network: nx.MultiDiGraph, tmp_path: Path) -> Path:
    page = standalone_html(
        network_view(network),
        title="International cooperation",
        detail_data=details(network, document_titles(store)),
    )
    path = tmp_path / "network.html"
    path.write_text(page, encoding="utf-8")
    return path


def test_the_standalone_page_works_from_file_with_the_network_off(
    browser: Any, standalone_file: Path
) -> None:
    context = browser.new_context(offline=True)
    page = context.new_page()
    recorder = Recorder(page)
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    page.goto(standalone_file.as_uri())
    page.wait_for_selector("#network[data-ready=true]", timeout=30_000)
    assert page.evaluate(f"({DRAWN_PIXELS})(window.briefgraphView.network)") > 5_000
    x, y = node_on_screen(page, "window.briefgraphView.network", INTERPOL)
    page.mouse.click(x, y)
    page.wait_for_selector(f'#details[data-shown="{INTERPOL}"]', timeout=10_000)
    assert "such as INTERPOL" in page.locator("#details").inner_text()
    assert recorder.outside(None) == []
    context.close()


def test_markup_in_labels_never_runs_in_the_browser(
    browser: Any, tmp_path: Path, hostile_graph_store: Store
) -> None:
    network = to_networkx(hostile_graph_store)
    path = tmp_path / "hostile.html"
    path.write_text(
        standalone_html(network_view(network), title="x", detail_data=details(network, {})),
        encoding="utf-8",
    )
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("#network[data-ready=true]", timeout=30_000)
    node = next(n for n, d in network.nodes(data=True) if "<script>" in d["label"])
    x, y = node_on_screen(page, "window.briefgraphView.network", node)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_selector("#details[data-shown]", timeout=10_000)
    assert "<script>window.pwned=1</script>" in page.locator("#details h2").inner_text()
    assert page.evaluate("window.pwned") is None
    assert dialogs == []
    page.close()


def test_a_dragged_node_can_be_pinned_and_the_layout_saved(
    browser: Any, app_server_home: tuple[str, Path]
) -> None:
    import json

    server, home = app_server_home
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    page.goto(f"{server}/")
    page.wait_for_selector(".briefgraph-network[data-ready=true]", timeout=60_000)
    x, y = node_on_screen(page, "globalThis.briefgraphExplorer.network", INTERPOL)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=8)
    page.mouse.up()
    save = page.get_by_role("button", name="Save layout")
    page.wait_for_function(
        "() => [...document.querySelectorAll('button')].some("
        "b => b.innerText.includes('Save layout') && !b.disabled)",
        timeout=20_000,
    )
    save.click()
    saved = home / "layouts" / "security-cooperation.json"
    for _ in range(50):
        if saved.exists():
            break
        page.wait_for_timeout(200)
    positions = json.loads(saved.read_text(encoding="utf-8"))["positions"]
    assert INTERPOL in positions and len(positions) == 34
    page.close()


def test_chromium_opens_the_thesaurus_within_the_node_budget(
    browser: Any, shared_dir: Path, tmp_path: Path
) -> None:
    from tests.conftest import running_app

    thesaurus = shared_dir / "data" / "unesco-thesaurus.ttl"
    terrorism = "http://vocabularies.unesco.org/thesaurus/concept6843"
    with running_app(tmp_path, BRIEFGRAPH_DATA=str(thesaurus)) as url:
        page = browser.new_page(viewport={"width": 1500, "height": 950})
        page.goto(f"{url}/?node={terrorism}", timeout=120_000)
        page.wait_for_function("() => globalThis.briefgraphExplorer !== undefined", timeout=120_000)
        page.wait_for_selector(".briefgraph-network[data-ready=true]", timeout=60_000)
        nodes = page.evaluate("globalThis.briefgraphExplorer.network.body.data.nodes.length")
        assert 0 < nodes <= 300
        page.get_by_role("heading", name="Terrorism").wait_for(timeout=30_000)
        page.get_by_text("Terrorism broader Crime").wait_for(timeout=10_000)
        page.get_by_text("Terrorism related Extremism").wait_for(timeout=10_000)
        page.get_by_text("resources are drawn").wait_for(timeout=10_000)
        page.close()


INSIDE = """() => {
    const network = globalThis.briefgraphExplorer.network;
    const box = network.canvas.frame.canvas.getBoundingClientRect();
    const ids = network.body.data.nodes.getIds();
    const positions = network.getPositions(ids);
    const outside = ids.filter((id) => {
        const at = network.canvasToDOM(positions[id]);
        return at.x < 0 || at.y < 0 || at.x > box.width || at.y > box.height;
    });
    return {scale: network.getScale(), outside: outside, count: ids.length, width: box.width};
}"""


def opened_view(browser: Any, url: str, width: int, height: int = 900) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => globalThis.briefgraphExplorer !== undefined", timeout=60_000)
        page.wait_for_selector(".briefgraph-network[data-ready=true]", timeout=30_000)
        page.wait_for_timeout(800)  # the frame takes its size; the view refits once
        view: dict[str, Any] = page.evaluate(INSIDE)
        return view
    finally:
        context.close()


def test_a_shared_link_opens_at_the_same_zoom_with_every_node_in_the_frame(
    browser: Any, app_server: str
) -> None:
    url = f"{app_server}/?node=interpol&hops=2"
    first, second = (opened_view(browser, url, 1500) for _ in range(2))
    assert first["count"] == second["count"] > 3
    assert abs(first["scale"] - second["scale"]) < 0.01, (first, second)
    for width in (1500, 1024, 414):
        view = opened_view(browser, url, width)
        assert not view["outside"], (width, view)


def test_changing_the_hops_fits_the_nodes_left_in_view(browser: Any, app_server: str) -> None:
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    try:
        page = context.new_page()
        page.goto(f"{app_server}/?node=interpol")
        page.wait_for_selector(".briefgraph-network[data-ready=true]", timeout=60_000)
        page.wait_for_timeout(800)
        whole = page.evaluate(INSIDE)
        slider = page.get_by_role("slider").first
        slider.focus()
        page.keyboard.press("ArrowRight")  # whole graph -> 1 hop, in the same session
        page.wait_for_function(
            "(n) => globalThis.briefgraphExplorer.network.body.data.nodes.length < n",
            arg=whole["count"],
            timeout=60_000,
        )
        page.wait_for_timeout(1000)  # the refit is animated (400 ms)
        near = page.evaluate(INSIDE)
        assert near["count"] < whole["count"] and not near["outside"]
        assert near["scale"] > whole["scale"]  # fewer nodes, fitted: drawn larger
    finally:
        context.close()
