"""The briefing wing: guided tours through the graph and their exports.

Briefing files and the library of shipped and saved ones (``files``), each step
resolved against the graph with its quotations (``scene``), a scene's network
picture (``picture``), a briefing ready to show or export (``deck``), the
offline HTML player (``slides``) and the PDF/PNG handout (``handout``).

May import: ``graph.view`` and every wing below it.
"""

from graph.briefing.deck import Deck
from graph.briefing.files import Briefing, BriefingLibrary, default_library, read_briefing
from graph.briefing.scene import Scene, scenes

__all__ = [
    "Briefing",
    "BriefingLibrary",
    "Deck",
    "Scene",
    "default_library",
    "read_briefing",
    "scenes",
]
