"""Explorer benchmark: a click on a concept to its details, in Debian's Chromium, on the
shipped essay, with the app server's CPU per click; against a bare Streamlit page's
button click to its text measured in the same run (the framework's own floor).

`python -m bench explorer`. One user clicks RUNS concepts in turn; then USERS browsers
(one process each) click together, and the median and worst of all their clicks are
printed beside the one user's.
"""

from __future__ import annotations

import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.review import BARE_PAGE, _bare_app, _row, bare_button_clicks, open_bare
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, running_app, stop

RUNS = 12
USERS = 8
VIEWPORT = {"width": 1440, "height": 900}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
READY = ".briefgraph-network[data-ready=true]"
NODE_ON_SCREEN = """(id) => {
    const network = globalThis.briefgraphExplorer.network;
    const at = network.canvasToDOM(network.getPositions([id])[id]);
    const box = network.canvas.frame.canvas.getBoundingClientRect();
    return [box.left + at.x, box.top + at.y];
}"""


def _concepts() -> list[tuple[str, str]]:
    """(IRI, label) of the essay's concepts, the most connected first."""
    from graph.network.concepts import to_networkx
    from graph.store.load import default_store

    network = to_networkx(default_store())
    ranked = sorted(network, key=lambda n: (-network.degree(n), n))
    return [(n, network.nodes[n]["label"]) for n in ranked]


def _open_explorer(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.wait_for_function("() => globalThis.briefgraphExplorer !== undefined", timeout=120_000)
    page.wait_for_selector(READY, timeout=120_000)
    page.wait_for_selector(IDLE, timeout=120_000)


def _click_concepts(page: Any, concepts: list[tuple[str, str]], runs: int) -> list[float]:
    """Click ``runs`` concepts in turn; the seconds from each click to its details heading."""
    found = []
    for iri, label in concepts[:runs]:
        x, y = page.evaluate(NODE_ON_SCREEN, iri)
        started = time.perf_counter()
        page.mouse.click(x, y)
        page.get_by_role("heading", name=label, exact=True).first.wait_for(timeout=60_000)
        found.append(time.perf_counter() - started)
        page.wait_for_selector(IDLE, timeout=60_000)
    return found


def _first_paints(browser: Any, url: str, drawn: str) -> list[float]:
    """Seconds from opening ``url`` in a new session to the element ``drawn``: the
    explorer's network, or the bare page's text."""
    found = []
    for _ in range(RUNS // 2):
        page = browser.new_page(viewport=VIEWPORT)
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(drawn, timeout=120_000)
        found.append(time.perf_counter() - started)
        page.close()
    return found


def _page_switches(page: Any) -> dict[str, list[float]]:
    """Seconds from a click in the page list to the Tables page, and back to the drawn
    Explorer."""
    times: dict[str, list[float]] = {"to Tables": [], "to the Explorer": []}
    for _ in range(RUNS // 2):
        started = time.perf_counter()
        page.locator('[data-testid="stSidebarNav"] a', has_text="Tables").click()
        page.get_by_role("heading", name="Concepts and claims").first.wait_for(timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        times["to Tables"].append(time.perf_counter() - started)
        started = time.perf_counter()
        page.locator('[data-testid="stSidebarNav"] a', has_text="Explorer").click()
        page.wait_for_selector(READY, timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        times["to the Explorer"].append(time.perf_counter() - started)
    return times


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of process ``pid`` and its threads, from /proc."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_pid(base: str) -> int:
    import subprocess

    port = base.rsplit(":", 1)[1]
    found = subprocess.run(
        ["pgrep", "-f", f"server.port {port}"], capture_output=True, text=True, check=False
    )
    return int(found.stdout.split()[0])


def _one_user(url: str, concepts: list[tuple[str, str]] | None, ready: Any, go: Any) -> list[float]:
    """Open the explorer at ``url`` and click RUNS of ``concepts``, or, with none, click the
    bare page's button RUNS times; each waits for the others before its first click."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        if concepts is None:
            open_bare(page, url, timeout=120_000)
        else:
            _open_explorer(page, url)
        ready.wait()
        go.wait()
        if concepts is None:
            times = bare_button_clicks(page, RUNS)
        else:
            times = _click_concepts(page, concepts, RUNS)
        browser.close()
    return times


def _user_process(url: str, concepts: list[tuple[str, str]] | None, ready: Any, go: Any,
                  out: Any) -> None:  # fmt: skip
    out.put(_one_user(url, concepts, ready, go))


def _together(url: str, concepts: list[tuple[str, str]] | None) -> list[float]:
    """USERS browsers, one process each, open the page and then click at once."""
    context = multiprocessing.get_context("spawn")
    ready, go, out = context.Barrier(USERS + 1), context.Event(), context.Queue()
    workers = [
        context.Process(
            target=_user_process,
            args=(url, None if concepts is None else concepts[i % 3 :], ready, go, out),
            daemon=True,
        )
        for i in range(USERS)
    ]
    for worker in workers:
        worker.start()
    ready.wait(timeout=600)
    go.set()
    times = [t for _ in workers for t in out.get(timeout=600)]
    for worker in workers:
        worker.join(timeout=60)
    return times


def main() -> None:
    from playwright.sync_api import sync_playwright

    print("\nexplorer, click on a concept to its details in Chromium (baseline: a bare "
          "Streamlit button)")  # fmt: skip
    concepts = _concepts()
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "bare.py"
        script.write_text(BARE_PAGE, encoding="utf-8")
        bare_url, bare = _bare_app(script)
        try:
            with running_app(Path(scratch) / "home") as base, sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport=VIEWPORT)
                open_bare(page, bare_url)
                baseline = bare_button_clicks(page, RUNS)
                _open_explorer(page, base)
                pid = _server_pid(base)
                before = _cpu_seconds(pid)
                one = _click_concepts(page, concepts, RUNS)
                cpu = (_cpu_seconds(pid) - before) / RUNS
                switches = _page_switches(page)
                firsts = _first_paints(browser, base + "/", READY)
                paints = _first_paints(browser, bare_url, "text=clicked 0")
                browser.close()
                together = _together(base, concepts)
                bare_together = _together(bare_url, None)
        finally:
            stop(bare)  # type: ignore[arg-type]
    print(f"  the essay, {len(concepts)} concepts; {RUNS} clicks a user")
    print(_row("bare Streamlit button", baseline))
    print(_row("one user", one))
    print(f"  {'app server CPU per click':<28} {1000 * cpu:6.0f} ms")
    for name, seconds in switches.items():
        print(_row(f"page switch {name}", seconds))
    print(_row("bare page's first paint", paints))
    print(_row("explorer's first picture", firsts, paints).replace("the bare cards", "that"))
    print(_row(f"{USERS} users at once", together))
    print(_row(f"{USERS} users, bare button", bare_together))
    ratio = statistics.median(together) / statistics.median(bare_together)
    print(f"  ({USERS} users: {ratio:.1f}x the bare button's median with as many browsers; "
          "the browsers share the machine's cores with the server)")  # fmt: skip
