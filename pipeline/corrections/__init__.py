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

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from pydantic import ValidationError

from pipeline.corrections.read import (
    load_corrections,
    read_corrections,
    same_key,
    validation_message,
)
from pipeline.corrections.records import (
    ADDED_PATTERN_ID,
    COLUMNS,
    STATUS_COLUMNS,
    STATUS_FILE,
    Action,
    Correction,
    CorrectionResult,
    CorrectionsError,
    CorrectionsFile,
    Outcome,
    cell_value,
    collapse,
    mention_tables,
)
from schemas import AmountRow, DocumentResult, FundingFact, MentionRow, Status


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
        "pattern_id": ADDED_PATTERN_ID,
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


__all__ = [
    "COLUMNS",
    "STATUS_COLUMNS",
    "STATUS_FILE",
    "Correction",
    "CorrectionResult",
    "CorrectionsError",
    "CorrectionsFile",
    "Outcome",
    "apply_corrections",
    "correction_changes",
    "load_corrections",
    "read_corrections",
]
