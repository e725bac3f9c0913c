"""Describe the document (the step after recognize): its publication date, type and language.

The publication date needs the document's date mentions, so this runs once they are found and
before normalize, which reads yearless dates in the publication year; every later step reads
these facts from the returned `DocumentText`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.kinds import dates
from pipeline.patterns import DocTypeRules
from pipeline.rules import Rules
from schemas import DocumentText, Kind, Mention

_WORD = re.compile(r"[a-zà-ÿ]+")


def describe(document: DocumentText, mentions: Sequence[Mention], rules: Rules) -> DocumentText:
    """The document with ``published`` (metadata, else a dateline: `dates.publication_date`),
    ``doc_type`` and ``language`` set."""
    found = [m for m in mentions if m.kind is Kind.DATE]
    return document.model_copy(
        update={
            "published": dates.publication_date(document, found, rules.of(Kind.DATE)),
            "doc_type": classify_doc_type(document.title, document.text, rules.text.doc_types),
            "language": guess_language(document.text, rules.text.doc_types),
        }
    )


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
