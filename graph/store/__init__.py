"""The store wing: getting a graph in and out, and reading it.

The ``Store`` interface and its backends (``backends``), loading corpora and RDF
files (``load``), RDF exports (``export``), briefgraph's named SPARQL queries
(``queries/*.rq``), SHACL validation (``validate``), counts (``stats``) and the
documents a graph quotes (``documents``). Remote stores belong here too.

May import: ``graph.model`` and the base modules (``graph.errors``, ``graph.atomic``).
"""

from graph.store.backends import QueryResult, Store, open_store
from graph.store.load import corpus_store, default_store, load_rdf_file

__all__ = ["QueryResult", "Store", "corpus_store", "default_store", "load_rdf_file", "open_store"]
