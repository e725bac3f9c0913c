"""Ruled tables from ruling edges, through pdfplumber's table geometry."""

from __future__ import annotations

from pipeline.pdf_engines.page import BBox, Rows

# Lines and rectangle edges a page must draw before we look for tables on it.
MIN_RULES_FOR_TABLE = 4
# An edge this close to horizontal or vertical (points) is a ruling line.
STRAIGHT = 0.5
# Above this many path segments a page is a vector drawing (a map, a chart), not a table grid;
# reading them all would cost more than the rest of the page.
MAX_PATH_SEGMENTS = 60_000


def edge(x0: float, top: float, x1: float, bottom: float) -> dict[str, object] | None:
    """A pdfplumber edge record for a straight segment, or None when it is slanted."""
    x0, x1 = min(x0, x1), max(x0, x1)
    top, bottom = min(top, bottom), max(top, bottom)
    if bottom - top <= STRAIGHT:
        top = bottom = (top + bottom) / 2
        orientation = "h"
    elif x1 - x0 <= STRAIGHT:
        x0 = x1 = (x0 + x1) / 2
        orientation = "v"
    else:
        return None
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def tables_from_edges(edges: list[dict[str, object]]) -> list[tuple[BBox, Rows]]:
    """pdfplumber's ``find_tables()`` geometry (default settings) over given ruling edges."""
    from pdfplumber import table as tables
    from pdfplumber.utils import filter_edges

    tolerance = tables.DEFAULT_SNAP_TOLERANCE
    merged = tables.merge_edges(
        filter_edges(edges, min_length=1),
        snap_x_tolerance=tolerance,
        snap_y_tolerance=tolerance,
        join_x_tolerance=tables.DEFAULT_JOIN_TOLERANCE,
        join_y_tolerance=tables.DEFAULT_JOIN_TOLERANCE,
    )
    merged = filter_edges(merged, min_length=3)
    intersections = tables.edges_to_intersections(merged, 3, 3)
    cells = tables.intersections_to_cells(intersections)
    found = []
    for group in tables.cells_to_tables(cells):
        table = tables.Table(None, group)  # type: ignore[arg-type]
        rows = tuple(tuple(row.cells) for row in table.rows)
        found.append((table.bbox, rows))
    return found
