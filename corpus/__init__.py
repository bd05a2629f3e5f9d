"""The default corpus: each sub-folder holds one source document and its curated annotations.

This folder is a Python package only so that the files ship inside the wheel
(as ``graph.corpus_files``); read them with ``graph.model.corpus``.
"""
