"""The concept network: the RDF graph as a networkx MultiDiGraph, for analytics and rendering.

Nodes are concepts, keyed by IRI, with ``label``, ``cls`` (class IRI),
``class_label``, ``definition``, ``alt_labels``, ``mappings`` ((SKOS mapping,
IRI) pairs to other vocabularies) and ``excerpts``. Edges are claims, keyed by
claim IRI, with ``relation`` (IRI), ``relation_label``, ``claim``, ``status``
(stated, inferred or suggested), ``justification`` and ``excerpts``. Every
node and edge carries at least one Excerpt.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graph.model.bidi import Isolated, Phrase
from graph.model.namespaces import local_name
from graph.model.provenance import Excerpt
from graph.store.backends import Store, Term
from graph.store.queries import load_query


def claim_phrase(
    network: nx.MultiDiGraph, source: str, target: str, data: Mapping[str, Any]
) -> Phrase:
    """Return a claim as a line of words: subject, relation and object each isolated, the
    line set in the direction of the network's language (right to left in Arabic).

    Every claim shown anywhere is worded here; HTML shows it with ``.html()``, text with
    ``.text()`` (what ``claim_sentence`` gives).
    """
    subject = network.nodes[source]["label"]
    obj = network.nodes[target]["label"]
    return Phrase(
        (Isolated(subject), " ", Isolated(data["relation_label"]), " ", Isolated(obj)),
        rtl=right_to_left(network),
    )


def claim_sentence(
    network: nx.MultiDiGraph, source: str, target: str, data: Mapping[str, Any]
) -> str:
    """Return a claim as a sentence: 'International cooperation requires Precise diplomacy',
    each label in Unicode's isolates (graph.model.bidi) so that it keeps its own direction."""
    return claim_phrase(network, source, target, data).text()


def status_note(data: Mapping[str, Any]) -> str:
    """Return how a claim stands to its source in words ('' for a stated claim).

    'inferred: <the curator's justification>' or 'suggested: not yet reviewed'.
    """
    status = data.get("status", "stated")
    if status == "inferred":
        why = str(data.get("justification") or "").strip()
        return f"inferred: {why}" if why else "inferred"
    if status == "suggested":
        return "suggested: proposed from the text, not yet reviewed"
    return ""


def to_networkx(store: Store, language: str = "en") -> nx.MultiDiGraph:
    """Return the concept network of ``store``: concepts as nodes, claims as edges.

    A graph that holds no briefgraph document (any RDF file or store) becomes the
    network of its typed resources instead (graph.network.resources), labelled in
    ``language``.
    """
    from graph.network.resources import is_briefgraph_graph, resource_network

    if not is_briefgraph_graph(store):
        resources = resource_network(store, language)
        resources.graph["language"] = language
        return resources
    evidence = excerpts_by_node(store)
    alt_labels: dict[str, list[str]] = defaultdict(list)
    for row in store.query(load_query("alt-labels").text).dicts():
        alt_labels[str(row["concept"])].append(str(row["altLabel"]))
    mappings: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.query(load_query("mappings").text).dicts():
        kind = str(row["mapping"]).rsplit("#", 1)[-1]
        mappings[str(row["concept"])].append((kind, str(row["target"])))

    accepted: dict[str, tuple[str, str]] = {}
    for row in store.query(load_query("attributions").text).dicts():
        accepted.setdefault(str(row["resource"]), (_text(row["who"]), _text(row["when"])))

    network = nx.MultiDiGraph()
    for row in store.query(load_query("concepts").text).dicts():
        iri = str(row["concept"])
        network.add_node(
            iri,
            label=_text(row["label"]) or iri.rsplit("/", 1)[-1],
            cls=str(row["class"]),
            class_label=_text(row["classLabel"]) or str(row["class"]).rsplit("#", 1)[-1],
            definition=_text(row["definition"]),
            status=local_name(_text(row["status"])) or "stated",
            alt_labels=tuple(alt_labels.get(iri, ())),
            mappings=tuple(mappings.get(iri, ())),
            excerpts=tuple(evidence.get(iri, ())),
            accepted=accepted.get(iri),
        )
    for row in store.query(load_query("claims").text).dicts():
        claim, subject, obj = str(row["claim"]), str(row["subject"]), str(row["object"])
        relation = str(row["relation"])
        network.add_edge(
            subject,
            obj,
            key=claim,
            claim=claim,
            relation=relation,
            relation_label=_text(row["relationLabel"]) or local_name(relation),
            status=local_name(_text(row["status"])) or "stated",
            justification=_text(row["justification"]),
            excerpts=tuple(evidence.get(claim, ())),
            accepted=accepted.get(claim),
        )
    if language != "en":
        _relabel(network, store, language)
    network.graph["language"] = language
    return network


RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "dv", "ckb"})
"""Languages written right to left (by primary subtag)."""


def writes_right_to_left(language: str) -> bool:
    """Return True for a language tag written right to left (ar, fa, he, ur, ...)."""
    return language.split("-", 1)[0].lower() in RIGHT_TO_LEFT


def right_to_left(network: nx.MultiDiGraph) -> bool:
    """Return True when ``network`` is labelled in a language written right to left."""
    return writes_right_to_left(str(network.graph.get("language", "en")))


def _relabel(network: nx.MultiDiGraph, store: Store, language: str) -> None:
    """Name concepts, classes and relations in ``language`` where the graph has such a
    label (English stays where it has none); excerpts stay in their document's words."""
    from rdflib import Literal

    found: dict[str, str] = {}
    for row in store.query(
        load_query("labels-in-language").text, {"language": Literal(language)}
    ).dicts():
        found.setdefault(str(row["term"]), str(row["label"]))
    for node, attrs in network.nodes(data=True):
        attrs["label"] = found.get(node, attrs["label"])
        attrs["class_label"] = found.get(attrs["cls"], attrs["class_label"])
    for *_, attrs in network.edges(data=True):
        attrs["relation_label"] = found.get(attrs["relation"], attrs["relation_label"])


def excerpts_by_node(store: Store, supported: Term | None = None) -> dict[str, list[Excerpt]]:
    """Return the excerpts supporting each concept or claim, by IRI, in document order.

    With ``supported``, only that node's excerpts are looked up.
    """
    bindings = {"supported": supported} if supported is not None else None
    result: dict[str, list[Excerpt]] = defaultdict(list)
    for row in store.query(load_query("evidence").text, bindings).dicts():
        key = str(supported if supported is not None else row["supported"])
        result[key].append(
            Excerpt(
                document=str(row["document"]),
                start=int(row["start"]),  # type: ignore[arg-type]
                end=int(row["end"]),  # type: ignore[arg-type]
                quote=str(row["exact"]),
                prefix=_text(row["prefix"]),
                suffix=_text(row["suffix"]),
                sentence=str(row["sentence"]),
                sentence_start=int(row["sentenceStart"]),  # type: ignore[arg-type]
                sentence_end=int(row["sentenceEnd"]),  # type: ignore[arg-type]
            )
        )
    for excerpts in result.values():
        excerpts.sort(key=lambda e: (e.document, e.start, e.end))
    return dict(result)


def _text(term: Term | None) -> str:
    return "" if term is None else str(term)
