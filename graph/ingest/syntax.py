"""Reading a sentence's parse: the concepts at the ends of a verb, lists, conjunctions, negation."""

from __future__ import annotations

from typing import Any

from graph.ingest.reading import PRONOUNS, End, Reading


def end_of(state: Reading, token: Any) -> End | None:
    """Return the concept a token stands for: its own phrase, or the 'of' phrase it heads."""
    end = state.end(token)
    if end is not None:
        return end
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return state.end(pobj)
    return None


def members_of(state: Reading, token: Any) -> list[tuple[Any, str]]:
    """Return a token with its conjuncts, as (token, how it was reached)."""
    found = [(token, "")]
    for child in token.children:
        if child.dep_ == "conj":
            found += [(t, "a conjunction") for t, _ in members_of(state, child)]
    # An apposition ('Šedivý, a former minister,') names the same thing again: not another
    # end of the verb (measured: 0 of 14 such claims right on the dev gold sets).
    return found


def listed_in(state: Reading, token: Any) -> list[Any]:
    """Return the members a noun lists: 'threats such as terrorism and piracy'."""
    members = []
    for child in token.children:
        words = " ".join(t.lower_ for t in child.subtree)[:20]
        is_list = child.dep_ == "prep" and (
            child.lower_ in {"including", "like"}
            or (child.lower_ == "as" and any(t.lower_ == "such" for t in child.lefts))
            or words.startswith("such as")
        )
        if child.dep_ == "amod" and child.lower_ == "such":
            for grand in child.children:
                if grand.dep_ == "prep" and grand.lower_ == "as":
                    members += [
                        t
                        for p in grand.children
                        if p.dep_ == "pobj"
                        for t, _ in members_of(state, p)
                    ]
        if is_list:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    members += [t for t, _ in members_of(state, pobj)]
    return members


def subjects_of(state: Reading, verb: Any, previous: End | None) -> list[tuple[End, str]]:
    """Return a verb's subjects (inherited from the clause above, or a pronoun's antecedent)."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    if not any(c.dep_ == "agent" for c in verb.children):
        # A passive without an agent: 'threats are not limited to borders'.
        subjects += [c for c in verb.children if c.dep_ == "nsubjpass"]
    how = "its subject"
    climb = verb
    while (
        not subjects
        and climb.dep_ in {"xcomp", "advcl", "conj", "pcomp", "acl", "prep"}
        and climb.head != climb
    ):
        climb = climb.head
        subjects = [c for c in climb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        how = "the subject of its clause"
    found: list[tuple[End, str]] = []
    for subject in subjects:
        for member, reached in members_of(state, subject):
            if member.lower_ in PRONOUNS and previous is not None:
                found.append((previous, "a pronoun for the subject of the sentence before"))
                continue
            end = end_of(state, member)
            if end is not None:
                found.append((end, reached or how))
            for listed in listed_in(state, member):
                listed_end = state.end(listed)
                if listed_end is not None:
                    found.append((listed_end, "a member of its subject's list"))
    return found


def objects_of(state: Reading, verb: Any) -> list[tuple[End, str, str, Any]]:
    """Return (object, wording, how, the verb that governs it) for a verb's objects.

    Direct, prepositional and copular objects; a noun that is part of the verb
    ('take part in X', 'join forces with X'); and the objects of a gerund the
    predicate leads to ('is a cornerstone in solidifying X', 'is indispensable in
    ensuring X'), which that gerund governs.
    """
    found: list[tuple[End, str, str, Any]] = []
    particle = " ".join(c.lower_ for c in verb.children if c.dep_ == "prt")

    def add(token: Any, wording: str, how: str) -> None:
        for member, reached in members_of(state, token):
            end = end_of(state, member)
            if end is not None:
                found.append((end, wording, reached or how, verb))
            for listed in listed_in(state, member):
                listed_end = state.end(listed)
                if listed_end is not None:
                    found.append((listed_end, wording, "a member of its object's list", verb))

    def through_gerund(head: Any) -> None:
        for prep in head.children:
            if prep.dep_ == "prep":
                for pcomp in prep.children:
                    if pcomp.dep_ == "pcomp":
                        found.extend(objects_of(state, pcomp))

    def role_of(holder: Any, how: str) -> None:
        """'the head of Y', "Y's decision-making body": a role whose owner is the object."""
        if not _holds_role(state, holder):
            return
        for owner in holder.children:
            if owner.dep_ == "poss":
                add(owner, f"{holder.lemma_.lower()} of", how)

    for child in verb.children:
        if child.dep_ in {"dobj", "attr", "oprd", "dative"}:
            role_of(child, "a role's owner")
            own = state.end(child)
            if own is None:
                for prep in child.children:
                    if prep.dep_ == "prep":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                wording = f"{particle} {child.lemma_} {prep.lower_}".strip()
                                add(pobj, wording, "a phrase's object")
            # 'X is an agency of Y' is read by its phrase ('agency of'), not as 'X is Y'.
            if own is not None or not any(
                p.dep_ == "prep" and p.lower_ == "of" for p in child.children
            ):
                add(child, particle, "its object")
            through_gerund(child)
        elif child.dep_ == "prep" and child.lower_ == "as":
            # 'serves as Chief Executive of Y', 'acts as the Head of Y': a role of Y.
            for pobj in child.children:
                if pobj.dep_ == "pobj" and _holds_role(state, pobj):
                    role_of(pobj, "a role's owner")
                    for prep in pobj.children:
                        if prep.dep_ == "prep" and prep.lower_ == "of":
                            for owner in prep.children:
                                if owner.dep_ == "pobj":
                                    add(owner, f"{pobj.lemma_.lower()} of", "a role's owner")
        elif child.dep_ == "prep" and child.lower_ not in {"through", "by", "via", "as"}:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    add(pobj, f"{particle} {child.lower_}".strip(), "a prepositional object")
                if pobj.dep_ == "pcomp":
                    found.extend(objects_of(state, pobj))
        elif child.dep_ == "acomp":
            for prep in child.children:
                if prep.dep_ == "prep":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            add(pobj, f"{child.lemma_} {prep.lower_}", "a predicate's object")
            through_gerund(child)
    return found


STAND_INS = frozenset({"deputy", "vice", "assistant", "acting", "former", "interim"})
"""Words that make a role another's: the Deputy Chief Executive does not lead the Agency."""


def _holds_role(state: Reading, token: Any) -> bool:
    """True for a role of cues.yaml ('head', 'agency') that no stand-in word qualifies."""
    return token.lemma_.lower() in state.cues.roles and not any(
        t.lower_ in STAND_INS for c in token.lefts for t in c.subtree
    )


ROLE_VERBS = frozenset({"be", "serve", "act", "become", "remain", "appoint", "name", "elect"})
"""Verbs that give their subject a role: 'X is an agency of Y', 'X serves as head of Y'."""


def relations_for(state: Reading, verb: Any, wording: str) -> tuple[str, tuple[str, ...]]:
    lemma = verb.lemma_.lower()
    words = wording.split(" ")
    if lemma in ROLE_VERBS and len(words) >= 2 and words[-1] == "of":
        role = words[-2].lower()
        if role in state.cues.roles:  # cues.yaml roles: 'head' leads, 'agency' is partOf
            return f"{lemma} {wording}".strip(), (state.cues.roles[role],)
    tried = [
        f"{lemma} {wording}".strip(),
        f"{lemma} {words[-1]}".strip() if wording else "",
        lemma,
    ]
    for phrase in tried:
        if phrase and phrase in state.cues.verbs:
            return phrase, state.cues.verbs[phrase]
    return (f"{lemma} {wording}".strip(), ())


CLIMBED = frozenset({"xcomp", "ccomp", "acomp", "pcomp", "advcl", "conj"})
"""Links from a verb up to the verb or adjective that governs it ('refused to endorse')."""


def is_negated(verb: Any, denials: frozenset[str] = frozenset()) -> bool:
    """True when the sentence denies what the verb says: 'not', 'never', 'no' on its object
    ('has no agents'), 'without doing', or a verb of refusal or prohibition above it
    ('refused to endorse', 'it is forbidden to undertake'; cues.yaml denials)."""
    if any(c.dep_ == "neg" for c in verb.children) or any(
        c.dep_ == "neg" for a in verb.children if a.dep_ == "acomp" for c in a.children
    ):
        return True
    if any(
        c.dep_ in {"dobj", "attr"} and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        for c in verb.children
    ):
        return True
    head = verb
    for _ in range(3):
        if head.dep_ == "pcomp" and head.head.lower_ == "without":
            return True
        if head.dep_ not in CLIMBED or head.head is head:
            break
        head = head.head
        if head.lemma_.lower() in denials or head.lower_ in denials:
            return True
        if any(c.dep_ == "neg" for c in head.children):
            return True
    return any(c.dep_ == "acomp" and c.lower_ in denials for c in head.children)
