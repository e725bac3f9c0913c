"""The README and --help stay true: every command is documented and shows examples."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from pipeline.cli import build_parser

REPO = Path(__file__).resolve().parent.parent


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"ilo-extract {command}" in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_every_help_ends_with_examples(command: str) -> None:
    help_text = subcommands()[command].format_help()
    examples = help_text.split("examples:")[-1]
    assert "examples:" in help_text
    assert f"ilo-extract {command}" in examples


def test_readme_names_every_output_file() -> None:
    from pipeline.export import OUTPUT_FILES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in OUTPUT_FILES:
        assert f"`{name}`" in readme


def test_readme_setup_is_two_commands_that_ci_runs() -> None:
    """README's set-up is two commands installing from the lock; .ci/run does the same."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up")[1].split("```")[1].strip().splitlines()
    assert setup == [
        "python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e . "
        "&& .venv/bin/ilo-extract run",
        "python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e '.[dev]' "
        "&& make check",
    ]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if line and not line.startswith("#")]
    for command in (
        "python3 -m venv .venv",
        ".venv/bin/pip install -c constraints.txt -e '.[dev]'",
        ".venv/bin/pip check",
        "make check",
    ):
        assert command in commands
    # no install README does not document (no pip upgrade)
    assert [line for line in commands if "pip install" in line] == [
        ".venv/bin/pip install -c constraints.txt -e '.[dev]'"
    ]
