"""Validation of only what changed since the last run that passed.

Every subject of the graph is fingerprinted by the sorted triples it is the
subject of. A run checks, with pyshacl's focus nodes, the subjects whose
fingerprint is new or different, and their neighbours one link away either way
(an excerpt is re-checked when its document's text changes, a claim when its
concept's class does), with all they point to; it records what passed.
Accepting one proposal in a corpus of fifty documents re-checks a handful of
nodes, not the corpus.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode

from graph.atomic import write_atomic
from graph.store.backends import Store
from graph.store.validate import Violation, validate


@dataclass(frozen=True)
class IncrementalResult:
    """What an incremental run found: violations, and how many nodes it checked of how many."""

    violations: list[Violation]
    checked: frozenset[str]
    total: int


def fingerprints(
    store: Store,
) -> tuple[dict[str, str], dict[str, set[str]], dict[str, set[str]]]:
    """Return a hash per subject of its triples, each node's neighbours either way, and the
    nodes each one points to."""
    triples: dict[str, list[str]] = defaultdict(list)
    neighbours: dict[str, set[str]] = defaultdict(set)
    outward: dict[str, set[str]] = defaultdict(set)
    for s, p, o in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows:
        if isinstance(s, BNode):
            continue  # a blank node is renamed by every build; its owner's triple stands for it
        subject = str(s)
        # A blank node's label changes from build to build: it counts as "a blank node".
        value = "_:b" if isinstance(o, BNode) else (o.n3() if o is not None else "")
        triples[subject].append(f"{p.n3() if p is not None else ''} {value}")
        if o is not None and not hasattr(o, "language") and not hasattr(o, "datatype"):
            neighbours[subject].add(str(o))
            neighbours[str(o)].add(subject)
            outward[subject].add(str(o))
    hashes = {
        subject: hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()[:24]
        for subject, lines in triples.items()
    }
    return hashes, neighbours, outward


def validate_changed(store: Store, record: Path) -> IncrementalResult:
    """Validate what changed since ``record`` was last written, then update the record."""
    previous: dict[str, str] = (
        json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
    )
    current, neighbours, outward = fingerprints(store)
    changed = {node for node, digest in current.items() if previous.get(node) != digest}
    focus = changed | {n for node in changed for n in neighbours.get(node, ()) if n in current}
    # Everything a checked node points to, and so on, is checked with it (an excerpt's
    # selectors and sentence, a claim's concepts, a concept's class): with focus nodes,
    # pyshacl sees only their part of the graph when it judges nested shapes.
    frontier = list(focus)
    while frontier:
        node = frontier.pop()
        for target in outward.get(node, ()):
            if target in current and target not in focus:
                focus.add(target)
                frontier.append(target)
    focus = {n for n in focus if n.startswith(("http://", "https://", "urn:"))}  # no blank nodes
    violations = validate(store, focus_nodes=sorted(focus)) if focus else []
    failed = {v.focus for v in violations}
    passed = {node: digest for node, digest in current.items() if node not in failed}
    record.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(record, json.dumps(passed, sort_keys=True).encode("utf-8"))
    return IncrementalResult(violations=violations, checked=frozenset(focus), total=len(current))
