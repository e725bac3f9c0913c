"""Programmes: recognition (gazetteer, structural rules, titles) and normalization.

Each case runs text written for the test through `find_mentions()` and the programme
normalizer and checks every programme found: its text (whitespace collapsed), `name` and
`acronym`, in text order.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from texts import text_document

from pipeline.kinds import organizations
from pipeline.kinds.programmes.initials import initials_fit
from pipeline.kinds.programmes.normalize import normalize
from pipeline.kinds.programmes.rules import PATTERNS, load_rules
from pipeline.patterns import read_tsv
from pipeline.recognize import find_mentions
from schemas import DocumentText, Kind, ProgrammeCandidate

Found = list[tuple[str, str, str | None]]


RULES = load_rules()


def document(text: str) -> DocumentText:
    return text_document(text)


def programmes(nlp: Language, text: str) -> Found:
    """(text, name, acronym) of every programme found in ``text``, in text order."""
    doc = document(text)
    mentions = [m for m in find_mentions(nlp, doc) if m.kind is Kind.PROGRAMME]
    return [
        (" ".join(c.mention.text.split()), c.name, c.acronym)
        for c in normalize(doc, mentions, RULES)
        if isinstance(c, ProgrammeCandidate)
    ]


# --- the gazetteer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Funds also went to BetterWork Jordan in 2021.",
            [("BetterWork Jordan", "Better Work Jordan", None)],
        ),
        (
            "Better Work Viet Nam visits 400 factories.",
            [("Better Work Viet Nam", "Better Work Viet Nam", None)],
        ),
        ("The grant helps Better Work expand.", [("Better Work", "Better Work", None)]),
        # a tail after a known name keeps the whole of the name
        (
            "UNICEF received US$ 7 million from the Joint SDG Fund for Malawi.",
            [("Joint SDG Fund for Malawi", "Joint SDG Fund for Malawi", None)],
        ),
        # a page title joins the country with a dash
        ("Better Work - Egypt\n\nShare", [("Better Work - Egypt", "Better Work Egypt", None)]),
        ("Firms joined SCORE Phase III last year.", [("SCORE", "SCORE", None)]),
        (
            "The ministry backs the ACCEL Africa project in Mali.",
            [("ACCEL Africa", "ACCEL Africa", None)],
        ),
        (
            "Trainers used Start Your Business with 300 women.",
            [("Start Your Business", "Start Your Business", None)],
        ),
        (
            "Sweden gave more to the Vision Zero Fund.",
            [("Vision Zero Fund", "Vision Zero Fund", None)],
        ),
        (
            "It is part of the ILO Flagship Programme Safety + Health for All.",
            [("Safety + Health for All", "Safety + Health for All", None)],
        ),
        (
            "She came through the Junior Professional Officer programme.",
            [
                (
                    "Junior Professional Officer programme",
                    "Junior Professional Officer programme",
                    None,
                )
            ],
        ),
        (
            "The donor backed the 50 for Freedom campaign.",
            [("50 for Freedom", "50 for Freedom", None)],
        ),
        (
            "Factories run the Mothers@Work programme.",
            [("Mothers@Work", "Mothers@Work", None)],
        ),
        ("Support now goes to IPEC+ in Asia.", [("IPEC+", "IPEC+", None)]),
        (
            "Grants came from the UN Peace-building Fund and the Peace Building Fund (UNPBF).",
            [
                ("UN Peace-building Fund", "United Nations Peacebuilding Fund", "UNPBF"),
                ("Peace Building Fund (UNPBF)", "United Nations Peacebuilding Fund", "UNPBF"),
            ],
        ),
        (
            "Jobs for Peace and Resilience in the Arab States\n\nThe flagship hires local workers.",
            [("Jobs for Peace and Resilience", "Jobs for Peace and Resilience", None)],
        ),
    ],
)
def test_gazetteer_forms(nlp: Language, text: str, expected: Found) -> None:
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize("entry_id", sorted(RULES.gazetteer))
def test_every_gazetteer_name_is_found_as_itself(nlp: Language, entry_id: str) -> None:
    entry = RULES.gazetteer[entry_id]
    found = programmes(nlp, f"Our country supports {entry.name} this year.")
    assert found == [(entry.name, entry.name, None)]


def test_global_accelerator_short_mentions_take_the_full_name(nlp: Language) -> None:
    full = "Global Accelerator on Jobs and Social Protection for Just Transitions"
    text = (
        "Kenya joins the Global Accelerator.\n\n"
        f"The {full} was launched in 2021. Ghana praised the Global Accelerator’s "
        "first year, and the Accelerator’s partners met in May."
    )
    assert programmes(nlp, text) == [
        ("Global Accelerator", full, None),
        (full, full, None),
        ("Global Accelerator", full, None),
    ]


def test_the_words_before_a_titles_colon_are_its_short_name(nlp: Language) -> None:
    full = "Safe Harbours: Decent Work for Dock Workers"
    text = f'Norway will fund "{full}", a new project. Safe Harbours starts in June.'
    assert programmes(nlp, text) == [(full, full, None), ("Safe Harbours", full, None)]


# --- structural rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The 2022-2025 Norway-ILO Partnership Programme will fund four projects.",
            [("Norway-ILO Partnership Programme", "Norway-ILO Partnership Programme", None)],
        ),
        (
            "The ministry works within the ILO/\nNorway Partnership Programme since 2010.",
            [("ILO/ Norway Partnership Programme", "ILO/Norway Partnership Programme", None)],
        ),
        (
            "Through the ILO/Japan Multi-bilateral Programmes, Japan paid for 20 projects.",
            [
                (
                    "ILO/Japan Multi-bilateral Programmes",
                    "ILO/Japan Multi-bilateral Programme",
                    None,
                )
            ],
        ),
        (
            "The ILO–Qatar Technical Cooperation Programme (en dash) began in 2018.",
            [
                (
                    "ILO–Qatar Technical Cooperation Programme",
                    "ILO–Qatar Technical Cooperation Programme",
                    None,
                )
            ],
        ),
        (
            "Oslo funds the Global Programme on Safe Migration for All in Nepal and Bhutan.",
            [
                (
                    "Global Programme on Safe Migration for All",
                    "Global Programme on Safe Migration for All",
                    None,
                )
            ],
        ),
        (
            "Claims go to the Workers’ Support and Insurance Fund for payment.",
            [
                (
                    "Workers’ Support and Insurance Fund",
                    "Workers’ Support and Insurance Fund",
                    None,
                )
            ],
        ),
        (
            "Lessons came from the ILO Green Jobs Programme in Zambia.",
            [("ILO Green Jobs Programme", "ILO Green Jobs Programme", None)],
        ),
        (
            "Thanks to the Rural Roads and Local Jobs Project, 300 km were rebuilt.",
            [("Rural Roads and Local Jobs Project", "Rural Roads and Local Jobs Project", None)],
        ),
        (
            "It funds the Action Programme on Decent Work for Domestic Workers, launched in 2019.",
            [
                (
                    "Action Programme on Decent Work for Domestic Workers",
                    "Action Programme on Decent Work for Domestic Workers",
                    None,
                )
            ],
        ),
        (
            "Read about the Healthy Minds\nCommunity Initiative’s workshops online.",
            [("Healthy Minds Community Initiative", "Healthy Minds Community Initiative", None)],
        ),
        (
            "The Lake Victoria Fisheries Innovation Challenge pays for results.",
            [
                (
                    "Lake Victoria Fisheries Innovation Challenge",
                    "Lake Victoria Fisheries Innovation Challenge",
                    None,
                )
            ],
        ),
        (
            "The Green Ports Transition project trains dock workers.",
            [("Green Ports Transition", "Green Ports Transition", None)],
        ),
        (
            "Under the Coastal Livelihoods Facility Phase II, 50 groups got loans.",
            [("Coastal Livelihoods Facility", "Coastal Livelihoods Facility", None)],
        ),
        (
            "The EU-funded SWITCH Asia Green programme helps small firms.",
            [("SWITCH Asia Green", "SWITCH Asia Green", None)],
        ),
        (
            "Norway gives NOK 30 million to the International Labour Organization for the "
            "Green Skills for Youth programme.",
            [("Green Skills for Youth", "Green Skills for Youth", None)],
        ),
        (
            "It is part of the Global Programme on Care Jobs and of the UN Cooperation Framework.",
            [("Global Programme on Care Jobs", "Global Programme on Care Jobs", None)],
        ),
        (
            "Abbreviations\nLACC Liberia Anti-Corruption Commission\n"
            "LDSP Liberia Decentralization Support Project\n",
            [
                (
                    "Liberia Decentralization Support Project",
                    "Liberia Decentralization Support Project",
                    None,
                )
            ],
        ),
        # an owner's acronym dropped from the start leaves no `for the` behind it
        (
            "Sweden gave SEK 5 million to the ILO for the Green Skills programme.",
            [("Green Skills", "Green Skills", None)],
        ),
        # a phase and its number, and a sentence's `Funding for the`, open no name
        (
            "Phase II of the Safe Migration project started in 2022.",
            [("Safe Migration", "Safe Migration", None)],
        ),
        (
            "Funding for the Child Labour Free Zones initiative came from Norway.",
            [("Child Labour Free Zones", "Child Labour Free Zones", None)],
        ),
        # one coined word before a lowercase programme noun names it; one plain word does not
        (
            "With EUR 2 million, the ProAgro initiative and the Work4Youth project help farmers.",
            [("ProAgro", "ProAgro", None), ("Work4Youth", "Work4Youth", None)],
        ),
        ("The Youth project and the COVID-19 programme ended.", []),
        (
            "The Green Jobs for Youth facility opened in 2021.",
            [("Green Jobs for Youth", "Green Jobs for Youth", None)],
        ),
    ],
)
def test_structural_names(nlp: Language, text: str, expected: Found) -> None:
    assert programmes(nlp, text) == expected


# --- acronym definitions and later acronym mentions ---------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Growers hire through the Seasonal Farm Work (SFW) scheme. SFW now covers Samoa.",
            [
                ("Seasonal Farm Work (SFW)", "Seasonal Farm Work", "SFW"),
                ("SFW", "Seasonal Farm Work", "SFW"),
            ],
        ),
        (
            "The project Boosting Rural Employment in Malawi (BREM) began in 2021. "
            "BREM trains 400 young people.",
            [
                (
                    "Boosting Rural Employment in Malawi (BREM)",
                    "Boosting Rural Employment in Malawi",
                    "BREM",
                ),
                ("BREM", "Boosting Rural Employment in Malawi", "BREM"),
            ],
        ),
        (
            "Firms use the ILO tools Start and Improve Your Business (SIYB) and "
            "Sustaining Competitive and Responsible Enterprises (SCORE). SIYB is free.",
            [
                (
                    "Start and Improve Your Business (SIYB)",
                    "Start and Improve Your Business",
                    "SIYB",
                ),
                (
                    "Sustaining Competitive and Responsible Enterprises (SCORE)",
                    "Sustaining Competitive and Responsible Enterprises",
                    "SCORE",
                ),
                ("SIYB", "Start and Improve Your Business", "SIYB"),
            ],
        ),
        (
            "The Lakeside Skills Challenge\nIn 2021 the ministry launched the Lakeside Skills "
            "Challenge (LSC). LSC’s first results are good.",
            [
                ("Lakeside Skills Challenge", "Lakeside Skills Challenge", "LSC"),
                ("Lakeside Skills Challenge (LSC)", "Lakeside Skills Challenge", "LSC"),
                ("LSC", "Lakeside Skills Challenge", "LSC"),
            ],
        ),
        (
            "About the Learning Outcomes Fund\nThe Learning Outcomes Fund (LOF, "
            "www.learning-outcomes.org) pays for results. LOF works in Ghana.",
            [
                ("Learning Outcomes Fund", "Learning Outcomes Fund", "LOF"),
                ("Learning Outcomes Fund", "Learning Outcomes Fund", "LOF"),
                ("LOF", "Learning Outcomes Fund", "LOF"),
            ],
        ),
        (
            "Women gain from the Gender Equality and Returns (GEAR) training.",
            [("Gender Equality and Returns (GEAR)", "Gender Equality and Returns", "GEAR")],
        ),
        (
            "Progress in the Mutual Recognition of Skills (MRS) initiatives was slow; "
            "MRS now covers ten trades.",
            [
                ("Mutual Recognition of Skills (MRS)", "Mutual Recognition of Skills", "MRS"),
                ("MRS", "Mutual Recognition of Skills", "MRS"),
            ],
        ),
        (
            "It is the largest part of the Regional Skills Programme in Asia and the Pacific "
            "(SKILLS-AP). SKILLS-AP has an office in Bangkok.",
            [
                (
                    "Regional Skills Programme in Asia and the Pacific (SKILLS-AP)",
                    "Regional Skills Programme in Asia and the Pacific",
                    "SKILLS-AP",
                ),
                ("SKILLS-AP", "Regional Skills Programme in Asia and the Pacific", "SKILLS-AP"),
            ],
        ),
        (
            "Programs we fund\n- Roads for Development (R4D): since 2012, R4D has kept "
            "rural roads open.",
            [
                ("Roads for Development (R4D)", "Roads for Development", "R4D"),
                ("R4D", "Roads for Development", "R4D"),
            ],
        ),
        (
            "Money goes to the Accelerating Action for Safe Mines in Africa "
            "(SAFE Mines) project. SAFE Mines works with gold miners.",
            [
                (
                    "Accelerating Action for Safe Mines in Africa (SAFE Mines)",
                    "Accelerating Action for Safe Mines in Africa",
                    "SAFE Mines",
                ),
                ("SAFE Mines", "Accelerating Action for Safe Mines in Africa", "SAFE Mines"),
            ],
        ),
        (
            "Our partners\n\nSkills for Trade and Economic Diversification (STED): a method "
            "used in 20 countries.",
            [
                (
                    "Skills for Trade and Economic Diversification (STED)",
                    "Skills for Trade and Economic Diversification",
                    "STED",
                )
            ],
        ),
        (
            "The Ministry launched the Technical Support Facility (TSF) of the Fund.",
            [("Technical Support Facility (TSF)", "Technical Support Facility", "TSF")],
        ),
        # an appositive says what the name is; so does the phase it has
        (
            "Norway backs Coastal Livelihoods for Fishers (CLF), a programme the ILO runs "
            "in Ghana. CLF trains 900 fishers.",
            [
                ("Coastal Livelihoods for Fishers (CLF)", "Coastal Livelihoods for Fishers", "CLF"),
                ("CLF", "Coastal Livelihoods for Fishers", "CLF"),
            ],
        ),
        # the acronym leaves out the place the name ends with
        (
            "Spain launched Safe Work for Young Miners in Peru (SWYM), a programme for 4,000.",
            [
                (
                    "Safe Work for Young Miners in Peru (SWYM)",
                    "Safe Work for Young Miners in Peru",
                    "SWYM",
                )
            ],
        ),
        (
            "The grant funds the second phase of Fair Wages for Tea Workers (FWTW).",
            [("Fair Wages for Tea Workers (FWTW)", "Fair Wages for Tea Workers", "FWTW")],
        ),
        # a place's possessive after a connector is inside the name; an owner's before it,
        # or one with no capitalized word after it, is not
        (
            "The EU launched Green Jobs for Zambia's Youth (GJZY), a programme for 20,000.",
            [("Green Jobs for Zambia's Youth (GJZY)", "Green Jobs for Zambia's Youth", "GJZY")],
        ),
        (
            "Irish Aid, the Government of Ireland's programme of aid, is a partner.",
            [],
        ),
    ],
)
def test_acronym_definitions(nlp: Language, text: str, expected: Found) -> None:
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "words, acronym, fits",
    [
        (["Start", "and", "Improve", "Your", "Business"], "SIYB", True),
        (["Sustaining", "Competitive", "and", "Responsible", "Enterprises"], "SCORE", True),
        (["Gender", "Equality", "and", "Returns"], "GEAR", True),
        (["Korea", "International", "Cooperation", "Agency"], "KOICA", True),
        (["Roads", "for", "Development"], "R4D", True),
        (["Sustainable", "Development", "Goals"], "SDGs", True),
        (["Medium", "Enterprises"], "MSMEs", False),
        (["Social", "Solidarity", "Economy"], "OSH", False),
    ],
)
def test_initials_fit(words: list[str], acronym: str, fits: bool) -> None:
    assert initials_fit(words, frozenset({"and", "for", "of"}), acronym) is fits


# --- titles set as headings, bullets or in quotation marks --------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The project trains inspectors in three provinces.\n\n"
            " f Improving Labour Inspection in the Textile Sector\n\n",
            [
                (
                    "Improving Labour Inspection in the Textile Sector",
                    "Improving Labour Inspection in the Textile Sector",
                    None,
                )
            ],
        ),
        (
            "The projects we fund:\n"
            "• Supporting fair wages for garment workers in Lesotho (2019-2023): EUR 2 million\n"
            "• Building social protection floors in Togo and Benin (2020-2024): EUR 4 million\n",
            [
                (
                    "Supporting fair wages for garment workers in Lesotho",
                    "Supporting fair wages for garment workers in Lesotho",
                    None,
                ),
                (
                    "Building social protection floors in Togo and Benin",
                    "Building social protection floors in Togo and Benin",
                    None,
                ),
            ],
        ),
        (
            "• Strengthening Social Dialogue in Rural Cooperatives – Phase II\n\n"
            "The project brings farmers and buyers together.",
            [
                (
                    "Strengthening Social Dialogue in Rural Cooperatives",
                    "Strengthening Social Dialogue in Rural Cooperatives",
                    None,
                )
            ],
        ),
        (
            " f Empowering young women in the coastal districts of the north and east \n"
            "of Mozambique\n\nThe project gives grants to 900 women.",
            [
                (
                    "Empowering young women in the coastal districts of the north and east "
                    "of Mozambique",
                    "Empowering young women in the coastal districts of the north and east "
                    "of Mozambique",
                    None,
                )
            ],
        ),
        (
            "Promoting Fair Recruitment along the Gulf Corridor\n\n"
            "This project helps migrant workers avoid fees.",
            [
                (
                    "Promoting Fair Recruitment along the Gulf Corridor",
                    "Promoting Fair Recruitment along the Gulf Corridor",
                    None,
                )
            ],
        ),
        (
            "The project “Better Jobs for Young People in the Mekong Delta,” funded by Japan, "
            "ends in 2026.",
            [
                (
                    "Better Jobs for Young People in the Mekong Delta",
                    "Better Jobs for Young People in the Mekong Delta",
                    None,
                )
            ],
        ),
        (
            " f Supporting Safer Work for the Fishers of the Andaman Sea\n\n"
            "The current phase, “Supporting Safer Work for Fishers of the Andaman Sea”, "
            "adds two ports. The project ends in 2027.",
            [
                (
                    "Supporting Safer Work for the Fishers of the Andaman Sea",
                    "Supporting Safer Work for the Fishers of the Andaman Sea",
                    None,
                ),
                (
                    "Supporting Safer Work for Fishers of the Andaman Sea",
                    "Supporting Safer Work for the Fishers of the Andaman Sea",
                    None,
                ),
            ],
        ),
        (
            "The Strengthening Care Economy (SCE) Evidence Base project maps services. "
            "The project has a second component.\n\n"
            " f Strengthening the Care Economy Evidence Base\n",
            [
                (
                    "Strengthening Care Economy (SCE) Evidence Base",
                    "Strengthening the Care Economy Evidence Base",
                    None,
                ),
                (
                    "Strengthening the Care Economy Evidence Base",
                    "Strengthening the Care Economy Evidence Base",
                    None,
                ),
            ],
        ),
    ],
)
def test_titles(nlp: Language, text: str, expected: Found) -> None:
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (  # the heading's name, then the same words as a sentence's subject
            "Harbour Skills, Safer Docks: port safety in Kenya\n\n"
            "Harbour Skills, Safer Docks trains dock workers.",
            ["Harbour Skills, Safer Docks", "Harbour Skills, Safer Docks"],
        ),
        (  # the heading defines an acronym that a sentence uses
            "Skills for Blue Jobs in Kenya and Tanzania (SBJ)\n\nThe SBJ project trains youth.",
            ["Skills for Blue Jobs in Kenya and Tanzania (SBJ)", "SBJ"],
        ),
        (  # a fact box's project title
            "Project title: Reducing child labour in the fishing sector of Ghana (SAFE-SEA)\n",
            ["Reducing child labour in the fishing sector of Ghana (SAFE-SEA)"],
        ),
        (  # and its acronym used again: the label is no part of the name
            "Project title: Responsible Business in the Andean Agro-export Sector (RBAA)\n\n"
            "The RBAA team met.",
            ["Responsible Business in the Andean Agro-export Sector (RBAA)", "RBAA"],
        ),
    ],
)
def test_a_heading_used_again_in_a_sentence_is_a_project_name(
    nlp: Language, text: str, expected: list[str]
) -> None:
    assert [found for found, _, _ in programmes(nlp, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # a heading in capitals, a running header on lines of its own
        "KEY FINDINGS AND LESSONS\n\nKEY FINDINGS AND LESSONS are listed below.",
        "Fair Wages Review 2024\n\nText.\n\nFair Wages Review 2024\n",
        # a country and an organization, a donor's label, people's names
        "Kenya and the ILO\n\nKenya and the ILO share the aims of the agenda.",
        "Donor: Irish Aid Kenya (IAK)\n\nThe IAK office signed.",
        # a grantee's label: an organization, not a project
        "Grantee: Ethical Trading Initiative (ETI)\n\nThe grant supports a project on garments.",
        "Amina Otieno and Peter Mwangi\n\nAmina Otieno and Peter Mwangi wrote it.",
        # an office's site header: a bureau is an organization
        "Bureau of Rural Labour Statistics\n\nThe Bureau of Rural Labour Statistics wrote it.",
    ],
)
def test_a_heading_used_again_is_no_name_when_it_is_another_thing(nlp: Language, text: str) -> None:
    assert programmes(nlp, text) == []


def test_a_heading_of_connectors_only_used_again_is_no_name_and_no_crash(nlp: Language) -> None:
    """Its content words were counted to divide by: a line of connectors only divided by 0."""
    assert programmes(nlp, "The of and\n\nThe of and people gathered.") == []


# --- SPEC "Not programmes" ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Leaders recalled the Global Jobs Pact of 2009.",
        "The country is a pathfinder of Alliance 8.7.",
        "The plan follows the Decent Work Agenda.",
        "Korea joined the Global Coalition for Social Justice in 2024.",
        "It works with the Korea International Cooperation Agency (KOICA) on skills.",
        "The United Nations Development Programme (UNDP) and the World Food Programme agreed.",
        "Targets are set in Decent Work Country Programmes.",
        "The ILO will implement the Programme with the ministry.",
        "As lead agency of the Accelerator, the ILO reports each year.",
        "It adds to the ILO’s development cooperation programme.",
        "The ministry funds a Social and Solidarity Economy programme in Asia.",
        "Funding for a Youth Employment programme was cut.",
        "Research on Occupational Safety and Health (OSH) frameworks continues.",
        "Progress towards the Sustainable Development Goals (SDGs) is slow.",
        "The project is part of the ILO Flagship Programme.",
        "Highlights\n\nRecommendations\n\nThe project ended in 2020.",
        "“We believe this project is timely,” said the minister.",
        "The project covers:\n• Strengthening labour inspection in ports.\n• Training judges.",
        "Increasing numbers of workers are displaced\n\nThe project responds.",
        "Integrating Data in Education Management\n\nMany countries lack data.",
        "The Micro, Small and Medium Enterprises (MSMEs) of the region grew.",
        "The Ministry of Employment and Labor (MOEL) signed the Memorandum.",
        "Results of the 2021 SCORE survey were mixed.",
        "The Programme Manager and the Project Document were reviewed.",
        "Child Protection UNICEF Programme",
        "Several Joint Initiatives started in 2020.",
        # a document label under a title line is not the title's head noun
        "Fair Wages in Tea Estates\nProject brief, updated May 2025",
    ],
)
def test_not_programmes(nlp: Language, text: str) -> None:
    assert programmes(nlp, text) == []


@pytest.mark.parametrize(
    "row", read_tsv(PATTERNS / "programme_stoplist.tsv"), ids=lambda r: r["name"]
)
def test_stop_list_names_are_not_programmes(nlp: Language, row: dict[str, str]) -> None:
    assert programmes(nlp, f"The minister spoke about the {row['name']} today.") == []


def test_every_form_of_a_stopped_organization_is_stopped() -> None:
    """An organization whose canonical name is on the stop list (`World Food Programme`) is
    stopped in every form the organizations gazetteer knows (`World Food Program`)."""
    words = RULES.words
    unstopped = [
        form
        for entry in organizations.load_rules().entries.values()
        if words.is_stop_name(entry.name)
        for form in entry.variants
        if words.heads.intersection(form.split()) and not words.is_stop_name(form)
    ]
    assert unstopped == []


def test_stop_heads_are_single_words() -> None:
    heads = RULES.words.stop_heads
    assert heads and all(" " not in head for head in heads)


# --- forms added for issue 10 ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Better Jobs Mekong (BJM) Programme trains guides. BJM reports each year.",
            [
                ("Better Jobs Mekong (BJM) Programme", "Better Jobs Mekong Programme", "BJM"),
                ("BJM", "Better Jobs Mekong Programme", "BJM"),
            ],
        ),
        (
            "Work under the Fair Harvest for Farmers (FHF) Initiative began in May.",
            [
                (
                    "Fair Harvest for Farmers (FHF) Initiative",
                    "Fair Harvest for Farmers Initiative",
                    "FHF",
                )
            ],
        ),
        ("The Lagos Port Authority (LPA) Project Unit met.", []),
    ],
)
def test_acronym_before_a_capitalized_head_noun(nlp: Language, text: str, expected: Found) -> None:
    """``Name (ACR) Programme``: the head after the acronym is part of the text."""
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Netherlands / ILO Partnership Programme ended in 2020.",
            [
                (
                    "Netherlands / ILO Partnership Programme",
                    "Netherlands / ILO Partnership Programme",
                    None,
                )
            ],
        ),
        (
            "The ILO / Norway Partnership Programme supports skills.",
            [("ILO / Norway Partnership Programme", "ILO / Norway Partnership Programme", None)],
        ),
        (
            "Under the United Arab Emirates / ILO Cooperation Programme, funds rose.",
            [
                (
                    "United Arab Emirates / ILO Cooperation Programme",
                    "United Arab Emirates / ILO Cooperation Programme",
                    None,
                )
            ],
        ),
        (
            "The Republic of Korea-ILO Partnership Programme met in Seoul.",
            [
                (
                    "Republic of Korea-ILO Partnership Programme",
                    "Republic of Korea-ILO Partnership Programme",
                    None,
                )
            ],
        ),
        ("Grants went to Sweden / Norway. Nothing else.", []),
    ],
)
def test_donor_ilo_partnership_with_a_long_donor_or_a_spaced_slash(
    nlp: Language, text: str, expected: Found
) -> None:
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Youth Skills Program (YSP) trains 400 youths. YSP is funded by Canada.",
            [
                ("Youth Skills Program (YSP)", "Youth Skills Program", "YSP"),
                ("YSP", "Youth Skills Program", "YSP"),
            ],
        ),
        (
            "The Rural Roads Program in Nepal hires local workers.",
            [("Rural Roads Program", "Rural Roads Program", None)],
        ),
        ("The United Nations Development Program and the World Food Program signed.", []),
        ("Targets are set in Decent Work Country Programs.", []),
        ("The ILO Program and the ILO Flagship Program met.", []),
    ],
)
def test_us_spelling_program(nlp: Language, text: str, expected: Found) -> None:
    """``Program`` is a head noun like ``Programme``, and the stop lists hold for it too."""
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Youth Employment Programme in Kenya and the Global Programme on Safe Mines met.",
            [
                ("Youth Employment Programme", "Youth Employment Programme", None),
                ("Global Programme on Safe Mines", "Global Programme on Safe Mines", None),
            ],
        ),
        (
            "The Green Jobs Programme in Zambia and the Builders Fund.",
            [
                ("Green Jobs Programme", "Green Jobs Programme", None),
                ("Builders Fund", "Builders Fund", None),
            ],
        ),
        (
            "Money from the Peace Fund Women and Youth Inclusion Initiative reached Mali.",
            [
                (
                    "Women and Youth Inclusion Initiative",
                    "Women and Youth Inclusion Initiative",
                    None,
                ),
            ],
        ),
    ],
)
def test_a_place_after_one_name_does_not_start_the_next(
    nlp: Language, text: str, expected: Found
) -> None:
    """``... Programme in Kenya and the X Programme``: ``Kenya and the`` is no name's start."""
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Targets are set in the Decent Work Country Programme for Ghana.",
        "The Decent Work Country Programme 2022-2026 of Peru was signed.",
    ],
)
def test_a_generic_class_with_its_country_is_not_a_programme(nlp: Language, text: str) -> None:
    """The gold notes (devA, tests/corpus_blind): a specific DWCP is still the generic class."""
    assert programmes(nlp, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Our projects\n\n"
            "• Skills for green jobs in coastal towns of the south\n"
            "• Safer mines for artisanal miners\n\n"
            "The projects are funded by the donor.",
            [
                (
                    "Skills for green jobs in coastal towns of the south",
                    "Skills for green jobs in coastal towns of the south",
                    None,
                ),
                ("Safer mines for artisanal miners", "Safer mines for artisanal miners", None),
            ],
        ),
        (
            "Projects funded by Iceland:\n"
            "Better jobs for women in the fish plants of Senegal\n"
            "Social protection for informal workers in Togo (2021-2024): EUR 3 million\n",
            [
                (
                    "Better jobs for women in the fish plants of Senegal",
                    "Better jobs for women in the fish plants of Senegal",
                    None,
                ),
                (
                    "Social protection for informal workers in Togo",
                    "Social protection for informal workers in Togo",
                    None,
                ),
            ],
        ),
        (
            "Current programmes\n- Clean cooking stoves for mountain villages\n",
            [
                (
                    "Clean cooking stoves for mountain villages",
                    "Clean cooking stoves for mountain villages",
                    None,
                )
            ],
        ),
    ],
)
def test_titles_listed_under_a_projects_heading(nlp: Language, text: str, expected: Found) -> None:
    """Lines (bulleted or not) under ``Our projects``: titles in sentence case, up to 20 words."""
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Key results\n\n- Labour inspectors in Ghana were trained in 2020.\n- New rules passed.",
        "Projects\n\nAsia and the Pacific\nKenya and Uganda\nDuration: 2019-2022\n",
        "Our projects\nThe ILO runs three of them in the region, which\nhelp young people.",
        "Our projects\nPhoto: Young welders at a training centre in Accra\n",
    ],
)
def test_lines_under_a_projects_heading_that_are_no_titles(nlp: Language, text: str) -> None:
    """Sentences, places, labels, captions and wrapped paragraphs are not listed titles."""
    assert programmes(nlp, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The agency funds the project titled “Harvest: Building fair work on tea estates "
            "in the hills.”",
            [
                (
                    "Harvest: Building fair work on tea estates in the hills",
                    "Harvest: Building fair work on tea estates in the hills",
                    None,
                )
            ],
        ),
        (
            "The Long Road Home: Decent Work for Returning Migrants in Nepal - Phase II\n\n"
            "The project helps returnees find work.",
            [
                (
                    "Long Road Home: Decent Work for Returning Migrants in Nepal",
                    "Long Road Home: Decent Work for Returning Migrants in Nepal",
                    None,
                )
            ],
        ),
        ("The project “Goals: we met them: all of them” ended.", []),
    ],
)
def test_titles_with_a_colon_subtitle(nlp: Language, text: str, expected: Found) -> None:
    """One colon before a capitalized subtitle is part of a title; a heading cut before its
    phase is a title even without a gerund, and its leading ``The`` is not part of it."""
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'Workers joined the "Safe Hands at Sea" initiative last year.',
            [("Safe Hands at Sea", "Safe Hands at Sea", None)],
        ),
        # the quoted label of a list item
        (
            'Sida approved:\n• "Fair Wages for Tea Pickers in Assam": SEK 2,000,000 for 2026;',
            [("Fair Wages for Tea Pickers in Assam",) * 2 + (None,)],
        ),
        ('He said:\n"We need more jobs for the young": that was all.', []),
        (
            "The project “Promoting the “Safe Return” approach in Nepal” ended.",
            [
                (
                    "Promoting the “Safe Return” approach in Nepal",
                    "Promoting the “Safe Return” approach in Nepal",
                    None,
                )
            ],
        ),
        (
            "The ministry signed a project titled Better lives for fishing families on the "
            "east coast with the ILO in 2019.",
            [
                (
                    "Better lives for fishing families on the east coast",
                    "Better lives for fishing families on the east coast",
                    None,
                )
            ],
        ),
        (
            "The ILO launched an initiative entitled Skills for Peace in the Border Districts, "
            "funded by Japan.",
            [
                (
                    "Skills for Peace in the Border Districts",
                    "Skills for Peace in the Border Districts",
                    None,
                )
            ],
        ),
        ("A programme called Jobs First trains youth.", [("Jobs First", "Jobs First", None)]),
        # the verb after an unquoted title is no part of it
        (
            "A project titled Fair Harvests in the Hill Districts started.",
            [
                (
                    "Fair Harvests in the Hill Districts",
                    "Fair Harvests in the Hill Districts",
                    None,
                )
            ],
        ),
        (
            "Sweden backs the 'Skills for Prosperity' programme and the ‘Women’s Voice at Work’"
            " project.",
            [
                ("Skills for Prosperity", "Skills for Prosperity", None),
                ("Women’s Voice at Work", "Women’s Voice at Work", None),
            ],
        ),
        ("The ILO published a report titled Wages in the Crisis Years.", []),
        ("“We believe this is timely,” said the minister; the “green” project ended.", []),
    ],
)
def test_titles_introduced_by_titled_entitled_or_quotes(
    nlp: Language, text: str, expected: Found
) -> None:
    """``project titled X``, ``initiative entitled X``, ``the “X” initiative``, and a quoted
    name inside a quoted title."""
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Road Safety Skills (RSS-II) programme trains drivers. RSS-II has 12 staff.",
            [
                ("Road Safety Skills (RSS-II)", "Road Safety Skills", "RSS-II"),
                ("RSS-II", "Road Safety Skills", "RSS-II"),
            ],
        ),
        (
            "The Better Livelihoods Project (BLP-2) started in 2020. BLP-2 covers Chad.",
            [
                ("Better Livelihoods Project (BLP-2)", "Better Livelihoods Project", "BLP-2"),
                ("BLP-2", "Better Livelihoods Project", "BLP-2"),
            ],
        ),
        (
            "The Green Enterprise Development (GED-MM) project helps. GED-MM ended.",
            [
                ("Green Enterprise Development (GED-MM)", "Green Enterprise Development", "GED-MM"),
                ("GED-MM", "Green Enterprise Development", "GED-MM"),
            ],
        ),
        (
            "The Skills for Trade and Economic Diversification II (STED II) project trains "
            "firms. STED II works in Malawi.",
            [
                (
                    "Skills for Trade and Economic Diversification II (STED II)",
                    "Skills for Trade and Economic Diversification II",
                    "STED II",
                ),
                ("STED II", "Skills for Trade and Economic Diversification II", "STED II"),
            ],
        ),
        (
            "The Productivity Ecosystems for Decent Work (ILO/PEDW) programme ended. "
            "ILO/PEDW was evaluated.",
            [
                (
                    "Productivity Ecosystems for Decent Work (ILO/PEDW)",
                    "Productivity Ecosystems for Decent Work",
                    "ILO/PEDW",
                ),
                ("ILO/PEDW", "Productivity Ecosystems for Decent Work", "ILO/PEDW"),
            ],
        ),
    ],
)
def test_acronyms_with_digits_hyphens_numerals_or_an_owner(
    nlp: Language, text: str, expected: Found
) -> None:
    """``(X-2)``, ``(AB-CD)``, ``(NAME II)``, ``(ORG/ACR)``: the core fits the initials, and
    the acronym as written is found again later."""
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The ILO/SAFEWORK programme and the ILO/STEP initiative ran. ILO/STEP closed.",
            [
                ("ILO/SAFEWORK", "ILO/SAFEWORK", None),
                ("ILO/STEP", "ILO/STEP", None),
                ("ILO/STEP", "ILO/STEP", None),
            ],
        ),
        ("The UN/ILO joint team met ILO/UNDP staff.", []),
    ],
)
def test_organization_prefixed_acronym(nlp: Language, text: str, expected: Found) -> None:
    """``ORG/ACR``: the owner's acronym and slash are part of the mention, later ones too."""
    assert programmes(nlp, text) == expected


def test_org_prefix_joins_a_gazetteer_acronym(nlp: Language) -> None:
    found = programmes(nlp, "Since 1992 ILO/IPEC has worked in 88 countries.")
    assert [text for text, _, _ in found] == ["ILO/IPEC"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            'The project, "Towards Safer Fishing in the Gulf of Guinea" (TSF-GG), is financed '
            "by Norway. TSF-GG runs until 2026.",
            [
                (
                    "Towards Safer Fishing in the Gulf of Guinea",
                    "Towards Safer Fishing in the Gulf of Guinea",
                    "TSF-GG",
                ),
                ("TSF-GG", "Towards Safer Fishing in the Gulf of Guinea", "TSF-GG"),
            ],
        ),
        (
            "Italy financed a new project, Decent Work for Fishers and Resilient Coastal "
            "Livelihoods in the Pacific, which started in Fiji.",
            [
                (
                    "Decent Work for Fishers and Resilient Coastal Livelihoods in the Pacific",
                    "Decent Work for Fishers and Resilient Coastal Livelihoods in the Pacific",
                    None,
                )
            ],
        ),
        # a title that opens like one may stand before the sentence's subject
        (
            "Under a new project, Promoting Green Jobs for Youth in Morocco, Germany has "
            "granted EUR 3 million.",
            [
                (
                    "Promoting Green Jobs for Youth in Morocco",
                    "Promoting Green Jobs for Youth in Morocco",
                    None,
                )
            ],
        ),
        ("Under the project, Labour Inspection Units, Kenya and Ghana signed.", []),
        ("Under the project, ILO experts trained 40 inspectors, and the minister spoke.", []),
        ("New EU-funded project to make migration safer", []),
        ("An ILO-led programme helps them.", []),
    ],
)
def test_quoted_title_acronym_appositive_title_and_owner_adjective(
    nlp: Language, text: str, expected: Found
) -> None:
    """A quoted title's ``(ACR)`` after the closing quote defines it; a title set off by
    commas after ``project``; ``EU-funded`` before a programme noun is no name."""
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The programme covers Latin America and the Caribbean (LAC). LAC grew.",
        "The initiative works in Sub-Saharan Africa (SSA). SSA grew fast.",
        "The Africa programme and the Asia and Pacific programme both grew.",
        "Our projects\n\nAsia and the Pacific\nKenya and Uganda\n",
        "The ILO works with the Ethical Trading Initiative (ETI) on audits. ETI members agreed.",
        "The United Nations Human Settlements Programme (UN-Habitat) met the donors.",
        "The United Nations Volunteers programme placed 40 engineers.",
        "The UN Environment Program and the World Food Programme met.",
    ],
)
def test_regions_un_bodies_and_organizations_named_initiative_are_not_programmes(
    nlp: Language, text: str
) -> None:
    assert programmes(nlp, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The project supports partners in East Africa.\n\nand Social Protection Initiative",
            [("Social Protection Initiative", "Social Protection Initiative", None)],
        ),
        (
            "Photo: Workers of the Improving Safety on Rural Roads project in Nepal © ILO",
            [("Improving Safety on Rural Roads", "Improving Safety on Rural Roads", None)],
        ),
        ("Photo: Improving working conditions for garment workers © ILO\n\nThe project grew.", []),
        (
            "The project trains welders.\n\nSkills Development Fund\n\nfor Coastal Towns",
            [("Skills Development Fund", "Skills Development Fund", None)],
        ),
    ],
)
def test_no_span_starts_with_and_crosses_a_paragraph_or_wraps_a_caption(
    nlp: Language, text: str, expected: Found
) -> None:
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The End to Forced Labour Initiative started in 2018.",
            [("End to Forced Labour Initiative", "End to Forced Labour Initiative", None)],
        ),
        (
            "Funds for the Bridge to Work Programme grew.",
            [("Bridge to Work Programme", "Bridge to Work Programme", None)],
        ),
        (
            "The Contribution to Vision Zero Fund grew.",
            [("Vision Zero Fund", "Vision Zero Fund", None)],
        ),
        (
            "Thanks to the Green Jobs Programme, 40 builders found work.",
            [("Green Jobs Programme", "Green Jobs Programme", None)],
        ),
    ],
)
def test_a_name_that_opens_with_a_word_and_lowercase_to(
    nlp: Language, text: str, expected: Found
) -> None:
    """``End to ...``: a lowercase connector after the capitalized word that opens a name."""
    assert programmes(nlp, text) == expected


def test_a_gazetteer_name_does_not_run_across_a_blank_line(nlp: Language) -> None:
    assert programmes(nlp, "We thank Better\n\nWork teams.") == []
    assert programmes(nlp, "We thank Better\nWork teams.") == [("Better Work", "Better Work", None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Money from the Harbour Skills Fund of the International Maritime Organization.",
            [("Harbour Skills Fund", "Harbour Skills Fund", None)],
        ),
        ("The Five-Year Programme of Finnish Development Policy 2020-2024 was adopted.", []),
        (
            "The Global Programme on Safe Mines and of the UN Cooperation Framework met.",
            [("Global Programme on Safe Mines", "Global Programme on Safe Mines", None)],
        ),
    ],
)
def test_a_tail_that_runs_into_an_organization_or_policy_name_is_cut(
    nlp: Language, text: str, expected: Found
) -> None:
    """``Fund of the X Organization``, ``Programme of X Policy``: the tail starts another
    kind of name and is not part of this one."""
    assert programmes(nlp, text) == expected


def test_a_tail_ends_before_an_and_that_leads_to_another_head(nlp: Language) -> None:
    """``Fund for X and the Y Fund for Z`` names two funds; ``Programme on X and Y`` one."""
    text = "The Harbour Fund for Coastal Jobs and the Delta Fund for Skills met."
    assert programmes(nlp, text) == [
        ("Harbour Fund for Coastal Jobs", "Harbour Fund for Coastal Jobs", None),
        ("Delta Fund for Skills", "Delta Fund for Skills", None),
    ]
    text = "The Programme on Skills and Youth Employment met."
    name = "Programme on Skills and Youth Employment"
    assert programmes(nlp, text) == [(name, name, None)]


def test_a_headline_with_a_sum_of_money_is_not_a_title(nlp: Language) -> None:
    text = (
        "Two coastal projects to receive over USD 2.4 million from the Harbour Fund\n\n"
        "The project trains dockers."
    )
    assert programmes(nlp, text) == [("Harbour Fund", "Harbour Fund", None)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The foundation will create the “Work4Jobs” partnership with the ILO.",
            [("Work4Jobs", "Work4Jobs", None)],
        ),
        ('Dockers joined the "SafeHarbour" fund and the “Safe Hands” initiative.',
         [("SafeHarbour", "SafeHarbour", None), ("Safe Hands", "Safe Hands", None)]),
        ("The “Decent Work” programme and the “green” project ended.", []),
        ("He said “Yes” project leaders agreed.", []),
    ],
)  # fmt: skip
def test_a_quoted_short_name_before_a_programme_noun(
    nlp: Language, text: str, expected: Found
) -> None:
    """``the “Work4Jobs” partnership``: one or two quoted words, a name (an inner capital, a
    digit or ``@`` in one word; two capitalized words), before a lowercase programme noun."""
    assert programmes(nlp, text) == expected


# --- titles in a table column headed title/project/programme/grant ---------------------------

TABLE_INTRO = "The fund made three grants in the period under review.\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        # a text table, one " | " row a line; a country before the colon is not in the title
        (
            TABLE_INTRO + "Region | Project title | Start | Amount\n"
            "Africa | Kenya: Skills for Green Jobs | May 2023 | USD 250,000\n"
            "Asia | Nepal: Safer Brick Kilns | June 2022 | USD 400,000\n"
            "All grants are reported in dollars.\n",
            [
                ("Skills for Green Jobs", "Skills for Green Jobs", None),
                ("Safer Brick Kilns", "Safer Brick Kilns", None),
            ],
        ),
        # rows a blank line apart (an HTML table), the header in capitals
        (
            TABLE_INTRO + "\nGRANT | Donor | Amount\n\nFair Wages in Garment Factories | Norway | "
            "USD 90,000\n\nClean Water for Rural Schools | Sweden | USD 60,000\n",
            [
                ("Fair Wages in Garment Factories", "Fair Wages in Garment Factories", None),
                ("Clean Water for Rural Schools", "Clean Water for Rural Schools", None),
            ],
        ),
        # a row of figures whose label holds a programme word is no header
        (
            TABLE_INTRO + "Programme expenses | 998.5 | 1,004.0\n"
            "Staff and Other Personnel Costs | 409.7 | 380.4\n",
            [],
        ),
        # a column of another kind under a programme word is no title column
        (
            TABLE_INTRO + "Donor | Grant amount | Project number\n"
            "Norway Ministry | Two hundred thousand | Phase One Start\n",
            [],
        ),
    ],
)
def test_a_cell_in_a_title_column_of_a_table_is_a_programme(
    nlp: Language, text: str, expected: Found
) -> None:
    assert programmes(nlp, text) == expected


# --- a name right after a lowercase programme noun, and its repeats --------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The joint programme Harvest of Skills in Lesotho, run by the ILO and FAO, ended. "
            "Harvest of Skills in Lesotho trained 900 farmers.",
            [
                ("Harvest of Skills in Lesotho", "Harvest of Skills in Lesotho", None),
                ("Harvest of Skills in Lesotho", "Harvest of Skills in Lesotho", None),
            ],
        ),
        # a comma inside the name only when its acronym ends it
        (
            "The project Safer Ports, Fairer Docks in Togo and Benin (SPFD) opened. SPFD grew.",
            [
                ("Safer Ports, Fairer Docks in Togo and Benin (SPFD)",
                 "Safer Ports, Fairer Docks in Togo and Benin", "SPFD"),
                ("SPFD", "Safer Ports, Fairer Docks in Togo and Benin", "SPFD"),
            ],
        ),
        ("A programme Green Kilns, Clean Air, was planned.",
         [("Green Kilns", "Green Kilns", None)]),
        # after `is`/`was`
        ("The largest project was Clean Kilns for Nepal, which ended.",
         [("Clean Kilns for Nepal", "Clean Kilns for Nepal", None)]),
        # after `titled`/`called` one word is a name; written like an acronym, it is found again
        (
            "They signed for an 18-month project titled HARBOUR. HARBOUR is a pilot. The "
            "programme called Lantern ended.",
            [("HARBOUR", "HARBOUR", None), ("HARBOUR", "HARBOUR", None),
             ("Lantern", "Lantern", None)],
        ),
        # a body, an organization acronym, a connector, or places only are no name
        ("The project Steering Committee met. The project ILO team left.", []),
        ("The project In Kenya, we met. The programme Kenya and Uganda ended.", []),
    ],
)  # fmt: skip
def test_a_name_after_a_lowercase_programme_noun(nlp: Language, text: str, expected: Found) -> None:
    """``the joint programme Harvest of Skills in Lesotho``: capitalized words right after
    ``the (joint) programme`` are its name, and a later bare repeat of it is a mention."""
    assert programmes(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an acronym inside the commas is part of the mention and is defined
        (
            "The new programme, Clean Seas for Coastal Towns (CSCT), builds on a pilot. "
            "CSCT hires divers.",
            [
                ("Clean Seas for Coastal Towns (CSCT)", "Clean Seas for Coastal Towns", "CSCT"),
                ("CSCT", "Clean Seas for Coastal Towns", "CSCT"),
            ],
        ),
        # two capitalized words are enough; the name is found again later
        (
            "The new initiative, Safe Crossings, will be run by the IOM. Safe Crossings helps.",
            [("Safe Crossings", "Safe Crossings", None)] * 2,
        ),
        ("The project, Phase one, will be run by the IOM.", []),
    ],
)  # fmt: skip
def test_an_appositive_title_with_its_acronym_or_of_two_words(
    nlp: Language, text: str, expected: Found
) -> None:
    assert programmes(nlp, text) == expected


def test_a_hyphenated_first_word_of_a_name_is_not_taken_for_an_adjective_before_it(
    nlp: Language,
) -> None:
    """`EU-funded` before a name is dropped; `Co-operative` opens the name."""
    text = "It ran under the Co-operative Housing Programme and the EU-funded Green Jobs Programme."
    assert [p[0] for p in programmes(nlp, text)] == [
        "Co-operative Housing Programme",
        "Green Jobs Programme",
    ]


def test_a_programme_name_before_its_head_in_lowercase_is_a_mention_without_the_noun(
    nlp: Language,
) -> None:
    """`Harbour project` where `Harbour Project` is a programme: `ACCEL Africa project`'s rule."""
    text = "Harbour project launched\n\nThe ILO launched the Harbour Project in Togo."
    assert [p[0] for p in programmes(nlp, text)] == ["Harbour", "Harbour Project"]


def test_a_hyphenated_word_with_a_lowercase_half_does_not_end_a_name_tail(nlp: Language) -> None:
    text = "The ILO/Japan Project on Managing Cross-border Movement of Labour ended in 2019."
    assert [p[0] for p in programmes(nlp, text)] == [
        "ILO/Japan Project on Managing Cross-border Movement of Labour"
    ]


def test_a_named_account_is_a_programme_but_a_bank_account_is_not(nlp: Language) -> None:
    """devB_NOTES: named funds and accounts are programmes."""
    text = "It drew on the Regular Budget Supplementary Account, not a Savings Account."
    assert [p[0] for p in programmes(nlp, text)] == ["Regular Budget Supplementary Account"]


def test_an_acronym_after_a_lowercase_head_is_the_names_and_its_later_mentions_count(
    nlp: Language,
) -> None:
    """devB_NOTES: `... in Cambodia project (FIRST)` gives FIRST to the name, not a mention."""
    text = "It funds the Safer Docks in Togo project (SDT). SDT trains dockers."
    assert programmes(nlp, text) == [
        ("Safer Docks in Togo", "Safer Docks in Togo", "SDT"),
        ("SDT", "Safer Docks in Togo", "SDT"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a known name takes the capitalized noun of its title (devB_NOTES)
        ("The PROSPECTS Partnership grew.", ["PROSPECTS Partnership"]),
        # `and the` parts two names: the scan left from a head stops there
        (
            "The PROSPECTS Partnership and the Harbour Skills Programme grew.",
            ["PROSPECTS Partnership", "Harbour Skills Programme"],
        ),
    ],
)
def test_a_known_name_with_its_title_noun_and_two_names_parted_by_and_the(
    nlp: Language, text: str, expected: list[str]
) -> None:
    assert [p[0] for p in programmes(nlp, text)] == expected


def test_a_quoted_title_with_an_acronym_of_its_own_is_a_programme(nlp: Language) -> None:
    text = (
        'Norway is to finance "Productive and Fair Workplaces in Coastal Towns" (PROFAIR) '
        "under a new agreement. PROFAIR will train workers."
    )
    name = "Productive and Fair Workplaces in Coastal Towns"
    assert programmes(nlp, text) == [(name, name, "PROFAIR"), ("PROFAIR", name, "PROFAIR")]


@pytest.mark.parametrize(
    "heading, expected",
    [
        (
            "Among the ILO projects Canada has funded since 2019 are:",
            ["Safer Ports for Coastal Towns"],
        ),
        ("Canada also paid these amounts:", []),  # no list of projects: a label, not a title
    ],
)
def test_a_priced_bullet_label_under_a_heading_of_projects_is_a_programme(
    nlp: Language, heading: str, expected: list[str]
) -> None:
    text = f"{heading}\n\n• Safer Ports for Coastal Towns: $4.2 million for 2024-2027.\n"
    assert [found for found, _, _ in programmes(nlp, text)] == expected


def test_two_names_joined_in_a_priced_label_are_no_one_programme(nlp: Language) -> None:
    text = (
        "Among the projects Canada has funded are:\n\n"
        "• Harbour Jobs Kenya and Harbour Jobs Ghana: $2 million.\n"
    )
    assert programmes(nlp, text) == []


def test_a_countrys_possessive_is_no_part_of_a_programme_name(nlp: Language) -> None:
    found = programmes(nlp, "The project is part of Norway's Fish for Development programme.")
    assert [name for _, name, _ in found] == ["Fish for Development"]


@pytest.mark.parametrize(
    "first_lines, expected",
    [
        ("Decent Work in Kenya's Tea Estates\n\n", ["Decent Work in Kenya's Tea Estates"]),
        (  # a label line above it, and a colon's other side
            "PROJECT BRIEF | May 2026\n\nFinal evaluation: Decent Work in Kenya's Tea Estates\n\n",
            ["Decent Work in Kenya's Tea Estates"],
        ),
        ("Irish Aid funds tea workers in Kenya.\n\nDecent Work in Kenya's Tea Estates\n\n", []),
    ],
)
def test_a_pages_title_above_its_fact_box_is_a_programme(
    nlp: Language, first_lines: str, expected: list[str]
) -> None:
    text = first_lines + "• Development partner: Irish Aid\n\n• Budget: EUR 3 million\n"
    assert [found for found, _, _ in programmes(nlp, text)] == expected


def test_a_profile_pages_title_after_a_dash_above_start_and_end_dates_is_a_programme(
    nlp: Language,
) -> None:
    text = (
        "Government of Canada\nProject profile — Decent Work in Kenya's Tea Estates\n\n"
        "Start date: 2023-04-01\nEnd date: 2027-03-31\nMaximum contribution: $4,000,000\n"
    )
    assert [found for found, _, _ in programmes(nlp, text)] == [
        "Decent Work in Kenya's Tea Estates"
    ]


def test_a_first_line_without_a_fact_box_under_it_is_no_programme(nlp: Language) -> None:
    assert (
        programmes(nlp, "Decent Work in Kenya's Tea Estates\n\nIrish Aid gave EUR 3 million.") == []
    )


def test_a_quoted_title_with_an_appositive_programme_noun_is_a_programme(nlp: Language) -> None:
    text = (
        'Officials gathered for the closing of "Decent Jobs for Rural Youth in the Pacific", '
        "a project run by the ILO."
    )
    name = "Decent Jobs for Rural Youth in the Pacific"
    assert programmes(nlp, text) == [(name, name, None)]


def test_an_organizations_possessive_is_no_part_of_a_programme_name(nlp: Language) -> None:
    found = programmes(nlp, "Funding for the third phase of ILO’s Harbour Skills programme")
    assert [name for _, name, _ in found] == ["Harbour Skills"]


def test_a_gazetteer_acronym_is_the_programme_whose_full_name_the_document_writes(
    nlp: Language,
) -> None:
    text = (
        "Firms paid into SCORE, the Sustaining Competitive and Responsible Enterprises "
        "programme. SCORE grew. SIYB is free."
    )
    name = "Sustaining Competitive and Responsible Enterprises"
    assert programmes(nlp, text) == [
        ("SCORE", name, None),
        (name, name, None),
        ("SCORE", name, None),
        ("SIYB", "SIYB", None),
    ]
