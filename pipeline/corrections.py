"""A reviewer's corrections (SPEC: Review and corrections), applied at export on every run.

``corrections.csv`` has the columns ``doc_id, kind, char_start, char_end, text, action,
field, value, note``; one line drops a mention (``drop``), changes one field of it
(``set``) or adds a missed one (``add``, its fields in ``value`` as ``field=value;...``).

Reading (`read_corrections`) checks the whole file before anything runs: a malformed line,
an unknown kind, action or field, or an added mention whose fields fail the row's
validation is a `CorrectionsError` (exit code 2) that names the line. Applying
(`apply_corrections`) matches each line to the current results by document, kind and span,
checked against the text; a line that no longer matches is never applied to other text, and
comes back with the reason instead, for the log, the summary, ``corrections_status.csv``
and the report. A ``set`` whose value fails the row's validation is a `CorrectionsError`
too, raised before any file is written.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import typing
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.cells import read_cell
from pipeline.errors import UsageError
from schemas import AmountRow, DocumentResult, FundingFact, MentionRow, Status

CORRECTIONS_FILE = "corrections.csv"
STATUS_FILE = "corrections_status.csv"
COLUMNS = ("doc_id", "kind", "char_start", "char_end", "text", "action", "field", "value", "note")
STATUS_COLUMNS = ("line", *COLUMNS, "status", "reason", "mention_id")
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


class Correction(BaseModel):
    """One line of the corrections file, checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

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


class CorrectionResult(BaseModel):
    """What became of one correction."""

    model_config = ConfigDict(frozen=True, extra="forbid")

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


class CorrectionsFile(BaseModel):
    """A corrections file read and checked, with the digest that decides a rewrite."""

    model_config = ConfigDict(frozen=True, extra="forbid")

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


# --- reading ------------------------------------------------------------------------------


def read_corrections(path: Path) -> CorrectionsFile:
    """Read and check the whole file; raises `CorrectionsError` naming the first bad line."""
    try:
        data = path.read_bytes()
        content = data.decode("utf-8-sig")
    except OSError as error:
        raise CorrectionsError(f"cannot read corrections file {path}: {error}") from None
    except UnicodeDecodeError as error:
        raise CorrectionsError(f"{path}: not UTF-8 text ({error})") from None
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        raise CorrectionsError(f"{path}:1: {error}") from None
    if not header:
        raise CorrectionsError(f"{path}: empty file (expected the header {', '.join(COLUMNS)})")
    if sorted(header) != sorted(COLUMNS):
        missing = [c for c in COLUMNS if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        problem = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unknown {', '.join(unknown)}" if unknown else "",
                "repeated columns" if not missing and not unknown else "",
            )
            if part
        )
        raise CorrectionsError(
            f"{path}:1: the header must name the columns {', '.join(COLUMNS)} ({problem})"
        )
    tables = mention_tables()
    corrections: list[Correction] = []
    start = 2  # the line where the next row starts (a quoted field may span lines)
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != len(header):
                raise CorrectionsError(
                    f"{path}:{line}: {len(cells)} fields, the header has {len(header)}"
                )
            row = dict(zip(header, cells, strict=True))
            corrections.append(parse_line(row, line, tables, path))
    except csv.Error as error:
        raise CorrectionsError(f"{path}:{start}: {error}") from None
    check_conflicts(corrections, path)
    return CorrectionsFile(
        path=str(path), digest=hashlib.sha256(data).hexdigest(), corrections=tuple(corrections)
    )


def parse_line(
    row: Mapping[str, str], line: int, tables: Mapping[str, tuple[str, type[MentionRow]]],
    path: Path,
) -> Correction:  # fmt: skip
    where = f"{path}:{line}"
    kind = row["kind"].strip()
    if kind not in tables:
        raise CorrectionsError(f"{where}: unknown kind {kind!r} (known: {', '.join(tables)})")
    try:
        action = Action(row["action"].strip())
    except ValueError:
        known = ", ".join(a.value for a in Action)
        raise CorrectionsError(f"{where}: unknown action {row['action']!r} ({known})") from None
    try:
        start, end = int(row["char_start"]), int(row["char_end"])
    except ValueError:
        raise CorrectionsError(f"{where}: char_start and char_end must be whole numbers") from None
    if not 0 <= start < end:
        raise CorrectionsError(f"{where}: need 0 <= char_start < char_end, got {start}-{end}")
    doc_id = row["doc_id"].strip()
    if not doc_id:
        raise CorrectionsError(f"{where}: doc_id is empty")
    text = read_cell(row["text"])  # copied from a CSV cell: its neutralizing ' is not text
    if not text:
        raise CorrectionsError(f"{where}: text is empty (the span's text is checked)")
    model = tables[kind][1]
    settable = settable_fields(model)
    field, value = row["field"].strip(), row["value"]
    fields: tuple[tuple[str, str], ...] = ()
    if action is Action.DROP and (field or value):
        raise CorrectionsError(f"{where}: drop takes no field or value")
    if action is Action.SET and field not in settable:
        raise CorrectionsError(
            f"{where}: unknown field {field!r} for set on {kind} (one of {', '.join(settable)})"
        )
    if action is Action.ADD:
        fields = parse_fields(value, where, kind, settable)
        check_added_row(model, fields, text, start, end, where)
    return Correction(
        line=line, doc_id=doc_id, kind=kind, char_start=start, char_end=end, text=text,
        action=action, field=field, value=value, note=row["note"], fields=fields,
    )  # fmt: skip


def parse_fields(
    value: str, where: str, kind: str, settable: Sequence[str]
) -> tuple[tuple[str, str], ...]:
    """``field=value;field=value`` of an add."""
    pairs: dict[str, str] = {}
    for part in value.split(";"):
        if not part.strip():
            continue
        name, equals, text = part.partition("=")
        name = name.strip()
        if not equals:
            raise CorrectionsError(f"{where}: add value {part!r} is not field=value")
        if name not in settable:
            raise CorrectionsError(
                f"{where}: unknown field {name!r} for add on {kind} (one of {', '.join(settable)})"
            )
        if name in pairs:
            raise CorrectionsError(f"{where}: field {name!r} given twice")
        pairs[name] = text.strip()
    return tuple(pairs.items())


def validation_message(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'row'}: {e['msg']}" for e in error.errors()
    )


def check_added_row(
    model: type[MentionRow], fields: Sequence[tuple[str, str]], text: str, start: int, end: int,
    where: str,
) -> None:  # fmt: skip
    """An added row must validate with its fields alone (its provenance comes at apply)."""
    provenance = {"doc_id": "-", "mention_id": "-", "text": text, "page": 1,
                  "char_start": start, "char_end": end, "sentence": text}  # fmt: skip
    try:
        model.model_validate({**provenance, **{k: cell_value(v) for k, v in fields}})
    except ValidationError as error:
        raise CorrectionsError(f"{where}: add: {validation_message(error)}") from None


def check_conflicts(corrections: Sequence[Correction], path: Path) -> None:
    """Two lines that ask for different things of the same mention are an error."""
    by_span: dict[tuple[str, str, int, int], list[Correction]] = defaultdict(list)
    for correction in corrections:
        by_span[correction.span].append(correction)
    for lines in by_span.values():
        distinct = list({same_key(c): c for c in reversed(lines)}.values())
        fields = [c.field for c in distinct if c.action is Action.SET]
        if len(distinct) > 1 and (len(fields) < len(distinct) or len(set(fields)) < len(fields)):
            first, second = sorted(distinct, key=lambda c: c.line)[:2]
            raise CorrectionsError(
                f"{path}:{second.line}: conflicts with line {first.line} "
                f"({second.action.value} and {first.action.value} of the same {first.kind} "
                f"{first.char_start}-{first.char_end})"
            )


def same_key(correction: Correction) -> tuple[object, ...]:
    """Lines with the same key are duplicates (the note does not count)."""
    return (*correction.span, correction.text, correction.action, correction.field,
            correction.value, correction.fields)  # fmt: skip


# --- applying -----------------------------------------------------------------------------


def apply_corrections(
    results: Sequence[DocumentResult], corrections: Iterable[Correction]
) -> tuple[list[DocumentResult], list[CorrectionResult]]:
    """The results with every matching correction applied, and what became of each line
    (in file order). Raises `CorrectionsError` for a set whose value fails validation."""
    tables = mention_tables()
    by_doc = {result.document.doc_id: result for result in results}
    outcomes: dict[int, CorrectionResult] = {}
    todo: dict[str, list[Correction]] = defaultdict(list)
    seen: dict[tuple[object, ...], int] = {}
    ordered = sorted(corrections, key=lambda c: c.line)
    for correction in ordered:
        key = same_key(correction)
        if key in seen:
            outcomes[correction.line] = CorrectionResult(
                correction=correction, status=Outcome.DUPLICATE,
                reason=f"the same as line {seen[key]}, applied once",
            )  # fmt: skip
            continue
        seen[key] = correction.line
        result = by_doc.get(correction.doc_id)
        if result is None:
            outcomes[correction.line] = CorrectionResult(
                correction=correction, status=Outcome.UNKNOWN_DOCUMENT,
                reason="no such document in the output: it changed (a new doc_id) or is gone",
            )  # fmt: skip
        elif result.document.status is Status.FAILED:
            outcomes[correction.line] = CorrectionResult(
                correction=correction, status=Outcome.DOCUMENT_FAILED,
                reason=f"the document failed: {result.document.error}",
            )  # fmt: skip
        else:
            todo[correction.doc_id].append(correction)
    corrected = dict(by_doc)
    for doc_id, lines in todo.items():
        document, done = correct_document(by_doc[doc_id], lines, tables)
        corrected[doc_id] = document
        outcomes.update({outcome.correction.line: outcome for outcome in done})
    return [corrected[r.document.doc_id] for r in results], [outcomes[c.line] for c in ordered]


def text_check(text: str, correction: Correction) -> str:
    """Empty when the span holds the correction's text, else why not."""
    found = text[correction.char_start : correction.char_end]
    if collapse(found) == collapse(correction.text):
        return ""
    moved = [m.start() for m in re.finditer(re.escape(correction.text), text)]
    where = (
        f"; {correction.text!r} is now at "
        + ", ".join(f"{s}-{s + len(correction.text)}" for s in moved[:3])
        if moved
        else f"; {correction.text!r} is no longer in the text"
    )
    return f"the span now holds {found!r}{where}"


def correct_document(
    result: DocumentResult,
    corrections: Sequence[Correction],
    tables: Mapping[str, tuple[str, type[MentionRow]]],
) -> tuple[DocumentResult, list[CorrectionResult]]:
    rows: dict[str, list[MentionRow]] = {
        kind: list(getattr(result, attribute)) for kind, (attribute, _) in tables.items()
    }
    outcomes: list[CorrectionResult] = []
    sets: dict[tuple[str, int], list[Correction]] = defaultdict(list)
    drops: dict[str, set[str]] = defaultdict(set)
    adds: list[Correction] = []
    for correction in corrections:
        mismatch = text_check(result.text, correction)
        if mismatch:
            outcomes.append(CorrectionResult(
                correction=correction, status=Outcome.TEXT_MISMATCH, reason=mismatch
            ))  # fmt: skip
            continue
        kind_rows = rows[correction.kind]
        index = next(
            (i for i, r in enumerate(kind_rows)
             if (r.char_start, r.char_end) == (correction.char_start, correction.char_end)),
            None,
        )  # fmt: skip
        if correction.action is Action.ADD:
            if index is not None:
                outcomes.append(CorrectionResult(
                    correction=correction, status=Outcome.ALREADY_PRESENT,
                    reason=f"{kind_rows[index].mention_id} is at this span; use set to change it",
                    mention_id=kind_rows[index].mention_id,
                ))  # fmt: skip
            else:
                adds.append(correction)
            continue
        if index is None:
            outcomes.append(CorrectionResult(
                correction=correction, status=Outcome.NO_MENTION,
                reason=no_mention_reason(kind_rows, correction),
            ))  # fmt: skip
            continue
        mention_id = kind_rows[index].mention_id
        if correction.action is Action.DROP:
            drops[correction.kind].add(mention_id)
        else:
            sets[(correction.kind, index)].append(correction)
        outcomes.append(CorrectionResult(
            correction=correction, status=Outcome.APPLIED, mention_id=mention_id
        ))  # fmt: skip
    marks = dict(result.reviewed)
    for (kind, index), lines in sets.items():
        rows[kind][index] = set_fields(rows[kind][index], lines)
        marks[rows[kind][index].mention_id] = Action.SET.value
    for correction in adds:
        row = added_row(result, correction, rows[correction.kind], tables[correction.kind][1])
        rows[correction.kind].append(row)
        marks[row.mention_id] = Action.ADD.value
        outcomes.append(CorrectionResult(
            correction=correction, status=Outcome.APPLIED, mention_id=row.mention_id
        ))  # fmt: skip
    dropped = set().union(*drops.values()) if drops else set()
    update: dict[str, object] = {}
    for kind, (attribute, _) in tables.items():
        kept = [r for r in rows[kind] if r.mention_id not in dropped]
        kept = [forget_dropped(r, dropped) for r in kept]
        kept.sort(key=lambda r: r.char_start)
        update[attribute] = tuple(kept)
    update["reviewed"] = tuple((i, mark) for i, mark in marks.items() if i not in dropped)
    update["funding"] = follow_amounts(result.funding, update["amounts"])  # type: ignore[arg-type]
    return result.model_copy(update=update), outcomes


def follow_amounts(
    facts: Sequence[FundingFact], amounts: Sequence[AmountRow]
) -> tuple[FundingFact, ...]:
    """Funding facts after their amounts were corrected: a fact whose amount was dropped is
    gone, and one whose amount's value or currency was set repeats the new ones."""
    by_id = {amount.mention_id: amount for amount in amounts}
    return tuple(
        fact.model_copy(update={"value": by_id[fact.amount_id].value,
                                "currency": by_id[fact.amount_id].currency})
        for fact in facts
        if fact.amount_id in by_id
    )  # fmt: skip


def no_mention_reason(rows: Sequence[MentionRow], correction: Correction) -> str:
    near = [
        r for r in rows if r.char_start < correction.char_end and correction.char_start < r.char_end
    ]
    if not near:
        return f"no {correction.kind} mention at {correction.char_start}-{correction.char_end}"
    listed = ", ".join(f"{r.mention_id} at {r.char_start}-{r.char_end} {r.text!r}" for r in near)
    return f"no {correction.kind} mention at exactly this span; overlapping: {listed}"


def set_fields(row: MentionRow, lines: Sequence[Correction]) -> MentionRow:
    values = {c.field: cell_value(c.value) for c in lines}
    try:
        return type(row).model_validate({**dict(row), **values})
    except ValidationError as error:
        where = ", ".join(f"line {c.line}" for c in lines)
        asked = ", ".join(f"{c.field}={c.value!r}" for c in lines)
        raise CorrectionsError(
            f"corrections {where}: set {asked} on {row.mention_id}: {validation_message(error)}"
        ) from None


def forget_dropped(row: MentionRow, dropped: set[str]) -> MentionRow:
    """A row that pointed at a dropped mention (``equivalent_of``) no longer does."""
    if getattr(row, "equivalent_of", None) in dropped:
        return row.model_copy(update={"equivalent_of": None})
    return row


SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding ``[start, end)``: from after the last sentence end before it to
    the next one after it, whitespace collapsed."""
    before = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    after = SENTENCE_END.search(text, end)
    return collapse(text[before[-1] if before else 0 : after.end() if after else len(text)])


def page_of(result: DocumentResult, offset: int) -> int:
    pages = [p.page for p in result.pages if p.start <= offset]
    return pages[-1] if pages else 1


def added_row(
    result: DocumentResult, correction: Correction, rows: Sequence[MentionRow],
    model: type[MentionRow],
) -> MentionRow:  # fmt: skip
    """A reviewer's mention, numbered after the document's last mention of its kind, so
    that no existing mention_id changes."""
    doc_id = result.document.doc_id
    numbers = [int(r.mention_id.rsplit(":", 1)[1]) for r in rows if r.mention_id[-1:].isdigit()]
    start, end = correction.char_start, correction.char_end
    values = {
        "doc_id": doc_id,
        "mention_id": f"{doc_id}:{correction.kind}:{max(numbers, default=0) + 1}",
        "text": result.text[start:end],
        "page": page_of(result, start),
        "char_start": start,
        "char_end": end,
        "sentence": sentence_around(result.text, start, end),
        **{k: cell_value(v) for k, v in correction.fields},
    }
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise CorrectionsError(
            f"corrections line {correction.line}: add: {validation_message(error)}"
        ) from None


def correction_changes(outcomes: Iterable[CorrectionResult]) -> dict[str, int]:
    """Rows each mention table gained (add) or lost (drop), by its `DocumentResult` field."""
    tables = mention_tables()
    changes: dict[str, int] = defaultdict(int)
    for outcome in outcomes:
        action = outcome.correction.action
        if outcome.applied and action is not Action.SET:
            changes[tables[outcome.correction.kind][0]] += 1 if action is Action.ADD else -1
    return dict(changes)


# --- which file -----------------------------------------------------------------------------


def load_corrections(explicit: Path | None, out_dir: Path) -> CorrectionsFile | None:
    """The corrections of a run: the file ``--corrections`` names (it must exist), else
    ``<out>/corrections.csv`` when there is one, else none."""
    if explicit is not None:
        if not explicit.is_file():
            raise CorrectionsError(f"corrections file not found: {explicit}")
        return read_corrections(explicit)
    default = out_dir / CORRECTIONS_FILE
    return read_corrections(default) if default.is_file() else None
