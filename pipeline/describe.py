"""Document-level facts for documents.csv: doc_type and language, from cues in data."""

from __future__ import annotations

import re
from collections import Counter

from pipeline.patterns import DocTypeRules

_WORD = re.compile(r"[a-zà-ÿ]+")


def classify_doc_type(title: str, text: str, rules: DocTypeRules) -> str:
    """`press_release`, `brief`, `report`, `brochure` or `document` (patterns/doc_types.json)."""
    head = f"{title}\n{text[:1500]}".lower()
    for entry in rules.types:
        if any(cue in head for cue in entry.cues):
            return entry.doc_type
    return rules.default


def guess_language(text: str, rules: DocTypeRules) -> str:
    """ISO 639-1 code of the language whose function words are most frequent; '' if unsure."""
    words = Counter(_WORD.findall(text[:20000].lower()))
    scores = {lang: sum(words[w] for w in cues) for lang, cues in rules.languages.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= 3 else ""
