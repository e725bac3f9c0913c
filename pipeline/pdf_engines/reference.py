"""The pdfplumber engine: pdfminer's layout through pdfplumber, the reference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.errors import DocumentError
from pipeline.layout.boxes import Word
from pipeline.pdf_engines.complaints import Complaints, check_content_streams, pdfminer_warnings
from pipeline.pdf_engines.page import BBox, RawPage, Rows
from pipeline.pdf_engines.ruled import MIN_RULES_FOR_TABLE

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
