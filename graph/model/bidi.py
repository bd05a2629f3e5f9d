"""Text in two directions: a label set inside a line keeps its own direction.

A label in Arabic inside an English sentence, or an English aside inside an
Arabic one, moves the neutral characters at its edges (parentheses, colons,
quotation marks, numbers, a final full stop) to the wrong side unless it is
isolated. A Phrase is one line of words with such runs marked, and the line's
own direction. It is written out as HTML, each run in its own ``<bdi>`` and the
line's element given ``dir``, or, where there is no HTML (the PDF and PNG
handouts, the network's canvas, tooltips, table cells, buttons), as text with
Unicode's isolates: FSI ... PDI around each run that could reorder, RLI ... PDI
around a right-to-left line (UAX #9, "Explicit Directional Isolates").
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from html import escape

LRI = "\u2066"
RLI = "\u2067"
FSI = "\u2068"
PDI = "\u2069"
INITIATORS = frozenset(LRI + RLI + FSI)
CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e" + LRI + RLI + FSI + PDI)
"""Every invisible character that steers direction: marks, embeddings, overrides, isolates."""


def balanced(text: str) -> str:
    """Return ``text`` with its own isolates balanced: a stray PDI dropped, an open one closed.

    A label carrying an unmatched PDI would otherwise close the isolate set around it.
    """
    depth = 0
    kept = []
    for character in text:
        if character in INITIATORS:
            depth += 1
        elif character == PDI:
            if not depth:
                continue
            depth -= 1
        kept.append(character)
    return "".join(kept) + PDI * depth


def isolate(text: str) -> str:
    """Return ``text`` as one isolate that takes its direction from its own first letter."""
    return f"{FSI}{balanced(text)}{PDI}"


OTHER_DIRECTION = {False: frozenset({"R", "AL", "AN"}), True: frozenset({"L", "EN", "AN"})}
"""Bidi classes that can pull a run of a left-to-right line (False), or of a right-to-left
line (True), out of the line's direction, so that neutrals beside them move."""


def inline(text: str, *, rtl: bool = False) -> str:
    """Return ``text`` as it stands inside a line written in one direction: isolated when it
    holds letters of the other direction, digits that may reorder, or direction controls;
    as it is otherwise (the isolate would change nothing on the page, and would only leave
    invisible characters in text copied, searched or read back from a PDF)."""
    other = OTHER_DIRECTION[rtl]
    if any(c in CONTROLS or unicodedata.bidirectional(c) in other for c in text):
        return isolate(text)
    return text


def bdi(text: str) -> str:
    """Return ``text`` escaped, in a ``<bdi>`` element: HTML's isolate."""
    return f"<bdi>{escape(balanced(text))}</bdi>"


def without_controls(text: str) -> str:
    """Return ``text`` without its invisible direction characters, to compare or search it."""
    return "".join(c for c in text if c not in CONTROLS)


@dataclass(frozen=True)
class Isolated:
    """A run set apart inside a line: a label, or an aside in another language."""

    text: str


Part = str | Isolated


@dataclass(frozen=True)
class Phrase:
    """One line of words with runs set apart, and the direction of the whole line.

    ``Phrase((Isolated("التعاون الدولي"), " ", Isolated("يتطلب"), " ", ...), rtl=True)``
    """

    parts: tuple[Part, ...]
    rtl: bool = False

    @property
    def dir(self) -> str:
        """The line's direction as HTML's ``dir`` names it: 'rtl' or 'ltr'."""
        return "rtl" if self.rtl else "ltr"

    def __add__(self, other: Part | Phrase) -> Phrase:
        more = other.parts if isinstance(other, Phrase) else (other,)
        return Phrase((*self.parts, *more), self.rtl)

    def __radd__(self, other: Part) -> Phrase:
        return Phrase((other, *self.parts), self.rtl)

    def plain(self) -> str:
        """Return the words alone, with no direction characters."""
        return "".join(p.text if isinstance(p, Isolated) else p for p in self.parts)

    def text(self) -> str:
        """Return the line as text: a run that needs it in FSI ... PDI (see ``inline``), a
        right-to-left line in RLI ... PDI, so that it keeps its order wherever it is put."""
        inner = "".join(
            inline(p.text, rtl=self.rtl) if isinstance(p, Isolated) else p for p in self.parts
        )
        return f"{RLI}{inner}{PDI}" if self.rtl else inner

    def __str__(self) -> str:
        return self.text()

    def html(self) -> str:
        """Return the line's content as HTML, every character escaped, each run a ``<bdi>``.

        The element that holds it takes ``dir=phrase.dir``; ``element_html`` writes both.
        """
        return "".join(bdi(p.text) if isinstance(p, Isolated) else escape(p) for p in self.parts)

    def element_html(self, tag: str, **attributes: str) -> str:
        """Return the line as one element: ``<li dir="rtl"><bdi>...</bdi> ...</li>``."""
        extra = "".join(f' {name}="{escape(value)}"' for name, value in attributes.items())
        return f'<{tag} dir="{self.dir}"{extra}>{self.html()}</{tag}>'

    def data(self) -> dict[str, object]:
        """Return the line as JSON-ready data for a script that builds it with textContent:
        ``{"dir": "rtl", "parts": [["text", isolated], ...]}``."""
        return {
            "dir": self.dir,
            "parts": [
                [p.text, True] if isinstance(p, Isolated) else [p, False] for p in self.parts
            ],
        }

    def lines(self, width: int) -> list[str]:
        """Return the line as text wrapped at ``width`` characters, every line balanced: an
        isolate cut by a line break is closed at the end of the line and opened again on the
        next, so that each line (laid out on its own) keeps the directions of the whole."""
        return reopened(textwrap.wrap(self.text(), width) or [""])


def reopened(lines: list[str]) -> list[str]:
    """Return ``lines`` with each isolate open at a line's end closed there and reopened below."""
    result = []
    still_open: list[str] = []
    for line in lines:
        start = "".join(still_open)
        for character in line:
            if character in INITIATORS:
                still_open.append(character)
            elif character == PDI and still_open:
                still_open.pop()
        result.append(start + line + PDI * len(still_open))
    return result
