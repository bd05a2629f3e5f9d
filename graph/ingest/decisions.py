"""A document folder's decisions: what was accepted, rejected, edited or merged, and the trail.

``decisions.json`` holds, by proposal id, the decision in force (with its edits
or merge target, who made it and when), the decisions a re-ingest could no
longer match to the words (``stale``), and the trail: every decision ever made
on the document, in order, including those later undone or changed.
"""

from __future__ import annotations

import datetime
import functools
import getpass
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from graph.errors import IngestError
from graph.ingest.proposals import Proposal, is_local_id, scoped_id

TEXT_FILE = "text.txt"
SOURCE_FILE = "source.json"
PROPOSALS_FILE = "proposals.json"
DECISIONS_FILE = "decisions.json"


@dataclass
class FolderState:
    """One ingested document as its files hold it: metadata, proposals and decisions."""

    folder: Path
    meta: dict[str, Any]
    stored: list[Proposal]
    """The proposals as extracted (status "proposed", nothing edited)."""
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)
    stale: list[dict[str, Any]] = field(default_factory=list)
    trail: list[dict[str, Any]] = field(default_factory=list)

    @property
    def document(self) -> str:
        """The document's id."""
        return str(self.meta.get("id", self.folder.name))

    def proposals(self) -> list[Proposal]:
        """Return the proposals with the status, edits and merge their decisions give them."""
        return [decided(p, self.decisions.get(p.id)) for p in self.stored]

    def decisions_json(self) -> bytes:
        """Return decisions.json's bytes for this state."""
        data = {"decisions": self.decisions, "stale": self.stale, "trail": self.trail}
        return json_bytes(data)


def decided(proposal: Proposal, decision: dict[str, Any] | None) -> Proposal:
    """Return ``proposal`` as ``decision`` leaves it (unchanged when there is none)."""
    if decision is None:
        return proposal
    return replace(
        proposal,
        status=str(decision["decision"]),
        edited=dict(decision.get("edits", {})),
        merged_into=decision.get("merge_into"),
    )


def read_folder(folder: Path) -> FolderState:
    """Return a document folder's state; ids from before ids named their document are
    migrated as they are read (the next decision saves them so)."""
    meta: dict[str, Any] = read_json(folder / SOURCE_FILE, {})
    document = str(meta.get("id", folder.name))
    stored = list(_stored_proposals(folder / PROPOSALS_FILE, document, _signature(folder)))
    data = read_json(folder / DECISIONS_FILE, {})
    decisions = {_migrated_id(k, document): v for k, v in data.get("decisions", {}).items()}
    trail = [
        {**entry, "id": _migrated_id(str(entry.get("id", "")), document)}
        for entry in data.get("trail", [])
    ]
    return FolderState(folder, meta, stored, decisions, list(data.get("stale", [])), trail)


def _signature(folder: Path) -> tuple[int, int, int]:
    try:
        info = (folder / PROPOSALS_FILE).stat()
    except FileNotFoundError:
        return (0, 0, 0)
    return (info.st_ino, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=64)
def _stored_proposals(
    path: Path, document: str, signature: tuple[int, int, int]
) -> tuple[Proposal, ...]:
    # proposals.json changes only when ingest writes a new file in its place (a rename, so
    # a new inode): each version is parsed once per process. Proposals are frozen values.
    del signature  # part of the cache key only
    return tuple(_migrated(Proposal.from_stored(item), document) for item in read_json(path, []))


def _migrated(proposal: Proposal, document: str) -> Proposal:
    if is_local_id(proposal.id):
        return replace(proposal, id=scoped_id(proposal.id, document))
    return proposal


def _migrated_id(pid: str, document: str) -> str:
    return scoped_id(pid, document) if is_local_id(pid) else pid


def record(
    proposal: Proposal,
    decision: str,
    *,
    by: str,
    edits: dict[str, Any] | None = None,
    merge_into: str | None = None,
) -> dict[str, Any]:
    """Return the decision record for ``proposal``: what, on which words, by whom, when."""
    entry: dict[str, Any] = {
        "decision": decision,
        "kind": proposal.kind,
        "quote": proposal.quote,
        "start": proposal.start,
        "end": proposal.end,
        "decided": now(),
        "by": by,
    }
    if edits:
        entry["edits"] = dict(edits)
    if merge_into:
        entry["merge_into"] = merge_into
    return entry


def trail_entry(
    pid: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> dict[str, Any]:
    """Return the trail's line for one change of a proposal's decision."""
    source = after or {}
    entry: dict[str, Any] = {
        "id": pid,
        "decision": source.get("decision", "proposed"),
        "was": (before or {}).get("decision", "proposed"),
        "by": source.get("by") or (before or {}).get("undone_by", ""),
        "at": source.get("decided") or now(),
    }
    for key in ("edits", "merge_into"):
        if key in source:
            entry[key] = source[key]
    return entry


def reviewer() -> str:
    """Return who decides from this command line: the operating system's user name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "unknown user"


def now() -> str:
    """Return the time now, in UTC, as ISO 8601 to the second."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def read_json(path: Path, default: Any) -> Any:
    """Return a JSON file's value (``default`` when it is missing); IngestError if unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default
    except (OSError, ValueError, RecursionError) as error:
        raise IngestError(f"{path} cannot be read: {error}") from error


def json_bytes(value: object) -> bytes:
    """Return a value as the corpus folder's JSON files hold it."""
    return (json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
