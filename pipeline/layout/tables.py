"""Tables: the words inside a table's cells become text rows, cells joined by `` | ``.

pdfplumber finds the cell boxes (``read_pdf`` passes them in); the text of each cell comes
from the page's one ``extract_words()`` pass, so a table costs no second text extraction.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.layout.boxes import Segment, Word, group_lines, table_segment
from pipeline.patterns import CELL_SEPARATOR

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
# A "table" over most of the page is a background or a frame, not a table.
MAX_PAGE_SHARE = 0.8


def inside(word: Word, box: BBox) -> bool:
    x = (word.x0 + word.x1) / 2
    y = (word.top + word.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def cell_text(words: Sequence[Word]) -> str:
    return " ".join(word.text for line in group_lines(words) for word in line)


def plausible_table(bbox: BBox, rows: Sequence[Sequence[BBox | None]], page_area: float) -> bool:
    """At least two rows and two columns, and not a frame around the whole page."""
    area = (bbox[2] - bbox[0]) * (bbox[3] - bbox[1])
    widest = max((sum(cell is not None for cell in row) for row in rows), default=0)
    return len(rows) >= 2 and widest >= 2 and area <= MAX_PAGE_SHARE * page_area


def build_table(
    words: Sequence[Word], bbox: BBox, rows: Sequence[Sequence[BBox | None]]
) -> tuple[Segment | None, list[Word]]:
    """The table as a segment of text rows, and the words outside it.

    Comes back as ``(None, words)`` when fewer than two rows hold text in two cells, so a
    box that only looks like a table is read as ordinary text.
    """
    inner = [word for word in words if inside(word, bbox)]
    texts: list[str] = []
    placed: set[int] = set()
    multi_cell_rows = 0
    for row in rows:
        cells = []
        for cell in row:
            if cell is None:
                continue
            held = [word for word in inner if id(word) not in placed and inside(word, cell)]
            placed.update(map(id, held))
            if held:
                cells.append(cell_text(held))
        if cells:
            texts.append(CELL_SEPARATOR.join(cells))
            multi_cell_rows += len(cells) >= 2
    if multi_cell_rows < 2:
        return None, list(words)
    return table_segment(texts, bbox), [word for word in words if id(word) not in placed]
