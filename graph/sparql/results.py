"""SPARQL query results as the standard formats: JSON, XML, CSV, TSV, and a text table."""

from __future__ import annotations

from rdflib import Variable
from rdflib.query import Result

from graph.errors import QueryError
from graph.store.backends import QueryResult

RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "table": "text/plain",
}
"""Result format name -> media type, for SELECT and ASK results."""


def to_rdflib_result(result: QueryResult) -> Result:
    """Return a QueryResult as an rdflib Result, whose serialisers write the standard formats."""
    if result.kind == "ask":
        rdflib_result = Result("ASK")
        rdflib_result.askAnswer = bool(result.boolean)
        return rdflib_result
    if result.kind != "select":
        raise QueryError("a graph result has no table form; ask for an RDF format instead")
    rdflib_result = Result("SELECT")
    variables = [Variable(v) for v in result.variables]
    rdflib_result.vars = variables
    rdflib_result.bindings = [
        {var: term for var, term in zip(variables, row, strict=True) if term is not None}
        for row in result.rows
    ]
    return rdflib_result


def serialize_result(result: QueryResult, fmt: str) -> bytes:
    """Return a SELECT or ASK result in ``fmt`` (one of RESULT_FORMATS)."""
    if fmt == "tsv":
        return _tsv(result).encode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    rdflib_format = "txt" if fmt == "table" else fmt
    data = to_rdflib_result(result).serialize(format=rdflib_format, encoding="utf-8")
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def _tsv(result: QueryResult) -> str:
    # rdflib has no TSV serialiser; SPARQL TSV is N-Triples terms joined by tabs.
    if result.kind == "ask":
        return f"?_askResult\n{'true' if result.boolean else 'false'}\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if term is None else term.n3() for term in row))
    return "\n".join(lines) + "\n"
