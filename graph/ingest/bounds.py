"""The time one document may take to be read and parsed, checked as the work goes.

A document past its seconds (``BRIEFGRAPH_DOCUMENT_SECONDS``) is refused with
one line naming the file and the bound; the other files of the same command
go on. The clock is checked between a PDF's pages and between the batches the
parser reads, so a refusal comes within one page or one batch of the bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from graph.errors import IngestError


@dataclass(frozen=True)
class Deadline:
    """When the reading of the file ``name`` must stop."""

    name: str
    seconds: float
    started: float = field(default_factory=time.monotonic)

    def check(self, doing: str) -> None:
        """Raise IngestError if the document has taken past its seconds (``doing`` says where)."""
        if time.monotonic() - self.started > self.seconds:
            raise IngestError(
                f"{self.name}: {doing} went past the {self.seconds:,g} s limit for one "
                "document (BRIEFGRAPH_DOCUMENT_SECONDS); split the file"
            )
