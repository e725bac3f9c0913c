"""Acronyms of organization names: ``Name (ACR)`` as part of a mention's text, and the bare
uses of an acronym that such a definition gives in the same document."""

from __future__ import annotations

import re

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from pipeline.rulers import tokens_whose

LABEL = "ORGANIZATION"
# An acronym in parentheses: two capitals at least (ADA, MOHRSS, ITC-ILO, DG EMPL, KfW).
_ACRONYM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9&./-]{1,11}$")
# A word of several that is a number or all lowercase: `(EUR 8 million)`, `(USD 2 m)`.
_NOT_ACRONYM_WORD = re.compile(r"(?:^|\s)(?:[\d.,]+|[a-z]+)(?=\s|$)")


def parenthesized_acronym(
    doc: Doc, end: int, known: frozenset[str] = frozenset()
) -> tuple[int, str] | None:
    """``(ACR)`` right after token ``end - 1``: the end of ``)`` and the acronym. One of
    ``known`` counts too (the name's own acronyms, written like a word: ``(Norad)``)."""
    if end + 2 >= len(doc) + 1 or end >= len(doc) or doc[end].text != "(":
        return None
    close = next((i for i in range(end + 1, min(end + 5, len(doc))) if doc[i].text == ")"), None)
    if close is None or close == end + 1:
        return None
    acronym = doc[end + 1 : close].text
    if acronym in known:
        return close + 1, acronym
    if not _ACRONYM.match(acronym.replace(" ", "")) or len(acronym) > 14:
        return None
    if _NOT_ACRONYM_WORD.search(acronym):
        return None  # `(EUR 8 million)`: a sum, not a short name
    return close + 1, acronym


def with_acronym(doc: Doc, span: Span, known: frozenset[str] = frozenset()) -> Span:
    """The span with ``(ACR)`` after it, when there is one (``known``: the acronyms of the
    organization it names)."""
    found = parenthesized_acronym(doc, span.end, known)
    if found is None:
        return span
    return Span(doc, span.start, found[0], label=LABEL, span_id=span.id_)


def acronym_mentions(doc: Doc, spans: list[Span]) -> list[Span]:
    """Bare uses of an acronym that a ``Name (ACR)`` defines in this document."""
    defined: dict[str, Span] = {}
    for span in spans:
        found = parenthesized_acronym(doc, _before_parenthesis(span))
        if found is not None:
            defined.setdefault(found[1], span)
    if not defined:
        return []
    taken = {i for span in spans for i in range(span.start, span.end)}
    mentions = []
    for index in tokens_whose(doc, ORTH, defined.__contains__):
        token = doc[index]
        if token.i not in taken:
            source = defined[token.text].id_
            key = source if source.startswith("org/") else f"org-acr/{token.text}"
            mentions.append(Span(doc, token.i, token.i + 1, label=LABEL, span_id=key))
    return mentions


def _before_parenthesis(span: Span) -> int:
    """End of the name part of a span that ends with ``(ACR)``."""
    for i in range(span.end - 1, span.start, -1):
        if span.doc[i].text == "(":
            return i
    return span.end
