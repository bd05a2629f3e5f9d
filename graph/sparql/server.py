"""A read-only SPARQL 1.1 Protocol endpoint (queries only), served by Starlette and uvicorn.

    GET  /sparql?query=...                      (URL-encoded)
    POST /sparql  application/x-www-form-urlencoded  query=...
    POST /sparql  application/sparql-query      (the query as the body)
    GET  /  or  GET /sparql without a query     the service description

Every query goes through graph.sparql.runner, so updates, SERVICE and FROM are refused
and a query that runs too long is stopped. Status codes: 400 for a malformed
query, 403 for an update or a refused feature, 406 when no result format fits
the Accept header, 413 for an oversized body, 415 for an unknown body type, 429
(with Retry-After) for a client past its share of query time, 503 (with
Retry-After) when a query ran past its time or memory limit or no worker came free.

A client is its address with its User-Agent, as the Wikidata Query Service
counts them. Relative IRIs in a query resolve against the endpoint's URL. The
endpoint serves one graph: a request naming a dataset is refused, unless
``default-graph-uri`` names that graph (``graph_name``), as a test harness does.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from graph.errors import (
    QueryError,
    QueryLimitError,
    QueryRefusedError,
    QueryShareError,
    QuerySyntaxError,
)
from graph.sparql.service import service_description

if TYPE_CHECKING:
    from graph.sparql.answers import WrittenAnswer
    from graph.sparql.runner import QueryRunner

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
TABLE_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
"""Short names accepted in a ``format=`` parameter, for browsers that cannot set Accept."""


class ProtocolError(Exception):
    """A request the endpoint cannot serve: carries its HTTP status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def create_app(
    runner: QueryRunner,
    *,
    triples: int,
    title: str = "briefgraph",
    cors: Sequence[str] = (),
    graph_name: str | None = None,
) -> Starlette:
    """Return the endpoint as an ASGI application that runs queries with ``runner``.

    Web pages on other origins may read the answers only when ``cors`` names their
    origins (``serve --cors ORIGIN``): read-only is not public, and any page the user
    visits could otherwise read the graph from a local endpoint. ``graph_name`` is
    the IRI a request may give as ``default-graph-uri`` for the one graph served."""

    async def sparql(request: Request) -> Response:
        try:
            text = await _query_text(request, graph_name)
            if text is None:
                return _description(request, triples, title)
            table_type = _acceptable(request, TABLE_TYPES)
            graph_type = _acceptable(request, GRAPH_TYPES)
            answer = await run_in_threadpool(
                runner.write,
                text,
                table_format=TABLE_TYPES[table_type] if table_type else None,
                graph_format=GRAPH_TYPES[graph_type] if graph_type else None,
                client=_client(request),
                base=str(request.url_for("sparql")),
            )
            media_type = table_type if answer.written.kind != "graph" else graph_type
            if media_type is None:  # raises 406 naming what this kind of result can be
                _negotiate(request, GRAPH_TYPES if answer.written.kind == "graph" else TABLE_TYPES)
            return _respond(answer, str(media_type))
        except ProtocolError as error:
            return PlainTextResponse(f"{error}\n", status_code=error.status)
        except QueryLimitError as error:
            # Past its time or memory, or no worker free: the server is fine, try again
            # (429 when it is this client's share of query time that is used up).
            status = 429 if isinstance(error, QueryShareError) else 503
            retry = {"Retry-After": str(getattr(error, "retry_after", 1))}
            return PlainTextResponse(f"{error}\n", status_code=status, headers=retry)
        except QueryRefusedError as error:
            return PlainTextResponse(f"{error}\n", status_code=403)
        except (QuerySyntaxError, QueryError) as error:
            return PlainTextResponse(f"{error}\n", status_code=400)
        except Exception:
            # A fault of ours: said in one line, logged, and the connection is closed
            # with a header saying so (a client reusing it would otherwise meet a reset).
            log.exception("the endpoint failed on a request")
            return PlainTextResponse(
                "the endpoint failed on this request; the details are in its log\n",
                status_code=500,
                headers={"Connection": "close"},
            )

    async def root(request: Request) -> Response:
        return _description(request, triples, title)

    return Starlette(
        routes=[
            Route("/", root, methods=["GET", "HEAD"]),
            Route("/sparql", sparql, methods=["GET", "POST", "HEAD"]),
        ],
        middleware=[
            # Browser tools such as YASGUI on the origins named may query; no one else.
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=[
                    "X-Briefgraph-Truncated",
                    "X-Briefgraph-Row-Limit",
                    "X-Briefgraph-Partial",
                    "X-Briefgraph-Cached",
                ],
            )
        ]
        if cors
        else [],
    )


def serve(
    runner: QueryRunner,
    *,
    triples: int,
    host: str = "127.0.0.1",
    port: int = 7878,
    title: str = "briefgraph",
    cors: Sequence[str] = (),
    graph_name: str | None = None,
) -> None:
    """Serve the endpoint until interrupted."""
    import uvicorn

    from graph.settings import settings
    from graph.sparql.guard import GuardedHttpToolsProtocol

    # Each request must arrive in full within the request time (graph.sparql.guard).
    protocol = type(
        "GuardedProtocol",
        (GuardedHttpToolsProtocol,),
        {"request_seconds": settings().request_seconds},
    )
    log.warning("SPARQL endpoint on http://%s:%d/sparql", host, port)
    uvicorn.run(
        create_app(runner, triples=triples, title=title, cors=cors, graph_name=graph_name),
        host=host,
        port=port,
        log_level="warning",
        http=protocol,
    )


def _client(request: Request) -> str:
    """Return who is asking, for the fair share of query time: address and User-Agent."""
    host = request.client.host if request.client else "unknown"
    agent = request.headers.get("user-agent", "")[:200]
    return f"{host} {agent}"


def _check_dataset(params: Mapping[str, list[str]], graph_name: str | None) -> None:
    """Refuse a dataset the endpoint cannot serve: any named graph, or a default graph
    other than the one it serves."""
    if "named-graph-uri" in params:
        raise ProtocolError(400, "named-graph-uri is not supported: the endpoint serves one graph")
    for given in params.get("default-graph-uri", []):
        if given != graph_name:
            served = f"<{graph_name}>" if graph_name else "one unnamed graph"
            raise ProtocolError(
                400,
                f"default-graph-uri <{given}> is not served here: the endpoint serves {served}",
            )


async def _query_text(request: Request, graph_name: str | None = None) -> str | None:
    """Return the query a request carries (None when it asks for the service description)."""
    params = request.query_params
    if "update" in params:
        raise ProtocolError(403, "updates are not allowed: the graph is read-only")
    _check_dataset({key: params.getlist(key) for key in params}, graph_name)
    if request.method in {"GET", "HEAD"}:
        queries = params.getlist("query")
        if len(queries) > 1:
            raise ProtocolError(400, "give one query parameter, not several")
        return queries[0] if queries else None
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await _read_body(request)
    if media_type == "application/sparql-query":
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the query is not UTF-8 text") from None
    if media_type == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qs

        form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        if "update" in form:
            raise ProtocolError(403, "updates are not allowed: the graph is read-only")
        _check_dataset(form, graph_name)
        queries = form.get("query", [])
        if len(queries) != 1:
            raise ProtocolError(400, "the form must carry exactly one query field")
        return queries[0]
    if media_type == "application/sparql-update":
        raise ProtocolError(403, "updates are not allowed: the graph is read-only")
    raise ProtocolError(
        415,
        "send the query as application/sparql-query or application/x-www-form-urlencoded",
    )


async def _read_body(request: Request) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ProtocolError(413, f"the request is larger than {MAX_BODY_BYTES // 1024} KiB")
        chunks.append(chunk)
    return b"".join(chunks)


def _respond(answer: WrittenAnswer, media_type: str) -> Response:
    """Return a worker's written answer with the endpoint's headers."""
    # The same URL answers in several formats: caches must key on Accept.
    headers = {"X-Briefgraph-Row-Limit": str(answer.row_limit), "Vary": "Accept"}
    if answer.truncated:
        headers["X-Briefgraph-Truncated"] = "true"
    if answer.cached:
        headers["X-Briefgraph-Cached"] = "true"
    if answer.written.partial:
        headers["X-Briefgraph-Partial"] = "true"  # the remote store cut it at its row cap
    return Response(answer.written.body, media_type=_with_charset(media_type), headers=headers)


def _description(request: Request, triples: int, title: str) -> Response:
    media_type = _negotiate(request, GRAPH_TYPES)
    endpoint = str(request.url_for("sparql"))
    graph = service_description(endpoint, triples=triples, title=title)
    body = graph.serialize(format=GRAPH_TYPES[media_type], encoding="utf-8")
    return Response(body, media_type=_with_charset(media_type), headers={"Vary": "Accept"})


def _acceptable(request: Request, offered: dict[str, str]) -> str | None:
    """Return the offered media type the client prefers, or None when none fits."""
    try:
        return _negotiate(request, offered)
    except ProtocolError:
        return None


def _negotiate(request: Request, offered: dict[str, str]) -> str:
    """Return the offered media type the client prefers; ProtocolError 406 if none fits."""
    choices = tuple(offered)
    named = request.query_params.get("format", "").lower()
    if named in FORMAT_NAMES and FORMAT_NAMES[named] in offered:
        return FORMAT_NAMES[named]
    header = request.headers.get("accept", "").strip()
    if not header:
        return choices[0]
    best = _best_match(header, choices)
    if best is None:
        raise ProtocolError(
            406, f"no result format fits Accept: {header}; this result can be {', '.join(choices)}"
        )
    return best


@functools.lru_cache(maxsize=256)
def _best_match(header: str, choices: tuple[str, ...]) -> str | None:
    """Return the choice an Accept header prefers (clients send the same few headers, so the
    answers are kept). A media range's parameters other than q (``text/csv; charset=utf-8``)
    do not stop it matching: every answer is UTF-8."""
    from werkzeug.datastructures import MIMEAccept
    from werkzeug.http import parse_accept_header

    ranges = parse_accept_header(header[:2000], MIMEAccept)
    bare = MIMEAccept([(value.split(";")[0].strip(), quality) for value, quality in ranges])
    best = bare.best_match(choices)
    return str(best) if best is not None else None


def _with_charset(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type
