"""Download buttons for a briefing's exports; each file is made only when its button is pressed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.briefing.deck import Deck
from graph.sparql.results import spreadsheet_cell


def spreadsheet_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return table rows whose text cells a spreadsheet will not run as formulas.

    Every table shown offers its own CSV download (the table's toolbar): a label that
    begins with ``=``, ``+``, ``-`` or ``@`` is shown and downloaded with a leading ``'``.
    """
    return [
        {k: spreadsheet_cell(v) if isinstance(v, str) else v for k, v in row.items()}
        for row in rows
    ]


def deck_downloads(deck: Deck, places: Sequence[Any]) -> None:
    """Offer the HTML player, the PDF handout and the PNG zip, one button in each place."""
    name = deck.briefing.name
    buttons = [
        ("Download as one HTML file", deck.html, f"{name}.html", "text/html", "download"),
        ("Download the PDF handout", deck.pdf, f"{name}.pdf", "application/pdf", "picture_as_pdf"),
        (
            "Download one PNG per step (zip)",
            deck.png_zip,
            f"{name}-png.zip",
            "application/zip",
            "image",
        ),
    ]
    for place, (label, make, file_name, mime, icon) in zip(places, buttons, strict=True):
        # A callable is run only on click, so the page never waits for a PDF it may not need.
        place.download_button(
            label, data=make, file_name=file_name, mime=mime, icon=f":material/{icon}:"
        )
