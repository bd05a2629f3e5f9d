"""briefgraph's core: build, validate, query, analyse and export briefing documents' graphs.

This package knows nothing of any user interface; the Streamlit app and the CLI
are thin faces over the functions re-exported here.
"""
