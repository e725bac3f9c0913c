"""Stage 4: Mentions -> typed candidates, one module per kind.

Each module exposes ``normalize(document, mentions) -> list[<Kind>Candidate | Rejection]``;
it sees the whole document because context decides values (a qualifier before an amount,
the publication year for a yearless date, an acronym defined earlier).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from pipeline.kinds import organizations
from pipeline.normalize import countries, dates, money, programmes
from schemas import Candidate, DocumentText, Kind, Mention, Rejection

Normalizer = Callable[[DocumentText, Sequence[Mention]], Sequence[Candidate | Rejection]]

NORMALIZERS: dict[Kind, Normalizer] = {
    Kind.AMOUNT: money.normalize,
    Kind.DATE: dates.normalize,
    Kind.COUNTRY: countries.normalize,
    Kind.PROGRAMME: programmes.normalize,
}


@cache
def organization_rules() -> organizations.OrganizationRules:
    # Until the stages pass one loaded Rules object down (issue 9), read once per process.
    return organizations.load_rules()


def normalize_organizations(
    document: DocumentText, mentions: Sequence[Mention]
) -> Sequence[Candidate | Rejection]:
    return organizations.normalize(document, mentions, organization_rules())


NORMALIZERS[Kind.ORGANIZATION] = normalize_organizations


def normalize_mentions(
    document: DocumentText, mentions: Sequence[Mention]
) -> list[Candidate | Rejection]:
    """Candidates and rejections of every kind, in text order."""
    results: list[Candidate | Rejection] = []
    for kind, normalizer in NORMALIZERS.items():
        results.extend(normalizer(document, [m for m in mentions if m.kind is kind]))
    return results
