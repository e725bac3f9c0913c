"""Money: amounts with their value, ISO 4217 currency, qualifier and per (docs/money.md).

The kind's public face: `KIND`, `load_rules()` (its data, read and checked: `rules.py`),
`add_components(nlp, rules)` (its spaCy components: `recognize.py`) and
`normalize(document, mentions, rules)` (a mention's value: `normalize.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.kinds.money.normalize import normalize
from pipeline.kinds.money.rules import MoneyRules, load_rules
from schemas import Kind

if TYPE_CHECKING:
    from spacy.language import Language

KIND = Kind.AMOUNT


def add_components(nlp: Language, rules: MoneyRules) -> None:
    """Add this kind's components to ``nlp``; they write ``doc.spans[KIND.value]``."""
    # Imported here: loading the rules (for the state fingerprint) must not load spaCy.
    from pipeline.kinds.money import recognize

    recognize.add_components(nlp, rules)


__all__ = ["KIND", "MoneyRules", "add_components", "load_rules", "normalize"]
