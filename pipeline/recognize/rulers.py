"""Adding a SpanRuler fed from a pattern data file: shared by every kind's recognizer."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.patterns import SpanPattern, load_span_patterns
from schemas import Kind


def add_span_ruler(
    nlp: Language,
    kind: Kind,
    patterns: list[SpanPattern],
    name: str | None = None,
    phrase_matcher_attr: str | None = None,
) -> None:
    """A SpanRuler that writes ``kind`` spans to ``doc.spans[kind]``; pattern ids come back
    on every span as ``span.id_``."""
    ruler = nlp.add_pipe(
        "span_ruler",
        name=name or f"{kind.value}_ruler",
        config={
            "spans_key": kind.value,
            "spans_filter": None,
            "overwrite": False,
            "phrase_matcher_attr": phrase_matcher_attr,
            "validate": True,
        },
    )
    ruler.add_patterns([p.model_dump() for p in patterns])  # type: ignore[attr-defined]


def add_pattern_file(nlp: Language, kind: Kind, filename: str) -> None:
    add_span_ruler(nlp, kind, load_span_patterns(filename))


def doc_text(doc: Doc) -> str:
    """The document's text. `Doc.text` joins every token again on each call, which made rules
    that look at the text around each candidate quadratic in document length; this reads it
    once per document."""
    text = doc.user_data.get("ilo_text")
    if not isinstance(text, str):  # retokenizing (merge, split) never changes the text
        text = doc.user_data["ilo_text"] = doc.text
    return text
