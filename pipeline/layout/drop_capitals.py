"""Drop capitals: a large initial letter set beside the first two or three lines of its
paragraph belongs to the paragraph's first word (``U`` + ``nited`` -> ``United``).

A capital on the word's own line, a hair apart from the rest, is joined in
``boxes.join_spaced_capitals``; this module handles the one that stands lower and larger
than the line it starts, which no text line holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from statistics import median

from pipeline.layout.boxes import Word

# A drop capital is at least this many times the size of the page's body text ...
DROP_SIZE = 1.8
# ... and the first word starts within this many of its own font sizes right of it, its top
# no more than half an em above the capital's top and above the capital's middle.
DROP_GAP_EM = 2.0
# Capitals that are words of their own: ``A`` + ``new`` stays ``A new`` unless the joined form
# is the more common word (``A`` + ``lthough`` -> ``Although``).
ONE_LETTER_WORDS = frozenset({"A", "I", "O"})


@lru_cache(maxsize=1024)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def first_word(capital: Word, words: Sequence[Word]) -> Word | None:
    """The word the paragraph beside ``capital`` starts with: the top-left one right of it."""
    middle = (capital.top + capital.bottom) / 2
    beside = [
        w
        for w in words
        if w is not capital
        and w.size * DROP_SIZE <= capital.size
        and capital.x1 - 0.5 <= w.x0 <= capital.x1 + DROP_GAP_EM * w.size
        and capital.top - 0.5 * w.size <= w.top < middle
    ]
    return min(beside, key=lambda w: (w.top, w.x0), default=None)


def joins(capital: str, rest: str) -> bool:
    """Whether ``rest`` is the rest of the word ``capital`` starts (or a word of its own)."""
    core = rest.rstrip(".,;:!?)\u2019'")
    if not (core[:1].islower() or (len(core) >= 2 and core.isupper())):
        return False
    if capital in ONE_LETTER_WORDS:
        return zipf((capital + core).lower()) > zipf(core.lower())
    return True


def join_drop_capitals(words: Sequence[Word]) -> list[Word]:
    """``words`` with each drop capital set at the start of the first line beside it: joined
    to the first word when it is the rest of the same word, else as a word of its own."""
    if not words:
        return []
    body = median(w.size for w in words)
    placed: dict[int, Word] = {}  # id of a first word -> the word that replaces it
    dropped: set[int] = set()
    for capital in words:
        text = capital.text
        if len(text) != 1 or not text.isupper() or capital.size < DROP_SIZE * body:
            continue
        word = first_word(capital, words)
        if word is None or id(word) in placed or not word.text[:1].isalpha():
            continue
        if joins(text, word.text):
            placed[id(word)] = replace(word, text=text + word.text)
        else:
            gap = 0.3 * word.size
            width = 0.6 * word.size
            placed[id(word)] = word
            placed[id(capital)] = replace(
                word, text=text, x0=word.x0 - gap - width, x1=word.x0 - gap
            )
            continue
        dropped.add(id(capital))
    return [placed.get(id(w), w) for w in words if id(w) not in dropped]
