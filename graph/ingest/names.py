"""Claims a name states: 'the Council of the Arab League' is a part of the Arab League.

A body's name often says whose body it is: "Council of the Arab League",
"Secretariat of the Permanent Structured Cooperation", "Arab League Educational,
Cultural and Scientific Organization". When a concept's name is a body word
(council, secretariat, committee...) 'of' another concept of the document, or
another concept's name followed by words ending in a body word, the first is
proposed as part of the second, quoting the name where the text first gives it.
"""

from __future__ import annotations

import re

from graph.ingest.claims import claim_of
from graph.ingest.proposals import Proposal
from graph.ingest.reading import End, Link, Reading
from graph.model.text import normalise

PART_WORDS = frozenset({
    "council", "secretariat", "directorate", "committee", "commission", "assembly",
    "court", "tribunal", "board", "parliament", "office", "agency", "body", "organ",
    "branch", "department", "ministry", "staff", "secretary-general", "presidency",
    "command", "bureau", "division", "unit", "organization", "organisation", "conference",
})  # fmt: skip
"""Last words of a name that make it a body, which may be a part of another."""
_OF = re.compile(r"^(?P<part>.+?) of (?:the )?(?P<whole>.+)$", re.IGNORECASE)


def name_claims(state: Reading, found: dict[str, Proposal]) -> None:
    """Add to ``found`` a partOf claim for each concept whose name says whose part it is."""
    ends: dict[str, End] = {}
    for k in state.known:
        for name in (k.label, *k.names):
            ends.setdefault(normalise(name), End(k.id, k.label, k.cls, True))
    concepts = [p for p in state.proposals if p.kind == "concept" and p.concept and p.label]
    for p in concepts:
        for name in (p.label or "", *p.names):
            ends.setdefault(
                normalise(name), End(p.concept or "", p.label or "", p.cls or "", False)
            )
    for p in concepts:
        label = " ".join((p.label or "").split())
        part = End(p.concept or "", label, p.cls or "", False)
        whole = _whole_named(label, ends)
        if whole is None or whole.key == part.key:
            continue
        link = Link(part, whole, "be part of", ("partOf",), f"the name '{label}' says whose "
                    "part it is", False, 0.7)  # fmt: skip
        if not state.schema.fits("partOf", part.cls, whole.cls):
            continue
        proposal = claim_of(state, link, p.quote, p.start)
        if proposal.id not in found:
            found[proposal.id] = proposal


def _whole_named(label: str, ends: dict[str, End]) -> End | None:
    """The concept a body's name says it is part of, if the document has one by that name."""
    match = _OF.match(label)
    if match and match.group("part").split()[-1].lower() in PART_WORDS:
        whole = ends.get(normalise(match.group("whole")))
        if whole is not None:
            return whole
    words = label.split()
    if len(words) > 2 and words[-1].lower() in PART_WORDS:
        for cut in range(len(words) - 1, 0, -1):  # the longest name it starts with
            whole = ends.get(normalise(" ".join(words[:cut])))
            if whole is not None and whole.cls == "InternationalBody":  # not 'Joint Defence'
                return whole
    return None
