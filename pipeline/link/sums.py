"""The sums of one sentence (docs/funding.md, "Referring back"): the sum an amount is a part
of (`US$ 287 million, of which US$ 96 million ...`), the owner of a share (`UNICEF's US$
900,000`), and which actors stand with another amount's clause rather than this one's."""

from __future__ import annotations

import re

from pipeline.link.context import Actor, Context
from pipeline.link.parties import NEW_CLAUSE
from pipeline.link.rules import FundingRules
from pipeline.link.words import Word, _find_phrases
from schemas import FundingCandidate, Mention


def whole_of(
    context: Context,
    words: list[Word],
    amount: Mention,
    start: int,
    facts: list[FundingCandidate],
    rules: FundingRules,
) -> FundingCandidate | None:
    """The fact of the sum this amount is a part of: the first earlier amount of its sentence
    with a part marker after it (`US$ 287 million, of which US$ 96 million ... and US$ 41
    million`), or None."""
    by_start: dict[int, FundingCandidate] = {}
    for fact in reversed(facts):  # this sentence's facts are the last ones
        if fact.amount_start < start:
            break
        by_start[fact.amount_start] = fact
    for other in context.own_amounts(start, amount.char_start):
        whole = by_start.get(other.char_start)
        between = [w for w in words if other.char_end <= w.start and w.end <= amount.char_start]
        if whole is not None and _find_phrases(between, rules.part_markers):
            return whole
    return None


def other_clause(text: str, actor: Actor, amount: Mention, others: list[Mention]) -> bool:
    """The actor belongs to another amount's clause: it stands with that amount, and a new
    clause (`, and`, `, while`, `;`) parts it from this one (`France will give EUR 8 million
    through AFD, and Belgium confirmed EUR 5 million`: AFD is not the EUR 5 million's)."""
    if actor.start < 0:
        return False
    if actor.end <= amount.char_start:
        if not NEW_CLAUSE.search(text, actor.end, amount.char_start):
            return False
        return any(
            o.char_end <= actor.start and not NEW_CLAUSE.search(text, o.char_end, actor.start)
            for o in others
        )
    if actor.start >= amount.char_end:
        if not NEW_CLAUSE.search(text, amount.char_end, actor.start):
            return False
        return any(
            o.char_start >= actor.end and not NEW_CLAUSE.search(text, actor.end, o.char_start)
            for o in others
        )
    return False


_POSSESSIVE = re.compile(r"['’]s\s+(?:(?:share|portion)\s+(?:is|was|of)\s+)?")
_POSSESSIVE_AND = re.compile(r"['’]s\s+and\s+(?:the\s+)?")


def owner_of(text: str, found: list[Actor], amount: Mention) -> Actor | None:
    """The actor whose share the amount is, written right before it: `UNICEF's US$ 900,000`,
    `the ILO's share is US$ 800,000`; the first of `UNDP's and WFP's US$ 400,000 each`."""
    for actor in found:
        if actor.end > amount.char_start or actor.start < 0:
            continue
        if _POSSESSIVE.fullmatch(text, actor.end, amount.char_start):
            return actor
        if _POSSESSIVE_AND.match(text, actor.end):
            rest = [a for a in found if a.start > actor.end]
            if rest and _POSSESSIVE.fullmatch(text, rest[0].end, amount.char_start):
                return actor
    return None
