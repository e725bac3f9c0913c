"""Organizations: Mention -> OrganizationCandidate, from the pattern id the recognizer gave.

The text of a mention keeps a trailing ``(ACR)``; the canonical name does not. A gazetteer
mention takes the entry's name, acronym, type and country; a government phrase takes
``Government of <country>``; a head-noun rule takes the words as written (without a
possessive), plus ``of <country>`` for a ministry name every government has; a bare acronym
takes the name its ``Name (ACR)`` definition got.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pycountry

from pipeline.kinds.organizations.rules import GazetteerEntry, OrganizationRules
from schemas import DocumentText, Mention, OrganizationCandidate, OrganizationType, Rejection, Stage

_TRAILING_ACRONYM = re.compile(r"\s*\(([^()]+)\)$")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def split_acronym(text: str) -> tuple[str, str | None]:
    """``Name (ACR)`` -> (``Name``, ``ACR``); whitespace collapsed."""
    text = " ".join(text.split())
    found = _TRAILING_ACRONYM.search(text)
    if found is None:
        return text, None
    return text[: found.start()], found.group(1)


def _office_parent(name: str, rules: OrganizationRules) -> GazetteerEntry | None:
    """The parent (`offices_of`) whose acronym opens ``name`` right before an office head
    (`ILO Department of ...`, `UN Office for ...`), if any."""
    words = name.split()
    if len(words) < 3 or words[1] not in rules.office_heads:
        return None
    for parent_id in rules.office_parents:
        parent = rules.entries.get(parent_id)
        if parent is not None and words[0] in {parent.acronym, *parent.acronyms}:
            return parent
    return None


def rule_candidate(
    mention: Mention, rules: OrganizationRules, parts: list[str]
) -> OrganizationCandidate:
    kind, iso3, qualified = parts
    name, acronym = split_acronym(mention.text)
    name = _POSSESSIVE.sub("", name)
    parent = _office_parent(name, rules)
    if parent is not None:  # `ILO Department of Communication`: a named office of the ILO
        return OrganizationCandidate(
            mention=mention,
            name=parent.name,
            acronym=parent.acronym,
            type=parent.type,
            iso3=parent.iso3,
        )
    country = None if iso3 == "-" else iso3
    if qualified.startswith("-"):  # `Ministry of Internal Affairs of Tonga`: Tonga's
        name = name[: len(name) - int(qualified[1:])]
    if qualified == "1" and country and name in rules.country_qualified_names:
        short = rules.government_name(country).removeprefix("Government of ")
        name = f"{name} of {short}"
    return OrganizationCandidate(
        mention=mention,
        name=name,
        acronym=acronym,
        type=OrganizationType(kind),
        iso3=country if kind == OrganizationType.GOVERNMENT else None,
    )


def normalize(
    document: DocumentText, mentions: Sequence[Mention], rules: OrganizationRules
) -> list[OrganizationCandidate | Rejection]:
    """One candidate per mention, or a rejection for a pattern id this version cannot read."""
    results: list[OrganizationCandidate | Rejection] = []
    defined: dict[str, OrganizationCandidate] = {}
    written: list[tuple[list[str], str]] = []
    for mention in mentions:
        prefix, _, rest = mention.pattern_id.partition("/")
        candidate: OrganizationCandidate | None = None
        match prefix:
            case "org":
                entry = rules.entries.get(rest)
                if entry is not None:
                    candidate = OrganizationCandidate(
                        mention=mention,
                        name=_posted_name(entry.name, mention.text)
                        if entry.id in rules.posted
                        else entry.name,
                        acronym=entry.acronym,
                        type=entry.type,
                        iso3=entry.iso3,
                    )
            case "org-gov" if pycountry.countries.get(alpha_3=rest):
                candidate = OrganizationCandidate(
                    mention=mention,
                    name=rules.government_name(rest),
                    type=OrganizationType.GOVERNMENT,
                    iso3=rest,
                )
            case "org-rule" if len(rest.split("/")) == 3:
                candidate = rule_candidate(mention, rules, rest.split("/"))
            case "org-acr":
                source = defined.get(rest)
                if source is not None:
                    candidate = source.model_copy(update={"mention": mention, "acronym": rest})
        if candidate is None:
            results.append(
                Rejection.of(
                    mention, Stage.NORMALIZE, "name", f"unknown rule {mention.pattern_id!r}"
                )
            )
            continue
        _, acronym = split_acronym(mention.text)
        if prefix == "org-rule":
            candidate = _first_spelling(candidate, written)
        if acronym and prefix != "org":
            defined.setdefault(acronym, candidate)
        results.append(candidate)
    return results


def _posted_name(name: str, text: str) -> str:
    """A posted office's name with the country it is posted to, as written (`EU Delegation
    to Zambia` -> `Delegation of the European Union to Zambia`)."""
    _, to, country = text.rpartition(" to ")
    return f"{name} to {' '.join(country.split())}" if to else name


_COMPANY_ENDS = frozenset({"ltd", "ltd.", "limited", "inc", "inc."})


def _name_words(name: str) -> list[str]:
    """A rule-found name's words as compared for spellings: lowercase, without hyphens, a
    leading `the` or a company's trailing `Ltd`."""
    words = [word.replace("-", "").replace("‑", "") for word in name.lower().split()]
    if words[:1] == ["the"]:
        words = words[1:]
    while words and words[-1] in _COMPANY_ENDS:
        words.pop()
    return words


def _alike(one: str, other: str) -> bool:
    """Two spellings of one word: the same but for a plural `s` or an adjective's ending
    (`Federations`/`Federation`, `Tanzanian`/`Tanzania`)."""
    short, long = sorted((one, other), key=len)
    if not long.startswith(short):
        return False
    return long == short or (len(short) >= 4 and len(long) - len(short) <= 2)


def _first_spelling(
    candidate: OrganizationCandidate, written: list[tuple[list[str], str]]
) -> OrganizationCandidate:
    """One organization written several ways in a document (`Tanzania Federation of
    Cooperatives`, `Tanzanian Federation of Co-operatives Ltd`) keeps the name of its first
    mention; ``written`` holds the rule-found names seen so far."""
    words = _name_words(candidate.name)
    for earlier, name in written:
        if len(earlier) == len(words) and all(map(_alike, earlier, words)):
            return candidate.model_copy(update={"name": name})
    if words:
        written.append((words, candidate.name))
    return candidate
