"""Countries: recognition (gazetteer, context rules, two-letter codes) and normalization.

Each case runs a sentence written for the test through `find_mentions()` and the country
normalizer and checks the mention text, the ISO alpha-3 code and ISO's short name.
"""

from __future__ import annotations

import pycountry
import pytest
from spacy.language import Language
from texts import text_document

from pipeline.kinds.countries.normalize import normalize
from pipeline.kinds.countries.recognize import iso_forms, name_variants
from pipeline.kinds.countries.rules import PATTERNS, load_rules
from pipeline.patterns import read_tsv
from pipeline.recognize import find_mentions
from schemas import (
    CountryCandidate,
    DocumentText,
    Kind,
    Rejection,
)

RULES = load_rules()


def document(text: str) -> DocumentText:
    return text_document(text)


def analyse(nlp: Language, text: str) -> list[CountryCandidate | Rejection]:
    doc = document(text)
    mentions = [m for m in find_mentions(nlp, doc) if m.kind is Kind.COUNTRY]
    return normalize(doc, mentions, RULES)


def countries(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    """(text, iso3, name) of every country found in ``text``, in text order."""
    return [
        (c.mention.text, c.iso3, c.name)
        for c in analyse(nlp, text)
        if isinstance(c, CountryCandidate)
    ]


def rejects(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(r.text, r.reason) for r in analyse(nlp, text) if isinstance(r, Rejection)]


def iso_name(iso3: str) -> str:
    country = pycountry.countries.get(alpha_3=iso3)
    assert country is not None, iso3
    return str(country.name)


# --- every ISO 3166-1 country and territory, in each form pycountry gives -----------------

ISO_FORMS = sorted(
    (form, country.alpha_3) for country in pycountry.countries for form in iso_forms(country)
)


def test_every_iso_country_has_a_form() -> None:
    assert len({iso3 for _, iso3 in ISO_FORMS}) == len(pycountry.countries) == 249


@pytest.mark.parametrize("form, iso3", ISO_FORMS)
def test_iso_form_is_found(nlp: Language, form: str, iso3: str) -> None:
    expected = "COG" if form == "Congo" else iso3  # "Congo" alone is the Republic
    assert countries(nlp, f"Aid reached {form} last year.") == [
        (form, expected, iso_name(expected))
    ]


# --- names ILO and UN texts use -------------------------------------------------------------

NAMED_FORMS = [
    ("Viet Nam", "VNM"),
    ("Vietnam", "VNM"),
    ("Lao PDR", "LAO"),
    ("Lao People's Democratic Republic", "LAO"),
    ("Lao People’s Democratic Republic", "LAO"),
    ("Laos", "LAO"),
    ("Republic of Korea", "KOR"),
    ("Korea", "KOR"),
    ("South Korea", "KOR"),
    ("Democratic People's Republic of Korea", "PRK"),
    ("North Korea", "PRK"),
    ("DPRK", "PRK"),
    ("Türkiye", "TUR"),
    ("Turkiye", "TUR"),
    ("Turkey", "TUR"),
    ("Timor-Leste", "TLS"),
    ("Timor Leste", "TLS"),
    ("East Timor", "TLS"),
    ("Côte d'Ivoire", "CIV"),
    ("Cote d’Ivoire", "CIV"),
    ("Côte d’Ivoire", "CIV"),
    ("Ivory Coast", "CIV"),
    ("United Republic of Tanzania", "TZA"),
    ("Tanzania", "TZA"),
    ("Democratic Republic of the Congo", "COD"),
    ("Democratic Republic of Congo", "COD"),
    ("DR Congo", "COD"),
    ("DRC", "COD"),
    ("Republic of the Congo", "COG"),
    ("Congo", "COG"),
    ("Congo-Brazzaville", "COG"),
    ("occupied Palestinian territory", "PSE"),
    ("Occupied Palestinian Territories", "PSE"),
    ("State of Palestine", "PSE"),
    ("Palestine", "PSE"),
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Plurinational State of Bolivia", "BOL"),
    ("Bolivia", "BOL"),
    ("Iran (Islamic Republic of)", "IRN"),
    ("Islamic Republic of Iran", "IRN"),
    ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("Republic of Moldova", "MDA"),
    ("Moldova", "MDA"),
    ("Kyrgyzstan", "KGZ"),
    ("Kyrgyz Republic", "KGZ"),
    ("Eswatini", "SWZ"),
    ("Swaziland", "SWZ"),
    ("Myanmar", "MMR"),
    ("Burma", "MMR"),
    ("Czechia", "CZE"),
    ("Czech Republic", "CZE"),
    ("Hong Kong", "HKG"),
    ("Hong Kong SAR", "HKG"),
    ("Hong Kong, China", "HKG"),
    ("Macau", "MAC"),
    ("Taiwan", "TWN"),
    ("Puerto Rico", "PRI"),
    ("Syria", "SYR"),
    ("Syrian Arab Republic", "SYR"),
    ("Russia", "RUS"),
    ("Russian Federation", "RUS"),
    ("North Macedonia", "MKD"),
    ("Cabo Verde", "CPV"),
    ("Cape Verde", "CPV"),
    ("Trinidad & Tobago", "TTO"),
    ("St Kitts and Nevis", "KNA"),
    ("St. Lucia", "LCA"),
    ("São Tomé and Príncipe", "STP"),
    ("Guinea Bissau", "GNB"),
    ("United States of America", "USA"),
    ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
    ("Great Britain", "GBR"),
    ("Britain", "GBR"),
    ("UK", "GBR"),
    ("U.K.", "GBR"),
    ("USA", "USA"),
    ("U.S.", "USA"),
    ("UAE", "ARE"),
    ("US Virgin Islands", "VIR"),
    ("British Virgin Islands", "VGB"),
    ("KOREA", "KOR"),
    ("SIERRA LEONE", "SLE"),
]


@pytest.mark.parametrize("form, iso3", NAMED_FORMS)
def test_named_form_is_found(nlp: Language, form: str, iso3: str) -> None:
    assert countries(nlp, f"The new office serves {form} and its neighbours.") == [
        (form, iso3, iso_name(iso3))
    ]


# --- whole sentences: text boundaries, abbreviations, names inside longer names -----------

SENTENCES = [
    ("Funding from the US rose in 2023.", [("US", "USA")]),
    ("The U.S. Department of Labor pays for the survey.", [("U.S.", "USA")]),
    ("A U.S.-funded survey covered Peru.", [("U.S.", "USA"), ("Peru", "PER")]),
    (
        "Staff travelled from the United States to Peru.",
        [("the United States", "USA"), ("Peru", "PER")],
    ),
    ("The United States has renewed its grant.", [("The United States", "USA")]),
    ("The United States government renewed its grant.", [("United States", "USA")]),
    (
        "The Republic of Korea (ROK) signed the agreement.",
        [("Republic of Korea", "KOR"), ("ROK", "KOR")],
    ),
    ("She joined the Korea International Cooperation Agency.", [("Korea", "KOR")]),
    ("The Korea-ILO Partnership Programme ends in May.", [("Korea", "KOR")]),
    ("The ILO/Korea Partnership Programme ends in May.", [("Korea", "KOR")]),
    ("Better Work Bangladesh trains supervisors.", [("Bangladesh", "BGD")]),
    ("Myanmar garment workers met in Yangon.", [("Myanmar", "MMR")]),
    ("Wages in Northern Jordan are low.", [("Jordan", "JOR")]),
    ("Better Work Jordan opened a new office.", [("Jordan", "JOR")]),
    ("The Jordan Compact opened jobs to refugees.", [("Jordan", "JOR")]),
    ("The training centre is at Viale Maestri del Lavoro, Turin - Italy.", [("Italy", "ITA")]),
    ("Pakistan’s floods displaced millions.", [("Pakistan", "PAK")]),
    ("Pakistan's floods displaced millions.", [("Pakistan", "PAK")]),
    ("The grant from UK Aid Direct ends in June.", [("UK", "GBR")]),
    ("Migrants went from Niger to Nigeria.", [("Niger", "NER"), ("Nigeria", "NGA")]),
    ("Both Sudan and South Sudan joined.", [("Sudan", "SDN"), ("South Sudan", "SSD")]),
    (
        "Guinea, Guinea-Bissau, Equatorial Guinea and Papua New Guinea took part.",
        [
            ("Guinea", "GIN"),
            ("Guinea-Bissau", "GNB"),
            ("Equatorial Guinea", "GNQ"),
            ("Papua New Guinea", "PNG"),
        ],
    ),
    ("The Congo and the DR Congo share a river.", [("Congo", "COG"), ("DR Congo", "COD")]),
    (
        "Dominica and the Dominican Republic are both members.",
        [("Dominica", "DMA"), ("Dominican Republic", "DOM")],
    ),
    ("The mission to Georgia visited Tbilisi.", [("Georgia", "GEO")]),
    ("Exports from Turkey grew.", [("Turkey", "TUR")]),
    ("Chad and Jordan signed the Convention.", [("Chad", "TCD"), ("Jordan", "JOR")]),
    ("Refugees in Chad received cash.", [("Chad", "TCD")]),
    (
        "SINGAPORE, 4 May 2021 – Singapore ratified it.",
        [("SINGAPORE", "SGP"), ("Singapore", "SGP")],
    ),
    ("The court sits in Luxembourg and hears appeals.", [("Luxembourg", "LUX")]),
    (
        "The ILO Office for the United States and Canada is in Washington.",
        [("the United States", "USA"), ("Canada", "CAN")],
    ),
    (
        "Aid came from Germany, the Netherlands, Norway and the European Union.",
        [("Germany", "DEU"), ("the Netherlands", "NLD"), ("Norway", "NOR")],
    ),
]


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_sentence(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(nlp, text) == [(t, iso3, iso_name(iso3)) for t, iso3 in expected]


# --- "the" before names that take it (docs/countries.md) -----------------------------------

ARTICLES = [
    ("They live in the Netherlands, near the coast.", "the Netherlands"),
    ("The Netherlands will give more next year.", "The Netherlands"),
    ("The Netherlands extends its support.", "The Netherlands"),
    ("It is the money the Netherlands gives each year.", "the Netherlands"),
    ("It is the programme the Netherlands launched in 2019.", "the Netherlands"),
    ("The Netherlands courts have jurisdiction.", "Netherlands"),
    ("It was bought on the Netherlands market.", "Netherlands"),
    ("The claim is governed by Netherlands law.", "Netherlands"),
    ("A the Netherlands-based foundation sued.", "Netherlands"),
    ("Workers came from the Philippines.", "the Philippines"),
    ("The Philippines Department of Labor agreed.", "Philippines"),
    ("Talks with the United Kingdom resumed.", "the United Kingdom"),
    ("The Gambia ratified the Convention.", "The Gambia"),
    ("The Gambia government ratified it.", "Gambia"),
    ("Officials of the Republic of Korea attended.", "Republic of Korea"),
    ("Scholars of the United States of America wrote it.", "United States of America"),
    ("Projects in the Russian Federation closed.", "Russian Federation"),
    (
        "It was then the former Yugoslav Republic of Macedonia.",
        "former Yugoslav Republic of Macedonia",
    ),
    ("Projects in the occupied Palestinian territory continue.", "occupied Palestinian territory"),
]


@pytest.mark.parametrize("text, mention", ARTICLES)
def test_article_is_part_of_the_text_only_for_the_noun(
    nlp: Language, text: str, mention: str
) -> None:
    assert [t for t, _, _ in countries(nlp, text)] == [mention]


# --- a short form defined after the name ---------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Aid to the Occupied Palestinian Territory (OPT.) grew. The OPT economy shrank.",
            [("Occupied Palestinian Territory", "PSE"), ("OPT", "PSE"), ("OPT", "PSE")],
        ),
        (
            "The Republic of Korea (ROK) funds it. ROK staff came.",
            [("Republic of Korea", "KOR"), ("ROK", "KOR"), ("ROK", "KOR")],
        ),
        # not the initials of the country's name: the Government's short form is no country
        ("The Government of Japan (GoJ) said GoJ will pay.", [("Japan", "JPN")]),
    ],
)
def test_a_short_form_defined_after_a_country_names_it_later(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(t, i) for t, i, _ in countries(nlp, text)] == expected


# --- ISO two-letter codes -------------------------------------------------------------------

CODES = [
    (
        "Buyers in the Netherlands used the App Store NL, which sells apps.",
        [("the Netherlands", "NLD"), ("NL", "NLD")],
    ),
    ("Buyers used the App Store NL, which sells apps.", []),  # the country is never named
    (
        "Sales in Germany (DE) and France (FR) grew.",
        [("Germany", "DEU"), ("DE", "DEU"), ("France", "FRA"), ("FR", "FRA")],
    ),
    (
        "India (IN) and Italy (IT) signed.",
        [("India", "IND"), ("IN", "IND"), ("Italy", "ITA"), ("IT", "ITA")],
    ),
    ("Italy has an IT office IN Rome.", [("Italy", "ITA")]),
    ("India said NO to the plan.", [("India", "IND")]),
    ("Montenegro staff: CALL ME.", [("Montenegro", "MNE")]),
    ("Norway. TO APPLY, WRITE TO US.", [("Norway", "NOR")]),
    ("Germany (FR) was a typo.", [("Germany", "DEU")]),
]


@pytest.mark.parametrize("text, expected", CODES)
def test_two_letter_codes_only_in_a_safe_context(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    assert countries(nlp, text) == [(t, iso3, iso_name(iso3)) for t, iso3 in expected]


# --- not countries ----------------------------------------------------------------------------

NOT_COUNTRIES = [
    "Korean and Danish firms hired Australian engineers.",
    "The South Korean delegation met Kosovo officials.",
    "The grant is paid in US dollars.",
    "It costs US$ 5 million, or USD 5 million.",
    "The fee is 40 Swiss francs or 400 Hong Kong dollars.",
    "The UK pound fell against the US dollar.",
    "Jobs in the Asia-Pacific, ASEAN, Africa, Europe and the European Union grew.",
    "Trade in the Middle East slowed.",
    "Offices in Tunis, Sousse and Geneva reopened.",
    "Clinics in Gaza and the West Bank reopened.",
    "The donor list includes Bank of America.",
    "Read www.ilo.org/jordan or https://example.org/korea/report for details.",
    "Download the profile at data.example.int/files/Indonesia.pdf today.",
    "CONTACT US | JOIN US | ABOUT US",
    "Fishing in the Gulf of Guinea and the Niger Delta declined.",
    "Forests of the Congo Basin shrink.",
    "The Lake Chad region is dry.",
    "Workers in New Jersey and New Mexico went on strike.",
    "Delegates flew into Mexico City and Kuwait City.",
    "Offices in Northern Ireland, Scotland and Wales closed.",
    "Farms in the Jordan Valley and islands in the South China Sea.",
    "The canteen served a Turkey sandwich.",
    "Fees are 10 US $ per visit.",
]


@pytest.mark.parametrize("text", NOT_COUNTRIES)
def test_not_a_country(nlp: Language, text: str) -> None:
    assert countries(nlp, text) == []


# --- names used for something else: dropped, and written to rejects for review -------------

REVIEWED = [
    ("Michael Jordan visited the plant.", "Jordan", "JOR", "a given name comes before it"),
    ("Chad Smith chaired the panel.", "Chad", "TCD", "a surname follows it"),
    (
        '"We will hire more," said Jordan Kasongo, an inspector.',
        "Jordan",
        "JOR",
        "the person speaks",
    ),
    ("Jordan said the audit was late.", "Jordan", "JOR", "the person speaks"),
    ('"It is late," Chad said.', "Chad", "TCD", "the person speaks"),
    ("Ms Jordan leads the unit.", "Jordan", "JOR", "a title comes before it"),
    ("The team met in Atlanta, Georgia, in May.", "Georgia", "GEO", "US state"),
    ("She studied at the University of Georgia.", "Georgia", "GEO", "US state"),
    ("The plant is in Georgia (GA), near the coast.", "Georgia", "GEO", "US state"),
    ("Luxembourg, 2 December 2025\nThe court ruled.", "Luxembourg", "LUX", "dateline"),
    ("KUWAIT (Reuters) - Prices rose.", "KUWAIT", "KWT", "dateline"),
]


@pytest.mark.parametrize("text, mention, iso3, reason", REVIEWED)
def test_name_used_for_something_else_is_rejected(
    nlp: Language, text: str, mention: str, iso3: str, reason: str
) -> None:
    assert countries(nlp, text) == []
    [(rejected, why)] = rejects(nlp, text)
    assert rejected == mention
    assert why.startswith(f"not {iso3} here: ")
    assert reason in why


def test_person_and_country_in_one_text(nlp: Language) -> None:
    text = "Michael Jordan said that Jordan hosts refugees from Syria."
    assert countries(nlp, text) == [
        ("Jordan", "JOR", "Jordan"),
        ("Syria", "SYR", "Syrian Arab Republic"),
    ]


def test_mention_offsets_and_pattern_id(nlp: Language) -> None:
    text = "Aid to the Philippines grew."
    [candidate] = analyse(nlp, text)
    assert isinstance(candidate, CountryCandidate)
    mention = candidate.mention
    assert text[mention.char_start : mention.char_end] == "the Philippines"
    assert mention.pattern_id == "PHL"


# --- the data ----------------------------------------------------------------------------------


def test_aliases_name_real_countries() -> None:
    rows = read_tsv(PATTERNS / "country_aliases.tsv")
    assert rows
    assert [r["alias"] for r in rows if pycountry.countries.get(alpha_3=r["iso3"]) is None] == []


@pytest.mark.parametrize(
    "form, variant",
    [
        ("Côte d'Ivoire", "Cote d’Ivoire"),
        ("Türkiye", "TURKIYE"),
        ("Timor-Leste", "Timor Leste"),
        ("Saint Lucia", "St. Lucia"),
        ("Antigua and Barbuda", "Antigua & Barbuda"),
    ],
)
def test_name_variants(form: str, variant: str) -> None:
    assert variant in name_variants(form)


def test_short_names_are_not_upper_cased() -> None:
    assert name_variants("US") == {"US"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Korea won the bid.", [("Korea", "KOR")]),
        ("Partners: ILO/Korea/Japan.", [("Korea", "KOR"), ("Japan", "JPN")]),
        (
            "Projects in Chad Niger Mali closed.",
            [("Chad", "TCD"), ("Niger", "NER"), ("Mali", "MLI")],
        ),
        ("Jordan Lebanon Iraq", [("Jordan", "JOR"), ("Lebanon", "LBN"), ("Iraq", "IRQ")]),
        ("Countries: the Netherlands\nNorway", [("the Netherlands", "NLD"), ("Norway", "NOR")]),
        ("Travel to South Georgia is rare.", [("South Georgia", "SGS")]),
        (
            "Aid to Guinea-Conakry and the Republic of Ireland.",
            [("Guinea-Conakry", "GIN"), ("Republic of Ireland", "IRL")],
        ),
        ("The plant is in Savannah, Georgia, USA.", [("USA", "USA")]),
        ("Jordan Hosts Refugees From Syria", [("Jordan", "JOR"), ("Syria", "SYR")]),
        ("Chad Ratifies Forced Labour Protocol", [("Chad", "TCD")]),
        ("Better Work Jordan Director Visits Factories", [("Jordan", "JOR")]),
        ("Trade with China, Hong Kong SAR grew.", [("China, Hong Kong SAR", "HKG")]),
    ],
)
def test_regression(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(nlp, text) == [(t, iso3, iso_name(iso3)) for t, iso3 in expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Workers from nepal and sri lanka went abroad.", [("nepal", "NPL"), ("sri lanka", "LKA")]),
        ("They ate turkey, bought china and a jersey in Peru.", [("Peru", "PER")]),
        ("See the 30-million-kenya-grant page.", []),
        ("The project covers Mada- gascar and Mozam-\nbique.", [("Mada- gascar", "MDG"), ("Mozam-\nbique", "MOZ")]),  # noqa: E501
        ("The ILO-Korea programme and the Sene- gal office.", [("Korea", "KOR"), ("Sene- gal", "SEN")]),  # noqa: E501
        ("Offices opened in the D. R. Congo and in Congo.", [("D. R. Congo", "COD"), ("Congo", "COG")]),  # noqa: E501
        ("Offices opened in Cõte d'Ivoire and Curaςao.", [("Cõte d'Ivoire", "CIV")]),
        ("Aid reached the Occupied Palestinian Territory.", [("Occupied Palestinian Territory", "PSE")]),  # noqa: E501
        ("Aid reached the Palestinian Territories.", [("Palestinian Territories", "PSE")]),
    ],
)  # fmt: skip
def test_lowercase_hyphen_broken_dotted_and_mistyped_names(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    """Issue 10: a name in lower case in running text (not a word such as ``turkey``, not in
    a slug), hyphenated across a break, a dotted abbreviation, a diacritic typed wrong."""
    assert [(t, iso3) for t, iso3, _ in countries(nlp, text)] == expected


def test_a_country_abbreviation_before_a_hyphen_and_a_capital_is_a_mention(nlp: Language) -> None:
    """`U.S.-Africa Leaders Summit`: the hyphen after `U.S.` is its own token."""
    assert [t.text for t in nlp.make_doc("the U.S.-Africa Summit")] == [
        "the", "U.S.", "-", "Africa", "Summit",
    ]  # fmt: skip
