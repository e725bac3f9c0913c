"""Programme: the programme the money is for, and what a back-reference (`the project`,
`this new phase of the programme`, `it`) points to (docs/funding.md, "Programme" and
"Referring back")."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice

from pipeline.link.context import ARTICLES, Actor, Context, index_before, word_before, word_gap
from pipeline.link.rules import FundingRules
from pipeline.link.words import Word
from schemas import Mention, ProgrammeCandidate


@dataclass(frozen=True)
class BackReference:
    """`the project` (head `project`), `this new phase` (head `phase`), `it` (no head);
    ``owner``: a possessive (`the project's pilot`), a part of the programme: it takes the
    programme, donor and recipient referred to, not the countries of their sentence."""

    start: int
    end: int
    head: str | None
    owner: bool = False


_POSSESSIVE = re.compile(r"['’]s?$")  # `project's`, `programmes'`


def back_references(
    text: str, words: list[Word], rules: FundingRules, amounts: Sequence[Mention] = ()
) -> list[BackReference]:
    """The back-references of a sentence, in order: a determiner, at most a few lowercase
    words (`the proposed project`, `this three-year programme`; a capitalized word is a name:
    `the Better Work programme` names it, but `the EU contribution` is money referred to) and
    any amount (`The €2 million project`), then a
    head noun; or a pronoun (`it`, `its`)."""
    found = []
    for i, word in enumerate(words):
        if word.text in rules.back_pronouns:
            found.append(BackReference(word.start, word.end, _copula_head(text, words, i, rules)))
            continue
        if word.text not in rules.back_determiners:
            continue
        reach = max(map(len, rules.back_other_before), default=0)
        before = tuple(w.text for w in words[max(0, i - reach) : i])
        if any(before[len(before) - len(p) :] == p for p in rules.back_other_before):
            continue  # `In addition to this grant, ...`: another sum
        following = (
            w
            for w in islice(words, i + 1, None)
            if not any(a.char_start <= w.start < a.char_end for a in amounts)
        )
        capitalized = other = False
        for after in islice(following, 1 + rules.back_max_between):
            head = _POSSESSIVE.sub("", after.text)  # `the project's matching pilot`
            if head in rules.back_heads:
                # `the EU contribution` is the EU's: a capitalized word names only a programme
                money = head in rules.back_money_heads
                if (
                    (money or not capitalized)
                    and not (money and other)  # `The second agreement` is another sum
                    and not _names_its_amount(text, word.start, after, amounts, rules)
                ):
                    found.append(BackReference(word.start, after.end, head, head != after.text))
                break
            if after.text in rules.back_determiners:
                break
            capitalized = capitalized or not text[after.start].islower()
            other = other or after.text in rules.back_other_words
    return found


def _copula_head(text: str, words: list[Word], i: int, rules: FundingRules) -> str | None:
    """`it is the largest occupational safety project`: the head noun the pronoun at ``i``
    is said to be, behind a copula and lowercase words; `it was funded by` is the funded
    programme (the head `funded`, of no name); None for a plain `it`."""
    if _funded_subject(words, i, rules):
        return "funded"
    if i + 1 >= len(words) or words[i + 1].text not in rules.back_copulas:
        return None
    for after in islice(words, i + 2, i + 3 + rules.back_copula_max_between):
        if after.text in rules.back_heads:
            return after.text
        if not text[after.start].islower():
            return None
    return None


def _funded_subject(words: list[Word], i: int, rules: FundingRules) -> bool:
    """`It was funded by the EU`, `It will be financed by`: the pronoun at ``i`` is what
    a passive verb of funding (the donor section's `funded_by`) says is funded."""
    after = [w.text for w in islice(words, i + 1, i + 1 + rules.funded_reach)]
    if words[i].text != "it" or not after or after[0] not in rules.funded_auxiliaries:
        return False
    return any((text,) in rules.funded_by for text in after)


def _paid_into(words: list[Word], mention: Mention) -> bool:
    """`contributed US$ 12 million to the ILO's Regular Budget Supplementary Account`: money
    paid into an account is for it (an account the money comes from is not the programme)."""
    i = index_before(words, mention.char_start, ARTICLES)
    while i >= 0 and words[i].text.endswith(("'s", "’s")):
        i = index_before(words, words[i].start, ARTICLES)  # `the ILO's`
    return i >= 0 and words[i].text in ("to", "into")


def _names_its_amount(
    text: str, start: int, head: Word, amounts: Sequence[Mention], rules: FundingRules
) -> bool:
    """`The grant of AUD 2.5 million`, `The AUD 2.5 million grant`: a noun of money with the
    sentence's own amount introduces that sum; it does not point back to an earlier one."""
    if head.text not in rules.back_money_heads or head.text in rules.back_part_heads:
        return False
    if any(start <= a.char_start < head.end for a in amounts):
        return True
    of = _OF.match(text, head.end)
    return of is not None and any(a.char_start == of.end() for a in amounts)


_OF = re.compile(r"\s{0,5}of \s{0,7}")  # `grant of AUD 2.5 million`: what stands before the sum


def pick_programme(
    context: Context,
    words: list[Word],
    amount: Mention,
    start: int,
    end: int,
    donor: Actor | None,
    rules: FundingRules,
    theirs: Callable[[Actor], bool] = lambda _: False,
) -> ProgrammeCandidate | None:
    """The programme the money is for: one the amount introduces (`US$ 2 million for the
    SCORE programme`, `... to support Better Work Jordan`), else, of several before the
    amount, the nearest (`builds on the earlier "X" project, funded by Canada with CAD 4.5
    million`), else the first programme of the sentence; never the donor (`the Peacebuilding
    Fund has allocated`), a programme whose name holds the amount (a headline taken as a
    title) or one that ``theirs`` gives to another amount's clause (`Sida provided SEK 85
    million for Better Work; KOICA gave ...`)."""
    programmes = [
        p
        for p in context.inside(context.programmes, start, end)
        if isinstance(p, ProgrammeCandidate)
        and not (donor and donor.start == p.mention.char_start)
        and not theirs(Actor(p.name, None, p.mention.char_start, p.mention.char_end))
        and (p.name.split()[-1] not in rules.source_heads or _paid_into(words, p.mention))
        and not p.mention.char_start <= amount.char_start < p.mention.char_end
        and not _introduced_by_another(context, words, amount, p.mention, start, end, rules)
    ]
    introduced = [
        p
        for p in programmes
        if p.mention.char_start >= amount.char_end
        and word_gap(words, amount, p.mention) <= rules.programme_window
        and word_before(words, p.mention.char_start, ARTICLES) in rules.programme_before
    ]
    if introduced:
        return introduced[0]
    before = [p for p in programmes if p.mention.char_end <= amount.char_start]
    if len(before) > 1:
        return before[-1]
    return programmes[0] if programmes else None


def _introduced_by_another(
    context: Context,
    words: list[Word],
    amount: Mention,
    programme: Mention,
    start: int,
    end: int,
    rules: FundingRules,
) -> bool:
    """Another amount of the sentence introduces the programme: it is the nearest amount
    before it, within the window, and a word of `programme_before` leads the programme in
    (`DKK 61.5 million disbursed, including DKK 15 million for Better Work Bangladesh`: the
    part's programme, not the total's)."""
    if word_before(words, programme.char_start, ARTICLES) not in rules.programme_before:
        return False
    before = [a for a in context.own_amounts(start, end) if a.char_end <= programme.char_start]
    if not before or before[-1].char_start == amount.char_start:
        return False
    return word_gap(words, before[-1], programme) <= rules.programme_window


def _instrument(programme: ProgrammeCandidate, rules: FundingRules) -> bool:
    """A fund or an account money goes through (`Regular Budget Supplementary Account`,
    `Joint SDG Fund`), not a programme with phases and projects of its own."""
    words = programme.name.lower().split()
    return bool(words) and words[-1] in rules.instrument_heads


def _organization_named(context: Context, before: int, stems: Sequence[str]) -> bool:
    """An organization whose name holds one of ``stems`` is mentioned before ``before``."""
    return any(
        any(s in o.name.lower() for s in stems)
        for o in context.organizations
        if o.mention.char_end <= before
    )


def referred_mention(
    context: Context, before: int, rules: FundingRules, head: str | None = None
) -> tuple[ProgrammeCandidate | None, Mention | None]:
    """What `the project` refers to: the last programme mentioned before ``before`` whose
    name holds the back-reference's head (`the partnership` -> `Korea-ILO Partnership
    Programme`), else the last programme (not a fund or an account, unless the head names
    one or there is no other), and its mention; nothing where no programme's name holds a
    fund's head that an organization's does; else the last country mentioned shortly before
    (its sentence)."""
    earlier = [p for p in context.programmes if p.mention.char_end <= before]
    if earlier:
        stems = rules.back_head_names.get(head or "", ())
        named = [p for p in earlier if any(s in p.name.lower() for s in stems)]
        if (
            not named
            and head in rules.instrument_heads
            and _organization_named(context, before, stems)
        ):  # `the Fund` after `Qatar Fund For Development`: the organization, no programme
            return None, None
        if head not in rules.instrument_heads:  # `the first phase` is no fund's
            earlier = [p for p in earlier if not _instrument(p, rules)] or earlier
        chosen = (named or earlier)[-1]
        assert isinstance(chosen, ProgrammeCandidate)
        return chosen, chosen.mention
    near = [
        c.mention
        for c in context.countries
        if before - rules.refers_back_chars <= c.mention.char_start and c.mention.char_end <= before
    ]
    return None, (near[-1] if near else None)
