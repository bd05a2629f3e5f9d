"""The README documents every command and every example query file the project ships."""

from __future__ import annotations

import argparse
from pathlib import Path

from graph.cli.main import _parser

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_in_the_readme() -> None:
    commands = next(
        a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)
    ).choices
    assert len(commands) >= 6
    for name in commands:
        assert f"briefgraph {name}" in README, f"`briefgraph {name}` is undocumented"


def test_the_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_every_briefing_action_is_in_the_readme() -> None:
    commands = next(
        a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)
    ).choices
    brief = commands["brief"]
    actions = next(a for a in brief._actions if isinstance(a, argparse._SubParsersAction)).choices
    for name in actions:
        assert f"briefgraph brief {name}" in README, f"`briefgraph brief {name}` is undocumented"
