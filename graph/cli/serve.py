"""The serve command: a read-only SPARQL 1.1 endpoint on the graph."""

from __future__ import annotations

import argparse
from typing import Any

from graph.cli.options import add_limits, number_in, setting_range, store_of

EXIT_OK = 0


def add_serve_command(commands: Any, source: argparse.ArgumentParser) -> None:
    """Add serve to the command line's subcommands."""
    serve = commands.add_parser(
        "serve", parents=[source], help="serve a read-only SPARQL 1.1 endpoint"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    serve.add_argument(
        "--port", type=number_in(1, 65535, whole=True), default=7878,
        help="port (default: %(default)s)",
    )  # fmt: skip
    serve.add_argument(
        "--workers", type=number_in(1, 64, whole=True), default=2,
        help="query processes, 1 to 64 (default: %(default)s)",
    )  # fmt: skip
    serve.add_argument("--cors", action="append", default=[], metavar="ORIGIN",
                       help="let web pages from ORIGIN read answers (repeatable)")  # fmt: skip
    serve.add_argument(
        "--graph-name",
        metavar="IRI",
        help="the IRI requests may give as default-graph-uri for the graph served",
    )
    serve.add_argument(
        "--client-share",
        type=setting_range("client_query_seconds"),
        metavar="SECONDS",
        help="query time one client may use per minute (default: "
        "BRIEFGRAPH_CLIENT_QUERY_SECONDS, or 30)",
    )
    add_limits(serve)
    serve.set_defaults(command=_serve)


def _serve(args: argparse.Namespace) -> int:
    from graph.settings import settings
    from graph.sparql.runner import QueryRunner
    from graph.sparql.server import serve

    store = store_of(args)
    with QueryRunner.for_store(
        store,
        timeout=args.timeout,
        row_limit=args.max_rows,
        workers=args.workers,
        client_share=args.client_share,
    ) as runner:
        cors = args.cors or settings().cors_origins  # BRIEFGRAPH_CORS when no --cors
        serve(
            runner,
            triples=len(store),
            host=args.host,
            port=args.port,
            cors=cors,
            graph_name=args.graph_name,
        )
    return EXIT_OK
