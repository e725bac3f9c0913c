"""Project titles set as headings, bullets, list items or quotations, and titles
introduced by a cue word (``the project “...”``, ``entitled``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.kinds.programmes.rules import (
    ProgrammeWords,
)
from pipeline.kinds.programmes.tokens import starts_title

# A project period after a title, as in a list of projects: "... in Lao PDR (2017-2021)".
TRAILING_YEARS = re.compile(r"\s*\((?:19|20)\d\d[^()]*\)\s*$")


# A bullet item that labels what follows: "<title> (2020-2024): EUR 4 million".
_LABEL_END = re.compile(r":\s")
# A sum of money in a line makes it a headline or a sentence, not a project title.
AMOUNT = re.compile(r"[$€£¥]|\b(?:USD|EUR|GBP|CHF|US\$)|\d\s*(?:million|billion|m|bn)\b", re.I)


# Inside a title: no sentence break; one colon is allowed before a capitalized subtitle
# ("Empower: Building peace through ...").
_SENTENCE_BREAK = re.compile(r"[.!?;]\s|:\s(?![A-Z])")


def breaks_sentence(flat: str) -> bool:
    return bool(_SENTENCE_BREAK.search(flat)) or flat.count(": ") > 1


def title_shaped(flat: str) -> bool:
    """A line that may be a title: opens with a capital, ends with no closing punctuation,
    holds no sentence break and no copyright sign (a photo credit)."""
    return (
        flat[:1].isupper()
        and flat[-1:] not in ".!?:;,"
        and "©" not in flat
        and not breaks_sentence(flat)
    )


def title_span(text: str, start: int, end: int, rules: ProgrammeWords) -> tuple[int, int] | None:
    """The part of ``text[start:end]`` that is a project title, or None."""
    if text.startswith("The ", start):
        start += 4  # a leading article is not part of a title (pdf_NOTES)
    block = text[start:end]
    phased = rules.phase.search(block) is not None
    block = rules.phase.sub("", block).rstrip()
    block = TRAILING_YEARS.sub("", block)
    flat = " ".join(block.split())
    words = flat.split()
    if not 4 <= len(words) <= 30 or not title_shaped(flat):
        return None
    if words[0].rstrip(":") in rules.caption_words:
        return None  # a photo caption or a label line, not a title
    if re.search(r"\s[–—-]\s", flat):
        return None
    if any(w.lower().strip(",") in rules.finite_verbs for w in words) or AMOUNT.search(flat):
        return None  # a sentence or a news headline ("... to receive USD 2.4 million from ...")
    if flat.lower() in rules.section_headings:
        return None
    last = re.sub(r"\s*\([^)]*\)$", "", flat).split()[-1]
    capitalized = sum(w[:1].isupper() for w in words) / len(words)
    # A title opens like one, ends in a head noun, or is a capitalized line cut before its
    # phase ("The Way Forward ...: Decent Work for Women ... - Phase II").
    if not (starts_title(flat, rules) or (capitalized >= 0.5 and (last in rules.heads or phased))):
        return None
    return start, start + len(block)


def near_title_cue(text: str, start: int, end: int, rules: ProgrammeWords) -> bool:
    """A ``the project`` / ``this programme`` nearby shows the page is about projects."""
    window = text[max(0, start - 800) : end + 800]
    cues = "|".join(re.escape(c) for c in sorted(rules.title_cues))
    return bool(
        re.search(
            rf"\b(?:the|this|that|each|our|its|a)\s+(?:[\w-]+\s+)?(?:{cues})\b",
            window,
            re.IGNORECASE,
        )
    )


def heading_titles(text: str, rules: ProgrammeWords) -> Iterator[tuple[int, int]]:
    """Project titles set as a bullet line, or as a paragraph of their own; a title may wrap
    onto lines that start in lowercase."""
    lines: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1

    def blank(k: int) -> bool:
        return k < 0 or k >= len(lines) or not text[lines[k][0] : lines[k][1]].strip()

    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        if not line.strip():
            i += 1
            continue
        bullet = rules.bullet.match(line)
        content = start + (bullet.end() if bullet else len(line) - len(line.lstrip()))
        j = i
        while j + 1 < len(lines) and j - i < 3 and not blank(j + 1):
            following = text[lines[j + 1][0] : lines[j + 1][1]]
            if rules.bullet.match(following) or not following.lstrip()[:1].islower():
                break
            if text[content : lines[j][1]].rstrip()[-1:] in ".!?:;":
                break
            j += 1
        block_end = lines[j][1]
        standalone = blank(i - 1) and (blank(j + 1) or rules.bullet.match(text[lines[j + 1][0] :]))
        if bullet:
            label = _LABEL_END.search(text, content, block_end)
            block_end = label.start() if label else block_end
        if bullet or standalone:
            span = title_span(text, content, block_end, rules)
            if span and near_title_cue(text, span[0], span[1], rules):
                yield span
            elif bullet and label and _priced_project(text, start, content, label, rules):
                yield content, label.start()
        i = j + 1


def _priced_project(
    text: str, line_start: int, content: int, label: re.Match[str], rules: ProgrammeWords
) -> bool:
    """A bullet's label in title case followed by its sum, under a heading that lists
    projects (`Among the ILO projects Canada has funded are:` above `• Skills for Inclusive
    Growth in the Andean Region: $9 million for 2022-2027`)."""
    flat = " ".join(text[content : label.start()].split())
    words = flat.split()
    if not rules.list_item_min_words <= len(words) <= rules.list_item_max_words:
        return False
    if not title_shaped(flat) or not _title_case(words):
        return False
    if any(w.lower() in rules.finite_verbs for w in words) or AMOUNT.search(flat):
        return False
    if any(part.startswith(words[0] + " ") for part in flat.split(" and ")[1:]):
        return False  # two names (`Better Work Indonesia and Better Work Vietnam`)
    if not AMOUNT.search(text, label.end(), label.end() + _PRICE_REACH):
        return False
    heading = _heading_above(text, line_start, rules)
    return heading is not None and any(
        w.lower().strip(":,") in rules.list_heading_nouns for w in heading.split()
    )


_PRICE_REACH = 12  # the sum right after the label's colon


def _heading_above(text: str, line_start: int, rules: ProgrammeWords) -> str | None:
    """The nearest line above that is no bullet, when it ends with `:` (a list's heading)."""
    at = line_start
    while at > 0:
        previous = text.rfind("\n", 0, at - 1) + 1
        line = text[previous : at - 1].strip()
        at = previous
        if not line or rules.bullet.match(line):
            continue
        return line if line.endswith(":") else None
    return None


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``, without its line break."""
    lines, position = [], 0
    for line in text.split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1
    return lines


def is_list_heading(line: str, rules: ProgrammeWords) -> bool:
    """A short line that announces a list of projects (``Our projects``, ``Projects funded
    by Sweden:``, ``Current programmes``): no sentence, a plural programme noun in it."""
    words = line.strip().rstrip(":").split()
    return (
        0 < len(words) <= rules.list_heading_max_words
        and not line.rstrip().endswith((".", "!", "?", ";", ","))
        and rules.bullet.match(line) is None
        and any(w.lower().strip("():") in rules.list_heading_nouns for w in words)
        and not any(w.lower() in rules.finite_verbs for w in words)
    )


def list_item_title(
    text: str, start: int, end: int, rules: ProgrammeWords, places: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The project title on a listed line ``text[start:end]``: a capitalized phrase of up to
    ``list_item_max_words`` words, in sentence case too, that is no sentence, label or place."""
    block = rules.phase.sub("", text[start:end]).rstrip()
    block = TRAILING_YEARS.sub("", block)
    flat = " ".join(block.split())
    words = flat.split()
    if not rules.list_item_min_words <= len(words) <= rules.list_item_max_words:
        return None
    if not title_shaped(flat) or re.search(r"\s[–—-]\s", flat):
        return None
    if any(w.lower().strip(",") in rules.finite_verbs for w in words):
        return None
    if flat.lower() in rules.section_headings or words[0].rstrip(":") in rules.caption_words:
        return None
    if words[-1].lower() in rules.connectors | rules.indefinite_articles | {"the", "which", "that"}:
        return None  # a wrapped sentence, not a title
    position, content = start, []
    for word in words:  # every content word a country or a region: a place, not a title
        position = text.index(word, position)
        inside = any(s <= position < e for s, e in places)
        if not inside and word.lower() not in rules.place_words | {"the"} | rules.connectors:
            content.append(word)
        position += len(word)
    if not content:
        return None
    return start, start + len(block)


def listed_titles(
    text: str, rules: ProgrammeWords, places: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """Project titles listed one a line (bulleted or not) under a heading that announces
    projects; the list ends at the first line that is no title."""
    lines = line_spans(text)
    k = 0
    while k < len(lines):
        if not is_list_heading(text[lines[k][0] : lines[k][1]], rules):
            k += 1
            continue
        j = k + 1
        while j < len(lines):
            start, end = lines[j]
            line = text[start:end]
            if not line.strip():
                j += 1
                continue
            bullet = rules.bullet.match(line)
            content = start + (bullet.end() if bullet else len(line) - len(line.lstrip()))
            label = _LABEL_END.search(text, content, end)
            span = list_item_title(text, content, label.start() if label else end, rules, places)
            following = text[end + 1 : end + 3].lstrip(" \t")
            if span is None or following[:1].islower():
                break  # a line that goes on in lowercase on the next is a wrapped paragraph
            yield span
            j += 1
        k = j


# A quoted title may hold one quoted name of its own ("Promoting the “Safe Return” approach").
# Single quotes too (‘...’, '...'): an apostrophe inside (Women’s) is one before a letter.
_QUOTED = re.compile(
    r"“((?:[^“”]|“[^“”]*”){8,400})”|\"([^\"]{8,400})\""
    r"|‘((?:[^‘’\n]|’(?=[a-z])){8,400})’(?!\w)"
    r"|(?<!\w)'((?:[^'\n]|'(?=[a-z])){8,400})'(?!\w)"
)


def quoted_titles(text: str, rules: ProgrammeWords) -> Iterator[tuple[int, int]]:
    """Titles in quotation marks right after a cue word (the project “...”, phase, “...”),
    right before a lowercase programme noun (the “Safe Hands at Sea” initiative) or an
    appositive one (`"Decent Jobs for Rural Youth", a project run by`), as the
    label of a list item (`• "Green Jobs for Youth": SEK 28,000,000`), or in title case before
    an acronym of its own (`"Productive and Fair Workplaces in Industrial Parks" (PROFAIR)`)."""
    cues = "|".join(re.escape(c) for c in sorted(rules.quote_cues))
    cue = re.compile(rf"\b(?:{cues})s?\b[^.“”‘\"]{{0,25}}$", re.IGNORECASE)
    nouns = "|".join(re.escape(c) for c in sorted(rules.lowercase_heads))
    noun_after = re.compile(rf"\s+(?:{nouns})s?\b")
    # `"Decent Jobs for Rural Youth", a project run by the ILO`: an appositive names it
    apposition = re.compile(rf",\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:{nouns})s?\b")
    for match in _QUOTED.finditer(text):
        group = next(g for g in range(1, 5) if match.group(g) is not None)
        start, end = match.span(group)
        body = text[start:end]
        stripped = body.rstrip().rstrip(",.;:").rstrip()
        flat = " ".join(stripped.split())
        words = flat.split()
        if not words or not flat[0].isupper() or not 3 <= len(words) <= 30:
            continue
        if breaks_sentence(flat) or any(w.lower() in rules.finite_verbs for w in words):
            continue
        if not (
            cue.search(text[max(0, match.start() - 60) : match.start()])
            or noun_after.match(text, match.end())
            or apposition.match(text, match.end())
            or (_list_label(text, match.start(), match.end()) and _title_case(words))
            or (_ACRONYM_AFTER.match(text, match.end()) and _title_case(words))
        ):
            continue
        yield start, start + len(stripped)


_ACRONYM_AFTER = re.compile(r"\s*\([A-Z][A-Za-z0-9&-]{1,15}\)")  # `"..." (PROFAIR)`
_LINE_OPENING = re.compile(r"[ \t•▪◦·*–-]*")  # what may stand before a list item's label
_ITEM_LABEL_END = re.compile(r"\s*[:–—]")


def _title_case(words: list[str]) -> bool:
    """Every word of four letters or more is capitalized (`Green Jobs for Youth in Kenya`)."""
    return all(w[:1].isupper() for w in words if len(w) >= 4)


def _list_label(text: str, start: int, end: int) -> bool:
    """A quoted title that labels a list item: it opens its line (after any bullet) and a
    colon or a dash follows it (`• "Green Jobs for Youth in Kenya": SEK 28,000,000 ...`)."""
    line_start = text.rfind("\n", 0, start) + 1
    return bool(
        _LINE_OPENING.fullmatch(text, line_start, start) and _ITEM_LABEL_END.match(text, end)
    )


_QUOTED_SHORT = re.compile(r"“([^“”\n]{2,40})”|\"([^\"\n]{2,40})\"")


def quoted_short_names(text: str, rules: ProgrammeWords) -> Iterator[tuple[int, int]]:
    """A quoted name of one or two words right before a lowercase programme noun
    (``the “Work4Jobs” partnership``, ``the “SafeHarbour” fund``): capitalized, and not only
    generic words (``the “Decent Work” programme`` names nothing)."""
    nouns = "|".join(re.escape(c) for c in sorted(rules.quote_followers))
    noun_after = re.compile(rf"\s+(?:{nouns})s?\b")
    for match in _QUOTED_SHORT.finditer(text):
        group = 1 if match.group(1) is not None else 2
        start, end = match.span(group)
        flat = " ".join(text[start:end].split())
        words = flat.split()
        if not 1 <= len(words) <= 2 or not flat[:1].isupper() or flat != text[start:end]:
            continue
        if all(w in rules.generic_words or w in rules.org_acronyms for w in words):
            continue
        if len(words) == 1 and not re.search(r".[A-Z0-9@+]", flat):
            continue  # one plain word ("Yes") is no name; Work4Youth, SafeHarbour, SCORE are
        if len(words) == 2 and not words[1][:1].isupper():
            continue
        if noun_after.match(text, match.end()):
            yield start, end


def introduced_titles(text: str, rules: ProgrammeWords) -> Iterator[tuple[int, int]]:
    """Unquoted titles after ``project titled`` / ``programme entitled`` / ``initiative called``:
    the words up to the end of the clause (punctuation, a line break or an ``end_words`` word
    such as ``with`` or ``funded``); a ``called``/``named`` name is its capitalized words."""
    nouns = "|".join(re.escape(c) for c in sorted(rules.title_cues))
    cue = re.compile(
        rf"\b(?:{nouns})\s+(?:(?:is|was)\s+)?(titled|entitled|called|named)\s*:?[ \t]+(?=[A-Z])",
        re.IGNORECASE,
    )
    for match in cue.finditer(text):
        start = match.end()
        clause = re.match(r"[^.,;:()\n“”\"]+", text[start:])
        if clause is None:
            continue
        words = clause.group().split()
        kept: list[str] = []
        for word in words:
            if word in rules.title_end_words or re.fullmatch(r"(?:19|20)\d\d", word):
                break
            kept.append(word)
        if match.group(1).lower() in {"called", "named"}:
            while kept and not kept[-1][:1].isupper():  # a name: its capitalized words
                kept.pop()
            if any(not w[:1].isupper() and w not in rules.connectors for w in kept):
                continue
        while kept and kept[-1].lower() in rules.connectors | {"the", "a", "an"}:
            kept.pop()
        if not 2 <= len(kept) <= rules.list_item_max_words:
            continue
        if any(w.lower() in rules.finite_verbs for w in kept):
            continue
        end = start
        for word in kept:
            end = text.index(word, end) + len(word)
        yield start, end
    yield from appositive_titles(text, rules)


# ``a new project, Decent Work for Fishers in the Pacific, which started ...``; the title
# may carry its acronym: ``The new programme, Fair Routes (FR), builds ...``.
_APPOSITIVE = (
    r"\b(?:{nouns}),[ \t]+(?P<title>[A-Z][^.,;:()\n“”\"]+)(?:[ \t]*\([^()\n,]{{2,20}}\))?,"
    r"[ \t]+(?P<next>[a-zA-Z])"
)


def appositive_titles(text: str, rules: ProgrammeWords) -> Iterator[tuple[int, int]]:
    """A title set off by commas right after a programme noun: mostly capitalized (or opening
    like a title), no digits, no finite verb, 3 to ``list_item_max_words`` words."""
    nouns = "|".join(re.escape(c) for c in sorted(rules.lowercase_heads))
    for match in re.finditer(_APPOSITIVE.format(nouns=nouns), text):
        title = match["title"].strip()
        words = title.split()
        # two words only when both are capitalized (``Fair Routes``)
        shortest = 2 if all(w[:1].isupper() for w in words) else 3
        if not shortest <= len(words) <= rules.list_item_max_words or re.search(r"\d", title):
            continue
        if any(w.lower() in rules.finite_verbs for w in words):
            continue
        content = [w for w in words if w.lower() not in rules.connectors | {"the", "a", "an"}]
        capitalized = sum(w[:1].isupper() for w in content) / len(content) if content else 0
        if capitalized < 0.6 and not starts_title(title, rules):
            continue
        if match["next"].isupper() and not starts_title(title, rules):
            continue  # `Under a new project, Promoting ..., Germany has`: a title's opener
        start = match.start("title")
        yield start, start + len(title)


# ``the joint programme Leaving No One Behind in Kyrgyzstan, run by ...``: a name right
# after a lowercase programme noun, behind an article and at most two lowercase modifiers.
_NAMED = (
    r"\b(?i:the|a|an|this|its|their|our)[ \t]+(?:[a-z0-9][\w-]*[ \t]+){{0,2}}?(?:{nouns})"
    r"(?:[ \t]+(?:is|was|(?P<naming>titled|entitled|called|named)))?[ \t]+(?=[A-Z])"
)
NAME_WORD = re.compile(r"[A-Z][\w'’&-]*|[a-z]+|,|\(")
_OPENING_PAREN = re.compile(r"[ \t]*\(")


def acceptable_title(
    words: list[re.Match[str]],
    rules: ProgrammeWords,
    places: list[tuple[int, int]],
    least: int = 2,
) -> bool:
    """At least ``least`` capitalized words, the first no connector and no organization
    acronym, the last no body word, no finite verb, not only countries."""
    content = [w.group() for w in words if w.group()[0].isupper()]
    return (
        bool(words)
        and words[0].group().lower() not in rules.connectors | {"the"}
        and len(content) >= least
        and not any(w.lower() in rules.finite_verbs for w in content)
        and content[0] not in rules.org_acronyms
        and content[-1] not in rules.stop_heads
        and not all(
            any(s <= w.start() < e for s, e in places) for w in words if w.group()[0].isupper()
        )
    )


def named_titles(
    text: str, rules: ProgrammeWords, places: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """A capitalized name right after ``the (joint) programme`` / ``a project`` (``titled``,
    ``called`` between: then one word is enough): its
    capitalized words joined by connectors (a comma only when an acronym in parentheses
    ends the name), at least two, not a body (``the project Steering Committee``), not only
    countries, and no organization acronym first (``the project ILO staff``)."""
    nouns = "|".join(re.escape(c) for c in sorted(rules.lowercase_heads))
    connectors = rules.connectors | {"the"}
    for match in re.finditer(_NAMED.format(nouns=nouns), text):
        words: list[re.Match[str]] = []
        end = match.end()
        for word in NAME_WORD.finditer(text, end):
            if text[end : word.start()] not in ("", " ") or word.group() == "(":
                break
            if word.group()[0].islower() and word.group() not in connectors:
                break
            words.append(word)
            end = word.end()
        commas = [k for k, w in enumerate(words) if w.group() == ","]
        if commas and not _OPENING_PAREN.match(text, end):
            words = words[: commas[0]]  # a comma ends the name unless its acronym follows
        while words and (words[-1].group() in connectors or words[-1].group() == ","):
            words.pop()
        # `a project titled ARPEJ`: the verb names it, one word is a name
        least = 1 if match.group("naming") else 2
        if acceptable_title(words, rules, places, least):
            yield match.end(), words[-1].end()
