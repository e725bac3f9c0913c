"""Layout functions on hand-made word and segment boxes (no PDF needed)."""

from __future__ import annotations

import pytest

from pipeline.layout.boxes import (
    Segment,
    Word,
    drop_stacked_letters,
    segment_of,
    table_segment,
    words_to_segments,
)
from pipeline.layout.columns import find_gutters, reading_order
from pipeline.layout.furniture import PageBoxes, count_lines, find_furniture
from pipeline.layout.lines import compose_page, is_bullet_word, join_lines, keep_hyphen
from pipeline.layout.tables import build_table


def words_at(text: str, x: float, top: float, size: float = 10.0, font: str = "Body") -> list[Word]:
    """Words of ``text`` set from ``x`` on one line, 5.5 pt per character, 3 pt spaces."""
    words = []
    for token in text.split():
        width = 5.5 * len(token)
        words.append(Word(token, x, x + width, top, top + size, size, font))
        x += width + 3
    return words


def line_at(text: str, x: float, top: float, size: float = 10.0, font: str = "Body") -> Segment:
    return segment_of(words_at(text, x, top, size, font))


@pytest.mark.parametrize(
    "head, tail, kept",
    [
        ("develop", "ment", False),  # a syllable break
        ("know", "ledge", False),  # two words that close up into a common one
        ("contri", "butions", False),
        ("long", "standing", True),  # a compound of two words
        ("socio", "economic", True),
        ("pre", "financing", True),
        ("multi", "stakeholder", True),
    ],
)
def test_hyphen_at_line_end_kept_only_for_compounds(head: str, tail: str, kept: bool) -> None:
    assert keep_hyphen(head, tail) is kept


@pytest.mark.parametrize(
    "text, line, joined",
    [
        ("the develop-", "ment plan", "the development plan"),
        ("a long-", "standing partner", "a long-standing partner"),
        ("the ILO-", "Korea programme", "the ILO- Korea programme"),  # capital: not a break
        ("COVID-", "19 response", "COVID- 19 response"),
        ("see https://www.ilo.org/", "global/topics", "see https://www.ilo.org/global/topics"),
        ("funding of", "USD 5 million", "funding of USD 5 million"),
    ],
)
def test_join_lines(text: str, line: str, joined: str) -> None:
    assert join_lines(text, line) == joined


@pytest.mark.parametrize(
    "text, font, has_more, bullet",
    [
        ("•", "Helvetica", True, True),
        ("\uf0b7", "Helvetica", True, True),  # private-use glyph from a symbol font
        ("(cid:127)", "Helvetica", True, True),  # a glyph with no character mapping
        ("l", "Wingdings-Regular", True, True),
        ("f", "ABCDEF+Icons", True, True),
        ("f", "Helvetica", True, True),  # an icon-font letter in a bullet position
        ("f", "Helvetica", False, False),  # alone on its line: not a bullet position
        ("–", "Helvetica", True, False),  # a dash at line start continues a sentence
        ("In", "Helvetica", True, False),
    ],
)
def test_bullet_glyphs(text: str, font: str, has_more: bool, bullet: bool) -> None:
    assert is_bullet_word(Word(text, 0, 5, 0, 10, 10, font), has_more) is bullet


def two_column_page() -> list[Segment]:
    """A title over two columns of 12 lines; the left column's last line runs on."""
    segments = [
        line_at("Annual results of the partnership with many donors in 2024", 50, 40, size=18)
    ]
    for row in range(12):
        top = 100 + 14 * row
        segments.append(line_at(f"left column line number {row} of the text", 50, top))
        segments.append(line_at(f"right column line number {row} of the text", 320, top))
    return words_to_segments([w for s in segments for w in s.words])


def test_two_columns_are_read_one_after_the_other() -> None:
    regions = reading_order(two_column_page())
    texts = [[s.text for s in region] for region in regions]
    assert texts[0] == ["Annual results of the partnership with many donors in 2024"]
    assert texts[1][0].startswith("left column line number 0")
    assert texts[1][-1].startswith("left column line number 11")
    assert texts[2][0].startswith("right column line number 0")


def test_one_column_page_has_no_gutter() -> None:
    segments = [
        line_at("a full line of body text that runs across the page", 50, 100 + 14 * n)
        for n in range(20)
    ]
    assert find_gutters(segments) == []
    assert reading_order(segments) == [segments]


def test_a_table_column_is_not_a_text_column() -> None:
    rows = [line_at(f"Donor {n}", 50, 100 + 14 * n) for n in range(10)]
    amounts = [line_at(f"{n},000", 400, 100 + 14 * n) for n in range(10)]
    assert find_gutters(rows + amounts) == []


def test_sentence_across_a_column_break_is_whole() -> None:
    page = [
        line_at("The donors pledged a total of USD 4 million to the", 50, 100),
        line_at("programme in Ghana and Kenya over two years, and", 50, 114),
    ]
    page += [
        line_at(f"filler line {n} in the left column of the page", 50, 128 + 14 * n)
        for n in range(8)
    ]
    page += [line_at("it will start in 2025.", 320, 100)]
    page += [
        line_at(f"filler line {n} in the right column of the page", 320, 114 + 14 * n)
        for n in range(8)
    ]
    text = compose_page(reading_order(page)).text
    assert "filler line 7 in the left column of the page it will start in 2025." in text


def test_paragraphs_headings_and_bullets_keep_their_own_lines() -> None:
    region = [
        line_at("Funding", 50, 80, size=14, font="Helvetica-Bold"),
        line_at("Norway gave USD 2 million to the fund in 2023, and the", 50, 100),
        line_at("fund spent it in Malawi.", 50, 113),
        segment_of(words_at("• Better Work Jordan", 50, 140)),
        line_at("The develop-", 50, 160),
        line_at("ment plan ends.", 50, 173),
    ]
    text = compose_page([region]).text
    assert text.split("\n") == [
        "Funding",
        "Norway gave USD 2 million to the fund in 2023, and the fund spent it in Malawi.",
        "Better Work Jordan",
        "The development plan ends.",
    ]


def test_table_rows_keep_label_and_amount_and_are_marked() -> None:
    words = words_at("Norway", 60, 110) + words_at("4,678,581", 300, 110)
    words += words_at("Sweden", 60, 130) + words_at("3,399,709", 300, 130)
    words += words_at("Body text below the table.", 60, 200)
    rows = [
        [(50, 105, 250, 125), (250, 105, 400, 125)],
        [(50, 125, 250, 145), (250, 125, 400, 145)],
    ]
    table, rest = build_table(words, (50, 105, 400, 145), rows)
    assert table is not None
    assert table.rows == ("Norway | 4,678,581", "Sweden | 3,399,709")
    assert [w.text for w in rest] == ["Body", "text", "below", "the", "table."]
    page = compose_page([[line_at("Top donors", 60, 80)], [table], words_to_segments(rest)])
    start, end = page.tables[0]
    assert page.text[start:end] == "Norway | 4,678,581\nSweden | 3,399,709"


def test_a_box_with_one_filled_row_is_not_a_table() -> None:
    words = words_at("Note", 60, 110)
    table, rest = build_table(words, (50, 105, 400, 125), [[(50, 105, 250, 125), None]])
    assert table is None and rest == words


def furniture_pages(n_pages: int) -> list[PageBoxes]:
    pages = []
    for number in range(1, n_pages + 1):
        segments = (
            line_at(f"Policy Brief | No. 7, 2025 | page {number}", 50, 30),
            line_at("The body of the page, different on each page: " + "x" * number, 50, 300),
            line_at(str(number + 1), 500, 800),  # printed numbers count up (cover is unnumbered)
        )
        pages.append(PageBoxes(number=number, height=842.0, segments=segments))
    return pages


def test_running_header_and_page_numbers_are_furniture() -> None:
    pages = furniture_pages(3)
    found = find_furniture(pages)
    assert found == {(n, 0) for n in (1, 2, 3)} | {(n, 2) for n in (1, 2, 3)}
    assert count_lines(pages, found) == 6


def test_a_one_page_document_keeps_everything() -> None:
    assert find_furniture(furniture_pages(1)) == set()


def test_a_table_segment_is_never_furniture() -> None:
    table = table_segment(["A | 1", "B | 2"], (50, 20, 400, 60))
    pages = [PageBoxes(n, 842.0, (table,)) for n in (1, 2, 3)]
    assert find_furniture(pages) == set()


def letter(text: str, x: float, top: float) -> Word:
    return Word(text, x, x + 5, top, top + 8, 8.0, "Body", True)


def test_letters_stacked_down_a_margin_are_dropped_and_a_column_beside_them_is_kept() -> None:
    stack = [letter(c, 10.0, 100.0 + 7 * i) for i, c in enumerate("Public")]  # one x, 7 pt apart
    beside = [letter(c, 14.5, 100.0 + 7 * i) for i, c in enumerate("abc")]  # 4.5 pt right
    figures = [letter(n, 10.5, 300.0 + 7 * i) for i, n in enumerate("123456")]  # not letters
    body = words_at("Funds were paid in 2021", 40.0, 100.0)
    words = [*body, *beside, *stack, *figures]
    assert drop_stacked_letters(words) == [*body, *beside, *figures]
    nowhere = letter("x", float("nan"), 200.0)  # a broken box: the words are in no order
    assert drop_stacked_letters([*words, nowhere]) == [*body, *beside, *figures, nowhere]
