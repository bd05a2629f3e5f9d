"""Briefings: ordered tours through a graph, read from and saved to readable YAML files.

A briefing is a title and a list of steps. Each step has a title, narration
(Markdown), a focus (some concepts, a path between two concepts, a filter by
class and relation, or nothing: the whole graph), how many hops around the
focus to show, and the excerpts of the source to quote. Concepts are named by
their annotation id (``interpol``), classes and relations by their local name
(``InternationalBody``, ``counters``). See corpus/security-cooperation/briefings/.

This module reads, writes and edits briefings; graph.briefing.scene checks one against
a graph and works out what each step shows.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from graph.atomic import write_atomic
from graph.errors import BriefingError
from graph.model.corpus import QuoteRef, YamlReader
from graph.model.resources import corpus_dir, user_dir

BRIEFINGS_FOLDER = "briefings"
SUFFIX = ".yaml"
MAX_HOPS = 3
MAX_BRIEFING_BYTES = 1024 * 1024
"""Largest briefing file read: a tour is text, not data."""

NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
"""A briefing's name is its file name: lower-case letters, digits and hyphens."""


@dataclass(frozen=True)
class Focus:
    """What a step is about: concepts, a path, a filter, or (all empty) the whole graph."""

    concepts: tuple[str, ...] = ()
    path: tuple[str, str] | None = None
    classes: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """Return 'concepts', 'path', 'filter' or 'graph'."""
        if self.path:
            return "path"
        if self.concepts:
            return "concepts"
        if self.classes or self.relations:
            return "filter"
        return "graph"


@dataclass(frozen=True)
class Step:
    """One step of a briefing; no excerpts means 'quote the evidence of what is in focus'."""

    title: str
    narration: str = ""
    focus: Focus = field(default_factory=Focus)
    hops: int = 0
    excerpts: tuple[QuoteRef, ...] = ()


@dataclass(frozen=True)
class Briefing:
    """A named, ordered tour through a graph."""

    name: str
    title: str
    steps: tuple[Step, ...] = ()
    description: str = ""


# ---------------------------------------------------------------- editing


def append_step(briefing: Briefing, step: Step) -> Briefing:
    """Return ``briefing`` with ``step`` added at the end."""
    return replace(briefing, steps=(*briefing.steps, step))


def replace_step(briefing: Briefing, index: int, step: Step) -> Briefing:
    """Return ``briefing`` with step ``index`` (from 0) replaced by ``step``."""
    steps = list(briefing.steps)
    steps[_index(briefing, index)] = step
    return replace(briefing, steps=tuple(steps))


def remove_step(briefing: Briefing, index: int) -> Briefing:
    """Return ``briefing`` without step ``index`` (from 0)."""
    steps = list(briefing.steps)
    del steps[_index(briefing, index)]
    return replace(briefing, steps=tuple(steps))


def move_step(briefing: Briefing, index: int, offset: int) -> Briefing:
    """Return ``briefing`` with step ``index`` moved ``offset`` places (clamped to the ends)."""
    steps = list(briefing.steps)
    step = steps.pop(_index(briefing, index))
    steps.insert(min(max(index + offset, 0), len(steps)), step)
    return replace(briefing, steps=tuple(steps))


def _index(briefing: Briefing, index: int) -> int:
    if not 0 <= index < len(briefing.steps):
        raise BriefingError(f"briefing {briefing.name!r} has no step {index + 1}")
    return index


def check_name(name: str) -> str:
    """Return ``name`` if it can name a briefing file; BriefingError otherwise."""
    if not NAME.fullmatch(name):
        raise BriefingError(
            f"{name!r} cannot name a briefing: use 1 to 64 lower-case letters, digits "
            "and hyphens, starting with a letter or digit"
        )
    return name


def name_from_title(title: str) -> str:
    """Return a file name made from a title: 'The argument, step 2' -> 'the-argument-step-2'."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:64].strip("-")
    return slug or "briefing"


# ---------------------------------------------------------------- YAML


def parse_briefing(text: str, *, name: str, origin: str = "") -> Briefing:
    """Return the briefing written in ``text``; BriefingError naming the place of a mistake."""
    origin = origin or f"briefing {name!r}"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise BriefingError(f"{origin} is not valid YAML{where}") from error
    except RecursionError as error:  # '[[[[...' 100,000 deep: the parser's stack ends
        raise BriefingError(f"{origin} is nested too deeply to be a briefing") from error
    reader = YamlReader(origin, BriefingError)
    top = reader.mapping(data, "the file", required=("title", "steps"))
    reader.no_unknown(top, "the file", {"title", "description", "steps"})
    steps = reader.sequence(top["steps"], "steps")
    return Briefing(
        name=check_name(name),
        title=reader.string(top["title"], "title"),
        description=reader.optional_string(top.get("description"), "description") or "",
        steps=tuple(_step(reader, number, body) for number, body in enumerate(steps, 1)),
    )


def _step(reader: YamlReader, number: int, body: object) -> Step:
    where = f"step {number}"
    fields = reader.mapping(body, where, required=("title",))
    title = reader.string(fields["title"], f"{where}: title")
    where = f"step {number} ({title!r})"
    reader.no_unknown(fields, where, {"title", "narration", "focus", "hops", "excerpts"})
    hops = fields.get("hops", 0)
    if not isinstance(hops, int) or isinstance(hops, bool) or not 0 <= hops <= MAX_HOPS:
        raise reader.fail(where, f"hops must be a whole number from 0 to {MAX_HOPS}")
    narration = fields.get("narration") or ""
    if not isinstance(narration, str):
        raise reader.fail(where, "narration must be text")
    return Step(
        title=title,
        narration=narration.strip(),
        focus=_focus(reader, fields.get("focus") or {}, where),
        hops=hops,
        excerpts=tuple(reader.quotes(fields.get("excerpts") or [], f"{where}: excerpts")),
    )


def _focus(reader: YamlReader, body: object, where: str) -> Focus:
    where = f"{where}: focus"
    fields = reader.mapping(body, where)
    reader.no_unknown(fields, where, {"concepts", "path", "classes", "relations"})
    path = reader.strings(fields.get("path") or [], f"{where}: path")
    if path and len(path) != 2:
        raise reader.fail(where, "path must name exactly two concepts")
    focus = Focus(
        concepts=tuple(reader.strings(fields.get("concepts") or [], f"{where}: concepts")),
        path=(path[0], path[1]) if path else None,
        classes=tuple(reader.strings(fields.get("classes") or [], f"{where}: classes")),
        relations=tuple(reader.strings(fields.get("relations") or [], f"{where}: relations")),
    )
    kinds = sum(bool(k) for k in (focus.concepts, focus.path, focus.classes or focus.relations))
    if kinds > 1:
        raise reader.fail(where, "must be one of concepts, path, or classes/relations, not several")
    return focus


def dump_briefing(briefing: Briefing) -> str:
    """Return ``briefing`` as YAML that parse_briefing reads back into an equal briefing."""
    data: dict[str, Any] = {"title": briefing.title}
    if briefing.description:
        data["description"] = briefing.description
    data["steps"] = [_step_data(step) for step in briefing.steps]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)


def _step_data(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {"title": step.title}
    focus: dict[str, Any] = {}
    if step.focus.concepts:
        focus["concepts"] = list(step.focus.concepts)
    if step.focus.path:
        focus["path"] = list(step.focus.path)
    if step.focus.classes:
        focus["classes"] = list(step.focus.classes)
    if step.focus.relations:
        focus["relations"] = list(step.focus.relations)
    if focus:
        data["focus"] = focus
    if step.hops:
        data["hops"] = step.hops
    if step.narration:
        data["narration"] = step.narration + "\n"
    if step.excerpts:
        data["excerpts"] = [
            ref.quote if ref.occurrence == 1 else {"quote": ref.quote, "occurrence": ref.occurrence}
            for ref in step.excerpts
        ]
    return data


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text (narration) as a literal block, which people can edit."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


# ---------------------------------------------------------------- files


@dataclass(frozen=True)
class BriefingFile:
    """A briefing file found in a library: its name, title, where it is, and if it can be saved."""

    name: str
    title: str
    location: str
    editable: bool


class BriefingLibrary:
    """Briefing files in one writable folder and any number of read-only ones.

    A name found in several folders means the first: a briefing saved by a user
    shadows the shipped one of the same name, which stays untouched.
    """

    def __init__(self, writable: Path, read_only: Sequence[Traversable] = ()) -> None:
        self.writable = writable
        self.read_only = tuple(read_only)

    def _found(self) -> dict[str, tuple[Traversable, bool]]:
        """Return each briefing's file and whether it is saved, by name; the first folder wins."""
        found: dict[str, tuple[Traversable, bool]] = {}
        for folder, editable in [(self.writable, True), *((f, False) for f in self.read_only)]:
            if not folder.is_dir():
                continue
            for file in folder.iterdir():
                name = file.name.removesuffix(SUFFIX)
                if file.name.endswith(SUFFIX) and NAME.fullmatch(name):
                    found.setdefault(name, (file, editable))
        return dict(sorted(found.items()))

    def editable_by_name(self) -> dict[str, bool]:
        """Return every briefing's name and whether it is a saved one, without reading any file."""
        return {name: editable for name, (_, editable) in self._found().items()}

    def list(self) -> list[BriefingFile]:
        """Return every briefing in the library, one per name, by name, with its title."""
        result = []
        for name, (file, editable) in self._found().items():
            try:
                title = read_briefing(file).title
            except BriefingError as error:
                title = f"(cannot be read: {error})"
            result.append(BriefingFile(name, title, str(file), editable))
        return result

    def find(self, name: str) -> Traversable:
        """Return the file of the briefing called ``name``; BriefingError if there is none."""
        check_name(name)
        found = self._found()
        if name in found:
            return found[name][0]
        known = ", ".join(found) or "none"
        raise BriefingError(f"there is no briefing called {name!r} (known: {known})")

    def load(self, name: str) -> Briefing:
        """Return the briefing called ``name``."""
        return read_briefing(self.find(name))

    def fingerprint(self, name: str) -> str | None:
        """Return a digest of the saved file called ``name`` (None when none is saved): what
        an editor opened, to tell at save time whether someone saved it meanwhile."""
        path = self.writable / (check_name(name) + SUFFIX)
        try:
            return hashlib.sha256(path.read_bytes()).hexdigest()
        except FileNotFoundError:
            return None

    def save(self, briefing: Briefing, opened: str | bool | None = False) -> Path:
        """Write ``briefing`` atomically into the writable folder and return its path.

        ``opened`` is the fingerprint of the saved file when the editor opened it (None:
        there was none); when given, a file saved by someone else since then is not
        overwritten: BriefingError says so. The check and the write hold one lock, so
        two saves in this process cannot both pass it."""
        check_name(briefing.name)
        self.writable.mkdir(parents=True, exist_ok=True)
        path = self.writable / (briefing.name + SUFFIX)
        with _SAVING:
            if opened is not False and self.fingerprint(briefing.name) != opened:
                raise BriefingError(
                    f"the briefing {briefing.name!r} was saved by someone else after you "
                    "opened it; your version is kept as a draft. Save it under another file "
                    "name, or open the saved one to see their changes"
                )
            write_briefing(path, briefing)
        return path

    def delete(self, name: str) -> None:
        """Delete the saved briefing called ``name`` (shipped briefings cannot be deleted)."""
        path = self.writable / (check_name(name) + SUFFIX)
        if not path.is_file():
            raise BriefingError(f"there is no saved briefing called {name!r} to delete")
        path.unlink()


_SAVING = threading.Lock()


def read_briefing(file: Traversable | Path | str) -> Briefing:
    """Return the briefing in ``file``; its name is the file name without .yaml."""
    source: Traversable = Path(file) if isinstance(file, str) else file
    name = source.name[: -len(SUFFIX)] if source.name.endswith(SUFFIX) else source.name
    if not source.is_file():
        raise BriefingError(f"cannot read {source}: no such file")
    try:
        data = source.read_bytes()
    except OSError as error:
        raise BriefingError(f"cannot read {source}: {error.strerror}") from error
    if len(data) > MAX_BRIEFING_BYTES:
        raise BriefingError(f"{source} is larger than {MAX_BRIEFING_BYTES // 1024} KiB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BriefingError(f"{source} is not UTF-8 text (byte {error.start})") from error
    if not NAME.fullmatch(name):
        name = name_from_title(name)
    return parse_briefing(text, name=name, origin=str(source))


def write_briefing(path: Path, briefing: Briefing) -> None:
    """Write ``briefing`` to ``path`` atomically: a crash leaves the previous file whole."""
    try:
        write_atomic(path, dump_briefing(briefing).encode("utf-8"))
    except OSError as error:
        raise BriefingError(f"cannot save the briefing to {path}: {error.strerror}") from error


def shipped_folders() -> list[Traversable]:
    """Return the briefings folders of the default corpus's documents."""
    root = corpus_dir()
    return sorted(
        (
            child / BRIEFINGS_FOLDER
            for child in root.iterdir()
            if (child / BRIEFINGS_FOLDER).is_dir()
        ),
        key=lambda folder: str(folder),
    )


def default_library() -> BriefingLibrary:
    """Return the briefings of the default corpus plus those saved in the user's folder."""
    return BriefingLibrary(user_dir() / BRIEFINGS_FOLDER, shipped_folders())


DEFAULT_BRIEFING = "the-argument"
"""The briefing that ships with the default essay."""
