"""Claims a list states: the members named after 'members:', inline or as list items.

"The League now has 22 members, including 10 African countries:" followed by a
bulleted list, or "initially with seven members: Egypt, Iraq, ..." in one
sentence: each name listed is a member of the body the lead-in names. The body
is the owner of the word 'members' ("the League's members", "members of the
League"), else the subject of the verb it hangs from ("the League has 22
members"), else what the document is about (the subject of its first "X is ..."
sentence); with none, nothing is proposed. Under a heading that names a role
("Members", "Membership", "States parties"), each list item and each table row's
first cell is a member of what the document is about. The word sets the
relation: members and participants are members, signatories and parties sign,
founding or establishing members found, observers are related. A listed name
is proposed only when it is the one name of its item and the relation fits its
class and the body's.
"""

from __future__ import annotations

import re
from typing import Any

from graph.ingest.claims import claim_of
from graph.ingest.plain import BOLD
from graph.ingest.proposals import Proposal
from graph.ingest.reading import End, Link, Parsed, Reading

ROLES = {"member": "memberOf", "participant": "memberOf", "signatory": "signatoryOf",
         "party": "signatoryOf", "observer": "related", "founder": "founded"}  # fmt: skip
"""A lead-in's word (lemma) -> what each name listed after it is of the body."""
FOUNDING = {"founding", "establishing", "founder", "original"}
"""Words before 'members' or 'countries' that make the listed ones founders."""
_LIST_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d{1,3}[.)])[ \t]")
MAX_ITEM_WORDS = 8
"""A list item longer than this is a sentence of its own, not a name."""


def list_claims(state: Reading, parsed: list[Parsed], found: dict[str, Proposal]) -> None:
    """Add to ``found`` the claims of members listed after a lead-in ending with a colon,
    or listed (as items or table rows) in a section whose heading names a role."""
    subject = document_subject(state, parsed)
    section: tuple[str, str, str] | None = None  # a membership heading's relation, wording, rule
    claimed: set[int] = set()
    for index, part in enumerate(parsed):
        state.base = part.base
        if state.text.startswith("#", part.base):
            section = _heading_role(state, part)
            continue
        if index in claimed:
            continue
        if section is not None and subject is not None and _is_item(state, part):
            relation, wording, rule = section
            _add_item(state, found, part, subject, relation, wording, rule)
            continue
        for sentence in part.doc.sents:
            colon = next((t for t in reversed(sentence) if t.text == ":"), None)
            if colon is None:
                continue
            lead = _lead(state, sentence, colon, subject)
            if lead is None:
                continue
            owner, relation, wording, rule = lead
            after = [t for t in sentence if t.i > colon.i]
            if any(t.is_alpha for t in after):
                members = _ends_in(state, after)  # 'seven members: Egypt, Iraq and Syria'
                quote_start = state.base + sentence.start_char
                quote = state.text[quote_start : state.base + sentence.end_char].rstrip()
                for member in members:
                    link = Link(member, owner, wording, (relation,), rule, False, 0.8)
                    _add(state, found, link, quote, quote_start)
            elif not any(t.is_alpha for t in part.doc[colon.i + 1 :]):
                for number, item in _items(state, parsed, index):
                    claimed.add(number)
                    _add_item(state, found, item, owner, relation, wording, rule)
                state.base = part.base


def document_subject(state: Reading, parsed: list[Parsed]) -> End | None:
    """What the document is about: the first name set in bold in its prose ("The **Arab
    League** (Arabic: ...) is"), as encyclopedias open, else the proper-noun subject of
    its first 'X is ...' sentence, when that is a concept."""
    prose = [p for p in parsed if not state.text.startswith("#", p.base)
             and not _is_item(state, p)]  # fmt: skip
    for part in prose:
        state.base = part.base
        raw = state.text[part.base : part.base + len(part.doc.text)]
        for bold in BOLD.finditer(raw):
            token = next((t for t in part.doc if t.idx >= bold.start(1)), None)
            if token is not None and token.idx < bold.end(1) and state.end(token) is not None:
                return state.end(token)
    for part in prose:
        state.base = part.base
        for sentence in part.doc.sents:
            if sentence.root.lemma_ == "be":
                for child in sentence.root.children:
                    if child.dep_ == "nsubj" and child.pos_ == "PROPN" and state.end(child):
                        return state.end(child)
    return None


def _heading_role(state: Reading, part: Parsed) -> tuple[str, str, str] | None:
    """The relation a heading gives the names listed under it ('Members', 'States parties')."""
    for token in part.doc:
        lemma = token.lemma_.lower()
        lemma = "member" if lemma == "membership" else lemma
        if lemma in ROLES:
            relation = "founded" if lemma == "founder" else ROLES[lemma]
            heading = " ".join(part.doc.text.split()).strip("# ")
            return relation, _wording(relation, lemma), f"listed under the heading '{heading}'"
    return None


def _is_item(state: Reading, part: Parsed) -> bool:
    """True for a list item or a table row."""
    line = state.text[part.base : part.base + len(part.doc.text)]
    return bool(_LIST_ITEM.match(line)) or "|" in line


def _add_item(
    state: Reading, found: dict[str, Proposal], item: Parsed, owner: End, relation: str,
    wording: str, rule: str,
) -> None:  # fmt: skip
    """Claim that the one name a list item (or a table row's first cell) holds is ``relation``
    of ``owner``."""
    state.base = item.base
    line = state.text[item.base : item.base + len(item.doc.text)]
    tokens = list(item.doc)
    if "|" in line:  # a table row: its first cell that holds words
        cells: list[list[Any]] = [[]]
        for token in tokens:
            if state.text[item.base + token.idx] == "|":
                cells.append([])
            else:
                cells[-1].append(token)
        tokens = next((c for c in cells if any(t.is_alpha for t in c)), [])
    ends = _ends_in(state, tokens)
    words = [t for t in tokens if t.is_alpha]
    if len(ends) != 1 or len(words) > MAX_ITEM_WORDS:
        return
    start = item.base + len(line) - len(line.lstrip())
    link = Link(ends[0], owner, wording, (relation,), rule, False, 0.8)
    _add(state, found, link, line.strip(), start)


def _wording(relation: str, lemma: str) -> str:
    return {"memberOf": "be member of", "signatoryOf": "be signatory of",
            "founded": "found"}.get(relation, f"be {lemma} of")  # fmt: skip


def _lead(
    state: Reading, sentence: Any, colon: Any, subject: End | None
) -> tuple[End, str, str, str] | None:
    """The body, relation, wording and rule of a lead-in whose role word comes before
    ``colon``; the body is the document's ``subject`` when the lead-in names none."""
    roles = [t for t in sentence if t.i < colon.i and t.lemma_.lower() in {*ROLES, "country",
                                                                        "state"}]  # fmt: skip
    for word in reversed(roles):
        lemma = word.lemma_.lower()
        modifiers = {c.lower_ for c in word.children if c.dep_ in {"amod", "compound"}}
        if modifiers & FOUNDING:
            relation = "founded"
        elif lemma in ROLES:
            relation = ROLES[lemma]
        else:
            continue  # 'ten African countries:' says nothing of a body by itself
        owner = _owner(state, word)
        if owner is None:
            for other in roles:  # 'has 22 members, including 10 African countries:'
                if other.lemma_.lower() in ROLES and other.i < word.i:
                    owner = _owner(state, other)
        if owner is None:
            owner = subject
        if owner is None:
            return None
        words = [t.text for t in sentence if t.i <= colon.i]
        while len(words) > 1 and len(" ".join(words)) > 60:
            words.pop(0)
        excerpt = " ".join(words).replace(" ,", ",").replace(" :", ":")
        wording = _wording(relation, lemma)
        return owner, relation, wording, f"listed after '... {excerpt}'"
    return None


def _owner(state: Reading, word: Any) -> End | None:
    """The body a role word belongs to: its possessor, its 'of' phrase, or its verb's subject."""
    for child in word.children:
        if child.dep_ == "poss" and state.end(child):
            return state.end(child)
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and state.end(pobj):
                    return state.end(pobj)
    head = word
    while head.head.i != head.i and head.pos_ not in {"VERB", "AUX"}:
        head = head.head
    for child in head.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and state.end(child) is not None:
            return state.end(child)
    return None


def _ends_in(state: Reading, tokens: list[Any]) -> list[End]:
    """The distinct concepts the tokens stand for, in order."""
    ends: list[End] = []
    for token in tokens:
        end = state.end(token)
        if end is not None and all(e.key != end.key for e in ends):
            ends.append(end)
    return ends


def _items(state: Reading, parsed: list[Parsed], index: int) -> list[tuple[int, Parsed]]:
    """The list items (or table rows) that follow ``parsed[index]``, up to the list's end."""
    items = []
    for number in range(index + 1, len(parsed)):
        if not _is_item(state, parsed[number]):
            break
        items.append((number, parsed[number]))
    return items


def _add(state: Reading, found: dict[str, Proposal], link: Link, quote: str, start: int) -> None:
    if link.subject.key == link.object.key:
        return
    if link.relations != ("related",) and not state.schema.fits(
        link.relations[0], link.subject.cls, link.object.cls
    ):
        return
    proposal = claim_of(state, link, quote, start)
    if proposal.id not in found or found[proposal.id].confidence < proposal.confidence:
        found[proposal.id] = proposal
