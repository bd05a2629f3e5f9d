"""What would make a corpus invalid, found before a review decision is saved.

The would-be corpus (every document as the decision would leave it) is read
for what the graph's build and its shapes refuse: a concept defined twice
otherwise, an accepted claim or mention of a concept no document defines, a
claim whose ends its relation's domain and range do not fit, an unknown class.
Only problems the decision would add count, so a corpus already hurt by hand
edits can still be mended one decision at a time. The test that makes random
decisions builds and SHACL-validates the corpus after each, proving that what
passes here passes there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.model.corpus import ClaimSpec, ConceptSpec, SourceDocument
from graph.model.relations import Schema, ontology_schema

REVIEW_CLASSES_LEFT_OUT = frozenset({"Concept", "Actor"})
"""Abstract classes a reviewer does not choose: a concept is a kind of actor, not one."""


@dataclass(frozen=True)
class Problem:
    """One way a corpus would break: what, about which concept or claim, in which document."""

    kind: str
    """redefined, undefined, misfit or unknown-class."""
    document: str
    concept: str = ""
    claim: str = ""
    detail: str = ""

    def words(self, labels: dict[str, str]) -> str:
        """Return the problem as a sentence for the reviewer, naming concepts by label."""
        name = labels.get(self.concept, self.concept)
        if self.kind == "redefined":
            return (
                f"{name!r} is already a concept of {self.detail}: accept this one as another "
                f"name of it (merge into {self.concept}), or give it another label"
            )
        if self.kind == "undefined":
            what = f"the claim {self.claim}" if self.claim else f"a mention of {name!r}"
            return (
                f"{what} ({self.document}) would point at {name!r}, which no document would "
                "define any more: decide on it first, or keep its concept"
            )
        if self.kind == "misfit":
            return f"the claim {self.claim} does not fit its relation: {self.detail}"
        return f"{name!r} has the unknown class {self.detail!r}"


def review_classes(schema: Schema | None = None) -> list[str]:
    """Return the concept classes a reviewer may give a concept, sorted."""
    schema = schema or ontology_schema()
    return sorted(c for c in schema.ancestors if c not in REVIEW_CLASSES_LEFT_OUT)


def fitting_relations(subject_cls: str, object_cls: str, schema: Schema | None = None) -> list[str]:
    """Return the relations whose domain and range fit these classes, with 'related' first."""
    schema = schema or ontology_schema()
    return [
        "related",
        *sorted(r for r in schema.relations if schema.fits(r, subject_cls, object_cls)),
    ]


def definitions(documents: Iterable[SourceDocument]) -> dict[str, tuple[ConceptSpec, str]]:
    """Return each concept's first accepted or curated definition, with its document's id."""
    found: dict[str, tuple[ConceptSpec, str]] = {}
    for document in documents:
        for concept in document.concepts:
            if concept.cls is not None and not concept.suggested:
                found.setdefault(concept.id, (concept, document.id))
    return found


def corpus_problems(
    documents: Sequence[SourceDocument], schema: Schema | None = None
) -> set[Problem]:
    """Return every problem of the corpus's accepted and curated items (suggestions aside)."""
    schema = schema or ontology_schema()
    defined = definitions(documents)
    labels = {cid: (spec.label or cid) for cid, (spec, _) in defined.items()}
    problems: set[Problem] = set()
    for document in documents:
        for concept in document.concepts:
            if concept.suggested:
                continue
            if concept.cls is None:
                if concept.id not in defined:
                    problems.add(Problem("undefined", document.id, concept.id))
                continue
            first, where = defined[concept.id]
            if first is not concept and (first.cls, first.label) != (concept.cls, concept.label):
                detail = f"{where} (labelled {first.label!r}, a {first.cls})"
                problems.add(Problem("redefined", document.id, concept.id, detail=detail))
            if concept.cls not in schema.ancestors:
                problems.add(Problem("unknown-class", document.id, concept.id, detail=concept.cls))
        for claim in document.claims:
            if claim.status == "suggested":
                continue
            problems |= _claim_problems(document.id, claim, defined, labels, schema)
    return problems


def _claim_problems(
    document: str,
    claim: ClaimSpec,
    defined: dict[str, tuple[ConceptSpec, str]],
    labels: dict[str, str],
    schema: Schema,
) -> set[Problem]:
    wording = (
        f"{labels.get(claim.subject, claim.subject)} {claim.relation} "
        f"{labels.get(claim.object, claim.object)}"
    )
    missing = [end for end in (claim.subject, claim.object) if end not in defined]
    if missing:
        return {Problem("undefined", document, end, claim=wording) for end in missing}
    if claim.relation == "related" or claim.relation not in schema.relations:
        return set()
    subject_cls = defined[claim.subject][0].cls or ""
    object_cls = defined[claim.object][0].cls or ""
    if schema.fits(claim.relation, subject_cls, object_cls):
        return set()
    fits = ", ".join(fitting_relations(subject_cls, object_cls, schema))
    detail = (
        f"{claim.relation} does not join a {subject_cls} to a {object_cls}; "
        f"the relations that do: {fits}"
    )
    return {Problem("misfit", document, claim=wording, detail=detail)}
