"""`briefgraph app`: start the Streamlit app on a corpus, an RDF file or a SPARQL server."""

from __future__ import annotations

import argparse
import ipaddress
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from graph.cli.options import number_in

STREAMLIT_OPTIONS = (
    "--server.headless", "true",
    "--browser.gatherUsageStats", "false",
    # Production mode: an error outside the app's own page boundary shows no traceback
    # and no "Ask Google" links, only that something went wrong.
    "--client.showErrorDetails", "none",
    "--client.toolbarMode", "viewer",
    # A served app does not reload itself when a file changes.
    "--server.fileWatcherType", "none",
    # No full garbage collection after every run: on the app's heap (stores, spaCy) it
    # took about 75 ms of each click; Python's own collector still runs when it needs to.
    "--runner.postScriptGC", "false",
)  # fmt: skip
"""How every briefgraph app is served: by `briefgraph app`, the tests and the bench."""


def add_commands(commands: Any, source: argparse.ArgumentParser) -> None:
    """Add app to the command line's subcommands."""
    app = commands.add_parser(
        "app", parents=[source], help="start the Streamlit app on a corpus or an RDF file"
    )
    app.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    app.add_argument(
        "--port", type=number_in(1, 65535, whole=True), default=8501,
        help="port (default: %(default)s)",
    )  # fmt: skip
    app.add_argument(
        "--allow-writes",
        action="store_true",
        help="let visitors from other machines save briefings, layouts and review decisions "
        "(on a non-loopback --host the app is read-only without it)",
    )
    app.set_defaults(command=_app)


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_script() -> Path | None:
    """Return the Streamlit app's main.py: beside the package in a clone, inside it when
    installed (graph/app_files/app, see pyproject.toml); None when neither is there."""
    package = Path(__file__).resolve().parents[1]
    for script in (package.parent / "app" / "main.py", package / "app_files" / "app" / "main.py"):
        if script.is_file():
            return script
    return None


def streamlit_command(script: Path, host: str, port: int) -> list[str]:
    """The command that serves the Streamlit ``script`` on ``host``:``port``."""
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.address", host, "--server.port", str(port), *STREAMLIT_OPTIONS,
    ]  # fmt: skip


def _app(args: argparse.Namespace) -> int:
    from graph.errors import BriefgraphError
    from graph.settings import settings

    app = app_script()
    if app is None:
        raise BriefgraphError("the Streamlit app is not beside this installation (app/main.py)")
    env = dict(os.environ)
    env.pop("BRIEFGRAPH_READ_ONLY", None)
    if not (is_loopback(args.host) or args.allow_writes or settings().allow_writes):
        # Served to the network: anyone who reaches it could overwrite saved work.
        env["BRIEFGRAPH_READ_ONLY"] = "1"
        print(f"briefgraph: serving on {args.host} read-only; --allow-writes lets visitors save")
    if args.corpus:
        env["BRIEFGRAPH_CORPUS"] = str(Path(args.corpus).resolve())
    if args.endpoint:
        env["BRIEFGRAPH_ENDPOINT"] = args.endpoint
        if args.endpoint_graph:
            env["BRIEFGRAPH_ENDPOINT_GRAPH"] = args.endpoint_graph
    if args.data:
        from graph.store.persisted import persisted_store

        persisted_store(args.data)  # load it now, so that a bad file is reported here
        env["BRIEFGRAPH_DATA"] = str(Path(args.data).resolve())
    return subprocess.call(streamlit_command(app, args.host, args.port), env=env)
