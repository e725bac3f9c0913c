"""Look-ups over a document's spans, sorted once: does any span overlap a range, does any
span hold it, which spans lie inside it. Rules that answered these questions by scanning
every span of the document for each candidate were quadratic in the document's length
(a 120-page report spent most of its time there)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate


class Intervals:
    """Half-open ``(start, end)`` ranges with ``start <= end``, in any order; answers refer to
    them by their position in the order given."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        pairs = list(ranges)
        self._order = sorted(range(len(pairs)), key=lambda i: pairs[i][0])
        self._starts = [pairs[i][0] for i in self._order]
        self._ends = [pairs[i][1] for i in self._order]
        self._max_end = list(accumulate(self._ends, max))

    def overlaps(self, start: int, end: int) -> bool:
        """Some range shares a position with ``[start, end)``."""
        before_end = bisect_left(self._starts, end)
        return before_end > 0 and self._max_end[before_end - 1] > start

    def holds(self, start: int, end: int) -> bool:
        """Some range covers all of ``[start, end)``."""
        at_or_before = bisect_right(self._starts, start)
        return at_or_before > 0 and self._max_end[at_or_before - 1] >= end

    def within(self, start: int, end: int) -> list[int]:
        """Positions, ascending, of the ranges that lie wholly inside ``[start, end)``."""
        low = bisect_left(self._starts, start)
        high = bisect_right(self._starts, end)
        return sorted(self._order[j] for j in range(low, high) if self._ends[j] <= end)
