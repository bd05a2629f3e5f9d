"""The corpus folder's lock and journal: changes from many processes, all or nothing.

Why a lock file and a journal, not a database: the corpus stays plain files a
person can read, diff and keep in git (decisions.json, annotations.yaml). Every
change takes ``fcntl.flock`` on ``<corpus>/.briefgraph.lock`` (exclusive to
write, shared to read), so processes and threads are serialised alike (a flock
belongs to an open file, so two threads of one process exclude each other too),
and the kernel drops the lock of a process that dies, so a killed command never
leaves the corpus locked.

A change touching several files (a decision in two documents, a re-ingest) is a
:class:`Transaction`: every new file is first written in full beside its final
name (``.NAME.<tx>.tmp``; a new document as a hidden folder beside its final
one), so a full disk fails before anything changed; then a journal listing the
renames is written atomically, the renames are made and the journal removed. A
process killed after the journal is written has its renames finished by the
next one to take the lock; one killed before leaves only hidden files, swept
away. A reader therefore sees each change wholly or not at all.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from graph.atomic import write_atomic
from graph.errors import CorpusWriteError

LOCK_FILE = ".briefgraph.lock"
JOURNAL_FILE = ".briefgraph.journal"
_INCOMING = ".incoming-"

_held = threading.local()


def _holding() -> dict[Path, str]:
    if not hasattr(_held, "modes"):
        _held.modes = {}
    modes: dict[Path, str] = _held.modes
    return modes


@contextlib.contextmanager
def corpus_lock(corpus: Path, *, write: bool) -> Iterator[None]:
    """Hold the corpus folder's lock (exclusive to write, shared to read) for the block.

    A thread already holding it goes on holding it (a write lock covers reads).
    A journal left by a process that died is finished first.
    """
    key = corpus.resolve()
    held = _holding().get(key)
    if held == "write" or (held == "read" and not write):
        yield
        return
    if held == "read":
        raise RuntimeError("a thread holding the corpus's read lock asked for its write lock")
    handle = _open_lock(key, write=write)
    if handle is None:  # a read-only folder: nobody can change it, so reading needs no lock
        yield
        return
    _holding()[key] = "write" if write else "read"
    try:
        fcntl.flock(handle, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
        if write:
            recover(key)
        elif (key / JOURNAL_FILE).exists():
            fcntl.flock(handle, fcntl.LOCK_EX)  # finish the dead writer's change, then read
            recover(key)
            fcntl.flock(handle, fcntl.LOCK_SH)
        yield
    finally:
        del _holding()[key]
        handle.close()  # closing the file releases its flock


def _open_lock(corpus: Path, *, write: bool) -> BinaryIO | None:
    try:
        if write:
            corpus.mkdir(parents=True, exist_ok=True)
            return open(corpus / LOCK_FILE, "a+b")  # closed by corpus_lock
        # A reader never creates the lock file: a folder no one ever changed (the shipped
        # corpus, a read-only one) is read as it is.
        return open(corpus / LOCK_FILE, "rb")
    except OSError as error:
        if not write and error.errno in {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOENT}:
            return None
        raise CorpusWriteError(_cannot(corpus, error)) from error


def _cannot(corpus: Path, error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"cannot save in {corpus}: {reason}; nothing was changed"


class Transaction:
    """Changes to a corpus folder made together: files written, documents added.

    Build it while holding the write lock, then :meth:`commit`.
    """

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus.resolve()
        self.files: dict[Path, bytes] = {}
        self.folders: dict[Path, dict[str, bytes]] = {}

    def write(self, path: Path, data: bytes) -> None:
        """Write ``data`` to ``path`` (a file of an existing document folder) on commit."""
        self.files[path.resolve()] = data

    def add_folder(self, folder: Path, files: dict[str, bytes]) -> None:
        """Create the document folder ``folder``, holding ``files`` (by name), on commit."""
        self.folders[folder.resolve()] = dict(files)

    def commit(self) -> None:
        """Make every change, or none: CorpusWriteError in words if it cannot be written."""
        if _holding().get(self.corpus) != "write":
            raise RuntimeError("a corpus transaction commits under the corpus's write lock")
        tx = uuid.uuid4().hex[:12]
        staged: list[tuple[Path, Path]] = []
        try:
            for path, data in self.files.items():
                temporary = path.parent / f".{path.name}.{tx}.tmp"
                staged.append((temporary, path))
                _write_synced(temporary, data)
            for folder, files in self.folders.items():
                temporary = folder.parent / f"{_INCOMING}{tx}-{folder.name}"
                staged.append((temporary, folder))
                temporary.mkdir()
                for name, data in files.items():
                    _write_synced(temporary / name, data)
                _sync_folder(temporary)
            renames = [
                [str(a.relative_to(self.corpus)), str(b.relative_to(self.corpus))]
                for a, b in staged
            ]
            write_atomic(self.corpus / JOURNAL_FILE, json.dumps(renames).encode("utf-8"))
        except OSError as error:
            for temporary, _ in staged:
                _remove(temporary)
            raise CorpusWriteError(_cannot(self.corpus, error)) from error
        _finish(self.corpus, staged)


def _finish(corpus: Path, staged: list[tuple[Path, Path]]) -> None:
    folders = set()
    for temporary, final in staged:
        if temporary.exists():
            if temporary.is_dir() and final.exists():
                shutil.rmtree(final)  # only a journal replay after a crash can meet this
            os.replace(temporary, final)
        folders.add(final.parent)
    for folder in folders:
        _sync_folder(folder)
    (corpus / JOURNAL_FILE).unlink(missing_ok=True)
    _sync_folder(corpus)


def recover(corpus: Path) -> None:
    """Finish a change a dead process journaled, and sweep away what one left half-written.

    Call it holding the write lock.
    """
    journal = corpus / JOURNAL_FILE
    if journal.exists():
        try:
            renames = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:  # cannot happen (written atomically); drop it rather than guess
            renames = []
        _finish(corpus, [(corpus / a, corpus / b) for a, b in renames])
    with contextlib.suppress(OSError):
        for child in corpus.iterdir():
            if child.name.startswith(_INCOMING) or (
                child.name.startswith(".") and child.name.endswith(".tmp") and child.is_file()
            ):
                _remove(child)  # a new folder or a journal a killed process left half-written
            elif child.is_dir() and not child.name.startswith("."):
                for leftover in child.glob(".*.tmp"):
                    _remove(leftover)


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
