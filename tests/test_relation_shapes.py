"""Each relation's domain and range, from the ontology, enforced by SHACL in plain words."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from graph.model.build import load_ontology
from graph.model.namespaces import BG, CLAIM, CONCEPT, DOC
from graph.store.relation_shapes import SCHEMA, relation_shapes
from graph.store.validate import Violation, validate

NOT_A_CONCEPT = DOC["security-cooperation"]

# relation -> (subject, object, the one message its shape must give), written by hand.
PLANTED: dict[str, tuple[str | URIRef, str | URIRef, str]] = {
    "kindOf": (
        NOT_A_CONCEPT,
        "terrorism",
        "is a kind of expects a concept as subject, not a resource of no concept class",
    ),
    "instanceOf": (
        "interpol",
        NOT_A_CONCEPT,
        "is an instance of expects a concept as object, not a resource of no concept class",
    ),
    "exampleOf": (
        NOT_A_CONCEPT,
        "international-cooperation",
        "is an example of expects a concept as subject, not a resource of no concept class",
    ),
    "counters": (
        "terrorism",
        "cyber-threats",
        "counters expects an actor, an agreement, a form of cooperation, an international body, "
        "or a strategy as subject, not a threat",
    ),
    "hasCharacteristic": (
        "terrorism",
        "precise-diplomacy",
        "has characteristic expects a characteristic as object, not a principle or requirement",
    ),
    "demands": (
        "interpol",
        "unified-global-response",
        "demands expects a characteristic or a threat as subject, not an international body",
    ),
    "participatesIn": (
        "islamic-nation",
        "safe-environment",
        "participates in expects a form of cooperation or an international body as object, "
        "not an outcome or goal",
    ),
    "memberOf": (
        "terrorism",
        "islamic-ummah",
        "is a member of expects an actor or an international body as subject, not a threat",
    ),
    "cooperatesWith": (
        "islamic-nation",
        "terrorism",
        "cooperates with expects an actor, an international body, or a partner or ally as "
        "object, not a threat",
    ),
    "channelFor": (
        "islamic-nation",
        "information-exchange",
        "is a channel for expects a form of cooperation or an international body as subject, "
        "not a nation",
    ),
    "enables": (
        "information-exchange",
        "precise-diplomacy",
        "enables expects an actor, a form of cooperation, an international body, an outcome or "
        "goal, or a system or instrument as object, not a principle or requirement",
    ),
    "strengthens": (
        "information-exchange",
        "terrorism",
        "strengthens expects an outcome or goal as object, not a threat",
    ),
    "necessaryFor": (
        "global-allies",
        "safe-environment",
        "is indispensable to expects a form of cooperation, a principle or requirement, "
        "or a strategy as subject, not a partner or ally",
    ),
    "requires": (
        "information-exchange",
        "terrorism",
        "requires expects a form of cooperation or a principle or requirement as object, "
        "not a threat",
    ),
    "partOf": (
        "information-exchange",
        "safe-environment",
        "is part of expects an international body or a strategy as object, not an outcome or goal",
    ),
    "refines": (
        "islamic-nation",
        "unified-global-response",
        "refines expects a form of cooperation as subject, not a nation",
    ),
    "pursues": (
        "terrorism",
        "unified-global-response",
        "pursues expects an actor as subject, not a threat",
    ),
    "needs": (
        "islamic-nation",
        "safe-environment",
        "needs expects a form of cooperation or a principle or requirement as object, "
        "not an outcome or goal",
    ),
    "motivates": (
        "islamic-nation",
        "information-exchange",
        "is a reason for expects a characteristic, a community, or a threat as subject, "
        "not a nation",
    ),
    "contributesTo": (
        "islamic-nation",
        "information-exchange",
        "contributes to expects a resource as object, not a form of cooperation",
    ),
    "drawsFrom": (
        "interpol",
        "collective-resources",
        "draws from expects an actor as subject, not an international body",
    ),
    "locatedIn": (
        "interpol",
        "terrorism",
        "is located in expects a nation or a place as object, not a threat",
    ),
    "signatoryOf": (
        "islamic-nation",
        "interpol",
        "is a signatory of expects an agreement as object, not an international body",
    ),
    "leads": (
        "terrorism",
        "interpol",
        "leads expects an actor or an international body as subject, not a threat",
    ),
    "founded": (
        "interpol",
        "terrorism",
        "founded expects an agreement, a form of cooperation, an international body, "
        "or a system or instrument as object, not a threat",
    ),
    "regulates": (
        "islamic-nation",
        "terrorism",
        "regulates expects an agreement or an international body as subject, not a nation",
    ),
    "succeeded": (
        "terrorism",
        "interpol",
        "succeeded expects an agreement, an international body, a person, or a system or "
        "instrument as subject, not a threat",
    ),
}


def node(name: str | URIRef) -> URIRef:
    return name if isinstance(name, URIRef) else CONCEPT[name]


@pytest.fixture(scope="module")
def planted_violations(rdf_graph: Graph) -> dict[str, list[Violation]]:
    """Validate once a copy of the default graph with one wrong claim per relation."""
    graph = Graph()
    graph += rdf_graph
    evidence = next(rdf_graph.subjects(RDF.type, BG.Excerpt))
    for relation, (subject, obj, _) in PLANTED.items():
        claim = CLAIM[f"planted-{relation}"]
        graph.add((node(subject), BG[relation], node(obj)))
        for predicate, value in [
            (RDF.type, BG.Claim),
            (RDF.subject, node(subject)),
            (RDF.predicate, BG[relation]),
            (RDF.object, node(obj)),
            (BG.assertionStatus, BG.stated),
            (BG.evidence, evidence),
        ]:
            graph.add((claim, predicate, value))
    found: dict[str, list[Violation]] = {}
    for violation in validate(graph):
        found.setdefault(violation.focus, []).append(violation)
    return found


def test_every_relation_of_the_ontology_has_a_planted_case() -> None:
    ontology = load_ontology()
    own = set(ontology.transitive_subjects(RDFS.subPropertyOf, BG.relation))
    relations = {
        str(r).rsplit("#", 1)[-1]
        for r in ontology.subjects(SCHEMA.domainIncludes, None)
        if r in own
    }
    assert relations == set(PLANTED)


@pytest.mark.parametrize("relation", sorted(PLANTED))
def test_a_claim_that_breaks_its_relations_domain_or_range_is_named_in_words(
    planted_violations: dict[str, list[Violation]], relation: str
) -> None:
    focus = str(CLAIM[f"planted-{relation}"])
    ends = [v.message for v in planted_violations.get(focus, []) if " expects " in v.message]
    assert ends == [PLANTED[relation][2]]


def test_the_planted_claims_read_as_sentences(
    planted_violations: dict[str, list[Violation]],
) -> None:
    (counters,) = [
        v for v in planted_violations[str(CLAIM["planted-counters"])] if " expects " in v.message
    ]
    assert str(counters) == (
        "claim Terrorism counters Cyber threats: counters expects an actor, an agreement, "
        "a form of cooperation, an international body, or a strategy as subject, not a threat"
    )


def test_the_essay_breaks_no_relation_end(planted_violations: dict[str, list[Violation]]) -> None:
    unplanted = [
        v
        for focus, found in planted_violations.items()
        if "planted-" not in focus
        for v in found
        if " expects " in v.message
    ]
    assert unplanted == []


def test_one_shape_per_relation_targets_only_that_relations_claims() -> None:
    shapes = relation_shapes(load_ontology())
    from rdflib.namespace import SH

    targets = list(shapes.objects(None, SH.target))
    assert len(targets) == len(PLANTED)
    assert all((t, RDF.type, SH.SPARQLTarget) in shapes for t in targets)
