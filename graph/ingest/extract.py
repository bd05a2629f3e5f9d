"""Proposals from a document's text: mentions of known concepts, new concepts, and claims.

Mentions come from phrase matching on every label and other name of the
corpus's concepts (case, plural and inflection tolerant), and on acronyms the
text defines ("Shanghai Cooperation Organisation (SCO)"). With the parsing model,
noun phrases and named entities that match no known concept become new concept
candidates, and the dependency parse of each sentence gives claims: subject and
object of a verb (active, passive with an agent, through a preposition, or a
copula), expanded over conjunctions and lists ("such as", "including"),
pronouns read as the subject of the sentence before, negation kept as a flag.
A verb's relations come from ``cues.yaml``; one is proposed only when it fits
the ontology's domain and range for the two ends, else the claim is a plain
``skos:related`` worded with the verb.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from graph.ingest.bounds import Deadline
from graph.ingest.calibration import calibrated
from graph.ingest.candidates import add_candidates, collect_candidates
from graph.ingest.claims import sentence_claims
from graph.ingest.lists import list_claims
from graph.ingest.mentions import acronyms_in, aliases_in, known_mentions, mention_matcher
from graph.ingest.names import name_claims
from graph.ingest.pipeline import Pipeline
from graph.ingest.plain import OWN_LINE, parse_view
from graph.ingest.proposals import Proposal, scoped_id
from graph.ingest.reading import End, KnownConcept, Parsed, Reading, known_from, load_cues
from graph.ingest.selection import salient
from graph.model.relations import Schema, ontology_schema

__all__ = ["KnownConcept", "extract", "known_from"]


def extract(
    text: str,
    document: str,
    pipeline: Pipeline,
    known: Sequence[KnownConcept] = (),
    schema: Schema | None = None,
    *,
    select: bool = True,
    scope: bool = True,
    deadline: Deadline | None = None,
    calibrate: bool = True,
) -> list[Proposal]:
    """Return the proposals for ``text`` (the document ``document``), known concepts first;
    with ``select`` false, every finding of the rules, before ``selection.salient`` keeps
    those worth reviewing. With ``scope`` false the ids are left local to the text, for
    ``scoped`` to give them their document later. The parse stops with IngestError past
    ``deadline``. With ``calibrate`` false, confidences are the rules' raw scores, not
    the share right of their kind on the dev gold sets (``calibration``)."""
    state = Reading(text, document, pipeline, known, schema or ontology_schema(), load_cues())
    # The parser reads the words without their markup and wrapped lines, at the same
    # offsets (plain.parse_view); quotes are still sliced from the stored text.
    view = parse_view(text)
    acronyms = acronyms_in(view)
    # Each paragraph (and each heading line) is parsed on its own, so that no sentence
    # or noun phrase runs across a paragraph break; offsets are kept absolute. A block
    # longer than spaCy reads at once is read in pieces cut at a sentence's end.
    blocks = [(s.start, s.slice(view)) for s in _blocks(text)]
    with pipeline.lock:
        docs = list(_parse(pipeline, [t for _, t in blocks], deadline))
    parsed = [Parsed(base, doc) for (base, _), doc in zip(blocks, docs, strict=True)]
    matcher, by_rule = mention_matcher(state, acronyms)
    mention_spans = [(p, known_mentions(state, p, matcher, by_rule)) for p in parsed]
    if pipeline.parses:
        groups: dict[str, list[tuple[Parsed, Any]]] = defaultdict(list)
        for part, spans in mention_spans:
            collect_candidates(state, part, spans, groups)
        add_candidates(state, groups, acronyms, aliases_in(text))
        previous: End | None = None
        found: dict[str, Proposal] = {}
        for part in parsed:
            previous = sentence_claims(state, part, previous, found)
        list_claims(state, parsed, found)
        name_claims(state, found)
        state.proposals += sorted(found.values(), key=lambda p: (p.start, p.id))
        if select:
            state.proposals = salient(state.proposals, {k.id for k in known})
        if calibrate:
            state.proposals = calibrated(state.proposals)
    # Ids are made unique in the corpus last: the rules above compare ids within the text.
    return scoped(state.proposals, document) if scope else state.proposals


def scoped(proposals: Sequence[Proposal], document: str) -> list[Proposal]:
    """Return ``proposals`` (with ids local to their text) as proposals of ``document``."""
    return [replace(p, id=scoped_id(p.id, document), document=document) for p in proposals]


BATCH_CHARACTERS = 20_000
"""The most characters handed to the parser in one batch. spaCy's memory grows with the
batch, not the document: with its default batch of 256 texts, a 1.2 MB text with no
blank line peaked at 3.1 GB; batches of this size keep a document's parse near 50 MB
beyond the Docs it keeps (``python -m bench ingest`` measures both)."""


def _parse(pipeline: Pipeline, texts: Sequence[str], deadline: Deadline | None) -> Iterator[Any]:
    """Yield a Doc for each text, read in batches of at most BATCH_CHARACTERS."""
    start = done = 0
    while start < len(texts):
        end, size = start, 0
        while end < len(texts) and (end == start or size + len(texts[end]) <= BATCH_CHARACTERS):
            size += len(texts[end])
            end += 1
        if deadline is not None:
            deadline.check(f"parsing the text at character {done:,}")
        yield from pipeline.nlp.pipe(texts[start:end], batch_size=end - start)
        start, done = end, done + size


def _blocks(text: str) -> list[Any]:
    from graph.model.text import Span, paragraphs

    blocks = []
    for paragraph in paragraphs(text):
        position = paragraph.start
        for line in paragraph.slice(text).split("\n"):
            if line.startswith("#"):
                if position > paragraph.start:
                    blocks.append(Span(paragraph.start, position - 1))
                blocks.append(Span(position, position + len(line)))
                paragraph = Span(position + len(line) + 1, paragraph.end)
            elif OWN_LINE.match(line) and position > paragraph.start:
                # A list item or a table row is read on its own: no name runs into the next.
                blocks.append(Span(paragraph.start, position - 1))
                paragraph = Span(position, paragraph.end)
            position += len(line) + 1
        if paragraph.start < paragraph.end:
            blocks.append(paragraph)
    pieces = [piece for block in blocks for piece in _pieces(text, block)]
    return [b for b in pieces if text[b.start : b.end].strip()]


MAX_PIECE = BATCH_CHARACTERS
"""The most characters parsed as one text: far below spaCy's limit (1,000,000); a
"sentence" longer than this (a base64 image, a text with no full stop) is cut at a space."""


def _pieces(text: str, block: Any) -> list[Any]:
    from graph.model.text import Span

    pieces = []
    start = block.start
    while block.end - start > MAX_PIECE:
        window = text[start : start + MAX_PIECE]
        cut = max(window.rfind(". "), window.rfind("\n"))
        if cut < MAX_PIECE // 2:
            cut = window.rfind(" ")
        cut = cut + 1 if cut > 0 else MAX_PIECE
        pieces.append(Span(start, start + cut))
        start += cut
    pieces.append(Span(start, block.end))
    return pieces


# ------------------------------------------------------------------ mentions of known concepts
