"""Gazetteer forms as regular expressions: the written variants of a name, one form's
pattern (its words with any whitespace between, not inside a longer word), and one regex for
many forms that tries only those that can start at each place."""

from __future__ import annotations

import functools
import re


def variant_forms(form: str, spellings: tuple[tuple[str, str], ...] = ()) -> set[str]:
    """A form with either apostrophe, and with either spelling of each word of
    ``spellings`` it holds (`Labour` / `Labor`)."""
    forms = {form, form.replace("'", "’"), form.replace("’", "'")}
    for pair in spellings:
        for one, other in (pair, pair[::-1]):
            if one in form:  # most forms hold none of the words: no regex for them
                word = _whole_word(one)
                forms |= {word.sub(other, f) for f in forms if word.search(f)}
    return forms


@functools.cache
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")


def form_pattern(form: str) -> str:
    """A name form as a regex: its words with any whitespace between (a name may run across
    a wrapped line), not inside a longer word."""
    words = r"\s+".join(re.escape(word) for word in form.split())
    return rf"(?<![\w]){words}(?![\w])"


def forms_pattern(forms: list[str], ignore_case: bool) -> str:
    """One regex for many forms, trying them in the order given. The forms are grouped by
    their first character behind a look-ahead for it, so that at each place of the text only
    the forms that can start there are tried (an alternation of a thousand names tried every
    one of them at every character). Forms that can match at the same place share a group and
    keep their order, so the first form that matches is the same as in a plain alternation."""
    groups: dict[str, list[str]] = {}
    for form in forms:
        first = form[0].lower() if ignore_case else form[0]
        groups.setdefault(first, []).append(form)
    alternatives = []
    for members in groups.values():
        starts = "|".join(re.escape(c) for c in dict.fromkeys(m[0] for m in members))
        body = "|".join(form_pattern(m) for m in members)
        alternatives.append(f"(?=(?:{starts}))(?:{body})")
    # Every form starts where no word character comes before, with one of these characters:
    # tested once, this turns away most places of the text before any group is tried.
    firsts = "".join(re.escape(c) for c in dict.fromkeys(f[0] for f in forms))
    return rf"(?<![\w])(?=[{firsts}])(?:{'|'.join(alternatives)})"


def form_key(text: str) -> str:
    return " ".join(text.split())
