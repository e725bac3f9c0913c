"""Programme recognizer: a gazetteer (patterns/programmes.jsonl) plus structural rules."""

from __future__ import annotations

from spacy.language import Language

from pipeline.recognize.rulers import add_pattern_file
from schemas import Kind


def add_components(nlp: Language) -> None:
    add_pattern_file(nlp, Kind.PROGRAMME, "programmes.jsonl")
