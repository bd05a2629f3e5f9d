"""The view wing: pictures and pages of the network, for the app and for files.

The vis-network view with its classes, colours, themes and tooltips (``render``),
the self-contained offline page (``standalone``), sources with their spans
highlighted (``highlight``), Markdown narration as safe HTML or text
(``narration``), and the Jinja ``templates/`` and browser ``static/`` scripts.

May import: ``graph.network``, ``graph.sparql``, ``graph.store``, ``graph.model``
and the base modules.
"""

from graph.view.render import NetworkView, network_view
from graph.view.standalone import standalone_html

__all__ = ["NetworkView", "network_view", "standalone_html"]
