"""Briefing files: reading, atomic writing, editing, the library of saved and shipped ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.briefing.files import (
    DEFAULT_BRIEFING,
    Briefing,
    BriefingLibrary,
    Focus,
    Step,
    append_step,
    check_name,
    default_library,
    dump_briefing,
    move_step,
    name_from_title,
    parse_briefing,
    read_briefing,
    remove_step,
    replace_step,
    shipped_folders,
    write_briefing,
)
from graph.errors import BriefingError
from graph.model.corpus import QuoteRef

SAMPLE = Briefing(
    name="sample",
    title="A sample: with punctuation & \u201cquotes\u201d",
    description="Two steps.",
    steps=(
        Step(
            title="Threats",
            narration="First line.\n\n- a list item\n- another: with a colon",
            focus=Focus(concepts=("terrorism", "cyber-threats")),
            hops=1,
            excerpts=(QuoteRef("terrorism"), QuoteRef("international cooperation", 2)),
        ),
        Step(title="A path", focus=Focus(path=("interpol", "precise-diplomacy"))),
        Step(title="Outcomes", focus=Focus(classes=("Outcome",), relations=("strengthens",))),
        Step(title="Everything"),
    ),
)


def test_the_default_briefing_ships_and_tells_the_argument_in_six_to_ten_steps() -> None:
    briefing = default_library().load(DEFAULT_BRIEFING)
    assert 6 <= len(briefing.steps) <= 10
    titles = " ".join(step.title for step in briefing.steps).casefold()
    for topic in ("threats", "alone", "interpol", "united nations", "ummah", "requires"):
        assert topic in titles
    assert {step.focus.kind for step in briefing.steps} == {"concepts", "path", "filter"}


def test_the_default_briefing_is_found_inside_the_installed_package() -> None:
    folders = shipped_folders()
    assert folders and all((f / f"{DEFAULT_BRIEFING}.yaml").is_file() for f in folders)


def test_saving_then_loading_returns_an_equal_briefing(tmp_path: Path) -> None:
    library = BriefingLibrary(tmp_path / "saved")
    path = library.save(SAMPLE)
    assert path == tmp_path / "saved" / "sample.yaml"
    assert library.load("sample") == SAMPLE
    assert "narration: |" in path.read_text(encoding="utf-8")  # multi-line text stays readable


def test_dumping_is_stable(tmp_path: Path) -> None:
    text = dump_briefing(SAMPLE)
    assert dump_briefing(parse_briefing(text, name="sample")) == text


def test_a_save_that_fails_before_the_rename_leaves_the_previous_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sample.yaml"
    write_briefing(path, SAMPLE)
    before = path.read_bytes()

    def crash(source: str, target: str) -> None:
        # The temporary file is complete at this point: fail exactly between write and rename.
        assert Path(source).read_text(encoding="utf-8").startswith("title:")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    edited = append_step(SAMPLE, Step(title="One more"))
    with pytest.raises(BriefingError, match="cannot save the briefing"):
        write_briefing(path, edited)
    assert path.read_bytes() == before
    assert read_briefing(path) == SAMPLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample.yaml"]  # no temporary left


def test_a_writer_killed_at_random_points_of_200_saves_never_leaves_a_half_file(
    tmp_path: Path,
) -> None:
    import random
    import signal
    import time

    path = tmp_path / "sample.yaml"
    # Two versions large enough that a save takes a while (many steps, long narration).
    versions = []
    for word in ("alpha", "omega"):
        narration = " ".join([word] * 150)
        steps = tuple(Step(title=f"Step {i}", narration=narration) for i in range(20))
        versions.append(Briefing(name="sample", title=word, steps=steps))
    started = time.perf_counter()
    write_briefing(path, versions[1])
    write_briefing(path, versions[0])
    save = (time.perf_counter() - started) / 2  # measured here: it varies with the machine
    expected = {read_briefing(path).title: 0}
    rng = random.Random(7)
    kills = 0
    while kills < 200:
        child = os.fork()
        if child == 0:  # the writer: saves the two versions in turn until it is killed
            try:
                turn = 0
                while True:
                    write_briefing(path, versions[turn % 2])
                    turn += 1
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0005, 3 * save))  # within the first three saves
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        kills += 1
        shown = read_briefing(path)  # parses: never half a file
        assert shown in versions, kills
        expected[shown.title] = expected.get(shown.title, 0) + 1
    assert set(expected) == {"alpha", "omega"}  # killed at both versions' saves
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "sample.yaml"]
    assert all(name.startswith(".sample.yaml.") and name.endswith(".tmp") for name in leftovers)


def test_two_briefings_live_side_by_side_and_a_saved_one_shadows_the_shipped_one(
    tmp_path: Path,
) -> None:
    library = BriefingLibrary(tmp_path / "saved", shipped_folders())
    shipped = library.load(DEFAULT_BRIEFING)
    library.save(SAMPLE)
    mine = Briefing(name=DEFAULT_BRIEFING, title="My version", steps=shipped.steps[:2])
    library.save(mine)
    entries = {entry.name: entry for entry in library.list()}
    assert set(entries) == {"sample", DEFAULT_BRIEFING}
    assert entries[DEFAULT_BRIEFING].editable and entries[DEFAULT_BRIEFING].title == "My version"
    assert library.load(DEFAULT_BRIEFING) == mine
    assert library.editable_by_name() == {DEFAULT_BRIEFING: True, "sample": True}
    library.delete(DEFAULT_BRIEFING)
    assert library.editable_by_name() == {DEFAULT_BRIEFING: False, "sample": True}
    assert library.load(DEFAULT_BRIEFING) == shipped  # the shipped file was never touched


def test_editing_adds_replaces_moves_and_removes_steps() -> None:
    a, b, c = (Step(title=t) for t in "abc")
    briefing = Briefing(name="x", title="X", steps=(a, b))
    briefing = append_step(briefing, c)
    assert [s.title for s in briefing.steps] == ["a", "b", "c"]
    assert [s.title for s in move_step(briefing, 2, -1).steps] == ["a", "c", "b"]
    assert [s.title for s in move_step(briefing, 0, -1).steps] == ["a", "b", "c"]
    assert [s.title for s in move_step(briefing, 0, 5).steps] == ["b", "c", "a"]
    assert [s.title for s in remove_step(briefing, 1).steps] == ["a", "c"]
    assert replace_step(briefing, 1, Step(title="B")).steps[1].title == "B"
    with pytest.raises(BriefingError, match="has no step 4"):
        remove_step(briefing, 3)


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b", "", "Has Caps", "-lead", "x" * 65, "é"])
def test_a_name_that_could_escape_the_folder_is_refused(name: str) -> None:
    with pytest.raises(BriefingError, match="cannot name a briefing"):
        check_name(name)


def test_titles_become_file_names() -> None:
    assert name_from_title("The bodies: INTERPOL & the UN!") == "the-bodies-interpol-the-un"
    assert check_name(name_from_title("\u00bfQu\u00e9?")) == "qu"
    assert name_from_title("!!!") == "briefing"


BROKEN_FILES = [
    ("title: [unclosed", "is not valid YAML at line 1"),
    ("- just a list", "the file must be a mapping"),
    ("title: T", "the file has no 'steps'"),
    ("title: T\nsteps: {}", "steps must be a list"),
    ("title: T\nsteps:\n- narration: x", "step 1 has no 'title'"),
    ("title: T\nsteps:\n- title: S\n  hops: 7", "step 1 ('S') hops must be a whole number"),
    ("title: T\nsteps:\n- title: S\n  colour: red", "step 1 ('S') has an unknown field 'colour'"),
    (
        "title: T\nsteps:\n- title: S\n  focus: {path: [a]}",
        "step 1 ('S'): focus path must name exactly two concepts",
    ),
    (
        "title: T\nsteps:\n- title: S\n  focus: {path: [a, b], concepts: [c]}",
        "focus must be one of concepts, path, or classes/relations",
    ),
    ("title: T\nsteps:\n- title: S\n  excerpts: [{quote: q, occurrence: 0}]", "occurrence must"),
    ("title: T\nsteps:\n- title: S\n  narration: [1, 2]", "narration must be text"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN_FILES)
def test_a_broken_briefing_file_is_reported_by_place(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BriefingError) as raised:
        read_briefing(path)
    assert message in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_missing_or_oversized_briefing_file_gets_a_message(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match="no such file"):
        read_briefing(tmp_path / "absent.yaml")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (1024 * 1024 + 1))
    with pytest.raises(BriefingError, match="larger than 1024 KiB"):
        read_briefing(big)
    with pytest.raises(BriefingError, match=r"no briefing called 'absent' \(known: the-argument\)"):
        default_library().load("absent")
