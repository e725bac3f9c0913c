"""Stage 5: candidates -> validated rows (schemas/) or rejections with a reason.

`mention_id`s are given here, per kind in text order, to the candidates that pass; an
amount's `equivalent_of` (a character offset while normalizing) becomes the id it points at.
A funding fact whose amount passed becomes a `FundingFact` with that amount's id, value and
currency, numbered `<doc_id>:fact:<n>` in amount order; one whose amount was rejected is
dropped with it (the amount's rejection says why).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from schemas import (
    AmountCandidate,
    AmountRow,
    Candidate,
    CountryCandidate,
    CountryRow,
    DateCandidate,
    DateRow,
    FundingCandidate,
    FundingFact,
    Kind,
    MentionRow,
    OrganizationCandidate,
    OrganizationRow,
    ProgrammeCandidate,
    ProgrammeRow,
    Rejection,
    Stage,
)


@dataclass
class ValidatedMentions:
    amounts: list[AmountRow] = field(default_factory=list)
    dates: list[DateRow] = field(default_factory=list)
    countries: list[CountryRow] = field(default_factory=list)
    programmes: list[ProgrammeRow] = field(default_factory=list)
    organizations: list[OrganizationRow] = field(default_factory=list)
    funding: list[FundingFact] = field(default_factory=list)
    rejects: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # for the document's warnings column


def _row_fields(candidate: Candidate) -> tuple[type[MentionRow], dict[str, object]]:
    match candidate:
        case AmountCandidate():
            return AmountRow, {
                "value": candidate.value,
                "currency": candidate.currency,
                "qualifier": candidate.qualifier,
                "per": candidate.per,
            }
        case DateCandidate():
            return DateRow, {
                "start": candidate.start,
                "end": candidate.end,
                "granularity": candidate.granularity,
                "is_range": candidate.is_range,
            }
        case CountryCandidate():
            return CountryRow, {"iso3": candidate.iso3, "name": candidate.name}
        case ProgrammeCandidate():
            return ProgrammeRow, {"name": candidate.name, "acronym": candidate.acronym}
        case OrganizationCandidate():
            return OrganizationRow, {
                "name": candidate.name,
                "acronym": candidate.acronym,
                "type": candidate.type,
                "iso3": candidate.iso3,
            }
    raise TypeError(f"not a candidate: {candidate!r}")


def _rejection(candidate: Candidate, error: ValidationError) -> Rejection:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "row"
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return Rejection.of(candidate.mention, Stage.VALIDATE, where, message)


def validate(
    results: Sequence[Candidate | Rejection], facts: Sequence[FundingCandidate] = ()
) -> ValidatedMentions:
    out = ValidatedMentions()
    candidates = sorted(
        (r for r in results if not isinstance(r, Rejection)),
        key=lambda c: (c.mention.char_start, c.mention.char_end),
    )
    out.rejects.extend(r for r in results if isinstance(r, Rejection))
    counters = dict.fromkeys(Kind, 0)
    amount_ids: dict[int, str] = {}
    pending_equivalents: list[tuple[int, AmountCandidate]] = []
    for candidate in candidates:
        mention = candidate.mention
        row_type, fields = _row_fields(candidate)
        number = counters[mention.kind] + 1
        try:
            row = row_type(
                doc_id=mention.doc_id,
                mention_id=f"{mention.doc_id}:{mention.kind.value}:{number}",
                text=mention.text,
                page=mention.page,
                char_start=mention.char_start,
                char_end=mention.char_end,
                sentence=mention.sentence,
                pattern_id=mention.pattern_id,
                **fields,
            )
        except ValidationError as error:
            out.rejects.append(_rejection(candidate, error))
            continue
        counters[mention.kind] = number
        match row:
            case AmountRow():
                amount_ids[mention.char_start] = row.mention_id
                if isinstance(candidate, AmountCandidate) and candidate.equivalent_of is not None:
                    pending_equivalents.append((len(out.amounts), candidate))
                out.amounts.append(row)
            case DateRow():
                out.dates.append(row)
            case CountryRow():
                out.countries.append(row)
            case ProgrammeRow():
                out.programmes.append(row)
            case OrganizationRow():
                out.organizations.append(row)
    for index, candidate in pending_equivalents:
        target = amount_ids.get(candidate.equivalent_of or -1)
        out.amounts[index] = out.amounts[index].model_copy(update={"equivalent_of": target})
    out.funding = funding_facts(facts, {row.char_start: row for row in out.amounts})
    out.rejects.sort(key=lambda r: (r.doc_id, r.char_start))
    out.warnings = yearless_warnings(out.dates)
    return out


def funding_facts(
    facts: Sequence[FundingCandidate], amounts: dict[int, AmountRow]
) -> list[FundingFact]:
    rows: list[FundingFact] = []
    for fact in sorted(facts, key=lambda f: f.amount_start):
        amount = amounts.get(fact.amount_start)
        if amount is None:
            continue
        fields = fact.model_dump(exclude={"amount_start"})
        rows.append(
            FundingFact(
                **fields,
                fact_id=f"{fact.doc_id}:fact:{len(rows) + 1}",
                amount_id=amount.mention_id,
                value=amount.value,
                currency=amount.currency,
                char_start=amount.char_start,
            )
        )
    return rows


def yearless_warnings(dates: Sequence[DateRow]) -> list[str]:
    """A warning for each date kept with empty start and end (no year, no publication date)."""
    return [
        f"date {row.text!r} at character {row.char_start} has no year and the document no "
        "publication date; kept with empty start and end"
        for row in dates
        if row.start is None
    ]
