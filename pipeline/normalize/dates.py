"""Dates: mention text -> first and last day covered, granularity, range flag."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence

from schemas import DateCandidate, DocumentText, Granularity, Kind, Mention, Rejection, Stage

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}


def year_span(first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(first, 1, 1), dt.date(last, 12, 31)


def parse_date(text: str) -> tuple[dt.date, dt.date, Granularity, bool]:
    words = re.findall(r"[A-Za-z]+|\d+", text)
    numbers = [int(w) for w in words if w.isdigit()]
    months = [MONTHS[w.lower()] for w in words if w.lower() in MONTHS]
    if months and len(numbers) == 2:
        day, year = numbers
        date = dt.date(year, months[0], day)
        return date, date, Granularity.DAY, False
    if months and len(numbers) == 1:
        year = numbers[0]
        last = calendar.monthrange(year, months[0])[1]
        return dt.date(year, months[0], 1), dt.date(year, months[0], last), Granularity.MONTH, False
    if len(numbers) == 2:
        first, last = numbers
        if last < 100:
            last = first // 100 * 100 + last
        return *year_span(first, last), Granularity.YEAR, True
    if len(numbers) == 1:
        return *year_span(numbers[0], numbers[0]), Granularity.YEAR, False
    raise ValueError("not a date form this version reads")


def normalize(document: DocumentText, mentions: Sequence[Mention]) -> list[DateCandidate | Rejection]:
    results: list[DateCandidate | Rejection] = []
    for mention in mentions:
        try:
            start, end, granularity, is_range = parse_date(mention.text)
        except ValueError as error:
            results.append(
                Rejection(
                    doc_id=mention.doc_id, stage=Stage.NORMALIZE, kind=Kind.DATE,
                    text=mention.text, field="start", reason=str(error),
                    char_start=mention.char_start,
                )
            )
            continue
        results.append(
            DateCandidate(
                mention=mention, start=start, end=end, granularity=granularity,
                is_range=is_range,
            )
        )
    return results


def publication_date(document: DocumentText, mentions: Sequence[Mention]) -> dt.date | None:
    """The document's publication date: from its metadata, else the first full date
    (day, month and year) in its first 1,000 characters (a dateline or byline)."""
    if document.published:
        return document.published
    for mention in mentions:
        if mention.char_start > 1000:
            break
        try:
            start, _, granularity, is_range = parse_date(mention.text)
        except ValueError:
            continue
        if granularity is Granularity.DAY and not is_range:
            return start
    return None
