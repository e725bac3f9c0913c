"""Money recognizer: token roles from the currency tables, a SpanRuler, then span clean-up.

Four components, in this order:

- ``money_split`` splits scale words glued to a number (``5bn``, ``20m.``), and
  ``money_tokens`` gives each token its role as its ``tag_``: ``sign`` (``US$``, ``€``,
  ``$A``), ``code`` (an ISO 4217 code), ``name`` (``dollars``, ``Swedish kronor``),
  ``scale`` (``million``, ``m``) or ``numword``. The pipeline has no tagger, and the matcher
  tests a native attribute in compiled code: a custom ``_`` attribute made the money
  patterns three times as slow;
- the ``amount_ruler`` SpanRuler matches ``patterns/money.jsonl`` over those roles;
- ``money_spans`` splits each range span (``between US$ 2 and 3 million``) into its two ends
  and drops what is not a sum: exchange rates, bare years before a code, and words that are
  only money with a scale word (``won``, ``R``).

The tables are data files in ``patterns/``, read by `rules.load_rules`, and are shared with
`normalize`, which reads values from the mention text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup, Token

from pipeline.kinds.money.rules import (
    Cue,
    CueSide,
    CurrencyForm,
    FormRule,
    MoneyPattern,
    MoneyRules,
    MoneyTables,
    Role,
    glued_currencies,
    scaled_currency,
)
from pipeline.patterns import CELL_SEPARATOR
from pipeline.rulers import (
    across_line_breaks,
    add_span_ruler,
    doc_text,
    tokens_whose,
    without_edge_space,
)
from schemas import Kind

NEEDS_SCALE = "money_needs_scale"
_NUMBER = re.compile(r"\d(?:[\d,.’'\u00a0\u202f]*\d)?")
# A scale word glued to its number, or a scale word that swallowed the full stop.
_GLUED_SCALE = re.compile(r"(\d(?:[\d,.]*\d)?)?([a-zA-Z]{1,3})(\.)?")
_GROUPED = re.compile(r"\d{1,3}(?:[,.’'\u00a0\u202f]\d{3})+")
_CONNECTORS = frozenset({"-", "–", "—", "to", "and"})
_CONTEXT_CHARS = 60


def like_number(token: Token) -> bool:
    return _NUMBER.fullmatch(token.text) is not None


def _glued_scale(text: str, scales: dict[str, int]) -> re.Match[str] | None:
    match = _GLUED_SCALE.fullmatch(text)
    return match if match and match.group(2).lower() in scales else None


def _split_glued_scales(doc: Doc, scales: dict[str, int], currencies: frozenset[str]) -> None:
    """``5bn`` -> ``5`` ``bn``; ``m.`` after a number -> ``m`` ``.`` (the tokenizer keeps
    these together, so a pattern could not end the amount before the full stop); ``MEUR``
    after a number -> ``M`` ``EUR``."""
    splits = []
    for index in tokens_whose(doc, ORTH, lambda text: _glued_scale(text, scales) is not None):
        token = doc[index]
        match = _glued_scale(token.text, scales)
        assert match is not None
        number, scale, stop = match.groups()
        if number is None and not (stop and token.i > 0 and like_number(doc[token.i - 1])):
            continue
        parts = [part for part in (number, scale, stop) if part]
        if len(parts) > 1:
            splits.append((token, parts))
    for index in tokens_whose(
        doc, ORTH, lambda text: scaled_currency(text, scales, currencies) > 0
    ):
        token = doc[index]
        if token.i > 0 and like_number(doc[token.i - 1]):
            cut = scaled_currency(token.text, scales, currencies)
            splits.append((token, [token.text[:cut], token.text[cut:]]))
    with doc.retokenize() as retokenizer:
        for token, parts in splits:
            heads: list[Token | tuple[Token, int]] = [(token, i) for i in range(len(parts))]
            retokenizer.split(token, parts, heads=heads)


class MoneyTokens:
    """Sets each token's role (``tag_``, and ``_.money_needs_scale``) from the currency
    tables."""

    def __init__(self, nlp: Language) -> None:
        self.make_doc = nlp.make_doc
        self.signs = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.tables = MoneyTables(forms=(), scales={}, number_words={}, cues=())
        self.codes: dict[str, CurrencyForm] = {}
        self.forms: dict[str, CurrencyForm] = {}

    def set_rules(self, tables: MoneyTables) -> None:
        """Take the currency tables (`add_components` hands them over once)."""
        self.tables = tables
        for form in tables.forms:
            if form.role is Role.CODE:
                self.codes[form.form] = form
                continue
            self.forms[form.form] = form
            matcher = self.signs if form.role is Role.SIGN else self.names
            matcher.add(form.form, [self.make_doc(form.form)])

    def _may_have_a_role(self, lower: str) -> bool:
        tables = self.tables
        return lower.rstrip(".") in tables.scales or lower in tables.number_words

    def __call__(self, doc: Doc) -> Doc:
        codes = tokens_whose(doc, ORTH, self.codes.__contains__)
        others = tokens_whose(doc, LOWER, self._may_have_a_role)
        for index in sorted(set(codes) | set(others)):
            token = doc[index]
            if code := self.codes.get(token.text):
                token.tag_ = Role.CODE.value
                token._.set(NEEDS_SCALE, code.rule is FormRule.NEEDS_SCALE)
            elif token.lower_.rstrip(".") in self.tables.scales:
                token.tag_ = Role.SCALE.value
            elif token.lower_ in self.tables.number_words:
                token.tag_ = Role.NUMWORD.value
        for matcher in (self.signs, self.names):
            for match_id, start, end in matcher(doc):
                form = self.forms[doc.vocab.strings[match_id]]
                span = doc[start:end]
                # "$A" is written solid; "$ A" is a dollar before a capital letter.
                if " ".join(span.text.split()).lower() != form.form.lower():
                    continue
                for token in span:
                    token.tag_ = form.role.value
                    token._.set(NEEDS_SCALE, form.rule is FormRule.NEEDS_SCALE)
        return doc


def _role(token: Token) -> str | None:
    role: str = token.tag_
    return role or None


def _split_range(span: Span) -> list[Span]:
    """The two ends of a range span, without ``between`` and the connector."""
    start = span.start + 1 if span[0].lower_ == "between" else span.start
    while span.doc[start].is_space:
        start += 1
    for token in span.doc[start + 1 : span.end]:
        if token.lower_ in _CONNECTORS and _role(token) is None:
            return [
                _trimmed(span.doc, start, token.i, span),
                _trimmed(span.doc, token.i + 1, span.end, span),
            ]
    return [span]


def _trimmed(doc: Doc, start: int, end: int, like: Span) -> Span:
    """``doc[start:end]`` without line breaks at its edges, labelled like ``like``."""
    return without_edge_space(Span(doc, start, end, label=like.label_, span_id=like.id_))


def _is_year_before_currency(span: Span) -> bool:
    """``2015 USD`` (constant dollars of a year) is not a sum."""
    first = span[0]
    has_scale = any(_role(t) == Role.SCALE for t in span)
    return (
        not has_scale
        and re.fullmatch(r"(?:19|20)\d\d", first.text) is not None
        and _role(first) is None
    )


def _lacks_needed_scale(span: Span) -> bool:
    """``won``, ``R``, ``SDG``, ``COP`` are money only with a scale word or a number
    written with thousands separators (``3 million won``, ``COP 2,500,000``)."""
    if not any(t._.get(NEEDS_SCALE) for t in span if _role(t)):
        return False
    large = any(_GROUPED.fullmatch(t.text) for t in span)
    return not large and not any(_role(t) == Role.SCALE for t in span)


# How the text stage writes table cells (pipeline/layout/tables.py, pipeline/html_content.py).


def is_exchange_rate(text: str, start: int, end: int, cues: Iterable[Cue]) -> bool:
    """``CHF 1 to the US dollar``, ``US$1 = CHF 0.92``: a rate, not a sum."""
    left = " ".join(text[max(0, start - _CONTEXT_CHARS) : start].split())
    right = " ".join(text[end : end + _CONTEXT_CHARS].split())
    for cue in cues:
        context = left if cue.side is CueSide.LEFT else right
        if cue.matches(context):
            return True
    return False


def crosses_table_cell(text: str, start: int, end: int) -> bool:
    """A span that runs from one table row into the next (``Approx. US$`` in a header row,
    ``2017`` in the row below) joins two cells, not a currency and its number."""
    if "\n" not in text[start:end]:
        return False
    first_line = text[text.rfind("\n", 0, start) + 1 : text.find("\n", start)]
    last_end = text.find("\n", end)
    last_line = text[text.rfind("\n", 0, end) + 1 : last_end if last_end >= 0 else len(text)]
    return CELL_SEPARATOR in first_line or CELL_SEPARATOR in last_line


class MoneySpans:
    """Splits range spans into their ends and drops spans that are not sums of money."""

    def __init__(self) -> None:
        self.not_money: list[Cue] = []
        self.range_ids: frozenset[str] = frozenset()

    def set_rules(self, rules: MoneyRules) -> None:
        """Take the not-money cues and the range patterns (`add_components` hands them over
        once)."""
        self.not_money = rules.tables.cues_for("not_money")
        self.range_ids = rules.range_ids

    def __call__(self, doc: Doc) -> Doc:
        kept: list[Span] = []
        for span in doc.spans.get(Kind.AMOUNT.value, []):
            span = without_edge_space(span)
            parts = _split_range(span) if span.id_ in self.range_ids else [span]
            if span.id_ == "money-number-currency" and _is_year_before_currency(span):
                continue
            if len(parts) == 2 and _is_year_before_currency(parts[0]):
                parts = parts[1:]  # `since 2019 to 12 million euros`: a year, then the sum
            if _lacks_needed_scale(span):
                continue
            text = doc_text(doc)
            if any(
                is_exchange_rate(text, p.start_char, p.end_char, self.not_money)
                or crosses_table_cell(text, p.start_char, p.end_char)
                for p in parts
            ):
                continue
            kept.extend(parts)
        doc.spans[Kind.AMOUNT.value] = SpanGroup(doc, name=Kind.AMOUNT.value, spans=kept)
        return doc


def _scale_stops_go_on(doc: Doc, scales: dict[str, int], currencies: frozenset[str]) -> None:
    """``1.5 mio. EUR``, ``NOK 40 mill. to``: the abbreviating full stop of a scale word,
    followed by a currency or a lowercase word, ends no sentence (the pattern
    ``money-number-scale-stop-currency`` reads the first)."""
    for index in tokens_whose(doc, ORTH, ".".__eq__):
        if not 2 <= index < len(doc) - 1:
            continue
        scale, after = doc[index - 1], doc[index + 1]
        if (
            not scale.whitespace_
            and scale.lower_ in scales
            and like_number(doc[index - 2])
            and (after.text[:1].islower() or after.text in currencies)
        ):
            after.is_sent_start = False


class MoneySplit:
    """Splits scale words glued to a number (`_split_glued_scales`) and lets a scale
    word's abbreviating full stop run on (`_scale_stops_go_on`)."""

    def __init__(self) -> None:
        self.scales: dict[str, int] = {}
        self.currencies: frozenset[str] = frozenset()

    def set_rules(self, tables: MoneyTables) -> None:
        """Take the scale words, and the codes and signs a scale word may be glued to."""
        self.scales = tables.scales
        self.currencies = glued_currencies(tables)

    def __call__(self, doc: Doc) -> Doc:
        _split_glued_scales(doc, self.scales, self.currencies)
        _scale_stops_go_on(doc, self.scales, self.currencies)
        return doc


@Language.factory("money_split", retokenizes=True)
def make_money_split(nlp: Language, name: str) -> MoneySplit:
    return MoneySplit()


@Language.factory("money_tokens", assigns=["token.tag", f"token._.{NEEDS_SCALE}"])
def make_money_tokens(nlp: Language, name: str) -> MoneyTokens:
    return MoneyTokens(nlp)


@Language.factory(
    "money_spans",
    requires=["doc.spans", f"token._.{NEEDS_SCALE}"],
    assigns=["doc.spans"],
)
def make_money_spans(nlp: Language, name: str) -> MoneySpans:
    return MoneySpans()


def spread_over_lines(pattern: MoneyPattern) -> MoneyPattern:
    """The pattern with an optional line break between its tokens, so an amount broken over
    two lines (``US$ 41.8`` / ``million``) is still one match (not a ``one_line`` one)."""
    if isinstance(pattern.pattern, str) or pattern.one_line:
        return pattern
    return pattern.model_copy(update={"pattern": across_line_breaks(pattern.pattern)})


def add_components(nlp: Language, rules: MoneyRules) -> None:
    """``money_tokens``, the ``amount_ruler`` and ``money_spans``, fed from ``rules``."""
    Token.set_extension(NEEDS_SCALE, default=False, force=True)
    split: MoneySplit = nlp.add_pipe("money_split")  # type: ignore[assignment]
    split.set_rules(rules.tables)
    tokens: MoneyTokens = nlp.add_pipe("money_tokens")  # type: ignore[assignment]
    tokens.set_rules(rules.tables)
    add_span_ruler(nlp, Kind.AMOUNT, [spread_over_lines(p) for p in rules.patterns])
    spans: MoneySpans = nlp.add_pipe("money_spans")  # type: ignore[assignment]
    spans.set_rules(rules)
