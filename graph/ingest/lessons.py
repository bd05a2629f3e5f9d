"""What ingest learns from the reviewers' decisions on the corpus's other documents.

Anchored on INCEpTION's recommenders, which learn from accepted and rejected
suggestions: a new concept whose label a reviewer rejected in another document
(and nobody accepted anywhere) is not proposed again, nor are claims that end at
it; a class a reviewer gave a concept is the class proposed for the same label
next time; a relation a reviewer chose for a claim is proposed for a claim with
the same wording next time, where it fits the ends. Each such proposal says, in
its rule, which document's decision it follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.ingest.decisions import read_folder
from graph.ingest.proposals import Proposal
from graph.ingest.reading import KnownConcept
from graph.model.relations import Schema
from graph.model.text import normalise


@dataclass
class Lessons:
    """The decisions of a corpus that later ingests follow, each with its document."""

    rejected: dict[str, str] = field(default_factory=dict)
    """A concept label (normalised) rejected, and where; none accepted anywhere."""
    classes: dict[str, tuple[str, str]] = field(default_factory=dict)
    """A concept label (normalised) -> the class a reviewer gave it, and where."""
    relations: dict[str, tuple[str, str]] = field(default_factory=dict)
    """A claim's wording -> the relation a reviewer chose for it, and where."""
    namesakes: dict[str, str] = field(default_factory=dict)
    """A concept label open or accepted in another document -> how a proposal names it
    when it may duplicate it ('Arab League (proposed in arab-league)')."""


def lessons_of(folders: Iterable[Path], *, besides: str = "") -> Lessons:
    """Return what the decisions in ``folders`` teach, leaving out the document ``besides``
    (a re-ingest carries its own decisions over)."""
    lessons, accepted = Lessons(), set()
    for folder in folders:
        state = read_folder(folder)
        if state.document == besides:
            continue
        for p in state.proposals():
            if p.kind == "concept" and p.label:
                key = normalise(p.label)
                if p.status != "rejected":
                    where = "accepted" if p.status == "accepted" else "proposed"
                    label = p.effective_label or p.label
                    lessons.namesakes.setdefault(label, f"{label} ({where} in {state.document})")
                if p.status == "rejected":
                    lessons.rejected.setdefault(key, state.document)
                elif p.status == "accepted":
                    accepted.add(key)
                    if "class" in p.edited:
                        lessons.classes[key] = (str(p.edited["class"]), state.document)
            elif (
                p.kind == "claim"
                and p.status == "accepted"
                and p.wording
                and p.edited.get("relation", p.relation) != p.relation
            ):
                lessons.relations[p.wording] = (str(p.edited["relation"]), state.document)
    for key in accepted:
        lessons.rejected.pop(key, None)
    return lessons


def applied(
    proposals: Sequence[Proposal],
    lessons: Lessons,
    schema: Schema,
    classes: dict[str, str],
    known: Sequence[KnownConcept] = (),
) -> list[Proposal]:
    """Return ``proposals`` as the lessons change them. ``classes`` gives the class of each
    concept the corpus knows (by id), to check a learned relation fits a claim's ends;
    a new concept whose label is close to a ``known`` one's or to one proposed in another
    document names it (``may_duplicate``)."""
    dropped = {
        p.concept
        for p in proposals
        if p.kind == "concept" and p.label and normalise(p.label) in lessons.rejected
    }
    learned: list[Proposal] = []
    for p in proposals:
        if p.kind == "concept" and p.concept in dropped:
            continue
        if p.kind == "claim" and (p.subject in dropped or p.object in dropped):
            continue
        taught = lessons.classes.get(normalise(p.label or "")) if p.kind == "concept" else None
        if taught and taught[0] != p.cls:
            p = replace(p, cls=taught[0], rule=f"{p.rule}; class {taught[0]} as a reviewer "
                        f"decided in {taught[1]}")  # fmt: skip
        if p.kind == "concept" and p.label:
            near = namesakes_of(p.label, lessons, known)
            if near:
                p = replace(p, may_duplicate=near, rule=f"{p.rule}; may duplicate "
                            + "; ".join(near))  # fmt: skip
        learned.append(p)
    ends = {**classes, **{p.concept: p.cls for p in learned if p.kind == "concept" and p.concept
                          and p.cls}}  # fmt: skip
    for index, p in enumerate(learned):
        taught = lessons.relations.get(p.wording or "") if p.kind == "claim" else None
        subject, obj = ends.get(p.subject or ""), ends.get(p.object or "")
        if (p.kind == "claim" and p.relation not in {None, "related"} and subject and obj
                and not schema.fits(p.relation or "", subject, obj)):  # fmt: skip
            # A class learned for an end: the relation read from the verb no longer fits.
            why = f"{p.rule}; related, as {p.relation} does not join a {subject} to a {obj}"
            learned[index] = p = replace(p, relation="related", rule=why)
        if not taught or taught[0] == p.relation:
            continue
        if taught[0] == "related" or (subject and obj and schema.fits(taught[0], subject, obj)):
            why = f"{p.rule}; relation {taught[0]} as a reviewer decided in {taught[1]}"
            learned[index] = replace(p, relation=taught[0], rule=why)
    return learned


NEAR = 90
"""Least rapidfuzz score (token sort ratio, 0-100) of two labels that may name one thing:
'Organisation for the Prohibition of Chemical Weapons' and 'Organization for the
Prohibition of Chemical Weapons' score 98; 'Arab League' and 'Arab States' 73."""


def namesakes_of(label: str, lessons: Lessons, known: Sequence[KnownConcept]) -> tuple[str, ...]:
    """The known concepts and other documents' concepts whose labels are close to ``label``."""
    from rapidfuzz import fuzz, process, utils

    choices = {**{k.label: f"{k.label} (known)" for k in known}, **lessons.namesakes}
    found = process.extract(label, list(choices), scorer=fuzz.token_sort_ratio, limit=3,
                            score_cutoff=NEAR, processor=utils.default_process)  # fmt: skip
    return tuple(choices[name] for name, _, _ in found)
