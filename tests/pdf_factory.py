"""Typeset test PDFs with reportlab, at test time, from text whose mentions we know.

Text is laid out line by line on a canvas (not with platypus) so each test decides where lines
break: ``~`` inside a word forces a line break there with a hyphen (``develop~ment``), and
after a hyphen it breaks a compound (``long-~standing``). ``plain_text`` gives the same text
as a text file would hold it (markers removed, one block per line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

BREAK = "~"
BODY_FONT, BOLD_FONT = "Helvetica", "Helvetica-Bold"
BODY_SIZE, HEADING_SIZE, TITLE_SIZE = 10.0, 13.0, 20.0
LEADING = 13.0
MARGIN = 56.0
GUTTER = 22.0


class Role(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"


@dataclass(frozen=True)
class Block:
    role: Role
    text: str


def para(text: str) -> Block:
    return Block(Role.PARAGRAPH, text)


def heading(text: str) -> Block:
    return Block(Role.HEADING, text)


def bullet(text: str) -> Block:
    return Block(Role.BULLET, text)


class Layout(StrEnum):
    ONE_COLUMN = "one-column"
    TWO_COLUMNS = "two-columns"
    SIDEBAR = "sidebar"  # a narrow left column (30 %) beside a wide one


def columns_of(layout: Layout, width: float) -> list[tuple[float, float]]:
    """(x, width) of each column, left to right."""
    inner = width - 2 * MARGIN
    match layout:
        case Layout.ONE_COLUMN:
            return [(MARGIN, inner)]
        case Layout.TWO_COLUMNS:
            half = (inner - GUTTER) / 2
            return [(MARGIN, half), (MARGIN + half + GUTTER, half)]
        case Layout.SIDEBAR:
            narrow = 0.3 * (inner - GUTTER)
            return [(MARGIN, narrow), (MARGIN + narrow + GUTTER, inner - GUTTER - narrow)]


def plain_text(title: str, blocks: Sequence[Block]) -> str:
    """The document as a plain text file: title, then one block per line."""
    return "\n".join([title, *(block.text.replace(BREAK, "") for block in blocks)]) + "\n"


def next_line(tokens: list[str], font: str, size: float, width: float) -> tuple[str, list[str]]:
    """The next line from ``tokens`` (words; ``~`` forces a break with a hyphen) and the rest."""
    line = ""
    for index, word in enumerate(tokens):
        piece, marker, remainder = word.partition(BREAK)
        candidate = f"{line} {piece}".strip()
        if line and stringWidth(candidate, font, size) > width:
            return line, tokens[index:]
        if marker:
            hyphenated = candidate if candidate.endswith("-") else candidate + "-"
            return hyphenated, [remainder, *tokens[index + 1 :]]
        line = candidate
    return line, []


# The matrix (a, b, c, d, e, f) that draws display coordinates of a ``width`` x ``height``
# page into the user space of a page with that /Rotate (reportlab swaps the media box of a
# page turned by 90 or 270 degrees).
UPRIGHT_UNDER_ROTATION = {
    90: lambda width, height: (0.0, 1.0, -1.0, 0.0, height, 0.0),
    180: lambda width, height: (-1.0, 0.0, 0.0, -1.0, width, height),
    270: lambda width, height: (0.0, -1.0, 1.0, 0.0, 0.0, width),
}


def typeset(
    path: Path,
    title: str,
    blocks: Sequence[Block],
    layout: Layout = Layout.ONE_COLUMN,
    header: str = "",
    footer: str = "",
    page_numbers: bool = False,
    column_height: float | None = None,
    rotate: int = 0,
) -> Path:
    """Write a PDF: a full-width title on page 1, then ``blocks`` flowing through the columns.

    ``column_height`` (points) shortens the columns to force column and page breaks.
    ``rotate`` (90, 180, 270) sets each page's /Rotate and draws the content turned the
    other way, so the page displays upright as a scanned-in landscape page would.
    """
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)

    def turn() -> None:
        if not rotate:
            return
        pdf.setPageRotation(rotate)
        # display (u, v) -> user space (x, y) of a page whose /Rotate is ``rotate``
        pdf.transform(*UPRIGHT_UNDER_ROTATION[rotate](width, height))

    columns = columns_of(layout, width)
    page = 1
    top = height - MARGIN - 40  # below the running header
    bottom = MARGIN + 30  # above the footer

    def furniture() -> None:
        pdf.setFont(BODY_FONT, 8)
        if header:
            pdf.drawString(MARGIN, height - MARGIN, header)
        if footer:
            pdf.drawString(MARGIN, MARGIN - 10, footer)
        if page_numbers:
            pdf.drawRightString(width - MARGIN, MARGIN - 10, str(page))

    turn()
    furniture()
    pdf.setFont(BOLD_FONT, TITLE_SIZE)
    pdf.drawString(MARGIN, top, title)
    first_top = top - 2 * TITLE_SIZE
    column = 0
    y = first_top
    limit = bottom if column_height is None else max(bottom, first_top - column_height)
    for block in blocks:
        font, size, indent = BODY_FONT, BODY_SIZE, 0.0
        if block.role is Role.HEADING:
            font, size = BOLD_FONT, HEADING_SIZE
        elif block.role is Role.BULLET:
            indent = 12.0
        x, col_width = columns[column]
        tokens = block.text.split()
        number = 0
        while tokens:
            if y < limit:
                column += 1
                if column == len(columns):
                    pdf.showPage()
                    page += 1
                    turn()
                    furniture()
                    column = 0
                    first_top = top
                y = first_top
                limit = bottom if column_height is None else max(bottom, top - column_height)
                x, col_width = columns[column]
            line, tokens = next_line(tokens, font, size, col_width - indent)
            if block.role is Role.BULLET and number == 0:
                pdf.setFont(BODY_FONT, size)
                pdf.drawString(x, y, "\u2022")
            pdf.setFont(font, size)
            pdf.drawString(x + indent, y, line)
            y -= LEADING if size <= BODY_SIZE else size + 4
            number += 1
        y -= 8  # space between paragraphs
    pdf.showPage()
    pdf.save()
    return path
