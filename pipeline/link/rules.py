"""The funding link's rules: the word lists of ``funding_rules.json`` beside this module, read
and checked (`load_funding_rules`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from pipeline.errors import PatternError
from pipeline.patterns import read_json
from schemas import (
    Flow,
    Granularity,
)


@dataclass(frozen=True)
class FundingRules:
    """The word lists of ``patterns/funding_rules.json``."""

    not_funding: tuple[tuple[str, ...], ...]
    not_funding_window: int
    flow_cues: tuple[tuple[tuple[str, ...], Flow], ...]  # longest cues first
    flow_noun_cues: tuple[tuple[tuple[str, ...], Flow], ...]
    agreement_words: frozenset[str]
    signed_words: frozenset[str]
    from_words: frozenset[str]
    funded_suffixes: tuple[str, ...]
    not_donor_before: frozenset[str]
    possessive_nouns: frozenset[str]
    to_words: frozenset[str]
    receive_words: frozenset[str]
    default_recipient: str
    default_recipient_cues: frozenset[str]
    clause_breaks: frozenset[str]
    budget_heads: frozenset[str]
    budget_gap_words: frozenset[str]
    period_window: int
    partner_joiners: frozenset[str]
    refers_back: tuple[tuple[str, ...], ...]
    open_end_words: frozenset[str]
    not_period_after: frozenset[str]
    refers_back_chars: int
    period_granularities: frozenset[Granularity]
    donor_programme_heads: frozenset[str]


def _cue(text: str) -> tuple[str, ...]:
    """A cue's lowercased words; a blank cue would match everywhere, so it is an error."""
    words = tuple(text.lower().split())
    if not words:
        raise ValueError(f"blank cue {text!r}")
    return words


def _phrases(words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted({_cue(w) for w in words}, key=lambda p: (-len(p), p)))


def load_funding_rules() -> FundingRules:
    """Read and check ``patterns/funding_rules.json``; PatternError when malformed."""
    name = "funding_rules.json"
    data = read_json(resources.files("pipeline.link").joinpath(name))
    try:
        cues = [
            (_cue(cue), Flow(flow)) for flow, words in data["flow"]["cues"].items() for cue in words
        ]
        nouns = [
            (_cue(cue), Flow(flow))
            for flow, words in data["flow"]["noun_cues"].items()
            for cue in words
        ]
        return FundingRules(
            not_funding=_phrases(data["not_funding"]["words"]),
            not_funding_window=int(data["not_funding"]["window"]),
            flow_cues=tuple(sorted(cues, key=lambda c: -len(c[0]))),
            flow_noun_cues=tuple(sorted(nouns, key=lambda c: -len(c[0]))),
            agreement_words=frozenset(data["flow"]["agreement_words"]),
            signed_words=frozenset(data["flow"]["signed_words"]),
            from_words=frozenset(data["donor"]["from_words"]),
            funded_suffixes=tuple(data["donor"]["funded_suffixes"]),
            not_donor_before=frozenset(data["donor"]["not_donor_before"]),
            possessive_nouns=frozenset(data["donor"]["possessive_nouns"]),
            to_words=frozenset(data["recipient"]["to_words"]),
            receive_words=frozenset(data["recipient"]["receive_words"]),
            default_recipient=str(data["recipient"]["default"]),
            default_recipient_cues=frozenset(data["recipient"]["default_cues"]),
            clause_breaks=frozenset(data["donor"]["clause_breaks"]),
            budget_heads=frozenset(data["flow"]["budget_after"]["heads"]),
            budget_gap_words=frozenset(data["flow"]["budget_after"]["not_between"]),
            period_window=int(data["period"]["window"]),
            partner_joiners=frozenset(data["countries"]["partner_joiners"]),
            refers_back=_phrases(data["refers_back"]["phrases"]),
            open_end_words=frozenset(data["period"]["open_end_words"]),
            not_period_after=frozenset(data["period"]["not_period_after"]),
            refers_back_chars=int(data["refers_back"]["fallback_chars"]),
            period_granularities=frozenset(Granularity(g) for g in data["period"]["granularities"]),
            donor_programme_heads=frozenset(data["donor_programmes"]["heads"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PatternError(f"{name}: {error!r}") from None
