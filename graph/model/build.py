"""The RDF graph of a corpus: ontology, documents, concepts, claims and their excerpts.

Modelling choice, explained in the README: each relation between two concepts is
asserted directly (``s p o``) *and* described by a bg:Claim resource that names
it with rdf:subject / rdf:predicate / rdf:object and carries its evidence. One
plain graph therefore round-trips through Turtle, N-Triples, RDF/XML and JSON-LD,
SHACL can check it, and simple queries need no reification at all.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph.errors import AnnotationError
from graph.model.corpus import ClaimSpec, ConceptSpec, Corpus, QuoteRef, SourceDocument
from graph.model.namespaces import AGENT, BG, CLAIM, CONCEPT, DOC, OA, PREFIXES, local_name
from graph.model.provenance import Excerpt, locate
from graph.model.resources import ontology_file
from graph.model.text import Span, sentences

RELATION_ALIASES = {"related": SKOS.related}
"""Relation names in annotation files that are not bg: terms: a plain SKOS association."""


def load_ontology() -> Graph:
    """Return the briefgraph ontology as a graph."""
    ontology = _new_graph()
    ontology.parse(data=ontology_file().read_text(encoding="utf-8"), format="turtle")
    return ontology


def build_graph(corpus: Corpus, ontology: Graph | None = None) -> Graph:
    """Return the RDF graph of ``corpus``, with the ontology's own triples included.

    Raises AnnotationError (naming the place) when an annotation refers to an
    unknown class, relation or concept, or quotes words its document lacks.
    """
    ontology = ontology if ontology is not None else load_ontology()
    result = _new_graph()
    result += ontology
    broader = {
        p
        for p in ontology.transitive_subjects(RDFS.subPropertyOf, SKOS.broader)
        if p is not None and p != SKOS.broader
    }
    builder = _Builder(result, concept_classes(ontology), relations(ontology), broader)
    builder.defined = _defined_concepts(corpus)
    for document in corpus.documents:
        builder.add_document(document)
    return result


def _defined_concepts(corpus: Corpus) -> dict[str, ConceptSpec]:
    """Return each concept's defining annotation (the one with a class), by id, across the corpus.

    A concept may be defined in one document and mentioned in others; two
    definitions must agree on class and label.
    """
    defined: dict[str, ConceptSpec] = {}
    where: dict[str, str] = {}
    for document in corpus.documents:
        for concept in document.concepts:
            if concept.cls is None:
                continue
            first = defined.get(concept.id)
            if first is not None and (first.cls, first.label) != (concept.cls, concept.label):
                raise AnnotationError(
                    f"{document.origin}: concept {concept.id} is defined again with another "
                    f"class or label than in {where[concept.id]}"
                )
            defined.setdefault(concept.id, concept)
            where.setdefault(concept.id, document.origin)
    for document in corpus.documents:
        for concept in document.concepts:
            if concept.id not in defined:
                raise AnnotationError(
                    f"{document.origin}: concept {concept.id} has no class, and no document "
                    "of the corpus defines it"
                )
    return defined


def concept_classes(ontology: Graph) -> dict[str, URIRef]:
    """Return the ontology's concept classes by local name (Threat -> bg:Threat)."""
    classes = ontology.transitive_subjects(RDFS.subClassOf, BG.Concept)
    return {local_name(c): c for c in classes if isinstance(c, URIRef) and c != BG.Concept}


def relations(ontology: Graph) -> dict[str, URIRef]:
    """Return the relations an annotation may name, by local name (counters -> bg:counters)."""
    found = ontology.transitive_subjects(RDFS.subPropertyOf, BG.relation)
    names = {local_name(p): p for p in found if isinstance(p, URIRef) and p != BG.relation}
    names.update(RELATION_ALIASES)
    return names


def concept_iri(concept_id: str) -> URIRef:
    """Return the IRI of the concept with this annotation id."""
    return CONCEPT[concept_id]


def claim_iri(claim: ClaimSpec) -> URIRef:
    """Return the IRI of a claim: claim/<subject>--<relation>--<object>."""
    return CLAIM[claim.id]


def document_iri(document_id: str) -> URIRef:
    """Return the IRI of the document with this id."""
    return DOC[document_id]


def excerpt_iri(excerpt: Excerpt) -> URIRef:
    """Return the IRI of an excerpt, named by its document and offsets."""
    return URIRef(f"{excerpt.document}/excerpt/{excerpt.start}-{excerpt.end}")


class _Builder:
    def __init__(
        self,
        graph: Graph,
        classes: dict[str, URIRef],
        relations: dict[str, URIRef],
        broader: set[Node],
    ) -> None:
        self.graph = graph
        self.classes = classes
        self.relations = relations
        self.broader = broader
        """Relations that specialise skos:broader: their skos:broader triple is written too."""
        self.sentences: dict[str, list[Span]] = {}
        self.defined: dict[str, ConceptSpec] = {}

    def add_document(self, document: SourceDocument) -> None:
        g = self.graph
        doc = document_iri(document.id)
        g.add((doc, RDF.type, BG.Document))
        g.add((doc, DCTERMS.identifier, Literal(document.id)))
        g.add((doc, DCTERMS.title, Literal(document.title, lang=document.language)))
        g.add((doc, DCTERMS.language, Literal(document.language)))
        g.add((doc, BG.text, Literal(document.text)))
        if document.description:
            g.add((doc, DCTERMS.description, Literal(document.description, lang="en")))
        known = set(self.defined)
        for concept in document.concepts:
            self.add_concept(document, concept)
        for claim in document.claims:
            self.add_claim(document, claim, known)

    def add_concept(self, document: SourceDocument, concept: ConceptSpec) -> None:
        g = self.graph
        iri = concept_iri(concept.id)
        if concept.cls is None:
            # Defined by another document of the corpus: this one adds names and mentions.
            for alt in concept.alt:
                g.add((iri, SKOS.altLabel, Literal(alt, lang="en")))
            for ref in concept.mentions:
                self.add_evidence(iri, document, ref, f"concept {concept.id}")
            return
        cls = self.classes.get(concept.cls)
        if cls is None:
            choices = ", ".join(sorted(self.classes))
            raise AnnotationError(
                f"{document.origin}: concept {concept.id} has the unknown class "
                f"{concept.cls!r} (the ontology has {choices})"
            )
        g.add((iri, RDF.type, cls))
        if concept.suggested:
            g.add((iri, BG.assertionStatus, BG.suggested))
        if concept.label:
            g.add((iri, SKOS.prefLabel, Literal(concept.label, lang="en")))
        for language, label in concept.labels:
            g.add((iri, SKOS.prefLabel, Literal(label, lang=language)))
        for alt in concept.alt:
            g.add((iri, SKOS.altLabel, Literal(alt, lang="en")))
        if concept.definition:
            g.add((iri, SKOS.definition, Literal(concept.definition, lang="en")))
        for kind, target in concept.mappings:
            g.add((iri, SKOS[kind], URIRef(target)))
        for ref in concept.mentions:
            self.add_evidence(iri, document, ref, f"concept {concept.id}")
        self.add_attribution(iri, concept.accepted)

    def add_attribution(self, iri: URIRef, accepted: tuple[str, str] | None) -> None:
        """Say in PROV-O who accepted an ingested concept or claim, and when."""
        if accepted is None:
            return
        who, when = accepted
        agent = AGENT[quote(who, safe="")]
        self.graph.add((iri, PROV.wasAttributedTo, agent))
        self.graph.add((agent, RDF.type, PROV.Agent))
        self.graph.add((agent, RDFS.label, Literal(who)))
        if when:
            self.graph.add((iri, PROV.generatedAtTime, Literal(when, datatype=XSD.dateTime)))

    def add_claim(self, document: SourceDocument, claim: ClaimSpec, known: set[str]) -> None:
        g = self.graph
        where = f"{document.origin}: claim {claim.subject} {claim.relation} {claim.object}"
        predicate = self.relations.get(claim.relation)
        if predicate is None:
            choices = ", ".join(sorted(self.relations))
            raise AnnotationError(
                f"{where} uses the unknown relation {claim.relation!r} (the ontology has {choices})"
            )
        for end in (claim.subject, claim.object):
            if end not in known:
                raise AnnotationError(
                    f"{where} names {end!r}, which is not a concept of the corpus"
                )
        iri = claim_iri(claim)
        subject, obj = concept_iri(claim.subject), concept_iri(claim.object)
        g.add((subject, predicate, obj))
        if predicate in self.broader:
            # Entailed by rdfs:subPropertyOf; written so that SKOS tools and queries see it.
            g.add((subject, SKOS.broader, obj))
        g.add((iri, RDF.type, BG.Claim))
        g.add((iri, RDF.subject, subject))
        g.add((iri, RDF.predicate, predicate))
        g.add((iri, RDF.object, obj))
        g.add((iri, BG.assertionStatus, BG[claim.status]))
        if claim.label:
            g.add((iri, RDFS.label, Literal(claim.label, lang="en")))
        if claim.justification:
            g.add((iri, BG.justification, Literal(claim.justification, lang="en")))
        self.add_attribution(iri, claim.accepted)
        for ref in claim.evidence:
            excerpt = self.add_evidence(iri, document, ref, f"claim {claim.id}")
            if claim.status == "stated" and not self.in_one_sentence(document, excerpt):
                raise AnnotationError(
                    f"{where}: is stated, but its quote {ref.quote!r} spans two sentences; "
                    "quote each sentence on its own, or mark the claim inferred with a "
                    "justification"
                )

    def add_evidence(
        self, target: URIRef, document: SourceDocument, ref: QuoteRef, where: str
    ) -> Excerpt:
        doc = document_iri(document.id)
        excerpt = locate(
            document.text,
            ref.quote,
            document=str(doc),
            occurrence=ref.occurrence,
            where=f"{document.origin}, {where}",
        )
        iri = excerpt_iri(excerpt)
        self.graph.add((target, BG.evidence, iri))
        self.add_excerpt(iri, doc, excerpt)
        if ref.suggested:
            self.graph.add((iri, BG.assertionStatus, BG.suggested))
        return excerpt

    def in_one_sentence(self, document: SourceDocument, excerpt: Excerpt) -> bool:
        if document.id not in self.sentences:
            self.sentences[document.id] = sentences(document.text)
        return any(s.contains(excerpt.span) for s in self.sentences[document.id])

    def add_excerpt(self, iri: URIRef, doc: URIRef, excerpt: Excerpt) -> None:
        g = self.graph
        position, quote = URIRef(f"{iri}#position"), URIRef(f"{iri}#quote")
        g.add((iri, RDF.type, BG.Excerpt))
        g.add((iri, OA.hasSource, doc))
        g.add((iri, OA.hasSelector, position))
        g.add((iri, OA.hasSelector, quote))
        _add_position(g, position, excerpt.start, excerpt.end)
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(excerpt.quote)))
        g.add((quote, OA.prefix, Literal(excerpt.prefix)))
        g.add((quote, OA.suffix, Literal(excerpt.suffix)))
        sentence = URIRef(f"{doc}/sentence/{excerpt.sentence_start}-{excerpt.sentence_end}")
        g.add((iri, BG.sentence, sentence))
        g.add((sentence, RDF.type, BG.Sentence))
        g.add((sentence, OA.hasSource, doc))
        g.add((sentence, RDF.value, Literal(excerpt.sentence)))
        sentence_position = URIRef(f"{sentence}#position")
        g.add((sentence, OA.hasSelector, sentence_position))
        _add_position(g, sentence_position, excerpt.sentence_start, excerpt.sentence_end)


def _add_position(g: Graph, selector: URIRef, start: int, end: int) -> None:
    # xsd:integer, not the xsd:nonNegativeInteger of the Web Annotation context:
    # Oxigraph stores the latter as xsd:integer, and a graph must survive every
    # backend unchanged. The shapes check that offsets are not negative.
    g.add((selector, RDF.type, OA.TextPositionSelector))
    g.add((selector, OA.start, Literal(start, datatype=XSD.integer)))
    g.add((selector, OA.end, Literal(end, datatype=XSD.integer)))


def _new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph
