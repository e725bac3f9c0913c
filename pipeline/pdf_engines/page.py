"""One page as an engine reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.layout.boxes import Word

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
Rows = tuple[tuple[BBox | None, ...], ...]

X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0


@dataclass(frozen=True, slots=True)
class RawPage:
    """One page as an engine reads it: words (text not yet cleaned) and ruled tables."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    tables: tuple[tuple[BBox, Rows], ...] = field(default=())
