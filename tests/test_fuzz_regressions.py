"""Every input `make fuzz` (atheris) found crashing a loader, replayed: now refused in words."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

CRASHES = sorted(
    p for p in (Path(__file__).parent / "fuzz" / "crashes").iterdir() if not p.name.startswith(".")
)


def _fuzz_target() -> object:
    # The same feed() atheris runs, without atheris's instrumentation.
    import sys
    import types

    sys.modules.setdefault("atheris", types.SimpleNamespace(instrument_imports=_nothing))
    spec = importlib.util.spec_from_file_location(
        "fuzz_loaders", Path(__file__).parent / "fuzz" / "fuzz_loaders.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.feed


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


@pytest.mark.parametrize("crash", CRASHES, ids=[p.name[:20] for p in CRASHES])
def test_an_input_that_once_crashed_a_loader_is_now_refused_in_words(crash: Path) -> None:
    feed = _fuzz_target()
    feed(crash.read_bytes())  # type: ignore[operator]  # raises on anything but BriefgraphError


def test_there_is_a_regression_case_from_fuzzing() -> None:
    assert CRASHES, "make fuzz keeps crashing inputs in tests/fuzz/crashes/"
