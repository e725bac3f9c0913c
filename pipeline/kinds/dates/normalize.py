"""Dates: mention text -> first and last day covered, granularity, range flag.

`parse_date` reads any form the recognizer finds (patterns/dates.jsonl) with one small
grammar: the text splits at a range word (``-``, ``to``, ``and``, ``/`` ...) into at most two
sides; each side is a day, month, quarter/half/season, year or decade; the left side takes
what it lacks from the right (``12-14 March 2019``, ``12 March to 3 April 2019``) and a
two-digit right side takes its century from the left (``2024-26``). Words come from
patterns/date_months.tsv and patterns/date_periods.json; docs/dates.md lists the forms.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pipeline.kinds.dates.rules import DateCues, DateRules, DateWords
from schemas import (
    DateCandidate,
    DocumentText,
    Granularity,
    Kind,
    Mention,
    Rejection,
    Stage,
)

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([./])(\d{1,2})\2(\d{4})$")
_SLASHED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(?:19|20)\d\d\b")
_WORD = re.compile(r"[a-z]+-\d{4}s?|\d{4}s|\d+(?:st|nd|rd|th)?|[a-z]+\.?|[–—‒/-]")
_NUMERIC_RANGE = re.compile(
    r"^(?P<first>\d{1,2}[./]\d{1,2}[./]\d{4})\s*[–—-]\s*(?P<last>\d{1,2}[./]\d{1,2}[./]\d{4})$"
)
_HYPHENATED_DAY = re.compile(r"\b(\d{1,2})-([A-Za-z]+\.?)-(\d{4})\b")
_APOSTROPHE_DECADE = re.compile(r"[’'‘]?\b(?P<digits>(?:19|20)?\d0)[’'‘]?s\b")
_PREFIXED_YEAR = re.compile(r"^([a-z]+)-(\d{4})(s?)$")
_FINENESS = {Granularity.DAY: 0, Granularity.MONTH: 1, Granularity.YEAR: 2}


class DateParseError(ValueError):
    """The text was recognized as a date but cannot be read as one (the reason)."""


@dataclass(frozen=True)
class Period:
    """What a date mention covers; ``start``/``end`` are None when its year is unknown."""

    start: dt.date | None
    end: dt.date | None
    granularity: Granularity
    is_range: bool


@dataclass(frozen=True)
class Side:
    """One side of a range, as read so far; missing parts may come from the other side."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    months: tuple[int, int] | None = None  # a quarter, half or season: first and last month
    decade: bool = False
    relative_year: int | None = None  # "last year" -> -1
    numbers: tuple[int, ...] = field(default=())  # numbers not yet known as a day or a year

    @property
    def empty(self) -> bool:
        return self == Side(numbers=self.numbers)


def expand_two_digit(number: int, after: int | None, pivot: int) -> int:
    """A two-digit year: the first one not before ``after`` and at most ten years on
    (``2024-26``, ``1999-00``; ``2019-12`` is refused), else by the pivot (``14`` -> 2014,
    ``85`` -> 1985)."""
    if after is None:
        return 2000 + number if number < pivot else 1900 + number
    year = after // 100 * 100 + number
    if year < after:
        year += 100  # 1999-00
    if year - after > 10:
        raise DateParseError(f"{number:02d} after {after} is no year that ends a period")
    return year


def read_side(words: list[str], vocabulary: DateWords) -> Side:
    """One side of a date expression (its words already lower case)."""
    side = Side()
    ordinal: int | None = None
    fiscal = False  # fiscal years are read as calendar years; "FY09" is 2009
    i = 0
    while i < len(words):
        word = words[i].rstrip(".")
        following = words[i + 1] if i + 1 < len(words) else ""
        i += 1
        if word in vocabulary.fiscal_prefixes:
            fiscal = True
            continue
        if word in vocabulary.filler_words:
            continue
        if prefixed := _PREFIXED_YEAR.match(word):
            if prefixed[1] not in vocabulary.year_prefixes:
                raise DateParseError(f"unknown word before a year: {prefixed[1]!r}")
            side = replace(side, year=int(prefixed[2]), decade=bool(prefixed[3]))
        elif re.fullmatch(r"\d{4}s", word):
            side = replace(side, year=int(word[:4]), decade=True)
        elif re.fullmatch(r"\d{4}", word):
            side = replace(side, year=int(word))
        elif number := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", word):
            side = replace(side, numbers=(*side.numbers, int(number[1])))
        elif word in vocabulary.months:
            side = replace(side, month=vocabulary.months[word])
        elif word in vocabulary.relative_years and following == "year":
            side = replace(side, relative_year=vocabulary.relative_years[word])
            i += 1
        elif word in vocabulary.ordinals:
            ordinal = vocabulary.ordinals[word]
        elif word in vocabulary.quarter_words | vocabulary.half_words:
            if ordinal is None:
                raise DateParseError(f"{word!r} without first/second/...")
            side = replace(side, months=part_months(word in vocabulary.half_words, ordinal))
        elif word in vocabulary.quarter_prefixes | vocabulary.half_prefixes and following:
            if not following.isdigit():
                raise DateParseError(f"{word!r} without a number")
            half = word in vocabulary.half_prefixes
            side = replace(side, months=part_months(half, int(following)))
            i += 1
        elif word in vocabulary.seasons:
            side = replace(side, months=vocabulary.seasons[word])
        else:
            raise DateParseError(f"unreadable word {word!r}")
    pivot = vocabulary.two_digit_year_pivot
    if fiscal and side.numbers and side.year is None and side.month is None:
        side = replace(side, year=expand_two_digit(side.numbers[0], None, pivot), numbers=())
    if side.month is not None and side.numbers:
        day, *rest = side.numbers
        side = replace(side, day=day, numbers=tuple(rest))
        if rest and side.year is None:
            year = expand_two_digit(rest[0], None, pivot)
            side = replace(side, year=year, numbers=tuple(rest[1:]))
    return side


def part_months(half: bool, ordinal: int) -> tuple[int, int]:
    """First and last month of quarter/half ``ordinal`` (-1: the last one)."""
    size = 6 if half else 3
    count = 12 // size
    number = count if ordinal == -1 else ordinal
    if not 1 <= number <= count:
        raise DateParseError(f"there is no {'half' if half else 'quarter'} number {ordinal}")
    return (number - 1) * size + 1, number * size


def combine(left: Side, right: Side, pivot: int) -> tuple[Side, Side]:
    """Fill what each side of a range lacks from the other."""
    if right.empty and right.numbers and left.year is not None and left.month is None:
        right = replace(
            right, year=expand_two_digit(right.numbers[0], left.year, pivot), numbers=()
        )
    if left.empty and left.numbers and right.month is not None:
        left = replace(left, day=left.numbers[0], numbers=())
    if right.numbers and right.month is None and left.day is not None:
        right = replace(right, day=right.numbers[0], month=left.month, numbers=())
    if left.day is not None and left.month is None:
        left = replace(left, month=right.month)
    if left.year is None and left.relative_year is None:
        left = replace(left, year=right.year, relative_year=right.relative_year)
    return left, right


def side_period(side: Side, reference_year: int | None) -> Period:
    """The first and last day a side covers (None for both when the year is unknown)."""
    if side.numbers:
        raise DateParseError(f"a number that is neither a day nor a year: {side.numbers[0]}")
    year = side.year
    if side.relative_year is not None:
        year = None if reference_year is None else reference_year + side.relative_year
    elif year is None:
        year = reference_year
    if side.day is not None and side.month is not None:
        granularity = Granularity.DAY
    elif side.month is not None or side.months is not None:
        granularity = Granularity.MONTH
    elif side.year is not None:
        granularity = Granularity.YEAR
    else:
        raise DateParseError("no year, month or day")
    if year is None:
        return Period(None, None, granularity, side.months is not None)
    try:
        if side.day is not None and side.month is not None:
            day = dt.date(year, side.month, side.day)
            return Period(day, day, granularity, False)
        if side.month is not None:
            return Period(*month_span(year, side.month, side.month), granularity, False)
        if side.months is not None:
            return Period(*month_span(year, *side.months), granularity, True)
    except ValueError as error:
        raise DateParseError(str(error)) from None
    last = year + 9 if side.decade else year
    return Period(dt.date(year, 1, 1), dt.date(last, 12, 31), granularity, side.decade)


def month_span(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """First day of month ``first`` to last day of month ``last``; a ``last`` before
    ``first`` falls in the next year (winter: December to February)."""
    end_year = year + 1 if last < first else year
    return dt.date(year, first, 1), dt.date(end_year, last, calendar.monthrange(end_year, last)[1])


def covers_more_than_one(start: dt.date, end: dt.date, granularity: Granularity) -> bool:
    if granularity is Granularity.DAY:
        return start != end
    if granularity is Granularity.MONTH:
        return (start.year, start.month) != (end.year, end.month)
    return start.year != end.year


def numeric_date(text: str, day_first: bool) -> Period | None:
    """``2017-10-01``, ``01.10.2017`` (always day first), ``01/10/2017`` (by the document)."""
    if iso := _ISO.match(text):
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif numeric := _NUMERIC.match(text):
        first, second, year = int(numeric[1]), int(numeric[3]), int(numeric[4])
        day, month = (first, second) if day_first or numeric[2] == "." else (second, first)
    else:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError as error:
        raise DateParseError(str(error)) from None
    return Period(date, date, Granularity.DAY, False)


def spelled_out(text: str, vocabulary: DateWords) -> str:
    """The text with glued and short forms written out for the grammar: ``24-May-2020`` ->
    ``24 May 2020``; decades with an apostrophe ``’90s``, ``90’s`` -> ``1990s`` (a two-digit
    decade below ``two_digit_decade_pivot`` is 20xx), ``1990’s`` -> ``1990s``."""

    def hyphenated(match: re.Match[str]) -> str:
        if match[2].lower().rstrip(".") not in vocabulary.months:
            return match[0]
        return f"{match[1]} {match[2]} {match[3]}"

    def decade(match: re.Match[str]) -> str:
        digits = match["digits"]
        if len(digits) == 2:
            century = 20 if int(digits) < vocabulary.two_digit_decade_pivot else 19
            digits = f"{century}{digits}"
        return f"{digits}s"

    text = _HYPHENATED_DAY.sub(hyphenated, text)
    return _APOSTROPHE_DECADE.sub(decade, text)


def parse_date(
    text: str,
    vocabulary: DateWords,
    reference_year: int | None = None,
    day_first: bool = True,
) -> Period:
    """What a date expression covers. ``reference_year`` (the publication year) fills a
    missing or relative year; without it such a date comes back with no start and end.
    Raises DateParseError with the reason when the text cannot be read."""
    text = spelled_out(" ".join(text.split()), vocabulary)
    if (numeric := numeric_date(text, day_first)) is not None:
        return numeric
    if (numeric_range := _NUMERIC_RANGE.match(text)) is not None:
        first = numeric_date(numeric_range["first"], day_first)
        last = numeric_date(numeric_range["last"], day_first)
        if first is not None and last is not None and first.start and last.end:
            if last.end < first.start:
                raise DateParseError(f"the period ends ({last.end}) before it starts")
            return Period(first.start, last.end, Granularity.DAY, first.start != last.end)
    words = _WORD.findall(text.lower())
    cuts = [i for i, word in enumerate(words) if word in vocabulary.range_words]
    if len(cuts) > 1:
        raise DateParseError("more than one range word")
    if not cuts:
        return side_period(read_side(words, vocabulary), reference_year)
    left = read_side(words[: cuts[0]], vocabulary)
    right = read_side(words[cuts[0] + 1 :], vocabulary)
    left, right = combine(left, right, vocabulary.two_digit_year_pivot)
    first, last = side_period(left, reference_year), side_period(right, reference_year)
    granularity = min(first.granularity, last.granularity, key=_FINENESS.__getitem__)
    if first.start is None or last.end is None:
        return Period(None, None, granularity, True)
    if last.end < first.start:
        raise DateParseError(f"the period ends ({last.end}) before it starts ({first.start})")
    return Period(
        first.start,
        last.end,
        granularity,
        covers_more_than_one(first.start, last.end, granularity),
    )


# --- document context ---------------------------------------------------------------------


def reads_day_first(text: str) -> bool:
    """Whether the document writes numeric dates day first (``31/01/2020``): false only when
    one of its slashed dates cannot be day first (``01/31/2020``)."""
    orders = [(int(m[1]), int(m[2])) for m in _SLASHED_DATE.finditer(text)]
    if any(first > 12 for first, _ in orders):
        return True
    return not any(second > 12 for _, second in orders)


def copyright_year(text: str, cues: DateCues) -> int | None:
    """The latest year in a copyright line (``© ILO 2019``, ``Copyright 2021 UNDP``)."""
    marks = "|".join(re.escape(mark) for mark in cues.copyright_marks)
    pattern = re.compile(rf"(?:{marks})[^\n\d]{{0,60}}?((?:19|20)\d\d)\b", re.IGNORECASE)
    years = [int(match[1]) for match in pattern.finditer(text)]
    return max(years) if years else None


def is_dateline(document: DocumentText, mention: Mention, cues: DateCues) -> bool:
    """A full date that opens the document's text or a short line, or follows a dateline
    word (``Published``, ``(ILO News) –``): where a press release or brief prints its date."""
    if mention.char_start > cues.dateline_window:
        return False
    line_start = document.text.rfind("\n", 0, mention.char_start) + 1
    prefix = document.text[line_start : mention.char_start].lower()
    if len(prefix) <= cues.dateline_prefix_chars:
        return True
    return any(word in prefix for word in cues.dateline_words)


def publication_date(
    document: DocumentText, mentions: Sequence[Mention], rules: DateRules
) -> dt.date | None:
    """The document's publication date: from its metadata, else the first full date (day,
    month and year) near the start that stands as a dateline or byline (see `is_dateline`)."""
    if document.published:
        return document.published
    day_first = reads_day_first(document.text)
    for mention in mentions:
        if mention.kind is not Kind.DATE or not is_dateline(document, mention, rules.cues):
            continue
        try:
            period = parse_date(mention.text, rules.words, day_first=day_first)
        except DateParseError:
            continue
        if period.granularity is Granularity.DAY and not period.is_range and period.start:
            return period.start
    return None


def reference_year(
    document: DocumentText, mentions: Sequence[Mention], rules: DateRules
) -> int | None:
    """The year a yearless or relative date is read in: the publication date's, else the
    copyright line's."""
    published = document.published  # set by the describe step (`publication_date`)
    return published.year if published else copyright_year(document.text, rules.cues)


def normalize(
    document: DocumentText, mentions: Sequence[Mention], rules: DateRules
) -> list[DateCandidate | Rejection]:
    """A candidate per mention, or a Rejection (stage normalize) with the reason it cannot be
    read. A date whose year is unknown stays a candidate with empty start/end (the run adds
    a warning to the document, see `pipeline.validate.yearless_warnings`)."""
    year = reference_year(document, mentions, rules)
    day_first = reads_day_first(document.text)
    results: list[DateCandidate | Rejection] = []
    for mention in mentions:
        try:
            period = parse_date(mention.text, rules.words, year, day_first)
        except DateParseError as error:
            results.append(Rejection.of(mention, Stage.NORMALIZE, "start", str(error)))
            continue
        results.append(
            DateCandidate(
                mention=mention,
                start=period.start,
                end=period.end,
                granularity=period.granularity,
                is_range=period.is_range,
            )
        )
    return results
