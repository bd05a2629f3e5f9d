"""Options shared by several commands: where the graph comes from, and the query limits."""

from __future__ import annotations

import argparse

from graph.store.backends import Store


def add_limits(parser: argparse.ArgumentParser) -> None:
    """Add --timeout and --max-rows (not given: the settings decide)."""
    from graph.settings import DEFAULTS

    # Not given: BRIEFGRAPH_QUERY_TIMEOUT / BRIEFGRAPH_MAX_ROWS, else graph.settings' defaults.
    timeout = f"stop a query after this long (default: {DEFAULTS.query_timeout:g})"
    rows = f"return at most this many rows (default: {DEFAULTS.max_rows})"
    parser.add_argument("--timeout", type=float, metavar="SECONDS", help=timeout)
    parser.add_argument("--max-rows", type=int, metavar="N", help=rows)


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
