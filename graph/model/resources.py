"""Paths to the files that ship inside the package: ontology, shapes, corpus; the user's folder."""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def ontology_file() -> Traversable:
    """Return the ontology in Turtle (ontology/briefgraph.ttl)."""
    return resources.files("graph.ontology_files") / "briefgraph.ttl"


def shapes_file() -> Traversable:
    """Return the SHACL shapes in Turtle (ontology/shapes.ttl)."""
    return resources.files("graph.ontology_files") / "shapes.ttl"


def corpus_dir() -> Traversable:
    """Return the folder of the default corpus (corpus/)."""
    return resources.files("graph.corpus_files")


def user_dir() -> Path:
    """Return where a user's saved work lives: $BRIEFGRAPH_HOME, else ~/.briefgraph."""
    return Path(os.environ.get("BRIEFGRAPH_HOME") or Path.home() / ".briefgraph")
