"""Country recognizer: a phrase gazetteer built from pycountry plus patterns/country_aliases.tsv."""

from __future__ import annotations

import pycountry
from spacy.language import Language

from pipeline.patterns import SpanPattern, read_tsv
from pipeline.recognize.rulers import add_span_ruler
from schemas import Kind


def country_phrases() -> list[SpanPattern]:
    """One phrase pattern per name form; the pattern id is the alpha-3 code."""
    phrases: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name:
                phrases.setdefault(name, country.alpha_3)
    for row in read_tsv("country_aliases.tsv"):
        phrases[row["alias"]] = row["iso3"]
    return [
        SpanPattern(id=iso3, label="COUNTRY", pattern=phrase) for phrase, iso3 in phrases.items()
    ]


def add_components(nlp: Language) -> None:
    add_span_ruler(nlp, Kind.COUNTRY, country_phrases())
