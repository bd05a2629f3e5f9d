"""The sparql wing: queries people write, checked, bounded and served.

Checks that refuse updates, SERVICE and FROM and name syntax errors in words
(``checks``), worker processes that enforce time and row limits (``runner``),
result formats (``results``), and the SPARQL 1.1 Protocol endpoint
(``server``, ``service``).

May import: ``graph.store``, ``graph.model`` and the base modules. Not ``graph.network``.
"""

from graph.sparql.checks import check_query
from graph.sparql.runner import QueryRunner, RunResult, run_query

__all__ = ["QueryRunner", "RunResult", "check_query", "run_query"]
