"""Stage 2: SourceDocument -> DocumentText (one string, a page map, title and metadata).

Readers for PDF (pdfplumber), HTML (trafilatura, main content only) and plain text.
Each raises DocumentError with a sentence a person understands when a file cannot be read.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from pipeline.errors import DocumentError
from schemas import DocumentText, MediaType, PageSpan, SourceDocument

# Characters that are spaces in print but not to a tokenizer.
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


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


def read_text_file(doc: SourceDocument) -> DocumentText:
    raw = Path(doc.source).read_bytes()
    warnings: list[str] = []
    if not raw.strip():
        raise DocumentError("text file is empty")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" in raw:
            raise DocumentError(
                "text file is not decodable as UTF-8 or cp1252 (binary content?)"
            ) from None
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise DocumentError("text file is not decodable as UTF-8 or cp1252") from None
        warnings.append("not valid UTF-8; decoded as cp1252")
    text = clean_text(text)
    if not text.strip():
        raise DocumentError("text file is empty")
    return DocumentText(
        doc=doc,
        text=text,
        pages=(PageSpan(page=1, start=0, end=len(text)),),
        title=first_line(text),
        warnings=tuple(warnings),
    )


def read_html(doc: SourceDocument) -> DocumentText:
    import trafilatura

    raw = Path(doc.source).read_bytes()
    if not raw.strip():
        raise DocumentError("HTML file is empty")
    html = raw.decode("utf-8", errors="replace")
    extracted = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        with_metadata=True,
    )
    text = getattr(extracted, "text", None) or ""
    # trafilatura drops the <h1>; keep the page title as the first line of the text.
    title = (getattr(extracted, "title", None) or "").strip()
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    text = clean_text(text)
    if not text.strip():
        raise DocumentError("HTML page has no readable main content")
    published = None
    date_text = getattr(extracted, "date", None)
    if date_text:
        try:
            published = dt.date.fromisoformat(date_text[:10])
        except ValueError:
            published = None
    return DocumentText(
        doc=doc,
        text=text,
        pages=(PageSpan(page=1, start=0, end=len(text)),),
        title=title or first_line(text),
        published=published,
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


def read_pdf(doc: SourceDocument) -> DocumentText:
    """Read a PDF page by page; each page is closed after use to keep memory flat."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    parts: list[str] = []
    pages: list[PageSpan] = []
    empty_pages: list[int] = []
    offset = 0
    try:
        with pdfplumber.open(doc.source) as pdf:
            metadata = dict(pdf.metadata or {})
            n_pages = len(pdf.pages)
            if n_pages == 0:
                raise DocumentError("PDF has no pages")
            for number, page in enumerate(pdf.pages, start=1):
                page_text = clean_text(page.extract_text() or "")
                page.close()
                if not page_text.strip():
                    empty_pages.append(number)
                if parts:
                    parts.append("\n\n")
                    offset += 2
                parts.append(page_text)
                pages.append(PageSpan(page=number, start=offset, end=offset + len(page_text)))
                offset += len(page_text)
    except DocumentError:
        raise
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise DocumentError("PDF is encrypted: a password is needed to read it") from None
        raise DocumentError(f"PDF is corrupt or truncated: {cause}") from None
    except Exception as error:  # pdfminer raises many unrelated types on broken files
        raise DocumentError(f"PDF is corrupt or truncated: {error}") from None
    text = "".join(parts)
    if not text.strip():
        raise DocumentError("PDF has no text layer (scanned?): OCR it first")
    warnings = []
    if empty_pages:
        listed = ", ".join(map(str, empty_pages))
        warnings.append(f"pages without a text layer (scanned?): {listed}")
    title = str(metadata.get("Title") or "").strip() or first_line(text)
    return DocumentText(
        doc=doc,
        text=text,
        pages=tuple(pages),
        title=title,
        published=pdf_metadata_date(metadata),
        n_pages=n_pages,
        warnings=tuple(warnings),
    )


READERS = {
    MediaType.PDF: read_pdf,
    MediaType.HTML: read_html,
    MediaType.TEXT: read_text_file,
}


def extract_text(doc: SourceDocument) -> DocumentText:
    """The document's text; raises DocumentError when it cannot be read."""
    if doc.size == 0:
        raise DocumentError("file is empty (0 bytes)")
    try:
        return READERS[doc.media_type](doc)
    except OSError as error:
        raise DocumentError(f"cannot read file: {error.strerror or error}") from None
