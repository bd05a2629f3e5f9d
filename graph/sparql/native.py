"""A query worker's fast path on Oxigraph: the answer written straight from Oxigraph's terms.

The endpoint mostly asks for SPARQL JSON (tables) and N-Triples (triples). For
those, a worker on the Oxigraph store writes the answer from pyoxigraph's own
terms: no rdflib term is made, and N-Triples are written by Oxigraph itself.
Other formats, and terms with no place in them (RDF 1.2 triple terms), return
None, and the worker takes the general path (graph.sparql.results.write_result).
"""

from __future__ import annotations

import json
from itertools import islice
from typing import TYPE_CHECKING, Any

from graph.model.namespaces import PREFIXES
from graph.sparql.results import Written

if TYPE_CHECKING:
    from graph.store.backends import OxigraphStore

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
FAST_TABLE_FORMATS = frozenset({"json"})
FAST_GRAPH_FORMATS = frozenset({"nt"})


def covers(form: str, table_format: str | None, graph_format: str | None) -> bool:
    """Return True when the fast path writes a query of ``form`` in the formats asked."""
    if form in {"SELECT", "ASK"}:
        return table_format in FAST_TABLE_FORMATS
    return graph_format in FAST_GRAPH_FORMATS


def write_natively(
    store: OxigraphStore,
    text: str,
    row_limit: int,
    table_format: str | None,
    graph_format: str | None,
) -> tuple[Written, bool] | None:
    """Return the answer to a checked query written in its format, and whether it was cut
    at ``row_limit``; None when the fast path does not cover it (see ``covers``; then also
    when a term has no place in the format)."""
    import pyoxigraph

    result = store.store.query(text, prefixes=PREFIXES)
    if isinstance(result, pyoxigraph.QueryBoolean):
        if table_format not in FAST_TABLE_FORMATS:
            return None
        return Written("ask", table_format, _json({"head": {}, "boolean": bool(result)})), False
    if isinstance(result, pyoxigraph.QuerySolutions):
        if table_format not in FAST_TABLE_FORMATS:
            return None
        variables = [v.value for v in result.variables]
        rows = list(islice(result, row_limit + 1))
        bindings = []
        for solution in rows[:row_limit]:
            binding = {}
            for index, name in enumerate(variables):
                term = solution[index]
                if term is not None:
                    cell = _cell(term, pyoxigraph)
                    if cell is None:
                        return None
                    binding[name] = cell
            bindings.append(binding)
        answer = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return Written("select", table_format, _json(answer)), len(rows) > row_limit
    if graph_format not in FAST_GRAPH_FORMATS:
        return None
    triples = list(islice(result, row_limit + 1))
    body = pyoxigraph.serialize(triples[:row_limit], format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Written("graph", graph_format, body or b""), len(triples) > row_limit


def _cell(term: Any, pyoxigraph: Any) -> dict[str, str] | None:
    """Return a term as a SPARQL JSON binding (None for a kind JSON results do not hold)."""
    kind = type(term)
    if kind is pyoxigraph.NamedNode:
        return {"type": "uri", "value": term.value}
    if kind is pyoxigraph.Literal:
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            cell["datatype"] = term.datatype.value
        return cell
    if kind is pyoxigraph.BlankNode:
        return {"type": "bnode", "value": term.value}
    return None


def _json(answer: dict[str, Any]) -> bytes:
    return json.dumps(answer, ensure_ascii=False).encode("utf-8")
