"""Stage 6: the only module that writes output files. Every write is atomic.

Each file is written to a temporary file beside it and moved into place with `os.replace`,
so a reader (or a crash) never sees a half-written file; a killed run's temporary files are
removed by the next run (`remove_leftovers`). Files get the mode the umask allows
(0644 under the usual 022), like any file a program creates.

CSV cells are quoted when they hold a comma, a quote, a line feed or a carriage return, so
every reader sees the same rows. By default a cell that a spreadsheet would run as a formula
(it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, and is not a plain
number such as ``-5``) is written with a ``'`` before it (`pipeline.cells`, which also reads
it back exactly). ``text/<doc_id>.txt`` is never changed, so offsets stay exact.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pipeline.cells import csv_field, neutralize
from pipeline.corrections import (
    STATUS_COLUMNS,
    STATUS_FILE,
    CorrectionResult,
    CorrectionsFile,
    apply_corrections,
)
from schemas import DocumentResult, FundingFact, MentionRow

PROVENANCE = ["doc_id", "mention_id", "text", "page", "char_start", "char_end", "sentence"]
DOCUMENT_COLUMNS = [
    "doc_id", "source", "sha256", "media_type", "doc_type", "title", "published", "language",
    "n_pages", "n_chars", "status", "error",
]  # fmt: skip
FUNDING_COLUMNS = [
    "doc_id", "fact_id", "amount_id", "value", "currency", "donor", "donor_iso3", "recipient",
    "programme", "countries", "start", "end", "flow", "page", "sentence",
]  # fmt: skip
# SPEC's columns first, in SPEC's order; documented extensions after them (docs/output.md).
COLUMNS: dict[str, list[str]] = {
    "documents.csv": DOCUMENT_COLUMNS + ["removed_furniture", "warnings"],
    "amounts.csv": PROVENANCE + ["value", "currency", "qualifier", "per", "equivalent_of"],
    "dates.csv": PROVENANCE + ["start", "end", "granularity", "is_range"],
    "countries.csv": PROVENANCE + ["iso3", "name"],
    "programmes.csv": PROVENANCE + ["name", "acronym"],
    "organizations.csv": PROVENANCE + ["name", "acronym", "type", "iso3"],
    "funding.csv": FUNDING_COLUMNS,
    "rejects.csv": ["doc_id", "stage", "kind", "text", "field", "reason", "char_start"],
    "pages.csv": ["doc_id", "page", "char_start", "char_end"],  # extension: the page map
}
# pattern_id: the rule that found the row; reviewed: "set" or "add" on a row a reviewer's
# correction made.
MENTION_EXTENSIONS = ["pattern_id", "reviewed"]
for _columns in COLUMNS.values():
    if _columns[: len(PROVENANCE)] == PROVENANCE:
        _columns.extend(MENTION_EXTENSIONS)
OUTPUT_FILES = tuple(COLUMNS)
MENTION_SORT = ["doc_id", "char_start"]


def cell(value: object) -> str:
    """One CSV cell: decimals without exponent, booleans as true/false, None as empty."""
    if type(value) is str:  # most cells (not a str Enum: those give their value)
        return value
    match value:
        case None:
            return ""
        case bool():
            return "true" if value else "false"
        case Decimal():
            return format(value.normalize(), "f")
        case Enum():
            return str(value.value)
        case dt.date():
            return value.isoformat()
        case _:
            return str(value)


@dataclass(frozen=True)
class Table:
    """One output file's content: its header and its rows of cells."""

    columns: list[str]
    rows: list[list[str]]


def csv_text(table: Table, raw: bool = False) -> str:
    """The table as CSV: a header row, then one line per row, each ended by a line feed."""
    prepare = (lambda cell: cell) if raw else neutralize
    lines = [",".join(csv_field(column) for column in table.columns)]
    lines.extend(",".join(csv_field(prepare(cell)) for cell in row) for row in table.rows)
    return "\n".join(lines) + "\n"


Value = Callable[[Any, str], object]


def to_table(
    rows: Iterable[Any], columns: list[str], sort: list[str], value: Value = getattr
) -> Table:
    """The table of ``rows`` (typed records), in a stable sort by the ``sort`` columns
    (``char_start`` as a number); ``value(row, column)`` reads one cell."""
    cells = [[cell(value(row, c)) for c in columns] for row in rows]
    if sort:
        keys = [columns.index(column) for column in sort]

        def key(row: list[str]) -> tuple[str | int, ...]:
            return tuple(int(row[k]) if columns[k] == "char_start" else row[k] for k in keys)

        cells.sort(key=key)
    return Table(columns, cells)


def document_value(result: DocumentResult, column: str) -> object:
    if column == "warnings":
        return "; ".join(result.warnings)
    return getattr(result.document, column)


def fact_value(fact: FundingFact, column: str) -> object:
    """A funding fact's cell: countries joined with `;` (SPEC)."""
    return ";".join(fact.countries) if column == "countries" else getattr(fact, column)


@dataclass(frozen=True)
class PageRow:
    """One line of pages.csv: where a page's text is in the document text."""

    doc_id: str
    page: int
    char_start: int
    char_end: int


def tables(results: Sequence[DocumentResult]) -> dict[str, Table]:
    """The tables of SPEC and the page map, sorted by doc_id then char_start."""
    ordered = sorted(results, key=lambda r: r.document.doc_id)
    marks = {mention_id: mark for r in ordered for mention_id, mark in r.reviewed}

    def mention_value(row: MentionRow, column: str) -> object:
        return marks.get(row.mention_id, "") if column == "reviewed" else getattr(row, column)

    mentions: dict[str, list[MentionRow]] = {
        "amounts.csv": [row for r in ordered for row in r.amounts],
        "dates.csv": [row for r in ordered for row in r.dates],
        "countries.csv": [row for r in ordered for row in r.countries],
        "programmes.csv": [row for r in ordered for row in r.programmes],
        "organizations.csv": [row for r in ordered for row in r.organizations],
    }
    pages = [PageRow(r.document.doc_id, p.page, p.start, p.end) for r in ordered for p in r.pages]
    by_name = {
        "documents.csv": to_table(ordered, COLUMNS["documents.csv"], ["doc_id"], document_value),
        **{
            name: to_table(rows, COLUMNS[name], MENTION_SORT, mention_value)
            for name, rows in mentions.items()
        },
        # funding facts are in amount order within a document already (fact_id order)
        "funding.csv": to_table(
            [f for r in ordered for f in r.funding], COLUMNS["funding.csv"], ["doc_id"], fact_value
        ),
        "rejects.csv": to_table(
            [row for r in ordered for row in r.rejects], COLUMNS["rejects.csv"], MENTION_SORT
        ),
        "pages.csv": to_table(pages, COLUMNS["pages.csv"], MENTION_SORT),
    }
    return {name: by_name[name] for name in COLUMNS}


def file_mode() -> int:
    """The mode a new file gets under the current umask (``open`` uses 0o666 & ~umask;
    ``mkstemp`` would leave 0600, unreadable for a reviewer under another account)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _atomic_write_text(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fchmod(stream.fileno(), file_mode())
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_leftovers(out_dir: Path) -> None:
    """Remove the temporary files of a killed run (only the lock holder writes here)."""
    for folder in (out_dir, out_dir / "text"):
        for leftover in folder.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


def write_outputs(
    results: Sequence[DocumentResult],
    out_dir: Path,
    corrections: CorrectionsFile | None = None,
    raw_csv: bool = False,
) -> list[CorrectionResult]:
    """Write the CSVs and `text/<doc_id>.txt` for these results, with the reviewer's
    corrections applied, and `corrections_status.csv` (what became of each correction) when
    there are corrections; remove texts of documents that are no longer part of the output.
    A correction that cannot be applied (`CorrectionsError`) is raised before any write.
    ``raw_csv`` writes cells without `neutralize`."""
    outcomes: list[CorrectionResult] = []
    if corrections is not None:
        results, outcomes = apply_corrections(results, corrections.corrections)
    out_dir.mkdir(parents=True, exist_ok=True)
    text_dir = out_dir / "text"
    text_dir.mkdir(exist_ok=True)
    keep = set()
    for result in results:
        if result.document.status.value == "ok":
            name = f"{result.document.doc_id}.txt"
            keep.add(name)
            target = text_dir / name
            if (
                not target.exists()
                or target.stat().st_mode & 0o777 != file_mode()
                or target.read_text(encoding="utf-8") != result.text
            ):
                _atomic_write_text(target, result.text)
    for name, table in tables(results).items():
        _atomic_write_text(out_dir / name, csv_text(table, raw=raw_csv))
    status = out_dir / STATUS_FILE
    if corrections is not None:
        rows = [outcome.status_row() for outcome in outcomes]
        table = to_table(rows, list(STATUS_COLUMNS), [], lambda row, column: row.get(column))
        _atomic_write_text(status, csv_text(table, raw=raw_csv))
    else:
        status.unlink(missing_ok=True)
    for stale in text_dir.glob("*.txt"):
        if stale.name not in keep:
            stale.unlink()
    remove_leftovers(out_dir)
    return outcomes
