"""Lines, bullets, hyphenated line ends and paragraphs: regions in reading order -> page text.

Lines of one paragraph are joined with a space (a word hyphenated across the line end is
rejoined), so sentences come out whole; paragraphs, headings, bullet items and table rows
each start on a new line, which the programme recognizer relies on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from pipeline.layout.boxes import Segment, Word, group_lines

BULLET_GLYPHS = frozenset("•●▪■◦○►▶➢➤✓✔◆♦□❖·◾◼⦁∙")
# Icon fonts that draw bullets from ordinary letters (Wingdings "l" is a dot, "ü" a tick).
SYMBOL_FONTS = ("wingdings", "webdings", "symbol", "dingbat", "awesome", "icon", "zapf")
# Icon-font bullets that arrive as a plain letter when the font is subset under another name.
LONE_BULLET_LETTERS = frozenset({"f"})
_NUMBERED = re.compile(r"^(\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s")
_TERMINAL = (".", ":", "!", "?", ";", "\u201d", '"')
_HYPHENS = "-\u2010"
_HEAD = re.compile(r"([^\W\d_]+)[-\u2010]$")
_TAIL = re.compile(r"[^\W\d_]+")
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
_URL_END = re.compile(r"(?:https?://|www\.)\S*[/.\-_]$")

# wordfreq Zipf scale: 3.7 is about one use per five million words. A joined form at least this
# common is a word ("development", "outcomes"); below it, two words that stand on their own
# keep their hyphen ("long-standing", "socio-economic", "pre-financing").
KNOWN_WORD_ZIPF = 3.7
# Segments of one line this many font sizes apart are table cells, not words of a sentence.
TABLE_GAP_EM = 2.0
OWN_WORD_ZIPF = 3.0


@lru_cache(maxsize=8192)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def load_word_frequencies() -> None:
    """Import wordfreq and read its English list now (about 0.25 s, paid on the first hyphen
    at a line end otherwise): the run does it while it builds the pipeline, so that the
    worker processes forked after it inherit the list instead of each reading it."""
    from wordfreq import zipf_frequency

    zipf_frequency("the", "en")


def keep_hyphen(head: str, tail: str) -> bool:
    """True when ``head-`` at a line end and ``tail`` on the next line form a hyphenated compound.

    A line-break hyphen inside a word (``develop-``/``ment``) is dropped; a compound whose
    parts are words on their own keeps it unless the closed-up form is itself a common word
    (``know-``/``ledge`` -> ``knowledge``).
    """
    head, tail = head.lower(), tail.lower()
    if zipf(head + tail) >= KNOWN_WORD_ZIPF:
        return False
    return zipf(head) >= OWN_WORD_ZIPF and zipf(tail) >= OWN_WORD_ZIPF


def join_lines(text: str, line: str) -> str:
    """``line`` appended to the paragraph ``text``: a space, or a line-break hyphen resolved."""
    if not text:
        return line
    if _URL_END.search(text) and line[:1].isalnum():
        return text + line  # a web address broken at a dot or slash
    head = _HEAD.search(text) if text[-1] in _HYPHENS else None
    tail = _TAIL.match(line)
    if head and tail and line[0].islower():
        if keep_hyphen(head[1], tail[0]):
            return text[:-1] + "-" + line
        return text[:-1] + line
    return f"{text} {line}"


def is_bullet_word(word: Word, has_more: bool) -> bool:
    text = word.text
    if len(text) == 1 and (text in BULLET_GLYPHS or "\ue000" <= text <= "\uf8ff"):
        return True
    if _UNMAPPED_GLYPH.fullmatch(text):  # a glyph the font does not map to a character
        return True
    if not has_more:
        return False
    font = word.font.lower().replace(" ", "")
    if len(text) <= 2 and any(name in font for name in SYMBOL_FONTS):
        return True
    return text in LONE_BULLET_LETTERS


@dataclass(frozen=True, slots=True)
class TextLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    bullet: bool
    tabular: bool = False  # cells apart on one line: a table row pdfplumber did not find


def text_line(segments: Sequence[Segment]) -> TextLine:
    """One line from the segments on it (left to right), its bullet glyph dropped."""
    words = [word for segment in segments for word in segment.words]
    bullet = is_bullet_word(words[0], len(words) > 1)
    if bullet and len(words) > 1:
        words = words[1:]
    elif bullet:  # a glyph alone on its line: nothing to read
        return TextLine(
            "", words[0].x0, words[0].x1, words[0].top, words[0].bottom, words[0].size, False, True
        )
    elif words[0].text[0] in BULLET_GLYPHS and len(words[0].text) > 1:
        bullet = True
        first = words[0]
        words[0] = Word(
            first.text[1:], first.x0, first.x1, first.top, first.bottom, first.size, first.font
        )
    gaps = [b.x0 - a.x1 for a, b in zip(segments, segments[1:], strict=False)]
    return TextLine(
        tabular=any(gap >= TABLE_GAP_EM * words[0].size for gap in gaps),
        text=" ".join(word.text for word in words),
        x0=min(w.x0 for w in words),
        x1=max(w.x1 for w in words),
        top=min(w.top for w in words),
        bottom=max(w.bottom for w in words),
        size=median(w.size for w in words),
        bold=all(w.is_bold for w in words),
        bullet=bullet,
    )


def starts_item(line: TextLine) -> bool:
    return line.bullet or bool(_NUMBERED.match(line.text))


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def new_paragraph(
    prev: TextLine, line: TextLine, gap: float, right: float, width: float, item_x0: float | None
) -> bool:
    """Whether ``line`` starts a paragraph after ``prev`` in the same region.

    ``item_x0`` is where the text of the current bullet item starts, if we are in one: a line
    left of it is back at the margin, so the item has ended.
    """
    if item_x0 is not None and line.x0 < item_x0 - 2:
        return True
    if line.tabular or prev.tabular:
        return True
    # A bold line after body text may be inline emphasis; body text after a bold line
    # ends a heading.
    if starts_item(line) or abs(line.size - prev.size) > 0.8 or (prev.bold and not line.bold):
        return True
    if line.top - prev.bottom > gap + 0.4 * prev.size:
        return True
    # A sentence that ends well short of the column's right edge ends its paragraph. (A short
    # line alone says little: ragged narrow columns have many.)
    return prev.x1 < right - 0.2 * width and ends_sentence(prev.text)


def continues(prev: TextLine, line: TextLine, prev_full: bool) -> bool:
    """Whether ``line``, first in a new region (column), carries on the sentence of ``prev``.

    It does when ``prev`` ends without closing its sentence and either ``line`` starts in
    lower case or ``prev`` ran to the right edge of its column (``prev_full``).
    """
    if starts_item(line) or abs(line.size - prev.size) > 0.8 or line.bold != prev.bold:
        return False
    if line.tabular or prev.tabular:
        return False
    return not ends_sentence(prev.text) and (prev_full or line.text[:1].islower())


@dataclass(frozen=True, slots=True)
class PageText:
    text: str
    tables: tuple[tuple[int, int], ...]  # [start, end) of each table, offsets into text


def compose_page(regions: Sequence[Sequence[Segment]]) -> PageText:
    """The page's text from its regions in reading order."""
    paragraphs: list[str] = []  # finished pieces, joined with "\n" at the end
    tables: list[tuple[int, int]] = []
    current = ""
    prev: TextLine | None = None
    item_x0: float | None = None
    prev_full = False
    length = 0  # characters in "\n".join(paragraphs)

    def finish() -> None:
        nonlocal current, length
        if current:
            length += len(current) + (1 if paragraphs else 0)
            paragraphs.append(current)
        current = ""

    for region in regions:
        rows = group_lines(region)
        by_row = [None if any(s.is_table for s in row) else text_line(row) for row in rows]
        lines = [line for line in by_row if line is not None and line.text]
        gaps = [
            b.top - a.bottom
            for a, b in zip(lines, lines[1:], strict=False)
            if 0 <= b.top - a.bottom < 2 * a.size
        ]
        gap = median(gaps) if gaps else 0.3 * (lines[0].size if lines else 10.0)
        right = max((line.x1 for line in lines), default=0.0)
        width = right - min((line.x0 for line in lines), default=0.0)
        first = True
        for row, maybe_line in zip(rows, by_row, strict=True):
            if maybe_line is None:
                table = next(s for s in row if s.is_table)
                finish()
                start = length + (1 if paragraphs else 0)
                for text in table.rows:
                    current = text
                    finish()
                tables.append((start, length))
                prev = None
                continue
            line = maybe_line
            if not line.text:
                continue
            if prev is None:
                joined = False
            elif first:
                joined = continues(prev, line, prev_full)
            else:
                joined = not new_paragraph(prev, line, gap, right, width, item_x0)
            if joined:
                current = join_lines(current, line.text)
            else:
                finish()
                current = line.text
                item_x0 = line.x0 if starts_item(line) else None
            prev = line
            prev_full = line.x1 >= right - 0.1 * width
            first = False
    finish()
    return PageText(text="\n".join(paragraphs), tables=tuple(tables))


_FIRST_TOKEN = re.compile(r"[^\W\d_]+\S*")


def carry_hyphenated_word(before: PageText, after: PageText) -> tuple[PageText, PageText]:
    """A word hyphenated across a page break, joined on the page where it starts.

    When ``before`` ends with ``employ-`` and ``after`` starts with ``ment services``, the
    first word of ``after`` (with the punctuation stuck to it) moves to the end of
    ``before``: ``employment`` / ``services``. Anything else comes back unchanged.
    """
    if not before.text or before.text[-1] not in _HYPHENS or not _HEAD.search(before.text):
        return before, after
    token = _FIRST_TOKEN.match(after.text)
    if token is None or not after.text[0].islower():
        return before, after
    if any(start < token.end() for start, _ in after.tables):
        return before, after
    joined = join_lines(before.text, token[0])
    if joined == f"{before.text} {token[0]}":
        return before, after
    rest = after.text[token.end() :]
    cut = token.end() + len(rest) - len(rest.lstrip())
    moved = PageText(joined, before.tables)
    remaining = PageText(
        after.text[cut:], tuple((start - cut, end - cut) for start, end in after.tables)
    )
    return moved, remaining
