"""SHACL validation: the default graph conforms; broken graphs give named, plain violations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from graph.model.build import build_graph, concept_iri
from graph.model.corpus import load_corpus
from graph.model.namespaces import BG, CONCEPT, OA
from graph.store.validate import validate


def test_the_default_graph_conforms_to_the_shapes(rdf_graph: Graph) -> None:
    assert validate(rdf_graph) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    mentions: [terrorism]\n",
            "    mentions: []\n",
            'concept "Terrorism": has no source excerpt (bg:evidence)',
        ),
        (
            "    label: Border trespassing\n",
            "",
            "needs exactly one English label (skos:prefLabel)",
        ),
        (
            "    evidence:\n      - It forms an essential part of the national defense strategy\n",
            "    evidence: []\n",
            "claim International cooperation is part of National defense strategy: "
            "has no source excerpt (bg:evidence)",
        ),
    ],
)
def test_a_broken_annotation_file_gives_the_named_violation(
    edited_corpus: Callable[[Callable[[str], str]], Path], old: str, new: str, expected: str
) -> None:
    folder = edited_corpus(lambda text: text.replace(old, new, 1))
    messages = [str(v) for v in validate(build_graph(load_corpus(folder)))]
    assert any(expected in m for m in messages), messages


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    return copy


def test_offsets_that_do_not_cut_the_quote_are_named(rdf_graph: Graph) -> None:
    graph = _copy(rdf_graph)
    excerpt = next(iter(sorted(graph.objects(concept_iri("terrorism"), BG.evidence))))
    position = URIRef(f"{excerpt}#position")
    start = int(graph.value(position, OA.start))  # type: ignore[arg-type]
    graph.set((position, OA.start, Literal(start + 1, datatype=XSD.nonNegativeInteger)))
    messages = [str(v) for v in validate(graph)]
    assert any(
        'evidence for concept "Terrorism"' in m
        and "that cut 'errorism'" in m
        and "not its quote 'terrorism'" in m
        for m in messages
    ), messages


def test_offsets_beyond_the_document_are_named(rdf_graph: Graph) -> None:
    graph = _copy(rdf_graph)
    excerpt = next(iter(sorted(graph.objects(concept_iri("interpol"), BG.evidence))))
    graph.set((URIRef(f"{excerpt}#position"), OA.end, Literal(99_999)))
    messages = [str(v) for v in validate(graph)]
    assert any("outside its document, which is 2361 characters long" in m for m in messages)


def test_a_relation_without_a_claim_is_named(rdf_graph: Graph) -> None:
    graph = _copy(rdf_graph)
    graph.add((concept_iri("terrorism"), BG.counters, concept_iri("interpol")))
    messages = [str(v) for v in validate(graph)]
    assert any(
        m.startswith('concept "Terrorism"') and "counters to INTERPOL that no claim describes" in m
        for m in messages
    ), messages


def test_a_concept_with_two_english_labels_is_named(rdf_graph: Graph) -> None:
    graph = _copy(rdf_graph)
    graph.add((concept_iri("interpol"), SKOS.prefLabel, Literal("Interpol", lang="en")))
    messages = [str(v) for v in validate(graph)]
    assert any("needs exactly one English label" in m for m in messages)


def test_only_the_documents_that_changed_are_validated_again(
    tmp_path: Path, pipeline: object
) -> None:
    import shutil

    from graph.ingest.review import all_proposals, corpus_store_for, decide, open_corpus
    from graph.ingest.workspace import ingest, known_concepts
    from graph.store.incremental import validate_changed
    from tests.test_ingest import ESSAY_FOLDER, SECOND

    corpus = tmp_path / "corpus"
    shutil.copytree(ESSAY_FOLDER, corpus / "security-cooperation")
    ingest([SECOND], corpus, known=known_concepts(open_corpus(corpus)), pipeline=pipeline)  # type: ignore[arg-type]
    record = tmp_path / "validated.json"
    first = validate_changed(corpus_store_for(corpus), record)
    assert first.violations == [] and 400 < len(first.checked) <= first.total  # all but blank nodes
    again = validate_changed(corpus_store_for(corpus), record)
    assert again.checked == frozenset()
    mention = next(p for p in all_proposals(corpus) if p.kind == "mention")
    decide(corpus, [mention.id], "accepted")
    changed = validate_changed(corpus_store_for(corpus), record)
    assert changed.violations == []
    assert f"https://w3id.org/briefgraph/concept/{mention.concept}" in changed.checked
    assert 0 < len(changed.checked) < changed.total / 4  # the change and what it touches
    claims = [n for n in changed.checked if "/claim/" in n]
    assert all(mention.concept in claim for claim in claims)  # only the concept's own claims


def test_focus_nodes_limit_what_is_checked(rdf_graph: Graph) -> None:
    broken = Graph()
    broken += rdf_graph
    terrorism = CONCEPT["terrorism"]
    broken.remove((terrorism, BG.evidence, None))
    assert any("Terrorism" in str(v) for v in validate(broken))
    elsewhere = [str(CONCEPT["interpol"])]
    assert validate(broken, focus_nodes=elsewhere) == []
    assert [v.focus for v in validate(broken, focus_nodes=[str(terrorism)])] == [str(terrorism)]


def test_an_incremental_run_catches_a_break_in_what_changed(
    rdf_graph: Graph, tmp_path: Path
) -> None:
    from graph.store.backends import open_store
    from graph.store.incremental import validate_changed

    record = tmp_path / "validated.json"
    assert validate_changed(open_store(rdf_graph), record).violations == []
    broken = Graph()
    broken += rdf_graph
    broken.remove((CONCEPT["terrorism"], BG.evidence, None))
    outcome = validate_changed(open_store(broken), record)
    assert [str(v) for v in outcome.violations] == [
        'concept "Terrorism": has no source excerpt (bg:evidence)'
    ]
    assert len(outcome.checked) < outcome.total / 4
