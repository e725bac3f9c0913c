"""Stage 3 machinery shared by every kind: sentences, URLs, pages, offsets."""

from __future__ import annotations

import pytest
from spacy.language import Language
from texts import text_document

from pipeline.recognize import find_mentions
from pipeline.rulers import doc_text, make_doc
from schemas import DocumentText, Kind, MediaType, PageSpan


def as_media(document: DocumentText, media: MediaType) -> DocumentText:
    return document.model_copy(
        update={"doc": document.doc.model_copy(update={"media_type": media})}
    )


@pytest.mark.parametrize(
    "media, text, mention, sentence",
    [
        (
            MediaType.PDF,
            "Contributions by year\nYear | EUR\n2019 | EUR 4.1 million\nThe total rose.",
            "EUR 4.1 million",
            "2019 | EUR 4.1 million",
        ),
        (
            MediaType.HTML,
            "Funding\n\n• Kenya: USD 1 million\n• Peru: EUR 2 million",
            "EUR 2 million",
            "• Peru: EUR 2 million",
        ),
        (
            MediaType.TEXT,
            "Norway gave the ILO\nNOK 45 million in 2019 for\nsocial dialogue. Then it stopped.",
            "NOK 45 million",
            "Norway gave the ILO NOK 45 million in 2019 for social dialogue.",
        ),
        (
            MediaType.TEXT,
            "Funding\n\nNorway gave NOK 45 million. Then it stopped.",
            "NOK 45 million",
            "Norway gave NOK 45 million.",
        ),
        # a bullet line in a plain-text paragraph is a list item, a sentence of its own
        (
            MediaType.TEXT,
            "SECO committed these funds:\n• Better Work: CHF 12 million;\n• SCORE: CHF 6 million.",
            "CHF 12 million",
            "• Better Work: CHF 12 million;",
        ),
        (
            MediaType.TEXT,
            "SECO committed CHF 5 million in 2024 to\n- Better Work;\n- SCORE.",
            "CHF 5 million",
            "SECO committed CHF 5 million in 2024 to - Better Work; - SCORE.",
        ),
    ],
)
def test_sentence_is_cut_at_the_edges_of_its_paragraph_row_or_item(
    nlp: Language, media: MediaType, text: str, mention: str, sentence: str
) -> None:
    document = as_media(text_document(text), media)
    found = {m.text: m for m in find_mentions(nlp, document)}
    assert found[mention].sentence == sentence


@pytest.mark.parametrize("abbreviation", ["No. 190", "Art. 4", "pp. 12", "para. 3"])
def test_a_reference_abbreviations_period_ends_no_sentence(
    nlp: Language, abbreviation: str
) -> None:
    text = f"The union held workshops on the Convention ({abbreviation}) with USD 38,500 in 2025."
    found = {m.text: m for m in find_mentions(nlp, text_document(text))}
    assert found["USD 38,500"].sentence == text


def test_the_period_after_a_mixed_case_acronym_ends_the_sentence(nlp: Language) -> None:
    text = "The grant was signed with GmbH. Sweden adds SEK 5 million."
    found = {m.text: m for m in find_mentions(nlp, text_document(text))}
    assert found["SEK 5 million"].sentence == "Sweden adds SEK 5 million."


def test_a_programme_name_inside_a_longer_organization_name_is_the_organizations(
    nlp: Language,
) -> None:
    text = "The project is funded by the Qatar Fund For Development in Somalia."
    found = [(m.kind, m.text) for m in find_mentions(nlp, text_document(text))]
    assert (Kind.ORGANIZATION, "Qatar Fund For Development") in found
    assert [t for k, t in found if k is Kind.PROGRAMME] == []


def test_a_programme_name_that_ends_inside_an_organization_name_is_the_organizations(
    nlp: Language,
) -> None:
    text = "News\n\nAbout QFFD\nQatar Fund For Development is a public institution of Qatar."
    found = [(m.kind, m.text) for m in find_mentions(nlp, text_document(text))]
    assert (Kind.ORGANIZATION, "Qatar Fund For Development") in found
    assert [t for k, t in found if k is Kind.PROGRAMME] == []


def test_nothing_inside_a_url_or_email_is_a_mention(nlp: Language) -> None:
    text = (
        "See https://www.ilo.org/kenya/2019/usd-5-million.htm or write to peru2020@ilo.org; "
        "Kenya joined in 2019."
    )
    mentions = find_mentions(nlp, text_document(text))
    assert [(m.kind, m.text) for m in mentions] == [
        (Kind.COUNTRY, "Kenya"),
        (Kind.DATE, "2019"),
    ]


def test_mentions_carry_page_offsets_and_pattern_ids(nlp: Language) -> None:
    text = "Ghana signed.\n\nIn 2021 Togo joined."
    document = text_document(text).model_copy(
        update={"pages": (PageSpan(page=1, start=0, end=13), PageSpan(page=2, start=15, end=35))}
    )
    mentions = find_mentions(nlp, document)
    assert [(m.text, m.page, m.char_start, m.char_end) for m in mentions] == [
        ("Ghana", 1, 0, 5),
        ("2021", 2, 18, 22),
        ("Togo", 2, 23, 27),
    ]
    assert all(text[m.char_start : m.char_end] == m.text for m in mentions)
    assert [m.pattern_id for m in mentions if m.kind is Kind.COUNTRY] == ["GHA", "TGO"]


@pytest.mark.parametrize(
    "text, kind, expected",
    [
        ("Norway gave US$ 5\nto the fund.", Kind.AMOUNT, ["US$ 5"]),
        ("The grant was EUR 200,000\n\nA new paragraph starts here.", Kind.AMOUNT, ["EUR 200,000"]),
        ("Total: USD 3.5 million\nin 2019.", Kind.AMOUNT, ["USD 3.5 million"]),
        ("Sweden gave SEK\n41 million.", Kind.AMOUNT, ["SEK\n41 million"]),
        ("Sweden gave SEK\n\n40 million went elsewhere.", Kind.AMOUNT, []),
        ("Work began in 2019\nand ended.", Kind.DATE, ["2019"]),
        ("The talks of\n12 March 2011\nwere short.", Kind.DATE, ["12 March 2011"]),
        ("It ran between 2018 and\n2022.", Kind.DATE, ["2018 and\n2022"]),
        ("It ran between 2018 and\n\n2022 came later.", Kind.DATE, ["2018", "2022"]),
        ("Offices in Sri Lanka\nand Peru.", Kind.COUNTRY, ["Sri Lanka", "Peru"]),
        ("The SCORE\nprogramme trains managers.", Kind.PROGRAMME, ["SCORE"]),
    ],
)
def test_mention_text_has_no_whitespace_at_its_edges(
    nlp: Language, text: str, kind: Kind, expected: list[str]
) -> None:
    """A pattern may run onto the next line, but a line break never ends or starts a mention
    and a blank line (a paragraph break) is never crossed."""
    found = [m for m in find_mentions(nlp, text_document(text)) if m.kind is kind]
    assert [m.text for m in found] == expected
    for mention in found:
        assert text[mention.char_start : mention.char_end] == mention.text


def test_every_component_declares_what_it_reads_and_writes(nlp: Language) -> None:
    """spaCy checks the order for us: no component reads what no earlier one writes."""
    assert nlp.analyze_pipes()["problems"] == {name: [] for name in nlp.pipe_names}


def test_a_doc_made_for_the_components_holds_its_text_and_does_not_join_its_tokens_again(
    nlp: Language,
) -> None:
    text = "Norway gave USD 3 million\nin 2022 to the ILO."
    doc = make_doc(nlp, text)
    assert doc_text(doc) is text  # not a join of the tokens, as Doc.text is
    assert doc_text(nlp(doc)) is text and doc.text == text
