"""Page layout for PDF text: reading order, furniture, line ends, paragraphs and tables.

Pure functions over word and segment boxes (``boxes.py``); pdfplumber is touched only by
``pipeline.extract_text.read_pdf``, which feeds these functions one ``extract_words()`` pass
(plus ``find_tables()`` on pages that have ruling lines or shaded cells) per page.

    words -> segments (boxes) -> drop furniture (furniture) -> tables replace their words
    (tables) -> columns and bands in reading order (columns) -> lines, bullets, hyphens,
    paragraphs -> page text (lines)
"""
