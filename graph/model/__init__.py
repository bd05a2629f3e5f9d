"""The model wing: a source document and its curated reading as RDF.

Namespaces and the files that ship with the package (``resources``), annotation
files (``corpus``), paragraphs and sentences (``text``), lines in two
directions with their labels isolated (``bidi``), excerpts located by their
exact words (``provenance``), and the RDF graph built from them (``build``).

May import: ``graph.errors``, ``graph.atomic``. Nothing else of ``graph``.
"""

from graph.model.build import build_graph, load_ontology
from graph.model.corpus import Corpus, default_corpus, load_corpus
from graph.model.provenance import Excerpt, locate

__all__ = [
    "Corpus",
    "Excerpt",
    "build_graph",
    "default_corpus",
    "load_corpus",
    "load_ontology",
    "locate",
]
