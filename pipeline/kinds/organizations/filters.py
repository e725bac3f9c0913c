"""Organization spans: the tests the finder shares (a capitalized word, a line break
before a token), and the filters a found name must pass (not inside a programme, not the
start of a programme's or a meeting's name, a region-like name only where it acts)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from pipeline.kinds.organizations.rules import OrganizationRules

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def is_title(token: Token) -> bool:
    """A capitalized word (or an all-caps one) that may be part of a name; an elided
    article glued to one counts too (`d'Ivoire`, `l’Emploi`)."""
    text = token.text
    if _ELIDED.match(text):
        text = text[2:]
    return bool(text) and text[0].isupper() and any(c.isalpha() for c in text)


_ELIDED = re.compile(r"^[dlDL]['’]\w")


def line_break_before(token: Token) -> bool:
    return token.i > 0 and "\n" in token.doc[token.i - 1].whitespace_


def inside_programme(span: Span, programmes: list[Span]) -> bool:
    """Inside a longer programme mention (``ILO`` in ``Korea-ILO Partnership Programme``)."""
    return any(
        p.start_char <= span.start_char
        and span.end_char <= p.end_char
        and (p.end_char - p.start_char) > (span.end_char - span.start_char)
        for p in programmes
    )


def names_something_else(doc: Doc, span: Span, rules: OrganizationRules) -> bool:
    """The name is the start of the name of a programme, fund, instrument or meeting:
    capitalized words after it end in such a head (``UN General Assembly``), a lowercase
    ``trust fund`` follows at once, or it is hyphen-joined (``Brazil-ILO programme``)."""
    words = rules.something_else
    i = span.end
    joined = span.start > 0 and doc[span.start - 1].text in {"-", "–", "/"}
    if i < len(doc) and doc[i].text in {"-", "–", "/"} and not doc[i - 1].whitespace_:
        joined = True
        i += 1
    if i < len(doc) and doc[i].lower_ in words.adjacent_lowercase_heads:
        return True
    if joined and i < len(doc) and doc[i].lower_ in words.joined_heads:
        return True
    seen = 0
    while i < len(doc) and seen <= words.max_words_between:
        token = doc[i]
        if line_break_before(token):
            break
        if token.text in words.heads:
            return True
        if is_title(token) or token.like_num or token.text in {"-", "–", "/"}:
            seen += 1
            i += 1
            continue
        if doc[i - 1].text in {"-", "–"} and not doc[i - 1].whitespace_:
            i += 1  # the second half of a hyphenated word: `UN Peace-building Fund`
            continue
        break
    return False


def acts(doc: Doc, span: Span, rules: OrganizationRules) -> bool:
    """A region-like name (ASEAN) counts only where it acts: ``ASEAN's``; an acronym that is
    also an English word (WHO) only outside a run of capitals (``WHO WE ARE``)."""
    entry = rules.entries.get(span.id_.removeprefix("org/"))
    if entry is None or span.text not in entry.acronyms:
        return True
    if entry.word_like and in_capitals(doc, span):
        return False
    if not entry.region_like:
        return True
    return span.end < len(doc) and doc[span.end].text in POSSESSIVE


def in_capitals(doc: Doc, span: Span) -> bool:
    """A word in capitals stands right before or after the span on its line."""
    neighbours = []
    if span.start > 0 and not line_break_before(doc[span.start]):
        neighbours.append(doc[span.start - 1])
    if span.end < len(doc) and not line_break_before(doc[span.end]):
        neighbours.append(doc[span.end])
    return any(t.is_alpha and t.is_upper and len(t) > 1 for t in neighbours)
