"""Countries: where the money goes, from the countries of the amount's sentence, and
whether a sum is a running total that takes none from the sentence it refers back to
(docs/funding.md, "Slots")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.link.context import Actor, Context, word_gap
from pipeline.link.roles import funding_agent, in_office, joined_partner
from pipeline.link.rules import FundingRules
from pipeline.link.words import Word, words_of
from schemas import CountryCandidate, Mention


def countries_of(
    context: Context,
    start: int,
    end: int,
    donor: Actor | None,
    rules: FundingRules,
    nearest_to: tuple[Mention, list[Word]] | None = None,
    partners: Sequence[Actor] = (),
) -> tuple[str, ...]:
    """Countries where the money goes: every country in the sentence but the donor's own,
    those inside the donor's name and partners joined to an organization (`Brazil-ILO`,
    `ILO-Japan`), in text order, once each."""
    codes: list[str] = []
    sentence = nearest_to[1] if nearest_to is not None else words_of(context.text, start, end)
    for country in context.inside(context.countries, start, end):
        assert isinstance(country, CountryCandidate)
        m = country.mention
        if donor and (donor.start <= m.char_start and m.char_end <= donor.end):
            continue
        if donor and donor.iso3 == country.iso3:
            continue
        if any(p.iso3 == country.iso3 for p in partners):  # `from Germany and Norway`
            continue
        if joined_partner(context, m, rules):
            continue
        outer = next((o.mention for o in context.organizations if _holds(o.mention, m)), m)
        if funding_agent(sentence, outer.char_start, rules):
            continue  # `the JFPR, financed by the Government of Japan, has granted ...`
        if in_office(sentence, _list_head(context, m).char_start, rules):
            continue  # `the Ambassador of Norway to Myanmar`: Norway is not where it goes
        if nearest_to is not None and not nearest_amount(context, m, *nearest_to, start, end):
            continue
        if country.iso3 not in codes:
            codes.append(country.iso3)
    return tuple(codes)


def _holds(outer: Mention, inner: Mention) -> bool:
    return outer.char_start <= inner.char_start and inner.char_end <= outer.char_end


def demonym_places(
    text: str, start: int, end: int, donor: Actor | None, rules: FundingRules
) -> tuple[str, ...]:
    """`Two Sri Lankan projects to receive ...`: with no country named, a nationality
    adjective before a programme noun says where the money goes (not the donor's own)."""
    places = rules.demonym_place.finditer(text, start, end)
    codes = dict.fromkeys(rules.demonyms[match.group(1)] for match in places)
    return tuple(code for code in codes if donor is None or code != donor.iso3)


def nearest_amount(
    context: Context, mention: Mention, amount: Mention, words: list[Word], start: int, end: int
) -> bool:
    """With several amounts in the sentence, a country goes with the amount it stands right
    before (`Ghana (USD 1 million), Togo (USD 2 million)`); else, between two amounts, with
    the one on its side of a break (`NOK 70 million is earmarked for Malawi and NOK 50
    million for Mozambique`: a comma, `and`, `;` or `while` between it and only one of
    them; a line break too; where both sides have one, a clause's break, `;` or a comma
    before `and`, outranks an `and` inside a phrase: `US$ 3.6 million for services and
    subsidies in Ukraine, and the remaining $900,000 to ...`); else with the nearest."""
    amounts = [context.reach(m) for m in context.own_amounts(start, end)]
    if len(amounts) < 2:
        return True
    text = context.text
    mention = _list_head(context, mention)  # `in Colombia, Liberia and Somalia` goes as one
    after = [a for a in amounts if a.char_start >= mention.char_end]
    before = [a for a in amounts if a.char_end <= mention.char_start]
    if after and not text[mention.char_end : after[0].char_start].strip(_ADJACENT):
        chosen = after[0]
    elif before and after:
        broken_before = bool(_BREAK.search(text, before[-1].char_end, mention.char_start))
        broken_after = bool(_BREAK.search(text, mention.char_end, after[0].char_start))
        if broken_before == broken_after:  # a clause's break outranks a bare `and`
            broken_before = bool(
                _CLAUSE_BREAK.search(text, before[-1].char_end, mention.char_start)
            )
            broken_after = bool(_CLAUSE_BREAK.search(text, mention.char_end, after[0].char_start))
        if broken_before != broken_after:
            chosen = after[0] if broken_before else before[-1]
        else:
            chosen = min(before[-1], after[0], key=lambda a: word_gap(words, mention, a))
    else:
        chosen = (before[-1:] or after)[0]
    return chosen.char_start == amount.char_start


def _list_head(context: Context, mention: Mention) -> Mention:
    """The first country of the list ``mention`` ends (`Cambodia, Lao PDR and Myanmar`:
    countries joined by commas and `and` only), else ``mention`` itself."""
    countries = [c.mention for c in context.countries]
    at = next((i for i, m in enumerate(countries) if m.char_start == mention.char_start), None)
    if at is None:
        return mention
    while at > 0 and _LIST_JOINER.fullmatch(
        context.text, countries[at - 1].char_end, countries[at].char_start
    ):
        at -= 1
    return countries[at]


_LIST_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?", re.IGNORECASE)
_ADJACENT = " \t\n(:–—-"  # what may stand between a country and the amount it labels
_BREAK = re.compile(r"[,;\n]|\b(?:and|while|whereas)\b")
_CLAUSE_BREAK = re.compile(r"[;\n]|,\s*(?:and|but|while|whereas)\b|\b(?:while|whereas)\b")


def running_total(words: list[Word], amount: Mention, rules: FundingRules) -> bool:
    """`The new funding brings Kuwait's total contributions to US$ 5.5 million`: a verb of
    ``rules.running_total`` and then one of its nouns before the amount."""
    verbs, nouns = rules.running_total
    before = [w.text for w in words if w.end <= amount.char_start]
    at = next((i for i, text in enumerate(before) if text in verbs), None)
    return at is not None and bool(nouns.intersection(before[at + 1 :]))
