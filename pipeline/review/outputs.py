"""Read an output folder back for the report: documents, every mention file, rejects,
funding facts, page map and the status of the reviewer's corrections.

Only the files are read (no state store), so a report can be made of any output folder,
including one copied from another machine. Mention files are found by their columns, not by
a list of names: any CSV whose header starts with SPEC's provenance columns is one.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.cells import read_cell
from pipeline.errors import UsageError

PROVENANCE = ["doc_id", "mention_id", "text", "page", "char_start", "char_end", "sentence"]
# Kinds in the order the pages list them; kinds not named here follow, alphabetically.
KIND_ORDER = ("amount", "date", "country", "programme", "organization")
NOT_MENTION_FILES = {"documents.csv", "rejects.csv", "funding.csv", "pages.csv"}
Row = dict[str, str]


def safe_name(value: str) -> str:
    """``value`` reduced to characters safe in a file name and a CSS class."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", value) or "-"


def singular(stem: str) -> str:
    if stem.endswith("ies"):
        return stem[:-3] + "y"
    return stem[:-1] if stem.endswith("s") else stem


@dataclass(frozen=True)
class MentionTable:
    """One mention file: its kind, its columns and its rows by document."""

    kind: str
    file: str
    columns: list[str]
    rows: dict[str, list[Row]]

    @property
    def css(self) -> str:
        return f"k-{safe_name(self.kind)}"

    @property
    def fields(self) -> list[str]:
        """The columns a table on the page shows (doc_id is the page itself)."""
        return [c for c in self.columns if c != "doc_id"]


@dataclass(frozen=True)
class OutputFolder:
    path: Path
    documents: list[Row]
    kinds: list[MentionTable]
    rejects: dict[str, list[Row]] = field(default_factory=dict)
    funding_columns: list[str] = field(default_factory=list)
    funding: dict[str, list[Row]] = field(default_factory=dict)
    pages: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # (offset, page)
    corrections_columns: list[str] = field(default_factory=list)
    corrections: dict[str, list[Row]] = field(default_factory=dict)

    def text(self, doc_id: str) -> str | None:
        path = self.path / "text" / f"{doc_id}.txt"
        if safe_name(doc_id) != doc_id or not path.is_file():
            return None
        return path.read_text(encoding="utf-8")


def read_csv(path: Path) -> tuple[list[str], list[Row]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            # cells as found: drop the ' that neutralized a formula-like cell (pipeline.export)
            rows = [
                {k: read_cell(v or "") for k, v in row.items() if k is not None} for row in reader
            ]
            return list(reader.fieldnames or []), rows
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError(f"cannot read {path}: {error}") from None


def by_document(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row.get("doc_id", "")].append(row)
    return dict(grouped)


def mention_files(folder: Path) -> Iterator[tuple[str, Path, list[str], list[Row]]]:
    for path in sorted(folder.glob("*.csv")):
        if path.name in NOT_MENTION_FILES or path.name.startswith("corrections"):
            continue
        columns, rows = read_csv(path)
        if columns[: len(PROVENANCE)] != PROVENANCE:
            continue
        kinds = {
            row["mention_id"].split(":")[1] for row in rows if row["mention_id"].count(":") == 2
        }
        kind = kinds.pop() if len(kinds) == 1 else singular(path.stem)
        yield kind, path, columns, rows


def kind_rank(kind: str) -> tuple[int, str]:
    return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind)


def read_outputs(folder: Path) -> OutputFolder:
    """Everything the report shows, from the files of ``folder``."""
    if not (folder / "documents.csv").is_file():
        raise UsageError(
            f"{folder} is not an output folder (no documents.csv); run `ilo-extract run` first"
        )
    _, documents = read_csv(folder / "documents.csv")
    kinds = [
        MentionTable(kind=kind, file=path.name, columns=columns, rows=by_document(rows))
        for kind, path, columns, rows in mention_files(folder)
    ]
    kinds.sort(key=lambda table: kind_rank(table.kind))
    optional: dict[str, tuple[list[str], list[Row]]] = {}
    for name in ("rejects.csv", "funding.csv", "pages.csv", "corrections_status.csv"):
        if (folder / name).is_file():
            optional[name] = read_csv(folder / name)
    pages: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in optional.get("pages.csv", ([], []))[1]:
        try:
            pages[row["doc_id"]].append((int(row["char_start"]), int(row["page"])))
        except (KeyError, ValueError):
            continue
    funding_columns, funding = optional.get("funding.csv", ([], []))
    corrections_columns, corrections = optional.get("corrections_status.csv", ([], []))
    return OutputFolder(
        path=folder,
        documents=documents,
        kinds=kinds,
        rejects=by_document(optional.get("rejects.csv", ([], []))[1]),
        funding_columns=funding_columns,
        funding=by_document(funding),
        pages=dict(pages),
        corrections_columns=corrections_columns,
        corrections=by_document(corrections),
    )
