"""briefgraph's core library: briefing documents as RDF graphs, browsed, queried and presented.

It knows nothing of any user interface; the Streamlit app (``app/``) and the CLI
(``graph.cli``) are thin faces over it. The code lives in wings, each a
sub-package named for what it holds; imports run one way, downward:

    model  <-  store  <-  network, sparql  <-  view  <-  briefing  <-  cli

- ``graph.model``: the document as RDF (namespaces, corpus files, text, provenance, build)
- ``graph.store``: graphs in and out (backends, load, export, named queries, validate, stats)
- ``graph.network``: the concept network in networkx (analytics, search, layout, exports)
- ``graph.sparql``: user queries, checked, bounded and served over HTTP
- ``graph.view``: pictures and pages (vis-network views, offline pages, highlights, narration)
- ``graph.briefing``: guided tours and their HTML, PDF and PNG exports

``graph.errors`` (the exceptions users see) and ``graph.atomic`` (atomic writes)
sit beneath every wing. Import public names from their wing, for example
``from graph.store import default_store`` or ``from graph.network import to_networkx``.
"""
