"""Claims from the dependency parse: verbs with their subjects and objects, and noun phrases.

Each rule names itself in the proposal's ``rule``; a verb's relations come from
cues.yaml and one is kept only when it fits the ontology's domain and range.
"""

from __future__ import annotations

from typing import Any

from graph.ingest.proposals import Proposal, proposal_id
from graph.ingest.reading import End, Link, Parsed, Reading
from graph.ingest.syntax import (
    end_of,
    is_negated,
    listed_in,
    members_of,
    objects_of,
    relations_for,
    subjects_of,
)  # fmt: skip


def sentence_claims(
    state: Reading, part: Parsed, previous: End | None, found: dict[str, Proposal]
) -> End | None:
    """Add the claims of one paragraph to ``found``; return the last sentence's subject."""
    state.base = part.base
    if state.text.startswith("#", part.base):
        return previous  # a heading names a topic; it asserts nothing
    for sentence in part.doc.sents:
        links: list[Link] = []
        main_subject: End | None = None
        for token in sentence:
            if token.pos_ in {"VERB", "AUX"} or token.dep_ == "ROOT":
                links += verb_links(state, token, previous)
            links += noun_links(state, token)
            if token.dep_ in {"nsubj", "nsubjpass"} and token.head.dep_ == "ROOT":
                main_subject = end_of(state, token) or main_subject
        previous = main_subject or previous
        # The parser read the words without markup (plain.parse_view): the quote is the
        # stored text at the sentence's offsets, stars and all.
        raw = state.text[part.base + sentence.start_char : part.base + sentence.end_char]
        start = part.base + sentence.start_char + (len(raw) - len(raw.lstrip()))
        quote = raw.strip()
        for link in links:
            if link.subject.key == link.object.key:
                continue
            proposal = claim_of(state, link, quote, start)
            if proposal.id not in found or found[proposal.id].confidence < proposal.confidence:
                found[proposal.id] = proposal
    return previous


def claim_of(state: Reading, link: Link, quote: str, start: int) -> Proposal:
    """The claim proposal of ``link``, quoting ``quote`` at ``start``: the first of its
    relations that fits its ends, else skos:related worded with its verb."""
    relation = next(
        (r for r in link.relations if state.schema.fits(r, link.subject.cls, link.object.cls)),
        "related",
    )
    confidence = link.confidence * (1.0 if relation != "related" else 0.6)
    if not (link.subject.known and link.object.known):
        confidence *= 0.85
    rule = link.rule + ("" if relation != "related" else "; no relation of the verb fits its ends")
    return Proposal(
        id=proposal_id("claim", link.subject.key, relation, link.object.key, quote),
        kind="claim",
        document=state.document,
        quote=quote,
        start=start,
        end=start + len(quote),
        confidence=round(confidence * (0.7 if link.negated else 1.0), 3),
        rule=rule + ("; the sentence denies it" if link.negated else ""),
        subject=link.subject.key,
        relation=relation,
        object=link.object.key,
        subject_label=link.subject.label,
        object_label=link.object.label,
        wording=link.wording,
        negated=link.negated,
    )


def verb_links(state: Reading, verb: Any, previous: End | None) -> list[Link]:
    links: list[Link] = []
    negated = is_negated(verb, state.cues.denials)
    objects = objects_of(state, verb)
    # Passive with an agent: 'X is countered by Y' reads 'Y counters X'.
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if passive and agents:
        for agent in agents:
            for patient in passive:
                a, p = end_of(state, agent), end_of(state, patient)
                if a and p:
                    phrase, relations = relations_for(state, verb, "")
                    links.append(
                        Link(
                            a,
                            p,
                            phrase,
                            relations,
                            f"passive '{verb.text}' with its agent",
                            negated,
                            0.75,
                        )
                    )
    subjects = subjects_of(state, verb, previous)
    listed = members_listed(state, verb, objects, negated)
    if listed:
        links += listed
        subjects = []  # 'the members include A': A is a member, not a kind of member
    for subject, how_subject in subjects:
        for obj, wording, how_object, governor in objects:
            phrase, relations = relations_for(state, governor, wording)
            confidence = 0.75 if how_subject == "its subject" else 0.6
            # 'The members include A and B' says A is one of them: read it from A's side.
            first, second = (obj, subject) if phrase in state.cues.inverse else (subject, obj)
            links.append(
                Link(
                    first,
                    second,
                    phrase,
                    relations,
                    f"'{governor.text}' with {how_subject} and {how_object}",
                    negated,
                    confidence,
                )
            )
    # 'Through X, S can V O' and 'By doing X, S V O': X is the means to the objects of
    # the verb and of the verbs joined to it; 'through partnerships with Y': S works with Y.
    joined = [v for v, _ in members_of(state, verb)][1:]
    all_objects = objects + [o for v in joined for o in objects_of(state, v)]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"through", "by", "via"}:
            for means in child.children:
                target = means
                if means.dep_ == "pcomp":
                    target = next((c for c in means.children if c.dep_ == "dobj"), means)
                end = end_of(state, target)
                if end is None:
                    continue
                for obj, wording, _, governor in all_objects:
                    phrase, relations = relations_for(state, governor, wording)
                    links.append(
                        Link(
                            end,
                            obj,
                            phrase,
                            (*relations, "enables", "channelFor"),
                            f"the means ('{child.text}') to '{governor.text}'",
                            negated,
                            0.55,
                        )
                    )
                partners = [
                    pobj
                    for holder in (means, target)
                    for prep in holder.children
                    if prep.dep_ == "prep" and prep.lower_ == "with"
                    for pobj in prep.children
                    if pobj.dep_ == "pobj"
                ]
                for partner in partners:
                    other = end_of(state, partner)
                    if other is None:
                        continue
                    for subject, _ in subjects:
                        links.append(
                            Link(
                                subject,
                                other,
                                "work with",
                                ("cooperatesWith",),
                                f"'{child.text} ... with' names a partner",
                                False,
                                0.55,
                            )
                        )
        # 'As members of X, S V': S is a member of X, and X is a reason for what S does.
        if child.dep_ == "prep" and child.lower_ == "as":
            for role in child.children:
                if role.dep_ == "pobj" and role.lemma_.lower() in {"member", "part"}:
                    group = end_of(state, role)
                    if group is None:
                        continue
                    for subject, _ in subjects:
                        links.append(
                            Link(
                                subject,
                                group,
                                "be member of",
                                ("memberOf",),
                                f"'as {role.text} of'",
                                False,
                                0.7,
                            )
                        )
                    for obj, _, _, _ in objects:
                        links.append(
                            Link(
                                group,
                                obj,
                                "be reason for",
                                ("motivates",),
                                f"'as {role.text} of' gives the reason",
                                False,
                                0.45,
                            )
                        )
        # 'S need O to V O2': O serves V on O2.
        if child.dep_ in {"xcomp", "advcl"} and any(
            a.dep_ == "aux" and a.lower_ == "to" for a in child.children
        ):
            for means, _, _, _ in objects:
                for conj_verb, _ in members_of(state, child):
                    for obj, wording, _, governor in objects_of(state, conj_verb):
                        phrase, relations = relations_for(state, governor, wording)
                        links.append(
                            Link(
                                means,
                                obj,
                                phrase,
                                relations,
                                f"the purpose ('to {conj_verb.text}') of what '{verb.text}' names",
                                False,
                                0.5,
                            )
                        )
    # A relative clause: 'the strategies that a nation employs' reads 'a nation employs strategies'.
    if verb.dep_ == "relcl" and not any(c.dep_ in {"dobj"} and state.end(c) for c in verb.children):
        head = end_of(state, verb.head)
        if head is not None:
            for subject, _ in subjects:
                phrase, relations = relations_for(state, verb, "")
                links.append(
                    Link(
                        subject,
                        head,
                        phrase,
                        relations,
                        f"the relative clause '{verb.text}'",
                        negated,
                        0.7,
                    )
                )
    return links


MEMBERSHIP = {"member": "memberOf", "participant": "memberOf", "signatory": "signatoryOf",
              "party": "signatoryOf", "partner": "memberOf"}  # fmt: skip
"""Words of a subject that make 'X's members include A' say A is a member of X."""


def members_listed(state: Reading, verb: Any, objects: list[Any], negated: bool) -> list[Link]:
    """'The coalition's member states include A, B and C', 'members of X include A':
    each of A, B and C is a member of the owner (a signatory, a party of it)."""
    if verb.lemma_.lower() not in state.cues.inverse:
        return []
    links: list[Link] = []
    for subject in verb.children:
        if subject.dep_ != "nsubj":
            continue
        words = [t.lemma_.lower() for t in subject.subtree]
        relation = next((MEMBERSHIP[w] for w in words if w in MEMBERSHIP), None)
        owners = [c for c in subject.children if c.dep_ == "poss"] + [
            o
            for prep in subject.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for o in prep.children
            if o.dep_ == "pobj"
        ]
        ends = [e for e in (end_of(state, o) for o in owners) if e is not None]
        if relation is None or not ends:
            continue
        for owner in ends:
            for obj, _, _, _ in objects:
                links.append(
                    Link(
                        obj,
                        owner,
                        f"be {relation.removesuffix('Of')} of",
                        (relation, "memberOf", "participatesIn"),
                        f"'{subject.text} ... {verb.text}' lists members",
                        negated,
                        0.8,
                    )
                )
    return links


def noun_links(state: Reading, token: Any) -> list[Link]:
    """Links inside noun phrases: lists ('bodies such as INTERPOL') and 'X of Y'."""
    links: list[Link] = []
    whole = state.end(token)
    if whole is None or token.pos_ not in {"NOUN", "PROPN"}:
        return links
    for member in listed_in(state, token):
        end = state.end(member)
        if end is not None and end.key != whole.key:
            kind = "instanceOf" if member.pos_ == "PROPN" or member.ent_type_ else "kindOf"
            links.append(
                Link(
                    end,
                    whole,
                    "is listed among",
                    (kind, "kindOf"),
                    f"listed in '{token.text}'",
                    False,
                    0.7,
                )
            )
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "with"}:
            for pobj in child.children:
                other = state.end(pobj)
                if pobj.dep_ == "pobj" and other is not None and other.key != whole.key:
                    relations = ("hasCharacteristic",) if whole.cls == "Characteristic" else ()
                    if whole.cls == "Characteristic":
                        links.append(
                            Link(
                                other,
                                whole,
                                "has",
                                relations,
                                f"'{token.text} {child.text} ...'",
                                False,
                                0.5,
                            )
                        )
                    elif child.lower_ == "of" and whole.cls == other.cls == "InternationalBody":
                        # 'the Council of the League': a body of a body is a part of it. Any
                        # other 'X of Y' is a noun phrase, not a statement: not proposed.
                        links.append(
                            Link(
                                whole,
                                other,
                                "of",
                                ("partOf",),
                                f"'{token.text} {child.text} ...'",
                                False,
                                0.5,
                            )
                        )
        if child.dep_ == "poss":
            owner = state.end(child)
            if owner is not None and owner.key != whole.key:
                # A possessive alone states nothing ('the League's members'); but "a
                # nation's alliances with allies": the owner works with the allies.
                for prep in token.children:
                    if prep.dep_ == "prep" and prep.lower_ == "with":
                        for pobj in prep.children:
                            other = state.end(pobj) if pobj.dep_ == "pobj" else None
                            if other is not None and other.key != owner.key:
                                links.append(
                                    Link(
                                        owner,
                                        other,
                                        "work with",
                                        ("cooperatesWith",),
                                        f"'{child.text}'s {token.text} with'",
                                        False,
                                        0.5,
                                    )
                                )
    return links
