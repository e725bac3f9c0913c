"""Whether an acronym fits a name: its letters, its core without a phase or place suffix,
and the initials of the name's words."""

from __future__ import annotations

import re
from functools import cache

# What an acronym may carry after its core: a phase number (RSS-II, BLP-2, STED II) or a
# short place code (GED-MM, FSLM-HoA).
_ACRONYM_SUFFIX = re.compile(r"^(?P<core>.+?)(?:[- ](?:[IVX]+|\d+)|-[A-Za-z]{1,3})$")


def acronym_letters(acronym: str) -> str:
    letters = "".join(c for c in acronym if c.isalpha())
    if len(letters) > 2 and letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]  # SDGs, MSMEs: a plural acronym
    return letters.upper()


def acronym_cores(acronym: str) -> list[str]:
    """The acronym, then what remains without an owner before a slash (``ILO/PEDW`` ->
    ``PEDW``) and without a phase or place suffix (``RSS-II`` -> ``RSS``)."""
    cores = [acronym]
    if "/" in acronym:
        cores.append(acronym.rsplit("/", 1)[1])
    for core in list(cores):
        match = _ACRONYM_SUFFIX.match(core)
        if match and len(acronym_letters(match["core"])) >= 2:
            cores.append(match["core"])
    return cores


def initials_fit(words: list[str], connectors: frozenset[str], acronym: str) -> bool:
    """The name's initials spell the acronym or its core (`acronym_cores`)."""
    return any(letters_fit(words, connectors, core) for core in acronym_cores(acronym))


def letters_fit(words: list[str], connectors: frozenset[str], acronym: str) -> bool:
    """Each acronym letter, in order, comes from the start of a word: every capitalized word
    gives one to three leading letters (``CO``mpetitive in SCORE), a connector gives its first
    letter or nothing (``and`` in GEAR)."""
    letters = acronym_letters(acronym)

    @cache
    def fits(w: int, a: int) -> bool:
        if w == len(words):
            return a == len(letters)
        word = words[w]
        if word.lower() in connectors or not word[:1].isupper():
            if fits(w + 1, a):
                return True
            return a < len(letters) and word[:1].upper() == letters[a] and fits(w + 1, a + 1)
        for k in (1, 2, 3):
            if (
                a + k <= len(letters)
                and word[:k].upper() == letters[a : a + k]
                and fits(w + 1, a + k)
            ):
                return True
        return False

    return bool(letters) and bool(words) and words[0][:1].upper() == letters[0] and fits(0, 0)
