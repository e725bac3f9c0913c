"""What went wrong while reading a PDF: damaged content streams, pdfminer's warnings of
lost data, reference loops."""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.errors import DocumentError

# References followed before a chain of them counts as a loop (``6 0 R`` -> ``7 0 R`` -> ...).
MAX_REFERENCE_HOPS = 32
MAX_COMPLAINTS = 5

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
