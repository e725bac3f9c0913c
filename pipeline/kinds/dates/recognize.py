"""Date recognizer: token patterns from patterns/dates.jsonl, then a context check.

Two components write ``doc.spans["date"]``:

- ``date_ruler``: a SpanRuler over ``dates.jsonl``. A pattern value ``"@name"`` stands for a
  word list from ``date_months.tsv`` / ``date_periods.json`` (see `rules.date_word_lists`),
  so the month names and period words live in one data file each.
- ``date_context``: drops candidates whose surroundings say they are not dates (inside an
  amount, a document code, a count such as ``2030 participants``, a phone number) and trims a
  leading ``between``/``from`` (``between 2018 and 2022`` -> ``2018 and 2022``). The cues
  are in ``date_cues.json``; docs/dates.md explains each rule.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.intervals import Intervals
from pipeline.kinds.dates.rules import DateCues, DateRules
from pipeline.rulers import across_line_breaks, add_span_ruler, without_edge_space
from schemas import Kind

CONTEXT_COMPONENT = "date_context"
_YEAR = re.compile(r"^(19|20)\d\d$")
_NUMBER = re.compile(r"^[+(]?\d+\)?$")


def add_components(nlp: Language, rules: DateRules) -> None:
    """The ``date_ruler`` (patterns matching across line breaks) and ``date_context``."""
    patterns = [
        p
        if isinstance(p.pattern, str)
        else p.model_copy(update={"pattern": across_line_breaks(p.pattern, op="*")})
        for p in rules.patterns
    ]
    add_span_ruler(nlp, Kind.DATE, patterns)
    context: DateContext = nlp.add_pipe(CONTEXT_COMPONENT)  # type: ignore[assignment]
    context.set_rules(rules.cues)


# --- context ------------------------------------------------------------------------------


def _previous(token: Token) -> Token | None:
    """The nearest token before ``token`` that is not whitespace."""
    i = token.i - 1
    while i >= 0 and token.doc[i].is_space:
        i -= 1
    return token.doc[i] if i >= 0 else None


def _next(token: Token) -> Token | None:
    i = token.i + 1
    while i < len(token.doc) and token.doc[i].is_space:
        i += 1
    return token.doc[i] if i < len(token.doc) else None


def _glued(left: Token, right: Token) -> bool:
    """No space between the two (a line break is a token of its own in spaCy)."""
    return (
        right.i == left.i + 1 and not left.whitespace_ and not left.is_space and not right.is_space
    )


def glued_to_code(span: Span, cues: DateCues) -> bool:
    """The span is stuck to letters, digits or a separator (``1215/2012``, ``DP/2025/26``,
    ``EU2020``, ``2012/19/EU``): part of a code or a number, not a date."""
    doc = span.doc
    if span.start > 0:
        before = doc[span.start - 1]
        if _glued(before, span[0]) and before.text not in cues.glue_ok_before:
            return True
    if span.end < len(doc):
        after = doc[span.end]
        if _glued(span[-1], after) and after.lower_ not in cues.glue_ok_after:
            # A capitalized word glued on is a lost line break in extracted text (2022The).
            return not (after.is_alpha and after.text[0].isupper())
    return False


def _words_before(token: Token, count: int) -> str:
    """The ``count`` words before ``token``, lower case, joined by single spaces."""
    words: list[str] = []
    current = _previous(token)
    while current is not None and len(words) < count:
        words.insert(0, current.lower_)
        current = _previous(current)
    return " ".join(words)


def _word_with_period(token: Token) -> str:
    """``token`` in lower case; a lone period is read with the word it closes (``pp .``)."""
    previous = _previous(token)
    if token.text == "." and previous is not None and _glued(previous, token):
        return previous.lower_ + "."
    return token.lower_


def is_not_a_year(span: Span, cues: DateCues) -> bool:
    """For a bare year-like number (``2030``, ``2018-2022``): the context reads it as a count,
    a code or part of a longer number instead."""
    first, last = span[0], span[-1]
    before, after = _previous(first), _next(last)
    if before is not None and (
        _word_with_period(before) in cues.code_before or before.text.endswith("/")
    ):
        return True  # "No 2020", "ISO 2022", "DP/ 2025/26" (a code broken at its slash)
    if any(
        _words_before(first, phrase.count(" ") + 1) == phrase for phrase in cues.quantity_before
    ):
        return True
    if before is not None and before.lower_ in cues.date_prepositions:
        return False
    if after is not None and after.lower_ in cues.count_nouns:
        return True
    # A number beside another number that is no year: a phone number, a table row.
    return any(
        neighbour is not None
        and _NUMBER.match(neighbour.text) is not None
        and _YEAR.match(neighbour.text) is None
        for neighbour in (before, after)
    )


def _starts_with_year(span: Span) -> bool:
    return _YEAR.match(span[0].text) is not None


def _trim_lead(span: Span, cues: DateCues) -> Span:
    """Without a leading ``between``/``from`` and the line break that may follow it."""
    if len(span) < 2 or span[0].lower_ not in cues.lead_words:
        return span
    start = span.start + 1
    while span.doc[start].is_space:
        start += 1
    return Span(span.doc, start, span.end, label=span.label, span_id=span.id)


def slashed_code(span: Span) -> bool:
    """``2024/19`` is a document number (decision 2024/19); a year with a slash and two
    digits is a period only when they are the next year (``2019/20``)."""
    tokens = [token for token in span if not token.is_space]
    if len(tokens) != 3 or tokens[1].text != "/" or not _YEAR.match(tokens[0].text):
        return False
    short = tokens[2].text
    return len(short) == 2 and int(short) != (int(tokens[0].text) + 1) % 100


def split_comparison(span: Span) -> list[Span]:
    """Two years joined by a range word in falling order are compared, not a period
    (``between 2024 and 2023``, ``2024/2023``): each year is a date of its own."""
    years = [token for token in span if _YEAR.match(token.text)]
    others = [token for token in span if not token.is_space and token not in years]
    if len(years) != 2 or int(years[1].text) >= int(years[0].text):
        return [span]
    if any(token.like_num for token in others):
        return [span]
    return [Span(span.doc, year.i, year.i + 1, label=span.label, span_id=span.id) for year in years]


YEARLESS_MONTH_IDS = frozenset({"date-month-alone", "date-month-range-alone"})


def is_yearless_noise(span: Span, cues: DateCues) -> bool:
    """A month name alone is a date only after a date word (``in July``, ``since March``)
    and not as part of a name (``May Day``, ``Theresa May``); a yearless quarter or half
    (``the second quarter``) is not one when ``of`` follows (``first half of the meeting``)."""
    before, after = _previous(span[0]), _next(span[-1])
    if span.id_ in YEARLESS_MONTH_IDS:
        if before is None or before.lower_ not in cues.yearless_month_cues:
            return True
        return after is not None and after.is_alpha and after.text[0].isupper()
    if span.id_ == "date-part-alone":
        excluded = span[0].lower_ in cues.yearless_part_ordinals_excluded
        return excluded or (after is not None and after.lower_ == "of")
    return False


def keep_dates(doc: Doc, candidates: list[Span], cues: DateCues) -> list[Span]:
    """The candidates that are dates, trimmed; read-only on ``doc``."""
    amounts = Intervals((a.start, a.end) for a in doc.spans.get(Kind.AMOUNT.value, []))
    kept = []
    for candidate in candidates:
        if is_yearless_noise(candidate, cues):
            continue
        span = without_edge_space(_trim_lead(candidate, cues))
        if (
            amounts.overlaps(span.start, span.end)
            or glued_to_code(span, cues)
            or slashed_code(span)
        ):
            continue
        if _starts_with_year(span) and is_not_a_year(span, cues):
            continue
        kept.extend(split_comparison(span))
    return kept


class DateContext:
    """Pipeline component: filters ``doc.spans["date"]`` by context (see `keep_dates`)."""

    def __init__(self) -> None:
        self.cues: DateCues | None = None

    def set_rules(self, cues: DateCues) -> None:
        """Take the context cues (`add_components` hands them over once)."""
        self.cues = cues

    def __call__(self, doc: Doc) -> Doc:
        if self.cues is None:
            raise RuntimeError("date_context has no rules: build the pipeline with build_nlp()")
        key = Kind.DATE.value
        doc.spans[key] = keep_dates(doc, list(doc.spans.get(key, [])), self.cues)
        return doc


@Language.factory(CONTEXT_COMPONENT, requires=["doc.spans"], assigns=["doc.spans"])
def make_date_context(nlp: Language, name: str) -> DateContext:
    return DateContext()
