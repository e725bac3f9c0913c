"""Money: mention text -> value in whole units, ISO 4217 currency, qualifier, per, equivalent.

Reading happens in two steps. `parse_amount` reads one mention's own text (number, scale
word, currency form). `normalize` then looks at the document around each mention: qualifier
and per cues left and right, two amounts that form a range (a scale word or a currency
written once serves both ends), an amount that restates the one before it in another
currency, and which dollar a bare ``$`` is in this document. The cue words and currency
forms are data files in ``pipeline/patterns/`` (see docs/money.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from pipeline.kinds.money.rules import (
    NATIONAL_RULES,
    CountryCue,
    Cue,
    CueSide,
    CurrencyForm,
    DollarCue,
    FormRule,
    MoneyRules,
    MoneyTables,
    Role,
    glued_currencies,
    scaled_currency,
)
from schemas import AmountCandidate, DocumentText, Mention, Per, Qualifier, Rejection, Stage

_NUMBER = r"\d{1,3}(?: \d{3})+(?![\d,.])|\d(?:[\d,.’'\u00a0\u202f]*\d)?"
# A word with no digit or space in it: where a scale word glued to its currency is looked for.
_WORD = re.compile(r"[^\s\d]+")
_IDENTITY_CHARS = 300
_CONTEXT_CHARS = 80
DEFAULT_DOLLAR = "USD"


class AmountError(ValueError):
    """A mention whose value or currency cannot be read; it becomes a Rejection."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class ParsedAmount:
    """What one mention's own text says. ``number`` is None for a range end written
    without one; ``scale`` is None when no scale word is written."""

    number: Decimal | None
    scale: int | None
    grouped: bool  # the number has thousands separators
    form: CurrencyForm | None

    @property
    def value(self) -> Decimal | None:
        if self.number is None:
            return None
        return self.number * (self.scale or 1)


def parse_number(written: str, scaled: bool) -> tuple[Decimal, bool]:
    """A number as written -> (value, has thousands separators).

    SPEC: a dot or comma followed by exactly three digits and no scale word separates
    thousands (``US$ 800.000``); a comma followed by one or two digits is a decimal comma
    (``4,3 million``); ``’ ' `` and spaces always group thousands. With both a dot and a comma
    the later one is the decimal mark. Raises ValueError for malformed groups (``1,23,4``).
    """
    digits = re.sub(r"[’'\u00a0\u202f ]", "", written)
    grouped = digits != written
    marks = [c for c in ",." if c in digits]
    if len(marks) == 2:
        decimal_mark = max(marks, key=digits.rindex)
        group_mark = "," if decimal_mark == "." else "."
        whole, _, fraction = digits.rpartition(decimal_mark)
        return Decimal(_ungroup(whole, group_mark) + "." + fraction), True
    if not marks:
        if grouped:
            _ungroup(written.replace("’", ",").replace("'", ","), ",", spaces=True)
        return Decimal(digits), grouped
    mark = marks[0]
    parts = digits.split(mark)
    if len(parts) > 2:
        return Decimal(_ungroup(digits, mark)), True
    fraction = parts[1]
    # "1,500 million" groups; "1.500 million" is a decimal before a scale word.
    if len(fraction) == 3 and (not scaled or mark == ","):
        return Decimal(_ungroup(digits, mark)), True
    return Decimal(parts[0] + "." + fraction), grouped


def _ungroup(whole: str, mark: str, spaces: bool = False) -> str:
    separators = f"[{re.escape(mark)}\u00a0\u202f ]" if spaces else re.escape(mark)
    groups = re.split(separators, whole)
    if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        raise ValueError(f"malformed thousands groups in {whole!r}")
    return "".join(groups)


def _form_alternatives(tables: MoneyTables) -> str:
    forms = sorted(tables.forms, key=lambda f: len(f.form), reverse=True)
    pieces = []
    for form in forms:
        escaped = re.escape(form.form).replace(r"\ ", r"\s+")
        # Letters must not run on into a word ("won" is not in "wonder"); signs may touch.
        before = r"(?<![A-Za-z])" if form.form[0].isalpha() else ""
        after = r"(?![A-Za-z])" if form.form[-1].isalpha() or form.form[-1] == "." else ""
        pieces.append(before + escaped + after)
    return "|".join(pieces)


@dataclass(frozen=True)
class AmountReader:
    """Compiled readers for the tables: one regex finds forms, numbers and scale words."""

    tables: MoneyTables
    scanner: re.Pattern[str]
    forms: dict[str, CurrencyForm]
    currencies: frozenset[str]

    @classmethod
    def from_tables(cls, tables: MoneyTables) -> AmountReader:
        scales = "|".join(sorted(map(re.escape, tables.scales), key=len, reverse=True))
        words = "|".join(sorted(map(re.escape, tables.number_words), key=len, reverse=True))
        scanner = re.compile(
            rf"(?P<form>{_form_alternatives(tables)})"
            rf"|(?P<number>{_NUMBER})"
            rf"|(?<![A-Za-z])(?P<scale>{scales})\.?(?![A-Za-z])"
            rf"|(?<![A-Za-z])(?P<word>{words})(?![A-Za-z])",
            re.IGNORECASE,
        )
        forms: dict[str, CurrencyForm] = {}
        for form in tables.forms:  # as written, then lowercase for the names
            forms.setdefault(" ".join(form.form.split()), form)
        for form in tables.forms:
            forms.setdefault(" ".join(form.form.split()).lower(), form)
        return cls(tables, scanner, forms, glued_currencies(tables))

    def _unglued(self, word: re.Match[str]) -> str:
        """``MEUR`` -> ``M EUR``: a scale word glued to its currency."""
        cut = scaled_currency(word.group(), self.tables.scales, self.currencies)
        return f"{word.group()[:cut]} {word.group()[cut:]}" if cut else word.group()

    def _form(self, written: str) -> CurrencyForm:
        """The form as written (`Tsh` and `TSh` are two signs), else its lowercase (`Euros`)."""
        key = " ".join(written.split())
        return self.forms.get(key) or self.forms[key.lower()]

    def parse(self, text: str) -> ParsedAmount:
        """One mention's text -> number, scale, currency form. Raises AmountError."""
        numbers: list[str] = []
        words: list[str] = []
        scale: int | None = None
        found: list[CurrencyForm] = []
        text = _WORD.sub(self._unglued, text)
        for match in self.scanner.finditer(text):
            kind = match.lastgroup
            written = match.group()
            if kind == "form":
                seen = self._form(written)
                # Case matters for signs and codes ("R", "USD"); names are any case.
                if seen.role is not Role.NAME and written.split() != seen.form.split():
                    continue
                found.append(seen)
            elif kind == "number":
                numbers.append(written)
            elif kind == "scale" and (numbers or words):
                scale = self.tables.scales[match.group("scale").lower()]
            elif kind == "word":
                words.append(written.lower())
        if len(numbers) > 1:
            raise AmountError("value", f"more than one number in {text!r}")
        form = _explicit_form(found)
        if numbers:
            try:
                number, grouped = parse_number(numbers[0], scaled=scale is not None)
            except (ValueError, InvalidOperation) as error:
                raise AmountError("value", f"unreadable number: {error}") from None
            return ParsedAmount(number, scale, grouped, form)
        if words:
            return ParsedAmount(self._words_value(words), scale, False, form)
        return ParsedAmount(None, scale, False, form)

    def _words_value(self, words: list[str]) -> Decimal:
        """``two`` -> 2, ``twenty five`` -> 25, ``one hundred fifty`` -> 150, ``half a`` -> 0.5."""
        values = self.tables.number_words
        if words[0] == "half":
            return Decimal("0.5")
        total = Decimal(0)
        for word in words:
            if word == "hundred":
                total = (total or Decimal(1)) * 100
            else:
                total += values[word]
        return total


def _explicit_form(found: list[CurrencyForm]) -> CurrencyForm | None:
    """An explicit code or sign wins over a bare dollar (``CAD $19.5 million`` -> CAD)."""
    for form in found:
        if form.rule is not FormRule.DOLLAR:
            return form
    return found[0] if found else None


def document_dollar(document: DocumentText, cues: Sequence[DollarCue]) -> str:
    """Which dollar a bare ``$`` or ``dollars`` is in this document (SPEC: Amounts).

    A government's own page (a cue in its source, title or HTML <title>, opening a line of
    its masthead, or in its closing lines) uses its country's dollar. Otherwise the dollar
    the document names most often (``A$``, ``CAD``, ``US$`` ...; a tie goes to the one
    named first), and USD when it names none."""
    label = f"{document.doc.source}\n{document.title}\n{document.page_title}"
    masthead = document.text[:_IDENTITY_CHARS]
    closing = document.text[-_IDENTITY_CHARS:]
    for cue in cues:
        if cue.scope != "identity":
            continue
        opens_a_line = re.search(rf"(?m)^[^\w\n]*(?:{cue.pattern.pattern})", masthead)
        if opens_a_line or cue.pattern.search(label) or cue.pattern.search(closing):
            return cue.currency
    named: dict[str, tuple[int, int]] = {}  # currency -> (times named, -first offset)
    for cue in cues:
        if cue.scope != "text":
            continue
        offsets = [match.start() for match in cue.pattern.finditer(document.text)]
        if offsets:
            count, first = named.get(cue.currency, (0, -len(document.text)))
            named[cue.currency] = (count + len(offsets), max(first, -min(offsets)))
    if not named:
        return DEFAULT_DOLLAR
    return max(named, key=lambda currency: named[currency])


@dataclass(frozen=True)
class Reading:
    """A mention on its way to a candidate; fields fill in as context is read."""

    mention: Mention
    parsed: ParsedAmount
    qualifier: Qualifier = Qualifier.EXACT
    per: Per = Per.TOTAL
    equivalent_of: int | None = None


def _left(document: DocumentText, mention: Mention) -> str:
    start = max(0, mention.char_start - _CONTEXT_CHARS)
    return " ".join(document.text[start : mention.char_start].split())


def _right(document: DocumentText, mention: Mention) -> str:
    return " ".join(document.text[mention.char_end : mention.char_end + _CONTEXT_CHARS].split())


def _between(document: DocumentText, first: Mention, second: Mention) -> str:
    return " ".join(document.text[first.char_end : second.char_start].split())


def read_context(reading: Reading, document: DocumentText, tables: MoneyTables) -> Reading:
    """Qualifier and per from the words touching the amount. A qualifier right before the
    amount is read first, so ``an annual contribution of nearly US$ 3 million`` has both."""
    left = _left(document, reading.mention)
    right = _right(document, reading.mention)
    qualifier, per = Qualifier.EXACT, Per.TOTAL
    if found := longest_cue(tables.cues_for("qualifier", CueSide.LEFT), left):
        cue, match = found
        qualifier = Qualifier(cue.value)
        left = left[: match.start()]
    elif found := longest_cue(tables.cues_for("qualifier", CueSide.RIGHT), right):
        qualifier = Qualifier(found[0].value)
    per_left = longest_cue(tables.cues_for("per", CueSide.LEFT), left)
    per_right = longest_cue(tables.cues_for("per", CueSide.RIGHT), right)
    if found := per_right or per_left:
        per = Per(found[0].value)
    return replace(reading, qualifier=qualifier, per=per)


def longest_cue(cues: Sequence[Cue], context: str) -> tuple[Cue, re.Match[str]] | None:
    """The cue with the longest match (``no more than`` beats ``more than``)."""
    best: tuple[Cue, re.Match[str]] | None = None
    for cue in cues:
        match = cue.matches(context)
        if match and (best is None or len(match.group()) > len(best[1].group())):
            best = (cue, match)
    return best


def _is_range(first: Reading, second: Reading, document: DocumentText, tables: MoneyTables) -> bool:
    between = _between(document, first.mention, second.mention)
    left = _left(document, first.mention)
    for cue in tables.cues_for("range", CueSide.BETWEEN):
        if not cue.matches(between):
            continue
        if cue.value == "after_between" and not re.search(r"\bbetween\s*$", left, re.I):
            continue
        return True
    return False


def join_range(
    first: Reading, second: Reading, document: DocumentText, tables: MoneyTables
) -> tuple[Reading, Reading]:
    """The two ends of one range share what is written once: ``US$ 2-3 million`` is
    US$ 2 million to US$ 3 million. The scale goes back to the first end only when that
    end is a small bare number (``between US$ 500,000 and 1 million`` keeps 500,000).
    The ends are at_least / at_most, except after a change (``rose from X to Y``)."""
    a, b = first.parsed, second.parsed
    small = a.number is not None and not a.grouped and a.number < 1000
    if a.scale is None and b.scale is not None and small:
        a = replace(a, scale=b.scale)
    if a.form is None:
        a = replace(a, form=b.form)
    if b.form is None:
        b = replace(b, form=a.form)
    left = _left(document, first.mention)
    is_change = any(cue.matches(left) for cue in tables.cues_for("change", CueSide.LEFT))
    low, high = (
        (first.qualifier, second.qualifier)
        if is_change
        else (Qualifier.AT_LEAST, Qualifier.AT_MOST)
    )
    per = first.per if first.per is not Per.TOTAL else second.per
    return (
        replace(first, parsed=a, qualifier=low, per=per),
        replace(second, parsed=b, qualifier=high, per=per),
    )


def _restates(first: Reading, second: Reading, document: DocumentText, tables: MoneyTables) -> bool:
    """``SEK 250 million (US$ 23.1 million)``: a bridge, then an amount in another currency;
    or an aside between commas that a qualifier opens (``€20 million, roughly Tk 260 crore,``)."""
    between = _between(document, first.mention, second.mention)
    if found := longest_cue(tables.cues_for("qualifier", CueSide.LEFT), between):
        between = between[: found[1].start()]
        after = document.text[second.mention.char_end : second.mention.char_end + 2].strip()
        if between.strip() == "," and (not after or after[:1] in ",);."):
            return True
    bridges = tables.cues_for("equivalent", CueSide.BETWEEN)
    return any(cue.matches(between) for cue in bridges)


def document_national(
    document: DocumentText, cues: Sequence[CountryCue], family: FormRule
) -> str | None:
    """Whose `rupees` (or `pesos`, ...: ``family``) the document's are: the currency of the
    family's country it names most often (`rupees` in a story from Aceh are Indonesian
    rupiah); None when it names none."""
    named = {
        cue.currency: len(cue.pattern.findall(document.text))
        for cue in cues
        if cue.family is family
    }
    best = max(named, key=lambda currency: named[currency], default=None)
    return best if best is not None and named[best] else None


def _currency(parsed: ParsedAmount, local: Mapping[FormRule, str]) -> str | None:
    """The form's currency, or the document's own for a bare dollar, `rupees` or `pesos`."""
    if parsed.form is None:
        return None
    return local.get(parsed.form.rule, parsed.form.currency)


def _rejection(mention: Mention, field: str, reason: str) -> Rejection:
    return Rejection.of(mention, Stage.NORMALIZE, field, reason)


def normalize(
    document: DocumentText, mentions: Sequence[Mention], rules: MoneyRules
) -> list[AmountCandidate | Rejection]:
    """One candidate per readable amount mention, a Rejection (with its reason) otherwise."""
    tables = rules.tables
    reader = AmountReader.from_tables(tables)  # the regex itself is cached by `re`
    local: dict[FormRule, str] = {}  # the document's own dollar, rupee, peso ..., where written
    results: list[AmountCandidate | Rejection] = []
    readings: list[Reading] = []
    for mention in sorted(mentions, key=lambda m: m.char_start):
        try:
            parsed = reader.parse(mention.text)
        except AmountError as error:
            results.append(_rejection(mention, error.field, error.reason))
            continue
        readings.append(read_context(Reading(mention, parsed), document, tables))
    rules_written = {r.parsed.form.rule for r in readings if r.parsed.form is not None}
    if FormRule.DOLLAR in rules_written:
        local[FormRule.DOLLAR] = document_dollar(document, rules.dollar_cues)
    for family in rules_written.intersection(NATIONAL_RULES):
        national = document_national(document, rules.national_cues, family)
        if national is not None:
            local[family] = national
    for index in range(len(readings) - 1):
        first, second = readings[index], readings[index + 1]
        if _is_range(first, second, document, tables):
            readings[index], readings[index + 1] = join_range(first, second, document, tables)
    for index in range(1, len(readings)):
        first, second = readings[index - 1], readings[index]
        if _currency(first.parsed, local) == _currency(second.parsed, local):
            continue
        if _restates(first, second, document, tables):
            readings[index] = replace(second, equivalent_of=first.mention.char_start)
    for reading in readings:
        results.append(_candidate(reading, local))
    return results


def _plain(value: Decimal) -> Decimal:
    """9150000 rather than 9150000.00 or 9.15E+6."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _candidate(reading: Reading, local: Mapping[FormRule, str]) -> AmountCandidate | Rejection:
    mention, parsed = reading.mention, reading.parsed
    value = parsed.value
    if value is None:
        return _rejection(mention, "value", "no number in the amount or in its range")
    currency = _currency(parsed, local)
    if currency is None:
        return _rejection(mention, "currency", "no currency in the amount or in its range")
    return AmountCandidate(
        mention=mention,
        value=_plain(value),
        currency=currency,
        qualifier=reading.qualifier,
        per=reading.per,
        equivalent_of=reading.equivalent_of,
    )
