"""CSV cells that are safe to open in a spreadsheet, and read back exactly.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel and LibreOffice (``=HYPERLINK(...)``, ``+cmd|...``). `neutralize` writes such a cell
with a ``'`` before it (a plain number such as ``-5`` is only a number and stays as it is);
`read_cell` undoes it exactly, so every reader of the CSVs (evaluate, review, corrections)
gets the cell as the pipeline found it. `csv_field` quotes a field the RFC 4180 way.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_RISKY_FIRST = "".join(FORMULA_STARTS) + "'"  # a cell that needs a mark starts with one


def runs_as_formula(text: str) -> bool:
    """A spreadsheet would take this cell for a formula (a plain number is only a number)."""
    return text.startswith(FORMULA_STARTS) and PLAIN_NUMBER.fullmatch(text) is None


def needs_quote_mark(text: str) -> bool:
    """Would run as a formula, or is such a cell behind quote marks of its own (so that
    `read_cell` can tell a mark it must drop from a ``'`` that is part of the text)."""
    if not text or text[0] not in _RISKY_FIRST:  # most cells: the test below is False
        return False
    return runs_as_formula(text.lstrip("'"))


def neutralize(text: str) -> str:
    """``=HYPERLINK(...)`` -> ``'=HYPERLINK(...)``: the cell shows as text in a spreadsheet."""
    return f"'{text}" if needs_quote_mark(text) else text


def read_cell(text: str) -> str:
    """The value of a cell `neutralize` wrote (a raw cell comes back unchanged, unless it
    is a ``'`` followed by what would run as a formula)."""
    return text[1:] if text.startswith("'") and needs_quote_mark(text[1:]) else text


def csv_field(text: str) -> str:
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text
