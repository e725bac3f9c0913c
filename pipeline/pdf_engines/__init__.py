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

from pipeline.pdf_engines.complaints import Complaints
from pipeline.pdf_engines.page import RawPage
from pipeline.pdf_engines.pdfium import PdfiumReader
from pipeline.pdf_engines.reference import PdfplumberReader

__all__ = ["Complaints", "PdfiumReader", "PdfplumberReader", "RawPage"]
