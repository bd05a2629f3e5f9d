"""Mentions of the concepts a corpus knows, and new concept candidates from noun phrases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.ingest.proposals import Proposal, Span, concept_slug, proposal_id
from graph.ingest.reading import (
    _ACRONYM,
    _SMALL,
    DROP_LEADING,
    Cues,
    End,
    KnownConcept,
    Parsed,
    Reading,
)  # fmt: skip


def _variants(name: str) -> set[str]:
    """Return a name with its last word in singular and plural forms, lower-cased."""
    words = name.lower().split()
    if not words:
        return set()
    last, head = words[-1], " ".join(words[:-1])
    forms = {last}
    if last.endswith("ies") and len(last) > 4:
        forms.add(last[:-3] + "y")
    elif last.endswith(("ses", "xes", "ches", "shes")):
        forms.add(last[:-2])
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        forms.add(last[:-1])
    else:
        forms.add(last[:-1] + "ies" if last.endswith("y") and len(last) > 2 else last + "s")
        if last.endswith(("s", "x", "ch", "sh")):
            forms.add(last + "es")
    return {f"{head} {f}".strip() for f in forms}


def acronyms_in(text: str) -> dict[str, str]:
    """Return acronym -> long name for every 'Long Name (ACR)' whose initials spell ACR."""
    found: dict[str, str] = {}
    for match in _ACRONYM.finditer(text):
        words = match.group(1).split()
        acronym = match.group(2)
        # Take the shortest tail of the words whose initials spell the acronym.
        for start in range(len(words) - 1, -1, -1):
            tail = words[start:]
            initials = "".join(w[0] for w in tail if w.lower() not in _SMALL).upper()
            if initials == acronym.upper().replace("&", ""):
                found[acronym] = " ".join(tail)
                break
    return found


def mention_matcher(
    state: Reading, acronyms: dict[str, str]
) -> tuple[Any, dict[str, tuple[KnownConcept, str, float]]]:
    from spacy.matcher import PhraseMatcher

    nlp = state.pipeline.nlp
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_rule: dict[str, tuple[KnownConcept, str, float]] = {}
    for concept in state.known:
        for name, rule, confidence in [
            (concept.label, "label", 0.95),
            *((n, "other name", 0.9) for n in concept.names),
        ]:
            for form in _variants(name):
                key = f"{concept.id}|{form}"
                exact = form == name.lower()
                by_rule[key] = (
                    concept,
                    rule if exact else f"{rule}, singular or plural",
                    confidence if exact else confidence - 0.1,
                )
                matcher.add(key, [nlp.make_doc(form)])
        # An acronym the text defines for one of this concept's names is another name.
        for acronym, long_name in acronyms.items():
            if long_name.lower() in {n.lower() for n in (concept.label, *concept.names)}:
                key = f"{concept.id}|{acronym.lower()}"
                by_rule[key] = (concept, f"acronym defined as {long_name!r}", 0.85)
                matcher.add(key, [nlp.make_doc(acronym)])
    return matcher, by_rule


def known_mentions(
    state: Reading,
    part: Parsed,
    matcher: Any,
    by_rule: dict[str, tuple[KnownConcept, str, float]],
) -> list[Any]:
    from spacy.util import filter_spans

    doc, base = part.doc, part.base
    state.base = base
    spans = filter_spans(
        [doc.char_span(doc[s:e].start_char, doc[s:e].end_char, label=m) for m, s, e in matcher(doc)]
    )
    if state.pipeline.parses:
        # A known name inside a longer name is not that concept: 'Cooperation' in
        # 'Shanghai Cooperation Organisation' is part of an organisation's name.
        entities = [e for e in doc.ents if e.label_ in state.cues.entities]
        spans = [
            s
            for s in spans
            if not any(e.start <= s.start and s.end <= e.end and len(e) > len(s) for e in entities)
        ]
    for span in spans:
        concept, rule, confidence = by_rule[span.label_]
        start, end_char = base + span.start_char, base + span.end_char
        quote = state.text[start:end_char]
        state.occurrences[quote] += 1
        state.proposals.append(
            Proposal(
                id=proposal_id("mention", concept.id, quote, state.occurrences[quote]),
                kind="mention",
                document=state.document,
                quote=quote,
                start=start,
                end=end_char,
                confidence=confidence,
                rule=f"matches the {rule}",
                concept=concept.id,
                label=concept.label,
            )
        )
        known_end = End(concept.id, concept.label, concept.cls, known=True)
        for token in span:
            state.token_end[base + token.idx] = known_end
    return spans


# ------------------------------------------------------------------ new concept candidates
NOT_CONCEPTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
"""Entity types that name no concept an analyst keeps: dates, amounts, counts."""


def _trim(span: Any) -> Any:
    """Return the noun phrase without leading determiners, pronouns, numbers or possessives,
    and ending at the end of its line (a list item, a heading, a caption is a line)."""
    start = span.start
    while start < span.end - 1 and (
        "\n" in span.doc[start].whitespace_ or span.doc[start].is_space
    ) and start < span.root.i:
        start += 1  # a phrase whose line ends before its head: the head's line holds it
    for token in span.doc[start : span.end - 1]:
        if "\n" in token.whitespace_ and token.i < span.root.i:
            start = token.i + 1
    while start < span.end - 1 and (
        span.doc[start].pos_ in DROP_LEADING or span.doc[start].dep_ in {"poss", "case"}
    ):
        start += 1
    end = span.end
    for token in span.doc[start : span.end]:
        if token.text in {"(", "[", ",", ";", ":"} or token.is_space:
            end = token.i  # 'Organisation (SCO': the name ends before its bracket
            break
        if "\n" in token.whitespace_:
            end = token.i + 1  # the line ends here
            break
        if token.text == "|":
            end = token.i  # a table's cell ends at its bar
            break
    while start < end - 1 and span.doc[start].text in {"*", "**", "-", "#", "_", "|"}:
        start += 1
    while end > start + 1 and span.doc[end - 1].pos_ in {"CCONJ", "ADP", "DET", "PUNCT"}:
        end -= 1  # 'Economic and' left by a line's end
    while end > start + 1 and span.doc[end - 1].is_punct:
        end -= 1
    return span.doc[start:end]


def _label(span: Any) -> str:
    if span.root.pos_ == "PROPN" or span.root.ent_type_:
        return str(span.text)
    words = [t.text for t in span[:-1]] + [
        span[-1].lemma_ if span[-1] == span.root else span[-1].text
    ]
    label = " ".join(words)
    return label[:1].upper() + label[1:]


def _class_of(span: Any, cues: Cues) -> tuple[str, str]:
    """Return a candidate's class and the cue that chose it."""
    if span.root.ent_type_ in cues.entities:
        return cues.entities[span.root.ent_type_], f"a named entity ({span.root.ent_type_})"
    lemmas = [t.lemma_.lower() for t in span]
    head = span.root.lemma_.lower()
    for cls, words in cues.classes.items():
        if head in words:
            return cls, f"the word {head!r}"
    for cls, words in cues.classes.items():
        for lemma in lemmas:
            if lemma in words:
                return cls, f"the word {lemma!r}"
    return "CooperationForm", "no cue word (a guess)"


def _worth_proposing(span: Any, cues: Cues) -> bool:
    """True for a name (a proper noun or a named entity) or a phrase a cue word classes:
    a common noun phrase no cue word speaks for is too vague to propose, and so is one
    word alone unless it names a concept by itself ('terrorism', not 'framework')."""
    doc, last = span.doc, span[-1]
    if last.i + 1 < len(doc) and doc[last.i + 1].text == "-" and not last.whitespace_:
        return False  # 'Pan' of 'Pan-Arab': a piece of a hyphenated word
    if len(span) == 1 and span.root.pos_ == "ADJ":
        return False  # 'Arab', 'European' alone: an adjective, not a name
    if span.root.pos_ == "PROPN" or span.root.ent_type_ in cues.entities:
        return len(span.text) > 1
    if len(span) == 1:
        return span.root.lemma_.lower() in cues.standalone
    return not _class_of(span, cues)[1].startswith("no cue")


def collect_candidates(
    state: Reading,
    part: Parsed,
    known: Sequence[Any],
    groups: dict[str, list[tuple[Parsed, Any]]],
) -> None:
    doc = part.doc
    used = {i for span in known for i in range(span.start, span.end)}
    phrases = [_trim(chunk) for chunk in doc.noun_chunks]
    phrases += [_trim(ent) for ent in doc.ents if ent.label_ in state.cues.entities]
    for span in sorted(phrases, key=lambda s: (s.start, -len(s))):
        if any(i in used for i in range(span.start, span.end)):
            continue
        root = span.root
        if root.pos_ == "PRON" or root.lemma_.lower() in state.cues.generic or not root.is_alpha:
            continue
        if root.ent_type_ in NOT_CONCEPTS or not _worth_proposing(span, state.cues):
            continue
        used.update(range(span.start, span.end))
        groups[" ".join(t.lemma_.lower() for t in span)].append((part, span))


def add_candidates(
    state: Reading, groups: dict[str, list[tuple[Parsed, Any]]], acronyms: dict[str, str]
) -> None:
    reverse_acronyms = {v.lower(): k for k, v in acronyms.items()}
    taken = {c.id for c in state.known}
    # An acronym the text defines is another name of its long form: one concept, not two.
    keys_by_text = {
        spans[0][1].text.lower().removeprefix("the "): key for key, spans in groups.items()
    }
    for acronym, long_name in acronyms.items():
        long_key = keys_by_text.get(long_name.lower())
        short_key = keys_by_text.get(acronym.lower())
        if long_key and short_key and long_key != short_key:
            groups[long_key] += groups.pop(short_key)
    for key, found in groups.items():
        first_part, first = found[0]
        label = _label(first)
        cls, cue = _class_of(first, state.cues)
        names = tuple(a for a in [reverse_acronyms.get(first.text.lower())] if a)
        entity = bool(first.root.ent_type_)
        confidence = min(
            0.9,
            0.45
            + 0.08 * min(len(found) - 1, 3)
            + (0.15 if entity else 0.0)
            + (0.1 if "guess" not in cue else 0.0),
        )
        candidate_id = _slug(label)
        while candidate_id in taken:
            candidate_id += "-new"
        taken.add(candidate_id)
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
                rule=f"{'a named entity' if entity else 'a noun phrase'} seen {len(found)} "
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


_slug = concept_slug


# ------------------------------------------------------------------ claims
