"""Countries: the recognizer's pattern id is the alpha-3 code; the name is ISO's short name."""

from __future__ import annotations

from collections.abc import Sequence

import pycountry

from schemas import CountryCandidate, DocumentText, Mention, Rejection


def normalize(
    document: DocumentText, mentions: Sequence[Mention]
) -> list[CountryCandidate | Rejection]:
    results: list[CountryCandidate | Rejection] = []
    for mention in mentions:
        country = pycountry.countries.get(alpha_3=mention.pattern_id)
        name = country.name if country else ""
        results.append(CountryCandidate(mention=mention, iso3=mention.pattern_id, name=name))
    return results
