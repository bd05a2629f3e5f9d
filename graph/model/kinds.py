"""What a resource of any RDF graph is: the one type that names it when it has several."""

from __future__ import annotations

from collections.abc import Iterable

TYPE_ORDER = (
    "http://www.w3.org/2004/02/skos/core#Concept",
    "http://www.w3.org/2002/07/owl#Class",
    "http://www.w3.org/2000/01/rdf-schema#Class",
    "http://www.w3.org/2002/07/owl#ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
)
"""Types that name what a resource is, preferred in this order when it has several."""


def primary_type(types: Iterable[str]) -> str:
    """Return the type a resource is drawn and counted as: the first of TYPE_ORDER it has,
    else its alphabetically first type (the same answer on every backend and every run)."""
    return min(types, key=lambda t: (TYPE_ORDER.index(t) if t in TYPE_ORDER else 99, t))
