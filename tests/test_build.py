"""The graph built from the essay's annotations: every concept it names, typed and labelled."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from graph.errors import AnnotationError, QuoteNotFoundError
from graph.model.build import build_graph, concept_iri, load_ontology
from graph.model.corpus import load_corpus
from graph.model.namespaces import BG, CLAIM, CONCEPT, OA

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
    ("collective-resources", BG.Resource, "Collective resources and joint initiatives"),
    ("other-nations", BG.Partner, "Other nations"),
]


@pytest.mark.parametrize(("concept_id", "cls", "label"), REQUIRED_CONCEPTS)
def test_each_concept_the_essay_names_is_typed_and_labelled(
    rdf_graph: Graph, concept_id: str, cls: object, label: str
) -> None:
    iri = concept_iri(concept_id)
    assert (iri, RDF.type, cls) in rdf_graph
    labels = {str(v.language): v for v in rdf_graph.objects(iri, SKOS.prefLabel)}  # type: ignore[attr-defined]
    assert labels["en"] == Literal(label, lang="en")
    assert set(labels) == {"en", "ar"}, labels  # one label per language: SKOS allows no more
    assert list(rdf_graph.objects(iri, BG.evidence)), f"{concept_id} has no excerpt"


def test_every_concept_and_ontology_term_is_named_in_arabic(rdf_graph: Graph) -> None:
    from rdflib import RDFS

    arabic = re.compile(r"^[\u0600-\u06FF\s\u0640()a-z]+$")
    concepts = set(rdf_graph.subjects(RDF.type, SKOS.Concept)) | {
        s for s in rdf_graph.subjects(BG.evidence, None) if str(s).startswith(str(CONCEPT))
    }
    for concept in concepts:
        names = [v for v in rdf_graph.objects(concept, SKOS.prefLabel) if v.language == "ar"]  # type: ignore[attr-defined]
        assert len(names) == 1 and arabic.match(str(names[0])), (concept, names)
    ontology = load_ontology()
    for term in {s for s in ontology.subjects(RDFS.label, None) if str(s).startswith(str(BG))}:
        names = [v for v in ontology.objects(term, RDFS.label) if v.language == "ar"]  # type: ignore[attr-defined]
        assert len(names) == 1 and arabic.match(str(names[0])), (term, names)


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
        ("joint-military-training", BG.kindOf, "defense-initiatives"),
        ("interpol", BG.instanceOf, "international-bodies"),
        ("international-cooperation", BG.necessaryFor, "security-and-defense"),
        ("islamic-ummah", BG.motivates, "forum-participation"),
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
        (
            # A stated claim whose quote joins two sentences: the build refuses it.
            _replace(
                "      - The cross-border nature of international security threats demands a "
                "unified global response.\n",
                "      - demands a unified global response. Factors such as terrorism\n",
            ),
            AnnotationError,
            ["spans two sentences", "mark the claim inferred"],
        ),
        (
            _replace(
                "    status: inferred\n    justification:", "    status: inferred\n    reason:"
            ),
            AnnotationError,
            ["unknown field 'reason'"],
        ),
        (
            _replace(
                "object: international-cooperation\n    status: inferred\n",
                "object: international-cooperation\n    status: guessed\n",
            ),
            AnnotationError,
            ["status 'guessed'", "stated or inferred"],
        ),
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


def test_every_claim_is_stated_or_inferred_and_every_inference_says_why(rdf_graph: Graph) -> None:
    claims = set(rdf_graph.subjects(RDF.type, BG.Claim))
    assert len(claims) == 50
    statuses = {c: set(rdf_graph.objects(c, BG.assertionStatus)) for c in claims}
    assert all(len(s) == 1 and s <= {BG.stated, BG.inferred} for s in statuses.values())
    inferred = [c for c, s in statuses.items() if s == {BG.inferred}]
    assert len(inferred) == 6
    for claim in inferred:
        (why,) = rdf_graph.objects(claim, BG.justification)
        assert len(str(why)) > 40 and str(why).endswith(".")
    assert all(
        not list(rdf_graph.objects(c, BG.justification)) for c in claims if c not in inferred
    )


def test_no_stated_claims_evidence_spans_two_sentences(network: object, essay_text: str) -> None:
    from graph.model.text import Span, sentences

    spans = sentences(essay_text)
    stated = [d for *_, d in network.edges(data=True) if d["status"] == "stated"]  # type: ignore[attr-defined]
    assert len(stated) == 44
    for data in stated:
        for excerpt in data["excerpts"]:
            inside = [s for s in spans if s.contains(Span(excerpt.start, excerpt.end))]
            assert len(inside) == 1, (data["claim"], excerpt.quote)


def test_the_claims_the_review_found_over_reaching_are_inferred_or_gone(rdf_graph: Graph) -> None:
    def status(subject: str, relation: str, obj: str) -> object:
        claim = CLAIM[f"{subject}--{relation}--{obj}"]
        return rdf_graph.value(claim, BG.assertionStatus)

    assert status("international-cooperation", "counters", "international-security-threats") == (
        BG.inferred
    )
    assert (
        status("alliances-with-global-allies", "channelFor", "defense-initiatives") == BG.inferred
    )
    assert status("forum-participation", "kindOf", "international-cooperation") == BG.inferred
    assert status("unified-global-response", "counters", "international-security-threats") == (
        BG.inferred
    )
    assert status("international-bodies", "counters", "mutual-security-challenges") is None
    # What the essay does say instead: the collaboration tackles the challenges.
    assert status("international-cooperation", "counters", "mutual-security-challenges") == (
        BG.stated
    )


@pytest.mark.parametrize(
    ("subject", "relation", "obj", "words"),
    [
        ("international-cooperation", "necessaryFor", "security-and-defense", "indispensable"),
        ("national-defense-strategy", "requires", "international-cooperation", "vacuum"),
        ("islamic-ummah", "motivates", "forum-participation", "As members of the global"),
        ("international-bodies", "channelFor", "international-cooperation", "Here, they"),
        ("islamic-nation", "contributesTo", "collective-resources", "contribute to and draw"),
        ("islamic-nation", "drawsFrom", "collective-resources", "contribute to and draw"),
    ],
)
def test_the_statements_the_review_found_missing_are_claims(
    rdf_graph: Graph, subject: str, relation: str, obj: str, words: str
) -> None:
    claim = CLAIM[f"{subject}--{relation}--{obj}"]
    assert (claim, RDF.type, BG.Claim) in rdf_graph
    exact = [
        str(q)
        for e in rdf_graph.objects(claim, BG.evidence)
        for sel in rdf_graph.objects(e, OA.hasSelector)
        for q in rdf_graph.objects(sel, OA.exact)
    ]
    assert exact and any(words in q for q in exact), exact


def test_concepts_map_to_unesco_thesaurus_concepts_of_the_shared_file(
    rdf_graph: Graph, shared_dir: Path
) -> None:
    import pyoxigraph

    thesaurus = pyoxigraph.Store()
    thesaurus.bulk_load(
        path=str(shared_dir / "data" / "unesco-thesaurus.ttl"), format=pyoxigraph.RdfFormat.TURTLE
    )
    kinds = [SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch]
    links = [(s, k, o) for k in kinds for s, o in rdf_graph.subject_objects(k)]
    assert len(links) >= 15
    for _subject, _kind, target in links:
        assert str(target).startswith("http://vocabularies.unesco.org/thesaurus/concept")
        assert thesaurus.query(
            f"ASK {{ <{target}> a <http://www.w3.org/2004/02/skos/core#Concept> }}"
        ), target
    label = (
        "SELECT ?l WHERE {{ <{}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l "
        'FILTER (LANG(?l) = "en") }}'
    )
    labels = {
        str(s).rsplit("/", 1)[-1]: next(iter(thesaurus.query(label.format(o))))["l"].value
        for s, k, o in links
        if k == SKOS.exactMatch
    }
    assert labels["terrorism"] == "Terrorism"
    assert labels["international-cooperation"] == "International cooperation"
