"""Start Debian's Virtuoso on 127.0.0.1 with virtuoso.ini beside this file, load files, stop it.

Shared by the suite's ``virtuoso`` fixture and the scale benchmark, so both run
the same server with the same limits.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = Path("/usr/bin/virtuoso-t")
INI = Path(__file__).resolve().parent / "virtuoso.ini"


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its SPARQL endpoint, its SQL port and its process id."""

    endpoint: str
    isql_port: int
    pid: int

    def load(self, files: Sequence[tuple[Path, str]], timeout: float = 1800) -> None:
        """Load each (file in the server's folder, named graph) with TTLP_MT, then checkpoint."""
        statements = "".join(
            f"DB.DBA.TTLP_MT(file_to_string_output('{path}'), '', '{graph}'); "
            for path, graph in files
        )
        subprocess.run(
            [
                "isql-vt",
                f"127.0.0.1:{self.isql_port}",
                "dba",
                "dba",
                f"exec={statements} checkpoint;",
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def peak_memory_mb(self) -> float:
        """Return the server process's peak resident memory (VmHWM), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_virtuoso(folder: Path, start_timeout: float = 60) -> Iterator[Virtuoso]:
    """Start Virtuoso with its database in ``folder`` (files to load go there); stop it after."""
    isql_port, http_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        INI.read_text(encoding="utf-8").format(
            folder=folder, isql_port=isql_port, http_port=http_port
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [str(VIRTUOSO), "+configfile", str(ini), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with urllib.request.urlopen(f"{endpoint}?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("Virtuoso did not start") from None
                time.sleep(0.3)
        yield Virtuoso(endpoint, isql_port, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
