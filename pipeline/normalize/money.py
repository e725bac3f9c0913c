"""Money: mention text -> value in whole units, ISO 4217 currency, qualifier, per."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from schemas import AmountCandidate, DocumentText, Kind, Mention, Rejection, Stage

CURRENCY_SIGNS = {
    "US$": "USD", "$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP",
    "GBP": "GBP", "¥": "JPY", "JPY": "JPY", "A$": "AUD", "AUD": "AUD", "C$": "CAD",
    "CAD": "CAD", "dollars": "USD", "euros": "EUR",
}  # fmt: skip
SCALES = {"thousand": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6, "billion": 10**9,
          "bn": 10**9}  # fmt: skip
_NUMBER = re.compile(r"\d[\d,.’']*")


def parse_number(text: str, scaled: bool) -> Decimal:
    """A number as written; separators followed by exactly three digits group thousands."""
    digits = text
    if re.fullmatch(r"\d{1,3}([,.’' ]\d{3})+", digits):
        digits = re.sub(r"[,.’' ]", "", digits)
    elif scaled and re.fullmatch(r"\d+,\d{1,2}", digits):
        digits = digits.replace(",", ".")
    return Decimal(digits)


def parse_amount(text: str) -> tuple[Decimal, str | None]:
    tokens = text.replace("US$", "US$ ").split()
    currency = None
    value = None
    scale = 1
    for token in tokens:
        if token in CURRENCY_SIGNS or token.upper() in CURRENCY_SIGNS:
            currency = CURRENCY_SIGNS.get(token) or CURRENCY_SIGNS[token.upper()]
        elif token.isalpha() and len(token) == 3 and token.isupper():
            currency = token
        elif token.lower() in SCALES:
            scale = SCALES[token.lower()]
        elif _NUMBER.fullmatch(token):
            value = token
    if value is None:
        raise ValueError("no number")
    return parse_number(value, scale > 1) * scale, currency


def normalize(
    document: DocumentText, mentions: Sequence[Mention]
) -> list[AmountCandidate | Rejection]:
    results: list[AmountCandidate | Rejection] = []
    for mention in mentions:
        try:
            value, currency = parse_amount(mention.text)
        except (ValueError, InvalidOperation) as error:
            results.append(
                Rejection(
                    doc_id=mention.doc_id, stage=Stage.NORMALIZE, kind=Kind.AMOUNT,
                    text=mention.text, field="value", reason=f"unreadable number: {error}",
                    char_start=mention.char_start,
                )
            )
            continue
        results.append(AmountCandidate(mention=mention, value=value, currency=currency))
    return results
