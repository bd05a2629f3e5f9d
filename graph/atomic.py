"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from graph.errors import ExportError


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it.

    A crash before the rename leaves the previous file intact; the data is on disk
    (fsync) before the rename, and the rename is on disk (the folder's fsync) before this
    returns. A crash may leave a hidden ``.NAME.*.tmp`` file beside it, never a half file.
    """
    target = Path(path)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or Path(".")
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        folder = os.open(target.parent or Path("."), os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_export(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; ExportError in plain words if it cannot be written."""
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        write_atomic(target, data)
    except OSError as error:
        raise ExportError(f"cannot write {target}: {error.strerror}") from error
