"""Project titles in a table column headed title/project/programme/grant.

A table reaches the text as one line per row, cells joined by `` | `` (PDF tables, ruled or
not, and tables in text or HTML files). A cell under such a header is a title set on a line
of its own, like a heading or a bullet (SPEC). A place before a colon at the start of the
cell (``Kenya: Skills for Green Jobs``) is the country the project runs in, not part of its
title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.kinds.programmes.rules import ProgrammeWords
from pipeline.kinds.programmes.titles import line_spans
from pipeline.patterns import CELL_SEPARATOR

_WORD = re.compile(r"[^\W\d_]+")
# A sum of money in a cell makes it an amount cell, not a title.
AMOUNT = re.compile(r"[$€£¥]|\b(?:USD|EUR|GBP|CHF)\b|\d[\d,.]*\s*(?:million|billion|m|bn)\b", re.I)
# A figure in a cell, other than a year: a header row holds none.
_NUMBER = re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d(?![\d.,]))\d")
_PLACE_LABEL = re.compile(r"([^:|]{2,60}):[ \t]+")


def cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of the row ``text[start:end]``, spaces around it left out."""
    found: list[tuple[int, int]] = []
    position = start
    while position <= end:
        stop = text.find(CELL_SEPARATOR, position, end)
        stop = end if stop < 0 else stop
        left, right = position, stop
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        found.append((left, right))
        position = stop + len(CELL_SEPARATOR)
    return found


def is_title_header(cell: str, rules: ProgrammeWords) -> bool:
    """A header cell over titles: one of its words a title header word (``Project title``,
    ``Programme``, ``Grant``), none a word of another column (``Project budget``)."""
    words = {w.lower() for w in _WORD.findall(cell)}
    return (
        0 < len(words) <= 4
        and bool(words & rules.table_title_headers)
        and not words & rules.table_other_headers
    )


def title_columns(text: str, start: int, end: int, rules: ProgrammeWords) -> list[int]:
    """Indexes of the title columns when the row ``text[start:end]`` is a header row."""
    row = cells(text, start, end)
    if len(row) < 2 or any(_NUMBER.search(text[s:e]) for s, e in row):
        return []  # a row of figures (``Programme expenses | 998.5``) heads nothing
    return [k for k, (s, e) in enumerate(row) if is_title_header(text[s:e], rules)]


def without_place(
    text: str, start: int, end: int, places: list[tuple[int, int]]
) -> tuple[int, int]:
    """The cell without a leading ``<place>:`` label (a country the country spans hold)."""
    match = _PLACE_LABEL.match(text, start, end)
    if match is None:
        return start, end
    label_start, label_end = match.span(1)
    inside = [(s, e) for s, e in places if label_start <= s and e <= label_end]
    if not inside:
        return start, end
    rest = re.sub(r"\b(?:and|&)\b|[,;/]", " ", text[label_start:label_end])
    for s, e in inside:
        rest = rest.replace(text[s:e], " ")
    if rest.strip():
        return start, end  # more than places before the colon: a subtitle, kept
    return match.end(), end


def cell_title(text: str, start: int, end: int, rules: ProgrammeWords) -> tuple[int, int] | None:
    """The cell ``text[start:end]`` as a title: two words or more, capitalized, no amount,
    no sentence."""
    flat = " ".join(text[start:end].split())
    words = flat.split()
    if not 2 <= len(words) <= rules.list_item_max_words or not flat[:1].isupper():
        return None
    if AMOUNT.search(flat) or flat[-1:] in ".!?:;,":
        return None
    if any(w.lower().strip(",") in rules.finite_verbs for w in words):
        return None
    if sum(1 for w in words if _WORD.search(w)) < 2:
        return None  # a code or a number with a word, not a title
    return start, end


def table_titles(
    text: str, rules: ProgrammeWords, places: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """Titles in the cells under a title/project/programme/grant header, row by row until
    the table ends (a line that is no row)."""
    lines = line_spans(text)
    k = 0
    while k < len(lines):
        columns = title_columns(text, *lines[k], rules)
        if not columns:
            k += 1
            continue
        width = len(cells(text, *lines[k]))
        j = k + 1
        while j < len(lines):
            line = text[lines[j][0] : lines[j][1]]
            if not line.strip():  # rows a blank line apart (an HTML table)
                j += 1
                continue
            if CELL_SEPARATOR not in line:
                break
            row = cells(text, *lines[j])
            if len(row) == width:
                for column in columns:
                    start, end = without_place(text, *row[column], places)
                    span = cell_title(text, start, end, rules)
                    if span is not None:
                        yield span
            j += 1
        k = j
