"""SHACL validation of a briefgraph graph, reported in plain language."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, Node, URIRef
from rdflib.namespace import RDF, SH, SKOS

from graph.model.build import load_ontology
from graph.model.namespaces import BG, local_name
from graph.model.resources import shapes_file
from graph.store.backends import OxigraphStore, Store
from graph.store.rdflib_sparql import PARSER_LOCK
from graph.store.relation_shapes import relation_shapes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Violation:
    """One way a graph breaks the shapes: the node at fault and what is wrong, in words."""

    focus: str
    """IRI (or blank node id) of the node at fault."""
    focus_label: str
    message: str
    severity: str = "Violation"

    def __str__(self) -> str:
        return f"{self.focus_label}: {self.message}"


def load_shapes() -> Graph:
    """Return the SHACL shapes: ontology/shapes.ttl and the relations' ends from the ontology."""
    shapes = Graph()
    shapes.parse(data=shapes_file().read_text(encoding="utf-8"), format="turtle")
    shapes += relation_shapes(load_ontology())
    return shapes


def validate(
    data: Store | Graph,
    shapes: Graph | None = None,
    *,
    focus_nodes: Sequence[str] | None = None,
) -> list[Violation]:
    """Return every violation of the shapes in ``data``, sorted; empty when it conforms.

    ``data`` must include the ontology (as build_graph's result does), so that
    instances of concept subclasses are recognised as concepts. Validation runs
    on Oxigraph: pyshacl's SPARQL constraints take about 1 s there and 8 s on
    an rdflib Graph for the default corpus. With ``focus_nodes``, only those
    nodes are checked (graph.store.incremental uses this for changed documents).
    """
    import pyshacl  # heavy: imported only when validation runs

    store = data if isinstance(data, OxigraphStore) else OxigraphStore.from_graph(_graph(data))
    # pyshacl parses the shapes' SPARQL with rdflib's grammar, which is not thread-safe.
    with PARSER_LOCK:
        _conforms, report, _text = pyshacl.validate(
            store.store,  # type: ignore[arg-type]  # pyshacl 0.40 accepts a pyoxigraph Store
            shacl_graph=shapes if shapes is not None else load_shapes(),
            inference="none",
            allow_warnings=True,
            advanced=True,  # the relations' shapes target their claims with SPARQL
            focus_nodes=[URIRef(n) for n in focus_nodes] if focus_nodes is not None else None,
        )
    assert isinstance(report, Graph)
    results = list(report.subjects(RDF.type, SH.ValidationResult))
    if not results:
        return []
    graph = _graph(data)
    violations = {_violation(report, result, graph) for result in results}
    return sorted(violations, key=lambda v: (v.focus_label, v.message))


def _graph(data: Store | Graph) -> Graph:
    return data if isinstance(data, Graph) else data.to_graph()


def _violation(report: Graph, result: Node, data: Graph) -> Violation:
    focus = report.value(result, SH.focusNode)
    message = report.value(result, SH.resultMessage)
    severity = report.value(result, SH.resultSeverity)
    path = report.value(result, SH.resultPath)
    text = str(message) if message is not None else f"breaks a constraint on {path}"
    return Violation(
        focus=str(focus),
        focus_label=describe(data, focus),
        message=_shorten_iris(text, data),
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
    )


def describe(data: Graph, node: Node | None) -> str:
    """Return a reader's name for a node: 'concept "Terrorism"', 'claim Terrorism counters X'."""
    if node is None:
        return "(unknown node)"
    label = _english(data, node, SKOS.prefLabel)
    if label is not None:
        return f'concept "{label}"'
    if (node, RDF.type, BG.Claim) in data:
        parts = [_name(data, data.value(node, p)) for p in (RDF.subject, RDF.predicate, RDF.object)]
        return "claim " + " ".join(parts)
    if (node, RDF.type, BG.Excerpt) in data:
        supported = sorted(describe(data, s) for s in data.subjects(BG.evidence, node))
        of = f" (evidence for {', '.join(supported)})" if supported else ""
        return f"excerpt {str(node).rsplit('/', 1)[-1]}{of}"
    if isinstance(node, URIRef) and (node, RDF.type, None) in data:
        kind = _name(data, data.value(node, RDF.type))
        return f"{kind} <{node}>"
    return f"<{node}>"


def _name(data: Graph, node: Node | None) -> str:
    if node is None:
        return "?"
    for predicate in (SKOS.prefLabel, URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
        label = _english(data, node, predicate)
        if label is not None:
            return label
    return local_name(str(node))


def _english(data: Graph, node: Node, predicate: URIRef) -> str | None:
    """Return the English label (messages are in English), else any label, else None."""
    labels = list(data.objects(node, predicate))
    english = [v for v in labels if getattr(v, "language", None) == "en"]
    chosen = english or labels
    return str(min(chosen, key=str)) if chosen else None


def _shorten_iris(text: str, data: Graph) -> str:
    """Replace full IRIs in a message with their labels where the graph has them."""
    for word in set(text.replace("<", " ").replace(">", " ").split()):
        if word.startswith(("http://", "https://")):
            text = text.replace(word, _name(data, URIRef(word)))
    return text
