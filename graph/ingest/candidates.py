"""New concept candidates: the names and noun phrases of a document no known concept covers.

A candidate is a name (a proper noun or a named entity) or a noun phrase a cue
word classes; never a date, a number, an adjective alone or a vague phrase
("new initiatives"). Its class comes from evidence the rule names: a state's
name (ISO 3166), the entity's kind, or a cue word of cues.yaml; a candidate with
no evidence says its class is a guess. Occurrences of one thing are gathered
into one candidate: its acronym ("the Shanghai Cooperation Organisation (SCO)"),
a person's name with or without title or first name ("Major General André
Denk", "Denk"), and "the Agency" where the document names exactly one agency.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from graph.ingest.classes import PERSONAL_TITLES, class_of, state_code
from graph.ingest.proposals import Proposal, Span, concept_slug, proposal_id
from graph.ingest.reading import _SMALL as SMALL_WORDS
from graph.ingest.reading import DROP_LEADING, Cues, End, Parsed, Reading
from graph.ingest.spelling import british
from graph.ingest.variants import Occurrence, merge_qualified, merge_reordered
from graph.model.text import normalise

NOT_CONCEPTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
"""Entity types that name no concept an analyst keeps: dates, amounts, counts."""


def _trim(span: Any, cues: Cues) -> Any:
    """Return the noun phrase without leading determiners, pronouns, numbers, possessives,
    vague adjectives or a person's titles, ending at the end of its line or bracket."""
    doc = span.doc
    start = span.start
    for token in doc[start : span.end - 1]:
        if "\n" in token.whitespace_ and token.i < span.root.i:
            start = token.i + 1  # a list item, a heading, a caption is a line
    while start < span.end - 1 and (
        doc[start].pos_ in DROP_LEADING
        or doc[start].dep_ in {"poss", "case"}
        or doc[start].is_space
    ):
        start += 1
    end = span.end
    for token in doc[start : span.end]:
        if token.text in {"(", "[", ",", ";", ":", "|"} or token.is_space:
            end = token.i  # 'Organisation (SCO': the name ends before its bracket
            break
        if "\n" in token.whitespace_:
            end = token.i + 1  # the line ends here
            break
    while start < end - 1 and doc[start].text in {"*", "**", "-", "#", "_", "|"}:
        start += 1
    while end > start + 1 and (
        doc[end - 1].pos_ in {"CCONJ", "ADP", "DET", "PUNCT"}
        or doc[end - 1].is_space
        or doc[end - 1].dep_ == "case"
        or doc[end - 1].text in {"'s", "\u2019s"}
    ):
        end -= 1  # 'Economic and' left by a line's end
    proper = doc[end - 1].pos_ == "PROPN" or doc[end - 1].ent_type_
    while start < end - 1 and not proper and doc[start].lower_ in cues.vague:
        start += 1  # 'new initiatives', 'the overall mission': the vague word goes
    titled = start
    while titled < end - 1 and doc[titled].lower_.strip(".") in cues.titles:
        titled += 1  # 'Major General André Denk' is André Denk
    if titled > start and (
        doc[end - 1].ent_type_ == "PERSON"
        or (
            doc[titled - 1].lower_.strip(".") in PERSONAL_TITLES
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in doc[titled:end])
            and not any(doc[end - 1].lemma_.lower() in words for words in cues.classes.values())
        )  # the parser took 'Admiral Tomas Varga' for a body: the title says a person
    ):
        start = titled
    return doc[start:end]


NAME_LINKS = {"for", "of", "on"}
"""Prepositions inside a name: 'Organisation for the Prohibition of Chemical Weapons'."""


def _capital(token: Any) -> bool:
    return token.is_alpha and token.text[:1].isupper() and token.pos_ in {"PROPN", "NOUN", "ADJ"}


def _joins_name(doc: Any, k: int, first: int) -> bool:
    """True when the 'and' or '&' at ``k`` joins two words of one name."""
    return (
        k > first
        and doc[k].lower_ in {"and", "&"}
        and k + 1 < len(doc)
        and _capital(doc[k + 1])
        and (doc[k].ent_iob_ == "I" or not (doc[k - 1].ent_type_ or doc[k + 1].ent_type_))
    )


def _extend_name(span: Any, roles: Mapping[str, str]) -> Any:
    """Return ``span`` run on over 'for/of/on (the) Capitalised Words' when it ends in a
    name: 'High Representative for Foreign Affairs and Security Policy' is one name, where
    the parser's noun phrase stops at 'for'. 'and' joins two words of one name only
    where no named entity ends or starts at it ('the Council of Europe and NATO' is two)."""
    doc, end = span.doc, span.end
    if not len(span) or not _capital(span[-1]) or span.root.pos_ != "PROPN":
        return span
    while end + 1 < len(doc) and doc[end].lower_ in NAME_LINKS:
        if doc[end].lower_ == "of" and doc[end - 1].lemma_.lower() in roles:
            break  # 'Chief Executive of the Agency', 'Head of the EDA': a role and its owner
        j = end + 2 if doc[end + 1].lower_ == "the" else end + 1
        k = j
        while k < len(doc) and (_capital(doc[k]) or _joins_name(doc, k, j)):
            k += 1
        if k == j or "\n" in "".join(t.whitespace_ for t in doc[span.start : k - 1]):
            break
        end = k
    return doc[span.start : end]


def _label(span: Any) -> str:
    if span.root.pos_ == "PROPN" or span.root.ent_type_:
        return " ".join(str(span.text).split())
    words = [t.text for t in span[:-1]] + [
        span[-1].lemma_ if span[-1] == span.root else span[-1].text
    ]
    label = " ".join(words)
    return label[:1].upper() + label[1:]


def _worth_proposing(span: Any, cues: Cues) -> bool:
    """True for a name (a proper noun or a named entity) or a phrase a cue word classes:
    a common noun phrase no cue word speaks for is too vague to propose, and so is one
    word alone unless it names a concept by itself ('terrorism', not 'framework')."""
    doc, last = span.doc, span[-1]
    if last.i + 1 < len(doc) and doc[last.i + 1].text == "-" and not last.whitespace_:
        return False  # 'Pan' of 'Pan-Arab': a piece of a hyphenated word
    if span.root.pos_ == "ADJ" or all(t.pos_ == "ADJ" or t.is_punct for t in span):
        return False  # 'Arab', 'Western European' alone: adjectives, not a name
    if span.root.pos_ == "PROPN" or span.root.ent_type_ in cues.entities:
        return len(span.text) > 1 and any(c.isalpha() for c in span.text)
    if len(span) == 1:
        return span.root.lemma_.lower() in cues.standalone
    return not class_of(span, cues)[1].startswith("no cue")


def collect_candidates(
    state: Reading,
    part: Parsed,
    known: Sequence[Any],
    groups: dict[str, list[Occurrence]],
) -> None:
    doc = part.doc
    used = {i for span in known for i in range(span.start, span.end)}
    chunks = []
    for chunk in doc.noun_chunks:
        # "the Coalition's member states": the owner and what it owns are two phrases.
        cut = next((t.i for t in chunk if t.dep_ == "case" and t.i > chunk.start), None)
        chunks += [doc[chunk.start : cut], doc[cut + 1 : chunk.end]] if cut else [chunk]
    phrases = [_trim(chunk, state.cues) for chunk in chunks if len(chunk)]
    phrases += [_trim(ent, state.cues) for ent in doc.ents if ent.label_ in state.cues.entities]
    phrases = [_extend_name(phrase, state.cues.roles) for phrase in phrases]
    for span in sorted(phrases, key=lambda s: (s.start, -len(s))):
        if any(i in used for i in range(span.start, span.end)):
            continue
        root = span.root
        if root.pos_ == "PRON" or root.lemma_.lower() in state.cues.generic or not root.is_alpha:
            continue
        if root.ent_type_ in NOT_CONCEPTS or not _worth_proposing(span, state.cues):
            continue
        used.update(range(span.start, span.end))
        groups[" ".join(british(t.lemma_.lower()) for t in span)].append((part, span))


def _definite_common(span: Any, cues: Cues) -> bool:
    """True for 'the Agency', 'the Organisation': one capitalised common word after 'the'."""
    if len(span) != 1 or str(span.text).isupper():
        return False
    before = span.doc[span.start - 1] if span.start > 0 else None
    lemma = span.root.lemma_.lower()
    common = lemma in cues.roles or any(lemma in words for words in cues.classes.values())
    capital = str(span.text)[:1].isupper()
    return common and capital and before is not None and before.lower_ in {"the", "this", "that"}


def _acronym_word(span: Any) -> bool:
    text = str(span.text)
    return len(span) == 1 and 2 <= len(text) <= 8 and text.isupper() and text.isalpha()


def _initials(span: Any) -> str:
    """'Palestine Liberation Organization' gives PLO (small words such as 'of' left out)."""
    return "".join(t.text[0] for t in span if t.is_alpha and t.lower_ not in SMALL_WORDS).upper()


def _gather(groups: dict[str, list[Occurrence]], acronyms: dict[str, str], cues: Cues) -> set[str]:
    """Merge the groups that name one thing: an acronym and its long form, the names of one
    state ('UK', 'United Kingdom'; 'Lebanese Republic', 'Lebanon'), a person's surname and
    full name, 'the Agency' and the one agency the document names. Return the groups that
    take their commonest name as label (a state is 'Jordan', not 'Hashemite Kingdom of
    Jordan')."""
    by_code: dict[str, list[str]] = defaultdict(list)
    for key, found in groups.items():
        code = state_code(found[0][1], cues)
        if code:
            by_code[code].append(key)
    commonest = set()
    for keys in by_code.values():
        keys.sort(key=lambda k: (-len(groups[k]), k))
        for other in keys[1:]:
            groups[keys[0]] += groups.pop(other)
        commonest.add(keys[0])
    keys_by_text = {
        str(spans[0][1].text).lower().removeprefix("the "): key for key, spans in groups.items()
    }
    for acronym, long_name in acronyms.items():
        long_key = keys_by_text.get(long_name.lower())
        short_key = keys_by_text.get(acronym.lower())
        if long_key and short_key and long_key != short_key and short_key in groups:
            groups[long_key] += groups.pop(short_key)
    # An acronym the text uses without defining it, whose letters are the initials of one
    # name the text spells out ('the PLO' after 'The Palestine Liberation Organization').
    for short_key in [k for k, found in groups.items() if _acronym_word(found[0][1])]:
        short = str(groups[short_key][0][1].text)
        longer = [
            k
            for k, found in groups.items()
            if k != short_key
            and len(found[0][1]) > 1
            and found[0][1].root.pos_ == "PROPN"
            and _initials(found[0][1]) == short.upper()
        ]
        if len(longer) == 1:
            groups[longer[0]] += groups.pop(short_key)
    # A person's shorter name: 'Aboul Gheit' after 'Ahmed Aboul Gheit', 'Denk' after 'André Denk'.
    for key in [k for k, found in groups.items() if found[0][1].root.ent_type_ == "PERSON"]:
        words = str(groups[key][0][1].text).split()
        fuller_names = [
            k
            for k, found in groups.items()
            if k != key
            and found[0][1].root.ent_type_ == "PERSON"
            and len(str(found[0][1].text).split()) > len(words) > 1
            and str(found[0][1].text).split()[-len(words) :] == words
        ]
        if len(fuller_names) == 1:
            groups[fuller_names[0]] += groups.pop(key)
    merge_qualified(groups, acronyms)
    merge_reordered(groups)
    singles = [k for k, found in groups.items() if len(found[0][1]) == 1]
    for key in singles:
        span = groups[key][0][1]
        head = span.root.lemma_.lower()
        person = span.root.ent_type_ == "PERSON"
        fuller = [
            k
            for k, found in groups.items()
            if k != key
            and len(found[0][1]) > 1
            and found[0][1][-1].lemma_.lower() == head
            and (not person or found[0][1].root.ent_type_ == "PERSON")
            and (person or found[0][1].root.pos_ == "PROPN")
        ]
        definite = any(_definite_common(s, cues) for _, s in groups[key])
        if len(fuller) == 1 and (person or definite):
            groups[fuller[0]] += groups.pop(key)
        elif definite:
            del groups[key]  # 'the Directorate' of several directorates: whose, is unclear
    return commonest & set(groups)


def add_candidates(
    state: Reading,
    groups: dict[str, list[Occurrence]],
    acronyms: dict[str, str],
    aliases: dict[str, str] | None = None,
) -> None:
    """Add a concept proposal for each group of mentions, once the groups naming one thing
    are merged: an acronym joins its long name, an alias (``mentions.aliases_in``) its name,
    which stays the label when it is said most."""
    aliases = aliases or {}
    reverse_acronyms = {v.lower(): k for k, v in acronyms.items()}
    taken = {c.id for c in state.known}
    commonest = _gather(groups, {**aliases, **acronyms}, state.cues)
    mains = {main.lower() for main in aliases.values()}
    commonest |= {
        k for k, found in groups.items()
        if str(found[0][1].text).lower().removeprefix("the ") in mains
    }  # fmt: skip
    for key, found in groups.items():
        if key in commonest:
            said = Counter(normalise(str(s.text)) for _, s in found)
            first_part, first = max(found, key=lambda f: said[normalise(str(f[1].text))])
        else:
            first_part, first = max(found, key=lambda f: len(f[1]))  # the fullest name
        label = _label(first)
        cls, cue = class_of(first, state.cues)
        if "a guess" in cue:  # another mention may say what it is ('General André Denk')
            evidence = [class_of(span, state.cues) for _, span in found]
            said_classes = Counter(c for c, why in evidence if "a guess" not in why)
            if said_classes:
                cls = said_classes.most_common(1)[0][0]
                cue = next(why for c, why in evidence if c == cls and "a guess" not in why)
                cue += " (in another mention)"
        names = tuple(
            dict.fromkeys(
                n
                for n in [
                    reverse_acronyms.get(first.text.lower()),
                    *(
                        " ".join(str(s.text).split())
                        for _, s in found
                        if len(s) > 1 or str(s.text).isupper()
                    ),
                ]
                if n and normalise(n) != normalise(label)
            )
        )
        entity = bool(first.root.ent_type_)
        confidence = min(
            0.9,
            0.45
            + 0.08 * min(len(found) - 1, 3)
            + (0.15 if entity else 0.0)
            + (0.1 if "guess" not in cue else 0.0),
        )
        candidate_id = concept_slug(label)
        while candidate_id in taken:
            candidate_id += "-new"
        taken.add(candidate_id)
        found.sort(key=lambda f: f[0].base + f[1].start_char)
        start = first_part.base + first.start_char
        state.proposals.append(
            Proposal(
                id=proposal_id("concept", key),
                kind="concept",
                document=state.document,
                quote=state.text[start : first_part.base + first.end_char],
                start=start,
                end=first_part.base + first.end_char,
                confidence=confidence,
                rule=f"{_kind(first)} seen {len(found)} "
                f"time{'s' if len(found) > 1 else ''}; class from {cue}",
                concept=candidate_id,
                label=label,
                cls=cls,
                names=names,
                mentions=tuple(
                    Span(
                        p.base + s.start_char,
                        p.base + s.end_char,
                        state.text[p.base + s.start_char : p.base + s.end_char],
                    )
                    for p, s in found
                ),
            )
        )
        end = End(candidate_id, label, cls, known=False)
        for part, span in found:
            for token in span:
                state.token_end[part.base + token.idx] = end


def _kind(span: Any) -> str:
    if span.root.ent_type_:
        return "a named entity"
    return "a name" if span.root.pos_ == "PROPN" else "a noun phrase"
