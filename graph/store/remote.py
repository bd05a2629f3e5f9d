"""A SPARQL 1.1 server as a store: every read runs on the server, nothing is downloaded whole.

``--endpoint URL`` (or ``BRIEFGRAPH_ENDPOINT``) points every read-only feature
at any SPARQL server: briefgraph's named queries go to it as they are, with a
connect and a read timeout and a cap on the size of an answer. Virtuoso answers
HTTP 206 when it cut a result at its row limit (ResultSetMaxRows): such a result
is kept and marked partial. A server that is down, slow or refuses gets one
plain sentence, never a traceback.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral

from graph.errors import BriefgraphError
from graph.model.namespaces import PREFIXES, sparql_prologue
from graph.store.backends import QueryResult, Term

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0
MAX_ANSWER_BYTES = 256 * 1024 * 1024
"""Largest answer read from a server (a setting); a larger one is refused, not truncated."""


MAX_PAGES = 1_000
"""Pages of a server's row cap read for one of briefgraph's own queries, at the most."""
_LIMITED = re.compile(r"\b(LIMIT|OFFSET)\s+\d+", re.IGNORECASE)


class StoreUnavailableError(BriefgraphError):
    """The SPARQL server is down, slow, refuses the query, or answers too much."""


class RemoteStore:
    """A read-only store on a SPARQL 1.1 Protocol endpoint."""

    backend = "remote"

    def __init__(
        self,
        endpoint: str,
        *,
        default_graph: str | None = None,
        read_timeout: float = READ_TIMEOUT,
        max_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise StoreUnavailableError(f"{endpoint!r} is not an http(s) SPARQL endpoint")
        self.endpoint = endpoint
        self.default_graph = default_graph
        self.read_timeout = read_timeout
        self.max_bytes = max_bytes
        self.location = None

    @classmethod
    def from_environment(cls) -> RemoteStore | None:
        """Return the store BRIEFGRAPH_ENDPOINT names (and BRIEFGRAPH_ENDPOINT_GRAPH), if any."""
        endpoint = os.environ.get("BRIEFGRAPH_ENDPOINT")
        graph = os.environ.get("BRIEFGRAPH_ENDPOINT_GRAPH") or None
        return cls(endpoint, default_graph=graph) if endpoint else None

    # ---------------------------------------------------------------- HTTP
    def _post(self, sparql: str, accept: str) -> tuple[int, bytes, int | None]:
        """Return the answer's status, body, and the row cap the server says it applied."""
        import httpx

        form = {"query": sparql}
        if self.default_graph:
            form["default-graph-uri"] = self.default_graph
        timeout = httpx.Timeout(self.read_timeout, connect=CONNECT_TIMEOUT)
        try:
            with (
                httpx.Client(timeout=timeout, follow_redirects=False) as client,
                client.stream(
                    "POST", self.endpoint, data=form, headers={"Accept": accept}
                ) as answer,
            ):
                body = bytearray()
                for chunk in answer.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise StoreUnavailableError(
                            f"the SPARQL server at {self.endpoint} answered more than "
                            f"{self.max_bytes // 2**20} MB; ask for less (add a LIMIT)"
                        )
                status = answer.status_code
                cap = answer.headers.get("X-SPARQL-MaxRows")
        except httpx.ConnectError:
            raise StoreUnavailableError(
                f"the SPARQL server at {self.endpoint} does not answer: is it running?"
            ) from None
        except httpx.TimeoutException:
            raise StoreUnavailableError(
                f"the SPARQL server at {self.endpoint} did not answer within "
                f"{self.read_timeout:g} s"
            ) from None
        except httpx.HTTPError as error:
            raise StoreUnavailableError(
                f"the SPARQL server at {self.endpoint} could not be read: {error}"
            ) from None
        if status not in {200, 206}:
            first = bytes(body).decode("utf-8", "replace").strip().splitlines()[:1]
            said = f": {first[0][:200]}" if first else ""
            raise StoreUnavailableError(
                f"the SPARQL server at {self.endpoint} refused the query (HTTP {status}){said}"
            )
        return status, bytes(body), int(cap) if cap and cap.isdigit() else None

    # ---------------------------------------------------------------- Store
    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        limit: int | None = None,
    ) -> QueryResult:
        # briefgraph's prefixes come first; a query's own PREFIX lines, later, win.
        text = sparql_prologue() + sparql
        values = ""
        if bindings:
            names = " ".join(f"?{name}" for name in bindings)
            terms = " ".join(_n3(term) for term in bindings.values())
            values = f"\nVALUES ({names}) {{ ({terms}) }}"
        if _is_graph_query(sparql):
            status, body, _ = self._post(text, "application/n-triples")
            graph = Graph()
            graph.parse(data=body, format="nt")
            triples = tuple(graph)[: limit if limit is not None else None]
            return _mark(QueryResult("graph", triples=triples), status)  # type: ignore[arg-type]
        status, data = self._select(text + values)
        if status == 206 and not _LIMITED.search(sparql) and "boolean" not in data:
            # The server cut the answer at its row cap: read the rest page by page.
            page = len(data["results"]["bindings"])
            for number in range(1, MAX_PAGES):
                if limit is not None and len(data["results"]["bindings"]) >= limit:
                    break
                status, more = self._select(f"{text}\nLIMIT {page} OFFSET {number * page}{values}")
                data["results"]["bindings"] += more["results"]["bindings"]
                if len(more["results"]["bindings"]) < page:
                    status = 200
                    break
        if "boolean" in data:
            return _mark(QueryResult("ask", boolean=bool(data["boolean"])), status)
        variables = tuple(data["head"].get("vars", []))
        bindings_rows = data["results"]["bindings"]
        if variables == ("__ASK_RETVAL",):
            # Virtuoso answers some ASK queries as a one-row table of 1 or 0.
            answer = bool(bindings_rows) and bindings_rows[0]["__ASK_RETVAL"]["value"] != "0"
            return _mark(QueryResult("ask", boolean=answer), status)
        if limit is not None:
            bindings_rows = bindings_rows[:limit]
        rows = tuple(tuple(_term(row.get(v)) for v in variables) for row in bindings_rows)
        return _mark(QueryResult("select", variables, rows), status)

    def _select(self, text: str) -> tuple[int, dict[str, Any]]:
        """Return a SELECT or ASK answer; status 206 when the server cut it at its row cap.

        Virtuoso answers 206 for a result cut by its time limit, and 200 with an
        X-SPARQL-MaxRows header for one cut at ResultSetMaxRows: both are partial.
        """
        status, body, cap = self._post(text, "application/sparql-results+json")
        try:
            data: dict[str, Any] = json.loads(body)
        except ValueError:
            raise StoreUnavailableError(
                f"the SPARQL server at {self.endpoint} did not answer in SPARQL JSON"
            ) from None
        rows = data.get("results", {}).get("bindings", [])
        if cap is not None and len(rows) >= cap:
            status = 206
        return status, data

    def objects(self, subject: Term, predicate: URIRef) -> Iterator[Term]:
        result = self.query(f"SELECT ?o WHERE {{ {_n3(subject)} {_n3(predicate)} ?o }}")
        for (term,) in result.rows:
            if term is not None:
                yield term

    def to_graph(self) -> Graph:
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        graph = result.graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, replace=True)
        return graph

    def ntriples(self) -> bytes:
        data: bytes = self.to_graph().serialize(format="nt", encoding="utf-8")
        return data

    def __len__(self) -> int:
        (row,) = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        return int(str(row[0]))


def _is_graph_query(sparql: str) -> bool:
    words = [w.upper() for w in sparql.replace("{", " { ").split() if not w.startswith("#")]
    forms = [w for w in words if w in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}]
    return bool(forms) and forms[0] in {"CONSTRUCT", "DESCRIBE"}


def _mark(result: QueryResult, status: int) -> QueryResult:
    return replace(result, partial=True) if status == 206 else result


def _n3(term: Any) -> str:
    return str(term.n3())


def _term(binding: dict[str, str] | None) -> Term | None:
    """Return an rdflib term from a SPARQL JSON binding (None when unbound)."""
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    datatype = binding.get("datatype")
    language = binding.get("xml:lang")
    return RDFLiteral(value, lang=language, datatype=URIRef(datatype) if datatype else None)
