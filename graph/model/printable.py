"""Text made safe to print on a terminal or in a log: control characters shown as escapes.

A file name or a label may hold a line break, a carriage return, an ESC sequence that
retitles or clears a terminal, or a right-to-left override that reorders the line. Each
is shown as its Python escape (``\\n``, ``\\x1b``, ``\\u202e``), so one name stays one
visible run on one line.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
"""C0 and C1 controls, DEL, and the invisible marks that steer or split a line."""
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Only what a terminal acts on: an isolate inside an Arabic label is kept."""


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def printable(name: str) -> str:
    """Return a name (a file, a folder, an id) with every control and direction mark escaped."""
    return _UNSAFE.sub(_escaped, name)


def terminal_text(text: str) -> str:
    """Return text for a terminal cell: control characters escaped, direction marks kept."""
    return _CONTROLS.sub(_escaped, text)
