"""The sums of one sentence (docs/funding.md, "Referring back"): the sum an amount is a part
of (`US$ 287 million, of which US$ 96 million ...`), the owner of a share (`UNICEF's US$
900,000`), who receives each sum of a list (`US$ 1.5 million will go to the ILO and US$ 1
million to FAO`; `UNDP received US$ 2 million and UNICEF US$ 1 million`), and which actors
stand with another amount's clause rather than this one's."""

from __future__ import annotations

import re

from pipeline.link.context import Actor, Context
from pipeline.link.parties import NEW_CLAUSE, TO_ACTOR, receives
from pipeline.link.roles import fund_owner, is_country_actor
from pipeline.link.rules import FundingRules
from pipeline.link.words import Word, find_phrases
from schemas import AmountCandidate, FundingCandidate, Mention


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
        if whole is not None and find_phrases(between, rules.part_markers):
            return whole
    return None


def opening_part(
    context: Context,
    words: list[Word],
    amount: AmountCandidate,
    earlier: FundingCandidate | None,
    rules: FundingRules,
) -> FundingCandidate | None:
    """``earlier`` (the last fact before this sentence) where the sentence opens with a part
    marker (`Of this, the ILO will receive US$ 1.5 million, FAO US$ 1.2 million`) and the
    amount is less than that sum when both are in one currency, else None (`Of the total
    pledged, US$ 60 million ...` after a list of pledges is a part of their total). A
    possessive's sum opens one too (`Of Germany’s contribution, €4.5 million ...`)."""
    if earlier is None:
        return None
    found = find_phrases(words[:3], rules.opening_parts)
    if (not found or found[0][0] != 0) and not _possessive_opening(words, rules):
        return None
    whole = next(a for a in context.amounts if a.mention.char_start == earlier.amount_start)
    smaller = (
        whole.currency != amount.currency
        or whole.value is None
        or amount.value is None
        or amount.value < whole.value
    )
    return earlier if smaller else None


def _possessive_opening(words: list[Word], rules: FundingRules) -> bool:
    """The sentence opens with `of`, an owner's possessive and a money head (`Of Germany’s
    contribution`, `Of the EU's new grant`)."""
    if not words or words[0].text.lower() != "of":
        return False
    for i, word in enumerate(words[1:4], start=1):
        if word.text.lower().endswith(("'s", "’s")):
            heads = (w.text.lower() for w in words[i + 1 : i + 3])
            return any(head in rules.back_money_heads for head in heads)
    return False


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
            (o.char_start >= actor.end and not NEW_CLAUSE.search(text, actor.end, o.char_start))
            # `KOICA gave KRW 9 billion; and Australia granted AUD 7 million for X`
            or (
                amount.char_end <= o.char_start
                and o.char_end <= actor.start
                and NEW_CLAUSE.search(text, amount.char_end, o.char_start)
            )
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


# `and UNICEF US$ 1 million`, `and GIZ the remaining EUR 3.5 million`
_GAPPED = re.compile(r"\s*(?:the\s+)?(?:remaining\s+|other\s+|rest\s+of\s+)?", re.IGNORECASE)


def recipient_after(
    text: str, words: list[Word], found: list[Actor], amount: Mention
) -> Actor | None:
    """The actor `to` right after the amount (`and US$ 1 million to FAO`): that sum's
    recipient, whoever another clause of the sentence sends money to (a fund's owner for
    `to the Trust Fund of the ILO`)."""
    for actor in found:
        if actor.start >= amount.char_end and TO_ACTOR.fullmatch(
            text, amount.char_end, actor.start
        ):
            return fund_owner(words, actor, [a for a in found if not is_country_actor(a)])
    return None


def gapped_recipient(
    text: str,
    words: list[Word],
    found: list[Actor],
    amount: Mention,
    others: list[Mention],
    rules: FundingRules,
) -> Actor | None:
    """The actor that receives right before the amount (`UNICEF received US$ 1 million`,
    after any earlier amount of the sentence), or the actor right before the amount in a list
    whose first clause has an actor that receives (`UNDP received US$ 2 million and UNICEF
    US$ 1 million`, `the ILO will receive US$ 1.5 million, FAO US$ 1 million`): that sum's
    recipient, not its donor."""
    earlier = [o for o in others if o.char_end <= amount.char_start]
    low = earlier[-1].char_end if earlier else -1
    receivers = [
        a
        for a in found
        if low <= a.start and a.end <= amount.char_start and receives(words, a, rules)
    ]
    if receivers:  # `... and UNICEF received US$ 1 million`: the nearest one before
        return receivers[-1]
    first = earlier[0] if earlier else amount
    if not (
        _recipients_listed(text, words, first, rules)
        or (earlier and any(a.end <= first.char_start and receives(words, a, rules) for a in found))
    ):
        return None
    return next(
        (
            a
            for a in found
            if low <= a.start
            and a.end <= amount.char_start
            and _GAPPED.fullmatch(text, a.end, amount.char_start)
        ),
        None,
    )


def _recipients_listed(text: str, words: list[Word], first: Mention, rules: FundingRules) -> bool:
    """A lead-in that says the list names who receives: `to` and one of `listed_recipients`
    before a colon before the first amount (`Transfers from the Fund to the participating
    organizations to date: IOM USD 1,520,000; ILO USD 1,180,000`)."""
    colon = text.rfind(":", words[0].start if words else 0, first.char_start)
    if colon < 0:
        return False
    lead = [w.text for w in words if w.end <= colon]
    return any(
        word == "to" and rules.listed_recipients.intersection(lead[k + 1 : k + 4])
        for k, word in enumerate(lead)
    )
