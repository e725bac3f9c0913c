"""The link stage: which amounts are funding facts, and how each slot is filled.

Each case runs a text written for the test through recognize, normalize, link and validate
and checks the facts (SPEC: Funding facts).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from spacy.language import Language
from texts import TEST_DOC_ID, text_document

from pipeline.link import link
from pipeline.normalize import normalize_mentions
from pipeline.recognize import find_mentions
from pipeline.rules import load_rules
from pipeline.validate import validate
from schemas import Flow, FundingFact

ALL_RULES = load_rules()
RULES = ALL_RULES.funding
ILO = "International Labour Organization"
UNICEF = "United Nations Children's Fund"
UNDP = "United Nations Development Programme"
USAID = "United States Agency for International Development"
KOREA = "Korea, Republic of"


def facts(nlp: Language, text: str) -> list[FundingFact]:
    document = text_document(text)
    candidates = normalize_mentions(document, find_mentions(nlp, document), ALL_RULES)
    return validate(candidates, link(document, candidates, RULES)).funding


def slots(fact: FundingFact) -> tuple[object, ...]:
    return (
        fact.value, fact.currency, fact.donor, fact.donor_iso3, fact.recipient, fact.programme,
        fact.countries, fact.start, fact.end, fact.flow,
    )  # fmt: skip


Y = dt.date


@pytest.mark.parametrize(
    "text, expected",
    [
        # donor before the verb, recipient after `to`, countries where the money goes
        (
            "Sweden pledged SEK 20 million to the ILO for its work in Kenya.",
            (
                Decimal(20000000),
                "SEK",
                "Sweden",
                "SWE",
                ILO,
                None,
                ("KEN",),
                None,
                None,
                Flow.PLEDGE,
            ),
        ),
        # `from X` names the donor; a grant is a commitment; the donor's country is not
        # where the money goes
        (
            "A new $0.5 million grant from Kuwait to the ILO will help workers in Jordan.",
            (
                Decimal(500000),
                "USD",
                "Kuwait",
                "KWT",
                ILO,
                None,
                ("JOR",),
                None,
                None,
                Flow.COMMITMENT,
            ),
        ),
        # a government organization: canonical name and its iso3; a range opening the sentence
        (
            "For 2024-2026, the Government of Japan will provide US$ 3 million to the ILO.",
            (
                Decimal(3000000),
                "USD",
                "Government of Japan",
                "JPN",
                ILO,
                None,
                (),
                Y(2024, 1, 1),
                Y(2026, 12, 31),
                Flow.PLEDGE,
            ),
        ),
        # `since` leaves the end open; `contributed` is a disbursement; a contribution with
        # no recipient named goes to the ILO (donor pages: `Norway funds the ILO through:`)
        (
            "Norway contributed NOK 40 million since 2015.",
            (
                Decimal(40000000),
                "NOK",
                "Norway",
                "NOR",
                ILO,
                None,
                (),
                Y(2015, 1, 1),
                None,
                Flow.DISBURSEMENT,
            ),
        ),
        # `signed ... agreement` makes it a commitment whatever the verb
        (
            "KOICA and the ILO signed an agreement to provide USD 5 million.",
            (
                Decimal(5000000),
                "USD",
                "Korea International Cooperation Agency",
                "KOR",
                ILO,
                None,
                (),
                None,
                None,
                Flow.COMMITMENT,
            ),
        ),
        # a budget: the amount names a project; no donor or recipient named
        (
            "A US$ 2 million project will train workers in Nepal.",
            (Decimal(2000000), "USD", None, None, None, None, ("NPL",), None, None, Flow.BUDGET),
        ),
        # a verb decides before a noun: `approved the contribution` is a commitment
        (
            "The Acme Foundation approved the contribution of EUR 900,000 to the ILO.",
            (
                Decimal(900000),
                "EUR",
                "Acme Foundation",
                None,
                ILO,
                None,
                (),
                None,
                None,
                Flow.COMMITMENT,
            ),
        ),
        # `X's contribution`; without a verb cue the noun decides
        (
            "In 2020, Finland's contribution was EUR 3 million.",
            (
                Decimal(3000000),
                "EUR",
                "Finland",
                "FIN",
                ILO,
                None,
                (),
                Y(2020, 1, 1),
                Y(2020, 12, 31),
                Flow.DISBURSEMENT,
            ),
        ),
    ],
)
def test_funding_fact_slots(nlp: Language, text: str, expected: tuple[object, ...]) -> None:
    found = facts(nlp, text)
    assert [slots(f) for f in found] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The region has a combined GDP of over US$2.4 trillion.",
        "Garment workers earn wages of about US$ 100 a month.",
        "Income losses reached US$ 3 billion in 2020.",
        "Members pay union dues of KES 200 each.",
        "The programme still faces a funding gap of US$ 4 million.",
        "Recruiters charged fees of up to US$ 1,500 per worker.",
        "Tea pickers took home about EUR 90 monthly.",
        "Families of workers killed at work receive US$ 2,000 in compensation from the board.",
        "The ministry pays trainees a transport allowance of US$ 30.",
        "Staff in remote posts receive a hardship bonus of US$ 250 from the company.",
        "In Nepal the average family owes about US$ 600 to the Agricultural Development Bank.",
        "In Nepal, agencies may charge no more than US$ 100 to workers bound for Qatar.",
        # an amount compared with one that measures something else measures it too
        "The Government of Bangladesh raised the minimum monthly wage for entry-level garment "
        "workers to Tk 12,800 in December 2023, up from Tk 8,200 in 2018.",
        "Nepali workers in Qatar sent home an estimated US$ 390 million through the bank.",
        # nothing says who gives, who gets, for what or how: no fact
        "Applicants may request between US$ 20,000 and US$ 50,000 per project.",
    ],
)
def test_amounts_that_measure_something_else_are_no_facts(nlp: Language, text: str) -> None:
    assert facts(nlp, text) == []


def test_an_amount_alone_on_its_line_is_a_fact_though_nothing_names_its_slots(
    nlp: Language,
) -> None:
    text = "Funding decision 04.12.2017\n\n2 170 435 €\n"
    assert [f.value for f in facts(nlp, text)] == [Decimal(2170435)]


def test_a_nationality_adjective_before_support_or_an_office_names_the_donor(
    nlp: Language,
) -> None:
    swiss = "Swiss support of CHF 2 million helps refugees in Turkey."
    assert [(f.donor, f.donor_iso3, f.countries) for f in facts(nlp, swiss)] == [
        ("Switzerland", "CHE", ("TUR",))
    ]
    office = "The Ambassador of Norway to Myanmar handed over the NOK 20 million grant."
    assert [(f.donor, f.countries, f.flow) for f in facts(nlp, office)] == [
        ("Norway", ("MMR",), "disbursement")
    ]


def test_the_countries_of_a_directors_office_are_not_where_the_money_goes(
    nlp: Language,
) -> None:
    text = (
        "The ILO Country Director for Kenya, Uganda and Tanzania said that Sweden gave "
        "USD 1 million for Rwanda."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.countries) == ("Sweden", ("RWA",))


def test_a_word_of_something_else_inside_a_name_does_not_count(nlp: Language) -> None:
    # `Trade` in the department's name was read as an amount of trade
    text = "The Department of Foreign Affairs and Trade committed AUD 12 million to the ILO."
    assert [(f.value, f.flow) for f in facts(nlp, text)] == [(Decimal(12_000_000), "commitment")]


def test_a_restated_amount_is_part_of_the_first_amounts_fact(nlp: Language) -> None:
    found = facts(nlp, "Sweden contributed SEK 250 million (US$ 23.1 million) to the ILO.")
    assert [(f.value, f.currency, f.fact_id) for f in found] == [
        (Decimal(250000000), "SEK", f"{TEST_DOC_ID}:fact:1")
    ]
    assert found[0].amount_id == f"{TEST_DOC_ID}:amount:1"


def test_the_project_refers_back_to_the_programme_of_an_earlier_sentence(nlp: Language) -> None:
    text = (
        "Denmark supports the Green Jobs for Youth Programme in Ghana.\n\n"
        "The project received USD 4 million."
    )
    (fact,) = facts(nlp, text)
    assert (fact.programme, fact.countries, fact.flow) == (
        "Green Jobs for Youth Programme", ("GHA",), Flow.DISBURSEMENT,
    )  # fmt: skip
    assert fact.donor == "Denmark"


def test_each_amount_of_a_sentence_gets_its_own_country_and_period(nlp: Language) -> None:
    text = (
        "A new $0.5 million grant from Kuwait will help workers in Lebanon, bringing the "
        "total of Kuwait’s contributions to the region to US$ 5.5 million since 2009."
    )
    first, second = facts(nlp, text)
    assert (first.countries, first.start) == (("LBN",), None)
    assert (second.countries, second.start, second.end) == ((), Y(2009, 1, 1), None)
    assert [f.fact_id for f in (first, second)] == [f"{TEST_DOC_ID}:fact:{n}" for n in (1, 2)]


def test_a_period_goes_with_the_amount_before_it(nlp: Language) -> None:
    text = "Japan gives USD 9 million for the period 2024-2026, up from USD 4 million before."
    first, second = facts(nlp, text)
    assert (first.start, first.end) == (Y(2024, 1, 1), Y(2026, 12, 31))
    assert (second.start, second.end) == (None, None)


def test_it_was_funded_by_refers_back_to_the_programme_funded(nlp: Language) -> None:
    text = (
        "The Safe Harvest Project ran from 2019 to 2026 in Uzbekistan. It was funded by the "
        "European Union (EUR 6 million) and the Swiss State Secretariat for Economic Affairs "
        "(CHF 3.5 million)."
    )
    assert [(f.donor, f.programme, f.countries) for f in facts(nlp, text)] == [
        ("European Union", "Safe Harvest Project", ("UZB",)),
        ("State Secretariat for Economic Affairs", "Safe Harvest Project", ("UZB",)),
    ]


def test_the_country_of_another_sums_donor_is_not_where_the_money_goes(nlp: Language) -> None:
    text = (
        "With funding from the European Union (EUR 9 million) and Germany's Federal Ministry "
        "for Economic Cooperation and Development (BMZ) (EUR 4.5 million), the project "
        "trained inspectors."
    )
    assert [(f.donor_iso3, f.countries) for f in facts(nlp, text)] == [(None, ()), ("DEU", ())]


def test_a_back_reference_before_another_programme_name_keeps_the_programme_referred_to(
    nlp: Language,
) -> None:
    text = (
        "Denmark supports the Green Jobs for Youth Programme in Ghana.\n\n"
        "Funding for the programme is USD 4 million, linked to the Global Accelerator."
    )
    (fact,) = facts(nlp, text)
    assert fact.programme == "Green Jobs for Youth Programme"


def test_of_programmes_before_the_amount_the_nearest_is_the_amounts(nlp: Language) -> None:
    text = (
        "SCORE is part of the Better Work programme, and builds on the earlier "
        '"Decent Jobs for Young Weavers" project, funded by Canada with CAD 4.5 million.'
    )
    (fact,) = facts(nlp, text)
    assert fact.programme == "Decent Jobs for Young Weavers"


def test_the_project_followed_by_its_quoted_title_names_it(nlp: Language) -> None:
    text = (
        "Denmark supports the Green Jobs for Youth Programme in Ghana.\n\n"
        "The project “Skills for Solar Technicians” will receive USD 400,000."
    )
    (fact,) = facts(nlp, text)
    assert (fact.programme, fact.flow) == ("Skills for Solar Technicians", Flow.COMMITMENT)


def test_an_x_funded_project_names_its_donor(nlp: Language) -> None:
    (fact,) = facts(nlp, "The ILO runs a KOICA-funded project worth US$ 3 million in Ghana.")
    assert (fact.donor, fact.recipient, fact.countries, fact.flow) == (
        "Korea International Cooperation Agency", ILO, ("GHA",), Flow.BUDGET,
    )  # fmt: skip


@pytest.mark.parametrize(
    "text, flow",
    [
        ("The European Union is funding the project with EUR 4.5 million.", Flow.DISBURSEMENT),
        ("The UK is providing GBP 3 million through the Fund.", Flow.PLEDGE),  # not a budget
        # SPEC's `funded with`, with the donor between
        ("The project is funded by Norway with NOK 20 million.", Flow.BUDGET),
        ("Finland has been supporting the project with EUR 3 million.", Flow.DISBURSEMENT),
        (
            "With financial support of US$ 2.5 million from Japan, it trains workers.",
            Flow.COMMITMENT,
        ),
        ("Funding of USD 800,000 was approved by SECO.", Flow.COMMITMENT),
        ("Denmark donated DKK 15 million to the ILO.", Flow.DISBURSEMENT),
        # `agreed to provide` is an agreement (commitment), not a promise alone
        ("Sweden has agreed to provide SEK 120 million to the ILO.", Flow.COMMITMENT),
        # tense and modality: the future is a pledge, the past and the perfect a disbursement
        ("Japan will provide US$ 3 million to the ILO.", Flow.PLEDGE),
        ("Japan has provided US$ 3 million to the ILO.", Flow.DISBURSEMENT),
        ("Norway plans to contribute NOK 50 million.", Flow.PLEDGE),
        ("Canada to fund CAD 5 million training drive", Flow.PLEDGE),
        ("Norway announced that it will contribute NOK 20 million.", Flow.PLEDGE),
        ("Germany continues to provide EUR 2 million a year to the ILO.", Flow.DISBURSEMENT),
        ("Denmark has decided to give DKK 30 million to the ILO.", Flow.COMMITMENT),
        # passive: the verb after the amount governs it
        ("US$ 2 million was allocated by the European Union.", Flow.COMMITMENT),
        ("US$ 2 million will be disbursed to the ILO.", Flow.PLEDGE),
        ("The funds, US$ 3 million in total, were granted by Japan.", Flow.COMMITMENT),
        # nominal forms attached to the amount
        ("A grant of US$ 2 million from Norway supports the project.", Flow.COMMITMENT),
        ("Switzerland's contribution amounts to CHF 3 million.", Flow.DISBURSEMENT),
        ("A US$ 2 million contribution from Sweden helped the ILO.", Flow.DISBURSEMENT),
        ("It benefits from US$ 2 million in support from Korea.", Flow.DISBURSEMENT),
        # budget forms
        ("The project has a budget of US$ 4 million.", Flow.BUDGET),
        ("The programme, costing US$ 7 million, covers Kenya.", Flow.BUDGET),
        ("The ILO runs a project worth EUR 2 million in Peru.", Flow.BUDGET),
        ("Ireland approved a EUR 3 million project in Kenya.", Flow.BUDGET),
        # money under a signed agreement is a commitment, whatever the verb
        ("The EU signed an agreement worth EUR 10 million with the ILO.", Flow.COMMITMENT),
        ("The ILO received US$ 2 million from Finland in 2021.", Flow.DISBURSEMENT),
        ("Denmark has approved DKK 30 million for the programme.", Flow.COMMITMENT),
        ("The UK transferred GBP 1 million to the ILO in 2020.", Flow.DISBURSEMENT),
        ("Australia paid AUD 2 million in 2021.", Flow.DISBURSEMENT),
        ("Spain pledged EUR 2 million to the ILO.", Flow.PLEDGE),
        ("The ILO mentioned EUR 2 million.", Flow.OTHER),
        # `announced` is in none of SPEC's classes: the grant it announces decides
        ("Canada has announced a CAD 2 million grant for the ILO in Peru.", Flow.COMMITMENT),
        # what a project has or consists of is its budget, whatever verb funds it
        ("A dairy scheme with a fund of US$ 90,000 is financed by Japan.", Flow.BUDGET),
        ("The pilot, funded by Italy, consists of EUR 9 million of road works.", Flow.BUDGET),
        # a verb form before a noun of money is an adjective: the verb after the amount decides
        ("Earmarked contributions: CHF 4 million received from Austria.", Flow.DISBURSEMENT),
        # money put aside for a use is committed; what a donor indicates or could give is not
        ("Of the grant, $2.1 million is set aside for reintegration services.", Flow.COMMITMENT),
        ("A further $650,000 of Japan's grant is reserved for small firms.", Flow.COMMITMENT),
        ("Partners have indicated further support of about US$ 6 million.", Flow.PLEDGE),
        ("The EU has said it could provide up to €4 million to the ILO.", Flow.PLEDGE),
    ],
)
def test_flow_of_common_phrasings(nlp: Language, text: str, flow: Flow) -> None:
    assert [f.flow for f in facts(nlp, text)] == [flow]


def test_the_noun_agreement_is_no_commitment_verb(nlp: Language) -> None:
    text = "The Partnership Agreement is supported by a contribution of USD 5 million from China."
    assert [f.flow for f in facts(nlp, text)] == [Flow.DISBURSEMENT]


def test_each_clause_has_its_own_flow(nlp: Language) -> None:
    text = "Japan pledged US$ 5 million, while Korea’s contribution was US$ 3 million."
    assert [f.flow for f in facts(nlp, text)] == [Flow.PLEDGE, Flow.DISBURSEMENT]


def test_a_part_already_disbursed_of_a_pledge_is_a_disbursement(nlp: Language) -> None:
    text = "Japan pledged US$ 5 million, of which US$ 2 million has already been disbursed."
    assert [f.flow for f in facts(nlp, text)] == [Flow.PLEDGE, Flow.DISBURSEMENT]


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("Sweden will provide SEK 20 million for 2024-26.", Y(2024, 1, 1), Y(2026, 12, 31)),
        ("Sweden gave SEK 20 million from 2017 to 2021.", Y(2017, 1, 1), Y(2021, 12, 31)),
        ("In 2022, Sweden contributed SEK 20 million.", Y(2022, 1, 1), Y(2022, 12, 31)),
        # a range right after a programme's name is its run (a single year is the name's)
        (
            "The Harbour Skills Programme 2022-2025 has a total value of EUR 12 million.",
            Y(2022, 1, 1),
            Y(2025, 12, 31),
        ),
        # a date opening the sentence, an article between, however far from the amount
        (
            "For the 2024-25 biennium the International Labour Conference approved a regular "
            "budget contribution of CHF 10 million from Malta.",
            Y(2024, 1, 1),
            Y(2025, 12, 31),
        ),
        ("Japan provided US$ 5 million between 2018 and 2021.", Y(2018, 1, 1), Y(2021, 12, 31)),
        ("The EU funds the 2019-2023 phase with EUR 8 million.", Y(2019, 1, 1), Y(2023, 12, 31)),
        (
            "The three-year project (2020-2022) has a budget of US$ 3 million.",
            Y(2020, 1, 1),
            Y(2022, 12, 31),
        ),
        # a stated duration from a start year gives the end (a year range ends on 31 December)
        (
            "Norway will provide NOK 40 million over four years from 2019.",
            Y(2019, 1, 1),
            Y(2022, 12, 31),
        ),
        (
            "The EU allocated EUR 5 million for a four-year project starting in 2021.",
            Y(2021, 1, 1),
            Y(2024, 12, 31),
        ),
        ("Norway will provide NOK 40 million from 2019.", Y(2019, 1, 1), None),
        # `since its launch in` opens the period as `since` does
        (
            "Donors have given USD 45 million to the fund since its creation in 2004.",
            Y(2004, 1, 1),
            None,
        ),
        ("Finland will contribute EUR 4 million until 2025.", None, Y(2025, 12, 31)),
        ("Finland's grant of EUR 4 million runs to 2025.", None, Y(2025, 12, 31)),
        # a closing date after the only amount of the sentence, however far, ends its period
        (
            "Finland has committed EUR 4 million to extend the ILO's Harbour Skills for "
            "Coastal Towns in Western Province (HSCT) project until June 2025.",
            None,
            Y(2025, 6, 30),
        ),
        # a month after a closer ends the period (alone it dates an event)
        ("Finland will extend it with EUR 4 million until June 2025.", None, Y(2025, 6, 30)),
        # the nearest date is the money's, not the year the agreement was signed
        (
            "In 2015, Japan signed an agreement to give US$ 5 million for 2016-2018.",
            Y(2016, 1, 1),
            Y(2018, 12, 31),
        ),
        # dates of events and publication are not the money's period
        ("At a conference in 2019, Japan announced US$ 2 million for the project.", None, None),
        ("Geneva, 12 May 2021 – Japan has provided US$ 2 million to the ILO.", None, None),
        ("The programme, launched in 2015, received US$ 2 million from Japan.", None, None),
        ("A three-year project received US$ 2 million from Japan.", None, None),
        # a range after the only amount of the sentence, however far, is its period
        (
            "Norway has provided NOK 45 million to support the ILO's work on social "
            "protection in Malawi and Zambia over 2021-2023.",
            Y(2021, 1, 1),
            Y(2023, 12, 31),
        ),
        # a run from one month to another is the period, though a month alone dates an event
        (
            "Our dairy scheme began in May 2016 with US$ 90,000 and lasts till May 2019.",
            Y(2016, 5, 1),
            Y(2019, 5, 31),
        ),
        # a month that opens a stated run starts it; alone it dates an event
        (
            "The ILO will channel KSh 1.9 billion to the Ministry over four years from July 2026.",
            Y(2026, 7, 1),
            Y(2030, 6, 30),
        ),
        ("Japan will give US$ 2 million to the ILO from July 2026.", None, None),
    ],
)
def test_period_of_common_phrasings(
    nlp: Language, text: str, start: dt.date | None, end: dt.date | None
) -> None:
    assert [(f.start, f.end) for f in facts(nlp, text)] == [(start, end)]


def test_a_year_after_from_opens_the_period_instead_of_being_the_whole_period(
    nlp: Language,
) -> None:
    (fact,) = facts(nlp, "Norway will provide NOK 40 million over four years from 2019.")
    assert (fact.start, fact.end) == (Y(2019, 1, 1), Y(2022, 12, 31))


def test_the_year_a_sentence_opens_with_yields_to_a_period_next_to_the_amount(
    nlp: Language,
) -> None:
    (fact,) = facts(nlp, "In 2015, Japan signed an agreement to give US$ 5 million for 2016-2018.")
    assert (fact.start, fact.end) == (Y(2016, 1, 1), Y(2018, 12, 31))


@pytest.mark.parametrize(
    "text, donor, recipient",
    [
        ("Japan has provided US$ 3 million to the ILO.", "Japan", ILO),
        ("The project is funded by the European Union with EUR 4 million.", "European Union", None),
        ("With support from Sweden, the ILO will spend SEK 10 million in Kenya.", "Sweden", ILO),
        ("A grant of US$ 2 million from Norway supports the project.", "Norway", None),
        ("The contribution of Denmark is DKK 10 million.", "Denmark", ILO),
        ("US$ 2 million was allocated by the Government of Japan.", "Government of Japan", None),
        ("Germany's contribution of EUR 3 million goes to UNICEF.", "Germany", UNICEF),
        (
            "The European Commission gave EUR 5 million through the ILO.",
            "European Commission",
            ILO,
        ),
        # `implemented by` names who carries the money out, not who gives it
        ("The project, implemented by the ILO, received US$ 2 million from USAID.", USAID, ILO),
        ("The money, US$ 5 million, will be managed by UNDP.", None, UNDP),
        # who tells is not who gives or receives
        ("According to the ILO, Japan gave US$ 2 million to UNICEF.", "Japan", UNICEF),
        ("Japan gave US$ 2 million, said an ILO press release.", "Japan", None),
        # a fund of an organization: the organization receives the money
        ("The EU approved EUR 900,000 for the Vision Zero Fund of the ILO.", "European Union", ILO),
        # `in support of X` is for X
        ("In support of the Global Accelerator, Korea provided US$ 3 million.", KOREA, None),
        # a body of the donor's own country is its channel, not who receives the money
        (
            "Germany, through the Federal Ministry for Economic Cooperation and Development"
            " (BMZ), is contributing EUR 10 million.",
            "Germany",
            None,
        ),
        # the ILO's partner to an agreement gives
        (
            "The ILO signed an agreement with the Government of Italy for a contribution of"
            " EUR 1 million.",
            "Government of Italy",
            ILO,
        ),
        ("A US$ 4 million partnership between the ILO and Qatar was launched.", "Qatar", ILO),
        (
            "The agreement, worth EUR 2 million, was signed by the ILO and the Government of"
            " Malta.",
            "Government of Malta",
            ILO,
        ),
        # where an ambassador is posted does not receive
        (
            "“We are proud to give US$ 2 million,” said the Ambassador of Japan to Cambodia.",
            "Japan",
            None,
        ),
        # the countries a phase covers are where the money goes, not who gives it
        (
            "Its second phase, covering Nepal and Bhutan, has a budget of SEK 75 million.",
            None,
            None,
        ),
        (
            "Its second phase, covering Nepal, Bhutan and Laos, has a budget of SEK 75 million.",
            None,
            None,
        ),
        # a country a dotted leader joins to its sum labels it, as a colon does
        ("Approvals by country\n\nMalawi .............. US$ 4.2 million", None, None),
        # `former` stands where an article does
        (
            "Its first phase was funded by the former Department for International Development"
            " (DFID) with GBP 9 million.",
            "Department for International Development",
            None,
        ),
        # a country after `in` is where the receivers are, not one of them
        ("Ten unions in Ghana will receive grants of US$ 5,000 each.", None, None),
        # `followed by` ranks, it does not give
        (
            "Germany was the largest contributor, with a pledge of EUR 50 million, followed by "
            "the Netherlands.",
            "Germany",
            None,
        ),
    ],
)
def test_donor_and_recipient_forms(
    nlp: Language, text: str, donor: str | None, recipient: str | None
) -> None:
    assert [(f.donor, f.recipient) for f in facts(nlp, text)] == [(donor, recipient)]


def test_funded_by_takes_the_donor_of_the_amounts_own_verb(nlp: Language) -> None:
    text = (
        "The programme is financed by the European Union with €15 million, and co-financed by "
        "the Government of Morocco with MAD 30 million."
    )
    assert [f.donor for f in facts(nlp, text)] == ["European Union", "Government of Morocco"]


def test_the_funder_of_a_subject_that_receives_is_the_donor_not_the_recipient(
    nlp: Language,
) -> None:
    text = "The project, funded by Denmark, will receive USD 3 million in 2026."
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.countries) == ("Denmark", None, ())


def test_a_funder_in_an_aside_about_the_subject_that_gives_is_not_the_donor(
    nlp: Language,
) -> None:
    text = (
        "The Swiss Agency for Development and Cooperation, co-financed by the Government "
        "of Austria, has granted the ILO CHF 2 million for a project in Nepal."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.countries) == (
        "Swiss Agency for Development and Cooperation", ILO, ("NPL",),
    )  # fmt: skip


def test_the_subject_of_a_new_clause_after_a_comma_and_gives(nlp: Language) -> None:
    text = (
        "The Ministry of Labour has asked the ILO for advice, and the European Union has "
        "said it may provide up to EUR 3 million."
    )
    (fact,) = facts(nlp, text)
    assert fact.donor == "European Union"


def test_a_donors_channel_after_through_does_not_receive(nlp: Language) -> None:
    text = "The Government of Ghana, through the Ministry of Finance, will contribute US$ 1m."
    (fact,) = facts(nlp, text)
    # the ministry is Ghana's channel; a country's contribution goes to the ILO by default
    assert (fact.donor, fact.recipient) == ("Government of Ghana", ILO)


def test_in_addition_to_this_grant_is_another_sum(nlp: Language) -> None:
    text = (
        "Japan gave US$ 4 million to UNICEF for Ukraine. In addition to this grant, Japan "
        "has provided Ukraine with US$ 600 million since last year."
    )
    later = facts(nlp, text)[-1]
    assert (later.value, later.donor, later.recipient) == (Decimal(600000000), "Japan", None)


def test_the_fund_after_a_fund_that_is_an_organization_refers_to_no_programme(
    nlp: Language,
) -> None:
    text = (
        "The Qatar Fund For Development (QFFD) signed a USD 5 million grant with the ILO for "
        "the Employment Intensive Infrastructure Programme in Lebanon. In 2021 the Fund "
        "disbursed US$ 611 million to projects in 70 countries."
    )
    later = facts(nlp, text)[-1]
    assert (later.donor, later.recipient, later.programme, later.countries) == (
        "Qatar Fund for Development", None, None, (),
    )  # fmt: skip


def test_a_programme_another_amount_introduces_is_not_the_totals(nlp: Language) -> None:
    text = (
        "In 2023 Denmark paid DKK 60 million, including DKK 15 million for Better Work Bangladesh."
    )
    total, part = facts(nlp, text)
    assert (total.programme, part.programme) == (None, "Better Work Bangladesh")


def test_a_possessives_contribution_wins_over_a_payer_after_by(nlp: Language) -> None:
    text = (
        "Ireland's assessed contribution to the ILO, paid by the Department of Enterprise, "
        "Trade and Employment, was CHF 1.1 million in 2023."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.donor_iso3) == ("Ireland", "IRL")


def test_each_clause_has_its_own_donor_and_recipient(nlp: Language) -> None:
    text = "Japan gave US$ 2 million to UNICEF, while the ILO received US$ 1 million from Korea."
    assert [(f.donor, f.recipient) for f in facts(nlp, text)] == [
        ("Japan", UNICEF), (KOREA, ILO),
    ]  # fmt: skip


def test_companies_set_off_by_dashes_are_the_donors(nlp: Language) -> None:
    text = "Three firms – Acme Corporation, Nestlé and Cargill – have pledged US$ 2 million."
    assert [(f.donor, f.flow) for f in facts(nlp, text)] == [("Acme Corporation", Flow.PLEDGE)]


def test_our_contribution_is_the_contribution_of_the_country_the_page_speaks_for(
    nlp: Language,
) -> None:
    text = (
        "Norway and the ILO\n\nNorway is a long-standing partner.\n\n"
        "“We have decided to double our contribution to NOK 180 million,” the minister said."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.donor_iso3, fact.recipient) == ("Norway", "NOR", ILO)


@pytest.mark.parametrize(
    "text, donors",
    [
        (
            "Sida works with the Danish agency Danida, which has pledged DKK 40 million to the "
            "ILO for 2026-2028.",
            ["Danish International Development Agency"],
        ),
        (
            "The project is financed by the European Union, which committed EUR 2 million in "
            "2025, and by the Agence Française de Développement (AFD), which has provided EUR 3 "
            "million.",
            ["European Union", "Agence Française de Développement"],
        ),
    ],
)
def test_the_actor_a_relative_clause_follows_gives_the_amount_of_its_verb(
    nlp: Language, text: str, donors: list[str]
) -> None:
    assert [f.donor for f in facts(nlp, text)] == donors


def test_we_in_a_statement_is_the_country_of_the_speakers_office(nlp: Language) -> None:
    text = (
        "Statement by Eva Lind, Minister for Development of Denmark\n\n"
        "Ghana and Togo face hard times. Ghana needs jobs, and so does Togo.\n\n"
        "We will contribute DKK 30 million to the ILO for youth jobs in Ghana."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.donor_iso3, fact.countries) == ("Denmark", "DNK", ("GHA",))


def test_the_ilo_named_in_another_clause_is_not_the_recipient(nlp: Language) -> None:
    text = (
        "The ILO has committed $2 million to Nepal, while IOM will contribute another $1 million."
    )
    assert [f.recipient for f in facts(nlp, text)] == ["Nepal", None]


def test_the_programme_the_amount_is_for_wins_over_the_first_of_the_sentence(
    nlp: Language,
) -> None:
    text = "Under the Global Accelerator, Korea gave US$ 2 million for the Better Work programme."
    assert [f.programme for f in facts(nlp, text)] == ["Better Work"]


def test_a_back_reference_with_an_adjective_refers_back(nlp: Language) -> None:
    text = (
        "Denmark supports the Green Jobs for Youth Programme in Ghana.\n\n"
        "The proposed project has a budget of USD 4 million."
    )
    (fact,) = facts(nlp, text)
    assert (fact.programme, fact.donor, fact.countries, fact.flow) == (
        "Green Jobs for Youth Programme", "Denmark", ("GHA",), Flow.BUDGET,
    )  # fmt: skip


def test_the_partnership_refers_to_the_last_programme_named_a_partnership(nlp: Language) -> None:
    text = (
        "Korea and the ILO signed the Korea-ILO Partnership Programme. Korea also backs the "
        "Global Accelerator.\n\nFunding for the partnership is USD 9 million."
    )
    assert [f.programme for f in facts(nlp, text)] == ["Korea-ILO Partnership Programme"]


def test_it_refers_to_the_giver_not_to_the_programme(nlp: Language) -> None:
    text = (
        "Korea supports the SCORE programme in Viet Nam.\n\n"
        "In 2021 it provided US$ 6 million to UNICEF for refugees."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.programme, fact.countries) == (
        KOREA, UNICEF, None, (),
    )  # fmt: skip


@pytest.mark.parametrize(
    "text, flow",
    [
        ("ILO and Japan sign US$ 2 million training project", Flow.COMMITMENT),
        ("Japan and the ILO signed a US$ 3 million project for Ghana.", Flow.COMMITMENT),
        ("An instrument was signed on a €23m decent work project in Nepal.", Flow.BUDGET),
        ("Donors pledge US$ 10 million for refugees in Jordan", Flow.PLEDGE),
        ("The EU and the ILO agree EUR 4 million deal", Flow.COMMITMENT),
    ],
)
def test_flow_of_headline_verbs_and_signing(nlp: Language, text: str, flow: Flow) -> None:
    assert [f.flow for f in facts(nlp, text)] == [flow]


def test_a_purpose_clause_after_the_amount_is_no_pledge(nlp: Language) -> None:
    text = "Japan's US$ 2 million to support workers in Ghana arrived in May."
    assert [f.flow for f in facts(nlp, text)] == [Flow.OTHER]


def test_a_field_record_is_read_as_one(nlp: Language) -> None:
    text = (
        "Training grant awarded to the ILO\n\n"
        "Funding Recipient: International Labour Organization\n\n"
        "Total Funding: $2.5 million\n\n"
        "Duration: 2020-2023\n\n"
        "Location: Kenya, Uganda\n\n"
        "Donor: Government of Japan\n\n"
        "The project trains young workers."
    )
    (fact,) = facts(nlp, text)
    assert slots(fact) == (
        Decimal(2500000), "USD", "Government of Japan", "JPN", ILO, None, ("KEN", "UGA"),
        Y(2020, 1, 1), Y(2023, 12, 31), Flow.BUDGET,
    )  # fmt: skip


def test_a_field_of_another_record_does_not_apply(nlp: Language) -> None:
    text = "Donor: Government of Japan\n\nThe ILO works in Kenya.\n\nTotal Funding: $2.5 million"
    assert [f.donor for f in facts(nlp, text)] == [None]


def test_a_list_heading_gives_its_donor_and_recipient_to_every_bullet(nlp: Language) -> None:
    text = (
        "Norway funds the ILO through:\n\n"
        "  • Assessed contributions. From 2018 to 2022, Norway contributed US$ 9 Million.\n"
        "  • Voluntary contributions: US$ 4 million in 2021.\n"
    )
    assert [(f.donor, f.recipient, f.start) for f in facts(nlp, text)] == [
        ("Norway", ILO, Y(2018, 1, 1)), ("Norway", ILO, Y(2021, 1, 1)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text, donor, countries",
    [
        # the subject of the verb that governs the amount, not the first actor of the sentence
        (
            "Germany will give EUR 6 million for 2023-2024 and the UK will add £4 million.",
            ["Germany", "United Kingdom"],
            [(), ()],
        ),
        # a country before a colon labels where the money goes
        ("- Kenya: a grant of USD 240,000 helps young workers.", [None], [("KEN",)]),
        # who receives is not who gives
        ("Nigeria received a grant of US$ 310,000 for a survey.", [None], [("NGA",)]),
        # donors listed together are all donors, not where the money goes
        (
            "The programme received US$ 41 million from Germany, the Netherlands and Norway.",
            ["Germany"],
            [()],
        ),
        # a person's office is not the giver
        (
            "The Minister and ILO Director-General Guy Ryder signed a deal pledging EUR 2 million.",
            [None],
            [()],
        ),
    ],
)
def test_the_subject_of_the_governing_verb_gives(
    nlp: Language, text: str, donor: list[str | None], countries: list[tuple[str, ...]]
) -> None:
    found = facts(nlp, text)
    assert ([f.donor for f in found], [f.countries for f in found]) == (donor, countries)


def test_the_ilo_regular_budget_does_not_make_a_contribution_a_budget(nlp: Language) -> None:
    text = "Australia pays an assessed contribution to the ILO regular budget of CHF 7.6 million."
    assert [f.flow for f in facts(nlp, text)] == [Flow.DISBURSEMENT]


def test_money_that_will_go_to_a_programme_is_pledged(nlp: Language) -> None:
    text = "Of the new money, €8m will go to the second phase of the project."
    assert [f.flow for f in facts(nlp, text)] == [Flow.PLEDGE]


def test_a_verb_of_the_amounts_sentence_decides_before_a_noun(nlp: Language) -> None:
    # a noun (`grant`) decides only where no verb does (a grant with no other verb: commitment)
    text = "The US$ 2 million grant from Korea, which the ILO received in May, trains workers."
    assert [f.flow for f in facts(nlp, text)] == [Flow.DISBURSEMENT]


def test_a_country_the_money_goes_to_receives_it(nlp: Language) -> None:
    (fact,) = facts(nlp, "Japan gave a US$ 5 million grant to Jordan for its schools.")
    assert (fact.donor, fact.recipient, fact.countries) == ("Japan", "Jordan", ("JOR",))


def test_a_row_of_a_plain_text_table_is_its_own_sentence(nlp: Language) -> None:
    """In a text file a single line break does not end a sentence, but a line of ` | ` cells
    is a table row: each row's amount takes the donor and country of its own row."""
    text = (
        "Contributions to the fund, by source\n"
        "Donor | Contribution | Country\n"
        "Norway | USD 3,000,000 | Malawi\n"
        "Sweden | USD 1,500,000 | Zambia\n"
    )
    first, second = facts(nlp, text)
    assert (first.donor, first.countries, first.sentence) == (
        "Norway",
        ("MWI",),
        "Norway | USD 3,000,000 | Malawi",
    )
    assert (second.donor, second.countries) == ("Sweden", ("ZMB",))


def test_the_countries_of_a_route_are_neither_donor_nor_recipient(nlp: Language) -> None:
    """`from Nepal and Bangladesh to Malaysia` is where migrants go, not a `from X` giver and
    a `to X` receiver: the agency before the verb gives, and the money goes to all three."""
    text = (
        "Sida and the ILO signed an agreement worth SEK 90 million to make migration from "
        "Nepal and Bangladesh to Malaysia safer."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.countries) == (
        "Swedish International Development Cooperation Agency",
        "International Labour Organization",
        ("NPL", "BGD", "MYS"),
    )


def test_a_period_after_a_restated_amount_goes_with_the_amount_it_restates(
    nlp: Language,
) -> None:
    text = "Norway will provide NOK 50 million (about USD 4.7 million) for 2025-2028 to the ILO."
    (fact,) = facts(nlp, text)
    assert (fact.value, fact.start, fact.end) == (
        Decimal(50_000_000),
        Y(2025, 1, 1),
        Y(2028, 12, 31),
    )


def test_a_back_reference_to_money_takes_the_slots_of_the_fact_before(nlp: Language) -> None:
    """`Of this grant, ...` points to the grant of the sentence before: its donor, recipient
    and period fill what this sentence leaves empty; its own countries stay its own."""
    text = (
        "The Acme Foundation has awarded the ILO a grant of EUR 9 million for 2025-2027. "
        "Of this grant, EUR 4 million will be spent in Ghana."
    )
    _, share = facts(nlp, text)
    assert (share.donor, share.recipient, share.countries, share.start, share.end) == (
        "Acme Foundation", "International Labour Organization", ("GHA",),
        Y(2025, 1, 1), Y(2027, 12, 31),
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "UNICEF will co-finance the survey with US$ 750,000.",
        "The ILO will match the grant with EUR 1.5 million of its own.",
    ],
)
def test_will_co_finance_or_match_is_a_pledge(nlp: Language, text: str) -> None:
    (fact,) = facts(nlp, text)
    assert fact.flow is Flow.PLEDGE


@pytest.mark.parametrize(
    "text, donors",
    [
        (
            "Donors included Portugal (EUR 2 million) and Malta (EUR 1 million).",
            ["Portugal", "Malta"],
        ),
        (
            "The Acme Foundation pledged US$ 3 million and the Bolt Foundation US$ 2 million.",
            ["Acme Foundation", "Bolt Foundation"],
        ),
        (
            "Funding totalled US$ 90 million, of which US$ 30 million came from the European "
            "Union and US$ 20 million from Sida.",
            [None, "European Union", "Swedish International Development Cooperation Agency"],
        ),
    ],
)  # fmt: skip
def test_a_donor_written_against_its_own_amount(
    nlp: Language, text: str, donors: list[str]
) -> None:
    """In a list of donors and sums each amount takes the donor written against it: before
    it in parentheses, before it where an earlier amount had the verb, `from X` after it."""
    assert [fact.donor for fact in facts(nlp, text)] == donors


def test_a_fund_with_a_for_tail_receives_the_money_paid_to_it(nlp: Language) -> None:
    text = "Ten governments pledged US$ 40 million to the Global Fund for Safer Mines in 2025."
    (fact,) = facts(nlp, text)
    assert fact.recipient == "Global Fund for Safer Mines"


def test_the_support_in_general_takes_the_donor_before_but_not_its_period(
    nlp: Language,
) -> None:
    text = (
        "Norway has given the ILO NOK 40 million for 2024-2026. "
        "The additional support includes NOK 5 million to labour organisations."
    )
    _, part = facts(nlp, text)
    assert (part.donor, part.recipient, part.start) == (
        "Norway", "International Labour Organization", None
    )  # fmt: skip


def test_an_organizations_share_names_its_recipient_not_its_donor(nlp: Language) -> None:
    text = "It is financed by the Acme Fund with US$ 2 million; the ILO's share is US$ 800,000."
    _, share = facts(nlp, text)
    assert (share.donor, share.recipient) == ("Acme Fund", "International Labour Organization")


@pytest.mark.parametrize(
    "text, recipient",
    [
        ("The European Union has awarded UNICEF a grant of EUR 4 million.",
         "United Nations Children's Fund"),
        ("Sweden is funding the Oxfam office with SEK 5 million.", "Oxfam"),
    ],
)  # fmt: skip
def test_the_organization_after_a_verb_of_giving_receives(
    nlp: Language, text: str, recipient: str
) -> None:
    (fact,) = facts(nlp, text)
    assert fact.recipient == recipient


def test_the_organization_that_implements_the_project_receives_its_money(
    nlp: Language,
) -> None:
    """The one who implements or receives is never the donor, though it is the subject."""
    text = "The Ministry of Labour of Ghana will implement the NOK 8 million project."
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient) == (None, "Ministry of Labour of Ghana")


def test_the_routes_of_a_sentence_are_found_once_not_once_per_actor(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`actors` tested each actor against routes it recomputed for every actor: quadratic
    in the countries of a document (11 s of a 13-document run went there)."""
    import pipeline.link.parties as parties

    calls = []
    real = parties._routes

    def counted(text: str, found: list[parties.Actor]) -> set[tuple[int, int]]:
        calls.append(len(found))
        return real(text, found)

    monkeypatch.setattr(parties, "_routes", counted)
    text = "Norway, Sweden, Denmark, Finland and Iceland gave US$ 5 million to Kenya and Ghana."
    (fact,) = facts(nlp, text)
    assert fact.countries == ("KEN", "GHA")
    assert max(Counter(calls).values()) <= 3  # once per actors() call: sentence, speaker


def test_funded_by_names_the_donor_before_a_person_from_an_organization(nlp: Language) -> None:
    (fact,) = facts(
        nlp,
        "An adviser from the ILO told reporters the road scheme is funded by Japan at "
        "US$ 5 million.",
    )
    assert (fact.donor, fact.recipient) == ("Japan", ILO)


def test_the_amount_inside_a_back_reference_does_not_hide_it(nlp: Language) -> None:
    """`The US$ 2 million project` refers back to the project named before."""
    text = (
        "Japan and the ILO signed an agreement for a project titled HARBOUR. "
        "The US$ 2 million project will be run in Ghana."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.programme) == ("Japan", "HARBOUR")


def test_a_fiscal_year_label_gives_the_amount_its_year_and_a_commitment(nlp: Language) -> None:
    """`FY 2010 : USD 1,000,000` on a donor's project page: each amount is that year's."""
    text = "Yearly funding\nFY\n2019\n: USD\n450,000\nFY\n2020\n: USD\n300,000\n"
    assert [(f.value, f.start, f.end, f.flow) for f in facts(nlp, text)] == [
        (Decimal(450000), Y(2019, 1, 1), Y(2019, 12, 31), Flow.COMMITMENT),
        (Decimal(300000), Y(2020, 1, 1), Y(2020, 12, 31), Flow.COMMITMENT),
    ]


def test_a_page_titled_with_a_programme_gives_its_facts_the_programme_and_its_country(
    nlp: Language,
) -> None:
    text = (
        "Better Work - Jordan\n\nDates\nMarch 2012 to June 2020\n"
        "Yearly funding\nFY\n2019\n: USD\n450,000\n\nBetter Work visits factories."
    )
    (fact,) = facts(nlp, text)
    assert (fact.programme, fact.countries) == ("Better Work Jordan", ("JOR",))


def test_a_title_with_a_subtitle_under_a_document_label_gives_the_fact_box_its_programme(
    nlp: Language,
) -> None:
    text = (
        "PROJECT BRIEF\n\nHarbour Skills, Safer Docks: port safety in Kenya\n\n"
        "Donor: Irish Aid\nBudget: EUR 3 million\n\n"
        "Harbour Skills, Safer Docks trains dock workers in Mombasa."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.programme) == ("Irish Aid", "Harbour Skills, Safer Docks")


def test_a_fund_that_gives_is_not_the_programme_of_its_money(nlp: Language) -> None:
    text = (
        "PROJECT BRIEF\n\nSafer Harbours for Dock Workers in Kenya\n\n"
        "Funding partner: Joint SDG Fund\nGovernment counterparts: Ministry of Transport; "
        "Ministry of Labour\nTotal budget: US$ 2,000,000\n\n"
        "The project trains dock workers in Mombasa."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.programme) == (
        "Joint SDG Fund",
        "Safer Harbours for Dock Workers in Kenya",
    )
    text = "The Joint SDG Fund has allocated US$ 2 million to Kenya."
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.programme) == ("Joint SDG Fund", None)


def test_a_title_under_an_offices_masthead_gives_the_pages_facts_their_programme(
    nlp: Language,
) -> None:
    text = (
        "International Labour Organization\nILO Country Office for Kenya, Rwanda and Uganda\n\n"
        "PROJECT FACTSHEET | May 2026\n\nHarbour Skills for Youth (HSY)\n\n"
        "Development partner: Irish Aid\nCountry: Kenya\n\n"
        "Funding\nIrish Aid's grant of EUR 3 million was signed in Nairobi on 2 May 2026.\n\n"
        "The HSY project trains dock workers."
    )
    (fact,) = facts(nlp, text)
    assert (fact.programme, fact.countries) == ("Harbour Skills for Youth", ("KEN",))


def test_a_sentence_under_the_first_line_is_no_masthead_above_a_title(nlp: Language) -> None:
    text = (
        "Irish Aid supports the ILO in Kenya.\n\nHarbour Skills for Youth (HSY)\n\n"
        "Irish Aid gave EUR 3 million in 2026. The HSY project trains dock workers."
    )
    (fact,) = facts(nlp, text)
    assert fact.programme is None


def test_it_is_the_project_refers_back_to_the_programme(nlp: Language) -> None:
    text = (
        "Norway funds the Harbour Skills for Youth project in Kenya.\n\n"
        "With a budget of NOK 30 million, it is the largest port safety project in Africa."
    )
    (fact,) = facts(nlp, text)
    assert fact.programme == "Harbour Skills for Youth"


def test_a_headline_is_no_page_title_for_the_facts_below_it(nlp: Language) -> None:
    text = "Japan funds the Better Work programme\n\nJapan gave US$ 2 million to the ILO in 2020."
    (fact,) = facts(nlp, text)
    assert fact.programme is None


def test_the_liquidity_of_a_company_is_no_funding(nlp: Language) -> None:
    text = "Thanks to the grant, the bank's liquidity now stands at KSh 900 million."
    assert facts(nlp, text) == []


def test_labels_on_their_own_lines_fill_the_slots_of_the_amount_below_them(nlp: Language) -> None:
    """A web page's fields as text: `Country` / `Ghana`; the country of the field is where
    the money goes, not a donor, and `Implementing Organization` is a label, not a name."""
    text = (
        "Region\nAfrica\nCountry\nGhana\nProject Duration\nDecember 2019\n-\nDecember 2024\n"
        "Funding Amount\n$5,000,000\nImplementing Organization\nInternational Labour "
        "Organization\n\nThe project helps farmers."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.countries, fact.start, fact.end) == (
        None, ILO, ("GHA",), Y(2019, 12, 1), Y(2024, 12, 31),
    )  # fmt: skip


def test_one_label_line_is_no_record(nlp: Language) -> None:
    text = "Country\nNorway said it gave $5,000,000 to the ILO."
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.countries) == ("Norway", ())


def test_money_that_is_required_is_a_need_not_funding(nlp: Language) -> None:
    assert facts(nlp, "The union said that $12 million would be required for the repairs.") == []


def test_the_account_money_comes_from_is_not_the_programme_it_is_for(nlp: Language) -> None:
    text = (
        "The ILO has committed US$ 2 million of its voluntary funds (Regular Budget "
        "Supplementary Account) to start work in Peru."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.programme, fact.countries) == (ILO, None, ("PER",))


@pytest.mark.parametrize(
    "text, donor, recipient",
    [
        # a headline drops its `is`: the actor is awarded the money
        (
            "News\n\nUNICEF awarded $3.1 million to fight child labour in Peru\n\nMore.",
            None,
            UNICEF,
        ),
        # with a recipient named it gives; in a wrapped paragraph line it gives too
        ("News\n\nJapan awarded US$ 2 million to the ILO\n\nMore.", "Japan", ILO),
        ("In 2020 UNICEF awarded $3.1 million in grants\nto schools in Peru.", UNICEF, None),
    ],
)
def test_a_headline_drops_its_is(
    nlp: Language, text: str, donor: str | None, recipient: str | None
) -> None:
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient) == (donor, recipient)


def test_the_ilo_glued_to_a_partner_gives_and_receives_nothing(nlp: Language) -> None:
    """`ILO-Japan sign ...`: a pair that signs; which of them gives is not said."""
    (fact,) = facts(nlp, "ILO-Japan sign US$ 300,000 skills training initiative\n\nIt helps.")
    assert (fact.donor, fact.recipient) == (None, None)


def test_a_country_after_a_long_office_title_is_not_where_the_money_goes(nlp: Language) -> None:
    text = (
        "It includes $ 2 million for a new initiative announced with the Minister of Labour "
        "and Employment of Brazil in Geneva."
    )
    (fact,) = facts(nlp, text)
    assert fact.countries == ()


def test_a_programme_after_titled_is_the_one_the_money_is_for(nlp: Language) -> None:
    text = (
        "Under the Coastal Jobs Programme, the Lakeside Fund gave US$ 2 million to a project "
        "titled Harbour Skills for Youth."
    )
    (fact,) = facts(nlp, text)
    assert fact.programme == "Harbour Skills for Youth"


def test_the_project_titled_names_its_programme_and_refers_back_to_none(nlp: Language) -> None:
    text = (
        "The Coastal Jobs Initiative began in 2020.\n\nThe Lakeside Fund has released US$ 2 "
        "million to the ILO and UNDP to implement the project titled “Anchor: Building skills "
        "through the economic empowerment of dockers in Northern Kenya.”"
    )
    (fact,) = facts(nlp, text)
    name = "Anchor: Building skills through the economic empowerment of dockers in Northern Kenya"
    assert fact.programme == name


def test_a_nationality_adjective_before_projects_is_where_the_money_goes(nlp: Language) -> None:
    text = "Three Nepali projects to receive USD 1.2 million from the Lakeside Fund\n\nMore."
    (fact,) = facts(nlp, text)
    assert fact.countries == ("NPL",)


@pytest.mark.parametrize(
    "text, donor",
    [
        (
            "The Mekong Foundation works with the ILO in Laos.\n\n"
            "Its first phase opened in 2022 with a EUR 3 million grant from the foundation.",
            "Mekong Foundation",
        ),
        (
            "The Government of Japan and the ILO met in Tokyo.\n\n"
            "The Government will provide US$ 4 million to the ILO for youth jobs in Asia.",
            "Government of Japan",
        ),
    ],
)
def test_the_foundation_or_the_government_stands_for_the_one_named_before(
    nlp: Language, text: str, donor: str
) -> None:
    (fact,) = facts(nlp, text)
    assert fact.donor == donor


def test_the_government_of_a_country_is_no_reference_back(nlp: Language) -> None:
    text = (
        "The Government of Japan met the ILO.\n\n"
        "The Government of Peru will provide US$ 1 million to the ILO."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.donor_iso3) == ("Government of Peru", "PER")


@pytest.mark.parametrize(
    "second",
    [
        "It announced a new grant of EUR 450,000 for 2025-2027 to the ILO.",
        "In 2021, it gave $3 million to the ILO for a survey.",
    ],
)
def test_it_as_the_subject_is_the_donor_of_the_sentence_before(nlp: Language, second: str) -> None:
    text = f"The Lakeside Foundation has supported rural unions in Ghana since 2018. {second}"
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient) == ("Lakeside Foundation", ILO)


def test_it_after_a_sentence_whose_only_giver_is_the_ilo_takes_the_sum_befores_donor(
    nlp: Language,
) -> None:
    text = (
        "The ILO and Sida signed a partnership agreement worth SEK 240 million. The agreement "
        "was signed by the ILO Deputy Director-General. It renews a cooperation that has "
        "channelled SEK 1.1 billion to ILO programmes."
    )
    later = facts(nlp, text)[-1]
    assert later.donor == "Swedish International Development Cooperation Agency"


def test_it_after_a_preposition_is_no_subject(nlp: Language) -> None:
    text = (
        "The Lakeside Foundation has supported rural unions in Ghana since 2018. "
        "For it, the ILO received $3 million."
    )
    (fact,) = facts(nlp, text)
    assert fact.donor is None


def test_the_fund_stands_for_the_fund_named_before_and_receives(nlp: Language) -> None:
    text = (
        "The Coastal Trust Fund for Fishers opened in 2020 with the ILO.\n\n"
        "In 2023 Japan gave US$ 2 million to the fund."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient) == ("Japan", "Coastal Trust Fund for Fishers")


def test_a_donor_written_against_another_amount_is_not_the_totals(nlp: Language) -> None:
    text = (
        "Funding received by the ILO in Asia totalled US$ 90 million, of which "
        "US$ 30 million came from the European Union and US$ 12 million from Sida."
    )
    found = facts(nlp, text)
    assert [(f.value, f.donor, f.recipient) for f in found] == [
        (Decimal(90000000), None, ILO),
        (Decimal(30000000), "European Union", ILO),
        (Decimal(12000000), "Swedish International Development Cooperation Agency", ILO),
    ]


def test_a_tranche_is_part_of_the_last_sum_in_its_currency(nlp: Language) -> None:
    text = (
        "Norway has committed NOK 45 million to the ILO for green jobs in Malawi.\n\n"
        "The project also receives US$ 1.8 million from the European Union.\n\n"
        "The first tranche of NOK 15 million will be paid in June 2024."
    )
    tranche = facts(nlp, text)[-1]
    assert (tranche.value, tranche.donor, tranche.recipient) == (
        Decimal(15000000), "Norway", ILO,
    )  # fmt: skip


def test_the_donor_of_the_sentence_referred_to_is_not_where_the_money_goes(
    nlp: Language,
) -> None:
    text = (
        "Canada's contribution of CAD 3 million supports Better Work Viet Nam until 2026.\n\n"
        "The project is also financed by KOICA with US$ 5 million over three years."
    )
    fact = facts(nlp, text)[-1]
    assert (fact.donor, fact.programme, fact.countries) == (
        "Korea International Cooperation Agency", "Better Work Viet Nam", ("VNM",),
    )  # fmt: skip


def test_an_organization_that_mobilized_money_received_it(nlp: Language) -> None:
    (fact,) = facts(nlp, "In 2023 the ILO mobilized US$ 850 million in voluntary contributions.")
    assert (fact.donor, fact.recipient) == (None, ILO)


def test_money_under_a_signed_exchange_of_notes_is_committed(nlp: Language) -> None:
    text = (
        "Japan and the ILO signed an exchange of notes under which Japan will finance "
        "the project with JPY 300 million."
    )
    (fact,) = facts(nlp, text)
    assert fact.flow is Flow.COMMITMENT


def test_a_country_after_in_before_a_colon_is_where_the_money_goes(nlp: Language) -> None:
    text = (
        "Norway funds the ILO through:\n"
        "- Core funding: US$ 2 million in 2023\n"
        "- The Coastal Jobs Programme in Ghana and Togo: EUR 3 million (2020-2024)"
    )
    fact = facts(nlp, text)[-1]
    assert (fact.value, fact.donor, fact.countries) == (
        Decimal(3000000), "Norway", ("GHA", "TGO"),
    )  # fmt: skip


def test_a_range_after_a_run_head_before_the_only_amount_is_its_period(nlp: Language) -> None:
    text = (
        "The second phase (2019-2022), which reached garment workers in Jordan and Egypt, "
        "was financed by Switzerland with CHF 3.8 million."
    )
    (fact,) = facts(nlp, text)
    assert (fact.value, fact.start, fact.end) == (Decimal(3800000), Y(2019, 1, 1), Y(2022, 12, 31))


def test_a_range_far_before_the_amount_after_no_run_head_dates_nothing(nlp: Language) -> None:
    text = (
        "Wages rose sharply in 2019-2022, and the crisis response that followed in Jordan "
        "and Egypt was financed by Switzerland with CHF 3.8 million."
    )
    (fact,) = facts(nlp, text)
    assert (fact.value, fact.start, fact.end) == (Decimal(3800000), None, None)


def test_a_restatement_does_not_part_the_amount_from_its_period(nlp: Language) -> None:
    text = (
        "Denmark will provide DKK 60 million (about US$ 8.7 million) over three years from "
        "2025 to the ILO."
    )
    (fact,) = facts(nlp, text)
    assert (fact.value, fact.start, fact.end) == (Decimal(60000000), Y(2025, 1, 1), Y(2027, 12, 31))


def test_a_country_goes_with_the_amount_on_its_side_of_a_break(nlp: Language) -> None:
    text = (
        "Of the grant, EUR 4 million will go to Senegal and EUR 2 million to Mali, while "
        "in Niger the project will receive EUR 1 million."
    )
    found = facts(nlp, text)
    assert [(f.value, f.countries) for f in found] == [
        (Decimal(4000000), ("SEN",)),
        (Decimal(2000000), ("MLI",)),
        (Decimal(1000000), ("NER",)),
    ]


def test_the_same_amount_twice_in_a_sentence_gives_two_facts(nlp: Language) -> None:
    text = "Of the grant, EUR 2 million goes to the ILO and EUR 2 million to UNICEF."
    found = facts(nlp, text)
    assert [(f.value, f.recipient, f.flow) for f in found] == [
        (Decimal(2000000), ILO, "disbursement"),
        (Decimal(2000000), UNICEF, "disbursement"),
    ]


def test_a_clause_break_outranks_an_and_inside_a_phrase(nlp: Language) -> None:
    text = (
        "Of the grant, USD 3 million goes to training and placement services in Jordan, "
        "and the remaining USD 1 million to start-up loans in Lebanon."
    )
    found = facts(nlp, text)
    assert [(f.value, f.countries) for f in found] == [
        (Decimal(3000000), ("JOR",)),
        (Decimal(1000000), ("LBN",)),
    ]


def test_a_possessive_in_a_later_clause_is_not_the_donor(nlp: Language) -> None:
    text = (
        "Canada will transfer its last tranche of CAD 3 million in 2025, and Sida's pledge "
        "is expected to be signed in March."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.donor_iso3, fact.countries) == ("Canada", "CAN", ())


def test_a_records_start_and_end_date_fields_give_its_period(nlp: Language) -> None:
    text = (
        "Start date: 2022-04-01\n"
        "End date: 2025-03-31\n"
        "Executing agency partner: International Labour Organization\n"
        "Budget: CAD 4,000,000"
    )
    (fact,) = facts(nlp, text)
    assert (fact.recipient, fact.start, fact.end) == (ILO, Y(2022, 4, 1), Y(2025, 3, 31))


def test_a_records_donor_field_wins_over_an_actor_of_another_field(nlp: Language) -> None:
    text = (
        "Donor: Irish Aid; co-funding from the Government of Norway\n"
        "Budget: EUR 6 million\n"
        "Duration: 2023-2026\n"
        "Implementing agency: International Labour Organization"
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.donor_iso3, fact.recipient, fact.start, fact.end) == (
        "Irish Aid", "IRL", ILO, Y(2023, 1, 1), Y(2026, 12, 31),
    )  # fmt: skip


def test_a_grant_records_grantor_and_period_of_performance_fill_their_slots(
    nlp: Language,
) -> None:
    text = (
        "Grantor: Irish Aid\n"
        "Grantee: International Labour Organization\n"
        "Funding: EUR 2,000,000\n"
        "Period of performance: March 1, 2026 – February 28, 2029\n"
        "Co-funding: Government of Ghana"
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.start, fact.end) == (
        "Irish Aid", ILO, Y(2026, 3, 1), Y(2029, 2, 28),
    )  # fmt: skip


def test_a_part_of_a_sum_takes_the_sums_period(nlp: Language) -> None:
    text = (
        "Contributions received by the ILO in 2020-21 totalled US$ 50 million, of which "
        "US$ 20 million came from Sida and US$ 9 million from Norad."
    )
    found = facts(nlp, text)
    assert [(f.value, f.recipient, f.start, f.end) for f in found] == [
        (Decimal(50000000), ILO, Y(2020, 1, 1), Y(2021, 12, 31)),
        (Decimal(20000000), ILO, Y(2020, 1, 1), Y(2021, 12, 31)),
        (Decimal(9000000), ILO, Y(2020, 1, 1), Y(2021, 12, 31)),
    ]


def test_a_share_of_a_sum_goes_to_its_owner_from_the_sums_donor(nlp: Language) -> None:
    text = (
        "The joint programme is financed by the Joint SDG Fund with US$ 3 million for "
        "2024-2025; the ILO's share is US$ 1 million, UNICEF's US$ 1.2 million and UNDP's "
        "and WFP's US$ 400,000 each."
    )
    found = facts(nlp, text)
    assert [(f.value, f.donor, f.recipient, f.start, f.end) for f in found] == [
        (Decimal(3000000), "Joint SDG Fund", None, Y(2024, 1, 1), Y(2025, 12, 31)),
        (Decimal(1000000), "Joint SDG Fund", ILO, Y(2024, 1, 1), Y(2025, 12, 31)),
        (Decimal(1200000), "Joint SDG Fund", UNICEF, Y(2024, 1, 1), Y(2025, 12, 31)),
        (Decimal(400000), "Joint SDG Fund", UNDP, Y(2024, 1, 1), Y(2025, 12, 31)),
    ]


def test_money_a_donor_confirmed_is_committed_by_that_donor(nlp: Language) -> None:
    text = "France will give EUR 8 million, and Belgium confirmed EUR 5 million for 2025-2026."
    found = facts(nlp, text)
    assert [(f.value, f.donor, f.countries, f.flow) for f in found] == [
        (Decimal(8000000), "France", (), Flow.PLEDGE),
        (Decimal(5000000), "Belgium", (), Flow.COMMITMENT),
    ]


def test_a_recipient_in_another_amounts_clause_is_not_this_ones(nlp: Language) -> None:
    text = (
        "Sweden will give SEK 8 million through UNICEF, and Denmark will give DKK 5 million "
        "to the ILO."
    )
    found = facts(nlp, text)
    assert [(f.value, f.donor, f.recipient) for f in found] == [
        (Decimal(8000000), "Sweden", UNICEF),
        (Decimal(5000000), "Denmark", ILO),
    ]


def test_a_sum_the_size_of_an_economy_is_funding_only_when_given(nlp: Language) -> None:
    text = (
        "Migrant workers sent home US$ 9 billion in 2024.\n\n"
        "The World Bank approved a US$ 1.2 billion credit to Nepal in 2025."
    )
    assert [(f.value, f.donor, f.flow) for f in facts(nlp, text)] == [
        (Decimal(1200000000), "World Bank", Flow.COMMITMENT),
    ]


def test_a_noun_of_money_with_its_own_amount_does_not_point_back(nlp: Language) -> None:
    text = (
        "Ireland provides EUR 1.5 million a year to the ILO from 2022 to 2025.\n\n"
        "The grant of AUD 2.5 million from Australia will be implemented by the ILO in Fiji."
    )
    fact = facts(nlp, text)[-1]
    assert (fact.value, fact.donor, fact.start, fact.end, fact.countries) == (
        Decimal(2500000), "Australia", None, None, ("FJI",),
    )  # fmt: skip


def test_money_paid_into_an_account_is_for_that_account(nlp: Language) -> None:
    text = (
        "In 2023, Denmark contributed US$ 6 million to the ILO's Regular Budget "
        "Supplementary Account (RBSA)."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.programme) == (
        "Denmark", ILO, "Regular Budget Supplementary Account",
    )  # fmt: skip


def test_a_stated_run_far_from_the_only_amount_is_its_period(nlp: Language) -> None:
    text = (
        "The European Union has allocated EUR 20 million to the ILO for a four-year "
        "programme on labour migration in West Africa, starting in 2025."
    )
    (fact,) = facts(nlp, text)
    assert (fact.start, fact.end) == (Y(2025, 1, 1), Y(2028, 12, 31))


def test_the_first_of_recipients_that_receive_together_is_the_recipient(nlp: Language) -> None:
    text = (
        "UNICEF and the ILO received US$ 7 million from the Joint SDG Fund for social "
        "protection in Malawi."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.countries) == ("Joint SDG Fund", UNICEF, ("MWI",))


def test_money_that_will_be_made_available_is_pledged(nlp: Language) -> None:
    (fact,) = facts(nlp, "Norway said NOK 5 million will be made available in 2026.")
    assert fact.flow is Flow.PLEDGE


FAO = "Food and Agriculture Organization of the United Nations"
PBF = "United Nations Peacebuilding Fund"


def test_a_sentence_opening_with_of_this_is_about_parts_of_the_sum_before(
    nlp: Language,
) -> None:
    text = (
        "The Peacebuilding Fund approved US$ 3 million for 2025-2027 for youth employment in "
        "Colombia. Of this, US$ 1.5 million will go to the ILO and US$ 1 million to FAO."
    )
    found = facts(nlp, text)
    assert [(f.value, f.donor, f.recipient, f.countries, f.start) for f in found] == [
        (Decimal(3000000), PBF, None, ("COL",), Y(2025, 1, 1)),
        (Decimal(1500000), PBF, ILO, ("COL",), Y(2025, 1, 1)),
        (Decimal(1000000), PBF, FAO, ("COL",), Y(2025, 1, 1)),
    ]


def test_a_sentence_opening_with_of_an_owners_contribution_is_about_its_parts(
    nlp: Language,
) -> None:
    text = (
        "Denmark will contribute DKK 40 million over 2024-2027 to the ILO. Of Denmark's "
        "contribution, DKK 15 million is earmarked for a component in Ghana."
    )
    part = facts(nlp, text)[-1]
    assert (part.value, part.donor, part.countries, part.start, part.end) == (
        Decimal(15000000), "Denmark", ("GHA",), Y(2024, 1, 1), Y(2027, 12, 31),
    )  # fmt: skip


def test_a_part_with_no_verb_of_its_own_has_the_sums_flow(nlp: Language) -> None:
    text = (
        "Denmark committed DKK 20 million to the ILO for 2025-2027. Of this, DKK 5 million is "
        "for Kenya and DKK 3 million for Uganda."
    )
    assert [f.flow for f in facts(nlp, text)] == ["commitment"] * 3


def test_the_remaining_sum_is_a_part_of_the_sum_before(nlp: Language) -> None:
    text = (
        "The Peacebuilding Fund approved US$ 3 million for 2025-2027 for youth employment in "
        "Colombia. The remaining US$ 1 million will be managed by FAO."
    )
    assert [(f.donor, f.recipient, f.countries) for f in facts(nlp, text)][1] == (
        PBF,
        FAO,
        ("COL",),
    )


def test_the_second_agreement_is_another_sum_than_the_first(nlp: Language) -> None:
    text = (
        "Under the first agreement, the ILO will channel KSh 1.9 billion to the Ministry of "
        "Labour over four years from July 2026. The second agreement, of KSh 1.4 billion, "
        "finances cash transfers run by UNICEF."
    )
    found = facts(nlp, text)
    assert [(f.donor, f.start) for f in found] == [(ILO, Y(2026, 7, 1)), (None, None)]


def test_of_the_total_is_no_part_of_a_smaller_sum_before(nlp: Language) -> None:
    text = (
        "The Laudes Foundation pledged US$ 3 million. Of the total pledged, US$ 60 million "
        "will be disbursed this year."
    )
    assert [f.donor for f in facts(nlp, text)] == ["Laudes Foundation", None]


def test_the_money_a_capitalized_word_names_refers_back_to_the_sum(nlp: Language) -> None:
    text = (
        "The EU contributed EUR 15 million to the programme. Of the EU contribution, EUR 11 "
        "million is allocated to the ILO."
    )
    assert [f.donor for f in facts(nlp, text)] == ["European Union", "European Union"]


def test_the_actor_each_amount_goes_to_is_its_recipient(nlp: Language) -> None:
    text = "The Peacebuilding Fund gave US$ 2 million to UNDP and US$ 1 million to UNICEF."
    assert [(f.donor, f.recipient) for f in facts(nlp, text)] == [(PBF, UNDP), (PBF, UNICEF)]


@pytest.mark.parametrize(
    "text",
    [
        "UNDP received US$ 2 million and UNICEF US$ 1 million from the Peacebuilding Fund.",
        "The Peacebuilding Fund gave US$ 3 million: UNDP received US$ 2 million and UNICEF "
        "received US$ 1 million.",
    ],
)
def test_an_actor_listed_after_one_that_receives_receives_too(nlp: Language, text: str) -> None:
    assert [(f.donor, f.recipient) for f in facts(nlp, text)][-2:] == [
        (PBF, UNDP),
        (PBF, UNICEF),
    ]


def test_a_programme_after_a_break_and_another_amount_is_that_amounts(nlp: Language) -> None:
    text = (
        "In 2024 Sida provided SEK 85 million for the Better Work programme; KOICA gave KRW 9 "
        "billion; and the Australian Government granted AUD 7 million for Work in Freedom."
    )
    assert [f.programme for f in facts(nlp, text)] == ["Better Work", None, "Work in Freedom"]


def test_a_field_records_recipient_and_countries_win_over_other_fields_actors(
    nlp: Language,
) -> None:
    text = (
        "Donor: Global Affairs Canada (GAC)\n"
        "Implementing agency: International Labour Organization (ILO)\n"
        "Budget: CAD 8.5 million\n"
        "Countries: Guatemala, Honduras"
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.countries) == (
        "Global Affairs Canada", ILO, ("GTM", "HND"),
    )  # fmt: skip


def test_under_the_agreement_refers_back_to_the_agreements_sum(nlp: Language) -> None:
    text = (
        "Norway and the ILO signed a framework agreement worth NOK 300 million for 2025-2028. "
        "Under the agreement, NOK 120 million will go to social protection."
    )
    second = facts(nlp, text)[1]
    assert (second.donor, second.recipient, second.start, second.end) == (
        "Norway", ILO, Y(2025, 1, 1), Y(2028, 12, 31),
    )  # fmt: skip


def test_a_list_headings_verb_and_year_go_to_bullets_that_state_none(nlp: Language) -> None:
    text = "In 2022 SECO disbursed the following amounts to the ILO:\n• CHF 9.8 million\n"
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.flow, fact.start, fact.end) == (
        "State Secretariat for Economic Affairs", ILO, Flow.DISBURSEMENT,
        Y(2022, 1, 1), Y(2022, 12, 31),
    )  # fmt: skip


def test_they_takes_the_recipient_and_verb_of_the_sentence_before(nlp: Language) -> None:
    text = (
        "Norad has approved new contributions to three programmes run by the ILO. Together "
        "they amount to NOK 90 million."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.flow) == (
        "Norwegian Agency for Development Cooperation", ILO, Flow.COMMITMENT,
    )  # fmt: skip


def test_a_list_headings_noun_gives_the_flow_where_it_has_no_verb(nlp: Language) -> None:
    text = "Norad's disbursements to the ILO:\n• 2023: NOK 96 million\n• 2024: NOK 104 million\n"
    assert [f.flow for f in facts(nlp, text)] == [Flow.DISBURSEMENT] * 2


def test_bullets_under_a_heading_that_opens_with_it_are_parts_of_the_sum_before(
    nlp: Language,
) -> None:
    text = (
        "Australia committed A$ 24 million to the ILO for 2021-2025. It supports two "
        "programmes:\n- Better Work Indonesia: A$ 8.5 million;\n- the Tripartite Action to "
        "Enhance the Contribution of Labour Migration to Growth and Development in ASEAN "
        "(TRIANGLE in ASEAN): A$ 5.5 million."
    )
    found = facts(nlp, text)
    assert [(f.donor, f.recipient, f.start) for f in found[1:]] == [
        ("Australia", ILO, Y(2021, 1, 1)),
        ("Australia", ILO, Y(2021, 1, 1)),
    ]


def test_signing_in_another_clause_makes_no_commitment(nlp: Language) -> None:
    text = (
        "In 2024 Danida provided DKK 85 million; Sida signed new agreements worth SEK 210 "
        "million; and Norad gave NOK 5 million."
    )
    assert [f.flow for f in facts(nlp, text)] == [
        Flow.DISBURSEMENT, Flow.COMMITMENT, Flow.DISBURSEMENT,
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Norway and the ILO signed a framework agreement worth NOK 300 million. Under the "
        "agreement, NOK 120 million will be paid into the RBSA.",
        "Irish Aid and the ILO agreed a new framework under which Ireland will provide EUR 15 "
        "million over 2025-2027.",
    ],
)
def test_money_under_a_signed_or_agreed_agreement_is_committed(nlp: Language, text: str) -> None:
    assert facts(nlp, text)[-1].flow is Flow.COMMITMENT


@pytest.mark.parametrize(
    "text, donor, recipient",
    [
        # a relative clause between the subject and its verb of receiving
        ("Of this, the ILO, which leads the programme, will receive US$ 1.5 million.",
         None, ILO),
        # a relative clause with a subject of its own: that subject neither gives nor receives
        ("The Korea-Africa Economic Cooperation Trust Fund, which the AfDB manages, has "
         "granted the ILO a US$ 2.5 million grant.",
         "Korea-Africa Economic Cooperation Trust Fund", ILO),
        # the subject of a passive of giving receives
        ("UNICEF was awarded US$ 2 million by the Government of Japan.",
         "Government of Japan", UNICEF),
        # a relative clause the amount is in keeps its subject as the donor
        ("The largest project was Green Jobs for Youth, for which the Ministry of Foreign "
         "Affairs of Denmark approved DKK 75 million.",
         "Ministry of Foreign Affairs of Denmark", None),
    ],
)  # fmt: skip
def test_relative_clauses_and_passives_of_giving(
    nlp: Language, text: str, donor: str | None, recipient: str | None
) -> None:
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient) == (donor, recipient)


def test_the_minister_alone_is_the_minister_named_earlier_with_a_country(nlp: Language) -> None:
    text = (
        "Ana Ruiz, Minister of Labour of Spain, met the ILO. The Minister and the ILO "
        "Director-General signed an agreement pledging 2 million euros for youth employment."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.donor_iso3) == ("Spain", "ESP")


def test_a_list_of_countries_goes_with_one_amount(nlp: Language) -> None:
    text = (
        "The Peacebuilding Fund provided US$ 9.4 million to ILO projects in Colombia, Liberia "
        "and Somalia, and the World Bank channelled US$ 14 million to Kenya."
    )
    assert [f.countries for f in facts(nlp, text)] == [("COL", "LBR", "SOM"), ("KEN",)]


def test_the_year_of_an_instruments_name_is_no_period(nlp: Language) -> None:
    text = (
        "Norway gave USD 38,500 for workshops on the Violence and Harassment Convention, 2019 "
        "in Zambia."
    )
    (fact,) = facts(nlp, text)
    assert (fact.start, fact.end) == (None, None)


@pytest.mark.parametrize("helper", ["technical support", "experts"])
def test_technical_support_from_an_actor_gives_no_money(nlp: Language, helper: str) -> None:
    text = (
        "The Republic of Korea has allocated KRW 350 million in 2026 to a green jobs "
        f"assessment for Indonesia, with {helper} from the ILO."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.donor_iso3, fact.countries) == ("Korea, Republic of", "KOR", ("IDN",))


def test_people_from_a_country_give_no_money(nlp: Language) -> None:
    text = (
        "The Government of Japan has provided US$ 2 million to the ILO, from its own budget, "
        "for jobs in Ukraine and for refugees from Ukraine in Poland."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.countries) == ("Government of Japan", ("UKR", "POL"))


def test_migration_from_a_country_is_where_people_come_from_not_a_donor(nlp: Language) -> None:
    text = (
        "In 2024, JICA agreed to provide JPY 150 million for a study of labour migration "
        "from Nepal."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.countries) == ("Japan International Cooperation Agency", ("NPL",))


def test_an_actor_in_a_place_followed_by_which_received_receives(nlp: Language) -> None:
    text = (
        "Sweden also supports the International Training Centre of the ILO in Turin, which "
        "received SEK 6 million in 2022 for courses on social dialogue."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient, fact.countries) == (
        "Sweden",
        "International Training Centre of the ILO",
        (),
    )


def test_the_ilo_as_the_subject_after_comma_and_gives_its_own_sum(nlp: Language) -> None:
    text = (
        "Norway is providing EUR 1.8 million for 2024-2026, and the ILO will add "
        "US$ 350,000 from its own funds."
    )
    assert [f.donor for f in facts(nlp, text)] == ["Norway", ILO]


def test_the_ilo_of_an_ilo_news_dateline_tells_and_does_not_give(nlp: Language) -> None:
    text = (
        "GENEVA, 9 October 2023 (ILO News) – Four global brands will contribute a combined "
        "US$ 6 million over 2024-2027 to Better Work, the joint programme of the "
        "International Labour Organization and the International Finance Corporation."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.recipient) == (None, ILO)


def test_the_first_actor_listed_after_from_donors_including_gives(nlp: Language) -> None:
    text = (
        "Funding from foundations and companies, including the Novo Nordisk Foundation, "
        "the Laudes Foundation and Unilever, amounted to US$ 17 million."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.countries) == ("Novo Nordisk Foundation", ())


def test_a_developing_countrys_government_spends_its_money_at_home(nlp: Language) -> None:
    text = (
        "The Government of Senegal will contribute XOF 6.5 billion from the national budget. "
        "The Government of Norway will contribute NOK 20 million."
    )
    assert [f.countries for f in facts(nlp, text)] == [("SEN",), ()]


def test_a_running_total_takes_no_countries_from_the_new_money(nlp: Language) -> None:
    text = (
        "Japan has given US$ 2 million to the ILO for jobs in Jordan. The new funding brings "
        "Japan's total contribution to the programme to US$ 12 million."
    )
    assert [f.countries for f in facts(nlp, text)] == [("JOR",), ()]


def test_a_contribution_from_the_people_of_a_country_is_that_countrys(nlp: Language) -> None:
    text = "This is made possible by a US$ 4 million contribution from the people of Australia."
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.countries) == ("Australia", ())


def test_a_country_after_said_that_a_verb_follows_gives(nlp: Language) -> None:
    text = (
        "Speaking at the ceremony, Ambassador Tanaka said Japan would provide US$ 2 million "
        "for the ILO's work in Cambodia."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.countries) == ("Japan", ("KHM",))


def test_we_in_a_quote_is_who_the_quote_is_attributed_to(nlp: Language) -> None:
    text = (
        '"We are proud to support this programme with EUR 3 million," said the EU '
        "Ambassador to Ethiopia."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.countries) == ("European Union", ("ETH",))


def test_support_that_has_amounted_to_a_sum_was_paid(nlp: Language) -> None:
    text = "Ireland's support to the ILO's work in Zambia since 2015 has amounted to EUR 7 million."
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.flow) == ("Ireland", Flow.DISBURSEMENT)


def test_the_programmes_possessive_refers_back_to_the_programme(nlp: Language) -> None:
    text = (
        "Australia funds the Pacific Labour Mobility and Worker Protection Programme in Fiji. "
        "The New Zealand Government will contribute NZ$1.5 million to the programme's work on "
        "pre-departure training."
    )
    (fact,) = facts(nlp, text)
    assert (fact.programme, fact.countries) == (
        "Pacific Labour Mobility and Worker Protection Programme",
        (),
    )


def test_people_migrating_from_a_country_do_not_give(nlp: Language) -> None:
    text = (
        "The United Kingdom will provide £14 million to the ILO for a programme that protects "
        "women migrating from Nepal."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.countries) == ("United Kingdom", ("NPL",))


def test_a_trade_union_is_no_trade_that_measures_something_else(nlp: Language) -> None:
    text = (
        "Union to Union, the development organization of the Swedish trade union "
        "confederations, transferred SEK 1.2 million to the union in 2025."
    )
    (fact,) = facts(nlp, text)
    assert (fact.value, fact.donor, fact.flow) == (1_200_000, "Union to Union", "disbursement")


def test_trade_still_measures_something_else(nlp: Language) -> None:
    assert facts(nlp, "Trade between the two countries reached USD 40 million in 2025.") == []


def test_a_word_of_something_else_near_one_end_of_a_range_holds_for_both(nlp: Language) -> None:
    text = (
        "Their average monthly earnings rose from GTQ 2,400 before placement to GTQ 3,150 "
        "six months later in Guatemala."
    )
    assert facts(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Grants from the Foundation normally range from EUR 50,000 to EUR 3 million.",
        "Subsidies paid by the Ministry vary between UAH 8,000 and UAH 20,000 per hire.",
    ],
)
def test_a_range_of_sizes_is_no_sum_given(nlp: Language, text: str) -> None:
    assert facts(nlp, text) == []


@pytest.mark.parametrize(
    "text, period",
    [
        (
            "The FCDO gave the ILO £6.8 million across 2023/24 and 2024/25.",
            (Y(2023, 1, 1), Y(2025, 12, 31)),
        ),
        ("Norway gave the ILO NOK 5 million in 2023 and 2024.", (Y(2023, 1, 1), Y(2024, 12, 31))),
    ],
)
def test_years_joined_by_and_give_the_period_from_the_first_to_the_last(
    nlp: Language, text: str, period: tuple[dt.date, dt.date]
) -> None:
    (fact,) = facts(nlp, text)
    assert (fact.start, fact.end) == period


def test_a_list_led_in_as_going_to_organizations_names_each_sums_recipient(
    nlp: Language,
) -> None:
    text = (
        "Transfers from the Peacebuilding Fund to the participating organizations to date: "
        "UNDP USD 1,520,000; ILO USD 1,180,000."
    )
    assert [(f.donor, f.recipient) for f in facts(nlp, text)] == [
        ("United Nations Peacebuilding Fund", "United Nations Development Programme"),
        ("United Nations Peacebuilding Fund", "International Labour Organization"),
    ]


def test_bullets_under_a_bulleted_breakdown_heading_are_parts_of_the_sum_before_it(
    nlp: Language,
) -> None:
    text = (
        "• The Government of Japan has decided to extend JPY 1,480 million to the ILO in 2025.\n\n"
        "• The breakdown is as follows:\n\n"
        '• JPY 520 million to the "Employment-Intensive Recovery in Ukraine" project;\n\n'
        "• JPY 410 million for skills training in Bangladesh."
    )
    found = facts(nlp, text)
    assert [(f.donor, f.recipient, f.programme, f.start, f.flow) for f in found[1:]] == [
        ("Government of Japan", ILO, "Employment-Intensive Recovery in Ukraine", Y(2025, 1, 1),
         "commitment"),
        ("Government of Japan", ILO, None, Y(2025, 1, 1), "commitment"),
    ]  # fmt: skip


def test_a_donor_before_its_own_amount_may_name_its_channel_between(nlp: Language) -> None:
    text = (
        "Sweden is contributing, through Sida, SEK 150 million, and Switzerland, through the "
        "SDC, CHF 6 million."
    )
    assert [(f.donor, f.donor_iso3) for f in facts(nlp, text)] == [
        ("Sweden", "SWE"),
        ("Switzerland", "CHE"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Qatar funds start-up grants of up to US$ 300 per trainee in Somalia.",
        "Qatar funds cash-for-work in Somalia, paid at a daily rate of US$ 8.",
        "Advances from kiln owners can reach KHR 8 million per household in Cambodia.",
    ],
)
def test_an_amount_per_person_or_day_is_a_rate_not_a_sum_given(nlp: Language, text: str) -> None:
    assert facts(nlp, text) == []


def test_the_remaining_sum_after_a_gapped_actor_is_that_actors(nlp: Language) -> None:
    text = "The ILO will manage EUR 8.5 million of the grant and GIZ the remaining EUR 3.5 million."
    assert [f.recipient for f in facts(nlp, text)] == [
        ILO,
        "Deutsche Gesellschaft für Internationale Zusammenarbeit",
    ]


def test_the_first_phase_refers_past_a_fund_to_the_programme(nlp: Language) -> None:
    text = (
        'Sweden funds the second phase of the "Jobs for Coastal Towns" programme in Kenya. The '
        "ILO will add money from its Regular Budget Supplementary Account (RBSA).\n\n"
        "The first phase received EUR 11 million from the European Union."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.programme) == ("European Union", "Jobs for Coastal Towns")


@pytest.mark.parametrize(
    "text",
    [
        "The EU is contributing EUR 6 million to the programme in Moldova.",
        "Sweden and Norway are providing SEK 150 million to the ILO for 2026-2029.",
    ],
)
def test_money_being_contributed_is_pledged(nlp: Language, text: str) -> None:
    (fact,) = facts(nlp, text)
    assert fact.flow == "pledge"


def test_money_under_an_agreement_signed_in_the_sentence_before_is_committed(
    nlp: Language,
) -> None:
    text = (
        "Kenya and the ILO today signed a cost-sharing agreement on labour inspection. Under "
        "the agreement, the Government of Kenya will provide KES 180 million over three years."
    )
    (fact,) = facts(nlp, text)
    assert fact.flow == "commitment"


def test_its_funding_is_the_funding_of_the_donor_named_before(nlp: Language) -> None:
    text = (
        "Finland has been a member of the ILO since 1920. Between 2022 and 2026 its voluntary "
        "funding to the ILO averaged EUR 5.2 million a year."
    )
    (fact,) = facts(nlp, text)
    assert (fact.donor, fact.donor_iso3) == ("Finland", "FIN")


def test_an_organization_before_a_noun_of_money_gives_it(nlp: Language) -> None:
    text = "The package consists of an EU grant of EUR 7 million for the project in Malawi."
    (fact,) = facts(nlp, text)
    assert fact.donor == "European Union"


def test_an_agreement_partner_field_names_the_recipient(nlp: Language) -> None:
    text = (
        "• Agreement partner: International Labour Organization (ILO)\n\n• Country: Ghana\n\n"
        "• Agreed amount: NOK 52 million\n"
    )
    (fact,) = facts(nlp, text)
    assert (fact.recipient, fact.countries) == (ILO, ("GHA",))


def test_part_of_it_is_a_part_of_the_sum_before(nlp: Language) -> None:
    text = (
        "Switzerland's SECO will contribute CHF 6 million to the Vision Zero Fund for "
        "2026-2029. Part of it, CHF 1.5 million, is earmarked for labour inspection training."
    )
    second = facts(nlp, text)[1]
    assert (second.donor, second.start) == ("State Secretariat for Economic Affairs", Y(2026, 1, 1))


def test_a_year_before_a_colon_is_the_period_of_each_sum_of_the_list_it_leads(
    nlp: Language,
) -> None:
    text = (
        "Three partners paid into the harbour fund in 2024: Malta (EUR 1 million), Cyprus "
        "(EUR 2 million) and Iceland (ISK 90 million)."
    )
    periods = [(f.start, f.end) for f in facts(nlp, text)]
    assert periods == [(Y(2024, 1, 1), Y(2024, 12, 31))] * 3
