"""The one door to RDF storage: a Store interface and its backends.

Every read of the graph in briefgraph goes through a Store. Two backends live
here: Oxigraph (pyoxigraph, the fast embedded default) and rdflib's in-memory
Graph (the reference implementation). A remote SPARQL 1.1 backend only has to
implement the same four methods.

Terms crossing this boundary are rdflib terms (URIRef, Literal, BNode), whatever
the backend, so callers never see pyoxigraph types.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import XSD
from rdflib.term import Identifier, Node

from graph.model.namespaces import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph

Term = URIRef | RDFLiteral | BNode
Backend = Literal["oxigraph", "rdflib"]
BACKENDS: tuple[Backend, ...] = ("oxigraph", "rdflib")


@dataclass(frozen=True)
class QueryResult:
    """What a SPARQL query gave back: a table (SELECT), a boolean (ASK) or triples (CONSTRUCT)."""

    kind: Literal["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[tuple[Term, Term, Term], ...] = field(default=(), repr=False)
    partial: bool = False
    """True when a remote server cut the result at its own row limit (Virtuoso's HTTP 206)."""

    def dicts(self) -> list[dict[str, Term | None]]:
        """Return the SELECT rows as dictionaries from variable name to term (None if unbound)."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]

    def graph(self) -> Graph:
        """Return the CONSTRUCT or DESCRIBE triples as an rdflib Graph."""
        result = Graph()
        for prefix, namespace in PREFIXES.items():
            result.bind(prefix, namespace, replace=True)
        for triple in self.triples:
            result.add(triple)
        return result


class Store(Protocol):
    """A read-only RDF graph that answers SPARQL queries."""

    backend: str

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        limit: int | None = None,
    ) -> QueryResult:
        """Return the result of a trusted SPARQL query (briefgraph's own .rq files).

        The PREFIXES are declared; ``bindings`` pre-bind variables by name
        (only variables the query projects, as SPARQL SEP-0007 requires); at
        most ``limit`` rows or triples are read. User-written queries go
        through graph.sparql.runner instead, which checks them and bounds their time.
        """
        ...

    def objects(self, subject: Term, predicate: URIRef) -> Iterator[Term]:
        """Return the objects of the triples with this subject and predicate."""
        ...

    def to_graph(self) -> Graph:
        """Return the whole store as an rdflib Graph (for export and validation)."""
        ...

    def ntriples(self) -> bytes:
        """Return every triple as N-Triples (to hand the graph to another process)."""
        ...

    def __len__(self) -> int:
        """Return the number of triples."""
        ...


def open_store(graph: Graph, backend: Backend = "oxigraph") -> Store:
    """Return a Store holding a copy of ``graph`` in the chosen backend."""
    if backend == "oxigraph":
        return OxigraphStore.from_graph(graph)
    if backend == "rdflib":
        return RdflibStore(graph)
    raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")


class RdflibStore:
    """The reference backend: an rdflib Graph in memory."""

    backend = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        limit: int | None = None,
    ) -> QueryResult:
        from graph.store.rdflib_sparql import prepare_query

        prepared = prepare_query(sparql, PREFIXES)
        result = self.graph.query(prepared, initBindings=dict(bindings or {}))
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = tuple(str(v) for v in result.vars or ())
            rows = tuple(
                tuple(_rdflib_term(row[i]) for i in range(len(variables)))
                for row in _first(result, limit)
            )
            return QueryResult("select", variables, rows)
        return QueryResult("graph", triples=tuple(_first(result, limit)))

    def objects(self, subject: Term, predicate: URIRef) -> Iterator[Term]:
        for obj in self.graph.objects(subject, predicate):
            yield _rdflib_term(obj)  # type: ignore[misc]

    def to_graph(self) -> Graph:
        return self.graph

    def ntriples(self) -> bytes:
        data = self.graph.serialize(format="nt", encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode("utf-8")

    def __len__(self) -> int:
        return len(self.graph)


class OxigraphStore:
    """The default backend: an in-memory Oxigraph store."""

    backend = "oxigraph"

    def __init__(
        self,
        store: pyoxigraph.Store,
        *,
        location: Path | None = None,
        source: tuple[Path, str] | None = None,
    ) -> None:
        self.store = store
        self.location = location
        """Where an on-disk store lives (graph.store.persisted); None for one in memory."""
        self.source = source
        """The file the store was loaded from and its Oxigraph format name, if any: Oxigraph
        keeps typed literals in canonical form ("05"^^xsd:integer is read back as "5",
        xsd:nonNegativeInteger as xsd:integer), so a faithful export reads the file."""

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphStore:
        """Return a store loaded with the triples of an rdflib Graph."""
        import pyoxigraph

        store = pyoxigraph.Store()
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return cls(store)

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        limit: int | None = None,
    ) -> QueryResult:
        import pyoxigraph

        substitutions: dict[pyoxigraph.Variable, Any] = {
            pyoxigraph.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()
        }
        result = self.store.query(sparql, prefixes=PREFIXES, substitutions=substitutions or None)
        if isinstance(result, pyoxigraph.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, pyoxigraph.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            rows = tuple(
                tuple(from_oxigraph(solution[i]) for i in range(len(variables)))
                for solution in _first(result, limit)
            )
            return QueryResult("select", variables, rows)
        triples = tuple(
            (from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
            for t in _first(result, limit)
        )
        return QueryResult("graph", triples=triples)  # type: ignore[arg-type]

    def objects(self, subject: Term, predicate: URIRef) -> Iterator[Term]:
        pattern = self.store.quads_for_pattern(to_oxigraph(subject), to_oxigraph(predicate), None)
        for quad in pattern:
            term = from_oxigraph(quad.object)
            if term is not None:
                yield term

    def to_graph(self) -> Graph:

        graph = Graph()
        for prefix, namespace in PREFIXES.items():
            graph.bind(prefix, namespace, replace=True)
        graph.parse(data=self.ntriples(), format="nt")
        return graph

    def ntriples(self) -> bytes:
        import pyoxigraph

        data = self.store.dump(
            format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()
        )
        assert data is not None
        return data

    def __len__(self) -> int:
        return len(self.store)


Value = tuple[str, str]
"""A term's lexical value (an IRI, a blank node's id, a literal's text) and its language
tag ('' when it has none)."""


def value_rows(store: Store, sparql: str) -> Iterator[tuple[Value | None, ...]]:
    """Yield the rows of a trusted SELECT as values (None when unbound), read from
    Oxigraph without making an rdflib term of each: the label index of a 1M-triple graph
    spent 15.7 s of its 22 s making them."""
    if isinstance(store, OxigraphStore):
        result = store.store.query(sparql, prefixes=PREFIXES)
        width = len(result.variables)  # type: ignore[union-attr]
        for solution in result:  # type: ignore[union-attr]
            yield tuple(_value(solution[i]) for i in range(width))
        return
    for row in store.query(sparql).rows:
        yield tuple(
            None if term is None else (str(term), getattr(term, "language", None) or "")
            for term in row
        )


def _value(term: Any) -> Value | None:
    if term is None:
        return None
    return term.value, getattr(term, "language", None) or ""


def _first(items: Iterable[Any], limit: int | None) -> Iterable[Any]:
    """Return at most ``limit`` items, reading no more than that many."""
    return items if limit is None else islice(items, limit)


def _rdflib_term(node: Node | None) -> Term | None:
    if node is None or isinstance(node, URIRef | RDFLiteral | BNode):
        return node
    raise TypeError(f"unexpected RDF term {node!r}")


def to_oxigraph(term: Identifier) -> Any:
    """Return the pyoxigraph term equal to an rdflib term."""
    import pyoxigraph

    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, RDFLiteral):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        datatype = term.datatype or XSD.string
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(datatype)))
    raise TypeError(f"cannot store {term!r} in Oxigraph")


def from_oxigraph(term: object) -> Term | None:
    """Return the rdflib term equal to a pyoxigraph term (None for an unbound value)."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return RDFLiteral(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return RDFLiteral(term.value)
        return RDFLiteral(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unexpected Oxigraph term {term!r}")
