"""Getting a graph into briefgraph: from the default corpus, a corpus folder, or an RDF file."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.util import guess_format

from graph.errors import RDFInputError
from graph.model.build import build_graph
from graph.model.corpus import Corpus, default_corpus, load_corpus
from graph.model.namespaces import PREFIXES
from graph.store.backends import Backend, Store, open_store
from graph.store.guards import refuse_unsafe_rdf

MAX_RDF_BYTES = 200 * 1024 * 1024
"""Largest RDF file read at once; larger ones are refused before parsing."""

RDF_INPUT_FORMATS = {
    "ttl": "turtle",
    "turtle": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "json": "json-ld",
    "xml": "xml",
    "rdf": "xml",
    "owl": "xml",
}
"""Formats accepted when reading RDF, by name or file extension."""


def default_store(backend: Backend = "oxigraph") -> Store:
    """Return a store holding the graph of the default corpus."""
    return corpus_store(default_corpus(), backend)


def corpus_store(corpus: Corpus | str | Path, backend: Backend = "oxigraph") -> Store:
    """Return a store holding the graph built from a corpus (or a corpus folder)."""
    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)
    return open_store(build_graph(corpus), backend)


def parse_rdf(data: bytes | str, rdf_format: str, *, name: str = "the input") -> Graph:
    """Return the graph parsed from ``data``; RDFInputError in plain words if it is invalid."""
    fmt = RDF_INPUT_FORMATS.get(rdf_format.lower().lstrip("."))
    if fmt is None:
        choices = ", ".join(sorted(set(RDF_INPUT_FORMATS)))
        raise RDFInputError(f"unknown RDF format {rdf_format!r}; use one of {choices}")
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > MAX_RDF_BYTES:
        raise RDFInputError(f"{name} is larger than {MAX_RDF_BYTES // 2**20} MiB")
    refuse_unsafe_rdf(data.encode("utf-8") if isinstance(data, str) else data, fmt, name)
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    try:
        graph.parse(data=data, format=fmt)
    except Exception as error:
        raise RDFInputError(f"{name} is not valid {fmt}: {_first_line(error)}") from error
    return graph


def load_rdf_file(path: str | Path, rdf_format: str | None = None) -> Graph:
    """Return the graph in an RDF file; the format is guessed from the extension if not given."""
    file = Path(path)
    fmt = rdf_format or guess_format(str(file)) or file.suffix.lstrip(".")
    if not file.is_file():
        raise RDFInputError(f"cannot read {file}: no such file")
    if file.stat().st_size > MAX_RDF_BYTES:
        raise RDFInputError(f"{file} is larger than {MAX_RDF_BYTES // 2**20} MiB")
    try:
        data = file.read_bytes()
    except OSError as error:
        raise RDFInputError(f"cannot read {file}: {error.strerror}") from error
    return parse_rdf(data, fmt, name=str(file))


def _first_line(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:300]
