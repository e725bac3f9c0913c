"""Organizations: recognition (gazetteer, government phrases, head-noun rules, acronyms,
exclusions) and normalization to SPEC's canonical name, acronym, type and iso3.

Each case runs a sentence written for the test through `find_mentions()` and the
organization normalizer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language
from texts import text_document

from pipeline.errors import PatternError
from pipeline.kinds import organizations
from pipeline.kinds.organizations import rules as org_rules
from pipeline.recognize import find_mentions
from schemas import Kind, OrganizationCandidate

RULES = organizations.load_rules()
ILO = "International Labour Organization"


def orgs(nlp: Language, text: str) -> list[tuple[str, str, str | None, str, str | None]]:
    """(text, name, acronym, type, iso3) of every organization found in ``text``."""
    document = text_document(text)
    mentions = [m for m in find_mentions(nlp, document) if m.kind is Kind.ORGANIZATION]
    found = []
    for c in organizations.normalize(document, mentions, RULES):
        assert isinstance(c, OrganizationCandidate), c
        found.append((c.mention.text, c.name, c.acronym, c.type.value, c.iso3))
    return found


@pytest.mark.parametrize(
    "text, names",
    [
        # an apostrophe of a plural people noun stays in the name; another possessive ends it
        ("The Employers' Confederation of Malawi signed.", ["Employers' Confederation of Malawi"]),
        (
            "The Federation of Malawian Industries' Skills Academy opened.",
            ["Federation of Malawian Industries", "Skills Academy"],
        ),
        # `and` between two names of one head each: two organizations
        (
            "The University of Geneva and Cornell University studied it.",
            ["University of Geneva", "Cornell University"],
        ),
        # a list of nouns with one `and` is one name; a second `and` ends it
        (
            "The Ministry of Health, Labour and Welfare and Ms Tanaka spoke.",
            ["Ministry of Health, Labour and Welfare"],
        ),
        # ... before a head too: its commas come before the one `and` (`A, B and C Authority`)
        (
            "The Technical, Entrepreneurial and Vocational Education and Training Authority "
            "trains.",
            ["Technical, Entrepreneurial and Vocational Education and Training Authority"],
        ),
        ("The Planters' Association of Ceylon signed.", ["Planters' Association of Ceylon"]),
        # heads of a name that no gazetteer lists: `Treasury`, `Bureau`, `Alliance`
        ("The National Treasury signed it.", ["National Treasury"]),
        ("The Mines and Geosciences Bureau inspects.", ["Mines and Geosciences Bureau"]),
        ("The Rainforest Alliance certifies.", ["Rainforest Alliance"]),
        # a comma before a country ends the list of nouns: the country starts the next name
        (
            "The Ministry of Manpower of Indonesia, Malaysia's Ministry of Human Resources met.",
            ["Ministry of Manpower", "Ministry of Human Resources"],
        ),
        # `Head of the ...`
        ("The Office of the Prime Minister thanked them.", ["Office of the Prime Minister"]),
        # a nationality adjective gives the country of a ministry every government has
        (
            "The Dutch Ministry of Foreign Affairs pays.",
            ["Ministry of Foreign Affairs of the Netherlands"],
        ),
        # a rule never cuts a known name: `The MasterCard Foundation`, not `Learning for The ...`
        ("Youth Learning for The MasterCard Foundation grew.", ["Mastercard Foundation"]),
        # an acronym a gazetteer name defines in the text is that organization later on
        (
            "The Economic Relations Division (ERD) signed. ERD said so.",
            ["Economic Relations Division", "Economic Relations Division"],
        ),
        # `Cooperation` after the ILO is the ILO's cooperation, not a name
        ("Austria - ILO Cooperation", ["International Labour Organization"]),
        # a nationality adjective stays in a social partner's name (not a ministry's)
        (
            "The Norwegian Confederation of Trade Unions (LO) signed.",
            ["Norwegian Confederation of Trade Unions"],
        ),
        # a government that is no country's keeps its own name
        ("The Government of Punjab agreed.", ["Government of Punjab"]),
        # a named ILO department is the ILO
        ("The Social Protection Department wrote it.", ["International Labour Organization"]),
        # a comma that leads to no `and` ends the name: a place follows
        (
            "The Embassy of the Kingdom of the Netherlands, Dhaka signed it.",
            ["Embassy of the Kingdom of the Netherlands"],
        ),
        # a known name that the same name goes on after is not cut out of it (not Korea's)
        (
            "The Ministry of Employment and Labour Relations of Ghana met the ILO.",
            ["Ministry of Employment and Labour Relations", ILO],
        ),
        # `and` before an acronym ends the name; a mixed-case acronym's period ends a sentence
        (
            "It was signed by the Ministry of Finance of Kenya and KfW. Sweden pays the rest.",
            ["Ministry of Finance of Kenya", "KfW Development Bank"],
        ),
    ],
)
def test_name_boundaries(nlp: Language, text: str, names: list[str]) -> None:
    assert [name for _, name, *_ in orgs(nlp, text)] == names


@pytest.mark.parametrize(
    "text, expected",
    [
        # gazetteer: names, spelling variants, acronyms, an acronym defined in parentheses
        (
            "The International Labour Organization (ILO) and KOICA signed it.",
            [
                ("International Labour Organization (ILO)", ILO, "ILO", "multilateral", None),
                ("KOICA", "Korea International Cooperation Agency", "KOICA", "government", "KOR"),
            ],
        ),
        (
            "It was paid to the International Labor Organization.",
            [("International Labor Organization", ILO, "ILO", "multilateral", None)],
        ),
        (
            "Sida and Irish Aid fund it.",
            [
                (
                    "Sida",
                    "Swedish International Development Cooperation Agency",
                    "Sida",
                    "government",
                    "SWE",
                ),
                ("Irish Aid", "Irish Aid", None, "government", "IRL"),
            ],
        ),
        # attributive uses count; a named ILO office is the ILO
        (
            "ILO experts met staff of the Regional Office for Arab States.",
            [
                ("ILO", ILO, "ILO", "multilateral", None),
                ("Regional Office for Arab States", ILO, "ILO", "multilateral", None),
            ],
        ),
        # government phrases
        (
            "The Government of the Republic of Korea will help.",
            [
                (
                    "Government of the Republic of Korea",
                    "Government of the Republic of Korea",
                    None,
                    "government",
                    "KOR",
                )
            ],
        ),
        (
            "The Australian Government and the Government of Japan agreed.",
            [
                ("Australian Government", "Government of Australia", None, "government", "AUS"),
                ("Government of Japan", "Government of Japan", None, "government", "JPN"),
            ],
        ),
        (
            "The Norwegian Government met the U.S. government.",
            [
                ("Norwegian Government", "Government of Norway", None, "government", "NOR"),
                ("U.S. government", "Government of the United States", None, "government", "USA"),
            ],
        ),
        # head-noun rules for names no gazetteer holds
        (
            "The Ministry of Labour and Vocational Training (MLVT) leads. MLVT will report.",
            [
                (
                    "Ministry of Labour and Vocational Training (MLVT)",
                    "Ministry of Labour and Vocational Training",
                    "MLVT",
                    "government",
                    None,
                ),
                ("MLVT", "Ministry of Labour and Vocational Training", "MLVT", "government", None),
            ],
        ),
        (
            "The Danish Ministry of Foreign Affairs pays.",
            [
                (
                    "Ministry of Foreign Affairs",
                    "Ministry of Foreign Affairs of Denmark",
                    None,
                    "government",
                    "DNK",
                )
            ],
        ),
        (
            "The Freetown Agency for International Development and the Acme Foundation paid.",
            [
                (
                    "Freetown Agency for International Development",
                    "Freetown Agency for International Development",
                    None,
                    "government",
                    None,
                ),
                ("Acme Foundation", "Acme Foundation", None, "ngo", None),
            ],
        ),
        (
            "The Federation of Malawian Industries signed.",
            [
                (
                    "Federation of Malawian Industries",
                    "Federation of Malawian Industries",
                    None,
                    "ngo",
                    None,
                )
            ],
        ),
    ],
)
def test_organizations_are_found_and_normalized(
    nlp: Language, text: str, expected: list[tuple[str, str, str | None, str, str | None]]
) -> None:
    assert orgs(nlp, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # UN bodies take their full name; a department of an IFI group is its own entry
        (
            "UN Women and the MPTF Office met IBRD staff.",
            [
                (
                    "United Nations Entity for Gender Equality and the Empowerment of Women",
                    "UN Women",
                ),
                ("Multi-Partner Trust Fund Office", "MPTFO"),
                ("International Bank for Reconstruction and Development", "IBRD"),
            ],
        ),
        (
            "The World Bank Group and the AsDB lend; the UN Refugee Agency helps.",
            [
                ("World Bank Group", "WBG"),
                ("Asian Development Bank", "ADB"),
                ("Office of the United Nations High Commissioner for Refugees", "UNHCR"),
            ],
        ),
        # bilateral agencies and development banks of donors
        (
            "Finnfund, Proparco, FMO and the Czech Development Agency invest.",
            [
                ("Finnfund", None),
                ("Proparco", None),
                ("Dutch Entrepreneurial Development Bank", "FMO"),
                ("Czech Development Agency", "CzDA"),
            ],
        ),
        (
            "TICA, AMEXCID and the Millennium Challenge Corporation signed.",
            [
                ("Thailand International Cooperation Agency", "TICA"),
                ("Mexican Agency for International Development Cooperation", "AMEXCID"),
                ("Millennium Challenge Corporation", "MCC"),
            ],
        ),
        # foundations, social partners, NGOs, companies
        (
            "The Hewlett Foundation, Keidanren, COSATU and the Norwegian Refugee Council met.",
            [
                ("William and Flora Hewlett Foundation", None),
                ("Japan Business Federation", "Keidanren"),
                ("Congress of South African Trade Unions", "COSATU"),
                ("Norwegian Refugee Council", "NRC"),
            ],
        ),
        (
            "Procter & Gamble, Randstad and Helvetas joined.",
            [("Procter & Gamble", "P&G"), ("Randstad", None), ("Helvetas", None)],
        ),
        # trade unions' solidarity organizations are their own, not their federation
        (
            "FNV Mondiaal, CNV Internationaal and SASK fund the Netherlands Trade Union "
            "Confederation (FNV).",
            [
                ("FNV Mondiaal", None),
                ("CNV Internationaal", None),
                ("Trade Union Solidarity Centre of Finland", "SASK"),
                ("Netherlands Trade Union Confederation", "FNV"),
            ],
        ),
        # an ILO centre is the ILO
        ("ILO/Cinterfor trains inspectors.", [(ILO, "ILO")]),
        # a rule-found name with a known acronym in parentheses is that organization, once
        (
            "Norway's Agency for Development Cooperation (Norad) will add NOK 30 million.",
            [("Norwegian Agency for Development Cooperation", "Norad")],
        ),
        # Canada's foreign ministry by its bare acronym
        ("Maximum GAC contribution: $5,000,000", [("Global Affairs Canada", "GAC")]),
    ],
)
def test_gazetteer_actors(nlp: Language, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(name, acronym) for _, name, acronym, *_ in orgs(nlp, text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a country's name before a ministry says whose it is and stays outside the text
        (
            "The Netherlands Ministry of Foreign Affairs pays.",
            [("Ministry of Foreign Affairs", "Ministry of Foreign Affairs of the Netherlands")],
        ),
        (
            "The Malawi Ministry of Labour and Skills signed.",
            [("Ministry of Labour and Skills", "Ministry of Labour and Skills")],
        ),
        # other heads keep the country in their name
        (
            "The Sri Lanka Bureau of Foreign Employment signed.",
            [("Sri Lanka Bureau of Foreign Employment", "Sri Lanka Bureau of Foreign Employment")],
        ),
        # `of <country>` at the end of a ministry's name says whose it is: the text keeps it,
        # the name only where every government has the name (`Ministry of Economy of ...`)
        (
            "The Ministry of Internal Affairs of Tonga signed.",
            [("Ministry of Internal Affairs of Tonga", "Ministry of Internal Affairs")],
        ),
        (
            "The Ministry of Labour and Social Welfare of the Lao PDR signed.",
            [
                (
                    "Ministry of Labour and Social Welfare of the Lao PDR",
                    "Ministry of Labour and Social Welfare",
                )
            ],
        ),
        (
            "The Ministry of Employment and Social Protection of Côte d'Ivoire signed.",
            [
                (
                    "Ministry of Employment and Social Protection of Côte d'Ivoire",
                    "Ministry of Employment and Social Protection",
                )
            ],
        ),
        (
            "The Ministry of Economy of Ukraine signed.",
            [("Ministry of Economy of Ukraine", "Ministry of Economy of Ukraine")],
        ),
        (
            "The Federation of Trade Unions of Kyrgyzstan signed.",
            [
                (
                    "Federation of Trade Unions of Kyrgyzstan",
                    "Federation of Trade Unions of Kyrgyzstan",
                )
            ],
        ),
        # a possessive country before any government head
        (
            "Jordan's Ministry of Labour signed.",
            [("Ministry of Labour", "Ministry of Labour of Jordan")],
        ),
        (
            "In Nepal, the unions of Nepal work with Finland, whose Ministry for Foreign Affairs "
            "pays.",
            [("Ministry for Foreign Affairs", "Ministry for Foreign Affairs of Finland")],
        ),
        # a country's name that a head noun ends is a country
        ("Workers went to the Russian Federation.", []),
        (
            "Ireland’s Department of Foreign Affairs pays.",
            [("Department of Foreign Affairs", "Department of Foreign Affairs of Ireland")],
        ),
        # a ministry every government has: the country nearest in its sentence
        # a country named elsewhere in the sentence says nothing of whose it is
        (
            "In Peru, the ILO supports the Ministry of Health. Chile watched.",
            [("ILO", ILO), ("Ministry of Health", "Ministry of Health")],
        ),
        (
            "The Ministry of Finance in Ghana and the ILO met.",
            [("Ministry of Finance", "Ministry of Finance"), ("ILO", ILO)],
        ),
        (
            "Ghana's Ministry of Finance and the ILO met.",
            [("Ministry of Finance", "Ministry of Finance of Ghana"), ("ILO", ILO)],
        ),
        # a second `Head of ...` name after a comma or nothing is its own name
        (
            "Talks joined the Ministry of Energy, Ministry of Transport and the ILO.",
            [
                ("Ministry of Energy", "Ministry of Energy"),
                ("Ministry of Transport", "Ministry of Transport"),
                ("ILO", ILO),
            ],
        ),
        (
            "Members: Department of Water Ministry of Mines Bureau of Standards",
            [
                ("Department of Water", "Department of Water"),
                ("Ministry of Mines", "Ministry of Mines"),
                ("Bureau of Standards", "Bureau of Standards"),
            ],
        ),
        # no country in the sentence: as written (only a foreign ministry takes the page's)
        (
            "Peru and Peru again. Then the Ministry of Education spoke.",
            [("Ministry of Education", "Ministry of Education")],
        ),
        # a company form after a known name is that company
        (
            "Unilever Ltd and Walmart Inc. signed.",
            [("Unilever Ltd", "Unilever"), ("Walmart Inc.", "Walmart")],
        ),
        # `Administration` heads a government body
        (
            "The Philippine Overseas Employment Administration signed.",
            [
                (
                    "Philippine Overseas Employment Administration",
                    "Philippine Overseas Employment Administration",
                )
            ],
        ),
    ],
)
def test_whose_ministry_and_company_forms(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(t, name) for t, name, *_ in orgs(nlp, text)] == expected


def test_a_name_of_several_words_written_in_lowercase_is_no_mention(nlp: Language) -> None:
    # `War Child` and `Street Child` are NGOs; `a war child` is not one
    text = "She was a war child and a street child; War Child helped her."
    assert [t for t, *_ in orgs(nlp, text)] == ["War Child"]


@pytest.mark.parametrize(
    "text, texts",
    [
        # an organization name inside the name of something else
        ("Countries that ratified ILO Convention 29 in 2014.", []),
        ("She spoke at the UN General Assembly.", []),
        ("The Korea-ILO Partnership Programme ended.", []),
        ("The Flemish ILO trust fund grew.", []),
        ("The ILO European Regional Meeting opened.", []),
        ("The UN Peacebuilding Fund gave more.", []),
        ("Two projects get USD 2 million from UN Peace-building Fund", []),
        # but the ILO's own Conventions and programmes are the ILO's
        ("It ratified all ILO fundamental Conventions.", ["ILO"]),
        ("Austria supports an ILO programme in Ethiopia.", ["ILO"]),
        # a region is not an organization; an acting ASEAN is
        ("Workers moved across the ASEAN region.", []),
        ("It supports ASEAN’s regional efforts.", ["ASEAN"]),
        # conferences, offices of a person, generic references
        ("The International Labour Conference met.", []),
        ("The Director-General thanked the Office, the Ministry and the government.", []),
    ],
)
def test_what_is_not_an_organization(nlp: Language, text: str, texts: list[str]) -> None:
    assert [t for t, *_ in orgs(nlp, text)] == texts


def test_a_programme_mention_holds_no_organization(nlp: Language) -> None:
    text = "The Better Work Jordan programme is run by the ILO and the IFC."
    assert [t for t, *_ in orgs(nlp, text)] == ["ILO", "IFC"]


def test_every_gazetteer_entry_is_valid_and_ids_are_unique() -> None:
    entries = RULES.entries
    assert entries["ilo"].name == ILO
    assert all(e.variants or e.acronyms for e in entries.values())


def test_a_bad_gazetteer_line_is_a_pattern_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad = {"id": "x", "name": "X", "acronym": None, "type": "charity", "iso3": None}
    (tmp_path / "gazetteer.jsonl").write_text(json.dumps(bad) + "\n", encoding="utf-8")
    monkeypatch.setattr(org_rules, "PATTERNS", tmp_path)
    with pytest.raises(PatternError, match="gazetteer.jsonl: entry 1"):
        org_rules.load_gazetteer()


def test_analyze_pipes_finds_no_problems(nlp: Language) -> None:
    assert not any(nlp.analyze_pipes()["problems"].values())


def test_a_known_name_wrapped_across_lines_is_found_but_not_across_a_blank_line(
    nlp: Language,
) -> None:
    wrapped = "It thanks the Korea International \nCooperation Agency (KOICA)."
    assert [(t, n) for t, n, *_ in orgs(nlp, wrapped)] == [
        (
            "Korea International \nCooperation Agency (KOICA)",
            "Korea International Cooperation Agency",
        )
    ]
    split = "We thank the Korea International\n\nCooperation Agency heading."
    assert "Korea International Cooperation Agency" not in [n for _, n, *_ in orgs(nlp, split)]


def test_a_foreign_ministry_without_adjective_is_the_one_of_the_country_named_most(
    nlp: Language,
) -> None:
    text = "Norway and the ILO\n\nNorway funds it. The Ministry of Foreign Affairs signed in Kenya."
    assert [(t, n) for t, n, *_ in orgs(nlp, text)] == [
        ("ILO", ILO),
        ("Ministry of Foreign Affairs", "Ministry of Foreign Affairs of Norway"),
    ]


def test_a_blank_gazetteer_form_is_refused_when_the_rules_load():
    from pipeline.kinds.organizations.rules import GazetteerEntry

    with pytest.raises(ValueError, match="blank form"):
        GazetteerEntry.model_validate(
            {"id": "x", "name": "X", "acronym": None, "type": "ngo", "iso3": None,
             "variants": ["  "]}
        )  # fmt: skip


@pytest.mark.parametrize(
    "forms, ignore_case, text, first",
    [
        (["Labour Office", "Labour"], False, "the Labour Office said", "Labour Office"),
        (["Bank of X", "bank of X", "Bank"], True, "a BANK OF X loan", "BANK OF X"),
        (["UN", "UNDP", "UNICEF"], False, "UNICEF and UNDP", "UNICEF"),
        (["Sida"], False, "Sidama Sida", "Sida"),
    ],
)
def test_grouped_forms_find_what_a_plain_alternation_finds(forms, ignore_case, text, first):
    import re

    from pipeline.kinds.organizations.forms import form_pattern, forms_pattern

    flags = re.IGNORECASE if ignore_case else 0
    plain = re.compile("|".join(form_pattern(f) for f in forms), flags)
    grouped = re.compile(forms_pattern(forms, ignore_case), flags)
    found = [m.span() for m in grouped.finditer(text)]
    assert found == [m.span() for m in plain.finditer(text)]
    assert grouped.search(text).group() == first


def test_a_known_acronym_written_like_a_word_is_part_of_the_name_before_it(
    nlp: Language,
) -> None:
    # `(Norad)` has one capital: it was a second mention instead of part of the first
    text = "The Norwegian Agency for Development Cooperation (Norad) and Norad staff met."
    assert [t for t, *_ in orgs(nlp, text)] == [
        "Norwegian Agency for Development Cooperation (Norad)",
        "Norad",
    ]
    # a word in parentheses that is not the name's acronym stays out of it
    assert [t for t, *_ in orgs(nlp, "The World Bank (Nairobi) met.")] == ["World Bank"]


def test_a_hyphenated_word_of_a_name_is_not_cut_at_its_hyphen(nlp: Language) -> None:
    text = "The Liberia Anti-Corruption Commission audited the grant."
    assert orgs(nlp, text) == [
        (
            "Liberia Anti-Corruption Commission",
            "Liberia Anti-Corruption Commission",
            None,
            "government",
            "LBR",
        )
    ]


def test_a_known_ministry_takes_its_own_country_and_then_its_acronym(nlp: Language) -> None:
    # `of Germany` stood between the known name and `(BMAS)`: the acronym was a second mention
    text = "The Federal Ministry of Labour and Social Affairs of Germany (BMAS) gave EUR 2 million."
    assert [(t, a, i) for t, _, a, _, i in orgs(nlp, text)] == [
        ("Federal Ministry of Labour and Social Affairs of Germany (BMAS)", "BMAS", "DEU")
    ]


def test_a_nationality_adjective_after_royal_gives_the_country(nlp: Language) -> None:
    assert orgs(nlp, "The Royal Norwegian Embassy in Kampala gave it.") == [
        ("Royal Norwegian Embassy", "Royal Norwegian Embassy", None, "government", "NOR")
    ]


def test_an_acronym_that_is_a_word_counts_outside_a_run_of_capitals(nlp: Language) -> None:
    text = "WHO WE ARE\n\nThe ILO and WHO signed. Who pays?"
    assert [(t, n) for t, n, *_ in orgs(nlp, text)] == [
        ("ILO", "International Labour Organization"),
        ("WHO", "World Health Organization"),
    ]


def test_a_union_named_by_its_members_is_an_organization(nlp: Language) -> None:
    """`Union` ends a name like `Federation` does, and a plural possessive of members
    (`Mineworkers'`) stays inside it."""
    text = (
        "The Lakeside Plantation and Estate Workers' Union (LPEWU) and the Ghana "
        "Mineworkers' Union met. LPEWU signed."
    )
    assert [o[1] for o in orgs(nlp, text)] == [
        "Lakeside Plantation and Estate Workers' Union",
        "Ghana Mineworkers' Union",
        "Lakeside Plantation and Estate Workers' Union",
    ]


def test_the_un_resident_coordinator_office_is_the_united_nations(nlp: Language) -> None:
    """SPEC: a named office of the UN is the parent organization."""
    found = orgs(nlp, "The UN Resident Coordinator Office in Dili hosted the meeting.")
    assert [(o[0], o[1], o[2]) for o in found] == [
        ("UN Resident Coordinator Office", "United Nations", "UN")
    ]


def test_a_countrys_own_body_named_like_a_known_one_is_its_own_name(nlp: Language) -> None:
    """The gazetteer's `Trades Union Congress` (the UK's) does not cut `Ghana Trades Union
    Congress` or `Trades Union Congress of Ghana`; a government body keeps its entry."""
    text = (
        "The Ghana Trades Union Congress, the Trades Union Congress of Ghana, the Trades "
        "Union Congress and the Norwegian Agency for Development Cooperation met."
    )
    assert [o[1] for o in orgs(nlp, text)] == [
        "Ghana Trades Union Congress",
        "Trades Union Congress of Ghana",
        "Trades Union Congress",
        "Norwegian Agency for Development Cooperation",
    ]


def test_the_government_of_a_country_in_lowercase_is_its_government(nlp: Language) -> None:
    found = orgs(nlp, "Officials of the ILO met the government of Ghana on the plan.")
    assert found[1] == ("government of Ghana", "Government of Ghana", None, "government", "GHA")


def test_a_known_name_in_the_other_spelling_of_a_word_is_found(nlp: Language) -> None:
    """`Labour` / `Labor`: the gazetteer's name, matched in either spelling, keeps its own."""
    found = orgs(nlp, "The Bureau of International Labour Affairs gave the grant.")
    assert found == [
        (
            "Bureau of International Labour Affairs",
            "Bureau of International Labor Affairs",
            "ILAB",
            "government",
            "USA",
        )
    ]


def test_a_hyphen_inside_a_word_of_a_name_does_not_end_it(nlp: Language) -> None:
    found = orgs(nlp, "It worked with the Lakeland Federation of Co-operatives Ltd at last.")
    assert [o[0] for o in found] == ["Lakeland Federation of Co-operatives Ltd"]


def test_one_organization_written_several_ways_keeps_the_name_of_its_first_mention(
    nlp: Language,
) -> None:
    text = (
        "Members of the Rwanda Federation of Cooperatives met. The Rwandan Federation of "
        "Cooperatives spoke, as did the Rwanda Federations of Co-operatives Ltd. The "
        "Federation of Employers and the Federation of Employees differ."
    )
    assert [o[1] for o in orgs(nlp, text)] == [
        "Rwanda Federation of Cooperatives",
        "Rwanda Federation of Cooperatives",
        "Rwanda Federation of Cooperatives",
        "Federation of Employers",
        "Federation of Employees",
    ]


def test_a_named_committee_is_an_organization_but_a_donors_forum_is_not(nlp: Language) -> None:
    text = (
        "The Harbour Safety Coordination Committee met OECD's Development Assistance "
        "Committee in Paris."
    )
    assert [o[1] for o in orgs(nlp, text)] == [
        "Harbour Safety Coordination Committee",
        "Organisation for Economic Co-operation and Development",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Steering Committee of the Fund approved the programme in October 2023.",
        "The General Council has approved a 2026 project budget for the union.",
    ],
)
def test_a_body_named_only_by_its_function_is_no_organization(nlp: Language, text: str) -> None:
    assert orgs(nlp, text) == []


def test_a_union_name_goes_on_to_the_committee_it_names(nlp: Language) -> None:
    found = orgs(nlp, "Partners include the Joint Trade Union Coordination Committee.")
    assert [o[1] for o in found] == ["Joint Trade Union Coordination Committee"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("The UN Country Team agreed.", "United Nations Country Team"),
        ("It is funded by the German Development Bank (KFW).", "KfW Development Bank"),
        ("ACNUR and the ILO met.", "Office of the United Nations High Commissioner for Refugees"),
        ("El PNUD apoya.", "United Nations Development Programme"),
        # the press writes some UN acronyms as words
        ("Unicef supports the scheme.", "United Nations Children's Fund"),
        (
            "Unesco and the ILO met.",
            "United Nations Educational, Scientific and Cultural Organization",
        ),
    ],
)
def test_known_names_and_their_other_forms(nlp: Language, text: str, name: str) -> None:
    assert orgs(nlp, text)[0][1] == name


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "ADLSA signed the plan.",
            "Ministry of Administrative Development, Labour and Social Affairs",
        ),
        ("The Qatar Ministry of Labour signed it.", "Ministry of Labour of Qatar"),
        ("CDC Group invested in the port.", "CDC Group"),
        ("British International Investment invested.", "British International Investment"),
        ("The C&A Foundation gave a grant.", "C&A Foundation"),
        (
            "Funds came from the Department of Foreign Affairs, Trade and Development.",
            "Department of Foreign Affairs, Trade and Development",
        ),
    ],
)
def test_a_renamed_body_keeps_the_name_the_text_uses(nlp: Language, text: str, name: str) -> None:
    """A body renamed or reorganized is its own entry: `CDC Group` is not given the name
    of its successor, nor ADLSA the name of the ministry that followed it."""
    assert orgs(nlp, text)[0][1] == name


def test_an_office_named_after_the_ilos_possessive_is_no_second_mention(nlp: Language) -> None:
    """SPEC: a named office of the ILO is the ILO, mentioned already by `ILO's`; another
    body's own directorate keeps its name."""
    text = (
        "The ILO's Project Office for the State of Qatar and the EU's Directorate-General "
        "for Trade met."
    )
    assert [o[1] for o in orgs(nlp, text)] == [
        ILO,
        "European Union",
        "Directorate-General for Trade",
    ]


def test_a_sum_in_parentheses_after_a_name_is_no_acronym(nlp: Language) -> None:
    text = "It is co-funded by the European Union (EUR 8 million) and the ILO (USD 1 m)."
    assert [t for t, *_ in orgs(nlp, text)] == ["European Union", "ILO"]


def test_a_foundation_that_opens_a_sentence_leaves_its_article_out(nlp: Language) -> None:
    text = "The Rockefeller Foundation and the Ford Foundation funded it."
    assert [t for t, *_ in orgs(nlp, text)] == ["Rockefeller Foundation", "Ford Foundation"]


def test_no_gazetteer_form_starts_with_an_article() -> None:
    forms = [v for e in RULES.entries.values() for v in e.variants]
    assert [v for v in forms if v.split()[0].lower() in ("the", "a", "an")] == []


@pytest.mark.parametrize(
    "text, mention, name",
    [
        (
            "The EU Delegation to Zambia signed the grant.",
            "EU Delegation to Zambia",
            "Delegation of the European Union to Zambia",
        ),
        (
            "The Delegation of the European Union to Bangladesh signed it.",
            "Delegation of the European Union to Bangladesh",
            "Delegation of the European Union to Bangladesh",
        ),
        ("The EU Delegation signed it.", "EU Delegation", "Delegation of the European Union"),
    ],
)
def test_a_delegation_is_named_with_the_country_it_is_posted_to(
    nlp: Language, text: str, mention: str, name: str
) -> None:
    assert [(o[0], o[1]) for o in orgs(nlp, text)] == [(mention, name)]


def test_an_office_named_after_the_ilos_acronym_is_the_ilo(nlp: Language) -> None:
    found = orgs(nlp, "The ILO Department of Communication and Public Information said so.")
    assert [(o[1], o[2]) for o in found] == [("International Labour Organization", "ILO")]
