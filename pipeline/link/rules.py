"""The funding link's rules: the word lists of ``funding_rules.json`` beside this module, read
and checked (`load_funding_rules`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any

from pipeline.errors import PatternError
from pipeline.patterns import load_demonyms, read_json
from schemas import (
    Flow,
    Granularity,
)

Cues = tuple[tuple[tuple[str, ...], Flow], ...]  # (phrase, class), longest phrases first


@dataclass(frozen=True)
class FlowRules:
    """The ``flow`` section of ``funding_rules.json`` (docs/funding.md, "Flow")."""

    verbs: Cues
    base_verbs: Cues
    future_markers: frozenset[str]
    future_skip: frozenset[str]
    future_as_commitment: frozenset[str]
    commitment_governors: frozenset[str]
    continuing_governors: frozenset[str]
    pledge_governors: frozenset[str]
    noun_before: frozenset[str]
    auxiliaries: frozenset[str]
    budget_before: tuple[tuple[str, ...], ...]
    budget_not_after: frozenset[str]
    funded_with_verbs: frozenset[str]
    gap: frozenset[str]
    nouns: Cues
    agreement_words: frozenset[str]
    signed_words: frozenset[str]
    budget_heads: frozenset[str]
    budget_gap_words: frozenset[str]
    clause_words: frozenset[str]
    contrast_words: frozenset[str]
    clause_marks: tuple[str, ...]
    fiscal_year: re.Pattern[str]  # `FY 2010 :` right before the amount: that year's allocation


@dataclass(frozen=True)
class FundingRules:
    """The word lists of ``patterns/funding_rules.json``."""

    not_funding: tuple[tuple[str, ...], ...]
    not_funding_window: int
    not_funding_except: frozenset[tuple[str, ...]]  # `trade union`: no `trade`
    range_words: dict[str, str]  # `from` A `to` B: a range of two amounts
    compared_words: tuple[tuple[str, ...], ...]  # `A, up from B`: B is what A is
    macro_minimum: Decimal
    macro_currencies: frozenset[str]
    flow: FlowRules
    from_words: frozenset[str]
    agreement_words: frozenset[str]
    agreement_joiners: frozenset[str]
    agreement_window: int
    by_words: frozenset[str]
    not_donor_by: tuple[tuple[str, ...], ...]
    not_donor_from: tuple[tuple[str, ...], ...]  # `technical support from X` gives no money
    from_through: tuple[tuple[str, ...], ...]  # `from the people of Japan`: Japan gives
    listing_words: tuple[tuple[str, ...], ...]  # `from foundations, including X`: X gives
    listing_reach: int  # words from `from` to the listing word
    funded_by: tuple[tuple[str, ...], ...]  # `funded by X`: the donor before any `from X`
    attribution_before: tuple[tuple[str, ...], ...]
    attribution_after: tuple[tuple[str, ...], ...]
    reported_subject_next: frozenset[str]  # `said Japan would provide`: Japan gives
    speaker_we: frozenset[str]
    speaker_our: frozenset[str]
    speaker_window: int
    antecedent_reach: int  # `Norad, which has pledged`: words from `which` to the verb
    implementer_before: tuple[tuple[str, ...], ...]
    funded_suffixes: tuple[str, ...]
    not_subject_before: frozenset[str]
    place_list_words: frozenset[str]
    possessive_nouns: frozenset[str]
    attributive_nouns: frozenset[str]  # `an IDA credit`: the actor's money
    share_words: frozenset[str]
    object_verbs: frozenset[str]
    demonyms: dict[str, str]  # nationality adjective -> iso3
    demonym_actor: re.Pattern[str]  # a demonym before a noun of giving or an office
    demonym_place: re.Pattern[str]  # `Sri Lankan projects`: where the money goes
    generic_reference: re.Pattern[str]  # `the foundation`: group 1 is the head noun
    pronoun_subjects: frozenset[str]  # `It announced a grant of`: the previous sentence's donor
    pronoun_owners: frozenset[str]  # `its voluntary funding`: the same
    office_words: frozenset[str]
    donors_abroad: frozenset[str]  # iso3 of countries whose own money goes abroad
    running_total: tuple[frozenset[str], frozenset[str]]  # `brings ... total ... to`: verbs, nouns
    to_words: frozenset[str]
    receive_words: frozenset[str]
    relative_words: frozenset[str]  # `which`: a relative clause between actor and verb
    relative_reach: int
    listed_recipients: frozenset[str]  # `to the participating organizations: IOM USD 1 million`
    place_before: frozenset[str]  # `unions in Ghana will receive`: Ghana does not
    relative_prepositions: frozenset[str]  # `for which X approved`: X governs the amount
    passive_be: frozenset[str]  # `has been awarded`: the subject receives
    passive_receive: frozenset[str]
    headline_passive: frozenset[str]  # `ILO awarded $9.8 million` in a headline: is awarded
    default_recipient: str
    default_recipient_cues: frozenset[str]
    period_window: int
    partner_joiners: frozenset[str]
    back_pronouns: frozenset[str]
    instrument_heads: frozenset[str]  # `fund`, `account`: money goes through them
    heading_parts: tuple[tuple[str, ...], ...]  # `The breakdown is as follows:`
    back_determiners: frozenset[str]
    back_heads: frozenset[str]
    back_money_heads: frozenset[str]
    back_sum_heads: frozenset[str]
    back_part_heads: frozenset[str]
    signed_heads: frozenset[str]  # `Under the agreement`: the earlier sum's commitment holds
    back_max_between: int
    back_copulas: frozenset[str]
    back_copula_max_between: int
    funded_auxiliaries: frozenset[str]  # `it was funded by`: the pronoun is what is funded
    funded_reach: int
    back_other_words: frozenset[str]  # `the second agreement`: another sum, not this one
    back_other_before: tuple[tuple[str, ...], ...]  # `In addition to this grant`: another
    part_markers: tuple[tuple[str, ...], ...]  # `of which`: a part of the sum before
    opening_parts: tuple[tuple[str, ...], ...]  # `Of this, ...`: parts of the last sum
    back_head_names: dict[str, tuple[str, ...]]
    programme_before: frozenset[str]
    programme_window: int
    source_heads: frozenset[str]  # `Regular Budget Supplementary Account`: where money comes from
    field_labels: dict[str, str]  # label -> slot
    open_end_words: tuple[tuple[str, ...], ...]
    period_openers: tuple[tuple[str, ...], ...]
    period_closers: tuple[tuple[str, ...], ...]
    period_run_heads: frozenset[str]  # `The first phase (2016-2019)`: its run
    run_starts: tuple[tuple[str, ...], ...]  # `started in`: a project's run begins (any date)
    number_words: dict[str, int]
    max_duration_years: int
    not_period_after: tuple[tuple[str, ...], ...]
    refers_back_chars: int
    period_granularities: frozenset[Granularity]
    donor_programme_heads: frozenset[str]
    donor_programme_tails: frozenset[str]


def _cue(text: str) -> tuple[str, ...]:
    """A cue's lowercased words; a blank cue would match everywhere, so it is an error."""
    words = tuple(text.lower().split())
    if not words:
        raise ValueError(f"blank cue {text!r}")
    return words


def _phrases(words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({_cue(w) for w in words}, key=lambda p: (-len(p), p)))


def _cues(table: dict[str, list[str]]) -> Cues:
    """(phrase, class) of every cue of ``{class: [cue, ...]}``, longest phrases first."""
    cues = [
        (_cue(cue), Flow(flow))
        for flow, words in table.items()
        if flow != "comment"
        for cue in words
    ]
    return tuple(sorted(cues, key=lambda c: (-len(c[0]), c[0])))


def _flow_rules(data: dict[str, Any]) -> FlowRules:
    future = data["future"]
    return FlowRules(
        verbs=_cues(data["verbs"]),
        base_verbs=_cues(data["base_verbs"]),
        future_markers=frozenset(future["markers"]),
        future_skip=frozenset(future["skip"]),
        future_as_commitment=frozenset(future["as_commitment"]),
        commitment_governors=frozenset(future["commitment_governors"]),
        continuing_governors=frozenset(future["continuing_governors"]),
        pledge_governors=frozenset(future["pledge_governors"]),
        noun_before=frozenset(data["noun_before"]["words"]),
        auxiliaries=frozenset(data["passive"]["auxiliaries"]),
        budget_before=_phrases(data["budget_before"]["cues"]),
        budget_not_after=frozenset(data["budget_before"]["not_after"]),
        funded_with_verbs=frozenset(data["budget_before"]["funded_with_verbs"]),
        gap=frozenset(data["gap"]["words"]),
        nouns=_cues(data["nouns"]),
        agreement_words=frozenset(data["agreement_words"]),
        signed_words=frozenset(data["signed_words"]),
        budget_heads=frozenset(data["budget_after"]["heads"]),
        budget_gap_words=frozenset(data["budget_after"]["not_between"]),
        clause_words=frozenset(data["clause_breaks"]["words"]),
        contrast_words=frozenset(data["clause_breaks"]["contrast"]),
        clause_marks=tuple(data["clause_breaks"]["marks"]),
        fiscal_year=_fiscal_year(data["fiscal_year"]["labels"]),
    )


def _fiscal_year(labels: list[str]) -> re.Pattern[str]:
    """A fiscal-year label ending where the amount starts: `FY 2010 :`, `Fiscal Year 2011:`."""
    names = "|".join(r"\s+".join(map(re.escape, label.split())) for label in labels)
    return re.compile(rf"\b(?:{names})\s*(?:\d{{4}}|\d{{2}})\s*:\s*$")


def _demonym_actor(demonyms: dict[str, str], nouns: list[str]) -> re.Pattern[str]:
    """`Swiss support`, `the Norwegian Ambassador`: group 1 is the adjective."""
    adjectives = "|".join(re.escape(a) for a in sorted(demonyms, key=len, reverse=True))
    following = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    return re.compile(rf"\b({adjectives})\s+(?i:{following})\b")


def _generic_reference(determiners: list[str], heads: list[str]) -> re.Pattern[str]:
    """`the foundation`, `This Government`: not `the Government of Japan`, `the Union Minister`."""
    articles = "|".join(re.escape(d) for d in determiners)
    nouns = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
    return re.compile(rf"\b(?i:{articles})\s+((?i:{nouns}))\b(?!-|\s+(?:of\b|for\b|[A-Z]))")


def load_funding_rules() -> FundingRules:
    """Read and check ``patterns/funding_rules.json``; PatternError when malformed."""
    name = "funding_rules.json"
    data = read_json(resources.files("pipeline.link").joinpath(name))
    demonyms = load_demonyms()
    try:
        return FundingRules(
            not_funding=_phrases(data["not_funding"]["words"]),
            not_funding_window=int(data["not_funding"]["window"]),
            not_funding_except=frozenset(_phrases(data["not_funding"]["except"])),
            range_words=dict(data["not_funding"]["range_words"]),
            compared_words=_phrases(data["not_funding"]["compared_words"]),
            macro_minimum=Decimal(str(data["not_funding"]["macro_minimum"])),
            macro_currencies=frozenset(data["not_funding"]["macro_currencies"]),
            flow=_flow_rules(data["flow"]),
            from_words=frozenset(data["donor"]["from_words"]),
            agreement_words=frozenset(data["donor"]["agreement_words"]),
            agreement_joiners=frozenset(data["donor"]["agreement_joiners"]),
            agreement_window=int(data["donor"]["agreement_window"]),
            by_words=frozenset(data["donor"]["by_words"]),
            not_donor_by=_phrases(data["donor"]["not_donor_by"]),
            not_donor_from=_phrases(data["donor"]["not_donor_from"]),
            from_through=_phrases(data["donor"]["from_through"]),
            listing_words=_phrases(data["donor"]["listing_words"]),
            listing_reach=int(data["donor"]["listing_reach"]),
            funded_by=_phrases(data["donor"]["funded_by"]),
            attribution_before=_phrases(data["donor"]["attribution_before"]),
            attribution_after=_phrases(data["donor"]["attribution_after"]),
            reported_subject_next=frozenset(data["donor"]["reported_subject_next"]),
            speaker_we=frozenset(data["donor"]["speaker"]["pronouns_we"]),
            speaker_our=frozenset(data["donor"]["speaker"]["pronouns_our"]),
            speaker_window=int(data["donor"]["speaker"]["window"]),
            antecedent_reach=int(data["donor"]["antecedent_reach"]),
            implementer_before=_phrases(data["recipient"]["implementer_before"]),
            funded_suffixes=tuple(data["donor"]["funded_suffixes"]),
            not_subject_before=frozenset(data["donor"]["not_subject_before"]),
            place_list_words=frozenset(data["donor"]["place_list_words"]),
            possessive_nouns=frozenset(data["donor"]["possessive_nouns"]),
            attributive_nouns=frozenset(data["donor"]["attributive_nouns"]),
            demonyms=demonyms,
            demonym_actor=_demonym_actor(
                demonyms, [*data["donor"]["demonym_nouns"], *data["countries"]["office_words"]]
            ),
            demonym_place=_demonym_actor(demonyms, data["countries"]["demonym_places"]),
            pronoun_subjects=frozenset(data["donor"]["pronoun_subjects"]),
            pronoun_owners=frozenset(data["donor"]["pronoun_owners"]),
            generic_reference=_generic_reference(
                data["donor"]["generic_determiners"], data["donor"]["generic_heads"]
            ),
            office_words=frozenset(data["countries"]["office_words"]),
            donors_abroad=frozenset(data["countries"]["donors_abroad"]),
            running_total=(
                frozenset(data["countries"]["running_total"]["verbs"]),
                frozenset(data["countries"]["running_total"]["nouns"]),
            ),
            to_words=frozenset(data["recipient"]["to_words"]),
            receive_words=frozenset(data["recipient"]["receive_words"]),
            relative_words=frozenset(data["recipient"]["relative_words"]),
            relative_reach=int(data["recipient"]["relative_reach"]),
            listed_recipients=frozenset(data["recipient"]["listed_recipients"]),
            place_before=frozenset(data["recipient"]["place_before"]),
            relative_prepositions=frozenset(data["recipient"]["relative_prepositions"]),
            passive_be=frozenset(data["recipient"]["passive_be"]),
            passive_receive=frozenset(data["recipient"]["passive_receive"]),
            headline_passive=frozenset(data["recipient"]["headline_passive"]),
            share_words=frozenset(data["recipient"]["share_words"]),
            object_verbs=frozenset(data["recipient"]["object_verbs"]),
            default_recipient=str(data["recipient"]["default"]),
            default_recipient_cues=frozenset(data["recipient"]["default_cues"]),
            period_window=int(data["period"]["window"]),
            partner_joiners=frozenset(data["countries"]["partner_joiners"]),
            back_pronouns=frozenset(data["refers_back"]["pronouns"]),
            instrument_heads=frozenset(data["refers_back"]["instrument_heads"]),
            heading_parts=_phrases(data["refers_back"]["heading_parts"]),
            back_determiners=frozenset(data["refers_back"]["determiners"]),
            back_heads=frozenset(data["refers_back"]["heads"]),
            back_money_heads=frozenset(data["refers_back"]["money_heads"]),
            back_sum_heads=frozenset(data["refers_back"]["sum_heads"]),
            back_part_heads=frozenset(data["refers_back"]["part_heads"]),
            signed_heads=frozenset(data["refers_back"]["signed_heads"]),
            back_max_between=int(data["refers_back"]["max_between"]),
            back_copulas=frozenset(data["refers_back"]["copulas"]),
            back_copula_max_between=int(data["refers_back"]["copula_max_between"]),
            funded_auxiliaries=frozenset(data["refers_back"]["funded_auxiliaries"]),
            funded_reach=int(data["refers_back"]["funded_reach"]),
            back_other_words=frozenset(data["refers_back"]["other_words"]),
            back_other_before=_phrases(data["refers_back"]["other_before"]),
            part_markers=_phrases(data["refers_back"]["part_markers"]),
            opening_parts=_phrases(data["refers_back"]["opening_parts"]),
            back_head_names={
                str(head): tuple(names) for head, names in data["refers_back"]["head_names"].items()
            },
            programme_before=frozenset(data["programme"]["before"]),
            programme_window=int(data["programme"]["window"]),
            source_heads=frozenset(data["programme"]["source_heads"]),
            field_labels={
                " ".join(label.lower().split()): slot
                for slot, labels in data["fields"].items()
                if not slot.endswith("comment")
                for label in labels
            },
            open_end_words=_phrases(data["period"]["open_end_words"]),
            period_openers=_phrases(data["period"]["openers"]),
            period_closers=_phrases(data["period"]["closers"]),
            period_run_heads=frozenset(data["period"]["run_heads"]),
            run_starts=_phrases(data["period"]["run_starts"]),
            number_words={
                str(k): int(v) for k, v in data["period"]["durations"]["numbers"].items()
            },
            max_duration_years=int(data["period"]["durations"]["max_years"]),
            not_period_after=_phrases(data["period"]["not_period_after"]),
            refers_back_chars=int(data["refers_back"]["fallback_chars"]),
            period_granularities=frozenset(Granularity(g) for g in data["period"]["granularities"]),
            donor_programme_heads=frozenset(data["donor_programmes"]["heads"]),
            donor_programme_tails=frozenset(data["donor_programmes"]["tails"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PatternError(f"{name}: {error!r}") from None
