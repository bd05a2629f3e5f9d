"""Text from the data, made safe for Streamlit's Markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Return ``text`` with every Markdown (and LaTeX $) character escaped, so it shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def plural(count: int, noun: str) -> str:
    """Return the noun for ``count`` of it: 'sentence' for 1, 'sentences' otherwise."""
    return noun if count == 1 else f"{noun}s"


def counted(count: int, noun: str) -> str:
    """Return '1 step', '2 steps', '1,200 rows': the count with its noun agreeing."""
    return f"{count:,} {plural(count, noun)}"
