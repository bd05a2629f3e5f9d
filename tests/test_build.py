"""The graph built from the essay's annotations: every concept it names, typed and labelled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from graph.errors import AnnotationError, QuoteNotFoundError
from graph.model.build import build_graph, concept_iri
from graph.model.corpus import load_corpus
from graph.model.namespaces import BG, CONCEPT

REQUIRED_CONCEPTS = [
    # (annotation id, ontology class, English label) -- the concepts the foundation issue names
    ("international-security-threats", BG.Threat, "International security threats"),
    ("cross-border-nature", BG.Characteristic, "Cross-border nature"),
    ("terrorism", BG.Threat, "Terrorism"),
    ("arms-proliferation", BG.Threat, "Arms proliferation"),
    ("cyber-threats", BG.Threat, "Cyber threats"),
    ("border-trespassing", BG.Threat, "Border trespassing"),
    ("international-cooperation", BG.CooperationForm, "International cooperation"),
    ("information-exchange", BG.CooperationForm, "Exchange and collection of information"),
    ("intelligence-dissemination", BG.CooperationForm, "Intelligence dissemination"),
    ("shared-capabilities", BG.CooperationForm, "Shared capabilities"),
    (
        "defense-technology-rnd",
        BG.CooperationForm,
        "Collaborative research and development in defense technology",
    ),
    ("joint-military-training", BG.CooperationForm, "Joint military training"),
    ("cybersecurity-measures", BG.CooperationForm, "Cybersecurity measures"),
    ("alliances-with-global-allies", BG.CooperationForm, "Alliances with global allies"),
    ("international-partners", BG.Partner, "International partners"),
    ("forum-participation", BG.CooperationForm, "Participation in worldwide forums"),
    ("precise-diplomacy", BG.Principle, "Precise diplomacy"),
    (
        "shared-interests-recognition",
        BG.Principle,
        "Continuous recognition of shared interests and threats",
    ),
    ("unified-global-response", BG.Strategy, "Unified global response"),
    ("interpol", BG.InternationalBody, "INTERPOL"),
    ("united-nations", BG.InternationalBody, "United Nations"),
    ("international-bodies", BG.InternationalBody, "International bodies"),
    ("global-community", BG.Community, "Global community"),
    ("islamic-ummah", BG.Community, "Global Islamic Ummah"),
    ("islamic-nation", BG.Nation, "Islamic nation"),
    ("national-defense-strategy", BG.Strategy, "National defense strategy"),
    ("defense-capabilities", BG.Outcome, "Defense capabilities"),
    ("safe-environment", BG.Outcome, "Safe environment for citizens"),
    ("collective-resources", BG.CooperationForm, "Collective resources and joint initiatives"),
]


@pytest.mark.parametrize(("concept_id", "cls", "label"), REQUIRED_CONCEPTS)
def test_each_concept_the_essay_names_is_typed_and_labelled(
    rdf_graph: Graph, concept_id: str, cls: object, label: str
) -> None:
    iri = concept_iri(concept_id)
    assert (iri, RDF.type, cls) in rdf_graph
    assert list(rdf_graph.objects(iri, SKOS.prefLabel)) == [Literal(label, lang="en")]
    assert list(rdf_graph.objects(iri, BG.evidence)), f"{concept_id} has no excerpt"


def test_secure_environment_is_an_other_name_of_the_safe_environment(rdf_graph: Graph) -> None:
    alt = set(rdf_graph.objects(CONCEPT["safe-environment"], SKOS.altLabel))
    assert Literal("secure environment", lang="en") in alt


@pytest.mark.parametrize(
    ("subject", "relation", "obj"),
    [
        ("international-cooperation", BG.partOf, "national-defense-strategy"),
        ("international-cooperation", BG.requires, "precise-diplomacy"),
        ("international-cooperation", BG.requires, "shared-interests-recognition"),
        ("islamic-nation", BG.participatesIn, "interpol"),
        ("islamic-nation", BG.participatesIn, "united-nations"),
        ("islamic-nation", BG.memberOf, "islamic-ummah"),
        ("international-bodies", BG.channelFor, "collective-resources"),
        ("terrorism", BG.hasCharacteristic, "cross-border-nature"),
        ("joint-military-training", SKOS.broader, "defense-initiatives"),
        ("alliances-with-global-allies", BG.strengthens, "defense-capabilities"),
        ("international-cooperation", BG.counters, "international-security-threats"),
    ],
)
def test_relations_the_essay_asserts_are_claims_and_direct_triples(
    rdf_graph: Graph, subject: str, relation: object, obj: str
) -> None:
    s, o = concept_iri(subject), concept_iri(obj)
    assert (s, relation, o) in rdf_graph
    claims = [
        c
        for c in rdf_graph.subjects(RDF.subject, s)
        if (c, RDF.predicate, relation) in rdf_graph and (c, RDF.object, o) in rdf_graph
    ]
    assert len(claims) == 1
    assert (claims[0], RDF.type, BG.Claim) in rdf_graph


def test_tiny_corpus_builds_the_triples_written_by_hand(tiny_corpus: object) -> None:
    graph = build_graph(tiny_corpus)  # type: ignore[arg-type]
    patrols, smuggling = concept_iri("patrols"), concept_iri("smuggling")
    assert (patrols, BG.counters, smuggling) in graph
    # "smuggling" and "Smuggling" are two excerpts at different offsets
    assert len(set(graph.objects(smuggling, BG.evidence))) == 2


def _replace(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("edit", "error", "words"),
    [
        (
            _replace("mentions: [terrorism]", "mentions: [terrorism in space]"),
            QuoteNotFoundError,
            ['"terrorism in space"', "concept terrorism"],
        ),
        (
            _replace("mentions: [terrorism]", "mentions: [{quote: terrorism, occurrence: 5}]"),
            QuoteNotFoundError,
            ["5 times", '"terrorism"'],
        ),
        (
            _replace("class: Threat", "class: Menace"),
            AnnotationError,
            ["unknown class 'Menace'", "international-security-threats"],
        ),
        (
            _replace("relation: partOf", "relation: belongsTo"),
            AnnotationError,
            ["unknown relation 'belongsTo'"],
        ),
        (
            _replace("object: precise-diplomacy", "object: quiet-diplomacy"),
            AnnotationError,
            ["'quiet-diplomacy'", "not a concept"],
        ),
        (_replace("concepts:", "concepts: [\n"), AnnotationError, ["not valid YAML", "line"]),
        (
            _replace("    label: Terrorism\n", "    lable: Terrorism\n"),
            AnnotationError,
            ["'lable'"],
        ),
        (_replace("file: essay.txt", "file: missing.txt"), AnnotationError, ["'missing.txt'"]),
    ],
)
def test_a_broken_annotation_file_fails_the_build_naming_the_problem(
    edited_corpus: Callable[[Callable[[str], str]], Path],
    edit: Callable[[str], str],
    error: type[Exception],
    words: list[str],
) -> None:
    folder = edited_corpus(edit)
    with pytest.raises(error) as raised:
        build_graph(load_corpus(folder))
    for word in words:
        assert word in str(raised.value)


def test_an_empty_folder_is_not_a_corpus(tmp_path: Path) -> None:
    with pytest.raises(AnnotationError, match=r"no annotations\.yaml"):
        load_corpus(tmp_path)
