"""Donor and recipient: the actors of the amount's sentence (organizations, countries that
are not inside an organization's name, funds that give) and which of them gives or receives
the money (docs/funding.md, "Donor and recipient")."""

from __future__ import annotations

from pipeline.link.context import (
    ARTICLES,
    Actor,
    Context,
    country_name,
    inside_programme,
    word_before,
)
from pipeline.link.rules import FundingRules
from pipeline.link.words import Word
from schemas import (
    CountryCandidate,
    Mention,
    OrganizationCandidate,
    OrganizationType,
    ProgrammeCandidate,
)


def actors(context: Context, start: int, end: int, rules: FundingRules) -> list[Actor]:
    """Organizations, countries not inside an organization, and funds that give, in order."""
    found: list[Actor] = []
    orgs = [c for c in context.inside(context.organizations, start, end)]
    for org in orgs:
        assert isinstance(org, OrganizationCandidate)
        iso3 = org.iso3 if org.type is OrganizationType.GOVERNMENT else None
        found.append(
            Actor(
                org.name,
                iso3,
                org.mention.char_start,
                org.mention.char_end,
                org.name == rules.default_recipient,
            )
        )
    taken = [(a.start, a.end) for a in found]
    for country in context.inside(context.countries, start, end):
        assert isinstance(country, CountryCandidate)
        m = country.mention
        if any(s <= m.char_start and m.char_end <= e for s, e in taken):
            continue
        if inside_programme(context, m) or joined_partner(context, m, rules):
            continue
        found.append(Actor(country_name(country.iso3), country.iso3, m.char_start, m.char_end))
    for programme in context.inside(context.programmes, start, end):
        assert isinstance(programme, ProgrammeCandidate)
        if programme.name.split()[-1:] and programme.name.split()[-1] in (
            rules.donor_programme_heads
        ):
            m = programme.mention
            found.append(Actor(programme.name, None, m.char_start, m.char_end))
    return sorted(found, key=lambda a: a.start)


def pick_donor(
    text: str, words: list[Word], found: list[Actor], amount: Mention, rules: FundingRules
) -> Actor | None:
    """`X-funded`; `from X`; `X's contribution`; else the first actor of the amount's
    clause before it that no preposition introduces (the ILO only when nothing else
    qualifies: it is named in datelines, titles and news labels far more often than it
    gives)."""
    for actor in found:  # `an EU-funded project`
        if text.startswith(rules.funded_suffixes, actor.end):
            return actor
    for actor in found:  # `from X`, `by X`
        if word_before(words, actor.start, ARTICLES) in rules.from_words:
            return actor
    for actor in found:  # `X's contribution`, `X’s total contributions`
        if text[actor.end : actor.end + 2] in ("'s", "’s"):
            following = [w.text for w in words if w.start >= actor.end + 2][:3]
            if rules.possessive_nouns.intersection(following):
                return actor
    breaks = [w.end for w in words if w.end <= amount.char_start and w.text in rules.clause_breaks]
    clause_start = breaks[-1] if breaks else -1
    subjects = [
        actor
        for actor in found
        if clause_start <= actor.start
        and actor.end <= amount.char_start
        and word_before(words, actor.start, ARTICLES) not in rules.not_donor_before
    ]
    others = [a for a in subjects if not a.is_ilo]
    chosen = others or subjects
    return chosen[0] if chosen else None


def pick_recipient(
    words: list[Word], found: list[Actor], donor: Actor | None, amount: Mention, rules: FundingRules
) -> Actor | None:
    """The first organization after `to`/`for`/`through`, one that receives, the ILO named
    in the sentence, or (a country's contribution on a donor page) the ILO."""
    others = [a for a in found if a != donor and not (donor and a.name == donor.name)]
    organizations = [a for a in others if a.is_ilo or not is_country_actor(a)]
    for actor in organizations:
        if word_before(words, actor.start, ARTICLES) in rules.to_words:
            return actor
    for actor in organizations:
        following = [w for w in words if w.start >= actor.end][:2]
        if any(w.text in rules.receive_words for w in following):
            return actor
    ilo = next((a for a in organizations if a.is_ilo), None)
    if ilo is not None:
        return ilo
    if (
        donor is not None
        and donor.iso3 is not None
        and rules.default_recipient_cues.intersection(w.text for w in words)
    ):
        return Actor(rules.default_recipient, None, -1, -1, True)
    return None


def is_country_actor(actor: Actor) -> bool:
    return actor.iso3 is not None and actor.name == country_name(actor.iso3)


def joined_partner(context: Context, mention: Mention, rules: FundingRules) -> bool:
    text = context.text
    before = text[max(0, mention.char_start - 1) : mention.char_start]
    after = text[mention.char_end : mention.char_end + 1]
    return before in rules.partner_joiners or after in rules.partner_joiners
