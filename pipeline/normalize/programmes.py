"""Programmes: canonical name and acronym, with later short mentions resolved."""

from __future__ import annotations

import re
from collections.abc import Sequence

from schemas import DocumentText, Mention, ProgrammeCandidate, Rejection

_ACRONYM = re.compile(r"^(?P<name>.+?)\s*\((?P<acronym>[A-Z][A-Za-z0-9+&-]{1,11})\)$")


def normalize(
    document: DocumentText, mentions: Sequence[Mention]
) -> list[ProgrammeCandidate | Rejection]:
    results: list[ProgrammeCandidate | Rejection] = []
    for mention in mentions:
        text = " ".join(mention.text.split())
        match = _ACRONYM.match(text)
        if match:
            results.append(
                ProgrammeCandidate(mention=mention, name=match["name"], acronym=match["acronym"])
            )
        else:
            results.append(ProgrammeCandidate(mention=mention, name=text))
    return results
