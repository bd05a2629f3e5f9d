"""The briefgraph ontology and SHACL shapes, as Turtle files.

This folder is a Python package only so that the files ship inside the wheel
(as ``graph.ontology_files``); read them with ``graph.model.resources``.
"""
