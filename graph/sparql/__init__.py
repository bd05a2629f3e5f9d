"""The sparql wing: queries people write, checked, bounded and served.

Checks that refuse updates, SERVICE and FROM and name syntax errors in words
(``checks``, from rdflib's reading or from the query's ``tokens``), worker
processes that enforce time and row limits (``runner``, ``worker``, ``answers``),
result formats (``results``, and ``native`` from Oxigraph's terms), and the SPARQL
1.1 Protocol endpoint (``server``, ``guard``, ``service``).

May import: ``graph.store``, ``graph.model`` and the base modules. Not ``graph.network``.
"""

from graph.sparql.answers import RunResult
from graph.sparql.checks import check_query
from graph.sparql.runner import QueryRunner, run_query

__all__ = ["QueryRunner", "RunResult", "check_query", "run_query"]
