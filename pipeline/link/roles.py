"""What the words around an actor say of its part: an office's country (`the Ambassador of
Norway`, and where it is posted; a later `The Minister` is that office's), the ILO's partner
to an agreement, a name glued to a partner's (`ILO-Japan`), the actor a relative clause
follows (`Norad, which has pledged`) and the place between them (`in Turin, which`), a
fund's owner (`the Trust Fund of the ILO`), the actors named in one list (`from Germany, the
Netherlands and Norway`) and a list of places (`covering Nepal, Bhutan and Laos`), an actor a
headline says is given money (`ILO awarded $9.8 million to ...`), a donor's channel (`Malawi,
through the Ministry of Finance`), an actor's share (`UNICEF's share`), the agent of a verb
of funding (`funded by X`), who a quote is attributed to (`said the EU Ambassador`), the
subject of a clause of its own after `, and`, whether an actor is a country. Used by
`parties`, `sums`, `fields` and `countries` (docs/funding.md, "Donor and recipient")."""

from __future__ import annotations

import re

from pipeline.link.context import (
    ARTICLES,
    Actor,
    Context,
    country_name,
    index_before,
    word_before,
)
from pipeline.link.rules import FundingRules
from pipeline.link.words import Word, ends_with, line_around, locate_sentence, words_of
from schemas import CountryCandidate, Mention


def agreement_partner(words: list[Word], found: list[Actor], rules: FundingRules) -> Actor | None:
    """The ILO's partner to an agreement, who gives: the first actor other than the ILO after
    `with`/`between` shortly after an agreement word (`signed an agreement with the
    Government of Italy`, `a partnership between the ILO and Qatar`)."""
    for i, word in enumerate(words):
        if word.text not in rules.agreement_words:  # words are lowercased
            continue
        window = words[i + 1 : i + 1 + rules.agreement_window]
        joiner = next((w for w in window if w.text in rules.agreement_joiners), None)
        if joiner is None:
            continue
        last = window[-1].end
        partner = next((a for a in found if joiner.end <= a.start <= last and not a.is_ilo), None)
        if partner is not None:
            return partner
    return None


_OFFICE_REACH = 6  # words before the preposition an office word may stand


def _office_before(words: list[Word], at: int, rules: FundingRules) -> bool:
    """An office word among the few words before ``words[at]`` (`the Minister of Labour of`)."""
    return at >= 1 and any(
        w.text in rules.office_words for w in words[max(0, at - _OFFICE_REACH) : at]
    )


def in_office(words: list[Word], start: int, rules: FundingRules) -> bool:
    """The country at ``start`` names a person's office: `the Ambassador of Norway`, `the
    Minister of Labour of Jordan`, `the ILO Country Director for Ghana` (an office word, then
    `of` or `for`, before it)."""
    of = index_before(words, start, ARTICLES)
    return of >= 1 and words[of].text in ("of", "for") and _office_before(words, of, rules)


def posted(words: list[Word], actor: Actor, rules: FundingRules) -> bool:
    """`the Ambassador of Japan to Cambodia`: the country after `to` is where an office is
    posted (an office word shortly before the `to`), not who receives."""
    return _office_before(words, index_before(words, actor.start, ARTICLES), rules)


def joined(text: str, mention: Mention, rules: FundingRules) -> bool:
    """The mention is glued to a partner's name (`ILO-Japan`, `Korea-ILO`)."""
    before = text[max(0, mention.char_start - 2) : mention.char_start]
    after = text[mention.char_end : mention.char_end + 2]
    return (before[-1:] in rules.partner_joiners and before[:1].isalpha()) or (
        after[:1] in rules.partner_joiners and after[1:].isupper()
    )


def joined_partner(context: Context, mention: Mention, rules: FundingRules) -> bool:
    text = context.text
    before = text[max(0, mention.char_start - 1) : mention.char_start]
    after = text[mention.char_end : mention.char_end + 1]
    return before in rules.partner_joiners or after in rules.partner_joiners


def office_subject(words: list[Word], before: int, rules: FundingRules) -> bool:
    """`The Minister and ILO Director-General Guy Ryder signed ...`: a person's office named
    by its title alone (`the` and an office word, no `of` after it) before ``before``."""
    for i, word in enumerate(words[:-1]):
        if words[i + 1].end > before:
            break
        if word.text == "the" and words[i + 1].text in rules.office_words:
            after = words[i + 2].text if i + 2 < len(words) else ""
            if after != "of":
                return True
    return False


def office_countries(context: Context, rules: FundingRules) -> list[CountryCandidate]:
    """The countries the document names as a person's office (`Fátima Báñez, Minister of
    Employment and Social Security of Spain`), in text order; found once per document."""
    memo = context.memo.get("office_countries")
    if isinstance(memo, list):
        return memo
    found: list[CountryCandidate] = []
    sentences: dict[tuple[int, int], list[Word]] = {}
    for country in context.countries:
        if not isinstance(country, CountryCandidate):
            continue
        span = locate_sentence(context.text, country.mention)
        if span not in sentences:
            sentences[span] = words_of(context.text, *span)
        if in_office(sentences[span], country.mention.char_start, rules):
            found.append(country)
    context.memo["office_countries"] = found
    return found


def office_country(context: Context, start: int, rules: FundingRules) -> Actor | None:
    """The country of the last office named with its country before ``start`` (`Fátima
    Báñez, Minister of Employment and Social Security of Spain, ...`), as an actor of no
    place in the amount's sentence."""
    for country in reversed(office_countries(context, rules)):
        if country.mention.char_end <= start:
            return country_actor(country)
    return None


def country_actor(country: CountryCandidate) -> Actor:
    """A country as an actor of no place in the amount's sentence."""
    return Actor(country_name(country.iso3), country.iso3, -1, -1)


_ANTECEDENT_GAP = re.compile(r"\s*(?:\([^()]{1,40}\))?\s*,\s*$")  # `Norad (NOR), which`


def antecedent(
    text: str, words: list[Word], found: list[Actor], verb: int, rules: FundingRules
) -> tuple[Actor, int] | None:
    """`Norad, which has pledged NOK 60 million`: the amount's verb at ``verb`` opens a
    relative clause (`which` or `who` at most `antecedent_reach` words before it, no actor
    between: `which has already pledged`), and the actor the clause follows gives. Returns
    that actor and where the clause opens."""
    at = index_before(words, verb)
    first = at
    while (
        first >= 0
        and at - first < rules.antecedent_reach
        and words[first].text not in rules.relative_words
    ):
        first -= 1
    if first < 0 or words[first].text not in rules.relative_words:
        return None
    opens = words[first].start
    if any(opens <= a.start < verb for a in found):
        return None  # `which the AfDB manages`: the clause has a subject of its own
    before = [a for a in found if a.end <= opens and _ANTECEDENT_GAP.match(text[a.end : opens])]
    return (before[-1], opens) if before else None


def past_place(following: list[str], rules: FundingRules) -> list[str]:
    """The words after an actor, past the place it is in when a relative clause follows (`the
    ITC-ILO in Turin, which received`, `UNICEF, based in New York, which`)."""
    at = 1 if following[:1] == ["based"] else 0
    if following[at : at + 1] == ["in"]:
        for gap in (1, 2, 3):  # `in Turin`, `in New York`, `in Dar es Salaam`
            rest = following[at + 1 + gap :]
            if rest[:1] and rest[0] in rules.relative_words:
                return rest
    return following


def fund_owner(words: list[Word], actor: Actor, organizations: list[Actor]) -> Actor:
    """`the Trust Fund of the ILO`: a fund followed by `of` and an organization is that
    organization's (it receives the money)."""
    if actor.iso3 is not None or actor.is_ilo:
        return actor
    for other in organizations:
        if other.start > actor.end:
            between = [w.text for w in words if actor.end <= w.start and w.end <= other.start]
            if between and between[0] == "of" and set(between[1:]) <= ARTICLES:
                return other
            break
    return actor


# Actors joined in one list: commas, `and`, `&`, `as well as`, an article.
COORDINATION = re.compile(r"[\s,]*(?:and|&|as well as)?[\s,]*(?:the\s+)?", re.IGNORECASE)


def coordinated(text: str, found: list[Actor], actor: Actor) -> list[Actor]:
    """The actors named in one list with ``actor`` (`from Germany, the Netherlands and
    Norway`), ``actor`` included, in order."""
    at = found.index(actor) if actor in found else -1
    if at < 0:
        return [actor]
    low = high = at
    while low > 0 and COORDINATION.fullmatch(text, found[low - 1].end, found[low].start):
        low -= 1
    while high + 1 < len(found) and COORDINATION.fullmatch(
        text, found[high].end, found[high + 1].start
    ):
        high += 1
    return found[low : high + 1]


def place_lists(
    text: str, words: list[Word], local: list[Actor], rules: FundingRules
) -> list[Actor]:
    """The actors of lists that `place_list_words` lead in (`covering Bangladesh, Cambodia
    and Pakistan`): each is a place."""
    return [
        actor
        for lead in local
        if word_before(words, lead.start, ARTICLES) in rules.place_list_words
        for actor in coordinated(text, local, lead)
    ]


_BLANK_AFTER = re.compile(r"[ \t]*(?:\n[ \t]*\n|\n?[ \t]*\Z)")


def _blank_line_before(text: str, first: int) -> bool:
    """The line that starts at ``first`` opens the text or follows a blank line."""
    at = first - 2  # the character before the line's own line break
    while at >= 0 and text[at] in " \t":
        at -= 1
    return first == 0 or at < 0 or text[at] == "\n"


def headline_passive(
    text: str, words: list[Word], actor: Actor, amount: Mention, rules: FundingRules
) -> bool:
    """A headline drops its `is`: `International Labour Organization awarded $9.8 million to
    address ...` says the actor is awarded the money. A line of its own that ends with no
    full stop (a title), the actor right before a `headline_passive` verb and the amount."""
    first, line_end = line_around(text, amount.char_start, amount.char_end)
    line = text[first:line_end].strip()
    if actor.start < first or line.endswith((".", "!", "?", ":")) or len(line.split()) > 20:
        return False
    alone = _blank_line_before(text, first) and _BLANK_AFTER.match(text, line_end)
    if not alone:  # a wrapped line of a paragraph ends with no full stop either
        return False
    between = [w.text for w in words if actor.end <= w.start and w.end <= amount.char_start]
    return len(between) == 1 and between[0] in rules.headline_passive


def channel(words: list[Word], actor: Actor, donor: Actor | None) -> bool:
    """The actor is the donor's channel, right after the donor and `through` or `via`: `The
    Government of Malawi, through the Ministry of Finance, will contribute`."""
    at = index_before(words, actor.start, ARTICLES)
    return (
        donor is not None
        and at >= 1
        and words[at].text in ("through", "via")
        and words[at - 1].end == donor.end
    )


def takes_share(words: list[Word], actor: Actor, rules: FundingRules) -> bool:
    """`UNICEF's share`: the actor receives that part of the money. (The possessive is part
    of the word that holds the actor's last letters: `unicef's`.)"""
    for k, word in enumerate(words):
        if word.start < actor.end <= word.end:
            return (
                word.text.endswith(("'s", "’s"))
                and k + 1 < len(words)
                and words[k + 1].text in rules.share_words
            )
    return False


def is_country_actor(actor: Actor) -> bool:
    return actor.iso3 is not None and actor.name == country_name(actor.iso3)


def funding_agent(words: list[Word], start: int, rules: FundingRules) -> bool:
    """The actor at ``start`` is the agent of a verb of funding: `funded by X`, `financed by
    the X`."""
    by = index_before(words, start, ARTICLES)
    return (
        by >= 0 and words[by].text in rules.by_words and ends_with(words, by - 1, rules.funded_by)
    )


def told_by(words: list[Word], actor: Actor, rules: FundingRules) -> bool:
    """A word of ``rules.attribution_before`` comes right before the actor (`said the EU
    Ambassador`, `according to the ILO`)."""
    return ends_with(words, index_before(words, actor.start, ARTICLES), rules.attribution_before)


def teller(words: list[Word], found: list[Actor], rules: FundingRules) -> Actor | None:
    """Who a quote is attributed to (`"We are proud to support ...," said the EU
    Ambassador`): the first actor `told_by` marks."""
    return next((actor for actor in found if told_by(words, actor, rules)), None)


def after_comma_and(text: str, words: list[Word], actor: Actor) -> bool:
    """`, and` right before the actor (articles between): the subject of a clause of its
    own."""
    at = index_before(words, actor.start, ARTICLES)
    if at < 0 or words[at].text != "and":
        return False
    i = words[at].start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i > 0 and text[i - 1] == ","
