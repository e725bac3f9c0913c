"""Project names set on a line of their own and used again in a sentence, and the value of
a fact box's ``Project title:`` line (docs/programmes.md, "Headings used again" and
"Labelled titles")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from pipeline.kinds.programmes.rules import ProgrammeWords
from pipeline.kinds.programmes.titles import (
    AMOUNT,
    NAME_WORD,
    TRAILING_YEARS,
    acceptable_title,
    breaks_sentence,
    line_spans,
    title_shaped,
)


def heading_parts(line: str, rules: ProgrammeWords) -> list[tuple[int, int]]:
    """Where a name may sit on a line of its own: the whole line, and either side of one
    ``: `` (``<name>: occupational safety in ...``, ``Final evaluation: <name>``) or, with no
    colon, of one spaced dash (``Project profile — <name>``); after a
    title label only the value (``Project title: <name>``), and nothing after a caption
    label (``Donor: <name>``)."""
    parts = [(0, len(line))]
    if line.count(": ") == 1:
        colon = line.index(": ")
        label = line[:colon]
        if label in rules.caption_words:  # `Donor: <name>` names no project
            return []
        if any(label.lower() == t.lower() for t in rules.title_labels):  # `Project title:`
            return [(colon + 2, len(line))]
        parts.extend([(0, colon), (colon + 2, len(line))])
    elif len(_DASH.findall(line)) == 1:  # `Project profile — <name>`
        dash = _DASH.search(line)
        assert dash is not None
        parts.extend([(0, dash.start()), (dash.end(), len(line))])
    return parts


_DASH = re.compile(r" [—–] ")


def echoed_name(
    text: str, start: int, end: int, rules: ProgrammeWords, places: list[tuple[int, int]]
) -> bool:
    """``text[start:end]``, set on a line of its own, could be a project's name: no sentence,
    amount, phase or section heading, no organization or heading word in it, not in capitals
    and not opening on a place; mostly capitalized words (``Safer Factories, Stronger
    Voices``) or, in sentence case, a long phrase (``Reducing forced labour in the ...``)."""
    flat = text[start:end]
    words = flat.split()
    if not title_shaped(flat) or AMOUNT.search(flat) or rules.phase.search(flat):
        return False
    if not rules.echo_min_words <= len(words) <= rules.list_item_max_words:
        return False
    bare = [w.strip(",()") for w in words]
    if sum(len(w) > 1 and w.isupper() for w in bare) * 2 >= len(words):
        return False  # a heading in capitals (BACKGROUND AND INTRODUCTION)
    if any(w in rules.org_acronyms or w in rules.stop_heads for w in bare):
        return False  # `Sweden and the ILO`, `Institute for the Advanced Study of ...`
    if any(w.lower() in rules.section_headings for w in bare):
        return False  # `Key Recommendations and Management Response`
    if rules.is_stop_name(flat) or words[0].rstrip(":") in rules.caption_words:
        return False
    if any(s <= start < e for s, e in places):
        return False  # `Jordan: ...`, `Viet Nam and the ILO`
    if "," not in flat and {w for w in words if not w[:1].isupper()} <= {"and", "&"}:
        return False  # names joined by `and` (`Amina Otieno and Peter Mwangi`, authors)
    content = [w for w in bare if w.lower() not in rules.connectors | {"the"}]
    if not content:
        return False  # only connectors (`The of and`): no name at all
    capitalized = sum(w[:1].isupper() for w in content) / len(content)
    if capitalized < 0.6 and len(words) < rules.echo_min_sentence_case_words:
        return False
    return acceptable_title(list(NAME_WORD.finditer(text, start, end)), rules, places)


# A heading's own acronym: `Skills for Green Jobs in Cambodia and Lao PDR (SGJ)`.
_HEADING_ACRONYM = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z0-9&-]{1,15})\)$")
# After a name used in a sentence: its acronym, then a word in lowercase (`... (BSBJ) helps`).
_IN_SENTENCE = re.compile(r"(?:[ \t]*\([^()\n]{2,20}\))?[ \t]+[a-z]")


def in_sentences(text: str, words: str) -> list[tuple[int, int]]:
    """Where ``words`` stand as the subject or object of a sentence: a lowercase word after
    them (behind an acronym), not a line of their own or a running header."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(words)}(?![\w-])")
    return [m.span() for m in pattern.finditer(text) if _IN_SENTENCE.match(text, m.end())]


def echoed_headings(
    text: str, rules: ProgrammeWords, places: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """A project's name set on a line of its own (a heading) and used again in a sentence
    elsewhere, by name or by the acronym the heading gives it: the heading and every such
    use. The use in a sentence tells a project's name from a headline, which is not
    repeated, and from a running header, which is repeated on lines of its own."""
    seen: set[str] = set()
    for line_start, line_end in line_spans(text):
        line = text[line_start:line_end].strip()
        if not line or len(line.split()) > rules.list_item_max_words + 4:
            continue
        offset = text.index(line, line_start)
        for part_start, part_end in heading_parts(line, rules):
            part = TRAILING_YEARS.sub("", line[part_start:part_end].strip())
            acronym = _HEADING_ACRONYM.search(part)
            part = part[: acronym.start()] if acronym else part
            if not part or part in seen:
                continue
            start = text.index(part, offset + part_start)
            if not echoed_name(text, start, start + len(part), rules, places):
                continue
            uses = [(s, e) for s, e in in_sentences(text, part) if not offset <= s < line_end]
            acronym_used = acronym is not None and any(
                not offset <= s < line_end for s, _ in in_sentences(text, acronym["acronym"])
            )
            if uses or acronym_used:
                seen.add(part)
                yield start, start + len(part)
                yield from uses


def labelled_titles(text: str, rules: ProgrammeWords) -> Iterator[tuple[int, int]]:
    """The value of a ``Project title:`` line (a project brief's or evaluation's fact box):
    the words up to the line's end, without an acronym in parentheses (`title_acronym` adds
    it back) or the project period."""
    labels = "|".join(re.escape(label) for label in sorted(rules.title_labels, key=len)[::-1])
    for match in re.finditer(rf"(?im)^[ \t]*(?:{labels})[ \t]*:[ \t]*(?=[A-Z])(.+?)[ \t]*$", text):
        value = TRAILING_YEARS.sub("", match.group(1))
        acronym = _HEADING_ACRONYM.search(value)
        value = value[: acronym.start()] if acronym else value
        words = value.split()
        if not 2 <= len(words) <= rules.list_item_max_words or breaks_sentence(value):
            continue
        if value[-1:] in ".!?:;," or AMOUNT.search(value):
            continue
        yield match.start(1), match.start(1) + len(value)


_FACT_BOX_LINES = 40  # a project page's fact box is near its top
_TITLE_LINES = 3  # its title is one of its first lines


def page_title(
    text: str, rules: ProgrammeWords, places: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """A project page's title: one of the document's first lines (no label line with a date
    or `|`, no sentence before it), or a side of its colon, shaped like a name (as a heading
    used again is), on a page with a fact box of two `fact_box_labels` lines at least
    (`Budget:`, `Development partner:`, `Agreed amount:`) among its first lines."""
    labels = "|".join(re.escape(label) for label in sorted(rules.fact_box_labels, key=len)[::-1])
    head = "\n".join(text.split("\n")[:_FACT_BOX_LINES])
    if len(re.findall(rf"(?im)^[ \t]*(?:[•*·▪–-][ \t]*)?(?:{labels})[ \t]*:", head)) < 2:
        return
    for line in islice(re.finditer(r"\S[^\n]*", text), _TITLE_LINES):
        flat = line.group().rstrip()
        if flat.endswith((".", "!", "?")):
            return  # a sentence: the page opens with no title
        if "|" in flat or re.search(r"\d", flat):
            continue  # a label line (`PROJECT BRIEF | November 2026`)
        for start, end in heading_parts(flat, rules)[::-1]:  # after a colon, before it, whole
            if echoed_name(text, line.start() + start, line.start() + end, rules, places):
                yield line.start() + start, line.start() + end
                return
