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

import re
from collections.abc import Sequence

from pipeline.link.context import (
    Actor,
    Context,
    word_before,
)
from pipeline.link.countries import countries_of, demonym_places, running_total
from pipeline.link.fields import (
    Record,
    field_line,
    field_record,
    label_record,
    list_heading,
    page_record,
    title_programme,
)
from pipeline.link.flow import clause_of, flow_of, governing_start, signs_agreement, verb_cues
from pipeline.link.parties import (
    actors,
    attached_donor,
    pick_donor,
    pick_recipient,
    receives,
)
from pipeline.link.period import pick_period
from pipeline.link.programme import back_references, pick_programme, referred_mention
from pipeline.link.references import previous_sentence, pronoun_subject
from pipeline.link.roles import coordinated, headline_passive, office_country, office_subject
from pipeline.link.rules import FundingRules
from pipeline.link.speaker import speaker_of
from pipeline.link.sums import (
    gapped_recipient,
    opening_part,
    other_clause,
    owner_of,
    recipient_after,
    whole_of,
)
from pipeline.link.words import (
    Word,
    ends_with,
    find_phrases,
    line_around,
    locate_sentence,
    words_of,
)
from schemas import (
    AmountCandidate,
    Candidate,
    CountryCandidate,
    DateCandidate,
    DocumentText,
    Flow,
    FundingCandidate,
    Mention,
    OrganizationCandidate,
    ProgrammeCandidate,
    Rejection,
)


def is_funding(context: Context, words: list[Word], amount: Mention, rules: FundingRules) -> bool:
    """Not a fact when a word of something else sits within the window around the amount,
    or around the whole range it ends (`earnings rose from GTQ 2,400 before placement to GTQ
    3,150`); a word of a name does not count (`Department of Foreign Affairs and Trade`), nor
    one that opens a longer phrase of `except` (`trade union`)."""
    first, last = range_around(context, words, amount, rules)
    inside = [i for i, w in enumerate(words) if first <= w.start < last]
    if not inside:
        return True
    low = max(0, inside[0] - rules.not_funding_window)
    high = inside[-1] + 1 + rules.not_funding_window
    window = [w for w in words[low:high] if not context.in_name(w.start, w.end)]
    found = find_phrases(window, (*rules.not_funding_except, *rules.not_funding))
    return all(phrase in rules.not_funding_except for _, phrase in found)


def range_around(
    context: Context, words: list[Word], amount: Mention, rules: FundingRules
) -> tuple[int, int]:
    """The characters of the range of two amounts ``amount`` ends (`from A to B`, `between A
    and B`: `range_words`), else of ``amount`` alone."""
    first, last = amount.char_start, amount.char_end
    amounts = context.own_amounts(words[0].start, words[-1].end) if words else []
    for a, b in zip(amounts, amounts[1:], strict=False):
        if amount not in (a, b):
            continue
        opener = word_before(words, a.char_start)
        between = [w for w in words if a.char_end <= w.start and w.end <= b.char_start]
        if between and rules.range_words.get(opener) == between[-1].text:
            first, last = min(first, a.char_start), max(last, b.char_end)
        elif amount == b and ends_with(between, len(between) - 1, rules.compared_words):
            first = a.char_start  # `raised to Tk 12,800, up from Tk 8,200`: a wage too
    return first, last


def _macro(amount: AmountCandidate, rules: FundingRules) -> bool:
    """A sum the size of an economy (`exports reached US$ 44 billion`): no funding fact
    unless a verb of giving governs it."""
    return (
        amount.value is not None
        and amount.currency in rules.macro_currencies
        and amount.value >= rules.macro_minimum
    )


def _given(
    text: str, words: list[Word], amount: Mention, start: int, end: int, rules: FundingRules
) -> bool:
    """A verb of giving governs the amount (`the World Bank approved a US$ 1.5 billion
    loan`)."""
    return governing_start(text, words, amount, start, end, rules.flow) != amount.char_start


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
    facts: list[FundingCandidate] = []
    speaker = speaker_of(context, rules)
    currencies = {a.mention.char_start: a.currency for a in context.amounts}
    for amount in context.amounts:
        if amount.equivalent_of is not None:
            continue
        mention = amount.mention
        start, end = locate_sentence(document.text, mention)
        words = words_of(document.text, start, end)
        if not is_funding(context, words, mention, rules):
            continue
        if _macro(amount, rules) and not _given(document.text, words, mention, start, end, rules):
            continue
        heading = list_heading(context, mention, rules)
        before = heading.at if heading is not None and heading.refers_back else start
        earlier = _earlier_fact(facts, before, amount.currency, currencies)  # the sum before
        whole = whole_of(context, words, mention, start, facts, rules) or opening_part(
            context, words, amount, earlier, rules
        )
        fact = fact_of(context, amount, start, end, words, rules, speaker, earlier, whole, heading)
        if _bare(fact) and not _alone_on_line(document.text, mention):
            continue  # `Applicants may request between US$ 20,000 and US$ 50,000`
        facts.append(fact)
    return facts


# Words that name what stands before them (`the project titled “...”`).
_NAMING = re.compile(r"\b(?:titled|entitled|called|named|known as)\b")


def _signed_before(context: Context, start: int, rules: FundingRules) -> bool:
    """The sentence before says an agreement was signed (`... today signed a cost-sharing
    agreement.` above `Under the agreement, the Government will provide ...`)."""
    prior = previous_sentence(context, start)
    if prior is None:
        return False
    return signs_agreement({w.text for w in words_of(context.text, *prior)}, rules.flow)


def _bare(fact: FundingCandidate) -> bool:
    """No giver, receiver, programme, place, period or flow: nothing says the amount is
    money given."""
    return fact.flow is Flow.OTHER and not (
        fact.donor or fact.recipient or fact.programme or fact.countries or fact.start or fact.end
    )


def _alone_on_line(text: str, mention: Mention) -> bool:
    """The amount is all its line holds: a record's value (`Funding decision` above
    `2 170 435 €`)."""
    start, end = line_around(text, mention.char_start, mention.char_end)
    return not text[start : mention.char_start].strip() and not text[mention.char_end : end].strip()


def _earlier_fact(
    facts: list[FundingCandidate],
    start: int,
    currency: str | None,
    currencies: dict[int, str | None],
) -> FundingCandidate | None:
    """The last fact of a sentence before ``start`` in ``currency``, else the last fact before
    it: `the first tranche of NOK 15 million` is part of the last sum in its currency."""
    last = None
    for fact in reversed(facts):
        if fact.amount_start >= start:
            continue
        if currencies.get(fact.amount_start) == currency:
            return fact
        last = last or fact
    return last


def _actor(name: str | None, iso3: str | None, rules: FundingRules) -> Actor | None:
    """An earlier fact's donor or recipient, as an actor of no place in this sentence."""
    if name is None:
        return None
    return Actor(name, iso3, -1, -1, name == rules.default_recipient)


def _on_line(actor: Actor | None, line: tuple[int, int]) -> Actor | None:
    """The actor where it stands on the amount's own line of a field record, else None."""
    return actor if actor is not None and line[0] <= actor.start < line[1] else None


def _filled(
    context: Context,
    fact: FundingCandidate,
    rules: FundingRules,
    donor: Actor | None,
    recipient: Actor | None,
    programme: ProgrammeCandidate | None,
) -> tuple[Actor | None, Actor | None, ProgrammeCandidate | None]:
    """The donor, recipient and programme, each left empty taken from ``fact`` (the earlier
    sum a back-reference points to, or the sum of the sentence the amount is a part of)."""
    return (
        donor or _actor(fact.donor, fact.donor_iso3, rules),
        recipient or _actor(fact.recipient, None, rules),
        programme or next((p for p in context.programmes if p.name == fact.programme), None),
    )


def fact_of(
    context: Context,
    amount: AmountCandidate,
    start: int,
    end: int,
    words: list[Word],
    rules: FundingRules,
    speaker: Actor | None = None,
    earlier: FundingCandidate | None = None,
    whole: FundingCandidate | None = None,
    heading: Record | None = None,
) -> FundingCandidate:
    """The fact of ``amount``; ``earlier`` is the fact of an earlier sentence that a
    back-reference to money (`Of this grant, EUR 7 million ...`) points to, ``whole`` the
    fact of the sum of its own sentence it is a part of (`of which US$ 96 million`),
    ``heading`` the list heading above the bullet that holds it (`list_heading`)."""
    mention = amount.mention
    found = actors(context, start, end, rules)
    clause = clause_of(context.text, words, mention, start, end, rules.flow)
    contrast = clause_of(context.text, words, mention, start, end, rules.flow, contrast_only=True)
    verb = governing_start(context.text, words, mention, start, end, rules.flow)
    governed = verb != mention.char_start
    amounts = [a.mention for a in context.inside(context.amounts, start, end)]
    others = [a for a in context.own_amounts(start, end) if a != mention]
    theirs = {attached_donor(context.text, words, found, other, amounts, rules) for other in others}
    # `of which US$ 96 million came from the EU`: the EU is not the total's donor
    free = [a for a in found if a not in theirs]
    donor = attached_donor(context.text, words, found, mention, amounts, rules) or pick_donor(
        context.text, words, free, verb, rules, contrast, speaker, governed
    )
    gapped = gapped_recipient(context.text, words, found, mention, others, rules)
    if gapped is not None and donor is not None and gapped.start == donor.start:
        # `UNDP received US$ 2 million and UNICEF US$ 1 million`: UNICEF gets, not gives
        rest = [a for a in free if a.start != gapped.start]
        donor = pick_donor(context.text, words, rest, verb, rules, contrast, speaker, governed)
    mine = [a for a in found if not other_clause(context.text, a, mention, others)]
    recipient = (
        gapped
        or recipient_after(context.text, words, found, mention)
        or pick_recipient(words, mine, donor, rules, clause, contrast)
    )
    if recipient is not None and recipient.start >= 0 and receives(words, recipient, rules):
        first = coordinated(context.text, found, recipient)[0]  # `UNICEF and the ILO received`
        recipient = first if donor is None or first.name != donor.name else recipient
    if (
        donor is not None
        and recipient is None  # `Japan awarded US$ 2 million to the ILO` gives
        and headline_passive(context.text, words, donor, mention, rules)
    ):
        donor, recipient = None, donor  # `ILO awarded $9.8 million to ...`: is awarded
    programme = pick_programme(
        context,
        words,
        mention,
        start,
        end,
        donor,
        rules,
        lambda actor: other_clause(context.text, actor, mention, others),
    )
    # `the Contribution of Labour Migration` inside a programme's name refers to nothing
    refs = [
        r
        for r in back_references(context.text, words, rules, amounts)
        if not context.in_name(r.start, r.end)
    ]
    named = [r for r in refs if r.head is not None]
    if (
        programme is not None
        and named
        and named[0].start < programme.mention.char_start
        # `The project “Empowering youth ...”`, `the project titled “Empower ...”` names the
        # project: no reference back
        and _NAMING.sub("", context.text[named[0].end : programme.mention.char_start]).strip(
            " “”\"'‘’,:–-"
        )
    ):
        # `funding for the programme ... the Global Accelerator`: the programme referred to
        referred, _ = referred_mention(context, start, rules, named[0].head)
        programme = referred or programme
    period = pick_period(context, words, mention, start, end, rules)
    money = [r for r in named if r.head in rules.back_money_heads]
    if earlier is not None and money:
        donor, recipient, programme = _filled(context, earlier, rules, donor, recipient, programme)
        # the earlier sum itself (`this grant`, a share of it: `Of the grant, ...`) covers
        # its period; the support or funding in general (`The additional support ...`) not
        if period == (None, None) and money[0].head in rules.back_sum_heads:
            period = (earlier.start, earlier.end)
    if whole is not None:  # `totalled US$ 287 million in 2022-23, of which US$ 96 million`
        owner = owner_of(context.text, found, mention)
        if owner is not None:  # `the ILO's share is US$ 800,000, UNICEF's US$ 900,000`
            recipient, donor = owner, None  # a share of the sum: the sum's donor gives it
        donor, recipient, programme = _filled(context, whole, rules, donor, recipient, programme)
        period = period if period != (None, None) else (whole.start, whole.end)
    partners = coordinated(context.text, found, donor) if donor else []
    # `funding from the EU (EUR 9 million) and Germany's BMZ (EUR 4.5 million)`: another
    # sum's donor's country is not where this money goes
    partners += [a for a in theirs if a is not None]
    countries = countries_of(context, start, end, donor, rules, (mention, words), partners)
    if whole is not None and whole.amount_start < start:  # `Of this, ...`: an earlier sum's
        countries = countries or whole.countries
    countries = countries or demonym_places(context.text, start, end, donor, rules)
    owned = False
    if refs:
        head = named[0].head if named else None
        referred, anchor = referred_mention(context, start, rules, head)
        # `the project's matching pilot`: the programme's, but not where its sentence's is spent
        owned = bool(named) and all(r.owner for r in named)
        if anchor is not None and (referred is not None or (not countries and named)):
            r_start, r_end = locate_sentence(context.text, anchor)
            r_words = words_of(context.text, r_start, r_end)
            r_found = actors(context, r_start, r_end, rules)
            giver = pick_donor(context.text, r_words, r_found, anchor.char_start, rules)
            if referred is not None:  # a sentence found by its country gives only countries
                if named:  # `it` is the donor more often than the programme
                    programme = programme or referred
                donor = donor or giver
                if named:
                    recipient = recipient or pick_recipient(r_words, r_found, donor, rules)
            if not countries and named and not owned and not running_total(words, mention, rules):
                # nor the country of that sentence's own donor (`Canada's contribution ...`)
                countries = tuple(
                    code
                    for code in countries_of(context, r_start, r_end, donor, rules)
                    if giver is None or code != giver.iso3
                )
    home = donor.iso3 if donor is not None else None
    if not countries and home is not None and home not in rules.donors_abroad:
        countries = (home,)  # `The Government of Senegal will contribute ...`: at home
    prior_flow = None
    if donor is None and pronoun_subject(words, verb, rules):
        prior = previous_sentence(context, start)
        if prior is not None:  # `... supports KPAWU. It announced a new grant of ...`
            p_words = words_of(context.text, *prior)
            p_found = actors(context, *prior, rules)
            donor = pick_donor(context.text, p_words, p_found, prior[1], rules)
            if donor is not None and donor.is_ilo and earlier is not None and earlier.donor:
                # `The agreement was signed by the ILO ... It renews a cooperation that has
                # channelled SEK 1.1 billion`: the sum before's donor, not the ILO
                donor = _actor(earlier.donor, earlier.donor_iso3, rules)
            # `Sida has decided on new contributions to four programmes run by the ILO.
            # Together they amount to SEK 118 million`: that sentence's recipient and verb
            recipient = recipient or pick_recipient(p_words, p_found, donor, rules)
            cues = verb_cues(p_words, rules.flow)
            prior_flow = cues[-1].flow if cues else None
    if donor is None and office_subject(words, verb, rules):
        donor = office_country(context, start, rules)  # `The Minister ... signed`
    record = (
        field_record(context, mention, rules) or heading or label_record(context, mention, rules)
    )
    if record is not None:
        if (
            donor is not None
            and record.places
            and record.places[0] <= donor.start < record.places[1]
        ):
            donor = None  # `Country: Ghana` says where the money goes, not who gives it
        line = field_line(context.text, mention)
        if line is not None:  # another field's actor: `Donor:` says who gives, and so on
            donor = _on_line(donor, line) if record.donor is not None else donor
            recipient = _on_line(recipient, line) if record.recipient is not None else recipient
        if record.refers_back and earlier is not None:  # `It supports three programmes:`
            donor, recipient, programme = _filled(
                context, earlier, rules, donor or record.donor, recipient, programme
            )
            period = period if period != (None, None) else (earlier.start, earlier.end)
        if recipient is not None and recipient.start < 0 and record.recipient is not None:
            # the record's or heading's (`the Fund received`) over one this sentence does
            # not name (the default ILO, or an earlier sum's)
            recipient = None
        donor = donor or record.donor
        recipient = recipient or record.recipient
        programme = programme or record.programme
        countries = record.countries or countries or ()  # `Countries:` says where it goes
        period = period if period != (None, None) else record.period or period
    if programme is not None and donor is not None and programme.name == donor.name:
        programme = None  # `Funding partner: Joint SDG Fund`: a fund that gives is no programme
    titled = title_programme(context) if programme is None or owned else None
    if titled is not None and (programme is None or programme.name == titled[0].name):
        # a project page: its facts are the titled programme's
        programme, countries = titled[0], countries or titled[1]
        page = page_record(context, rules) if record is None and not countries else None
        if page is not None:  # and its fact box's (`Country: Côte d'Ivoire`)
            countries = page.countries or ()
    assert programme is None or isinstance(programme, ProgrammeCandidate)
    flow = flow_of(context.text, words, mention, start, end, rules.flow)
    if any(r.head in rules.signed_heads for r in money) and (
        (earlier is not None and earlier.flow is Flow.COMMITMENT)
        or _signed_before(context, start, rules)
    ):
        flow = Flow.COMMITMENT  # `Under the agreement, ...`: money under a signed agreement
    if flow is Flow.OTHER and prior_flow is not None:
        flow = prior_flow
    if flow is Flow.OTHER and record is not None and record.flow is not None:
        flow = record.flow  # `• 2021: CHF 9.8 million` under `SECO disbursed the following:`
    if flow is Flow.OTHER and whole is not None:
        flow = whole.flow  # `Of this, US$ 1.5 million for the ILO and ...`: the sum's
    if flow is Flow.OTHER and record is not None and record.refers_back and earlier is not None:
        flow = earlier.flow  # a part of the sum before (`The breakdown is as follows:`)
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
        flow=flow,
        page=mention.page,
        sentence=mention.sentence,
    )
