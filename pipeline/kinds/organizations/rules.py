"""Load and check the organization rules: the gazetteer, the rule word lists, the demonyms.

Everything is read once by `load_rules()` into a frozen `OrganizationRules` that is passed
down to the recognizer and the normalizer; nothing is read at import time.
"""

from __future__ import annotations

import pycountry
from pydantic import field_validator

from pipeline.errors import PatternError
from pipeline.patterns import data_folder, load_demonyms, load_entries, read_json
from schemas import Frozen, OrganizationType

PATTERNS = data_folder("pipeline.kinds.organizations")


def check_iso3(code: str | None) -> str | None:
    if code is not None and pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code")
    return code


class GazetteerEntry(Frozen):
    """One known organization: canonical name, acronym, type, country, and its forms."""

    id: str
    name: str
    acronym: str | None
    type: OrganizationType
    iso3: str | None
    variants: tuple[str, ...] = ()  # matched without regard to case
    acronyms: tuple[str, ...] = ()  # matched as written
    region_like: bool = False  # also a region's name: only acting uses count
    word_like: bool = False  # an acronym that is also a word (WHO): not in a run of capitals

    @field_validator("iso3")
    @classmethod
    def _iso3(cls, code: str | None) -> str | None:
        return check_iso3(code)

    @field_validator("variants", "acronyms")
    @classmethod
    def _no_blank_form(cls, forms: tuple[str, ...]) -> tuple[str, ...]:
        if any(not form.strip() for form in forms):
            raise ValueError("a blank form would match everywhere")
        return forms


class NameOfSomethingElse(Frozen):
    heads: frozenset[str]
    joined_heads: frozenset[str]
    adjacent_lowercase_heads: frozenset[str]
    max_words_between: int


class OrganizationRules(Frozen):
    """Every rule datum of the organizations kind (docs/organizations.md)."""

    entries: dict[str, GazetteerEntry]
    government_words: frozenset[str]
    government_titles: frozenset[str]
    prefix_heads: dict[str, OrganizationType]
    prefix_links: frozenset[str]
    suffix_heads: dict[str, OrganizationType]
    connectors: frozenset[str]
    possessive_words: frozenset[str]
    not_name_starts: frozenset[str]
    not_name_words: frozenset[str]
    something_else: NameOfSomethingElse
    country_qualified_names: frozenset[str]
    page_country_names: frozenset[str]
    country_prefix_heads: frozenset[str]
    government_names: dict[str, str]
    demonyms: dict[str, str]  # adjective -> iso3
    spellings: tuple[tuple[str, str], ...] = ()  # (British, American) forms of one word
    forums: frozenset[str] = frozenset()  # rule-found names that are forums, not actors
    organ_words: frozenset[str] = frozenset()  # `Steering Committee`: a body, not a name
    posted: frozenset[str] = frozenset()  # ids of offices named with where they are posted
    office_parents: frozenset[str] = frozenset()  # gazetteer ids whose offices are them
    office_heads: frozenset[str] = frozenset()

    def government_name(self, iso3: str) -> str:
        """``Government of <country>`` with the country's common English name."""
        name = self.government_names.get(iso3)
        if name is None:
            country = pycountry.countries.get(alpha_3=iso3)
            name = getattr(country, "common_name", None) or getattr(country, "name", iso3)
        return f"Government of {name}"


def load_gazetteer() -> dict[str, GazetteerEntry]:
    """The gazetteer by entry id."""
    return load_entries(
        PATTERNS / "gazetteer.jsonl", GazetteerEntry, "organizations/gazetteer.jsonl"
    )


def load_rules() -> OrganizationRules:
    """The organizations kind's rules; PatternError when a file is malformed."""
    try:
        data = read_json(PATTERNS / "rules.json")
        demonyms = load_demonyms()
        for iso3 in [*demonyms.values(), *data["government_names"]["names"]]:
            check_iso3(iso3)
        return OrganizationRules(
            entries=load_gazetteer(),
            government_words=frozenset(data["government"]["words"]),
            government_titles=frozenset(data["government"]["titles"]),
            prefix_heads=data["prefix_heads"]["heads"],
            prefix_links=frozenset(data["prefix_heads"]["links"]),
            suffix_heads=data["suffix_heads"]["heads"],
            connectors=frozenset(data["connectors"]["words"]),
            possessive_words=frozenset(data["possessive_words"]["words"]),
            not_name_starts=frozenset(data["not_name_starts"]["words"]),
            not_name_words=frozenset(data["not_name_words"]["words"]),
            something_else=NameOfSomethingElse.model_validate(
                {k: v for k, v in data["name_of_something_else"].items() if k != "comment"}
            ),
            country_qualified_names=frozenset(data["country_qualified_names"]["names"]),
            page_country_names=frozenset(data["country_qualified_names"]["page_country_names"]),
            country_prefix_heads=frozenset(data["country_prefix_heads"]["heads"]),
            government_names=data["government_names"]["names"],
            demonyms=demonyms,
            spellings=tuple((one, other) for one, other in data["spellings"]["pairs"]),
            forums=frozenset(data["forums"]["names"]),
            organ_words=frozenset(data["organs"]["words"]),
            posted=frozenset(data["posted"]["entries"]),
            office_parents=frozenset(data["offices_of"]["parents"]),
            office_heads=frozenset(data["offices_of"]["heads"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise PatternError(f"organizations rules: {error}") from None
