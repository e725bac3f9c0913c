"""The records of a corrections file: a line (`Correction`), what became of it
(`CorrectionResult`), the file (`CorrectionsFile`), and the mention tables a line may name."""

from __future__ import annotations

import typing
from enum import StrEnum

from pipeline.errors import UsageError
from schemas import DocumentResult, Frozen, MentionRow

CORRECTIONS_FILE = "corrections.csv"


STATUS_FILE = "corrections_status.csv"


COLUMNS = ("doc_id", "kind", "char_start", "char_end", "text", "action", "field", "value", "note")


STATUS_COLUMNS = ("line", *COLUMNS, "status", "reason", "mention_id")


ADDED_PATTERN_ID = "correction"  # the pattern_id of a mention a reviewer added
NOT_SETTABLE = frozenset(MentionRow.model_fields)


class CorrectionsError(UsageError):
    """The corrections file is malformed or asks for an invalid value (exit code 2)."""


class Action(StrEnum):
    DROP = "drop"
    SET = "set"
    ADD = "add"


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # the same line again: applied once
    UNKNOWN_DOCUMENT = "unknown_document"  # not in the output: changed (new doc_id) or gone
    DOCUMENT_FAILED = "document_failed"
    TEXT_MISMATCH = "text_mismatch"  # the span holds other text now
    NO_MENTION = "no_mention"  # drop/set: no mention of that kind at that span
    ALREADY_PRESENT = "already_present"  # add: a mention of that kind is at that span


class Correction(Frozen):
    """One line of the corrections file, checked."""

    line: int
    doc_id: str
    kind: str
    char_start: int
    char_end: int
    text: str
    action: Action
    field: str = ""
    value: str = ""
    note: str = ""
    fields: tuple[tuple[str, str], ...] = ()  # add: the parsed field=value pairs

    @property
    def span(self) -> tuple[str, str, int, int]:
        return (self.doc_id, self.kind, self.char_start, self.char_end)


class CorrectionResult(Frozen):
    """What became of one correction."""

    correction: Correction
    status: Outcome
    reason: str = ""
    mention_id: str = ""

    @property
    def applied(self) -> bool:
        return self.status is Outcome.APPLIED

    def status_row(self) -> dict[str, object]:
        c = self.correction
        row: dict[str, object] = {name: getattr(c, name) for name in COLUMNS}
        return {**row, "line": c.line, "action": c.action.value, "status": self.status.value,
                "reason": self.reason, "mention_id": self.mention_id}  # fmt: skip

    def describe(self) -> str:
        c = self.correction
        what = f"{c.action.value} {c.kind} {c.char_start}-{c.char_end} {c.text!r} in {c.doc_id}"
        return f"line {c.line} ({what}): {self.status.value}: {self.reason}"


class CorrectionsFile(Frozen):
    """A corrections file read and checked, with the digest that decides a rewrite."""

    path: str
    digest: str
    corrections: tuple[Correction, ...]


def singular(name: str) -> str:
    return name[:-3] + "y" if name.endswith("ies") else name.removesuffix("s")


def mention_tables() -> dict[str, tuple[str, type[MentionRow]]]:
    """kind -> (the `DocumentResult` field holding its rows, the row model), for every
    mention table a result has (so a new kind needs no change here)."""
    tables: dict[str, tuple[str, type[MentionRow]]] = {}
    for name, info in DocumentResult.model_fields.items():
        args = typing.get_args(info.annotation)
        row = args[0] if args else None
        if isinstance(row, type) and issubclass(row, MentionRow):
            tables[singular(name)] = (name, row)
    return tables


def settable_fields(model: type[MentionRow]) -> list[str]:
    return [name for name in model.model_fields if name not in NOT_SETTABLE]


def cell_value(text: str) -> str | None:
    """A CSV cell as a value for validation: empty means "none"."""
    return None if text == "" else text


def collapse(text: str) -> str:
    return " ".join(text.split())
