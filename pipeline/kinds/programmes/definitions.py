"""Acronym definitions (``Name (ACR)``) and the title tests that decide whether a name
before an acronym is a programme."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.kinds.programmes.initials import initials_fit
from pipeline.kinds.programmes.rules import (
    ProgrammeWords,
)
from pipeline.kinds.programmes.tokens import (
    Scanner,
    is_capitalized,
    next_word,
    paren_close,
    previous_word,
    starts_title,
)
from pipeline.rulers import doc_text


@dataclass(frozen=True)
class Definition:
    """``Name (ACR)``: the name's tokens, the acronym's text and token count, and where the
    mention ends (after the parenthesis, or after the name when the parenthesis holds more
    than the acronym)."""

    name_start: int
    name_end: int
    end: int
    acronym: str
    acronym_tokens: tuple[str, ...]


def fitting_start(scanner: Scanner, start: int, end: int, acronym: str) -> int | None:
    """The first token from which the name's initials spell the acronym, with or without a
    tail of ``in`` and places (`Green Skills for Decent Jobs in Morocco (GSDJ)`)."""
    doc, rules = scanner.doc, scanner.rules
    ends = [end] + [k for k in range(end - 2, start, -1) if _place_tail(scanner, k, end)][:1]
    for s in range(start, end):
        if doc[s].is_space or not is_capitalized(doc[s]):
            continue
        for last in ends:
            words = [t.text for t in doc[s:last] if not t.is_space and not t.is_punct]
            if words and initials_fit(words, rules.connectors | {"the"}, acronym):
                return s
    return None


def _place_tail(scanner: Scanner, k: int, end: int) -> bool:
    """``in Morocco`` from token ``k`` to ``end``: only places after ``in``."""
    return scanner.doc[k].lower_ == "in" and scanner.only_places(k + 1, end)


def definitions(
    scanner: Scanner, known: list[tuple[int, int]]
) -> tuple[list[Definition], set[str]]:
    """Acronym definitions that name a programme, and acronyms defined for something else.

    ``known`` holds name ranges other rules already found (gazetteer, head nouns): a short
    name in parentheses right after one of them is its acronym whether or not it fits."""
    doc, rules = scanner.doc, scanner.rules
    known_ends: dict[int, int] = {}
    for start, end in known:
        known_ends[end] = min(start, known_ends.get(end, start))
    found, blocked = [], set()
    for i in range(1, len(doc) - 2):
        close = paren_close(doc, i)
        if close is None:
            continue
        acronym_span = doc[i + 1 : close]
        acronym = " ".join(acronym_span.text.split())
        name_end = previous_word(doc, i) + 1
        start = scanner.scan_left(name_end, embedded_acronyms=False)
        if start >= name_end:
            continue
        name_start = known_ends.get(name_end)
        evidence = name_start is not None
        if name_start is None:
            name_start = fitting_start(scanner, start, name_end, acronym)
        if name_start is None and strong_title(scanner, start, name_end, close + 1):
            name_start, evidence = start, True
        if name_start is None:
            continue
        words = scanner.content_words(name_start, name_end)
        if (
            not words
            or acronym in rules.org_acronyms
            or words[-1] in rules.stop_heads
            or rules.is_stop_name(doc[name_start:name_end].text)
            or scanner.only_places(name_start, name_end)
        ):
            blocked.add(acronym)
            continue
        end = close + 1 if doc[close].text.startswith(")") else name_end
        if evidence or names_programme(scanner, name_start, name_end, close + 1):
            tokens = tuple(t.text for t in acronym_span if not t.is_space)
            found.append(Definition(name_start, name_end, end, acronym, tokens))
    return found, blocked


def strong_title(scanner: Scanner, start: int, end: int, after: int) -> bool:
    """A title-like name (Accelerating Action for ...) followed by ``project``/``programme``
    names a programme even when its short name is no acronym of it (ACCEL Africa)."""
    doc, rules = scanner.doc, scanner.rules
    follower = next_word(doc, after)
    return (
        starts_title(doc[start:end].text, rules)
        and follower < len(doc)
        and doc[follower].text in rules.acronym_followers
    )


def names_programme(scanner: Scanner, start: int, end: int, after: int) -> bool:
    """Evidence that a defined name is a programme and not a topic or a body."""
    doc, rules = scanner.doc, scanner.rules
    words = scanner.content_words(start, end)
    if words[-1] in rules.heads or starts_title(doc[start:end].text, rules):
        return True
    follower = next_word(doc, after)
    if follower < len(doc) and (
        doc[follower].text in rules.acronym_followers
        or (doc[follower].text in rules.heads and not modifier_head(doc, follower, rules))
    ):
        return True  # "(GEAR) training", "(BJM) Programme"
    if appositive_programme(doc, follower, rules):
        return True  # "... (GLRH), a programme the ILO runs"
    before = [doc[k].lower_ for k in range(max(0, start - 4), start) if not doc[k].is_space]
    return any(word in rules.acronym_cues for word in before) or bullet_label(scanner, start, after)


APPOSITIVE_REACH = 3  # words between the article and the programme noun: `a new joint programme`


def appositive_programme(doc: Doc, comma: int, rules: ProgrammeWords) -> bool:
    """``, a programme ...`` / ``, an ILO project ...`` at ``comma``: the name before says
    what it is."""
    if comma >= len(doc) or doc[comma].text != ",":
        return False
    article = next_word(doc, comma + 1)
    if article >= len(doc) or doc[article].lower_ not in ("a", "an", "the", "its"):
        return False
    following = [t for t in doc[article + 1 : article + 2 + APPOSITIVE_REACH] if not t.is_space]
    for token in following:
        if token.text in rules.acronym_followers:
            return True
        if token.is_punct:
            return False
    return False


def bullet_label(scanner: Scanner, start: int, after: int) -> bool:
    """``- Name (ACR): what it does`` - a list item (a line, bulleted or not) labelled with a
    defined name."""
    doc = scanner.doc
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, doc[start].idx) + 1
    prefix = text[line_start : doc[start].idx]
    label = not prefix.strip() or scanner.rules.bullet.fullmatch(prefix + " ")
    follower = next_word(doc, after)
    return bool(label) and follower < len(doc) and doc[follower].text in {":", "–", "—", "-"}


def modifier_head(doc: Doc, i: int, rules: ProgrammeWords) -> bool:
    """``Programme Manager``, ``Project Document``: a capitalized word right after the head
    noun on the same line makes the head a modifier (``Phase`` and the like excepted)."""
    token = doc[i]
    if "\n" in token.whitespace_ or i + 1 >= len(doc):
        return False
    after = doc[i + 1]
    if after.lower_ in rules.document_label_followers and _opens_line(doc, i):
        return True  # `Project brief` under a title line: a label, not the title's head
    return (
        is_capitalized(after)
        and not after.is_punct
        and after.text not in rules.leading_words
        and after.text not in rules.heads
    )


def _opens_line(doc: Doc, i: int) -> bool:
    """Token ``i`` is the first word of its line."""
    before = previous_word(doc, i)
    return before < 0 or "\n" in doc_text(doc)[doc[before].idx + len(doc[before].text) : doc[i].idx]
