"""Stage 2: SourceDocument -> DocumentText (one string, a page map, title and metadata).

Readers for PDF (pypdfium2 or pdfplumber: ``pipeline/pdf_engines/``), HTML (trafilatura,
main content only) and plain text.
Each raises DocumentError with a sentence a person understands when a file cannot be read.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.config import PdfEngine
from pipeline.errors import DocumentError
from pipeline.layout.boxes import Segment, Word, drop_stacked_letters, words_to_segments
from pipeline.layout.columns import find_gutters, reading_order
from pipeline.layout.drop_capitals import join_drop_capitals
from pipeline.layout.furniture import PageBoxes, count_lines, find_furniture
from pipeline.layout.grid import find_unruled_tables
from pipeline.layout.lines import carry_hyphenated_word, compose_page
from pipeline.layout.tables import build_table, plausible_table
from pipeline.patterns import HtmlRules, TextRules
from pipeline.pdf_engines import PdfiumReader, PdfplumberReader, RawPage
from schemas import DocumentText, MediaType, PageSpan, SourceDocument, TextBlock

# Characters that are spaces in print but not to a tokenizer.
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
PAGE_SEPARATOR = "\n\n"


def clean_text(text: str) -> str:
    """Normalize spaces, zero-width characters and line ends; keep everything else."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    # Ligatures (ﬁ, ﬂ) and full-width forms only: NFKC on the whole text would also turn
    # "²" into "2" and "…" into "...", which changes what a reviewer sees.
    return "".join(
        unicodedata.normalize("NFKC", ch) if "\ufb00" <= ch <= "\ufb4f" else ch for ch in text
    )


def first_line(text: str, limit: int = 200) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if len(line) > 3:
            return line[:limit]
    return ""


# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "UTF-32", "utf-32-be"),
    (codecs.BOM_UTF8, "UTF-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "UTF-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "UTF-16", "utf-16-be"),
)
# <meta charset="..."> or <meta http-equiv="Content-Type" content="...; charset=...">, looked
# for in the first 1,024 bytes as browsers do.
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Labels that browsers read as windows-1252 (WHATWG Encoding), whatever they say.
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"}
NUL_HINT = "binary content, or UTF-16 without a byte-order mark?"


def declared_charset(raw: bytes) -> str | None:
    """The Python codec of the charset an HTML page declares in a ``<meta>``, if it names one
    Python knows."""
    match = _META_CHARSET.search(raw[:1024])
    if not match:
        return None
    label = match[1].decode("ascii", "replace").lower()
    label = "cp1252" if label in _WINDOWS_1252 else label
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode(raw: bytes, what: str, markup: bool) -> tuple[str, tuple[str, ...]]:
    for bom, name, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), ()
            except UnicodeDecodeError:
                raise DocumentError(
                    f"{what} starts with a {name} byte-order mark but is not {name}"
                ) from None
    try:
        return raw.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    declared = declared_charset(raw) if markup else None
    if declared and declared != "utf-8":
        with contextlib.suppress(UnicodeDecodeError):
            return raw.decode(declared), ()
    if b"\x00" in raw:
        raise DocumentError(f"{what} is not decodable as UTF-8 or cp1252 ({NUL_HINT})")
    try:
        return raw.decode("cp1252"), ("not valid UTF-8; decoded as cp1252",)
    except UnicodeDecodeError:
        raise DocumentError(f"{what} is not decodable as UTF-8 or cp1252") from None


def read_decoded(
    doc: SourceDocument, what: str, *, markup: bool = False
) -> tuple[str, tuple[str, ...]]:
    """The file's text: decoded by its byte-order mark (UTF-8, UTF-16, UTF-32, LE or BE) when
    it starts with one, else as UTF-8, else (``markup``: HTML) in the charset its ``<meta>``
    declares, else as cp1252 with a warning. DocumentError when the file is blank, when
    nothing decodes it, or when the text holds NUL characters: text files do not, binary
    content and UTF-16 without a byte-order mark do."""
    raw = Path(doc.source).read_bytes()
    if not raw.strip():
        raise DocumentError(f"{what} is empty")
    text, warnings = _decode(raw, what, markup)
    if not text.replace("\x00", "").strip():
        raise DocumentError(f"{what} holds only NUL bytes, no text")
    if "\x00" in text:
        raise DocumentError(f"{what} holds NUL bytes ({NUL_HINT})")
    return text, warnings


def read_text_file(doc: SourceDocument) -> DocumentText:
    text, warnings = read_decoded(doc, "text file")
    text = clean_text(text)
    if not text.strip():
        raise DocumentError("text file is empty")
    return DocumentText(
        doc=doc,
        text=text,
        pages=(PageSpan(page=1, start=0, end=len(text)),),
        title=first_line(text),
        warnings=warnings,
    )


def read_html(doc: SourceDocument, rules: HtmlRules) -> DocumentText:
    """The page's main content (pipeline/html_content.py); menus, scripts and footers dropped."""
    from pipeline.html_content import html_to_content

    page, warnings = read_decoded(doc, "HTML file", markup=True)
    content = html_to_content(page, rules)
    text = clean_text(content.text)
    if not text.strip():
        raise DocumentError("HTML page has no readable main content")
    return DocumentText(
        doc=doc,
        text=text,
        pages=(PageSpan(page=1, start=0, end=len(text)),),
        title=content.title or first_line(text),
        page_title=content.page_title,
        published=content.published,
        warnings=warnings,
    )


def pdf_metadata_date(metadata: dict[str, object]) -> dt.date | None:
    """The creation date of a PDF from its info dictionary (``D:YYYYMMDD...``), if any."""
    value = metadata.get("CreationDate")
    if not isinstance(value, str):
        return None
    match = _PDF_DATE.match(value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None


def clean_words(raws: Sequence[Word]) -> list[Word]:
    """An engine's words, text cleaned, sideways text dropped (a side tab, an axis label)
    unless most of the page is sideways (a rotated table page)."""
    sideways = sum(not raw.upright for raw in raws)
    if sideways * 2 < len(raws):
        raws = [raw for raw in raws if raw.upright]
    words = []
    for raw in raws:
        text = raw.text
        if text.endswith("\u00ad"):  # a soft hyphen that was printed at a line end
            text = text[:-1] + "-"
        text = clean_text(text).strip()
        if text:
            words.append(replace(raw, text=text) if text != raw.text else raw)
    return words


def pdf_page_boxes(page: RawPage) -> PageBoxes:
    """One page as segments: text runs, and tables (ruled, or set apart by whitespace) as
    text rows."""
    words = join_drop_capitals(drop_stacked_letters(clean_words(page.words)))
    tables: list[Segment] = []
    page_area = page.width * page.height
    for bbox, rows in page.tables if words else ():
        if not plausible_table(bbox, rows, page_area):
            continue
        table, words = build_table(words, bbox, rows)
        if table is not None:
            tables.append(table)
    return PageBoxes(
        number=page.number,
        height=page.height,
        segments=tuple(find_unruled_tables(words_to_segments(words))) + tuple(tables),
    )


def pages_to_text(boxes: list[PageBoxes]) -> tuple[str, list[PageSpan], list[TextBlock], int]:
    """Text, page map and table blocks of the pages in reading order, furniture removed."""
    furniture = find_furniture(boxes)
    kept_by_page = [
        [s for index, s in enumerate(page.segments) if (page.number, index) not in furniture]
        for page in boxes
    ]
    known = [gutter for kept in kept_by_page for gutter in find_gutters(kept)]
    parts: list[str] = []
    pages: list[PageSpan] = []
    blocks: list[TextBlock] = []
    offset = 0
    composed_pages = [compose_page(reading_order(kept, known=known)) for kept in kept_by_page]
    for index in range(1, len(composed_pages)):
        composed_pages[index - 1], composed_pages[index] = carry_hyphenated_word(
            composed_pages[index - 1], composed_pages[index]
        )
    for page, composed in zip(boxes, composed_pages, strict=True):
        if parts:
            parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        parts.append(composed.text)
        pages.append(PageSpan(page=page.number, start=offset, end=offset + len(composed.text)))
        blocks.extend(
            TextBlock(start=offset + start, end=offset + end, role="table")
            for start, end in composed.tables
        )
        offset += len(composed.text)
    return "".join(parts), pages, blocks, count_lines(boxes, furniture)


def open_pdf(path: Path, engine: PdfEngine) -> PdfiumReader | PdfplumberReader:
    if engine is PdfEngine.PDFPLUMBER:
        return PdfplumberReader(path)
    return PdfiumReader(path)


def read_pdf(doc: SourceDocument, engine: PdfEngine = PdfEngine.PDFIUM) -> DocumentText:
    """Read a PDF the way a person does: columns in order, headers and footers removed,
    paragraphs joined, tables as rows. Each page is closed after use (memory stays flat)."""
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    boxes: list[PageBoxes] = []
    try:
        reader = open_pdf(Path(doc.source), engine)
        try:
            metadata = reader.metadata()
            n_pages = len(reader)
            if n_pages == 0:
                raise DocumentError("PDF has no pages")
            boxes.extend(pdf_page_boxes(page) for page in reader.pages())
            complaint = reader.complaints.summary()
        finally:
            reader.close()
    except DocumentError:
        raise
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise DocumentError("PDF is encrypted: a password is needed to read it") from None
        raise DocumentError(f"PDF is corrupt or truncated: {cause}") from None
    except Exception as error:  # pdfminer raises many unrelated types on broken files
        raise DocumentError(f"PDF is corrupt or truncated: {error}") from None
    empty_pages = [page.number for page in boxes if not page.segments]
    text, pages, blocks, removed = "", list[PageSpan](), list[TextBlock](), 0
    if len(empty_pages) < len(boxes):
        text, pages, blocks, removed = pages_to_text(boxes)
    if not text.strip():
        if complaint:  # a damaged file, not a scan
            raise DocumentError(complaint.replace("text may be incomplete", "no text was read"))
        raise DocumentError("PDF has no text layer (scanned?): OCR it first")
    warnings = [complaint] if complaint else []
    if empty_pages:
        listed = ", ".join(map(str, empty_pages))
        warnings.append(f"pages without a text layer (scanned?): {listed}")
    title = str(metadata.get("Title") or "").strip() or first_line(text)
    return DocumentText(
        doc=doc,
        text=text,
        pages=tuple(pages),
        blocks=tuple(blocks),
        title=title,
        published=pdf_metadata_date(metadata),
        n_pages=n_pages,
        removed_furniture=removed,
        warnings=tuple(warnings),
    )


def extract_text(
    doc: SourceDocument, rules: TextRules, pdf_engine: PdfEngine = PdfEngine.PDFIUM
) -> DocumentText:
    """The document's text; raises DocumentError when it cannot be read."""
    if doc.size == 0:
        raise DocumentError("file is empty (0 bytes)")
    try:
        match doc.media_type:
            case MediaType.PDF:
                return read_pdf(doc, pdf_engine)
            case MediaType.HTML:
                return read_html(doc, rules.html)
            case MediaType.TEXT:
                return read_text_file(doc)
    except OSError as error:
        raise DocumentError(f"cannot read file: {error.strerror or error}") from None
