"""Shared fixtures: the default corpus and its graph, a tiny hand-written corpus, helpers."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph

from graph.cli.app import streamlit_command
from graph.model.build import build_graph
from graph.model.corpus import Corpus, default_corpus, load_corpus
from graph.network.concepts import to_networkx
from graph.store.backends import Store, open_store

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ESSAY = REPO / "corpus" / "security-cooperation" / "essay.txt"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def essay_text() -> str:
    """The essay read straight from its file, not from the graph."""
    return ESSAY.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared/ folder (seeds and public RDF), or skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("shared/ is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return default_corpus()


@pytest.fixture(scope="session")
def rdf_graph(corpus: Corpus) -> Graph:
    """The default graph. Session-wide: tests must not change it."""
    return build_graph(corpus)


@pytest.fixture(scope="session", params=["oxigraph", "rdflib", "remote"])
def any_store(request: pytest.FixtureRequest, rdf_graph: Graph) -> Store:
    """The default graph in each backend: Oxigraph, rdflib, and a real Virtuoso server."""
    if request.param == "remote":
        from graph.store.remote import RemoteStore

        endpoint = request.getfixturevalue("virtuoso")
        return RemoteStore(endpoint, default_graph=VIRTUOSO_GRAPHS["essay"])
    return open_store(rdf_graph, request.param)


VIRTUOSO = Path("/usr/bin/virtuoso-t")
VIRTUOSO_GRAPHS = {"essay": "urn:briefgraph:essay", "unesco": "urn:briefgraph:unesco"}
"""The named graphs the suite's Virtuoso holds: the default corpus and the UNESCO Thesaurus."""


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, rdf_graph: Graph) -> Iterator[str]:
    """Debian's Virtuoso on 127.0.0.1 with tests/virtuoso/virtuoso.ini, loaded with the default
    corpus (and the UNESCO Thesaurus when shared/ is present); yields its /sparql URL."""
    if not VIRTUOSO.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have /usr/bin/virtuoso-t: `make test` installs it")
        pytest.skip("Debian's virtuoso-opensource-7-bin is not installed (run `make virtuoso`)")
    from tests.virtuoso.server import running_virtuoso

    folder = tmp_path_factory.mktemp("virtuoso")
    with running_virtuoso(folder) as server:
        essay = folder / "essay.nt"
        essay.write_bytes(rdf_graph.serialize(format="nt", encoding="utf-8"))
        loads = [(essay, VIRTUOSO_GRAPHS["essay"])]
        thesaurus = SHARED / "data" / "unesco-thesaurus.ttl"
        if thesaurus.is_file():
            shutil.copy(thesaurus, folder / "unesco.ttl")
            loads.append((folder / "unesco.ttl", VIRTUOSO_GRAPHS["unesco"]))
        server.load(loads, timeout=300)
        yield server.endpoint


@pytest.fixture(scope="session")
def store(rdf_graph: Graph) -> Store:
    """The default graph in the default backend (Oxigraph)."""
    return open_store(rdf_graph)


@pytest.fixture(scope="session")
def network(store: Store) -> nx.MultiDiGraph:
    return to_networkx(store)


@pytest.fixture(scope="session")
def pipeline() -> Any:
    """spaCy's English model, as `make` installs it (a test fails if only the fallback loads)."""
    from graph.ingest.pipeline import load_pipeline

    loaded = load_pipeline()
    assert loaded.parses, loaded.message
    return loaded


@pytest.fixture
def tiny_corpus() -> Corpus:
    return load_corpus(DATA / "tiny")


@pytest.fixture
def edited_corpus(tmp_path: Path) -> Callable[[Callable[[str], str]], Path]:
    """Copy the default corpus to a temporary folder, edit its annotations, return the folder."""

    def make(edit: Callable[[str], str]) -> Path:
        folder = tmp_path / "corpus"
        shutil.copytree(REPO / "corpus" / "security-cooperation", folder / "security-cooperation")
        annotations = folder / "security-cooperation" / "annotations.yaml"
        original = annotations.read_text(encoding="utf-8")
        edited = edit(original)
        assert edited != original, "the edit changed nothing"
        annotations.write_text(edited, encoding="utf-8")
        return folder

    return make


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(url: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a server started by a fixture: politely, then by force after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have /usr/bin/chromium: `make test` installs it")
        pytest.skip("Debian's chromium is not installed (run `make browser`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def app_server(app_server_home: tuple[str, Path]) -> str:
    """The base URL of the real app under `streamlit run` on 127.0.0.1."""
    return app_server_home[0]


@pytest.fixture(scope="session")
def app_server_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The real app under `streamlit run` on 127.0.0.1; yields its URL and BRIEFGRAPH_HOME."""
    home = tmp_path_factory.mktemp("briefgraph-home")
    with running_app(home) as url:
        yield url, home


@contextlib.contextmanager
def running_app(home: Path, **env: str) -> Iterator[str]:
    """`streamlit run app/main.py` on a free loopback port with BRIEFGRAPH_HOME and ``env``."""
    port = free_port()
    process = subprocess.Popen(
        streamlit_command(REPO / "app" / "main.py", "127.0.0.1", port),  # as `briefgraph app`
        cwd=REPO,
        env={**os.environ, "BRIEFGRAPH_HOME": str(home), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/_stcore/health")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF holding ``objects`` (numbered from 1, the first the catalog) with its xref."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    table = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF"
    return out + trailer.encode()


HOSTILE_LABEL = '<script>window.pwned=1</script> "quoted" & <img src=x onerror=alert(1)> href'


@pytest.fixture
def hostile_graph_store(tmp_path: Path) -> Store:
    """A tiny graph whose labels and title carry markup and script."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "doc.txt").write_text("Joint patrols counter smuggling.", encoding="utf-8")
    (folder / "annotations.yaml").write_text(
        "document: {id: hostile, file: doc.txt, title: 'A </title><script>x()</script>'}\n"
        "concepts:\n"
        f"  patrols: {{class: CooperationForm, label: {HOSTILE_LABEL!r}, mentions: [patrols]}}\n"
        "  smuggling: {class: Threat, label: Smuggling, mentions: [smuggling]}\n"
        "claims:\n"
        "  - {subject: patrols, relation: counters, object: smuggling, evidence: [counter]}\n",
        encoding="utf-8",
    )
    return open_store(build_graph(load_corpus(folder)))


ENDPOINT_TIMEOUT = 3.0
ENDPOINT_ROW_LIMIT = 500


@contextlib.contextmanager
def running_endpoint(*options: str) -> Iterator[str]:
    """`briefgraph serve` started afresh on 127.0.0.1 with ``options``; yields the /sparql URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "serve", "--port", str(port), *options],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/")
        yield f"http://127.0.0.1:{port}/sparql"
    finally:
        stop(process)


@pytest.fixture(scope="session")
def endpoint() -> Iterator[str]:
    """`briefgraph serve` on 127.0.0.1 (3 s time limit, 500 rows); yields the /sparql URL."""
    limits = ("--timeout", str(ENDPOINT_TIMEOUT), "--max-rows", str(ENDPOINT_ROW_LIMIT))
    with running_endpoint(*limits) as url:
        yield url


class Listener:
    """A TCP server on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        import threading

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.2)
        self.port = int(self.socket.getsockname()[1])
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A local server that would see any outbound request a query made."""
    server = Listener()
    yield server
    server.close()


# ---------------------------------------------------------------- the socket guard
# briefgraph makes no outbound request. During the whole suite, a connection from this
# process to anything but loopback is refused and recorded, and so is a connection to a
# loopback port the suite did not open itself (every server a test starts gets its
# port from a bind in this process: free_port, Listener, Virtuoso's ports); the test
# that made it fails. Subprocesses are covered by their own checks: Chromium's request
# recorder, the endpoint's Listener tests.
OUTBOUND: list[object] = []
OPENED_PORTS: set[int] = set()
"""Loopback ports this process has bound: the only local ports a test may connect to."""
_REAL_CONNECT = socket.socket.connect
_REAL_CONNECT_EX = socket.socket.connect_ex
_REAL_BIND = socket.socket.bind


def _loopback(address: object) -> bool:
    import ipaddress

    host = address[0] if isinstance(address, tuple) else address
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like stay on this machine
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a name to resolve is a name elsewhere


def _allowed(sock: socket.socket, address: object) -> bool:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return True
    if not _loopback(address):
        return False
    port = address[1] if isinstance(address, tuple) and len(address) > 1 else None
    return sock.type != socket.SOCK_STREAM or port in OPENED_PORTS


def _guarded(connect: Any) -> Any:
    def guarded(self: socket.socket, address: object) -> Any:
        if not _allowed(self, address):
            OUTBOUND.append(address)
            raise ConnectionRefusedError(
                f"the test guard refused a connection to {address}: beyond loopback, "
                "or a local port the suite did not open"
            )
        return connect(self, address)

    return guarded


def _recording_bind(self: socket.socket, address: Any) -> None:
    _REAL_BIND(self, address)
    if self.family in (socket.AF_INET, socket.AF_INET6):
        OPENED_PORTS.add(int(self.getsockname()[1]))


socket.socket.connect = _guarded(_REAL_CONNECT)  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded(_REAL_CONNECT_EX)  # type: ignore[method-assign]
socket.socket.bind = _recording_bind  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def no_outbound_connection() -> Iterator[None]:
    """Fail the test that tried to connect beyond loopback."""
    OUTBOUND.clear()
    yield
    tried = list(OUTBOUND)
    OUTBOUND.clear()
    assert not tried, f"outbound connection attempts: {tried}"


PAGE_FAILED = "This page stopped on an unexpected problem"
"""The start of the app's page-boundary message (app/main.py)."""


def failures(app: Any) -> list[str]:
    """Return what went wrong in an AppTest run: exceptions shown, and the page boundary's
    message (the app catches a page's exception, logs it and says so in words)."""
    found = [str(e.value) for e in app.exception]
    return found + [e.value for e in app.error if str(e.value).startswith(PAGE_FAILED)]
