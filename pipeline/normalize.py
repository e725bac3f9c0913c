"""Stage 4: Mentions -> typed candidates, dispatched to the kinds (`pipeline.kinds`).

Each kind exposes ``normalize(document, mentions, rules) -> list[<Kind>Candidate | Rejection]``;
it sees the whole document because context decides values (a qualifier before an amount,
the publication year for a yearless date, an acronym defined earlier).
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.kinds import KINDS
from pipeline.rules import Rules
from schemas import Candidate, DocumentText, Mention, Rejection


def normalize_mentions(
    document: DocumentText, mentions: Sequence[Mention], rules: Rules
) -> list[Candidate | Rejection]:
    """Candidates and rejections of every kind, kind by kind in `KINDS` order."""
    results: list[Candidate | Rejection] = []
    for kind in KINDS:
        own = [m for m in mentions if m.kind is kind.KIND]
        results.extend(kind.normalize(document, own, rules.of(kind.KIND)))
    return results
