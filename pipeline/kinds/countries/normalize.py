"""Countries: the recognizer's pattern id is the alpha-3 code; the name is ISO's short name.

A mention whose pattern id marks a name the recognizer judged not to be the country here
(``not-country/JOR/person-title``) becomes a rejection with a reason a reviewer can read.
"""

from __future__ import annotations

from collections.abc import Sequence

import pycountry

from pipeline.kinds.countries.rules import CountryRules, parse_not_country
from schemas import CountryCandidate, DocumentText, Mention, Rejection, Stage


def not_country_rejection(
    mention: Mention, iso3: str, rule: str, reasons: dict[str, str]
) -> Rejection:
    reason = reasons.get(rule, rule)
    return Rejection.of(mention, Stage.NORMALIZE, "iso3", f"not {iso3} here: {reason}")


def normalize(
    document: DocumentText, mentions: Sequence[Mention], rules: CountryRules
) -> list[CountryCandidate | Rejection]:
    """One candidate per mention (``name`` is pycountry's ``name``, empty for an unknown
    code, which validation rejects), or a rejection for a name that is not the country."""
    results: list[CountryCandidate | Rejection] = []
    for mention in mentions:
        if dropped := parse_not_country(mention.pattern_id):
            reasons = rules.context.review_reasons
            results.append(not_country_rejection(mention, *dropped, reasons))
            continue
        country = pycountry.countries.get(alpha_3=mention.pattern_id)
        name = country.name if country else ""
        results.append(CountryCandidate(mention=mention, iso3=mention.pattern_id, name=name))
    return results
