"""Period: the years the money covers, when the sentence attaches them to the amount
(docs/funding.md, "Period").

First a year or range that labels the amount (`FY 2010 : USD 1,000,000`), then a project's
run (`started in September 2015 and will run till September 2019`, any granularity). Else a
range or a year near the amount (within the window, and nearer to it than to any other
amount of the sentence; the nearest such date wins), else one that opens the sentence (`In
2020, ...`), else the one range after the sentence's only amount. Days and months are when
something happened; a date inside or right after a programme's name is the name's; a date
after `launched in`, `at a conference in` ... dates an event. A single year after `since`,
`from`, `starting in` opens the period (`since 2009`: no end; `over four years from 2019`: a
stated duration gives the end, 2022-12-31); after `until`, `through` it closes it (no start).
"""

from __future__ import annotations

import datetime as dt
import re

from pipeline.link.context import (
    Context,
    after_programme,
    inside_programme,
    opens,
    word_gap,
    word_index,
)
from pipeline.link.rules import FundingRules
from pipeline.link.words import Word, find_phrases
from schemas import DateCandidate, Mention

Period = tuple[dt.date | None, dt.date | None]


def pick_period(
    context: Context,
    words: list[Word],
    amount: Mention,
    start: int,
    end: int,
    rules: FundingRules,
) -> Period:
    amount = context.reach(amount)
    amounts = [context.reach(a) for a in context.own_amounts(start, end)]
    labelled = _labelled(context, amount, start, end, rules)
    if labelled is not None:
        return labelled
    run = _run(context, words, amount, amounts, start, end, rules)
    if run is not None:
        return run
    near: list[tuple[int, DateCandidate]] = []
    opening: list[DateCandidate] = []
    ranges: list[DateCandidate] = []  # far from the amount: the period if the only amount
    leads: list[DateCandidate] = []  # before a colon that leads in a list of sums
    for date in context.inside(context.dates, start, end):
        assert isinstance(date, DateCandidate)
        m = date.mention
        if date.start is None or inside_programme(context, m):
            continue
        if after_programme(context, m) and not date.is_range:
            continue  # `... Initiative (GYPI) 2017` is the name's; `Programme 2022-2025` its run
        if _phrase_before(words, m.char_start, rules.not_period_after, 2):
            continue
        # `over four years from July 2026`: a month that opens a stated run starts it;
        # `until June 2026`: one after a closer ends it
        if (
            not date.is_range
            and date.granularity not in rules.period_granularities
            and (
                date.granularity != "month"
                or not (_opens_a_stated_run(words, m, rules) or _closes(words, m, rules))
            )
        ):
            continue
        gap = word_gap(words, m, amount)
        if m.char_end <= amount.char_start and _LEAD_COLON.match(context.text, m.char_end):
            leads.append(date)  # `contributed to the RBSA in 2023: Belgium (EUR 2.5 million), ...`
        if opens(words, m):
            opening.append(date)
        if gap > rules.period_window:
            if m.char_start > amount.char_end and (
                date.is_range or _opens_a_stated_run(words, m, rules) or _closes(words, m, rules)
            ):
                ranges.append(date)
            elif date.is_range and _runs_of(context, words, m, rules):
                ranges.append(date)  # `The first phase (2016-2019), ... with EUR 4.2 million`
            continue
        # the money the period is for: the nearest amount before the date (`USD 9 million for
        # 2024-26, up from USD 4 million`), else the nearest after it
        before = [a for a in amounts if a.char_end <= m.char_start]
        near_before = [a for a in before if word_gap(words, m, a) <= rules.period_window]
        pool = near_before or amounts
        nearest = min(pool, key=lambda a: word_gap(words, m, a), default=amount)
        if nearest.char_start == amount.char_start:
            near.append((gap, date))
    if near:
        chosen = min(near, key=lambda found: found[0])[1]
        joined = _joined(context, chosen, start, end, rules)
        if joined is not None:  # `across 2023/24 and 2024/25`
            return joined
    elif opening:
        chosen = opening[0]
    elif len(ranges) == 1 and len(amounts) == 1:
        chosen = ranges[0]  # `NOK 45 million to support ... in Malawi and Zambia over 2021-2023`
    elif leads:
        chosen = leads[-1]
    else:
        return None, None
    return _bounds(words, chosen, rules)


def _runs_of(context: Context, words: list[Word], date: Mention, rules: FundingRules) -> bool:
    """The range stands right after a run head (`phase`, `project`) or a programme's name,
    with at most a parenthesis or a comma and `from` between: `The first phase
    (2016-2019)`, `Work in Freedom, from 2013 to 2022`."""
    at = word_index(words, date.char_start)
    if at < len(words) and words[at].text == "from":
        at += 1  # the date's own `from`
    i = at - 1
    if i >= 0 and words[i].text == "from":
        i -= 1
    if i < 0:
        return False
    head = words[i]
    if (
        _RUN_GAP.fullmatch(
            context.text, head.end, words[at].start if at < len(words) else date.char_start
        )
        is None
    ):
        return False
    return head.text in rules.period_run_heads or any(
        p.mention.char_end == head.end for p in context.programmes
    )


_RUN_GAP = re.compile(r"\s*(?:\(|,\s*from\s+|,\s*|from\s+)\s*")
_LABEL_COLON = re.compile(r"\s*:\s*")
_LEAD_COLON = re.compile(r"[ \t]*:")
_AND = re.compile(r"\s+and\s+")


def _joined(
    context: Context, chosen: DateCandidate, start: int, end: int, rules: FundingRules
) -> Period | None:
    """Two years or ranges joined by `and` (`in 2023 and 2024`, `across 2023/24 and
    2024/25`): the period from the first's start to the second's end; None when ``chosen``
    is joined to none."""

    def spans(d: DateCandidate) -> bool:
        return d.start is not None and (d.is_range or d.granularity in rules.period_granularities)

    dates = [d for d in context.inside(context.dates, start, end) if isinstance(d, DateCandidate)]
    for first, second in zip(dates, dates[1:], strict=False):
        if chosen not in (first, second) or not (spans(first) and spans(second)):
            continue
        if _AND.fullmatch(context.text, first.mention.char_end, second.mention.char_start):
            return first.start, second.end
    return None


def _labelled(
    context: Context, amount: Mention, start: int, end: int, rules: FundingRules
) -> Period | None:
    """A year or range that labels the amount, a colon between (`FY 2010 : USD 1,000,000`,
    `2019-2021: EUR 3 million`): the amount's period."""
    for date in context.inside(context.dates, start, end):
        assert isinstance(date, DateCandidate)
        m = date.mention
        labels = m.char_end <= amount.char_start and _LABEL_COLON.fullmatch(
            context.text, m.char_end, amount.char_start
        )
        if (
            labels
            and date.start is not None
            and (date.is_range or date.granularity in rules.period_granularities)
        ):
            return date.start, date.end
    return None


def _run(
    context: Context,
    words: list[Word],
    amount: Mention,
    amounts: list[Mention],
    start: int,
    end: int,
    rules: FundingRules,
) -> Period | None:
    """`started in September 2015 and will run till September 2019`: a date after a start of
    the run (`run_starts`) near this amount, and a later one after a closer, whatever their
    granularity."""
    dates = [
        d
        for d in context.inside(context.dates, start, end)
        if isinstance(d, DateCandidate)
        and not d.is_range
        and not inside_programme(context, d.mention)
    ]
    for first in dates:
        m = first.mention
        if first.start is None or not _phrase_before(words, m.char_start, rules.run_starts, 1):
            continue
        if word_gap(words, m, amount) > rules.period_window:
            continue
        if min(amounts, key=lambda a: word_gap(words, m, a), default=amount) != amount:
            continue
        for last in dates:
            later = last.mention.char_start > m.char_end and last.end is not None
            if later and _closes(words, last.mention, rules):
                return first.start, last.end
    return None


def _bounds(words: list[Word], date: DateCandidate, rules: FundingRules) -> Period:
    """The period a date gives: a range or a year as it is; a year that opens (`since 2009`,
    `from 2019`) or closes (`until 2025`) a period is its start or its end, a stated duration
    (`over four years from 2019`, `from July 2026`) giving the other end: the day before
    the start's anniversary (2022-12-31, 2030-06-30)."""
    m = date.mention
    if date.is_range or date.start is None:
        return date.start, date.end
    if _closes(words, m, rules):
        return None, date.end
    if _phrase_before(words, m.char_start, rules.period_openers, 1):
        if _phrase_before(words, m.char_start, rules.open_end_words, 1):
            return date.start, None  # `since 2009`: no end, whatever the duration
        years = duration_years(words, rules)
        if years is None:
            return date.start, None
        first = date.start
        return first, first.replace(year=first.year + years) - dt.timedelta(days=1)
    return date.start, date.end


def _closes(words: list[Word], date: Mention, rules: FundingRules) -> bool:
    """A closer (`until`, `through`, `runs to` ...) stands right before the date."""
    return _phrase_before(words, date.char_start, rules.period_closers, 1)


def _opens_a_stated_run(words: list[Word], date: Mention, rules: FundingRules) -> bool:
    """`a four-year programme ..., starting in 2025`: a year that opens a run the sentence
    gives a length to, as good as a range."""
    opener = _phrase_before(words, date.char_start, rules.period_openers, 1)
    open_end = _phrase_before(words, date.char_start, rules.open_end_words, 1)
    return opener and not open_end and duration_years(words, rules) is not None


def _phrase_before(
    words: list[Word], offset: int, phrases: tuple[tuple[str, ...], ...], within: int
) -> bool:
    """One of ``phrases`` ends within ``within`` words before ``offset``."""
    at = word_index(words, offset)
    low = max(0, at - within - max((len(p) for p in phrases), default=0))
    for i, phrase in find_phrases(words[low:at], phrases):
        if at - (low + i + len(phrase)) < within:
            return True
    return False


_DURATION = re.compile(r"^(\w+)-years?$")


def duration_years(words: list[Word], rules: FundingRules) -> int | None:
    """The number of years the sentence states (`four years`, `a 3-year project`)."""
    for i, word in enumerate(words):
        match = _DURATION.match(word.text)
        number = match.group(1) if match else None
        if number is None and i + 1 < len(words) and words[i + 1].text in ("year", "years"):
            number = word.text
        if number is None:
            continue
        years = int(number) if number.isdigit() else rules.number_words.get(number)
        if years is not None and 1 <= years <= rules.max_duration_years:
            return years
    return None
