"""Right-to-left text for renderers that do not shape it (matplotlib's PDF and PNG).

A browser shapes Arabic itself; matplotlib draws characters one by one, left to
right, so Arabic would come out as isolated letters in reverse order.
``display_text`` joins the letters into their contextual forms (arabic-reshaper)
and puts the line into visual order (python-bidi), and leaves every other text
as it is.
"""

from __future__ import annotations

import re

_RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")


def has_right_to_left(text: str) -> bool:
    """Return True when ``text`` holds Hebrew, Arabic or other right-to-left letters."""
    return bool(_RIGHT_TO_LEFT.search(text))


def display_text(text: str) -> str:
    """Return ``text`` as a left-to-right renderer must draw it, line by line."""
    if not has_right_to_left(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return "\n".join(str(get_display(arabic_reshaper.reshape(line))) for line in text.split("\n"))
