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


def spaced_capital(first: Word, second: Word) -> bool:
    """``first`` is a capital set apart from the rest of its word (``U nited``, ``P OLICY``):
    one letter, then letters within a tenth of an em, or within a quarter em when the capital
    is in larger type (a drop or raised capital)."""
    if len(first.text) != 1 or not first.text.isupper() or not second.text[:1].isalpha():
        return False
    rest = second.text.rstrip(".,;:!?)")
    if not (rest[:1].islower() or (len(rest) >= 2 and rest.isupper())):
        return False
    gap = second.x0 - first.x1
    larger = first.size > 1.15 * second.size
    return -0.5 < gap <= (0.25 if larger else 0.1) * max(first.size, second.size)


def join_spaced_capitals(line: list[Word]) -> list[Word]:
    """A line's words with each spaced capital joined to the rest of its word."""
    joined: list[Word] = []
    for word in line:
        if joined and spaced_capital(joined[-1], word):
            first = joined.pop()
            word = Word(
                text=first.text + word.text,
                x0=first.x0,
                x1=word.x1,
                top=word.top,
                bottom=word.bottom,
                size=word.size,
                font=word.font,
                upright=word.upright,
            )
        joined.append(word)
    return joined


# A vertical watermark set letter by letter (``Public Disclosure Authorized`` down a margin):
# at least this many short runs of letters (most of them one letter) stacked at one x, each
# less than this many font sizes below the one above it (lines of text are further apart).
STACK_MIN = 6
STACK_STEP_EM = 1.0
STACK_X = 2.0  # points between the centres of stacked letters


def drop_stacked_letters(words: Sequence[Word]) -> list[Word]:
    """``words`` without letters stacked one above the other (text set down a margin letter
    by letter, which no one reads as lines of the page)."""
    short = sorted((w for w in words if len(w.text) <= 3), key=lambda w: ((w.x0 + w.x1) / 2, w.top))
    middles = [(w.x0 + w.x1) / 2 for w in short]
    # Sorted by middle, a column whose last middle is more than STACK_X left of a word's
    # takes no later word: only the columns still open are tried, in the order they were
    # started (all of them if a middle is not a number and the order does not hold).
    ordered = all(a <= b for a, b in zip(middles, middles[1:], strict=False))
    columns: list[list[Word]] = []
    open_columns: list[tuple[list[Word], float]] = []  # a column and its last word's middle
    for word, middle in zip(short, middles, strict=True):
        if ordered:
            open_columns = [entry for entry in open_columns if middle - entry[1] <= STACK_X]
        for index, (column, last) in enumerate(open_columns):
            if abs(last - middle) <= STACK_X:
                column.append(word)
                open_columns[index] = (column, middle)
                break
        else:
            columns.append([word])
            open_columns.append((columns[-1], middle))
    dropped: set[int] = set()
    for column in columns:
        column.sort(key=lambda w: w.top)
        runs = [[column[0]]]
        for word in column[1:]:
            if word.top - runs[-1][-1].top <= STACK_STEP_EM * runs[-1][-1].size:
                runs[-1].append(word)
            else:
                runs.append([word])
        for run in runs:
            letters = sum(len(w.text) == 1 for w in run)
            if (
                len(run) >= STACK_MIN
                and 2 * letters > len(run)
                and all(w.text.isalpha() for w in run)
            ):
                dropped.update(map(id, run))
    return [w for w in words if id(w) not in dropped]


def words_to_segments(words: Iterable[Word]) -> list[Segment]:
    """Each text line cut where two neighbouring words are more than SEGMENT_GAP_EM apart;
    spaced capitals joined to their word first."""
    segments: list[Segment] = []
    for line in group_lines(words):
        line = join_spaced_capitals(line)
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
