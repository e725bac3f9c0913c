"""PDF engines: a page's words (text, box, size, font, upright) and its ruled tables.

Two engines give the same records, so the layout code (``pipeline/layout/``) does not change
with the engine:

- ``pdfium`` (default): pypdfium2, the PDFium C library. Characters, boxes, sizes and fonts
  come from PDFium's text page; ruling lines come from the page's path objects and go through
  pdfplumber's table geometry (snap, join, intersections, cells), so ruled tables are found as
  the reference engine finds them, without pdfminer's slow page layout.
- ``pdfplumber``: pdfminer's layout through pdfplumber (``extract_words()`` and
  ``find_tables()``), the reference the fast engine is tested against.

Characters become words as pdfplumber's ``extract_words`` makes them: a word ends at a space,
at a change of font, size or direction, and where the next character starts more than
``X_TOLERANCE`` points after the previous one ends, before it, or more than ``Y_TOLERANCE``
points above or below it.

Both engines also report what went wrong while reading (``complaints``): content streams
whose compressed data is damaged (a flipped byte cuts a page's text short, and neither parser
says so on its own), and pdfminer's warnings of lost data.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import math
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import DocumentError
from pipeline.layout.boxes import Word

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom
Rows = tuple[tuple[BBox | None, ...], ...]

X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
# Lines and rectangle edges a page must draw before we look for tables on it.
MIN_RULES_FOR_TABLE = 4
# An edge this close to horizontal or vertical (points) is a ruling line.
STRAIGHT = 0.5
# Above this many path segments a page is a vector drawing (a map, a chart), not a table grid;
# reading them all would cost more than the rest of the page.
MAX_PATH_SEGMENTS = 60_000
# References followed before a chain of them counts as a loop (``6 0 R`` -> ``7 0 R`` -> ...).
MAX_REFERENCE_HOPS = 32
MAX_COMPLAINTS = 5


@dataclass(frozen=True, slots=True)
class RawPage:
    """One page as an engine reads it: words (text not yet cleaned) and ruled tables."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    tables: tuple[tuple[BBox, Rows], ...] = field(default=())


# pdfminer warnings that say text was lost (others, such as a missing CropBox, are routine).
DATA_LOSS = re.compile(r"data-loss|corrupt|damaged|truncat|decompress", re.IGNORECASE)


class Complaints(logging.Handler):
    """Our own stream checks, and pdfminer's warnings that say data was lost (they still go
    to the run's log as well)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if DATA_LOSS.search(message):
            self.add(message)

    def add(self, message: str) -> None:
        message = " ".join(message.split())
        if message and message not in self.messages:
            self.messages.append(message)

    def summary(self) -> str | None:
        """One warning for the document, or None when reading went cleanly."""
        if not self.messages:
            return None
        shown = "; ".join(self.messages[:MAX_COMPLAINTS])
        more = len(self.messages) - MAX_COMPLAINTS
        tail = f" (and {more} more)" if more > 0 else ""
        return f"PDF is damaged, text may be incomplete: {shown}{tail}"


@contextmanager
def pdfminer_warnings(complaints: Complaints) -> Iterator[None]:
    """pdfminer's warnings are also offered to ``complaints`` while reading."""
    logger = logging.getLogger("pdfminer")
    logger.addHandler(complaints)
    try:
        yield
    finally:
        logger.removeHandler(complaints)


# --- damaged content streams ------------------------------------------------------------


class ReferenceLoop(Exception):
    """References that lead back to themselves (``6 0 R`` -> ``7 0 R`` -> ``6 0 R``)."""


def _resolve(value: Any) -> Any:
    """``value`` with references followed, at most MAX_REFERENCE_HOPS of them."""
    from pdfminer.pdftypes import PDFObjRef

    for _ in range(MAX_REFERENCE_HOPS):
        if not isinstance(value, PDFObjRef):
            return value
        value = value.resolve()
    raise ReferenceLoop("a chain of object references loops")


def _stream_damage(stream: Any) -> str | None:
    """Why a Flate-compressed stream's data does not decompress whole, or None."""
    filters = _resolve(stream.attrs.get("Filter"))
    names = [str(_resolve(f)) for f in (filters if isinstance(filters, list) else [filters])]
    if not names or "FlateDecode" not in names[0] and "/'Fl'" not in names[0]:
        return None
    decompressor = zlib.decompressobj()
    try:
        decompressor.decompress(stream.rawdata or b"")
    except zlib.error as error:
        return str(error).removeprefix("Error -3 while decompressing data: ")
    return None


def page_dictionaries(document: Any) -> list[dict[str, Any]]:
    """The page dictionaries of a pdfminer document in order, from its page tree walked with
    every reference followed a bounded number of times (pdfminer's own ``PDFPage`` follows a
    reference loop in ``/Contents`` forever)."""
    pages: list[dict[str, Any]] = []
    seen: set[int] = set()
    stack = [_resolve(document.catalog.get("Pages"))]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        kids = _resolve(node.get("Kids"))
        if isinstance(kids, list):
            stack.extend(_resolve(kid) for kid in reversed(kids))
        elif "Contents" in node or str(_resolve(node.get("Type"))).endswith("Page'"):
            pages.append(node)
    return pages


def check_content_streams(document: Any, complaints: Complaints) -> None:
    """Complain about each page whose content stream data is damaged (pdfminer objects)."""
    from pdfminer.pdftypes import PDFStream

    try:
        pages = page_dictionaries(document)
    except Exception as error:  # noqa: BLE001 - a broken page tree is itself the complaint
        complaints.add(f"page tree: {error}")
        return
    for number, page in enumerate(pages, start=1):
        try:
            contents = _resolve(page.get("Contents"))
            parts = contents if isinstance(contents, list) else [contents]
            for part in parts:
                stream = _resolve(part)
                if not isinstance(stream, PDFStream):
                    continue
                damage = _stream_damage(stream)
                if damage:
                    complaints.add(f"page {number}: content stream is damaged ({damage})")
        except ReferenceLoop as error:
            raise DocumentError(f"PDF is corrupt: page {number}: {error}") from None
        except Exception as error:  # noqa: BLE001 - pdfminer raises many types on bad objects
            complaints.add(f"page {number}: {error}")


def check_file_streams(path: Path, complaints: Complaints) -> None:
    """``check_content_streams`` for a file the pdfium engine reads (pdfminer parses only the
    object structure, which is cheap; it does not lay the pages out)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    with pdfminer_warnings(complaints), path.open("rb") as handle:
        try:
            document = PDFDocument(PDFParser(handle))
        except Exception:  # noqa: BLE001 - pdfium opened it; pdfminer's view is a bonus
            return
        check_content_streams(document, complaints)


# --- ruled tables from edges ------------------------------------------------------------


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


# --- the pdfium engine ------------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


Char = tuple[str, float, float, float, float]  # text, x0, top, x1, bottom
Style = tuple[str, float, bool, float]  # font name, size, upright, descent (share of size)
# PDFium marks a hyphen at a line end: 2 from FPDFText_GetUnicode, 0xFFFE from FPDFText_GetText.
HYPHEN_MARKS = (2, 0xFFFE)


@functools.cache
def _address_of_text_object(pdfium_c: Any) -> Any:
    """``FPDFText_GetTextObject`` returning a plain address (an int, or None): cheap to
    compare and to use as a key, where the binding's pointer objects are neither."""
    function = pdfium_c.FPDFText_GetTextObject
    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
    return prototype(ctypes.cast(function, ctypes.c_void_p).value or 0)


def new_word(prev: Char, x0: float, top: float, upright: bool) -> bool:
    """Whether a character at ``x0``/``top`` starts a new word after ``prev`` (pdfplumber's
    test: before the previous one, or more than a tolerance after it or off its line)."""
    _, prev_x0, prev_top, prev_x1, prev_bottom = prev
    if upright:
        return x0 < prev_x0 or x0 > prev_x1 + X_TOLERANCE or abs(top - prev_top) > Y_TOLERANCE
    return top < prev_top or top > prev_bottom + Y_TOLERANCE or abs(x0 - prev_x0) > X_TOLERANCE


class PdfiumPage:
    """Words and ruling edges of one pdfium page (closed by the caller)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        left, bottom, right, top = page.get_mediabox()
        self.left, self.top = float(left), float(top)
        self.width, self.height = float(right - left), float(top - bottom)

    def _style(self, pdfium_c: Any, textpage: Any, index: int, key: int) -> Style:
        """Font name, size, uprightness and descent of the text object at ``key`` (an
        address). The loose box of a glyph the font has no metrics for is its ink box, so
        lines are placed from the origin and the font's descent instead."""
        # PDFium's font size is the text object's; the text and page matrices scale it.
        size = float(pdfium_c.FPDFText_GetFontSize(textpage, index)) or 1.0
        matrix = pdfium_c.FS_MATRIX()
        if pdfium_c.FPDFText_GetMatrix(textpage, index, matrix):
            size *= math.hypot(matrix.c, matrix.d) or 1.0
        name = ""
        obj = ctypes.cast(key, pdfium_c.FPDF_PAGEOBJECT) if key else None
        font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
        if font:
            length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
            if length > 0:
                buffer = ctypes.create_string_buffer(length)
                pdfium_c.FPDFFont_GetBaseFontName(font, buffer, length)
                name = buffer.value.decode("utf-8", "replace")
        descent = -0.2
        if font:
            value = ctypes.c_float()
            if pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), ctypes.byref(value)):
                descent = float(value.value)
        angle = float(pdfium_c.FPDFText_GetCharAngle(textpage, index))
        upright = angle < 0.01 or abs(angle - 2 * math.pi) < 0.01 or angle < 0
        return (name, size, upright, descent)

    def words(self) -> list[Word]:
        import pypdfium2.raw as pdfium_c

        textpage_obj = self.page.get_textpage()
        try:
            return self._words(pdfium_c, textpage_obj.raw)
        finally:
            textpage_obj.close()

    @staticmethod
    def _text(pdfium_c: Any, textpage: Any, count: int) -> list[int]:
        """The code of every character, read in one call (one UTF-16 unit each, unless the
        page has characters beyond the BMP: then one call per character)."""
        buffer = (ctypes.c_ushort * (count + 1))()
        written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
        codes = list(buffer)[:count]
        if written != count + 1 or any(0xD800 <= code <= 0xDFFF for code in codes):
            codes = [pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(count)]
        return codes

    def _words(self, pdfium_c: Any, textpage: Any) -> list[Word]:
        words: list[Word] = []
        chars: list[Char] = []
        style: Style | None = None
        styles: dict[int, Style] = {}
        rect = pdfium_c.FS_RECTF()
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        get_origin = pdfium_c.FPDFText_GetCharOrigin
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        text_object = _address_of_text_object(pdfium_c)
        page_address = ctypes.cast(textpage, ctypes.c_void_p).value
        left, top_of_page = self.left, self.top

        def finish() -> None:
            if chars and style is not None:
                words.append(
                    Word(
                        text="".join(ch[0] for ch in chars),
                        x0=min(ch[1] for ch in chars),
                        x1=max(ch[3] for ch in chars),
                        top=min(ch[2] for ch in chars),
                        bottom=max(ch[4] for ch in chars),
                        size=style[1],
                        font=style[0],
                        upright=style[2],
                    )
                )
            chars.clear()

        count = pdfium_c.FPDFText_CountChars(textpage)
        for index, code in enumerate(self._text(pdfium_c, textpage, count)):
            char = "-" if code in HYPHEN_MARKS else chr(code) if code else ""
            if not char or char.isspace():  # spaces PDFium adds where it sees a gap too
                finish()
                continue
            key = text_object(page_address, index) or 0
            this = styles.get(key)
            if this is None:
                this = styles[key] = self._style(pdfium_c, textpage, index, key)
            get_box(textpage, index, rect)
            x0, x1 = rect.left - left, rect.right - left
            if this[2]:  # as pdfminer: from the font's descent line up one font size
                get_origin(textpage, index, origin_x, origin_y)
                bottom = top_of_page - (origin_y.value + this[3] * this[1])
                top = bottom - this[1]
            else:
                top, bottom = top_of_page - rect.top, top_of_page - rect.bottom
            if chars and (this != style or new_word(chars[-1], x0, top, this[2])):
                finish()
            style = this
            chars.append((char, x0, top, x1, bottom))
        finish()
        return words

    def edges(self) -> list[dict[str, object]]:
        """Straight segments of the page's paths (inside forms too), in top-left coordinates;
        empty when the page draws fewer than MIN_RULES_FOR_TABLE of them or is a drawing."""
        import pypdfium2.raw as pdfium_c

        found: list[dict[str, object]] = []
        budget = [MAX_PATH_SEGMENTS]
        count = pdfium_c.FPDFPage_CountObjects(self.page.raw)
        objects = [pdfium_c.FPDFPage_GetObject(self.page.raw, i) for i in range(count)]
        if not self._paths(pdfium_c, objects, IDENTITY, found, budget, depth=0):
            return []
        return found if len(found) >= MIN_RULES_FOR_TABLE else []

    def _paths(
        self,
        pdfium_c: Any,
        objects: list[Any],
        outer: Matrix,
        found: list[dict[str, object]],
        budget: list[int],
        depth: int,
    ) -> bool:
        matrix = pdfium_c.FS_MATRIX()
        point_x, point_y = ctypes.c_float(), ctypes.c_float()
        for obj in objects:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            own = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                if depth > 8:
                    continue
                inner = [
                    pdfium_c.FPDFFormObj_GetObject(obj, i)
                    for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
                ]
                if not self._paths(pdfium_c, inner, own, found, budget, depth + 1):
                    return False
                continue
            n_segments = pdfium_c.FPDFPath_CountSegments(obj)
            budget[0] -= n_segments
            if budget[0] < 0:
                return False
            a, b, c, d, e, f = own
            start: tuple[float, float] | None = None
            last: tuple[float, float] | None = None
            for index in range(n_segments):
                segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
                pdfium_c.FPDFPathSegment_GetPoint(
                    segment, ctypes.byref(point_x), ctypes.byref(point_y)
                )
                px, py = point_x.value, point_y.value
                here = (a * px + c * py + e - self.left, self.top - (b * px + d * py + f))
                kind_of = pdfium_c.FPDFPathSegment_GetType(segment)
                if kind_of == pdfium_c.FPDF_SEGMENT_MOVETO or last is None:
                    start = here
                elif kind_of == pdfium_c.FPDF_SEGMENT_LINETO:
                    found_edge = edge(last[0], last[1], here[0], here[1])
                    if found_edge:
                        found.append(found_edge)
                if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                    found_edge = edge(here[0], here[1], start[0], start[1])
                    if found_edge:
                        found.append(found_edge)
                    here = start
                last = here
        return True


class PdfiumReader:
    """A PDF opened with pypdfium2; ``pages()`` reads one page at a time and closes it."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        self.path = path
        try:
            self.pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as error:
            text = str(error)
            if "password" in text.lower():
                raise DocumentError("PDF is encrypted: a password is needed to read it") from None
            reason = text.split("(PDFium: ")[-1].rstrip(").") if "(PDFium: " in text else text
            raise DocumentError(f"PDF is corrupt or truncated: {reason}") from None
        self.complaints = Complaints()
        try:
            check_file_streams(path, self.complaints)
        except DocumentError:
            self.pdf.close()
            raise

    def metadata(self) -> dict[str, object]:
        return dict(self.pdf.get_metadata_dict(skip_empty=True))

    def __len__(self) -> int:
        return len(self.pdf)

    def pages(self) -> Iterator[RawPage]:
        for index in range(len(self.pdf)):
            page = self.pdf[index]
            try:
                reader = PdfiumPage(page)
                words = reader.words()
                tables: list[tuple[BBox, Rows]] = []
                if words:
                    edges = reader.edges()
                    if edges:
                        tables = tables_from_edges(edges)
                yield RawPage(
                    number=index + 1,
                    width=reader.width,
                    height=reader.height,
                    words=tuple(words),
                    tables=tuple(tables),
                )
            finally:
                page.close()

    def close(self) -> None:
        self.pdf.close()


# --- the pdfplumber engine --------------------------------------------------------------


class PdfplumberReader:
    """A PDF opened with pdfplumber (the reference engine)."""

    def __init__(self, path: Path) -> None:
        import pdfplumber

        self.complaints = Complaints()
        with pdfminer_warnings(self.complaints):
            self.pdf = pdfplumber.open(path)
            try:  # before pdfminer builds its pages, which loops on a reference loop
                check_content_streams(self.pdf.doc, self.complaints)
            except DocumentError:
                # not pdf.close(): it builds the pages to close them, and would loop too
                self.pdf.stream.close()
                raise

    def metadata(self) -> dict[str, object]:
        return dict(self.pdf.metadata or {})

    def __len__(self) -> int:
        return len(self.pdf.pages)

    def pages(self) -> Iterator[RawPage]:
        for number, page in enumerate(self.pdf.pages, start=1):
            try:
                with pdfminer_warnings(self.complaints):
                    yield self._page(page, number)
            finally:
                page.close()

    @staticmethod
    def _page(page: Any, number: int) -> RawPage:
        raws = page.extract_words(extra_attrs=["size", "fontname", "upright"])
        words = tuple(
            Word(
                text=raw["text"],
                x0=raw["x0"],
                x1=raw["x1"],
                top=raw["top"],
                bottom=raw["bottom"],
                size=raw["size"],
                font=raw["fontname"],
                upright=bool(raw["upright"]),
            )
            for raw in raws
        )
        tables: list[tuple[BBox, Rows]] = []
        if words and len(page.rects) + len(page.lines) >= MIN_RULES_FOR_TABLE:
            for found in page.find_tables():
                tables.append((found.bbox, tuple(tuple(row.cells) for row in found.rows)))
        return RawPage(
            number=number,
            width=float(page.width),
            height=float(page.height),
            words=words,
            tables=tuple(tables),
        )

    def close(self) -> None:
        self.pdf.close()
