"""Reading ``corrections.csv``: every line checked before anything runs (`read_corrections`),
and which file a run uses (`load_corrections`)."""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import ValidationError

from pipeline.cells import read_cell
from pipeline.corrections.records import (
    ADDED_PATTERN_ID,
    COLUMNS,
    CORRECTIONS_FILE,
    Action,
    Correction,
    CorrectionsError,
    CorrectionsFile,
    cell_value,
    mention_tables,
    settable_fields,
)
from schemas import MentionRow


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
                  "char_start": start, "char_end": end, "sentence": text,
                  "pattern_id": ADDED_PATTERN_ID}  # fmt: skip
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


def load_corrections(explicit: Path | None, out_dir: Path) -> CorrectionsFile | None:
    """The corrections of a run: the file ``--corrections`` names (it must exist), else
    ``<out>/corrections.csv`` when there is one, else none."""
    if explicit is not None:
        if not explicit.is_file():
            raise CorrectionsError(f"corrections file not found: {explicit}")
        return read_corrections(explicit)
    default = out_dir / CORRECTIONS_FILE
    return read_corrections(default) if default.is_file() else None
