"""One package per kind of mention: its rule code (recognize, normalize) and its data.

A new kind is one new package here plus one line in `KINDS`. The stage modules
`pipeline.recognize` and `pipeline.normalize` dispatch over `KINDS`, and `pipeline.rules`
loads every kind's rules once; a kind never imports another kind. Importing a kind does not
load spaCy (its components are imported when a pipeline is built).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from pipeline.kinds import countries, dates, money, organizations, programmes
from schemas import Candidate, DocumentText, Kind, Mention, Rejection

if TYPE_CHECKING:
    from spacy.language import Language


class KindPackage(Protocol):
    """What every kind package exposes. ``rules`` is the kind's own frozen model (what its
    ``load_rules()`` returns), hence ``Any`` here."""

    KIND: Kind

    def load_rules(self) -> BaseModel:
        """The kind's data files, read and checked (PatternError names a bad file)."""
        ...

    def add_components(self, nlp: Language, rules: Any) -> None:
        """Add the kind's spaCy components; they write ``doc.spans[KIND.value]``."""
        ...

    def normalize(
        self, document: DocumentText, mentions: Sequence[Mention], rules: Any
    ) -> Sequence[Candidate | Rejection]:
        """Candidates (or rejections with a reason) for this kind's mentions."""
        ...


# Components read the spans of kinds added before them (money before dates before countries
# before programmes before organizations), so this is also the pipeline order.
KINDS: tuple[KindPackage, ...] = (money, dates, countries, programmes, organizations)
