"""The command line: a thin face over the library (``briefgraph``, ``python -m graph``).

``main`` parses the arguments and turns a user's mistake into one plain line;
``ingest`` adds the commands that take an analyst's documents in and review
what they propose.

May import: every wing of ``graph``. Nothing imports it but ``graph.__main__``.
"""

from graph.cli.main import main

__all__ = ["main"]
