"""pipeline.intervals answers what the rules used to find by scanning every span of the
document for each candidate (quadratic on long reports): the answers must be the same."""

from __future__ import annotations

import random

import pytest

from pipeline.intervals import Intervals
from pipeline.link.rules import _cue
from pipeline.link.words import Word, find_phrases

RANGES = [(10, 20), (0, 5), (12, 14), (30, 30), (18, 40)]


@pytest.mark.parametrize(
    "start, end, overlaps, holds, within",
    [
        (0, 5, True, True, [1]),
        (5, 10, False, False, []),  # half-open: (0, 5) ends where (10, 20) has not begun
        (12, 14, True, True, [2]),
        (11, 25, True, False, [2]),
        (10, 40, True, False, [0, 2, 3, 4]),
        (41, 50, False, False, []),
        (19, 21, True, True, []),
    ],
)
def test_interval_queries(start, end, overlaps, holds, within):
    intervals = Intervals(RANGES)
    assert intervals.overlaps(start, end) is overlaps
    assert intervals.holds(start, end) is holds
    assert intervals.within(start, end) == within


def test_interval_queries_agree_with_a_scan_of_every_range():
    rng = random.Random(7)
    for _ in range(200):
        ranges = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 60)
            ranges.append((start, start + rng.randint(0, 15)))
        intervals = Intervals(ranges)
        for _ in range(20):
            start = rng.randint(0, 70)
            end = start + rng.randint(0, 20)
            assert intervals.overlaps(start, end) == any(s < end and start < e for s, e in ranges)
            assert intervals.holds(start, end) == any(s <= start and end <= e for s, e in ranges)
            assert intervals.within(start, end) == [
                i for i, (s, e) in enumerate(ranges) if start <= s and e <= end
            ]


def _words(text: str) -> list[Word]:
    found, offset = [], 0
    for token in text.split():
        offset = text.index(token, offset)
        found.append(Word(token, offset, offset + len(token)))
        offset += len(token)
    return found


@pytest.mark.parametrize(
    "text, found",
    [
        ("the donor will provide funds", [(2, ("will", "provide"))]),
        ("it will fund and will provide", [(1, ("will", "fund")), (4, ("will", "provide"))]),
        ("pledged and pledge", [(0, ("pledged",)), (2, ("pledge",))]),
        ("nothing here", []),
    ],
)
def test_find_phrases_takes_the_first_listed_phrase_at_each_word(text, found):
    phrases = [("will", "provide"), ("will", "fund"), ("will",), ("pledged",), ("pledge",)]
    assert find_phrases(_words(text), phrases) == [(i, p) for i, p in found]


def test_a_blank_funding_cue_is_refused():
    with pytest.raises(ValueError, match="blank cue"):
        _cue("   ")
