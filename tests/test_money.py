"""Money amounts: recognize (build_nlp + find_mentions) and normalize, one case per form.

Each case is a sentence written for this file; the expected amounts are
``(text, value, currency, qualifier, per, equivalent_of)`` where ``equivalent_of`` is the
index of the restated amount in the same list (as in the gold files), or None.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from spacy.language import Language
from texts import text_document

from pipeline.kinds.money.normalize import normalize as normalize_money
from pipeline.kinds.money.normalize import parse_number
from pipeline.kinds.money.rules import load_rules
from pipeline.recognize import find_mentions
from schemas import (
    AmountCandidate,
    DocumentText,
    Kind,
    Rejection,
)

Expected = tuple[str, str, str, str, str, int | None]


RULES = load_rules()


def document(text: str, source: str = "brief.txt", title: str = "") -> DocumentText:
    return text_document(text, source=source, title=title)


def normalized(nlp: Language, doc: DocumentText) -> list[AmountCandidate | Rejection]:
    mentions = [m for m in find_mentions(nlp, doc) if m.kind is Kind.AMOUNT]
    return normalize_money(doc, mentions, RULES)


def amounts(nlp: Language, text: str, source: str = "brief.txt", title: str = "") -> list[Expected]:
    results = normalized(nlp, document(text, source, title))
    candidates = [r for r in results if isinstance(r, AmountCandidate)]
    assert len(candidates) == len(results), [r for r in results if isinstance(r, Rejection)]
    starts = [c.mention.char_start for c in candidates]
    return [
        (
            c.mention.text,
            str(c.value),
            c.currency or "",
            c.qualifier.value,
            c.per.value,
            None if c.equivalent_of is None else starts.index(c.equivalent_of),
        )
        for c in candidates
    ]


def one(
    text: str, value: str, currency: str, qualifier: str = "exact", per: str = "total"
) -> Expected:
    return (text, value, currency, qualifier, per, None)


FORMS: list[tuple[str, list[Expected]]] = [
    ("The new phase is funded with USD9.15 million from the donor.",
     [one("USD9.15 million", "9150000", "USD")]),
    ("Seoul committed US$6 million in emergency aid.", [one("US$6 million", "6000000", "USD")]),
    # a year before `to` opens no range: the sum is the second end alone
    ("The grant takes Spain's support since 2019 to 12 million euros.",
     [one("12 million euros", "12000000", "EUR")]),
    # a cedi or naira sign glued to its number
    ("The project has a budget of GH¢5 million.", [one("GH¢5 million", "5000000", "GHS")]),
    ("Lagos set aside ₦50 million for it.", [one("₦50 million", "50000000", "NGN")]),
    ("The donor gave US$ 41.8 million over five years.",
     [one("US$ 41.8 million", "41800000", "USD")]),
    ("The appeal raised $7.2 million in its first month.", [one("$7.2 million", "7200000", "USD")]),
    ("Canberra pledged $A20 million to the regional fund.",
     [one("$A20 million", "20000000", "AUD")]),
    ("Canberra pledged A$ 2 million to the fund.", [one("A$ 2 million", "2000000", "AUD")]),
    ("Stockholm granted SEK 250 million (US$ 23.1 million) to the programme.",
     [one("SEK 250 million", "250000000", "SEK"),
      ("US$ 23.1 million", "23100000", "USD", "exact", "total", 0)]),
    ("Oslo gave NOK 45 million (approximately US$ 4,3 million) for skills.",
     [one("NOK 45 million", "45000000", "NOK"),
      ("US$ 4,3 million", "4300000", "USD", "approx", "total", 0)]),
    ("A small grant of USD 240,000 went to the cooperatives.",
     [one("USD 240,000", "240000", "USD")]),
    ("Bern added CHF 2.5m for occupational safety.", [one("CHF 2.5m", "2500000", "CHF")]),
    ("Bern added CHF 13’000’000 for the second phase.", [one("CHF 13’000’000", "13000000", "CHF")]),
    ("The ministry added CHF 13 000 000 for the second phase.",
     [one("CHF 13 000 000", "13000000", "CHF")]),
    ("The trust fund holds US$ 800.000 for training.", [one("US$ 800.000", "800000", "USD")]),
    ("Brussels announced €20m for green jobs.", [one("€20m", "20000000", "EUR")]),
    ("The facility is worth EUR 1.2 billion in total.",
     [one("EUR 1.2 billion", "1200000000", "EUR")]),
    ("Tokyo contributed ¥300 million to the project.", [one("¥300 million", "300000000", "JPY")]),
    ("The agency provided KRW 5 billion for youth employment.",
     [one("KRW 5 billion", "5000000000", "KRW")]),
    ("London gave £4 million to the fund.", [one("£4 million", "4000000", "GBP")]),
    ("The foundation raised 5 million dollars for the clinics.",
     [one("5 million dollars", "5000000", "USD")]),
    ("The donors raised two million US dollars for the clinics.",
     [one("two million US dollars", "2000000", "USD")]),
    ("The union collected two million euros for the strike fund.",
     [one("two million euros", "2000000", "EUR")]),
    ("Stockholm approved 250 million SEK for the second phase.",
     [one("250 million SEK", "250000000", "SEK")]),
    ("The budget was 3 million Swiss francs.", [one("3 million Swiss francs", "3000000", "CHF")]),
    ("Copenhagen gave 35 million Danish kroner to the fund.",
     [one("35 million Danish kroner", "35000000", "DKK")]),
    ("The ministry spent 12 million Swedish kronor on it.",
     [one("12 million Swedish kronor", "12000000", "SEK")]),
    ("The gift was worth 3 million won.", [one("3 million won", "3000000", "KRW")]),
    ("Lilongwe allocated MWK 90 million to inspections.",
     [one("MWK 90 million", "90000000", "MWK")]),
    ("The fund reached $5bn.", [one("$5bn", "5000000000", "USD")]),
    ("The trust fund received US$ 4.6m.", [one("US$ 4.6m", "4600000", "USD")]),
    ("Ottawa committed CAD $19.5 million to mine safety.",
     [one("CAD $19.5 million", "19500000", "CAD")]),
    ("Colombia budgeted COP 2,500,000 per worker.", [one("COP 2,500,000", "2500000", "COP")]),
    # Gulf, Andean and pre-euro currencies (withdrawn ISO 4217 codes are accepted).
    ("Qatar gave QR 91 million to the fund.", [one("QR 91 million", "91000000", "QAR")]),
    ("Wages rose to 440 bolivianos.", [one("440 bolivianos", "440", "BOB")]),
    ("In 1998 Ireland pledged IR£1.2 million.", [one("IR£1.2 million", "1200000", "IEP")]),
    ("Bonn added DM 5 million in 1995.", [one("DM 5 million", "5000000", "DEM")]),
    ("Paris gave 20 million French francs.",
     [one("20 million French francs", "20000000", "FRF")]),
    # A currency at the end of a table's header row is not the currency of the next row's year.
    ("Year | Grant (EUR) | Approx. US$\n2017 | EUR 3.8 million | US$ 4.5 million",
     [one("EUR 3.8 million", "3800000", "EUR"), one("US$ 4.5 million", "4500000", "USD")]),
]  # fmt: skip

FORMS += [
    ("The board approved a $3-million project.", [one("$3-million", "3000000", "USD")]),
    ("The state set aside Rs 5 crore for the scheme.", [one("Rs 5 crore", "50000000", "INR")]),
    # East African shillings; `Tsh` and `TSh` are two written signs of one currency
    (
        "The union fund held TSh. 7.5 billion, Tsh 4,000 and Ksh 3,000.",
        [
            one("TSh. 7.5 billion", "7500000000", "TZS"),
            one("Tsh 4,000", "4000", "TZS"),
            one("Ksh 3,000", "3000", "KES"),
        ],
    ),
    # a sign written with small letters, glued to its number; `mil` for million
    ("It equals Tk27.81 crore in taka.", [one("Tk27.81 crore", "278100000", "BDT")]),
    ("Rs5 million went to the state.", [one("Rs5 million", "5000000", "INR")]),
    ("Canada gave CA$5.5 mil in all.", [one("CA$5.5 mil", "5500000", "CAD")]),
    # `mill.`, as Norwegian and Danish texts in English abbreviate million
    ("Norway gave NOK 12.5 mill. to the ILO.", [one("NOK 12.5 mill", "12500000", "NOK")]),
    # the sign after the number: with a scale word, or after a number grouped by spaces
    ("Finland gave 2 170 435 € in all.", [one("2 170 435 €", "2170435", "EUR")]),
    ("It had 5 million US$ and 2.5 million €.", [one("5 million US$", "5000000", "USD"),
                                              one("2.5 million €", "2500000", "EUR")]),
    # a bare number before a sign is a chart label; a sign on the next line is another cell's
    ("The chart reads 450 € and 80 $ there.", []),
    ("Budget | $100 116\n$80 | more", [one("$100 116", "100116", "USD"), one("$80", "80", "USD")]),
    ("Donors gave half a million dollars.", [one("half a million dollars", "500000", "USD")]),
    # a scale word glued to its code or sign (`MEUR`, `M€`), and a spaced number before a code
    ("Finland gave 3,1 MEUR, 2.5 M€ and 4 kUSD.", [one("3,1 MEUR", "3100000", "EUR"),
                                                 one("2.5 M€", "2500000", "EUR"),
                                                 one("4 kUSD", "4000", "USD")]),
    ("The grant was 300 000 EUR in all.", [one("300 000 EUR", "300000", "EUR")]),
    # the CFA franc as written in West Africa (XOF, the commoner of the two CFA francs)
    ("Each got FCFA 60 000 and 2 million CFA francs.", [one("FCFA 60 000", "60000", "XOF"),
                                                     one("2 million CFA francs", "2000000",
                                                         "XOF")]),
    ("The city paid EUR 500.000,00 for it.", [one("EUR 500.000,00", "500000", "EUR")]),
    ("The bank lent USD 1.5M to the cooperative.", [one("USD 1.5M", "1500000", "USD")]),
    ("Copenhagen gave DKK 35 million (approx. USD 5.2 million).",
     [one("DKK 35 million", "35000000", "DKK"),
      ("USD 5.2 million", "5200000", "USD", "approx", "total", 0)]),
    ("The fund got EUR 3 million, equivalent to US$ 3.3 million, last year.",
     [one("EUR 3 million", "3000000", "EUR"),
      ("US$ 3.3 million", "3300000", "USD", "exact", "total", 0)]),
    # an aside between commas that a qualifier opens restates too; a clause after it does not
    ("The EU pledged a further €20 million, roughly Tk 260 crore, to the scheme.",
     [one("€20 million", "20000000", "EUR"),
      ("Tk 260 crore", "2600000000", "BDT", "approx", "total", 0)]),
    ("Japan gave US$ 3 million, about EUR 2 million going to Togo.",
     [one("US$ 3 million", "3000000", "USD"),
      one("EUR 2 million", "2000000", "EUR", "approx")]),
]  # fmt: skip

PER: list[tuple[str, list[Expected]]] = [
    ("The centre costs USD 2.8 million per year.",
     [one("USD 2.8 million", "2800000", "USD", per="year")]),
    ("The centre costs US$1 million a year.", [one("US$1 million", "1000000", "USD", per="year")]),
    ("Japan makes an annual contribution of US$ 3 million to the fund.",
     [one("US$ 3 million", "3000000", "USD", per="year")]),
    ("Korea pays annually US$ 2 million.", [one("US$ 2 million", "2000000", "USD", per="year")]),
    ("Korea pays US$ 2 million annually.", [one("US$ 2 million", "2000000", "USD", per="year")]),
    ("Salaries cost US$ 50,000 per month.", [one("US$ 50,000", "50000", "USD", per="month")]),
    ("Rent runs at €4,000 a month.", [one("€4,000", "4000", "EUR", per="month")]),
    ("Japan makes an annual contribution of nearly US$ 3 million.",
     [one("US$ 3 million", "3000000", "USD", "approx", "year")]),
]  # fmt: skip

QUALIFIERS = [
    ("nearly", "approx"),
    ("approximately", "approx"),
    ("about", "approx"),
    ("around", "approx"),
    ("circa.", "approx"),
    ("some", "approx"),
    ("almost", "approx"),
    ("roughly", "approx"),
    ("more than", "at_least"),
    ("over", "at_least"),
    ("at least", "at_least"),
    ("in excess of", "at_least"),
    ("up to", "at_most"),
    ("less than", "at_most"),
    ("under", "at_most"),
    ("no more than", "at_most"),
]

RANGES: list[tuple[str, list[Expected]]] = [
    ("Country grants run from $1.2 million to $3.5 million.",
     [one("$1.2 million", "1200000", "USD", "at_least"),
      one("$3.5 million", "3500000", "USD", "at_most")]),
    ("Each grant is between US$ 2 and 3 million.",
     [one("US$ 2", "2000000", "USD", "at_least"), one("3 million", "3000000", "USD", "at_most")]),
    ("Each grant is US$ 2-3 million.",
     [one("US$ 2", "2000000", "USD", "at_least"), one("3 million", "3000000", "USD", "at_most")]),
    ("Awards are between US$ 500,000 and 1 million.",
     [one("US$ 500,000", "500000", "USD", "at_least"),
      one("1 million", "1000000", "USD", "at_most")]),
    ("Awards are 2 to 3 million euros each.",
     [one("2", "2000000", "EUR", "at_least"), one("3 million euros", "3000000", "EUR", "at_most")]),
    ("Guidance for the year is $2.5 – $2.7 billion.",
     [one("$2.5", "2500000000", "USD", "at_least"),
      one("$2.7 billion", "2700000000", "USD", "at_most")]),
    ("Reserves increased by $23.9 million to $205.7 million.",
     [one("$23.9 million", "23900000", "USD"), one("$205.7 million", "205700000", "USD")]),
    ("Spending rose from $1.2 million to $3.5 million.",
     [one("$1.2 million", "1200000", "USD"), one("$3.5 million", "3500000", "USD")]),
]  # fmt: skip

NOT_MONEY = [
    "Women hold 65% of the jobs.",
    "The survey reached 5,000 women in three provinces.",
    "The country has ratified 32 Conventions.",
    "It ratified C189 last year.",
    "Call +41 22 799 7912 for details.",
    "The pandemic pushed 21m people into poverty.",
    "The office opened in 2019.",
    "See page 45 of the report.",
    "The exchange rate was CHF 1 to the US dollar.",
    "At the time, 1 EUR = 1.1 USD.",
    "At the time, USD 1 = CHF 0.9.",
    "Amount requested: US$ ……",
    "Report USD and EUR figures separately.",
    "The TOP 10 donors and ALL 187 member States.",
    "Progress on SDG 4 and SDG8 was slow.",
    "Delegates met at COP 28 in Dubai.",
    "Prices are in constant 2015 USD.",
    "The team won 3 matches.",
    "The road R2 was repaired.",
    "The sum was ABC 500 million.",
]


LINE_BREAKS: list[tuple[str, list[Expected]]] = [
    ("Korea provided US$ 41.8\nmillion to the fund.",
     [one("US$ 41.8\nmillion", "41800000", "USD")]),
    ("Awards are between\nUS$ 2 and\n3 million.",
     [one("US$ 2", "2000000", "USD", "at_least"), one("3 million", "3000000", "USD", "at_most")]),
    ("The donor gave more than\nUS$ 21.2 million.",
     [one("US$ 21.2 million", "21200000", "USD", "at_least")]),
]  # fmt: skip


@pytest.mark.parametrize("text, expected", LINE_BREAKS)
def test_money_across_line_breaks(nlp: Language, text: str, expected: list[Expected]) -> None:
    assert amounts(nlp, text) == expected


@pytest.mark.parametrize("text, expected", FORMS)
def test_money_forms(nlp: Language, text: str, expected: list[Expected]) -> None:
    assert amounts(nlp, text) == expected


@pytest.mark.parametrize("text, expected", PER)
def test_money_per(nlp: Language, text: str, expected: list[Expected]) -> None:
    assert amounts(nlp, text) == expected


@pytest.mark.parametrize("cue, qualifier", QUALIFIERS)
def test_money_qualifier_is_not_in_text(nlp: Language, cue: str, qualifier: str) -> None:
    text = f"The donor gave {cue} US$ 8 million to the project."
    assert amounts(nlp, text) == [one("US$ 8 million", "8000000", "USD", qualifier)]


@pytest.mark.parametrize("text, expected", RANGES)
def test_money_ranges_give_two_amounts(nlp: Language, text: str, expected: list[Expected]) -> None:
    assert amounts(nlp, text) == expected


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(nlp: Language, text: str) -> None:
    assert amounts(nlp, text) == []


def test_equivalent_points_at_the_restated_amount(nlp: Language) -> None:
    text = "Sweden gave SEK 250 million (US$ 23.1 million) to the programme."
    first, second = normalized(nlp, document(text))
    assert isinstance(first, AmountCandidate) and isinstance(second, AmountCandidate)
    assert first.mention.char_start == text.index("SEK")
    assert second.equivalent_of == first.mention.char_start
    assert first.equivalent_of is None


@pytest.mark.parametrize(
    "text, source, title, currency",
    [
        ("Australia gives A$ 2 million and a further $5 million.", "brief.txt", "", "AUD"),
        ("All figures are in Australian dollars. The grant is $5 million.", "b.txt", "", "AUD"),
        ("Ottawa gave C$ 3 million and then $5 million.", "brief.txt", "", "CAD"),
        ("Our aid to the ILO was $5 million.", "https://www.dfat.gov.au/ilo.html", "", "AUD"),
        ("Australian Government\nDFAT\nOur aid to the ILO was $5 million.", "p.html", "", "AUD"),
        ("Our aid was $5 million.\nMedia enquiries: DFAT Media Liaison", "p.html", "", "AUD"),
        ("Our aid to the ILO was $5 million.", "p.html", "ILO | Government of Canada", "CAD"),
        ("The ILO thanks the Australian Government. The ILO raised $5 million in total.\n"
         + "Its programmes reach workers in many countries. " * 8, "news.txt", "", "USD"),
        ("The fund got US$ 3 million, US$ 2 million and $A1 million; then $5 million.",
         "brief.txt", "", "USD"),
        ("The appeal raised $5 million.", "brief.txt", "", "USD"),
    ],
)  # fmt: skip
def test_document_dollar_rule(
    nlp: Language, text: str, source: str, title: str, currency: str
) -> None:
    bare = [a for a in amounts(nlp, text, source, title) if a[0] == "$5 million"]
    assert [a[2] for a in bare] == [currency]


def test_a_government_site_named_in_the_pages_html_title_gives_its_dollar(nlp: Language) -> None:
    text = "Canada and the ILO\n\nCanada paid $14.6 million in 2025, or roughly US$ 10 million."
    page = document(text, "page.html", "Canada and the ILO").model_copy(
        update={"page_title": "Canada and the ILO - Global Affairs Canada"}
    )
    currencies = [c.currency for c in normalized(nlp, page) if isinstance(c, AmountCandidate)]
    assert currencies == ["CAD", "USD"]


def test_dollars_word_follows_the_document_dollar(nlp: Language) -> None:
    text = "Figures are in Australian dollars: 3 million dollars went to the Pacific."
    assert amounts(nlp, text) == [one("3 million dollars", "3000000", "AUD")]


def test_unreadable_number_becomes_a_rejection(nlp: Language) -> None:
    results = normalized(nlp, document("The grant was US$ 12,34,5 for the pilot."))
    assert len(results) == 1
    rejection = results[0]
    assert isinstance(rejection, Rejection)
    assert (rejection.stage.value, rejection.field, rejection.text) == (
        "normalize",
        "value",
        "US$ 12,34,5",
    )
    assert "thousands groups" in rejection.reason


@pytest.mark.parametrize(
    "written, scaled, value",
    [
        ("240,000", False, "240000"),
        ("800.000", False, "800000"),
        ("13’000’000", False, "13000000"),
        ("13'000'000", False, "13000000"),
        ("4,3", True, "4.3"),
        ("5,25", True, "5.25"),
        ("1,500", True, "1500"),
        ("1.500", True, "1.500"),
        ("41.8", True, "41.8"),
        ("1.234.567,89", False, "1234567.89"),
        ("1,234,567.89", False, "1234567.89"),
        ("2015", False, "2015"),
    ],
)  # fmt: skip
def test_parse_number_separators(written: str, scaled: bool, value: str) -> None:
    assert parse_number(written, scaled)[0] == Decimal(value)


ISSUE_10_FORMS: list[tuple[str, list[Expected]]] = [
    ("Bern gave SFr 12 million to the fund.", [one("SFr 12 million", "12000000", "CHF")]),
    ("Ankara spent TL 40 million on the scheme.", [one("TL 40 million", "40000000", "TRY")]),
    ("The fee was TL 5 for each worker.", []),
    ("Ottawa gave CAD (Canadian Dollar) 19.5 million to the ILO.",
     [one("CAD (Canadian Dollar) 19.5 million", "19500000", "CAD")]),
    ("The budget was 4,6 US$ million over three years.",
     [one("4,6 US$ million", "4600000", "USD")]),
    ("The chart shows 85 $ for March.", []),
]  # fmt: skip


@pytest.mark.parametrize("text, expected", ISSUE_10_FORMS)
def test_money_sfr_tl_code_with_its_name_and_number_before_the_sign(
    nlp: Language, text: str, expected: list[Expected]
) -> None:
    """Issue 10: ``SFr`` (CHF), ``TL`` (Turkish lira, with a scale word), ``CAD (Canadian
    Dollar) 19.5 million``, ``4,6 US$ million`` (a scale word after the sign is required)."""
    assert amounts(nlp, text) == expected


def test_a_currency_sign_with_a_period_ends_no_sentence(nlp: Language) -> None:
    doc = nlp("The union fund held about TSh. 7.5 billion for its 400 members.")
    assert len(list(doc.sents)) == 1


@pytest.mark.parametrize(
    "text, expected, sentences",
    [
        (
            "The canton grants 2,5 Mio. CHF to the cooperative in 2026.",
            [("2,5 Mio. CHF", "2500000", "CHF", "exact", "total", None)],
            1,
        ),
        (
            "The fund adds NOK 12 mill. to the pool. Payments start in May.",
            [("NOK 12 mill", "12000000", "NOK", "exact", "total", None)],
            2,
        ),
        # before a capital word that is no currency, the full stop still ends the sentence
        (
            "The pool holds EUR 4 mio. The board meets in May.",
            [("EUR 4 mio", "4000000", "EUR", "exact", "total", None)],
            2,
        ),
    ],
)
def test_a_scale_words_abbreviating_stop_before_a_currency_or_small_word_ends_no_sentence(
    nlp: Language, text: str, expected: list[Expected], sentences: int
) -> None:
    assert amounts(nlp, text) == expected
    assert len(list(nlp(text).sents)) == sentences


@pytest.mark.parametrize(
    "text, currency",
    [
        # devB_NOTES: the writer's `rupees` in a story from Aceh are Indonesian rupiah
        ("A fisher in Aceh, Indonesia, was paid 3 million rupees for the boat.", "IDR"),
        ("In Pakistan the fund paid Rs 5 million to workers.", "PKR"),
        ("The fund paid 2 million rupees to workers.", "INR"),
        # so are pesos, shillings and dinars
        ("In Colombia, SENA will add 6 billion pesos in training places.", "COP"),
        ("The Philippine agency gave 12 million pesos to returnees.", "PHP"),
        ("Uganda's ministry set aside 900 million shillings.", "UGX"),
        ("In Iraq, the ministry will pay 3 billion dinars.", "IQD"),
        # the Jordanian dinar's JD, and the IMF's special drawing right
        ("The Government of Jordan will add JD1.2 million.", "JOD"),
        ("IDA provides SDR 301.5 million.", "XDR"),
    ],
)
def test_rupees_are_those_of_the_country_the_document_names_most(
    nlp: Language, text: str, currency: str
) -> None:
    assert [a[2] for a in amounts(nlp, text)] == [currency]
