"""Running headers, footers and page numbers: found across pages, removed from the text.

A segment is furniture when it sits in the top or bottom margin band of its page and either
repeats (same text, digits aside, at the same height) on most pages, or is a page number
that counts up with the pages. A one-page document has no furniture.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.layout.boxes import Segment

MARGIN_SHARE = 0.12  # top and bottom bands of the page height where furniture lives
REPEAT_SHARE = 0.4  # on at least this share of the pages (even and odd pages may differ)
# ... or on this many pages: a chapter name in the running footer of a long report changes
# from chapter to chapter, and lines in the margin bands rarely repeat by chance.
REPEAT_PAGES = 3
SAME_HEIGHT = 3.0  # points
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageBoxes:
    """One page's segments and height, as furniture detection sees them."""

    number: int
    height: float
    segments: tuple[Segment, ...]


def in_margin(segment: Segment, height: float) -> bool:
    return segment.bottom <= MARGIN_SHARE * height or segment.top >= (1 - MARGIN_SHARE) * height


def furniture_key(segment: Segment) -> str:
    return _DIGITS.sub("#", " ".join(segment.text.lower().split()))


def find_furniture(pages: Sequence[PageBoxes]) -> set[tuple[int, int]]:
    """``(page number, index into that page's segments)`` of every furniture segment."""
    if len(pages) < 2:
        return set()
    needed = max(2, min(REPEAT_PAGES, round(REPEAT_SHARE * len(pages))))
    by_key: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
    numbers: list[tuple[int, int, int]] = []  # page, index, offset of printed number to page
    for page in pages:
        for index, segment in enumerate(page.segments):
            if segment.is_table or not in_margin(segment, page.height):
                continue
            by_key[furniture_key(segment)].append((page.number, index, segment.top))
            number = _PAGE_NUMBER.match(segment.text.strip())
            if number:
                numbers.append((page.number, index, int(number[1]) - page.number))
    found: set[tuple[int, int]] = set()
    for places in by_key.values():
        # Cluster by height: the same words in the same place on many pages.
        places.sort(key=lambda place: place[2])
        cluster: list[tuple[int, int, float]] = []
        for place in [*places, (0, 0, float("inf"))]:
            if cluster and place[2] - cluster[0][2] > SAME_HEIGHT:
                if len({page for page, _, _ in cluster}) >= needed:
                    found.update((page, index) for page, index, _ in cluster)
                cluster = []
            cluster.append(place)
    offsets = Counter(offset for _, _, offset in numbers)
    if offsets:
        offset, count = offsets.most_common(1)[0]
        if count >= 2:
            found.update((page, index) for page, index, o in numbers if o == offset)
    return found


def count_lines(pages: Sequence[PageBoxes], found: set[tuple[int, int]]) -> int:
    """Furniture lines removed: segments on one page at one height count once."""
    lines = set()
    for page in pages:
        for index, segment in enumerate(page.segments):
            if (page.number, index) in found:
                lines.add((page.number, round(segment.top / SAME_HEIGHT)))
    return len(lines)
