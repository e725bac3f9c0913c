"""Rule data (patterns, aliases, gazetteers) and the loaders that validate it.

Each file is data, read when `build_nlp()` runs, never at import time.
"""

from __future__ import annotations

import csv
import json
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.errors import PatternError


class SpanPattern(BaseModel):
    """One SpanRuler pattern: a token-pattern list or a phrase string, with a stable id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: str
    pattern: list[dict[str, Any]] | str


def data_path(name: str) -> Any:
    return resources.files(__package__).joinpath(name)


def read_jsonl(name: str) -> list[dict[str, Any]]:
    """Rows of a JSONL data file; blank lines and lines starting with // are skipped."""
    rows = []
    text = data_path(name).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise PatternError(f"{name}:{number}: not JSON: {error.msg}") from None
    return rows


def read_json(name: str) -> dict[str, Any]:
    """The JSON object in ``patterns/<name>``; PatternError when it is not one."""
    try:
        data = json.loads(data_path(name).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PatternError(f"{name}: not JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise PatternError(f"{name}: expected a JSON object")
    return data


def load_span_patterns(name: str) -> list[SpanPattern]:
    """Validated SpanRuler patterns from ``patterns/<name>``; ids must be unique per line."""
    patterns = []
    for number, row in enumerate(read_jsonl(name), start=1):
        try:
            patterns.append(SpanPattern.model_validate(row))
        except ValidationError as error:
            raise PatternError(f"{name}: pattern {number}: {error}") from None
    return patterns


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated data file with a header; lines starting with # are comments."""
    text = data_path(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row or any(value is None for value in row.values()):
            raise PatternError(f"{name}:{number}: wrong number of columns")
        rows.append({key: value.strip() for key, value in row.items()})
    return rows
