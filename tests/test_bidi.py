"""Lines in two directions (graph/model/bidi.py): labels isolated in HTML and in text."""

from __future__ import annotations

import unicodedata

import pytest

from graph.model.bidi import (
    FSI,
    PDI,
    RLI,
    Isolated,
    Phrase,
    balanced,
    bdi,
    inline,
    without_controls,
)

ARABIC_CLAIM = Phrase(
    (Isolated("التعاون الدولي"), " ", Isolated("يتصدى لـ"), " ", Isolated("الإرهاب"), " ",
     Isolated("(inferred: no sentence says so.)")),
    rtl=True,
)  # fmt: skip
ENGLISH_CLAIM = Phrase(
    (Isolated("INTERPOL"), " ", Isolated("is a channel for"), " ", Isolated("التعاون الدولي")),
)


def test_the_html_of_a_line_puts_each_label_in_its_own_bdi_and_escapes_everything() -> None:
    line = Phrase((Isolated("<b>A</b>"), " & ", Isolated('"B"')))
    assert line.html() == "<bdi>&lt;b&gt;A&lt;/b&gt;</bdi> &amp; <bdi>&quot;B&quot;</bdi>"
    assert line.element_html("li") == f'<li dir="ltr">{line.html()}</li>'
    assert ARABIC_CLAIM.element_html("h3", style="margin:0").startswith(
        '<h3 dir="rtl" style="margin:0"><bdi>التعاون الدولي</bdi> <bdi>يتصدى لـ</bdi>'
    )
    assert bdi("a<b") == "<bdi>a&lt;b</bdi>"


def test_an_arabic_line_as_text_is_one_right_to_left_isolate_with_the_english_set_apart() -> None:
    text = ARABIC_CLAIM.text()
    assert text.startswith(RLI) and text.endswith(PDI)
    # Arabic words inside an Arabic line need no isolate; the English aside does.
    assert (
        text
        == f"{RLI}التعاون الدولي يتصدى لـ الإرهاب {FSI}(inferred: no sentence says so.){PDI}{PDI}"
    )
    assert str(ARABIC_CLAIM) == text
    assert without_controls(text) == ARABIC_CLAIM.plain()


def test_an_english_line_isolates_only_the_labels_that_hold_right_to_left_letters() -> None:
    assert ENGLISH_CLAIM.text() == f"INTERPOL is a channel for {FSI}التعاون الدولي{PDI}"
    assert inline("International cooperation") == "International cooperation"
    assert inline("Resolution 1373", rtl=True) == f"{FSI}Resolution 1373{PDI}"
    assert inline("\u202eevil\u202c") == f"{FSI}\u202eevil\u202c{PDI}"  # an override is contained


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (f"a{PDI}b", "ab"),  # a stray PDI would close the isolate around the label
        (f"{FSI}open", f"{FSI}open{PDI}"),
        (f"{RLI}x{PDI}y{PDI}", f"{RLI}x{PDI}y"),
        ("plain", "plain"),
    ],
)
def test_a_labels_own_isolates_are_balanced(label: str, expected: str) -> None:
    assert balanced(label) == expected
    assert Phrase((Isolated(label),)).html() == f"<bdi>{expected}</bdi>"


def depth_after(text: str) -> int:
    depth = 0
    for character in text:
        if character in {FSI, RLI, "\u2066"}:
            depth += 1
        elif character == PDI:
            depth -= 1
        assert depth >= 0, text
    return depth


def test_wrapped_lines_close_and_reopen_every_isolate_they_cut() -> None:
    lines = ARABIC_CLAIM.lines(16)
    assert len(lines) > 2
    for line in lines:
        assert depth_after(line) == 0, line  # each line is laid out on its own
        assert line.startswith(RLI)  # and each is set right to left
    # The aside cut across lines is reopened as an isolate on each of them.
    assert all(FSI in line for line in lines if "sentence" in line or "says" in line)
    assert " ".join(without_controls(" ".join(lines)).split()) == ARABIC_CLAIM.plain()


def test_a_line_as_data_keeps_its_parts_for_a_script_to_build() -> None:
    assert ENGLISH_CLAIM.data() == {
        "dir": "ltr",
        "parts": [["INTERPOL", True], [" ", False], ["is a channel for", True], [" ", False],
                  ["التعاون الدولي", True]],
    }  # fmt: skip
    assert ("\u2022 " + ARABIC_CLAIM).parts[0] == "\u2022 "
    assert (ENGLISH_CLAIM + " " + Isolated("x")).parts[-1] == Isolated("x")


def test_without_controls_removes_every_direction_character_and_nothing_else() -> None:
    text = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert all(unicodedata.category(c) == "Cf" for c in text)
    assert without_controls(f"a{text}b ع") == "ab ع"
