"""Properties checked on generated input (hypothesis): what round-trips does, and nothing
crashes with anything but briefgraph's own plain-language errors."""

from __future__ import annotations

import tempfile
import zlib
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.briefing.files import Briefing, Focus, Step, dump_briefing, parse_briefing
from graph.errors import BriefgraphError
from graph.model.corpus import load_corpus
from graph.model.provenance import locate
from tests.conftest import pdf_file

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


TAGS = st.sampled_from(["div", "p", "span", "nav", "footer", "table", "tr", "td", "li", "ul",
                        "script", "b", "h1", "article", "main", "br", "img", "!--"])  # fmt: skip


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Markup of any nesting up to 400 deep, unclosed tags, comments and stray text."""
    depth = draw(st.integers(0, 400))
    tags = draw(st.lists(TAGS, min_size=1, max_size=8))
    words = draw(st.lists(WEIRD, min_size=1, max_size=4))
    opened = "".join(f"<{tags[i % len(tags)]}>{words[i % len(words)]}" for i in range(depth))
    closed = "".join(
        f"</{tags[i % len(tags)]}>" for i in reversed(range(draw(st.integers(0, depth))))
    )
    return f"<html><body>{opened}INTERPOL works with the United Nations.{closed}"


@FUZZ
@given(page=html_pages())
def test_any_html_page_is_read_or_refused_in_words_within_its_bounds(page: str) -> None:
    from graph.ingest.readers import read_source
    from graph.settings import MAX_HTML_DEPTH

    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "page.html"
        source.write_text(page, encoding="utf-8")
        try:
            read = read_source(source)
        except BriefgraphError as error:
            assert "\n" not in str(error)
            if "levels deep" in str(error):
                assert page.count("<") > MAX_HTML_DEPTH  # refused only past the bound
            return
        assert "<script" not in read.text and "<div" not in read.text


@st.composite
def pdf_files(draw: st.DrawFn) -> bytes:
    """A PDF whose page tree, page count, stream length and filter are drawn, often lying."""
    pages = draw(st.integers(0, 6_000))
    count = draw(st.sampled_from([pages, pages * 1000, -1, 0]))
    content = draw(st.sampled_from([b"BT /F1 12 Tf 72 712 Td (Hello world) Tj ET", b"", b"(("]))
    squeeze = draw(st.booleans())
    stream = zlib.compress(content * draw(st.integers(1, 50))) if squeeze else content
    length = draw(st.sampled_from([len(stream), 0, 10**9]))
    filters = b"/Filter /FlateDecode " if squeeze or draw(st.booleans()) else b""
    kids = " ".join(["3 0 R"] * pages)
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d %s>>\nstream\n" % (length, filters) + stream + b"\nendstream",
    ])  # fmt: skip


@FUZZ
@given(data=pdf_files(), cut=st.integers(0, 400))
def test_any_pdf_is_read_or_refused_in_words_within_its_bounds(data: bytes, cut: int) -> None:
    from graph.ingest.readers import read_source
    from graph.settings import DEFAULTS

    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "file.pdf"
        source.write_bytes(data[: len(data) - cut])  # often cut off before its xref
        try:
            read = read_source(source)
        except BriefgraphError as error:
            assert "\n" not in str(error)
            return
        assert read.text.count("\n\n") < DEFAULTS.max_pdf_pages


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["node", "edge", "hops", "hide", "hiderel", "path",
                                               "colour", "theme", "step", "x"]),
                              st.text(max_size=30), max_size=6))  # fmt: skip
def test_any_deep_link_opens_a_view_within_its_bounds(params: dict[str, str]) -> None:
    from app.state import MAX_HOPS, from_query_params, is_count

    state = from_query_params(params)
    assert 0 <= state.hops <= MAX_HOPS
    assert state.colour in {"class", "community"} and state.theme in {"light", "dark"}
    step = params.get("step", "1")
    if is_count(step):
        int(step)  # what the presenter does with ?step= never raises on what passes the check
