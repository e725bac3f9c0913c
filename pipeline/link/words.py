"""The words of a sentence, with their offsets: where an amount's sentence starts and ends,
and where a phrase of the rules stands in it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from schemas import (
    Mention,
)

_WORD = re.compile(r"[\w’'.&-]*\w|[$€£¥]")


def line_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The start of the line that holds ``start`` and the end of the one that holds ``end``
    (the same line unless a line break falls between them)."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def locate_sentence(text: str, mention: Mention) -> tuple[int, int]:
    """The document offsets of ``mention.sentence`` (stored with whitespace collapsed), found
    by walking out from the mention over the sentence's characters. Where the mention's text
    is in the sentence more than once (`US$ 2 million goes to the ILO and US$ 2 million to
    IOM`), the place whose walk consumes the whole sentence is the mention's."""
    sentence = mention.sentence
    inner = " ".join(mention.text.split())
    at = sentence.find(inner)
    if at < 0:
        return mention.char_start, mention.char_end
    first = None
    while at >= 0:
        start, whole_before = _walk(text, mention.char_start, sentence[:at][::-1], -1)
        end, whole_after = _walk(text, mention.char_end, sentence[at + len(inner) :], 1)
        if whole_before and whole_after:
            return start, end
        first = first or (start, end)
        at = sentence.find(inner, at + 1)
    assert first is not None
    return first


def _walk(text: str, offset: int, chars: str, step: int) -> tuple[int, bool]:
    """From ``offset``, consume ``chars`` in direction ``step`` (a space in ``chars`` stands
    for any run of whitespace); stops early where the text differs. The offset reached, and
    whether all of ``chars`` was consumed."""
    i = offset
    for char in chars:
        if step < 0:
            if char == " ":
                while i > 0 and text[i - 1].isspace():
                    i -= 1
            elif i > 0 and text[i - 1] == char:
                i -= 1
            else:
                return i, False
        else:
            if char == " ":
                while i < len(text) and text[i].isspace():
                    i += 1
            elif i < len(text) and text[i] == char:
                i += 1
            else:
                return i, False
    return i, True


@dataclass(frozen=True)
class Word:
    text: str  # lowercased
    start: int
    end: int


def words_of(text: str, start: int, end: int) -> list[Word]:
    return [
        Word(m.group().lower(), m.start(), m.end())  # finditer(pos) offsets are absolute
        for m in _WORD.finditer(text, start, end)
    ]


def _phrase_at(words: list[Word], i: int, phrase: tuple[str, ...]) -> bool:
    return tuple(w.text for w in words[i : i + len(phrase)]) == phrase


def find_phrases(
    words: list[Word], phrases: Sequence[tuple[str, ...]]
) -> list[tuple[int, tuple[str, ...]]]:
    """(word index, phrase) of every phrase found, the longest one at each place."""
    # Only the phrases that open with a word can match there: indexing them by their first
    # word (in their order, which puts the longest first) keeps this linear in the words.
    # Phrases are never empty (the rules loader refuses a blank cue).
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        by_first.setdefault(phrase[0], []).append(phrase)
    found = []
    for i, word in enumerate(words):
        for phrase in by_first.get(word.text, ()):
            if _phrase_at(words, i, phrase):
                found.append((i, phrase))
                break
    return found


def ends_with(words: list[Word], last: int, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """One of ``phrases`` ends at word ``last``."""
    texts = [w.text for w in words[: last + 1]]
    return any(len(p) <= len(texts) and tuple(texts[len(texts) - len(p) :]) == p for p in phrases)
