"""spaCy helpers shared by the kinds' components: a SpanRuler fed from pattern data, patterns
that run across a line break, spans without edge whitespace, the document's text read once,
and the tokens whose text passes a test found without a loop over every token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.patterns import SpanPattern
from pipeline.windowed import WindowedSpanRuler, make_windowed_span_ruler

__all__ = ["WindowedSpanRuler", "make_windowed_span_ruler"]
from schemas import Kind


def add_span_ruler(
    nlp: Language,
    kind: Kind,
    patterns: list[SpanPattern],
    name: str | None = None,
    phrase_matcher_attr: str | None = None,
) -> None:
    """A SpanRuler that writes ``kind`` spans to ``doc.spans[kind]``; pattern ids come back
    on every span as ``span.id_``. It is a `WindowedSpanRuler`: the same spans, found only
    around the tokens a pattern needs where it can."""
    ruler = nlp.add_pipe(
        "windowed_span_ruler",
        name=name or f"{kind.value}_ruler",
        config={
            "spans_key": kind.value,
            "overwrite": False,
            "phrase_matcher_attr": phrase_matcher_attr,
            "validate": True,
        },
    )
    ruler.add_patterns([p.ruler_pattern() for p in patterns])  # type: ignore[attr-defined]


# A whitespace token holding at most one line break: a pattern may run onto the next line
# (``US$ 41.8`` / ``million``) but never across a blank line into the next paragraph.
LINE_BREAK: dict[str, Any] = {"IS_SPACE": True, "TEXT": {"REGEX": r"\A[^\n]*\n?[^\n]*\Z"}}


def across_line_breaks(tokens: list[dict[str, Any]], op: str = "?") -> list[dict[str, Any]]:
    """The token pattern, also matching when a line break falls between two of its tokens
    (``between 2018 and`` / ``2022``); ``op`` is how many whitespace tokens may stand there."""
    spaced: list[dict[str, Any]] = []
    for token in tokens:
        if spaced:
            spaced.append({**LINE_BREAK, "OP": op})
        spaced.append(token)
    return spaced


TEXT_KEY = "ilo_text"


def doc_text(doc: Doc) -> str:
    """The document's text. `Doc.text` joins every token again on each call, which made rules
    that look at the text around each candidate quadratic in document length; this reads it
    once per document (or never: `make_doc`)."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):  # retokenizing (merge, split) never changes the text
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def make_doc(nlp: Language, text: str) -> Doc:
    """The tokenized ``text`` for ``nlp`` to run its components on, holding ``text`` for
    `doc_text` (a Doc's text is always the text it was made from)."""
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text
    return doc


def without_edge_space(span: Span) -> Span:
    """``span`` without whitespace tokens at its edges (a pattern that lets a line break fall
    between two tokens also matches one after its last token: ``US$ 5`` + ``\\n``), with the
    same label and id; a mention's text never starts or ends with whitespace."""
    doc, start, end = span.doc, span.start, span.end
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label, span_id=span.id)


def tokens_whose(doc: Doc, attr: int, test: Callable[[str], bool]) -> list[int]:
    """Indices of the tokens whose ``attr`` (ORTH, LOWER) passes ``test``, in order. Each
    distinct value is tested once, and no Token object is made for the others: a loop over
    every token of a long document costs more than the rest of a component."""
    column = doc.to_array([attr])
    values = np.unique(column)
    strings = doc.vocab.strings
    passing = [value for value in values.tolist() if test(strings[value])]
    if not passing:
        return []
    return np.flatnonzero(np.isin(column, passing)).tolist()
