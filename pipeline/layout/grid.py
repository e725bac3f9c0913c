"""Tables without ruling lines: columns found from the whitespace between cells.

A run of text lines where three or more cells stand apart (2 em or more between them) is a
table candidate; its columns are the x-intervals no segment of the region covers. It is a table
when at least two of its columns hold short cells (three words or fewer, as amounts, dates and
names are), which a page of three text columns does not have. Rows start on the lines that
have text in the *key* column, the column filled on the fewest lines (an amount or a region:
one line per row), since cells are set top-aligned; the other lines of a cell (a title on two
lines, ``May`` above ``2023``) join the row above them. Each row becomes one ``|``-joined line,
each cell's lines joined with a space, so a cell is read whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from pipeline.layout.boxes import Segment, group_lines, table_segment
from pipeline.layout.lines import join_lines
from pipeline.patterns import CELL_SEPARATOR

# Cells of one row stand this many font sizes apart (wider than any word space).
CELL_GAP_EM = 2.0
MIN_COLUMNS = 3
MIN_ROWS = 3
SHORT_CELL_WORDS = 3
MIN_SHORT_COLUMNS = 2
# Lines of one table are at most this many font sizes apart (top to top).
LINE_STEP_EM = 2.5


def cells_apart(line: Sequence[Segment]) -> int:
    """How many cells the line holds: runs of its segments less than CELL_GAP_EM apart."""
    cells = 1
    for left, right in zip(line, line[1:], strict=False):
        if right.x0 - left.x1 >= CELL_GAP_EM * max(left.size, right.size):
            cells += 1
    return cells


def column_bounds(segments: Sequence[Segment]) -> list[tuple[float, float]]:
    """The x-intervals the segments cover, merged where they overlap: one per column."""
    spans = sorted((s.x0, s.x1) for s in segments)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1] + 1.0:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(x0, x1) for x0, x1 in columns]


def column_of(segment: Segment, columns: Sequence[tuple[float, float]]) -> int:
    return next((i for i, (x0, x1) in enumerate(columns) if x0 - 0.5 <= segment.x0 <= x1 + 0.5), -1)


def candidate_regions(lines: list[list[Segment]]) -> list[list[list[Segment]]]:
    """Runs of lines around lines of MIN_COLUMNS cells or more (continuation lines too)."""
    regions: list[list[list[Segment]]] = []
    current: list[list[Segment]] = []
    wide = 0
    for line in lines:
        if any(s.is_table for s in line):
            if wide:
                regions.append(current)
            current, wide = [], 0
            continue
        size = median(s.size for s in line)
        near = bool(current) and line[0].top - current[-1][0].top <= LINE_STEP_EM * size
        is_wide = cells_apart(line) >= MIN_COLUMNS
        if current and not near:
            if wide:
                regions.append(current)
            current, wide = [], 0
        if is_wide or current:
            current.append(line)
            wide += is_wide
    if wide:
        regions.append(current)
    return regions


def trim(region: list[list[Segment]]) -> list[list[Segment]]:
    """The region from its first wide line: lines of text above a table are not part of it."""
    first = next(i for i, line in enumerate(region) if cells_apart(line) >= MIN_COLUMNS)
    return region[first:]


def table_rows(region: list[list[Segment]]) -> tuple[list[str], int] | None:
    """The region's rows as ``|``-joined texts and its column count, or None."""
    segments = [s for line in region for s in line]
    columns = column_bounds(segments)
    if len(columns) < MIN_COLUMNS:
        return None
    by_column: list[list[Segment]] = [[] for _ in columns]
    for segment in segments:
        by_column[column_of(segment, columns)].append(segment)
    short = sum(
        median(len(s.words) for s in cells) <= SHORT_CELL_WORDS for cells in by_column if cells
    )
    if short < MIN_SHORT_COLUMNS:
        return None
    key = min(range(len(columns)), key=lambda i: (len(by_column[i]), i))
    rows: list[list[list[str]]] = []
    for line in region:
        starts_row = any(column_of(s, columns) == key for s in line)
        if starts_row or not rows:
            rows.append([[] for _ in columns])
        for segment in line:
            rows[-1][column_of(segment, columns)].append(segment.text)
    if len(rows) < MIN_ROWS:
        return None
    texts = []
    for row in rows:
        cells = []
        for parts in row:
            cell = ""
            for part in parts:
                cell = join_lines(cell, part)
            if cell:
                cells.append(cell)
        texts.append(CELL_SEPARATOR.join(cells))
    return texts, len(columns)


def find_unruled_tables(segments: Sequence[Segment]) -> list[Segment]:
    """``segments`` with each table found by whitespace replaced by one table segment."""
    lines = group_lines(segments)
    replaced: set[int] = set()
    tables: list[Segment] = []
    for region in candidate_regions(lines):
        region = trim(region)
        found = table_rows(region)
        if found is None:
            continue
        texts, _ = found
        members = [s for line in region for s in line]
        bbox = (
            min(s.x0 for s in members),
            min(s.top for s in members),
            max(s.x1 for s in members),
            max(s.bottom for s in members),
        )
        tables.append(table_segment(texts, bbox))
        replaced.update(map(id, members))
    if not tables:
        return list(segments)
    return [s for s in segments if id(s) not in replaced] + tables
