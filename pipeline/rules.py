"""Every rule of the pipeline, read and checked once: `load_rules()` -> `Rules`.

A run calls `load_rules()` once and passes the result down (`build_nlp(rules)`,
`normalize_mentions(document, mentions, rules)`, `extract_text(source, rules.text)`); no
module keeps rule data of its own. Loading reads the data files only (spaCy is not loaded),
so the state fingerprint can cover the rules cheaply (`Rules.fingerprint`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, SerializeAsAny

from pipeline.kinds import KINDS
from pipeline.link.rules import FundingRules, load_funding_rules
from pipeline.patterns import TextRules, load_text_rules
from schemas import Kind


class Rules(BaseModel):
    """The text stages' rules, each kind's rules (by kind) and the funding link's rules, all
    frozen."""

    model_config = ConfigDict(frozen=True)

    text: TextRules
    kinds: dict[Kind, SerializeAsAny[BaseModel]]
    funding: FundingRules

    def of(self, kind: Kind) -> Any:
        """The rules of one kind (the model its package's ``load_rules()`` returns)."""
        return self.kinds[kind]

    def fingerprint(self) -> str:
        """SHA-256 of every rule as loaded: any change to a rule that matters changes it, and
        it is the same in every process (sets are hashed sorted, whatever the hash seed)."""
        dumped = json.dumps(canonical(self.model_dump()), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(dumped.encode()).hexdigest()


def canonical(value: Any) -> Any:
    """``value`` as plain JSON data with a fixed order: sets sorted, regexes as their source."""
    match value:
        case dict():
            return {str(canonical(key)): canonical(item) for key, item in value.items()}
        case set() | frozenset():
            return sorted((canonical(item) for item in value), key=json.dumps)
        case list() | tuple():
            return [canonical(item) for item in value]
        case re.Pattern():
            return [value.pattern, value.flags]
        case Enum():
            return value.value
        case str() | int() | float() | bool() | None:
            return value
        case _ if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return canonical(dataclasses.asdict(value))
        case _:
            return str(value)  # Decimal, dates


def load_rules() -> Rules:
    """Read and check every data file; PatternError names the first bad one."""
    return Rules(
        text=load_text_rules(),
        kinds={kind.KIND: kind.load_rules() for kind in KINDS},
        funding=load_funding_rules(),
    )
