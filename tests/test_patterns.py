"""Rule data files: macros are filled in, a bad name is a clear error, rules are written once."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from pipeline.errors import PatternError
from pipeline.patterns import expand_macros

KINDS = Path(__file__).resolve().parent.parent / "pipeline" / "kinds"
MACROS = {"year": {"REGEX": "^(19|20)\\d\\d$"}, "month": ["May", "June"]}


@pytest.mark.parametrize(
    "pattern, expanded",
    [
        ([{"TEXT": "@year"}], [{"TEXT": {"REGEX": "^(19|20)\\d\\d$"}}]),
        (
            [{"ORTH": {"IN": "@month"}}, {"TEXT": "@year", "OP": "?"}],
            [{"ORTH": {"IN": ["May", "June"]}}, {"TEXT": {"REGEX": "^(19|20)\\d\\d$"}, "OP": "?"}],
        ),
        ([{"ORTH": "@"}], [{"ORTH": "@"}]),
    ],
)
def test_macros_are_filled_in(pattern: object, expanded: object) -> None:
    assert expand_macros(pattern, MACROS, "dates.jsonl: pattern x") == expanded


def test_an_unknown_macro_names_the_file_and_pattern() -> None:
    with pytest.raises(PatternError, match=r"dates.jsonl: pattern x: unknown macro '@yeer'"):
        expand_macros([{"TEXT": "@yeer"}], MACROS, "dates.jsonl: pattern x")


@pytest.mark.parametrize("path", sorted(KINDS.glob("*/patterns/*.jsonl")), ids=lambda p: p.name)
def test_no_regex_is_written_more_than_three_times(path: Path) -> None:
    """A regex used in many patterns is a macro (``macros.json``), written once."""
    regexes = Counter(re.findall(r'"REGEX": ("(?:[^"\\]|\\.)*")', path.read_text(encoding="utf-8")))
    assert {regex: n for regex, n in regexes.items() if n > 3} == {}
