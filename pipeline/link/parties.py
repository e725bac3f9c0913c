"""Donor and recipient: the actors of the amount's sentence (organizations, countries that
are not inside an organization's name, funds that give) and which of them gives or receives
the money (docs/funding.md, "Donor and recipient")."""

from __future__ import annotations

import re

from pipeline.link.context import (
    ARTICLES,
    Actor,
    Context,
    country_name,
    index_before,
    inside_programme,
    word_before,
)
from pipeline.link.references import fund_name, generic_actors
from pipeline.link.roles import (
    COORDINATION,
    after_comma_and,
    agreement_partner,
    antecedent,
    channel,
    coordinated,
    fund_owner,
    funding_agent,
    in_office,
    is_country_actor,
    joined,
    joined_partner,
    past_place,
    place_lists,
    posted,
    takes_share,
    teller,
    told_by,
)
from pipeline.link.rules import FundingRules
from pipeline.link.words import Word, ends_with
from schemas import (
    CountryCandidate,
    Mention,
    OrganizationCandidate,
    OrganizationType,
    ProgrammeCandidate,
)


def actors(context: Context, start: int, end: int, rules: FundingRules) -> list[Actor]:
    """Organizations, countries not inside an organization, and funds that give, in order."""
    found: list[Actor] = []
    orgs = [c for c in context.inside(context.organizations, start, end)]
    for org in orgs:
        assert isinstance(org, OrganizationCandidate)
        if org.name == rules.default_recipient and joined(context.text, org.mention, rules):
            continue  # `ILO-Japan sign ...`: a pair that signs; who gives is not said
        iso3 = org.iso3 if org.type is OrganizationType.GOVERNMENT else None
        found.append(
            Actor(
                org.name,
                iso3,
                org.mention.char_start,
                org.mention.char_end,
                org.name == rules.default_recipient,
            )
        )
    taken = [(a.start, a.end) for a in found]
    for country in context.inside(context.countries, start, end):
        assert isinstance(country, CountryCandidate)
        m = country.mention
        if any(s <= m.char_start and m.char_end <= e for s, e in taken):
            continue
        if inside_programme(context, m) or joined_partner(context, m, rules):
            continue
        found.append(Actor(country_name(country.iso3), country.iso3, m.char_start, m.char_end))
    route = _routes(context.text, found)
    found = [a for a in found if (a.start, a.end) not in route]
    for match in rules.demonym_actor.finditer(context.text, start, end):
        at, stop = match.span(1)  # `Swiss support`, `the Norwegian Ambassador`
        if not context.in_name(at, stop):
            iso3 = rules.demonyms[match.group(1)]
            found.append(Actor(country_name(iso3), iso3, at, stop))
    found.extend(generic_actors(context, start, end, rules))
    for programme in context.inside(context.programmes, start, end):
        assert isinstance(programme, ProgrammeCandidate)
        if fund_name(programme.name, rules):
            m = programme.mention
            found.append(Actor(programme.name, None, m.char_start, m.char_end))
    return sorted(found, key=lambda a: a.start)


Clause = tuple[int, int]


_JOINER = re.compile(r"(?:\s*,)?\s+(?:and|or)\s+(?:the\s+)?|\s*,\s*(?:the\s+)?")
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
TO_ACTOR = re.compile(r"\s+to\s+(?:the\s+)?", re.IGNORECASE)  # `... to the ILO`


def _routes(text: str, found: list[Actor]) -> set[tuple[int, int]]:
    """The countries of a route, `from Nepal and Bangladesh to Malaysia`: where people or
    goods go, so neither the giver (`from X`) nor the receiver (`to X`) of the money."""
    countries = sorted((a for a in found if is_country_actor(a)), key=lambda a: a.start)
    groups: list[list[Actor]] = []
    for actor in countries:
        if groups and _JOINER.fullmatch(text, groups[-1][-1].end, actor.start):
            groups[-1].append(actor)
        else:
            groups.append([actor])
    route: set[tuple[int, int]] = set()
    for first, second in zip(groups, groups[1:], strict=False):
        opening = text[max(0, first[0].start - 12) : first[0].start]
        if _FROM.search(opening) and TO_ACTOR.fullmatch(text, first[-1].end, second[0].start):
            route.update((a.start, a.end) for a in first + second)
    return route


_BEFORE_OWN_AMOUNT = re.compile(r"\s*\(\s*")  # `Luxembourg (EUR 2 million)`
_GAPPED = re.compile(r"\s*:?\s*")  # `... and the Ford Foundation US$ 2 million`
# `..., and Switzerland, through the SDC, CHF 6 million`: the channel between
_GAPPED_CHANNEL = re.compile(r"\s*,\s*(?:through|via)\s+[^,;:]{1,80},\s*")
_FROM_AFTER = re.compile(r"\s+(?:(?:came|comes|will\s+come)\s+)?from\s+(?:the\s+)?", re.I)


def attached_donor(
    text: str,
    words: list[Word],
    found: list[Actor],
    amount: Mention,
    amounts: list[Mention],
    rules: FundingRules,
) -> Actor | None:
    """A donor written against its own amount, in a list of donors and their sums: the
    amount in parentheses right after it (`Luxembourg (EUR 2 million)`), the amount right
    after it where an earlier amount of the sentence had the verb (`the Laudes Foundation
    pledged US$ 3 million and the Ford Foundation US$ 2 million`; a channel between: `and
    Switzerland, through the SDC, CHF 6 million`), or `from X` right after
    the amount (`of which US$ 96 million came from the EU and US$ 41 million from USDOL`)."""
    earlier = [m for m in amounts if m.char_end <= amount.char_start]
    for actor in found:
        if actor.start < 0 or actor.end > amount.char_start:
            continue
        if is_country_actor(actor):
            places = [a for a in coordinated(text, found, actor) if a.start <= actor.start]
            while len(places) > 1 and not is_country_actor(places[0]):
                places.pop(0)
            if word_before(words, places[0].start, ARTICLES) in rules.not_subject_before:
                continue  # `the programme in Cabo Verde and Senegal: EUR 3 million` is a place
        between = text[actor.end : amount.char_start]
        if _BEFORE_OWN_AMOUNT.fullmatch(between):
            return actor
        gapped = _GAPPED.fullmatch(between) or _GAPPED_CHANNEL.fullmatch(between)
        if gapped and any(m.char_end <= actor.start for m in earlier):
            return actor
    for actor in found:
        if actor.start >= amount.char_end and _FROM_AFTER.fullmatch(
            text, amount.char_end, actor.start
        ):
            return actor
    return None


def pick_donor(
    text: str,
    words: list[Word],
    found: list[Actor],
    before: int,
    rules: FundingRules,
    clause: Clause | None = None,
    speaker: Actor | None = None,
    verb: bool = False,
) -> Actor | None:
    """`X-funded`; `funded by X`; `from X`; `X's contribution`; `by X` (not `implemented by
    X`); `the contribution of X`; else the first actor of the amount's clause before it that no
    preposition introduces (the ILO only when nothing else qualifies: it is named in
    datelines, titles and news labels far more often than it gives); else, where the
    sentence speaks in the first person of giving (`our contribution`), who says it (`said the
    EU Ambassador`), else the document's speaker."""
    everyone = found
    found = [
        a
        for a in found
        if not attributed(words, a, rules)
        and not takes_share(words, a, rules)
        and not receives(words, a, rules)
    ]
    low, high = clause if clause is not None else (-1, len(text))
    local = [a for a in found if low <= a.start and a.end <= high]
    relative = antecedent(text, words, found, before, rules) if verb else None
    if relative is not None:  # `Norad, which has pledged NOK 60 million (from its budget)`
        actor, opens = relative
        inside = [
            a for a in local if a.start >= opens and not NEW_CLAUSE.search(text, opens, a.start)
        ]
        return _marked_donor(text, words, inside, rules, before) or actor
    chosen = _marked_donor(text, words, local, rules, before)
    aside = _aside(text, words, chosen, before, rules) if chosen is not None and verb else -1
    if aside >= 0:  # `the JFPR, financed by Japan and administered by ADB, has granted ...`
        ahead = [a for a in local if a.end <= aside]
        chosen = _subject(text, words, ahead, aside, rules, verb=False) or chosen
    if chosen is None:
        chosen = _subject(text, words, local, before, rules, verb)
    if chosen is None or chosen.is_ilo:
        chosen = agreement_partner(words, local, rules) or chosen
    if chosen is not None:
        return chosen
    chosen = _marked_donor(text, words, found, rules, before)
    if chosen is not None:
        return chosen
    if speaks_of_giving(words, low, high, rules):
        return teller(words, everyone, rules) or speaker
    return None


def _marked_donor(
    text: str, words: list[Word], found: list[Actor], rules: FundingRules, before: int = -1
) -> Actor | None:
    """The first of ``found`` that a donor's mark names: `X-funded`, `funded by X`, `from X`,
    `X's contribution`, `by X` (not `implemented by X`), `an X grant`, `the contribution of X`
    (not `in support of X`).
    A possessive in a clause of its own after the amount's verb at ``before`` (`Australia
    will transfer AUD 2 million, and KOICA's pledge is ...`) is another sum's."""
    for actor in found:  # `an EU-funded project`
        if text.startswith(rules.funded_suffixes, actor.end):
            return actor
    funded = [
        (by, actor)
        for actor in found
        if (by := index_before(words, actor.start, ARTICLES)) >= 0
        and words[by].text in rules.by_words
        and ends_with(words, by - 1, rules.funded_by)
    ]
    if funded:  # `funded by X`; the one of the amount's verb first (`..., and co-financed
        # by the Government of Morocco with MAD 30 million`)
        own = [actor for by, actor in funded if words[by - 1].start >= before >= 0]
        return (own or [funded[0][1]])[0]
    for actor in found:  # `from X`, but not `technical support from X`
        at = index_before(words, actor.start, ARTICLES)
        through = next((len(p) for p in rules.from_through if ends_with(words, at, (p,))), 0)
        if through and at - through >= 0:  # `from the people of Australia`
            at = index_before(words, words[at - through + 1].start, ARTICLES)
        marked = at >= 0 and words[at].text in rules.from_words
        if marked and not ends_with(words, at - 1, rules.not_donor_from):
            return actor
        if _listed_giver(words, found, actor, at, rules):
            return actor
    for actor in found:  # `X's contribution`, `X’s total contributions`
        if text[actor.end : actor.end + 2] in ("'s", "’s"):
            if 0 <= before < actor.start and NEW_CLAUSE.search(text, before, actor.start):
                continue
            following = [w.text for w in words if w.start >= actor.end + 2][:3]
            if rules.possessive_nouns.intersection(following):
                return actor
    for actor in found:  # `by X`, but not `implemented by X`
        by = index_before(words, actor.start, ARTICLES)
        marked = by >= 0 and words[by].text in rules.by_words
        if marked and not ends_with(words, by - 1, rules.not_donor_by):
            return actor
    for actor in found:  # `an IDA credit of`, `the action's EU funding`: X's money
        noun = next((w.text for w in words if w.start >= actor.end), "")
        if noun in rules.attributive_nouns and text[actor.end : actor.end + 1] == " ":
            return actor
    for actor in found:  # `the contribution of X`
        of = index_before(words, actor.start, ARTICLES)
        noun = words[of - 1].text if of >= 1 and words[of].text == "of" else ""
        # `in support of X` is for X
        if noun in rules.possessive_nouns and (of < 2 or words[of - 2].text != "in"):
            return actor
    return None


NEW_CLAUSE = re.compile(r",\s+(?:and|while|whereas)\b|;")
_PERFECT = frozenset({"has", "have", "had", "today"})


# A label's end: `Tanzania: a grant of ...`, a dotted leader (`Ethiopia ....... US$ 4.2M`).
_LABEL_AFTER = re.compile(r":|[ \t]*(?:\.{4,}|…{2,})")


def _listed_giver(
    words: list[Word], found: list[Actor], actor: Actor, at: int, rules: FundingRules
) -> bool:
    """A list opened at word ``at`` shortly after a `from` phrase that names no actor has the
    actor first: `funding from foundations, including the Novo Nordisk Foundation`."""
    if at < 0 or not ends_with(words, at, rules.listing_words):
        return False
    for k in range(at - 1, max(-1, at - 1 - rules.listing_reach), -1):
        if words[k].text in rules.from_words:
            return not ends_with(words, k - 1, rules.not_donor_from) and not any(
                words[k].end <= a.start < actor.start for a in found
            )
    return False


def _subject(
    text: str,
    words: list[Word],
    local: list[Actor],
    before: int,
    rules: FundingRules,
    verb: bool,
) -> Actor | None:
    """The subject of the verb that governs the amount (``before``: where that verb, or the
    amount, starts): the actors nearest before it that no preposition introduces, with those
    coordinated with them (`Denmark and the ILO signed`, `ADM, Cargill and Nestlé have
    pledged`: the first named; the ILO only when no other actor qualifies, or after `, and`).
    Not a label (`Tanzania: a grant of ...`), nor a subject that receives (`UNICEF and UNHCR
    will receive`)."""
    places = place_lists(text, words, local, rules)
    eligible = [
        actor
        for actor in local
        if actor.end <= before
        and actor not in places
        and _may_be_subject(text, words, actor, before, rules)
        and not _LABEL_AFTER.match(text, actor.end)
        and not relative_subject(words, actor, rules)
    ]
    if not eligible:
        return None
    if not verb:  # no verb governs the amount: the first actor of the clause
        others = [a for a in eligible if not a.is_ilo]
        return (others or eligible)[0]
    group = [eligible[-1]]
    for previous in reversed(eligible[:-1]):
        if not COORDINATION.fullmatch(text, previous.end, group[0].start):
            break
        group.insert(0, previous)
    following = [w.text for w in words if w.start >= group[-1].end][:2]
    if rules.receive_words.intersection(following):
        return None
    others = [a for a in group if not a.is_ilo]
    if others:
        return others[0]
    if after_comma_and(text, words, group[0]):
        return group[0]  # `..., and the ILO will add US$ 350,000`: a clause of its own
    earlier = [a for a in eligible if not a.is_ilo]  # `Japan, a partner of the ILO, gave`
    return earlier[-1] if earlier else group[0]


def _may_be_subject(
    text: str, words: list[Word], actor: Actor, before: int, rules: FundingRules
) -> bool:
    """No preposition introduces the actor; after `and` only right before the verb (`... and
    the UK will add £4 million`, but not `The Minister and ILO Director-General ... signed`)."""
    introduced = word_before(words, actor.start, ARTICLES)
    if introduced == "of" and in_office(words, actor.start, rules):
        return True  # `the Ambassador of Norway signed`: the country acts
    if introduced in rules.not_subject_before:
        return False
    if introduced != "and":
        return True
    if after_comma_and(text, words, actor):
        return True  # `..., and the European Union has indicated it could provide`
    between = {w.text for w in words if actor.end <= w.start and w.end <= before}
    return (
        between
        <= rules.flow.auxiliaries | rules.flow.future_markers | rules.flow.future_skip | _PERFECT
    )


def speaks_of_giving(words: list[Word], low: int, high: int, rules: FundingRules) -> bool:
    """`our contribution`, `we have decided to double ...`, `we will provide`: the speaker
    gives (within the amount's clause)."""
    clause = [w for w in words if low <= w.start and w.end <= high]
    window = rules.speaker_window
    verbs = {w for phrase, _ in rules.flow.verbs + rules.flow.base_verbs for w in phrase[:1]}
    verbs |= rules.flow.commitment_governors
    for i, word in enumerate(clause):
        following = {w.text for w in clause[i + 1 : i + 1 + window]}
        if word.text in rules.speaker_our and following & rules.possessive_nouns:
            return True
        if word.text in rules.speaker_we and following & verbs:
            return True
    return False


def attributed(words: list[Word], actor: Actor, rules: FundingRules) -> bool:
    """Who tells, not who gives: `according to the ILO`, `said an ILO press release`."""
    after = [w.text for w in words if w.start >= actor.end]
    if told_by(words, actor, rules):
        return not (after and after[0] in rules.reported_subject_next)  # `said Japan would`
    own = [w.text for w in words if actor.start <= w.start and w.end <= actor.end]  # `ILO News`
    return any(
        p in (tuple(after[: len(p)]), tuple(own[-len(p) :])) for p in rules.attribution_after
    )


def pick_recipient(
    words: list[Word],
    found: list[Actor],
    donor: Actor | None,
    rules: FundingRules,
    clause: Clause | None = None,
    contrast: Clause | None = None,
) -> Actor | None:
    """The first organization after `to`/`for`/`through` (or `implemented by`), one that
    receives, a country after `to` in the amount's clause (`a loan to Pakistan`), the ILO
    named in the amount's clause, or (a country's contribution on a donor page) the ILO."""
    others = [a for a in found if a != donor and not (donor and a.name == donor.name)]
    if donor is not None and donor.iso3 is not None:  # `Germany, through its BMZ, gives`
        others = [a for a in others if a.iso3 != donor.iso3]
    others = [a for a in others if not attributed(words, a, rules)]
    organizations = [a for a in others if a.is_ilo or not is_country_actor(a)]
    low, high = clause if clause is not None else (-1, 1 << 62)
    local = [a for a in organizations if low <= a.start and a.end <= high]
    for actor in local:  # `the ILO's share is US$ 800,000`
        if takes_share(words, actor, rules):
            return actor
    for pool in (local, organizations):
        for actor in pool:
            if word_before(words, actor.start, ARTICLES) in rules.to_words and not channel(
                words, actor, donor
            ):
                return fund_owner(words, actor, organizations)
        for actor in pool:
            before = index_before(words, actor.start, ARTICLES)
            if ends_with(words, before, rules.implementer_before):
                return actor
        for actor in pool:
            if receives(words, actor, rules):
                return actor
        for actor in pool:  # `has awarded UNICEF a grant of`, `is funding X with`
            if not is_country_actor(actor) and word_before(words, actor.start, ARTICLES) in (
                rules.object_verbs
            ):
                return actor
    countries = [a for a in others if is_country_actor(a) and low <= a.start and a.end <= high]
    for actor in countries:  # `a loan to Pakistan`: the country receives
        if word_before(words, actor.start, ARTICLES) == "to" and not posted(words, actor, rules):
            return actor
    low, high = contrast if contrast is not None else (low, high)
    ilo = next((a for a in organizations if a.is_ilo and low <= a.start and a.end <= high), None)
    if ilo is not None:
        return ilo
    if (
        donor is not None
        and donor.iso3 is not None
        and rules.default_recipient_cues.intersection(w.text for w in words)
    ):
        return Actor(rules.default_recipient, None, -1, -1, True)
    return None


def relative_subject(words: list[Word], actor: Actor, rules: FundingRules) -> bool:
    """The actor is the subject of a relative clause about another actor (`the Fund, which
    the AfDB manages, has granted`), not of one the amount is in (`for which the Ministry
    approved DKK 75 million`, `to which the EU contributed`: a preposition before `which`)."""
    at = index_before(words, actor.start, ARTICLES)
    if at < 0 or words[at].text not in rules.relative_words:
        return False
    return at == 0 or words[at - 1].text not in rules.relative_prepositions


def receives(words: list[Word], actor: Actor, rules: FundingRules) -> bool:
    """`UNICEF received ...`, `the Ministry will implement ...`, `TPAWU has been awarded a
    grant`: who gets the money; also past a relative clause (`the ILO, which leads the
    programme, will receive`), but not an actor that opens one (`the Fund, which the AfDB
    manages, has granted`: the Fund gives)."""
    if relative_subject(words, actor, rules):
        return False
    if funding_agent(words, actor.start, rules):
        return False  # `The project, funded by Norway, will receive`: the project does
    if is_country_actor(actor) and word_before(words, actor.start, ARTICLES) in rules.place_before:
        return False  # `Twelve unions in Indonesia will receive`: the unions do
    following = [w.text for w in words if w.start >= actor.end]
    following = past_place(following, rules)[: rules.relative_reach]  # `UNICEF in Turin, which`
    if following and following[0] in rules.relative_words:
        # `which leads the programme, will receive`; not `which the AfDB manages`: its verb
        # is another subject's
        own_subject = len(following) > 1 and following[1] in ARTICLES
        return not own_subject and bool(rules.receive_words.intersection(following))
    if rules.receive_words.intersection(following[:2]):
        return True
    near = following[:3]
    return any(
        a in rules.passive_be and b in rules.passive_receive
        for a, b in zip(near, near[1:], strict=False)
    )


def _aside(text: str, words: list[Word], actor: Actor, before: int, rules: FundingRules) -> int:
    """Where the aside opens (its comma) when the actor is the agent of a verb of funding in
    an aside between commas that closes before the amount's verb at ``before``: it funds the
    subject the aside is about, which gives this money (`the JFPR, financed by Japan, has
    granted the ILO US$ 2 million`); else -1."""
    if not funding_agent(words, actor.start, rules) or actor.end >= before:
        return -1
    by = index_before(words, actor.start, ARTICLES)
    length = max(len(p) for p in rules.funded_by if ends_with(words, by - 1, (p,)))
    opening = text[: words[by - length].start].rstrip()
    if not opening.endswith(",") or "," not in text[actor.end : before]:
        return -1
    return len(opening) - 1
