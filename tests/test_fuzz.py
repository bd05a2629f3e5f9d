"""Properties checked on generated input (hypothesis): what round-trips does, and nothing
crashes with anything but briefgraph's own plain-language errors."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.briefing.files import Briefing, Focus, Step, dump_briefing, parse_briefing
from graph.errors import BriefgraphError
from graph.model.corpus import load_corpus
from graph.model.provenance import locate

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text with what trips parsers: quotes, colons, YAML markers, markup, RTL, emoji, controls.
CHARACTERS = [*"abc xyz:-#'\"{}[]|>&*!%@`\\\n\t<>/", "é", "ع", "😀", "\u202e", "\u200b"]
WEIRD = st.text(alphabet=st.sampled_from(CHARACTERS), max_size=60)


@FUZZ
@given(text=st.text(max_size=300), start=st.integers(0, 300), length=st.integers(1, 40))
def test_a_located_quote_always_slices_the_text_to_its_words(
    text: str, start: int, length: int
) -> None:
    quote = text[start : start + length]
    if not quote.strip():
        return
    excerpt = locate(text, quote, document="urn:d")
    assert text[excerpt.start : excerpt.end] == quote == excerpt.quote
    assert excerpt.sentence_start <= excerpt.start <= excerpt.end <= excerpt.sentence_end


CONCEPT_IDS = st.lists(st.sampled_from(["interpol", "terrorism"]), max_size=2, unique=True).map(
    tuple
)
STEPS = st.builds(
    Step,
    title=WEIRD.filter(lambda t: t.strip() != ""),
    narration=WEIRD,
    focus=st.builds(Focus, concepts=CONCEPT_IDS),
    hops=st.integers(0, 3),
)


@FUZZ
@given(title=WEIRD.filter(lambda t: t.strip() != ""), description=WEIRD,
       steps=st.lists(STEPS, max_size=5).map(tuple))  # fmt: skip
def test_any_briefing_written_reads_back_the_same(
    title: str, description: str, steps: tuple[Step, ...]
) -> None:
    briefing = Briefing(name="fuzz", title=title, description=description, steps=steps)
    try:
        again = parse_briefing(dump_briefing(briefing), name="fuzz")
    except BriefgraphError:
        return  # refused in words (e.g. a title that is only whitespace once stripped)
    assert again.title == briefing.title.strip() or again.title == briefing.title
    assert len(again.steps) == len(briefing.steps)
    assert dump_briefing(again) == dump_briefing(parse_briefing(dump_briefing(again), name="fuzz"))


@FUZZ
@given(text=WEIRD)
def test_any_briefing_text_is_read_or_refused_in_words(text: str) -> None:
    try:
        parse_briefing(text, name="fuzz")
    except BriefgraphError as error:
        assert "Traceback" not in str(error)


ANNOTATION_VALUES: Any = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | WEIRD,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(WEIRD, inner, max_size=3),
    max_leaves=12,
)
KEYS = st.sampled_from(["document", "concepts", "claims", "id", "file", "title", "class",
                        "label", "labels", "mentions", "evidence", "subject", "relation",
                        "object", "status", "alt", "definition"])  # fmt: skip


@FUZZ
@given(data=st.dictionaries(KEYS, ANNOTATION_VALUES, max_size=4) | ANNOTATION_VALUES)
def test_any_annotation_file_is_loaded_or_refused_in_words(data: object) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "essay.txt").write_text("Joint patrols counter smuggling.", encoding="utf-8")
        (folder / "annotations.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        try:
            load_corpus(folder)
        except BriefgraphError as error:
            assert str(error) and "Traceback" not in str(error)


@FUZZ
@given(text=st.text(max_size=400))
def test_ingest_never_crashes_and_every_proposal_slices_the_text(pipeline: Any, text: str) -> None:
    from graph.ingest.extract import extract

    for proposal in extract(text, "urn:fuzz", pipeline):
        assert text[proposal.start : proposal.end] == proposal.quote
