"""Organizations (SPEC: Organizations): who gives, receives, manages or carries out
development-cooperation money or work. docs/organizations.md explains the rules.

The kind's public face: `KIND`, `load_rules()` (its data, read and checked: `rules.py`),
`add_components(nlp, rules)` (its spaCy components: `recognize.py`) and
`normalize(document, mentions, rules)` (a mention's value: `normalize.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.kinds.organizations.normalize import normalize
from pipeline.kinds.organizations.rules import OrganizationRules, load_rules
from schemas import Kind

if TYPE_CHECKING:
    from spacy.language import Language

KIND = Kind.ORGANIZATION


def add_components(nlp: Language, rules: OrganizationRules) -> None:
    """Add this kind's components to ``nlp``; they write ``doc.spans[KIND.value]``."""
    # Imported here: loading the rules (for the state fingerprint) must not load spaCy.
    from pipeline.kinds.organizations import recognize

    recognize.add_components(nlp, rules)


__all__ = ["KIND", "OrganizationRules", "add_components", "load_rules", "normalize"]
