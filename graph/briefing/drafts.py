"""Briefings being written, kept on disk as they change, so that nothing is lost."""

from __future__ import annotations

from pathlib import Path

from graph.briefing.files import SUFFIX, Briefing, check_name, read_briefing, write_briefing
from graph.errors import BriefingError
from graph.model.resources import user_dir


class DraftFolder:
    """Briefings being written, kept on disk as they are edited (one file per briefing
    name, written atomically), so that a reload, a crash or a closed tab loses nothing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def keep(self, briefing: Briefing) -> None:
        """Write the draft of ``briefing`` (replacing its previous draft)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        write_briefing(self.folder / (check_name(briefing.name) + SUFFIX), briefing)

    def discard(self, name: str) -> None:
        """Forget the draft called ``name`` (after a save, or when the user says so)."""
        (self.folder / (check_name(name) + SUFFIX)).unlink(missing_ok=True)

    def kept(self) -> list[tuple[Briefing, float]]:
        """Return every kept draft that can be read, with when it was last written, newest
        first."""
        if not self.folder.is_dir():
            return []
        found = []
        for file in self.folder.glob(f"*{SUFFIX}"):
            try:
                found.append((read_briefing(file), file.stat().st_mtime))
            except (BriefingError, OSError):
                continue
        return sorted(found, key=lambda item: -item[1])

    def load(self, name: str) -> Briefing | None:
        """Return the draft called ``name``, or None."""
        file = self.folder / (check_name(name) + SUFFIX)
        return read_briefing(file) if file.is_file() else None


def default_drafts() -> DraftFolder:
    """Return the drafts folder: $BRIEFGRAPH_HOME/drafts."""
    return DraftFolder(user_dir() / "drafts")
