"""SPARQL query results as the standard formats: JSON, XML, CSV, TSV, and a text table."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rdflib import XSD, Literal, Variable
from rdflib.query import Result

from graph.errors import QueryError
from graph.model.printable import terminal_text
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


_FORMULA = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_cell(text: str) -> str:
    """Return a cell's text as a spreadsheet must not evaluate it (OWASP's CSV injection rule).

    A value starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    leading ``'``, which spreadsheets show as text; a plain number (``-2``) is left alone.
    """
    if _FORMULA.match(text) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def serialize_result(result: QueryResult, fmt: str, *, spreadsheet_safe: bool = False) -> bytes:
    """Return a SELECT or ASK result in ``fmt`` (one of RESULT_FORMATS).

    SPARQL's CSV and TSV formats are defined for SELECT only; an ASK answer is written
    as one ``_askResult`` column holding true or false, as Jena and Virtuoso do. With
    ``spreadsheet_safe``, a CSV cell a spreadsheet would run as a formula is written as
    text (spreadsheet_cell): the CSV meant for spreadsheets, not SPARQL's own. The text
    table is for a terminal: control characters in its cells are shown escaped."""
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; use one of {', '.join(RESULT_FORMATS)}")
    if fmt == "csv" and spreadsheet_safe:
        result = _spreadsheet_safe(result)
    if fmt == "tsv":
        return _tsv(result).encode("utf-8")
    if result.kind == "ask" and fmt in {"csv", "table"}:
        answer = "true" if result.boolean else "false"
        return (f"_askResult\r\n{answer}\r\n" if fmt == "csv" else f"{answer}\n").encode()
    rdflib_format = "txt" if fmt == "table" else fmt
    data = to_rdflib_result(result).serialize(format=rdflib_format, encoding="utf-8")
    data = data if isinstance(data, bytes) else str(data).encode("utf-8")
    if fmt == "table":  # rdflib's n3() escapes line breaks, not ESC: no cell steers a terminal
        lines = data.decode("utf-8").split("\n")
        return "\n".join(map(terminal_text, lines)).encode("utf-8")
    return data


def _spreadsheet_safe(result: QueryResult) -> QueryResult:
    """Return a SELECT result whose literals a spreadsheet will not run (spreadsheet_cell)."""

    def cell(term: object) -> object:
        if not isinstance(term, Literal) or spreadsheet_cell(str(term)) == str(term):
            return term
        return Literal(spreadsheet_cell(str(term)), lang=term.language)

    rows = tuple(tuple(cell(term) for term in row) for row in result.rows)
    return replace(result, rows=rows)  # type: ignore[arg-type]


def _tsv(result: QueryResult) -> str:
    # rdflib has no TSV serialiser; SPARQL TSV is N-Triples terms joined by tabs.
    if result.kind == "ask":
        return f"?_askResult\n{'true' if result.boolean else 'false'}\n"
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if term is None else _tsv_term(term) for term in row))
    return "\n".join(lines) + "\n"


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _tsv_term(term: object) -> str:
    """Return a term as SPARQL TSV writes it: Turtle syntax on one line, a literal's tabs
    and line breaks escaped (rdflib's n3() writes a long string with raw line breaks)."""
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_TSV_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != str(XSD.string):
            return f"{text}^^<{term.datatype}>"
        return text
    n3 = getattr(term, "n3", None)
    return str(n3()) if callable(n3) else str(term)


GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
"""rdflib serialiser name -> media type, for CONSTRUCT and DESCRIBE results."""


@dataclass(frozen=True)
class Written:
    """A query result written in a format: what a query worker sends the endpoint."""

    kind: str
    """select, ask or graph."""
    format: str | None
    """The RESULT_FORMATS or GRAPH_FORMATS name it is written in; None when the result's
    kind had no format asked for (the endpoint answers 406)."""
    body: bytes
    partial: bool = False


def write_result(
    result: QueryResult, table_format: str | None, graph_format: str | None
) -> Written:
    """Return a result written as a table (SELECT, ASK) in ``table_format`` (RESULT_FORMATS)
    or as triples in ``graph_format`` (GRAPH_FORMATS); with no bytes when its kind has no
    format given."""
    fmt = graph_format if result.kind == "graph" else table_format
    if fmt is None:
        body = b""
    elif result.kind != "graph":
        body = serialize_result(result, fmt)
    elif fmt == "nt":  # N-Triples line by line: no Graph to build for it
        from rdflib.plugins.serializers.nt import _nt_row

        body = "".join(map(_nt_row, dict.fromkeys(result.triples))).encode("utf-8")
    else:
        body = result.graph().serialize(format=fmt, encoding="utf-8")
    return Written(result.kind, fmt, body, result.partial)
