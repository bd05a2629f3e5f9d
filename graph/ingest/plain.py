"""The words of a stored text as the parser should read them, at the same offsets.

A stored document keeps its text as it came (Markdown's ``**emphasis**``, its
headings and list markers, lines wrapped at 80 columns). The parser must not
see that markup: "Permanent\\nStructured Cooperation" is one name, and
"**European Defence Agency**" is a name without stars. ``parse_view`` returns a
text of exactly the same length in which markup characters and the line breaks
inside a paragraph's running prose are spaces, so that every character offset
the parser reports is still an offset of the stored text, and quotes are still
sliced from the stored text itself.

Line breaks that separate lines of their own (list items, table rows, headings,
a line ending a sentence) are kept, as are paragraph breaks. A table's rule row
reads as blank, and each cell bar as a full stop, so that a cell is a sentence.
"""

from __future__ import annotations

import re

_EMPHASIS = re.compile(r"(?<![\w*_])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*_])", re.S)
BOLD = re.compile(r"\*\*([^*\n]{2,120})\*\*")
"""A name set in bold ('**Arab League**'), as an encyclopedia's opening sets its subject."""
_CODE = re.compile(r"`+")
_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(([^)\s]{0,2000})\)")
_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)\s]{0,2000}\)")
_LINE_START = re.compile(
    r"^(?P<lead>[ \t]*(?:>[ \t]*)*)(?P<marker>#{1,6}[ \t]+|[*+-][ \t]+|\d{1,3}[.)][ \t]+)?"
)
OWN_LINE = re.compile(r"^[ \t]*(?:[*+-][ \t]|\d{1,3}[.)][ \t]|#|\||>)|^[^\n]*\|")
"""A line that starts a line of its own: a list item, a heading, a table row (a line
holding a cell bar, with or without a leading one), a quote."""
_WHOLE_LINE = re.compile(r"^[ \t]*#|^[^\n]*\|")
"""A line that ends with its own line: a heading or a table row."""
_TABLE_RULE = re.compile(r"^[ \t|:-]*-{3}[ \t|:-]*$")
"""A table's rule under its header ('---|---|---'): no words, read as nothing."""


def parse_view(text: str) -> str:
    """Return ``text`` with Markdown markup and in-paragraph line breaks as spaces."""
    chars = list(text)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    for match in _IMAGE.finditer(text):
        blank(match.start(), match.end())
    for match in _LINK.finditer(text):
        blank(match.start(), match.start() + 1)  # '['
        blank(match.end(1), match.end())  # '](address)'
    for match in _EMPHASIS.finditer(text):
        marker = len(match.group(1))
        blank(match.start(), match.start() + marker)
        blank(match.end() - marker, match.end())
    for match in _CODE.finditer(text):
        blank(match.start(), match.end())
    lines = text.split("\n")
    position = 0
    for number, line in enumerate(lines):
        if "|" in line:
            if _TABLE_RULE.match(line):
                blank(position, position + len(line))
            else:  # each cell a sentence of its own: no name or claim runs across a bar
                for cell in re.finditer(r"\|", line):
                    chars[position + cell.start()] = "."
        start = _LINE_START.match(line)
        if start and start.group("marker"):
            blank(position + len(start.group("lead")), position + start.end())
        elif start and start.group("lead"):
            blank(position, position + len(start.group("lead")))
        end = position + len(line)
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if (
            end < len(text)
            and line.strip()
            and following.strip()
            and not _WHOLE_LINE.match(line)
            and not OWN_LINE.match(following)
        ):
            chars[end] = " "  # a line wrapped inside running prose
        position = end + 1
    return "".join(chars)
