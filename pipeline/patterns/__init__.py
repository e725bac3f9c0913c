"""Readers of rule data files, and the text stages' own data (tokenizer.json for
recognize, html_rules.json for extract_text, doc_types.json for describe).

Each kind keeps its data in ``pipeline/kinds/<kind>/patterns/``; a data file is named by its
folder and file name (`data_folder(package) / name`) and read when `build_nlp()` runs, never
at import time. Error messages name the file.
"""

from __future__ import annotations

import csv
import json
import re
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import PatternError

# A table row in document text: its cells joined by this, one row a line. The PDF layout and
# HTML readers write it; the money and programme rules read it.
CELL_SEPARATOR = " | "
# A list item's marker at the start of a line (`• `, `- `, `1. `, `a) ` is not one): a bullet
# line starts a sentence of its own, and the link rules read a list under its heading.
BULLET = re.compile(r"[ \t]*(?:[•*·▪◦–-]|\d{1,2}[.)])[ \t]+\S")


class SpanPattern(BaseModel):
    """One SpanRuler pattern: a token-pattern list or a phrase string, with a stable id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: str
    pattern: list[dict[str, Any]] | str

    def ruler_pattern(self) -> dict[str, Any]:
        """The pattern as the SpanRuler takes it (a kind's own fields left out)."""
        return {"id": self.id, "label": self.label, "pattern": self.pattern}


P = TypeVar("P", bound=SpanPattern)


def data_folder(package: str) -> Traversable:
    """The ``patterns/`` folder of a kind package (``pipeline.kinds.money``)."""
    return resources.files(package).joinpath("patterns")


def stage_file(name: str) -> Traversable:
    """A data file of a text stage, in this folder."""
    return resources.files(__package__).joinpath(name)


def read_jsonl(path: Traversable) -> list[dict[str, Any]]:
    """Rows of a JSONL data file; blank lines and lines starting with // are skipped."""
    rows = []
    name = path.name
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise PatternError(f"{name}:{number}: not JSON: {error.msg}") from None
    return rows


def read_json(path: Traversable) -> dict[str, Any]:
    """The JSON object in a data file; PatternError when it is not one."""
    name = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PatternError(f"{name}: not JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise PatternError(f"{name}: expected a JSON object")
    return data


def load_span_patterns(path: Traversable, model: type[P]) -> list[P]:
    """Validated SpanRuler patterns from a JSONL data file (``model``: a kind's pattern model
    with its own fields)."""
    patterns = []
    name = path.name
    for number, row in enumerate(read_jsonl(path), start=1):
        try:
            patterns.append(model.model_validate(row))
        except ValidationError as error:
            raise PatternError(f"{name}: pattern {number}: {error}") from None
    return patterns


E = TypeVar("E", bound=BaseModel)


def load_entries(path: Traversable, model: type[E], label: str) -> dict[str, E]:
    """Validated gazetteer entries from a JSONL data file, by their ``id`` field; PatternError
    (``label`` names the file) for an entry that does not validate or an id used twice."""
    entries: dict[str, E] = {}
    for number, row in enumerate(read_jsonl(path), start=1):
        try:
            entry = model.model_validate(row)
        except ValidationError as error:
            raise PatternError(f"{label}: entry {number}: {error}") from None
        entry_id = getattr(entry, "id")  # noqa: B009 - E is any entry model; each has an id
        if entry_id in entries:
            raise PatternError(f"{label}: duplicate id {entry_id!r}")
        entries[entry_id] = entry
    return entries


MACRO = re.compile(r"@\w+")  # a lone "@" (or "@ home") is text, not a macro


def read_macros(path: Traversable) -> dict[str, Any]:
    """``macros.json``: name -> the token attribute value it stands for (``"@year"`` in a
    pattern is written once here); keys starting with ``comment`` are notes."""
    return {k: v for k, v in read_json(path).items() if not k.startswith("comment")}


def expand_macros(value: Any, macros: dict[str, Any], where: str) -> Any:
    """``value`` with every ``"@name"`` string replaced by ``macros[name]`` (a word list or a
    token attribute value such as ``{"REGEX": ...}``); PatternError for an unknown name."""
    if isinstance(value, str) and MACRO.fullmatch(value):
        if value[1:] not in macros:
            raise PatternError(f"{where}: unknown macro {value!r}")
        return macros[value[1:]]
    if isinstance(value, dict):
        return {key: expand_macros(item, macros, where) for key, item in value.items()}
    if isinstance(value, list):
        return [expand_macros(item, macros, where) for item in value]
    return value


def load_demonyms() -> dict[str, str]:
    """Nationality adjectives and their country (``demonyms.tsv`` in this folder): adjective
    -> ISO 3166 alpha-3."""
    return {row["adjective"]: row["iso3"] for row in read_tsv(stage_file("demonyms.tsv"))}


def read_tsv(path: Traversable) -> list[dict[str, str]]:
    """Rows of a tab-separated data file with a header; lines starting with # are comments."""
    name = path.name
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row or any(value is None for value in row.values()):
            raise PatternError(f"{name}:{number}: wrong number of columns")
        rows.append({key: value.strip() for key, value in row.items()})
    return rows


# --- the text stages' own rules -----------------------------------------------------------


class TokenizerRules(BaseModel):
    """``tokenizer.json``: extra infix, suffix and prefix regexes, and special cases the
    tokenizer drops."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    infixes: tuple[str, ...]
    suffixes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    drop_special_cases: frozenset[str] = frozenset()
    abbreviations: tuple[str, ...] = ()  # one token with their period: it ends no sentence


class HtmlRules(BaseModel):
    """``html_rules.json``: what the HTML reader drops, where main content is, how it breaks
    lines (all tags lower case)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    drop_tags: frozenset[str]
    drop_roles: frozenset[str]
    drop_class_words: tuple[str, ...]
    content_roots: tuple[str, ...]
    paragraph_tags: frozenset[str]
    line_tags: frozenset[str]
    cell_tags: frozenset[str]
    item_tags: frozenset[str]
    item_marker: str


class DocType(BaseModel):
    model_config = ConfigDict(frozen=True)

    doc_type: str
    cues: tuple[str, ...]


class DocTypeRules(BaseModel):
    """``doc_types.json``: document types by cue words (first match wins), and the function
    words of each language."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    types: tuple[DocType, ...]
    default: str
    languages: dict[str, tuple[str, ...]]


class TextRules(BaseModel):
    """The rules of the text stages: tokenizer (recognize), HTML reading (extract_text),
    document types and languages (describe)."""

    model_config = ConfigDict(frozen=True)

    tokenizer: TokenizerRules
    html: HtmlRules
    doc_types: DocTypeRules


def _checked(model: type[BaseModel], name: str) -> Any:
    try:
        return model.model_validate(read_json(stage_file(name)))
    except ValidationError as error:
        raise PatternError(f"{name}: {error}") from None


def load_text_rules() -> TextRules:
    """Read and check the text stages' data files."""
    return TextRules(
        tokenizer=_checked(TokenizerRules, "tokenizer.json"),
        html=_checked(HtmlRules, "html_rules.json"),
        doc_types=_checked(DocTypeRules, "doc_types.json"),
    )
