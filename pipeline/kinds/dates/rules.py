"""The date rules: SpanRuler patterns (with their ``@name`` word lists filled in), the words
of the date grammar and the context cues, read from ``patterns/`` and checked."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from pipeline.patterns import (
    SpanPattern,
    data_folder,
    expand_macros,
    load_span_patterns,
    read_json,
    read_macros,
    read_tsv,
)

PATTERNS = data_folder("pipeline.kinds.dates")


class DateCues(BaseModel):
    """The context cues of ``date_cues.json`` (all words compared in lower case)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    count_nouns: frozenset[str]
    quantity_before: tuple[str, ...]
    code_before: frozenset[str]
    date_prepositions: frozenset[str]
    glue_ok_before: frozenset[str]
    glue_ok_after: frozenset[str]
    lead_words: frozenset[str]
    yearless_month_cues: frozenset[str]
    yearless_part_ordinals_excluded: frozenset[str]
    copyright_marks: tuple[str, ...]
    dateline_words: tuple[str, ...]
    dateline_window: int
    dateline_prefix_chars: int


def load_date_cues() -> DateCues:
    return DateCues.model_validate(read_json(PATTERNS / "date_cues.json"))


def month_forms(word: str, abbreviation: bool) -> list[str]:
    """How a document writes a month word: Title and UPPER case, abbreviations also with a
    period. Lower case is left out on purpose (``march``, ``may`` are verbs)."""
    forms = [word.title(), word.upper()]
    if abbreviation:
        forms += [f"{form}." for form in forms]
    return forms


def date_word_lists() -> dict[str, list[str]]:
    """The ``@name`` word lists that dates.jsonl patterns refer to."""
    months = read_tsv(PATTERNS / "date_months.tsv")
    periods = read_json(PATTERNS / "date_periods.json")
    return {
        "month": [
            form
            for row in months
            for form in month_forms(row["word"], row["abbreviation"] == "yes")
        ],
        "month_name": [row["word"].title() for row in months if row["abbreviation"] == "no"],
        "month_abbreviation": [
            form
            for row in months
            if row["abbreviation"] == "yes"
            for form in month_forms(row["word"], True)
        ],
        "ordinal": list(periods["ordinals"]),
        "part_word": list(periods["quarter_words"]) + list(periods["half_words"]),
        "part_prefix": list(periods["quarter_prefixes"]) + list(periods["half_prefixes"]),
        "season": list(periods["seasons"]),
        "fiscal_prefix": list(periods["fiscal_prefixes"]),
        "relative_year": list(periods["relative_years"]),
        "range_word": list(periods["range_words"]),
    }


def load_date_patterns() -> list[SpanPattern]:
    """dates.jsonl with its ``@name`` word lists and macros (``macros.json``) filled in."""
    macros = {**date_word_lists(), **read_macros(PATTERNS / "macros.json")}
    patterns = []
    for pattern in load_span_patterns(PATTERNS / "dates.jsonl", SpanPattern):
        tokens = expand_macros(pattern.pattern, macros, f"dates.jsonl: pattern {pattern.id}")
        patterns.append(pattern.model_copy(update={"pattern": tokens}))
    return patterns


class DateWords(BaseModel):
    """Vocabulary of the date grammar, from date_months.tsv and date_periods.json."""

    model_config = ConfigDict(frozen=True)

    months: dict[str, int]
    ordinals: dict[str, int]  # -1: the last one ("last quarter")
    quarter_words: frozenset[str]
    half_words: frozenset[str]
    quarter_prefixes: frozenset[str]
    half_prefixes: frozenset[str]
    seasons: dict[str, tuple[int, int]]
    year_prefixes: frozenset[str]
    fiscal_prefixes: frozenset[str]
    relative_years: dict[str, int]
    range_words: frozenset[str]
    filler_words: frozenset[str]
    two_digit_year_pivot: int
    two_digit_decade_pivot: int


def date_words() -> DateWords:
    """The vocabulary of the date grammar."""
    periods = read_json(PATTERNS / "date_periods.json")

    def words(key: str) -> frozenset[str]:
        return frozenset(word.lower() for word in periods[key])

    return DateWords(
        months={row["word"]: int(row["month"]) for row in read_tsv(PATTERNS / "date_months.tsv")},
        ordinals=periods["ordinals"],
        quarter_words=words("quarter_words"),
        half_words=words("half_words"),
        quarter_prefixes=words("quarter_prefixes"),
        half_prefixes=words("half_prefixes"),
        seasons={word: tuple(months) for word, months in periods["seasons"].items()},
        year_prefixes=words("year_prefixes"),
        fiscal_prefixes=words("fiscal_prefixes"),
        relative_years=periods["relative_years"],
        # "and" closes "between ... and ..."; "/" joins "2019/20": both only inside a mention.
        range_words=words("range_words") | {"and", "/"},
        filler_words=words("filler_words"),
        two_digit_year_pivot=periods["two_digit_year_pivot"],
        two_digit_decade_pivot=periods["two_digit_decade_pivot"],
    )


class DateRules(BaseModel):
    """Everything the date components and the date normalizer read."""

    model_config = ConfigDict(frozen=True)

    patterns: tuple[SpanPattern, ...]
    cues: DateCues
    words: DateWords


def load_rules() -> DateRules:
    """Read and check every date data file (PatternError names the file)."""
    return DateRules(
        patterns=tuple(load_date_patterns()), cues=load_date_cues(), words=date_words()
    )
