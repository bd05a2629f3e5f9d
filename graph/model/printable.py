"""Text made safe to print on a terminal or in a log: control characters shown as escapes.

A file name or a label may hold a line break, a carriage return, an ESC sequence that
retitles or clears a terminal, or a right-to-left override that reorders the line. Each
is shown as its Python escape (``\\n``, ``\\x1b``, ``\\u202e``), so one name stays one
visible run on one line.
"""

from __future__ import annotations

import re

from graph.model.bidi import CONTROLS as DIRECTION_MARKS

_TERMINAL = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_CONTROLS = re.compile(f"[{_TERMINAL}]")
"""Only what a terminal acts on: an isolate inside an Arabic label is kept."""
_UNSAFE = re.compile(f"[{_TERMINAL}\u200b-\u200d\ufeff{''.join(sorted(DIRECTION_MARKS))}]")
"""C0 and C1 controls, DEL, line separators, zero-width characters and the byte-order mark, and the
direction marks of graph.model.bidi: everything that steers, hides or splits a name."""


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def printable(name: str) -> str:
    """Return a name (a file, a folder, an id) with every control and direction mark escaped."""
    return _UNSAFE.sub(_escaped, name)


def terminal_text(text: str) -> str:
    """Return text for a terminal cell: control characters escaped, direction marks kept."""
    return _CONTROLS.sub(_escaped, text)
