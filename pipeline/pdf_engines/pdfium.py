"""The pdfium engine: pypdfium2 text pages and path objects."""

from __future__ import annotations

import ctypes
import functools
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import DocumentError
from pipeline.layout.boxes import Word
from pipeline.pdf_engines.complaints import Complaints, check_file_streams
from pipeline.pdf_engines.page import X_TOLERANCE, Y_TOLERANCE, BBox, RawPage, Rows
from pipeline.pdf_engines.ruled import (
    MAX_PATH_SEGMENTS,
    MIN_RULES_FOR_TABLE,
    edge,
    tables_from_edges,
)

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


Style = tuple[str, float, bool, float]  # font name, size, upright, descent (share of size)
# PDFium marks a hyphen at a line end: 2 from FPDFText_GetUnicode, 0xFFFE from FPDFText_GetText.
HYPHEN_MARKS = (2, 0xFFFE)
_MARKS = {**{mark: "-" for mark in HYPHEN_MARKS}, 0: " "}
_SURROGATE = re.compile("[\ud800-\udfff]")


# The per-character calls below are prototypes without argument types: a call then passes
# a ctypes pointer object as it is and a Python int as a C int (the character's index), which
# costs about 40 % less than converting each argument through declared types. Every pointer
# they are given must therefore be a ctypes object (`ctypes.c_void_p`, an array), never an
# int: an int would be passed as a 32-bit C int.


@functools.cache
def _address_of_text_object(pdfium_c: Any) -> Any:
    """``FPDFText_GetTextObject(text_page, index)`` returning a plain address (an int, or
    None): cheap to compare and to use as a key, where the binding's pointer objects are
    neither. ``text_page`` must be a `ctypes.c_void_p`."""
    function = pdfium_c.FPDFText_GetTextObject
    return ctypes.CFUNCTYPE(ctypes.c_void_p)(ctypes.cast(function, ctypes.c_void_p).value or 0)


@functools.cache
def _char_box_functions(pdfium_c: Any) -> tuple[Any, Any]:
    """``FPDFText_GetLooseCharBox(text_page, index, rect)`` and ``FPDFText_GetCharOrigin(
    text_page, index, x, y)``, the pointers given as ctypes objects: the binding's argument
    checks cost more than the calls themselves, once per character."""
    box, origin = (
        ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.cast(function, ctypes.c_void_p).value or 0)
        for function in (pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin)
    )
    return box, origin


@functools.cache
def _path_functions(pdfium_c: Any) -> tuple[Any, Any, Any, Any]:
    """``FPDFPath_GetPathSegment(path, index)``, ``FPDFPathSegment_GetPoint(segment, x, y)``,
    ``FPDFPathSegment_GetType(segment)`` and ``FPDFPathSegment_GetClose(segment)``, the
    pointers given as ctypes objects, as `_char_box_functions`: they run once per segment of
    every path, and a chart draws tens of thousands. A segment comes back as a `_Pointer`,
    an object, ready to be passed on."""
    get_segment, get_point, get_type, get_close = (
        ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value or 0)
        for function, restype in (
            (pdfium_c.FPDFPath_GetPathSegment, _Pointer),
            (pdfium_c.FPDFPathSegment_GetPoint, ctypes.c_int),
            (pdfium_c.FPDFPathSegment_GetType, ctypes.c_int),
            (pdfium_c.FPDFPathSegment_GetClose, ctypes.c_int),
        )
    )
    return get_segment, get_point, get_type, get_close


class _Pointer(ctypes.c_void_p):
    """A result type that ctypes returns as this object, not as an int (a subclass of a
    simple type is not converted)."""


class PdfiumPage:
    """Words and ruling edges of one pdfium page (closed by the caller)."""

    def __init__(self, page: Any) -> None:
        self.page = page
        left, bottom, right, top = (float(v) for v in page.get_mediabox())
        self.left, self.bottom, self.right, self.top = left, bottom, right, top
        # /Rotate turns the page clockwise for display; pdfplumber (pdfminer) reads the
        # page as displayed, so boxes are turned the same way here.
        self.rotation = int(page.get_rotation()) % 360
        self.width, self.height = right - left, top - bottom
        if self.rotation in (90, 270):
            self.width, self.height = self.height, self.width

    def to_display(self, x: float, y: float) -> tuple[float, float]:
        """A point of PDF user space (y up) as ``(x, top)`` on the page as displayed (origin
        at its top left): pdfminer's rotation matrices."""
        if self.rotation == 90:
            return y - self.bottom, x - self.left
        if self.rotation == 180:
            return self.right - x, y - self.bottom
        if self.rotation == 270:
            return self.top - y, self.right - x
        return x - self.left, self.top - y

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
        if angle >= 0:  # turned with the page: text the rotation sets level is upright
            angle = (angle + math.radians(self.rotation)) % (2 * math.pi)
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
    def _text(pdfium_c: Any, textpage: Any, count: int) -> str:
        """Every character, read in one call (one UTF-16 unit each, unless the page has
        characters beyond the BMP: then one call per character); PDFium's end-of-line hyphen
        marks read as ``-`` and a NUL as a space (it ends a word)."""
        buffer = (ctypes.c_ushort * (count + 1))()
        written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
        text = ""
        if written == count + 1:
            text = ctypes.string_at(buffer, 2 * count).decode("utf-16-le", "surrogatepass")
        if len(text) != count or _SURROGATE.search(text):
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
        return text.translate(_MARKS)

    def _words(self, pdfium_c: Any, textpage: Any) -> list[Word]:
        """The page's words. The loop keeps the open word's running box in locals (no list
        of characters, no tuple per character), calls PDFium through prototypes that take
        plain addresses and reads what they write through memoryviews (a ctypes field or
        ``.value`` costs several times more), and looks at a character's style only when
        its text object is not the one before: it runs once per character of every page."""
        words: list[Word] = []
        text: list[str] = []  # the open word's characters
        style: Style | None = None
        styles: dict[int, Style] = {}
        box = (ctypes.c_float * 4)()  # an FS_RECTF: left, top, right, bottom
        rect = pdfium_c.FS_RECTF.from_buffer(box)
        origin = (ctypes.c_double * 2)()  # x, y
        corners, point = memoryview(box).cast("B").cast("f"), memoryview(origin).cast("B").cast("d")
        get_box, get_origin = _char_box_functions(pdfium_c)
        x_at = ctypes.c_void_p(ctypes.addressof(origin))
        y_at = ctypes.c_void_p(ctypes.addressof(origin) + ctypes.sizeof(ctypes.c_double))
        text_object = _address_of_text_object(pdfium_c)
        page = ctypes.c_void_p(ctypes.cast(textpage, ctypes.c_void_p).value)
        left, top_of_page = self.left, self.top
        turned = self.rotation != 0
        to_display = self.to_display
        # the open word's box and its last character's box
        w_x0 = w_x1 = w_top = w_bottom = 0.0
        p_x0 = p_x1 = p_top = p_bottom = 0.0
        size = 0.0
        font = ""
        upright = True
        # the style of the character's text object (``key``), and its parts
        key = last_key = -1
        this: Style = ("", 0.0, True, 0.0)
        this_size, this_upright, lift = 0.0, True, 0.0

        count = pdfium_c.FPDFText_CountChars(textpage)
        for index, char in enumerate(self._text(pdfium_c, textpage, count)):
            if char.isspace():  # spaces PDFium adds where it sees a gap too
                if text:
                    words.append(
                        Word("".join(text), w_x0, w_x1, w_top, w_bottom, size, font, upright)
                    )
                    text = []
                continue
            key = text_object(page, index) or 0
            if key != last_key:
                last_key = key
                found = styles.get(key)
                if found is None:
                    found = styles[key] = self._style(pdfium_c, textpage, index, key)
                this = found
                this_size, this_upright = this[1], this[2]
                lift = this[3] * this_size
            get_box(page, index, box)
            if turned:
                x0, top, x1, bottom = self._turned_box(rect)
                if this_upright:
                    get_origin(page, index, x_at, y_at)
                    bottom = to_display(point[0], point[1])[1] - lift
                    top = bottom - this_size
            elif this_upright:  # as pdfminer: from the font's descent line up one font size
                x0, x1 = corners[0] - left, corners[2] - left
                get_origin(page, index, x_at, y_at)
                bottom = top_of_page - (point[1] + lift)
                top = bottom - this_size
            else:
                x0, x1 = corners[0] - left, corners[2] - left
                top, bottom = top_of_page - corners[1], top_of_page - corners[3]
            # pdfplumber's test for a new word: another style, or before the previous
            # character, or more than a tolerance after it or off its line
            if text:
                if (this is not style and this != style) or (
                    (x0 < p_x0 or x0 > p_x1 + X_TOLERANCE or abs(top - p_top) > Y_TOLERANCE)
                    if upright
                    else (
                        top < p_top or top > p_bottom + Y_TOLERANCE or abs(x0 - p_x0) > X_TOLERANCE
                    )
                ):
                    words.append(
                        Word("".join(text), w_x0, w_x1, w_top, w_bottom, size, font, upright)
                    )
                    text = [char]
                    w_x0, w_x1, w_top, w_bottom = x0, x1, top, bottom
                else:
                    text.append(char)
                    if x0 < w_x0:
                        w_x0 = x0
                    if x1 > w_x1:
                        w_x1 = x1
                    if top < w_top:
                        w_top = top
                    if bottom > w_bottom:
                        w_bottom = bottom
            else:
                text = [char]
                w_x0, w_x1, w_top, w_bottom = x0, x1, top, bottom
            if this is not style:
                style = this
                font, size, upright = this[0], this_size, this_upright
            p_x0, p_x1, p_top, p_bottom = x0, x1, top, bottom
        if text:
            words.append(Word("".join(text), w_x0, w_x1, w_top, w_bottom, size, font, upright))
        return words

    def _turned_box(self, rect: Any) -> tuple[float, float, float, float]:
        """``x0, top, x1, bottom`` of a user-space rectangle on the page as displayed."""
        ax, atop = self.to_display(rect.left, rect.bottom)
        bx, btop = self.to_display(rect.right, rect.top)
        return min(ax, bx), min(atop, btop), max(ax, bx), max(atop, btop)

    def edges(self) -> list[dict[str, object]]:
        """Straight segments of the page's paths (inside forms too), in top-left coordinates;
        empty when the page draws fewer than MIN_RULES_FOR_TABLE of them or is a drawing
        (more than MAX_PATH_SEGMENTS segments: counted first, before any is read)."""
        import pypdfium2.raw as pdfium_c

        count = pdfium_c.FPDFPage_CountObjects(self.page.raw)
        objects = [pdfium_c.FPDFPage_GetObject(self.page.raw, i) for i in range(count)]
        paths: list[tuple[Any, Matrix, int]] = []
        if not self._path_objects(pdfium_c, objects, IDENTITY, paths, [MAX_PATH_SEGMENTS], 0):
            return []
        found = self._straight_segments(pdfium_c, paths)
        return found if len(found) >= MIN_RULES_FOR_TABLE else []

    def _path_objects(
        self,
        pdfium_c: Any,
        objects: list[Any],
        outer: Matrix,
        paths: list[tuple[Any, Matrix, int]],
        budget: list[int],
        depth: int,
    ) -> bool:
        """Collect the path objects (with their matrix and segment count) of ``objects`` and
        the forms in them; False as soon as they hold more segments than ``budget``."""
        matrix = pdfium_c.FS_MATRIX()
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
                if not self._path_objects(pdfium_c, inner, own, paths, budget, depth + 1):
                    return False
                continue
            n_segments = pdfium_c.FPDFPath_CountSegments(obj)
            budget[0] -= n_segments
            if budget[0] < 0:
                return False
            paths.append((obj, own, n_segments))
        return True

    def _straight_segments(
        self, pdfium_c: Any, paths: list[tuple[Any, Matrix, int]]
    ) -> list[dict[str, object]]:
        found: list[dict[str, object]] = []
        point_x, point_y = ctypes.c_float(), ctypes.c_float()
        x_at = ctypes.c_void_p(ctypes.addressof(point_x))
        y_at = ctypes.c_void_p(ctypes.addressof(point_y))
        get_segment, get_point, get_type, get_close = _path_functions(pdfium_c)
        moveto, lineto = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO
        to_display = self.to_display
        for obj, (a, b, c, d, e, f), n_segments in paths:
            start: tuple[float, float] | None = None
            last: tuple[float, float] | None = None
            path = ctypes.c_void_p(ctypes.cast(obj, ctypes.c_void_p).value)
            for index in range(n_segments):
                segment = get_segment(path, index)
                get_point(segment, x_at, y_at)
                px, py = point_x.value, point_y.value
                here = to_display(a * px + c * py + e, b * px + d * py + f)
                kind_of = get_type(segment)
                if kind_of == moveto or last is None:
                    start = here
                elif kind_of == lineto:
                    found_edge = edge(last[0], last[1], here[0], here[1])
                    if found_edge:
                        found.append(found_edge)
                if get_close(segment) and start is not None:
                    found_edge = edge(here[0], here[1], start[0], start[1])
                    if found_edge:
                        found.append(found_edge)
                    here = start
                last = here
        return found


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
