"""Coverage-guided fuzzing (atheris) of the RDF and document loaders: `make fuzz`.

Each input is read as RDF (by both loaders, in a format picked from its first byte),
as a source document (ingest's readers: text, Markdown, HTML and PDF, each with its
bounds), as an annotation file, and as the query string of an explorer deep link. Anything but
briefgraph's own plain-language errors is a crash: atheris writes the input to
tests/fuzz/crashes/, and tests/test_fuzz_regressions.py replays every file kept there.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import urllib.parse
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from app.state import from_query_params
    from graph.errors import BriefgraphError
    from graph.ingest.readers import read_source
    from graph.model.corpus import load_corpus
    from graph.store.load import parse_rdf

FORMATS = ["turtle", "nt", "xml", "json-ld", "trig", "nquads"]
SUFFIXES = [".txt", ".md", ".html", ".pdf"]
SCRATCH = Path(tempfile.mkdtemp(prefix="briefgraph-fuzz-"))


def feed(data: bytes) -> None:
    """Read ``data`` every way briefgraph reads a file; only BriefgraphError may come out."""
    choice = data[0] if data else 0
    body = data[1:]
    with contextlib.suppress(BriefgraphError):
        parse_rdf(body, FORMATS[choice % len(FORMATS)], name="fuzz")
    source = SCRATCH / f"input{SUFFIXES[choice % len(SUFFIXES)]}"
    source.write_bytes(body)
    with contextlib.suppress(BriefgraphError):
        read_source(source)
    folder = SCRATCH / "doc"
    folder.mkdir(exist_ok=True)
    (folder / "essay.txt").write_text("Joint patrols counter smuggling.", encoding="utf-8")
    (folder / "annotations.yaml").write_bytes(body)
    with contextlib.suppress(BriefgraphError):
        load_corpus(folder)
    link = urllib.parse.parse_qs(body.decode("utf-8", "replace"), max_num_fields=20)
    from_query_params({key: values[-1] for key, values in link.items()})  # never raises


def main() -> None:
    atheris.Setup(sys.argv, feed)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
