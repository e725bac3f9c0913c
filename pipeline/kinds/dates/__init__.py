"""Dates: first and last day covered, granularity and range flag (docs/dates.md).

The kind's public face: `KIND`, `load_rules()` (its data, read and checked: `rules.py`),
`add_components(nlp, rules)` (its spaCy components: `recognize.py`) and
`normalize(document, mentions, rules)` (a mention's value: `normalize.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.kinds.dates.normalize import normalize, publication_date
from pipeline.kinds.dates.rules import DateRules, load_rules
from schemas import Kind

if TYPE_CHECKING:
    from spacy.language import Language

KIND = Kind.DATE


def add_components(nlp: Language, rules: DateRules) -> None:
    """Add this kind's components to ``nlp``; they write ``doc.spans[KIND.value]``."""
    # Imported here: loading the rules (for the state fingerprint) must not load spaCy.
    from pipeline.kinds.dates import recognize

    recognize.add_components(nlp, rules)


__all__ = ["KIND", "DateRules", "add_components", "load_rules", "normalize", "publication_date"]
