"""Programmes: canonical name and acronym, with short and acronym mentions resolved.

The whole document decides a name: a gazetteer mention takes the gazetteer's canonical name
(``BetterWork Bangladesh`` -> ``Better Work Bangladesh``); ``Name (ACR)`` defines an acronym
that every mention of that programme then carries, even one that comes before the definition
(a heading); a bare ``ACR`` or a short form (``Global Accelerator``) takes the full name; and a
title written twice with small differences takes the form set as a heading or bullet, which is
the title the document gives the project.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.kinds.programmes.rules import (
    GazetteerEntry,
    ProgrammeRules,
    ProgrammeWords,
    name_key,
)
from schemas import DocumentText, Mention, ProgrammeCandidate, Rejection, Stage

_SHORT = r"[A-Z][A-Za-z0-9+&/-]{1,15}(?: [A-Z][A-Za-z-]+){0,2}"
_TRAILING_ACRONYM = re.compile(rf"^(?P<name>.+?)\s*\((?P<acronym>{_SHORT})\)$")
_EMBEDDED_ACRONYM = re.compile(rf"\s*\({_SHORT}\)(?=\s)")
_ACRONYM_BEFORE_HEAD = re.compile(rf"\s\((?P<acronym>{_SHORT})\)\s+(?P<head>\S+)$")
# After the text: (ACR, more) or, after a quoted title, its closing quote and (ACR).
_ACRONYM_AND_MORE = re.compile(
    rf"\s*\((?P<acronym>{_SHORT}),|[”\"],?[ \t]*\((?P<quoted>{_SHORT})[),]"
)
# `... in Cambodia project (FIRST)`: the acronym after the lowercase head is the name's
_HEAD_ACRONYM = re.compile(rf"[ \t]+[a-z]+[ \t]*\((?P<acronym>{_SHORT})\)")
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n\s*(?=[a-z])")
_SLASH_BREAK = re.compile(r"(?<!\s)/\s+")  # ILO/ + Korea; a spaced ` / ` stays
_WORD = re.compile(r"\w+")
_NEAR_DUPLICATE = 0.75


def flatten(text: str) -> str:
    """One line: a word hyphenated across a line break joined, a break after a slash closed
    up (``ILO/`` + ``Korea``), other whitespace collapsed."""
    text = _HYPHEN_BREAK.sub(r"\1", text)
    text = _SLASH_BREAK.sub("/", text)
    return " ".join(text.split())


def base_name(text: str, rules: ProgrammeWords) -> tuple[str, str | None]:
    """The name a mention's text gives, and the acronym it defines in parentheses."""
    acronym = None
    match = _TRAILING_ACRONYM.match(text)
    if match:
        text, acronym = match["name"], match["acronym"]
    else:
        # Name (ACR) Programme: the acronym before the head noun is the programme's too.
        embedded = _ACRONYM_BEFORE_HEAD.search(text)
        acronym = embedded["acronym"] if embedded and embedded["head"] in rules.heads else None
    text = _EMBEDDED_ACRONYM.sub("", text)
    text = rules.phase.sub("", text).strip()
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if words:
        words[-1] = rules.plural_heads.get(words[-1], words[-1])
    return " ".join(words), acronym


def gazetteer_name(text: str, entry: GazetteerEntry) -> str:
    """The canonical name; a country programme keeps its country (``Better Work Bangladesh``).

    A bare acronym keeps its written form unless the document defines it (resolved later)."""
    if text == entry.acronym:
        return text
    for form in sorted(entry.forms(), key=len, reverse=True):
        if text.startswith(form):
            suffix = text[len(form) :].strip().lstrip("-–— ")  # `Better Work - Haiti`
            return f"{entry.name} {suffix}" if suffix and entry.country_suffix else entry.name
    return entry.name


def content_tokens(name: str) -> set[str]:
    return {w for w in _WORD.findall(name.lower()) if w not in {"the", "of", "for", "and", "in"}}


def overlap(a: str, b: str) -> float:
    ta, tb = content_tokens(a), content_tokens(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


@dataclass(frozen=True)
class Draft:
    mention: Mention
    text: str
    name: str
    defines: str | None  # the acronym this mention defines, ``Name (ACR)``


def draft(
    document: DocumentText,
    mention: Mention,
    gazetteer: dict[str, GazetteerEntry],
    rules: ProgrammeWords,
) -> Draft:
    text = flatten(mention.text)
    name, defines = base_name(text, rules)
    if defines is None:
        # Name (ACR, www.example.org): the acronym is defined, the parenthesis is not text.
        match = _ACRONYM_AND_MORE.match(document.text, mention.char_end)
        defines = (match["acronym"] or match["quoted"]) if match else None
    if defines is None and mention.pattern_id == "prog-lowercase-head":
        after_head = _HEAD_ACRONYM.match(document.text, mention.char_end)
        defines = after_head["acronym"] if after_head else None
    entry = gazetteer.get(mention.pattern_id) or written_form_of(name, gazetteer)
    if entry is not None:
        name = gazetteer_name(name, entry)
    return Draft(mention, text, name, defines)


def written_form_of(name: str, gazetteer: dict[str, GazetteerEntry]) -> GazetteerEntry | None:
    """The gazetteer entry one of whose written forms is ``name``: a mention another rule
    found (`Peace Building Fund (UNPBF)`, a definition) still takes the canonical name."""
    return next((e for e in gazetteer.values() if name in e.forms()), None)


def normalize(
    document: DocumentText, mentions: Sequence[Mention], programme_rules: ProgrammeRules
) -> list[ProgrammeCandidate | Rejection]:
    """One candidate per mention, named as the whole document names that programme."""
    gazetteer, rules = programme_rules.gazetteer, programme_rules.words
    drafts = [draft(document, m, gazetteer, rules) for m in mentions]

    headings = [d.name for d in drafts if d.mention.pattern_id == "prog-heading"]
    named: list[str] = []
    for d in drafts:
        name = d.name
        if d.mention.pattern_id not in gazetteer and d.mention.pattern_id != "prog-heading":
            twin = max(headings, key=lambda h: overlap(h, name), default=None)
            if twin is not None and overlap(twin, name) >= _NEAR_DUPLICATE:
                name = twin
        named.append(name)

    by_acronym: dict[str, str] = {}
    acronym_of: dict[str, str] = {}
    for d, name in zip(drafts, named, strict=True):
        if d.defines and d.defines not in by_acronym:
            by_acronym[d.defines] = name
            acronym_of.setdefault(name_key(name, rules.plural_heads), d.defines)

    # `into the RBSA, the ILO's Regular Budget Supplementary Account`: where the document
    # writes a gazetteer programme's full name, its bare acronym is that programme too
    written = {
        d.mention.pattern_id: name
        for d, name in zip(drafts, named, strict=True)
        if d.mention.pattern_id in gazetteer and name == gazetteer[d.mention.pattern_id].name
    }
    results: list[ProgrammeCandidate | Rejection] = []
    for d, name in zip(drafts, named, strict=True):
        if d.text in by_acronym:
            name = by_acronym[d.text]
        elif d.mention.pattern_id in written and d.text == gazetteer[d.mention.pattern_id].acronym:
            name = written[d.mention.pattern_id]
        elif d.mention.pattern_id == "prog-short-form":
            name = next((n for n in named if n.startswith((d.text + " ", d.text + ":"))), name)
        if not name:
            reason = "no programme name left after removing article, acronym and phase"
            results.append(Rejection.of(d.mention, Stage.NORMALIZE, "name", reason))
            continue
        acronym = acronym_of.get(name_key(name, rules.plural_heads))
        results.append(ProgrammeCandidate(mention=d.mention, name=name, acronym=acronym))
    return results
