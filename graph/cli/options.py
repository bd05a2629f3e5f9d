"""Options shared by several commands: where the graph comes from, and the query limits."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from graph.store.backends import Store


def number_in(low: float, high: float, *, whole: bool = False) -> Callable[[str], float]:
    """Return an argparse type: a finite number from ``low`` to ``high`` (whole if asked),
    refused in one line that gives the range ('nan', 'inf', -1 and 0 workers are not)."""

    def parse(text: str) -> float:
        kind = "a whole number" if whole else "a number"
        try:
            value = int(text) if whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {kind}") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{kind} from {low:g} to {high:g}, not {text!r}")
        return value

    return parse


def setting_range(name: str, *, whole: bool = False) -> Callable[[str], float]:
    """Return the argparse type for a flag that overrides the setting ``name``: its range."""
    from graph.settings import VARIABLES

    _, low, high = VARIABLES[name]
    assert isinstance(low, int | float) and isinstance(high, int | float)
    return number_in(float(low), float(high), whole=whole)


def add_limits(parser: argparse.ArgumentParser) -> None:
    """Add --timeout and --max-rows (not given: the settings decide)."""
    from graph.settings import DEFAULTS

    # Not given: BRIEFGRAPH_QUERY_TIMEOUT / BRIEFGRAPH_MAX_ROWS, else graph.settings' defaults.
    timeout = f"stop a query after this long (default: {DEFAULTS.query_timeout:g})"
    rows = f"return at most this many rows (default: {DEFAULTS.max_rows})"
    parser.add_argument(
        "--timeout", type=setting_range("query_timeout"), metavar="SECONDS", help=timeout
    )
    parser.add_argument(
        "--max-rows", type=setting_range("max_rows", whole=True), metavar="N", help=rows
    )


def store_of(args: argparse.Namespace) -> Store:
    """Return the store the command line names: --endpoint, --data, or a corpus."""
    from graph.ingest.review import corpus_store_for
    from graph.store.backends import open_store
    from graph.store.load import load_rdf_file

    if args.endpoint:
        from graph.store.remote import RemoteStore

        return RemoteStore(args.endpoint, default_graph=args.endpoint_graph)
    if args.data:
        if args.backend == "oxigraph":
            from graph.store.persisted import persisted_store

            return persisted_store(args.data)
        return open_store(load_rdf_file(args.data), args.backend)
    return corpus_store_for(args.corpus, args.backend, suggestions=args.suggestions)
