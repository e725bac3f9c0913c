"""References to an actor named before: `the foundation` for the foundation named earlier,
a subject `it` for the donor of the sentence before (docs/funding.md, "Donor and recipient"
and "Referring back")."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from pipeline.link.context import Actor, Context
from pipeline.link.rules import FundingRules
from pipeline.link.words import Word, locate_sentence
from schemas import OrganizationCandidate, OrganizationType, ProgrammeCandidate


def generic_actors(context: Context, start: int, end: int, rules: FundingRules) -> list[Actor]:
    """`from the foundation`, `The Government will provide`: the last organization named
    before the reference whose name holds its head word, as an actor where the reference is."""
    found: list[Actor] = []
    for match in rules.generic_reference.finditer(context.text, start, end):
        at, stop = match.span()
        if context.in_name(at, stop):
            continue
        last = _referents(context, rules).last(match.group(1).lower(), at)
        if last is None:
            continue
        iso3 = (
            last.iso3
            if isinstance(last, OrganizationCandidate) and last.type is OrganizationType.GOVERNMENT
            else None
        )
        found.append(Actor(last.name, iso3, at, stop, last.name == rules.default_recipient))
    return found


Referent = OrganizationCandidate | ProgrammeCandidate


@dataclass(frozen=True)
class _Referents:
    """Per lowercased word of a name, the organizations and funds whose name holds it, by
    where their mention ends (once per document: `Context.memo`)."""

    ends: dict[str, list[int]]
    items: dict[str, list[Referent]]

    def last(self, head: str, before: int) -> Referent | None:
        """The last one whose name holds ``head`` and whose mention ends by ``before``."""
        at = bisect_right(self.ends.get(head, []), before)
        return self.items[head][at - 1] if at else None


def _referents(context: Context, rules: FundingRules) -> _Referents:
    found = context.memo.get("referents")
    if isinstance(found, _Referents):
        return found
    named: list[Referent] = [*context.organizations]
    named += [p for p in context.programmes if fund_name(p.name, rules)]
    named.sort(key=lambda c: c.mention.char_end)
    ends: dict[str, list[int]] = {}
    items: dict[str, list[Referent]] = {}
    for item in named:
        for word in dict.fromkeys(item.name.lower().split()):
            ends.setdefault(word, []).append(item.mention.char_end)
            items.setdefault(word, []).append(item)
    context.memo["referents"] = referents = _Referents(ends, items)
    return referents


def fund_name(name: str, rules: FundingRules) -> bool:
    """A fund's name: ending in a head of `donor_programme_heads` (`UN Peacebuilding Fund`),
    or with a tail after it (`Global Trust Fund for Informal Workers' Protection`)."""
    words = name.split()
    for k, word in enumerate(words):
        if word in rules.donor_programme_heads and (
            k == len(words) - 1 or words[k + 1] in rules.donor_programme_tails
        ):
            return True
    return False


def pronoun_subject(words: list[Word], before: int, rules: FundingRules) -> bool:
    """`It announced a new grant of ...`, `In 2021, it granted`: a pronoun of
    `pronoun_subjects` before ``before`` (the governing verb or the amount) that no
    preposition introduces is the subject; so is an owner's `its` before a noun of giving
    (`its voluntary funding`)."""
    for i, word in enumerate(words):
        if word.start >= before:
            return False
        if word.text in rules.pronoun_subjects:
            return i == 0 or words[i - 1].text not in rules.not_subject_before
        if word.text in rules.pronoun_owners and rules.possessive_nouns.intersection(
            w.text for w in words[i + 1 : i + 1 + rules.speaker_window]
        ):
            return True  # `its voluntary funding to the ILO averaged EUR 5.2 million`
    return False


def previous_sentence(context: Context, start: int) -> tuple[int, int] | None:
    """The sentence right before the one at ``start``, where it names an organization or a
    country (the only sentences a pronoun's donor can come from)."""
    named = [
        next(
            (c.mention for c in reversed(context.organizations) if c.mention.char_end <= start),
            None,
        ),
        next((c.mention for c in reversed(context.countries) if c.mention.char_end <= start), None),
    ]
    last = max((m for m in named if m is not None), key=lambda m: m.char_end, default=None)
    if last is None:
        return None
    r_start, r_end = locate_sentence(context.text, last)
    return (r_start, r_end) if not context.text[r_end:start].strip() else None
