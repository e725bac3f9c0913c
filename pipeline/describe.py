"""Document-level facts for documents.csv: doc_type and language, from cues in data."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

from pipeline.patterns import read_json

_WORD = re.compile(r"[a-zà-ÿ]+")


@cache
def _rules() -> dict[str, Any]:
    return read_json("doc_types.json")


def classify_doc_type(title: str, text: str) -> str:
    """`press_release`, `brief`, `report`, `brochure` or `document` (patterns/doc_types.json)."""
    rules = _rules()
    head = f"{title}\n{text[:1500]}".lower()
    for entry in rules["types"]:
        if any(cue in head for cue in entry["cues"]):
            return str(entry["doc_type"])
    return str(rules["default"])


def guess_language(text: str) -> str:
    """ISO 639-1 code of the language whose function words are most frequent; '' if unsure."""
    words = Counter(_WORD.findall(text[:20000].lower()))
    languages: dict[str, list[str]] = _rules()["languages"]
    scores = {lang: sum(words[w] for w in cues) for lang, cues in languages.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= 3 else ""
