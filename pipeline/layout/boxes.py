"""Word and segment boxes: the only shapes the layout functions work on.

Coordinates are pdfplumber's: points from the top-left corner of the page, ``top`` < ``bottom``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import TypeVar

# Two words on one baseline further apart than this many font sizes belong to different
# segments. Word spaces are ~0.25-0.35 em, loose justified lines rarely exceed 0.7 em, and
# column gutters are wider than one em; a low value makes gutters easier to see, and a
# segment split inside a column is rejoined when lines are built.
SEGMENT_GAP_EM = 0.8

T = TypeVar("T", "Word", "Segment")

_BOLD_MARKS = ("bold", "black", "heavy", "semibold", "demi")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 10.0
    font: str = ""
    upright: bool = True  # False for text set sideways or at an angle

    @property
    def is_bold(self) -> bool:
        name = self.font.lower()
        return any(mark in name for mark in _BOLD_MARKS)


@dataclass(frozen=True, slots=True)
class Segment:
    """Words on one baseline with no wide gap between them, or a table (``rows`` set)."""

    words: tuple[Word, ...]
    x0: float
    x1: float
    top: float
    bottom: float
    rows: tuple[str, ...] = field(default=())  # a table: one text per row, cells joined " | "

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def is_table(self) -> bool:
        return bool(self.rows)

    @property
    def size(self) -> float:
        return median(word.size for word in self.words) if self.words else 10.0

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


def segment_of(words: Sequence[Word]) -> Segment:
    return Segment(
        words=tuple(words),
        x0=min(w.x0 for w in words),
        x1=max(w.x1 for w in words),
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
    )


def table_segment(rows: Sequence[str], bbox: tuple[float, float, float, float]) -> Segment:
    x0, top, x1, bottom = bbox
    return Segment(words=(), x0=x0, x1=x1, top=top, bottom=bottom, rows=tuple(rows))


def same_line(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> bool:
    """True when two boxes share most of their height (one text line)."""
    overlap = min(a_bottom, b_bottom) - max(a_top, b_top)
    return overlap >= 0.5 * min(a_bottom - a_top, b_bottom - b_top)


def group_lines(boxes: Iterable[T]) -> list[list[T]]:
    """Boxes grouped into text lines (top to bottom), each line sorted left to right."""
    lines: list[list[T]] = []
    bounds: list[tuple[float, float]] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.x0)):
        # Only the last few lines can hold a box that starts at or below their top.
        for index in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bounds[index]
            # Bounds stay those of the line's first box: grown bounds would let a tall
            # heading in one column chain two lines of the next column together.
            if same_line(top, bottom, box.top, box.bottom):
                lines[index].append(box)
                break
        else:
            lines.append([box])
            bounds.append((box.top, box.bottom))
    for line in lines:
        line.sort(key=lambda b: b.x0)
    return lines


def words_to_segments(words: Iterable[Word]) -> list[Segment]:
    """Each text line cut where two neighbouring words are more than SEGMENT_GAP_EM apart."""
    segments: list[Segment] = []
    for line in group_lines(words):
        run = [line[0]]
        for word in line[1:]:
            size = max(run[-1].size, word.size, 1.0)
            if word.x0 - run[-1].x1 > SEGMENT_GAP_EM * size:
                segments.append(segment_of(run))
                run = [word]
            else:
                run.append(word)
        segments.append(segment_of(run))
    return segments
