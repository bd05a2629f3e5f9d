"""The PDF handout and the PNG pictures of a briefing: one page per step, the step's own words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from graph.briefing.deck import Deck
from graph.briefing.files import DEFAULT_BRIEFING, default_library
from graph.briefing.handout import write_pngs
from graph.errors import ExportError
from graph.store.backends import Store


@pytest.fixture(scope="module")
def deck(store: Store) -> Deck:
    return Deck.from_store(default_library().load(DEFAULT_BRIEFING), store)


def words(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_has_one_page_per_step_with_its_title_narration_and_excerpt(deck: Deck) -> None:
    reader = PdfReader(io.BytesIO(deck.pdf()))
    assert len(reader.pages) == len(deck.scenes)
    assert reader.metadata is not None and reader.metadata.title == deck.briefing.title
    for page, shown in zip(reader.pages, deck.scenes, strict=True):
        text = words(page.extract_text())
        assert words(shown.step.title) in text
        assert f"Step {shown.number} of {len(deck.scenes)}" in text
        first_quote_words = shown.excerpts[0].quote.split()[:4]
        assert " ".join(first_quote_words) in text


def test_each_png_is_a_different_non_blank_picture(deck: Deck, tmp_path: Path) -> None:
    paths = write_pngs(tmp_path / "png", deck.pngs())
    assert len(paths) == len(deck.scenes)
    assert paths[0].name.startswith("01-") and paths[-1].name.startswith(f"{len(paths):02d}-")
    previous = None
    for path in paths:
        image = Image.open(path).convert("RGB")
        assert image.size == (1280, 720)
        colours = image.getcolors(maxcolors=1_000_000) or []
        assert len(colours) > 50  # drawn, not blank
        if previous is not None:
            assert ImageChops.difference(image, previous).getbbox() is not None
        previous = image


def test_an_unwritable_place_gets_a_plain_message(deck: Deck, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot create"):
        write_pngs(blocker / "sub", [("a.png", b"x")])


def test_the_png_archive_holds_one_image_per_step(deck: Deck) -> None:
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(deck.png_zip()))
    names = archive.namelist()
    assert len(names) == len(deck.scenes)
    assert all(n.startswith(f"{deck.briefing.name}/") and n.endswith(".png") for n in names)
    assert Image.open(io.BytesIO(archive.read(names[0]))).size == (1280, 720)


@pytest.mark.parametrize("paragraphs", [1, 6, 60])
def test_long_narration_is_set_smaller_and_never_runs_off_the_page(
    deck: Deck, paragraphs: int
) -> None:
    from dataclasses import replace

    from graph.briefing.handout import A4_LANDSCAPE, step_page

    long = "\n\n".join(["Cooperation needs diplomacy and shared interests, " * 6] * paragraphs)
    shown = replace(deck.scenes[0], step=replace(deck.scenes[0].step, narration=long))
    figure = step_page(
        deck.briefing, shown, 1, deck.network, deck.positions, deck.document_titles, A4_LANDSCAPE
    )
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    page = figure.bbox
    texts = [t for t in figure.texts if t.get_text().strip()]
    for text in texts:
        box = text.get_window_extent(renderer)
        assert box.y0 >= 0 and box.x1 <= page.x1 + 1, text.get_text()[:40]
    quoted = any(shown.excerpts[0].quote[:30] in t.get_text() for t in texts)
    assert quoted == (paragraphs < 60)  # only an absurd narration pushes the quotes out


def test_a_steps_inferred_links_are_listed_with_their_reasons_in_the_pdf(deck: Deck) -> None:
    reader = PdfReader(io.BytesIO(deck.pdf()))
    texts = [words(page.extract_text()) for page in reader.pages]
    noted = [i + 1 for i, text in enumerate(texts) if "Dashed links are a reading" in text]
    assert noted == [1, 3, 5, 9]
    assert "Unified global response counters International security threats (inferred:" in texts[2]


def test_an_arabic_handout_holds_every_focus_label_in_arabic_and_the_quotes_in_english(
    store: Store,
) -> None:
    arabic = Deck.from_store(default_library().load(DEFAULT_BRIEFING), store, language="ar")
    reader = PdfReader(io.BytesIO(arabic.pdf()))
    for page, shown in zip(reader.pages, arabic.scenes, strict=True):
        text = words(page.extract_text())
        for node in shown.nodes:
            label = arabic.network.nodes[node]["label"]
            # The PDF holds the glyphs in visual order: each word is there, in its letters.
            for word in label.split():
                assert word in text or word[::-1] in text, (shown.number, label, word)
        assert " ".join(shown.excerpts[0].quote.split()[:4]) in text  # excerpts stay English


def arabic_words(line: str) -> list[str]:
    return [w for w in line.split() if any("\u0600" <= c <= "\u06ff" for c in w)]


def test_an_arabic_handouts_notes_keep_their_brackets_colon_and_full_stop_beside_their_words(
    store: Store,
) -> None:
    from graph.briefing.scene import status_notes
    from graph.model.bidi import Isolated, without_controls

    arabic = Deck.from_store(default_library().load(DEFAULT_BRIEFING), store, language="ar")
    reader = PdfReader(io.BytesIO(arabic.pdf()))
    checked = 0
    for page, shown in zip(reader.pages, arabic.scenes, strict=True):
        notes = status_notes(arabic.network, shown)
        if not notes:
            continue
        # The PDF's text comes out in visual order, left to right, one line at a time.
        text = without_controls(page.extract_text())
        lines = [line.strip() for line in text[text.index("Dashed links") :].splitlines()[1:]]
        starts = [i for i, line in enumerate(lines) if line.endswith("\u2022")]
        assert len(starts) == len(notes), shown.number
        for start, end, note in zip(starts, [*starts[1:], len(lines)], notes, strict=True):
            held = lines[start:end]
            aside = next(p.text for p in note.parts[::-1] if isinstance(p, Isolated))
            # The bracket opens beside "inferred", its colon after it, at the left end of
            # its line: in a line set right to left, the English aside is its own run.
            opening = [line for line in held if "inferred" in line]
            assert len(opening) == 1 and opening[0].startswith("(inferred: "), (shown.number, held)
            # The aside's last word keeps its full stop and closing bracket.
            assert aside.split()[-1] in " ".join(held).split(), (shown.number, held)
            # The claim reads right to left: each line's Arabic words, read from the right.
            words_read = [w for line in held for w in arabic_words(line)[::-1]]
            claim = note.plain()[: note.plain().index(" (inferred")].split()
            assert len(words_read) == len(claim), (shown.number, held)
            for seen, word in zip(words_read, claim, strict=True):
                assert seen in (word, word[::-1]), (shown.number, held)
            checked += 1
    assert checked == 6


@pytest.mark.parametrize(
    "narration", ["Costs: $5m and $7m", "A $\\frac{1}{0 broken $ sign", "$x^2$ and \\$", "100% $"]
)
def test_dollars_in_narration_are_printed_as_written(
    deck: Deck, narration: str, essay_text: str
) -> None:
    from dataclasses import replace

    steps = list(deck.briefing.steps)
    steps[0] = replace(steps[0], narration=narration, title=f"Budget {narration}")
    briefing = replace(deck.briefing, steps=tuple(steps))
    texts = {iri: essay_text for iri in deck.document_titles}
    changed = Deck.build(briefing, deck.network, texts, deck.document_titles, deck.positions)
    text = words(PdfReader(io.BytesIO(changed.pdf())).pages[0].extract_text())
    assert words(narration) in text and words(f"Budget {narration}") in text


@pytest.mark.parametrize("size", ["A4_LANDSCAPE", "SLIDE"])
def test_every_handout_page_sets_its_focus_labels_apart_inside_the_picture(
    deck: Deck, size: str
) -> None:
    from graph.briefing import handout

    for shown in deck.scenes:
        page = getattr(handout, size)
        figure = handout.step_page(deck.briefing, shown, len(deck.scenes), deck.network,
                                   deck.positions, deck.document_titles, page)  # fmt: skip
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        picture = figure.axes[0].get_window_extent(renderer)
        labels = [t for t in figure.axes[0].texts if t.get_text()]
        assert len(labels) == len(shown.nodes)
        boxes = [t.get_window_extent(renderer) for t in labels]
        for i, box in enumerate(boxes):
            assert picture.x0 - 1 <= box.x0 and box.x1 <= picture.x1 + 1, shown.number
            assert picture.y0 - 1 <= box.y0 and box.y1 <= picture.y1 + 1, shown.number
            for other in boxes[i + 1 :]:
                assert not box.overlaps(other), (shown.number, labels[i].get_text())
        spread_x = max(b.x1 for b in boxes) - min(b.x0 for b in boxes)
        spread_y = max(b.y1 for b in boxes) - min(b.y0 for b in boxes)
        assert max(spread_x / picture.width, spread_y / picture.height) >= 0.6, shown.number


def test_the_explorers_view_is_a_picture_file_with_its_positions_colours_and_labels(
    deck: Deck,
) -> None:
    import xml.etree.ElementTree as ElementTree

    from graph.briefing.handout import picture_file
    from graph.view.render import class_styles

    network = deck.network
    svg = picture_file(network, deck.positions, "svg")
    text = "".join(ElementTree.fromstring(svg).itertext())
    for _, data in network.nodes(data=True):
        assert data["label"].split()[0] in text  # labels stay text, wrapped where they wrap
    colours = {style.color.lower() for style in class_styles(network).values()}
    assert all(colour in svg.decode("utf-8").lower() for colour in colours)
    interpol = "https://w3id.org/briefgraph/concept/interpol"
    png = picture_file(network, deck.positions, "png", focus=[interpol])
    image = Image.open(io.BytesIO(png))
    assert image.size == (2560, 1440) and image.getbbox() is not None
    with pytest.raises(ExportError, match="svg or png"):
        picture_file(network, deck.positions, "gif")
