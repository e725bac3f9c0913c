"""Field records and list headings: structure around an amount that states its slots
outside its sentence (docs/funding.md, "Field records and headings").

A field record is a run of `Label: value` lines (blank lines between allowed) that holds
the amount in one of its values (`Total Funding: $9.8 million` among `Funding Recipient:
International Labour Organization`, `Duration: 2020-2023`, `Location: Kenya`): the record
is read as one, each known label filling its slot from the mentions in its value. A list
heading is the line ending with `:` above the bullets that hold the amount (`Finland funds
the ILO through:`): its donor and recipient apply to every bullet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from pipeline.link.context import Actor, Context
from pipeline.link.flow import noun_cues, verb_cues
from pipeline.link.parties import actors, pick_donor, pick_recipient
from pipeline.link.roles import is_country_actor
from pipeline.link.rules import FundingRules
from pipeline.link.words import find_phrases, line_around, words_of
from pipeline.patterns import BULLET
from schemas import CountryCandidate, DateCandidate, Flow, Mention, ProgrammeCandidate

_FIELD = re.compile(r"[ \t]*(?:[•*·▪–-][ \t]*)?([A-Z][\w /&'’()-]{0,40}?)[ \t]*:[ \t]*(\S.*)")
_MAX_LINES = 15
OTHER = "other"  # the labels that fill no slot (`Region`, `Funding Amount`)


@dataclass(frozen=True)
class Record:
    """What a field record or a list heading states about an amount; None: not stated."""

    donor: Actor | None = None
    recipient: Actor | None = None
    programme: ProgrammeCandidate | None = None
    countries: tuple[str, ...] | None = None
    period: tuple[dt.date | None, dt.date | None] | None = None
    places: tuple[int, int] | None = None  # where the countries value is: no donor there
    flow: Flow | None = None  # a list heading's verb, for items that have none
    refers_back: bool = False  # `It supports three programmes:`: the items are parts of a sum
    at: int = -1  # where a list heading starts: its items are parts of the sum before it


def _lines(text: str, offset: int) -> tuple[int, int]:
    """The start and end of the line that holds ``offset``."""
    return line_around(text, offset, offset)


def _neighbours(text: str, start: int, end: int, step: int) -> Iterator[tuple[int, int]]:
    """The lines above (``step`` -1) or below (1) the line ``[start, end)``, nearest first."""
    while (start > 0) if step < 0 else (end < len(text)):
        start, end = _lines(text, start - 1) if step < 0 else _lines(text, end + 1)
        yield start, end


def field_line(text: str, amount: Mention) -> tuple[int, int] | None:
    """The `Label: value` line whose value holds the amount (`Budget: CAD 14.5 million (of
    which ...)`), or None. A record's lines have no full stops, so the amount's sentence may
    run over several of them; the amount's own line is what speaks of it."""
    start, end = _lines(text, amount.char_start)
    line = _FIELD.fullmatch(text, start, end)
    if line is None or amount.char_start < line.start(2) or amount.char_end > end:
        return None
    return start, end


def field_record(context: Context, amount: Mention, rules: FundingRules) -> Record | None:
    """The record of `Label: value` lines whose value holds the amount, or None."""
    text = context.text
    start, end = _lines(text, amount.char_start)
    line = _FIELD.fullmatch(text, start, end)
    if line is None or amount.char_start < line.start(2):
        return None
    return _block_record(context, line, rules)


def page_record(context: Context, rules: FundingRules) -> Record | None:
    """The page's first field record (a project page's fact box: `Country: Côte d'Ivoire`,
    `Duration: 1 July 2024 – 30 June 2028`), or None. Found once per document."""
    if "page_record" not in context.memo:
        found = None
        start = 0
        while start < len(context.text) and found is None:
            end = context.text.find("\n", start)
            end = len(context.text) if end < 0 else end
            line = _FIELD.fullmatch(context.text, start, end)
            if line is not None and rules.field_labels.get(_label(line), OTHER) != OTHER:
                found = _block_record(context, line, rules)
            start = end + 1
        context.memo["page_record"] = found
    page = context.memo["page_record"]
    return page if isinstance(page, Record) else None


def _label(line: re.Match[str]) -> str:
    return " ".join(line.group(1).lower().split())


def _block_record(context: Context, line: re.Match[str], rules: FundingRules) -> Record | None:
    """The record of the `Label: value` lines around ``line``, one of them."""
    text = context.text
    start, end = line.span()
    values = [line]
    for step in (-1, 1):
        for at in islice(_neighbours(text, start, end, step), _MAX_LINES):
            if not text[at[0] : at[1]].strip():
                continue
            found = _FIELD.fullmatch(text, *at)
            if found is None:
                break
            values.append(found)
    slots: dict[str, tuple[int, int]] = {}
    for value in values:
        slot = rules.field_labels.get(_label(value))
        if slot is not None and slot != OTHER and slot not in slots:
            slots[slot] = value.span(2)
    return _record(context, slots, rules) if slots else None


_MAX_BLOCK = 60


def label_record(context: Context, amount: Mention, rules: FundingRules) -> Record | None:
    """A page's fields as text, each label on a line of its own and its value on the lines
    below it (`Country` / `Ghana` / `Implementing Organization` / `...`): the labels of the
    amount's block (no blank line between), when the amount sits in one of their values and
    the block has two labels at least."""
    text = context.text
    if _label_lines(context, rules) < 2:
        return None  # most documents: no page of fields at all
    start, end = _lines(text, amount.char_start)
    above: list[tuple[int, int]] = []
    below: list[tuple[int, int]] = []
    for step, lines in ((-1, above), (1, below)):
        for at in islice(_neighbours(text, start, end, step), _MAX_BLOCK):
            if not text[at[0] : at[1]].strip():
                break
            lines.append(at)
    block = [*reversed(above), (start, end), *below]
    labels = [
        (i, slot)
        for i, (a, b) in enumerate(block)
        if (slot := rules.field_labels.get(" ".join(text[a:b].lower().split()))) is not None
    ]
    own = len(above)
    if len(labels) < 2 or not any(i < own for i, _ in labels):
        return None
    slots: dict[str, tuple[int, int]] = {}
    for (i, slot), following in zip(labels, [*labels[1:], (len(block), "")], strict=True):
        if following[0] > i + 1 and slot != OTHER and slot not in slots:
            slots[slot] = (block[i + 1][0], block[following[0] - 1][1])
    return _record(context, slots, rules) if slots else None


def _label_lines(context: Context, rules: FundingRules) -> int:
    """How many lines of the document are a known label and nothing else (counted once)."""
    count = context.memo.get("label_lines")
    if not isinstance(count, int):
        lines = context.text.split("\n")
        count = sum(" ".join(line.lower().split()) in rules.field_labels for line in lines)
        context.memo["label_lines"] = count
    return count


def _record(context: Context, slots: dict[str, tuple[int, int]], rules: FundingRules) -> Record:
    donor = recipient = None
    programme = countries = period = None
    if "donor" in slots:
        found = actors(context, *slots["donor"], rules)
        donor = found[0] if found else None
    if "recipient" in slots:
        found = actors(context, *slots["recipient"], rules)
        organizations = [a for a in found if a.is_ilo or not is_country_actor(a)]
        recipient = next(iter(organizations or found), None)
    if "programme" in slots:
        inside = context.inside(context.programmes, *slots["programme"])
        programme = inside[0] if inside and isinstance(inside[0], ProgrammeCandidate) else None
    if "countries" in slots:
        codes: list[str] = []
        for country in context.inside(context.countries, *slots["countries"]):
            if isinstance(country, CountryCandidate) and country.iso3 not in codes:
                codes.append(country.iso3)
        countries = tuple(codes)
    if "period" in slots:
        period = _period_of(context, *slots["period"])
    elif "start" in slots or "end" in slots:  # `Start date: 2021-03-31` / `End date: ...`
        first = _period_of(context, *slots["start"]) if "start" in slots else None
        last = _period_of(context, *slots["end"]) if "end" in slots else None
        period = (first[0] if first else None, last[1] if last else None)
        period = None if period == (None, None) else period
    return Record(donor, recipient, programme, countries, period, slots.get("countries"))


def _period_of(
    context: Context, start: int, end: int
) -> tuple[dt.date | None, dt.date | None] | None:
    """From the first date's start to the last date's end in ``[start, end)``, or None."""
    dates = [
        d
        for d in context.inside(context.dates, start, end)
        if isinstance(d, DateCandidate) and d.start is not None
    ]
    return (dates[0].start, dates[-1].end) if dates else None


def list_heading(context: Context, amount: Mention, rules: FundingRules) -> Record | None:
    """The donor, recipient, period and flow of the heading above the bullets that hold the
    amount (`Finland funds the ILO through:`, `In 2024 SECO disbursed the following amounts:`),
    and whether it opens with a pronoun (`It supports three programmes:`), or None when the
    amount is not in such a list."""
    text = context.text
    start, end = _lines(text, amount.char_start)
    if not BULLET.match(text, start, end):
        return None
    for at in islice(_neighbours(text, start, end, -1), _MAX_LINES):
        line = text[at[0] : at[1]]
        opens = line.rstrip().endswith(":")  # a bullet that ends so heads a nested list
        if not line.strip() or (BULLET.match(line) and not opens):
            continue
        if not opens:
            return None
        heading_end = at[0] + len(line.rstrip())
        words = words_of(text, at[0], heading_end)
        found = actors(context, at[0], heading_end, rules)
        donor = pick_donor(text, words, found, heading_end, rules)
        recipient = pick_recipient(words, found, donor, rules)
        # `SECO disbursed the following amounts:`, else `Sida's disbursements to the ILO:`
        cues = verb_cues(words, rules.flow) or noun_cues(words, rules.flow)
        return Record(
            donor=donor,
            recipient=recipient,
            # `In 2024 the Fund received new contributions from six partners:`
            period=_period_of(context, at[0], heading_end),
            flow=cues[-1].flow if cues else None,
            at=at[0],
            refers_back=bool(words)
            and (
                words[0].text in rules.back_pronouns
                or bool(find_phrases(words, rules.heading_parts))
            ),
        )
    return None


def title_programme(context: Context) -> tuple[ProgrammeCandidate, tuple[str, ...]] | None:
    """The programme a page is about when its title is that programme's name (`Better Work -
    Haiti` above a donor's project page; `<name>: occupational safety in ...` under a `PROJECT
    BRIEF` label or an office's masthead), with the countries inside the name; None on any
    other page (a headline is a sentence, not a name). Found once per document."""
    if "title_programme" not in context.memo:
        context.memo["title_programme"] = _title_programme(context)
    found = context.memo["title_programme"]
    return found if isinstance(found, tuple) else None


# What may follow a name in a title: the line's end, or a subtitle after a colon.
_TITLE_TAIL = re.compile(r"[ \t]*(?:$|:[ \t])", re.M)
_LABEL_WORDS = 4  # a line this short (`PROJECT BRIEF`) may stand above the title
_TITLE_LINES = 5  # the title is one of the first five lines
_MASTHEAD_WORDS = 15  # an office's name above it (`ILO Country Office for ...`), no sentence
_NON_SPACE = re.compile(r"\S")


def _title_programme(context: Context) -> tuple[ProgrammeCandidate, tuple[str, ...]] | None:
    text = context.text
    at = _first_character(text, 0)
    for _ in range(_TITLE_LINES):
        start, end = _lines(text, at)
        line_end = start + len(text[start:end].rstrip())
        for programme in context.inside(context.programmes, start, line_end):
            m = programme.mention
            if (
                isinstance(programme, ProgrammeCandidate)
                and m.char_start == at
                and _TITLE_TAIL.match(text, m.char_end, line_end + 1)
            ):
                codes = tuple(
                    dict.fromkeys(
                        c.iso3
                        for c in context.inside(context.countries, m.char_start, m.char_end)
                        if isinstance(c, CountryCandidate)
                    )
                )
                return programme, codes
        line = text[start:line_end]
        if len(line.split()) > _LABEL_WORDS and (
            line.endswith((".", "!", "?")) or len(line.split()) > _MASTHEAD_WORDS
        ):
            return None
        at = _first_character(text, end)  # the next line's
    return None


def _first_character(text: str, start: int) -> int:
    """Where the first character other than a space or line break at or after ``start`` is."""
    found = _NON_SPACE.search(text, start)
    return found.start() if found else len(text)
