"""Who `we` and `our` are: the country a document speaks for (docs/funding.md, "Donor and
recipient")."""

from __future__ import annotations

from pipeline.link.context import Actor, Context, country_name
from pipeline.link.parties import actors
from pipeline.link.roles import country_actor, office_countries
from pipeline.link.rules import FundingRules


def speaker_of(context: Context, rules: FundingRules) -> Actor | None:
    """The country the document speaks for (`our contribution` on a donor's page): the
    country of the first office named with its country (a statement's speaker), else the
    country named most often, as itself or as its government's organization (ties: the
    first named); none when no country is named."""
    office = speaker_office(context, rules)
    if office is not None:
        return office
    counts: dict[str, int] = {}
    for actor in actors(context, 0, len(context.text), rules):
        if actor.iso3 is not None:
            counts[actor.iso3] = counts.get(actor.iso3, 0) + 1
    if not counts:
        return None
    iso3 = max(counts, key=lambda code: counts[code])  # dicts keep the first named first
    return Actor(country_name(iso3), iso3, -1, -1)


def speaker_office(context: Context, rules: FundingRules) -> Actor | None:
    """The country of the first office named with its country in the document (`Minister
    for Foreign Trade and Development of Finland`): who `we` and `our` are in a statement."""
    offices = office_countries(context, rules)
    return country_actor(offices[0]) if offices else None
