"""What the link stage knows of one document: its normalized mentions by kind, the actors
that may give or receive money, and the word helpers the slot rules share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pycountry

from pipeline.intervals import Intervals
from pipeline.link.words import Word
from schemas import (
    AmountCandidate,
    Candidate,
    CountryCandidate,
    DateCandidate,
    Mention,
    OrganizationCandidate,
    ProgrammeCandidate,
)


@dataclass(frozen=True)
class Actor:
    """A possible donor or recipient: an organization, a country or a fund."""

    name: str
    iso3: str | None
    start: int
    end: int
    is_ilo: bool = False


RESTATEMENT_REACH = 80  # characters after an amount where its restatement may stand


@dataclass(frozen=True)
class Context:
    """The normalized mentions of one document, by kind, in text order."""

    text: str
    amounts: list[AmountCandidate]
    organizations: list[OrganizationCandidate]
    countries: list[CountryCandidate]
    programmes: list[ProgrammeCandidate]
    dates: list[DateCandidate]

    spans: dict[int, Intervals] = field(default_factory=dict, init=False, repr=False, compare=False)
    memo: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _intervals(self, items: Sequence[Candidate]) -> Intervals:
        """The spans of one of this context's lists, indexed on first use."""
        found = self.spans.get(id(items))
        if found is None:
            ranges = ((c.mention.char_start, c.mention.char_end) for c in items)
            found = self.spans[id(items)] = Intervals(ranges)
        return found

    def inside(self, items: Sequence[Candidate], start: int, end: int) -> list[Candidate]:
        """The items that lie wholly inside ``[start, end)``, in their list's order."""
        return [items[i] for i in self._intervals(items).within(start, end)]

    def own_amounts(self, start: int, end: int) -> list[Mention]:
        """The amounts inside ``[start, end)`` but the restatements (`(about USD 17
        million)` is part of the amount it restates), in text order."""
        return [
            a.mention
            for a in self.inside(self.amounts, start, end)
            if isinstance(a, AmountCandidate) and a.equivalent_of is None
        ]

    def reach(self, amount: Mention) -> Mention:
        """``amount`` with the restatements that follow it (`NOK 120 million (about US$ 11.3
        million)`): what a date or a word after the pair is near."""
        ends = [
            a.mention.char_end
            for a in self.inside(self.amounts, amount.char_end, amount.char_end + RESTATEMENT_REACH)
            if isinstance(a, AmountCandidate) and a.equivalent_of == amount.char_start
        ]
        return amount.model_copy(update={"char_end": max(ends)}) if ends else amount

    def in_name(self, start: int, end: int) -> bool:
        """``[start, end)`` lies inside an organization's or a programme's name."""
        return self._intervals(self.organizations).holds(start, end) or self._intervals(
            self.programmes
        ).holds(start, end)

    def held(self, items: Sequence[Candidate], mention: Mention) -> bool:
        """Some item's span covers the whole of ``mention``."""
        return self._intervals(items).holds(mention.char_start, mention.char_end)


def country_name(iso3: str) -> str:
    country = pycountry.countries.get(alpha_3=iso3)
    return str(country.name) if country else iso3


def inside_programme(context: Context, mention: Mention) -> bool:
    return context.held(context.programmes, mention)


def index_before(words: list[Word], offset: int, skip: frozenset[str] = frozenset()) -> int:
    """The index of the last word before ``offset`` that is not in ``skip`` (-1: none)."""
    i = word_index(words, offset) - 1
    while i >= 0 and words[i].text in skip:
        i -= 1
    return i


def word_before(words: list[Word], offset: int, skip: frozenset[str] = frozenset()) -> str:
    """The word that ends last before ``offset`` (skipping articles)."""
    i = index_before(words, offset, skip)
    return words[i].text if i >= 0 else ""


# What may stand between a preposition and a name: the articles, and `former` (`funded by the
# former Department for International Development`).
ARTICLES = frozenset({"the", "a", "an", "former"})


def after_programme(context: Context, mention: Mention) -> bool:
    """Right after a programme's name: `... Initiative (GYPI) 2017` is the name's year."""
    return any(
        0 <= mention.char_start - p.mention.char_end <= 2
        and not context.text[p.mention.char_end : mention.char_start].strip(" )")
        for p in context.programmes
    )


def word_index(words: list[Word], offset: int) -> int:
    return next((i for i, w in enumerate(words) if w.end > offset), len(words))


def word_gap(words: list[Word], a: Mention, b: Mention) -> int:
    """Words between two mentions of one sentence."""
    first, second = (a, b) if a.char_start <= b.char_start else (b, a)
    return max(0, word_index(words, second.char_start) - word_index(words, first.char_end))


def opens(words: list[Word], date: Mention) -> bool:
    """The date opens the sentence: `In 2020, ...`, `For 2020-2021, ...`, `For the 2024-25
    biennium ...`."""
    at = word_index(words, date.char_start)
    return at <= 1 or (at == 2 and words[1].text == "the")
