"""The country rules: aliases, blocking contexts and context word lists, read from
``patterns/`` and checked (the name forms themselves come from pycountry at build time)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pycountry
from pydantic import BaseModel, ConfigDict

from pipeline.errors import PatternError
from pipeline.patterns import SpanPattern, data_folder, load_span_patterns, read_json, read_tsv

PATTERNS = data_folder("pipeline.kinds.countries")
NOT_COUNTRY = "not-country"


@dataclass(frozen=True)
class CountryContext:
    """The word lists of ``patterns/country_context.json``."""

    article_names: frozenset[str]
    noun_followers: frozenset[str]
    attributive_plurals: frozenset[str]
    currency_nouns: frozenset[str]
    us_pronoun_before: frozenset[str]
    capital_namesakes: frozenset[str]
    code_stoplist: frozenset[str]
    excluded_forms: frozenset[str]
    lowercase_excluded: frozenset[str]
    review_reasons: dict[str, str]


def load_country_context() -> CountryContext:
    """Read and check ``patterns/country_context.json``."""
    name = "country_context.json"
    try:
        data = read_json(PATTERNS / name)
        reasons = {k: v for k, v in data["review_reasons"].items() if k != "comment"}
        context = CountryContext(
            article_names=frozenset(n.casefold() for n in data["article_names"]["names"]),
            noun_followers=frozenset(data["noun_followers"]["words"]),
            attributive_plurals=frozenset(data["attributive_plurals"]["words"]),
            currency_nouns=frozenset(data["currency_nouns"]["words"]),
            us_pronoun_before=frozenset(data["us_pronoun_before"]["words"]),
            capital_namesakes=frozenset(data["capital_namesakes"]["iso3"]),
            code_stoplist=frozenset(data["code_stoplist"]["codes"]),
            excluded_forms=frozenset(data["excluded_forms"]["forms"]),
            lowercase_excluded=frozenset(data["lowercase_excluded"]["forms"]),
            review_reasons=reasons,
        )
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise PatternError(f"{name}: {error!r}") from None
    unknown = [c for c in context.capital_namesakes if not pycountry.countries.get(alpha_3=c)]
    if unknown:
        raise PatternError(f"{name}: not ISO 3166-1 alpha-3 codes: {unknown}")
    return context


def not_country_id(iso3: str, rule: str) -> str:
    return f"{NOT_COUNTRY}/{iso3}/{rule}"


def parse_not_country(pattern_id: str) -> tuple[str, str] | None:
    """``(iso3, rule)`` of a span kept only to be rejected, else None."""
    parts = pattern_id.split("/")
    if len(parts) == 3 and parts[0] == NOT_COUNTRY:
        return parts[1], parts[2]
    return None


def load_aliases() -> tuple[tuple[str, str], ...]:
    """``(alias, iso3)`` pairs of ``country_aliases.tsv``, the codes checked."""
    aliases = []
    for row in read_tsv(PATTERNS / "country_aliases.tsv"):
        if pycountry.countries.get(alpha_3=row["iso3"]) is None:
            raise PatternError(f"country_aliases.tsv: {row['iso3']!r} is not an alpha-3 code")
        aliases.append((row["alias"], row["iso3"]))
    return tuple(aliases)


class CountryBlock(SpanPattern):
    """A context in which a country name is not the country; ``label`` is the alpha-3 code it
    takes away. ``review``: a judgement call, rejected with a reason rather than dropped;
    ``person``: a rule about a person's name."""

    review: bool = False
    person: bool = False


def load_blocks() -> tuple[CountryBlock, ...]:
    """``country_blocks.jsonl``; each label is the alpha-3 code the pattern takes away."""
    blocks = load_span_patterns(PATTERNS / "country_blocks.jsonl", CountryBlock)
    for pattern in blocks:
        if pycountry.countries.get(alpha_3=pattern.label) is None:
            raise PatternError(f"country_blocks.jsonl: {pattern.id}: label is not alpha-3")
    return tuple(blocks)


class CountryRules(BaseModel):
    """Everything the country components and the country normalizer read."""

    model_config = ConfigDict(frozen=True)

    context: CountryContext
    aliases: tuple[tuple[str, str], ...]
    blocks: tuple[CountryBlock, ...]

    @property
    def review_ids(self) -> frozenset[str]:
        return frozenset(b.id for b in self.blocks if b.review)

    @property
    def person_ids(self) -> frozenset[str]:
        return frozenset(b.id for b in self.blocks if b.person)


def load_rules() -> CountryRules:
    """Read and check every country data file (PatternError names the file)."""
    return CountryRules(
        context=load_country_context(), aliases=load_aliases(), blocks=load_blocks()
    )
