"""Stage 4b (after normalize, before validate): amounts -> funding facts.

For each amount that is not a restatement (``equivalent_of``), the amount's sentence decides
whether it is money given, pledged, committed or budgeted (SPEC: Funding facts), and the
organizations, countries, programmes and dates of that sentence fill the fact's slots. Where
the sentence refers back (``the project``, ``it``) and leaves a slot empty, the sentence of
the programme it refers to fills it. Every word list is data: ``funding_rules.json``
beside this module, read by `pipeline.link.rules` (docs/funding.md); `pipeline.link.words`
finds sentences and phrases.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.link.context import (
    ARTICLES,
    Actor,
    Context,
    country_name,
    inside_programme,
    word_before,
    word_gap,
)
from pipeline.link.flow import flow_of
from pipeline.link.period import pick_period
from pipeline.link.rules import FundingRules
from pipeline.link.words import Word, _find_phrases, locate_sentence, words_of
from schemas import (
    AmountCandidate,
    Candidate,
    CountryCandidate,
    DateCandidate,
    DocumentText,
    FundingCandidate,
    Mention,
    OrganizationCandidate,
    OrganizationType,
    ProgrammeCandidate,
    Rejection,
)


def actors(context: Context, start: int, end: int, rules: FundingRules) -> list[Actor]:
    """Organizations, countries not inside an organization, and funds that give, in order."""
    found: list[Actor] = []
    orgs = [c for c in context.inside(context.organizations, start, end)]
    for org in orgs:
        assert isinstance(org, OrganizationCandidate)
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
        if inside_programme(context, m) or _joined_partner(context, m, rules):
            continue
        found.append(Actor(country_name(country.iso3), country.iso3, m.char_start, m.char_end))
    for programme in context.inside(context.programmes, start, end):
        assert isinstance(programme, ProgrammeCandidate)
        if programme.name.split()[-1:] and programme.name.split()[-1] in (
            rules.donor_programme_heads
        ):
            m = programme.mention
            found.append(Actor(programme.name, None, m.char_start, m.char_end))
    return sorted(found, key=lambda a: a.start)


def is_funding(words: list[Word], amount: Mention, rules: FundingRules) -> bool:
    """Not a fact when a word of something else sits within the window around the amount."""
    inside = [i for i, w in enumerate(words) if amount.char_start <= w.start < amount.char_end]
    if not inside:
        return True
    low = max(0, inside[0] - rules.not_funding_window)
    high = inside[-1] + 1 + rules.not_funding_window
    window = words[low:high]
    return not _find_phrases(window, rules.not_funding)


def pick_donor(
    text: str, words: list[Word], found: list[Actor], amount: Mention, rules: FundingRules
) -> Actor | None:
    """`X-funded`; `from X`; `X's contribution`; else the first actor of the amount's
    clause before it that no preposition introduces (the ILO only when nothing else
    qualifies: it is named in datelines, titles and news labels far more often than it
    gives)."""
    for actor in found:  # `an EU-funded project`
        if text.startswith(rules.funded_suffixes, actor.end):
            return actor
    for actor in found:  # `from X`, `by X`
        if word_before(words, actor.start, ARTICLES) in rules.from_words:
            return actor
    for actor in found:  # `X's contribution`, `X’s total contributions`
        if text[actor.end : actor.end + 2] in ("'s", "’s"):
            following = [w.text for w in words if w.start >= actor.end + 2][:3]
            if rules.possessive_nouns.intersection(following):
                return actor
    breaks = [w.end for w in words if w.end <= amount.char_start and w.text in rules.clause_breaks]
    clause_start = breaks[-1] if breaks else -1
    subjects = [
        actor
        for actor in found
        if clause_start <= actor.start
        and actor.end <= amount.char_start
        and word_before(words, actor.start, ARTICLES) not in rules.not_donor_before
    ]
    others = [a for a in subjects if not a.is_ilo]
    chosen = others or subjects
    return chosen[0] if chosen else None


def pick_recipient(
    words: list[Word], found: list[Actor], donor: Actor | None, amount: Mention, rules: FundingRules
) -> Actor | None:
    """The first organization after `to`/`for`/`through`, one that receives, the ILO named
    in the sentence, or (a country's contribution on a donor page) the ILO."""
    others = [a for a in found if a != donor and not (donor and a.name == donor.name)]
    organizations = [a for a in others if a.is_ilo or not _is_country_actor(a)]
    for actor in organizations:
        if word_before(words, actor.start, ARTICLES) in rules.to_words:
            return actor
    for actor in organizations:
        following = [w for w in words if w.start >= actor.end][:2]
        if any(w.text in rules.receive_words for w in following):
            return actor
    ilo = next((a for a in organizations if a.is_ilo), None)
    if ilo is not None:
        return ilo
    if (
        donor is not None
        and donor.iso3 is not None
        and rules.default_recipient_cues.intersection(w.text for w in words)
    ):
        return Actor(rules.default_recipient, None, -1, -1, True)
    return None


def _is_country_actor(actor: Actor) -> bool:
    return actor.iso3 is not None and actor.name == country_name(actor.iso3)


def refers_back(words: list[Word], rules: FundingRules) -> bool:
    return bool(_find_phrases(words, rules.refers_back))


def first_back_reference(words: list[Word], rules: FundingRules) -> tuple[int, int] | None:
    """Where the first back-reference to a programme (`the programme`, `this project`; not
    `it`) starts and ends, or None."""
    found = [(i, p) for i, p in _find_phrases(words, rules.refers_back) if len(p) > 1]
    if not found:
        return None
    i, phrase = found[0]
    return words[i].start, words[i + len(phrase) - 1].end


def referred_mention(
    context: Context, before: int, rules: FundingRules
) -> tuple[ProgrammeCandidate | None, Mention | None]:
    """What `the project` refers to: the last programme mentioned before ``before`` (and
    its mention), else the last country mentioned shortly before (its sentence)."""
    earlier = [p for p in context.programmes if p.mention.char_end <= before]
    if earlier:
        return earlier[-1], earlier[-1].mention
    near = [
        c.mention
        for c in context.countries
        if before - rules.refers_back_chars <= c.mention.char_start and c.mention.char_end <= before
    ]
    return None, (near[-1] if near else None)


def link(
    document: DocumentText, results: Sequence[Candidate | Rejection], rules: FundingRules
) -> list[FundingCandidate]:
    """One funding fact candidate per funding amount, in amount order."""
    candidates = [r for r in results if not isinstance(r, Rejection)]
    context = Context(
        text=document.text,
        amounts=sorted(
            (c for c in candidates if isinstance(c, AmountCandidate)),
            key=lambda c: c.mention.char_start,
        ),
        organizations=[c for c in candidates if isinstance(c, OrganizationCandidate)],
        countries=[c for c in candidates if isinstance(c, CountryCandidate)],
        programmes=[c for c in candidates if isinstance(c, ProgrammeCandidate)],
        dates=[c for c in candidates if isinstance(c, DateCandidate)],
    )
    for items in (context.organizations, context.countries, context.programmes, context.dates):
        items.sort(key=lambda c: c.mention.char_start)
    facts = []
    for amount in context.amounts:
        if amount.equivalent_of is not None:
            continue
        mention = amount.mention
        start, end = locate_sentence(document.text, mention)
        words = words_of(document.text, start, end)
        if not is_funding(words, mention, rules):
            continue
        facts.append(fact_of(context, amount, start, end, words, rules))
    return facts


def fact_of(
    context: Context,
    amount: AmountCandidate,
    start: int,
    end: int,
    words: list[Word],
    rules: FundingRules,
) -> FundingCandidate:
    mention = amount.mention
    found = actors(context, start, end, rules)
    donor = pick_donor(context.text, words, found, mention, rules)
    recipient = pick_recipient(words, found, donor, mention, rules)
    programmes = [
        p
        for p in context.inside(context.programmes, start, end)
        if not (donor and donor.start == p.mention.char_start)
        and not p.mention.char_start <= mention.char_start < p.mention.char_end
    ]
    programme = programmes[0] if programmes else None
    back = first_back_reference(words, rules)
    if (
        programme is not None
        and back is not None
        and back[0] < programme.mention.char_start
        # `The project “Empowering youth ...”` names the project: no reference back
        and context.text[back[1] : programme.mention.char_start].strip(" “”\"'‘’,:–-")
    ):
        # `funding for the programme ... the Global Accelerator`: the programme referred to
        referred, _ = referred_mention(context, start, rules)
        programme = referred or programme
    period = pick_period(context, words, mention, start, end, rules)
    countries = countries_of(context, start, end, donor, rules, (mention, words))
    if refers_back(words, rules):
        referred, anchor = referred_mention(context, start, rules)
        if anchor is not None:
            r_start, r_end = locate_sentence(context.text, anchor)
            if referred is not None:  # a sentence found by its country gives only countries
                r_words = words_of(context.text, r_start, r_end)
                r_found = actors(context, r_start, r_end, rules)
                programme = programme or referred
                donor = donor or pick_donor(context.text, r_words, r_found, anchor, rules)
                recipient = recipient or pick_recipient(r_words, r_found, donor, anchor, rules)
            if not countries:
                countries = countries_of(context, r_start, r_end, donor, rules)
    assert programme is None or isinstance(programme, ProgrammeCandidate)
    return FundingCandidate(
        doc_id=mention.doc_id,
        amount_start=mention.char_start,
        donor=donor.name if donor else None,
        donor_iso3=donor.iso3 if donor else None,
        recipient=recipient.name if recipient else None,
        programme=programme.name if programme else None,
        countries=countries,
        start=period[0],
        end=period[1],
        flow=flow_of(context.text, words, mention, start, end, rules.flow),
        page=mention.page,
        sentence=mention.sentence,
    )


def countries_of(
    context: Context,
    start: int,
    end: int,
    donor: Actor | None,
    rules: FundingRules,
    nearest_to: tuple[Mention, list[Word]] | None = None,
) -> tuple[str, ...]:
    """Countries where the money goes: every country in the sentence but the donor's own,
    those inside the donor's name and partners joined to an organization (`Brazil-ILO`,
    `ILO-Japan`), in text order, once each."""
    codes: list[str] = []
    for country in context.inside(context.countries, start, end):
        assert isinstance(country, CountryCandidate)
        m = country.mention
        if donor and (donor.start <= m.char_start and m.char_end <= donor.end):
            continue
        if donor and donor.iso3 == country.iso3:
            continue
        if _joined_partner(context, m, rules):
            continue
        if nearest_to is not None and not _nearest_amount(context, m, *nearest_to, start, end):
            continue
        if country.iso3 not in codes:
            codes.append(country.iso3)
    return tuple(codes)


def _nearest_amount(
    context: Context, mention: Mention, amount: Mention, words: list[Word], start: int, end: int
) -> bool:
    """With several amounts in the sentence, a country goes with the nearest one."""
    index: dict[int, int] = {}
    gap = word_gap(words, index, mention, amount)
    others = [
        a.mention
        for a in context.inside(context.amounts, start, end)
        if isinstance(a, AmountCandidate) and a.equivalent_of is None and a.mention != amount
    ]
    return all(gap <= word_gap(words, index, mention, other) for other in others)


def _joined_partner(context: Context, mention: Mention, rules: FundingRules) -> bool:
    text = context.text
    before = text[max(0, mention.char_start - 1) : mention.char_start]
    after = text[mention.char_end : mention.char_end + 1]
    return before in rules.partner_joiners or after in rules.partner_joiners
