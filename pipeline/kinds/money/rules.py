"""The money rules: currency forms, scale and number words, context cues, dollar cues and
the SpanRuler patterns, read from ``patterns/`` and checked (`load_rules`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import pycountry
from pydantic import BaseModel, ConfigDict

from pipeline.errors import PatternError
from pipeline.patterns import (
    SpanPattern,
    data_folder,
    expand_macros,
    load_span_patterns,
    read_macros,
    read_tsv,
)
from schemas import historical_currency_codes, is_iso4217

PATTERNS = data_folder("pipeline.kinds.money")


class Role(StrEnum):
    SIGN = "sign"
    CODE = "code"
    NAME = "name"
    SCALE = "scale"
    NUMWORD = "numword"


class FormRule(StrEnum):
    PLAIN = "plain"
    DOLLAR = "dollar"  # a bare dollar: the document decides which one
    RUPEE = "rupee"  # `rupees`: the rupee (or rupiah) of the country the document names most
    PESO = "peso"  # `pesos`, `shillings`, `dinars`: the same, for their countries
    SHILLING = "shilling"
    DINAR = "dinar"
    NEEDS_SCALE = "needs_scale"  # also a word or label: money only with a scale word


class CueSide(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BETWEEN = "between"


@dataclass(frozen=True)
class CurrencyForm:
    """One way of writing a currency: ``US$`` (sign), ``SEK`` (code), ``Swiss francs`` (name)."""

    form: str
    currency: str
    role: Role
    rule: FormRule


_ANCHORS = {
    CueSide.LEFT: r"(?:{})\s*$",  # ends right before the amount
    CueSide.RIGHT: r"^\s*(?:{})",  # starts right after it
    CueSide.BETWEEN: r"^\s*(?:{})\s*$",  # is all the text between two amounts
}


@dataclass(frozen=True)
class Cue:
    """A context cue from ``money_cues.tsv``: a regex anchored to one side of an amount."""

    field: str
    side: CueSide
    value: str
    pattern: re.Pattern[str]

    @classmethod
    def from_row(cls, field: str, side: CueSide, value: str, cue: str) -> Cue:
        return cls(field, side, value, re.compile(_ANCHORS[side].format(cue), re.IGNORECASE))

    def matches(self, context: str) -> re.Match[str] | None:
        """The cue where it touches the amount, in whitespace-collapsed context."""
        return self.pattern.search(context)


@dataclass(frozen=True)
class MoneyTables:
    forms: tuple[CurrencyForm, ...]
    scales: dict[str, int]
    number_words: dict[str, Decimal]
    cues: tuple[Cue, ...]

    def cues_for(self, field: str, side: CueSide | None = None) -> list[Cue]:
        return [c for c in self.cues if c.field == field and (side is None or c.side is side)]


def _iso_codes() -> list[CurrencyForm]:
    """Every ISO 4217 code, less those ``money_codes.tsv`` rules out or restricts."""
    rules = {row["code"]: row["rule"] for row in read_tsv(PATTERNS / "money_codes.tsv")}
    codes = []
    current = [currency.alpha_3 for currency in pycountry.currencies]
    for code in current + sorted(historical_currency_codes()):
        rule = rules.get(code, FormRule.PLAIN.value)
        if rule != "never":
            codes.append(CurrencyForm(code, code, Role.CODE, FormRule(rule)))
    return codes


def _read_cues() -> tuple[Cue, ...]:
    cues = []
    for row in read_tsv(PATTERNS / "money_cues.tsv"):
        try:
            cues.append(Cue.from_row(row["field"], CueSide(row["side"]), row["value"], row["cue"]))
        except (re.error, ValueError) as error:
            raise PatternError(f"money_cues.tsv: bad cue {row['cue']!r}: {error}") from None
    return tuple(cues)


def load_money_tables() -> MoneyTables:
    """The currency forms, scale words, number words and context cues."""
    try:
        forms = [
            CurrencyForm(r["form"], r["currency"], Role(r["kind"]), FormRule(r["rule"]))
            for r in read_tsv(PATTERNS / "currencies.tsv")
        ]
    except ValueError as error:
        raise PatternError(f"currencies.tsv: {error}") from None
    for form in forms:
        if not is_iso4217(form.currency):
            raise PatternError(f"currencies.tsv: {form.currency!r} is not ISO 4217")
    scales = {
        row["word"].lower(): int(row["multiplier"])
        for row in read_tsv(PATTERNS / "money_scales.tsv")
    }
    words = {
        row["word"].lower(): Decimal(row["value"])
        for row in read_tsv(PATTERNS / "money_number_words.tsv")
    }
    return MoneyTables(tuple(forms + _iso_codes()), scales, words, _read_cues())


def glued_currencies(tables: MoneyTables) -> frozenset[str]:
    """The codes and signs a scale word may be written glued to (``MEUR``, ``M€``): every
    sign, and the codes that are read without a scale word."""
    return frozenset(
        form.form
        for form in tables.forms
        if form.role is Role.SIGN or (form.role is Role.CODE and form.rule is FormRule.PLAIN)
    )


def scaled_currency(text: str, scales: dict[str, int], currencies: frozenset[str]) -> int:
    """Where the currency starts in a scale word glued to a code or sign (``MEUR``, ``M€``,
    ``kUSD``), else 0. A written form of its own (``MK``, kwacha) is not split."""
    if text in currencies:
        return 0
    for cut in range(1, len(text)):
        if text[:cut].lower() in scales and text[cut:] in currencies:
            return cut
    return 0


@dataclass(frozen=True)
class DollarCue:
    pattern: re.Pattern[str]
    currency: str
    scope: str


def read_dollar_cues() -> tuple[DollarCue, ...]:
    """``money_dollar_cues.tsv``: cues that tell which dollar a document uses."""
    return tuple(
        DollarCue(re.compile(row["cue"]), row["currency"], row["scope"])
        for row in read_tsv(PATTERNS / "money_dollar_cues.tsv")
    )


# The rules whose word names a currency of several countries (`rupees`, `pesos`).
NATIONAL_RULES = (FormRule.RUPEE, FormRule.PESO, FormRule.SHILLING, FormRule.DINAR)


@dataclass(frozen=True)
class CountryCue:
    """A country's name (a regex) and the currency its `rupees` (or `pesos`, ...: ``family``)
    are."""

    family: FormRule
    pattern: re.Pattern[str]
    currency: str


def read_national_cues() -> tuple[CountryCue, ...]:
    """``money_national_cues.tsv``: whose rupees, pesos, shillings or dinars a document's
    are."""
    return tuple(
        CountryCue(FormRule(row["family"]), re.compile(row["cue"]), row["currency"])
        for row in read_tsv(PATTERNS / "money_national_cues.tsv")
    )


class MoneyPattern(SpanPattern):
    """A money pattern; ``range``: its span holds two amounts (``$1.2 to $3.5 million``),
    which the ``money_spans`` component splits into their two ends; ``one_line``: it never
    runs onto the next line (a sign after the number: in a table the sign on the next line
    is the next cell's)."""

    range: bool = False
    one_line: bool = False


class MoneyRules(BaseModel):
    """Everything the money components and the money normalizer read."""

    model_config = ConfigDict(frozen=True)

    tables: MoneyTables
    patterns: tuple[MoneyPattern, ...]
    dollar_cues: tuple[DollarCue, ...]
    national_cues: tuple[CountryCue, ...] = ()

    @property
    def range_ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.patterns if p.range)


def load_money_patterns() -> list[MoneyPattern]:
    """money.jsonl with its macros (``macros.json``) filled in."""
    macros = read_macros(PATTERNS / "macros.json")
    return [
        p.model_copy(
            update={"pattern": expand_macros(p.pattern, macros, f"money.jsonl: pattern {p.id}")}
        )
        for p in load_span_patterns(PATTERNS / "money.jsonl", MoneyPattern)
    ]


def load_rules() -> MoneyRules:
    """Read and check every money data file (PatternError names the file)."""
    return MoneyRules(
        tables=load_money_tables(),
        patterns=tuple(load_money_patterns()),
        dollar_cues=read_dollar_cues(),
        national_cues=read_national_cues(),
    )
