"""Layouts typeset with reportlab for each test, read by both engines: spaced capitals, a
watermark set letter by letter down a margin, a rotated side tab, a word hyphenated across a
page break, a table without ruling lines, and two columns above and below a figure whose
labels fill the gutter.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from pipeline.config import PdfEngine
from pipeline.document import Analyzer, process_document
from pipeline.extract_text import extract_text
from pipeline.ingest import ingest
from pipeline.patterns import load_text_rules
from schemas import DocumentText

TEXT_RULES = load_text_rules()
ENGINES = pytest.mark.parametrize("engine", list(PdfEngine))
BODY = [
    "The programme trained 3,000 workers in Ghana during 2024.",
    "Norway and Sweden funded the second phase with USD 4 million.",
    "An evaluation of the results is due in March 2025.",
]


def read(path: Path, engine: PdfEngine) -> DocumentText:
    (source,), _ = ingest([path])
    return extract_text(source, TEXT_RULES, engine)


def body_lines(pdf: canvas.Canvas, top: float = 700) -> None:
    pdf.setFont("Helvetica", 10)
    for number, line in enumerate(BODY):
        pdf.drawString(72, top - 16 * number, line)


@ENGINES
def test_letter_spaced_capitals_are_joined_to_their_word(tmp_path: Path, engine: PdfEngine) -> None:
    path = tmp_path / "capitals.pdf"
    pdf = canvas.Canvas(str(path))
    # a raised capital in larger type, then the rest of the word right after it
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(72, 760, "U")
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(72 + stringWidth("U", "Helvetica-Bold", 16) + 1, 760, "nited Nations University")
    # a capital set a hair apart from small capitals of the same word
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, 736, "P")
    pdf.setFont("Helvetica-Bold", 11)
    pdf.drawString(72 + stringWidth("P", "Helvetica-Bold", 14) + 1, 736, "OLICY BRIEF")
    body_lines(pdf)
    pdf.showPage()
    pdf.save()
    lines = read(path, engine).text.split("\n")
    assert lines[:2] == ["United Nations University", "POLICY BRIEF"]
    assert lines[2:] == [" ".join(BODY)]


@ENGINES
def test_a_watermark_set_letter_by_letter_and_a_side_tab_are_left_out(
    tmp_path: Path, engine: PdfEngine
) -> None:
    path = tmp_path / "watermark.pdf"
    pdf = canvas.Canvas(str(path))
    body_lines(pdf)
    # down the right margin, bottom to top, one upright letter at a time
    pdf.setFont("Helvetica", 9)
    y = 300.0
    for letter in "Public Disclosure Authorized":
        if letter != " ":
            pdf.drawString(560, y, letter)
        y += 6
    # a side tab: a label turned 90 degrees in the left margin
    pdf.saveState()
    pdf.translate(30, 400)
    pdf.rotate(90)
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(0, 0, "Country brief Kenya 2023")
    pdf.restoreState()
    pdf.showPage()
    pdf.save()
    assert read(path, engine).text == " ".join(BODY)


@ENGINES
def test_a_word_hyphenated_across_a_page_break_is_joined_on_the_page_where_it_starts(
    tmp_path: Path, engine: PdfEngine
) -> None:
    path = tmp_path / "page_break.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 700, "In Malawi the project improved the employ-")
    pdf.showPage()
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 700, "ment services of 12 districts in 2024.")
    pdf.showPage()
    pdf.save()
    document = read(path, engine)
    first, second = (document.text[span.start : span.end] for span in document.pages)
    assert first == "In Malawi the project improved the employment"
    assert second == "services of 12 districts in 2024."
    assert document.page_at(document.text.index("employment")) == 1
    assert document.page_at(document.text.index("2024")) == 2


GRANTS = [
    # region, title lines, objective lines, start date lines, amount
    (
        "Africa",
        ["Ghana: Safer Mines", "Initiative"],
        ["Reduce accidents in", "small gold mines"],
        ["May", "2023"],
        "USD 250,000",
    ),
    (
        "Asia",
        ["Nepal: Skills for", "Youth Employment"],
        ["Train young workers", "in construction"],
        ["June", "2022"],
        "USD 400,000",
    ),
    (
        "Americas",
        ["Peru: Labour", "Inspection Reform"],
        ["Modernize labour", "inspection services"],
        ["March", "2024"],
        "USD 1,200,000",
    ),
]
HEADER = ("Region", ["Project"], ["Objective"], ["Start date"], "Amount")


def grant_table(path: Path) -> Path:
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 760, "The fund made three grants in the period under review.")
    columns = (60, 130, 260, 390, 460)
    y = 730.0
    for number, (region, title, objective, start, amount) in enumerate([HEADER, *GRANTS]):
        font = "Helvetica-Bold" if number == 0 else "Helvetica"
        cells = [[region], title, objective, start, [amount]]
        for x, lines in zip(columns, cells, strict=True):
            pdf.setFont(font, 9)
            for index, text in enumerate(lines):
                pdf.drawString(x, y - 11 * index, text)
        y -= 11 * max(len(lines) for lines in cells) + 9
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, y - 20, "All grants are reported in United States dollars.")
    pdf.showPage()
    pdf.save()
    return path


@ENGINES
def test_a_table_without_ruling_lines_is_read_row_by_row_with_cells_whole(
    tmp_path: Path, engine: PdfEngine
) -> None:
    document = read(grant_table(tmp_path / "grants.pdf"), engine)
    assert document.text.split("\n") == [
        "The fund made three grants in the period under review.",
        "Region | Project | Objective | Start date | Amount",
        "Africa | Ghana: Safer Mines Initiative | Reduce accidents in small gold mines "
        "| May 2023 | USD 250,000",
        "Asia | Nepal: Skills for Youth Employment | Train young workers in construction "
        "| June 2022 | USD 400,000",
        "Americas | Peru: Labour Inspection Reform | Modernize labour inspection services "
        "| March 2024 | USD 1,200,000",
        "All grants are reported in United States dollars.",
    ]
    (table,) = [block for block in document.blocks if block.role == "table"]
    rows = document.text[table.start : table.end]
    assert rows.startswith("Region | Project") and rows.endswith("USD 1,200,000")


@ENGINES
def test_a_title_in_a_table_column_headed_project_is_a_programme_and_its_country_label_a_country(
    tmp_path: Path, engine: PdfEngine, analyzer: Analyzer
) -> None:
    (source,), _ = ingest([grant_table(tmp_path / "grants.pdf")])
    result = process_document(analyzer, source, engine)
    assert [p.text for p in result.programmes] == [
        "Safer Mines Initiative",
        "Skills for Youth Employment",
        "Labour Inspection Reform",
    ]
    assert [c.iso3 for c in result.countries] == ["GHA", "NPL", "PER"]


# Two columns of text, a full-width map whose labels (names and amounts) are scattered across
# the gutter, then two columns again.
COLUMNS_ABOVE = (
    [
        "The fund supported child protection",
        "services in eleven countries and",
        "trained social workers, judges and",
        "police officers to respond to cases",
        "of violence against children in",
        "schools and homes.",
    ],
    [
        "Offices in every region of the world",
        "used the flexible money to reach",
        "families that other grants did not",
        "cover, and to test new ways of",
        "working with local partners during",
        "the year under review.",
    ],
)
COLUMNS_BELOW = (
    [
        "Each office reported on its results",
        "to the board before the end of the",
        "year, with figures on the children",
        "reached and the services that were",
        "strengthened with the support of",
        "the fund.",
    ],
    [
        "The next report will follow the same",
        "structure and cover the same regions",
        "again, so that readers can compare",
        "the two years and see where the",
        "money made the largest difference",
        "for children.",
    ],
)
MAP_LABELS = [
    (255, 585, "Benin"),
    (262, 573, "$150,000"),
    (180, 557, "Togo"),
    (262, 543, "Chad"),
    (380, 535, "Nepal"),
    (100, 520, "Liberia"),
    (250, 505, "$120,000"),
    (440, 495, "Indonesia"),
]


def two_columns(pdf: canvas.Canvas, columns: tuple[list[str], ...], top: float) -> None:
    pdf.setFont("Helvetica", 10)
    for x, lines in zip((72, 306), columns, strict=True):
        for number, line in enumerate(lines):
            pdf.drawString(x, top - 13 * number, line)


@ENGINES
def test_columns_above_and_below_a_figure_whose_labels_fill_the_gutter_are_read_in_order(
    tmp_path: Path, engine: PdfEngine
) -> None:
    path = tmp_path / "figure.pdf"
    pdf = canvas.Canvas(str(path))
    two_columns(pdf, COLUMNS_ABOVE, 720)
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(72, 610, "Allocations around the world")
    for x, y, label in MAP_LABELS:
        pdf.setFont("Helvetica", 8)
        pdf.drawString(x, y, label)
    two_columns(pdf, COLUMNS_BELOW, 460)
    pdf.showPage()
    pdf.save()
    # each column is one paragraph; the labels, top to bottom, are a region of their own
    assert read(path, engine).text.split("\n") == [
        *(" ".join(column) for column in COLUMNS_ABOVE),
        "Allocations around the world",
        " ".join(label for _, _, label in MAP_LABELS),
        *(" ".join(column) for column in COLUMNS_BELOW),
    ]


def drop_capital(pdf: canvas.Canvas, capital: str, lines: list[str], top: float) -> None:
    """A paragraph whose first letter is set large beside its first three lines."""
    pdf.setFont("Helvetica-Bold", 38)
    pdf.drawString(72, top - 26, capital)
    indent = 72 + stringWidth(capital, "Helvetica-Bold", 38) + 4
    pdf.setFont("Helvetica", 10)
    for number, line in enumerate(lines):
        pdf.drawString(indent if number < 3 else 72, top - 13 * number, line)


@ENGINES
def test_a_drop_capital_beside_three_lines_joins_the_first_word(
    tmp_path: Path, engine: PdfEngine
) -> None:
    path = tmp_path / "drop.pdf"
    pdf = canvas.Canvas(str(path))
    first = [
        "nited Nations agencies agreed in 2024",
        "to pool their funds for the programme",
        "in Malawi and Zambia, and the donors",
        "accepted one report for all of them.",
    ]
    second = [
        "new fund for the region opened in May",
        "2025 with money from Sweden and from",
        "Norway, and it will close at the end of",
        "the decade.",
    ]
    drop_capital(pdf, "U", first, 720)
    drop_capital(pdf, "A", second, 640)
    pdf.showPage()
    pdf.save()
    assert read(path, engine).text.split("\n") == [
        "U" + " ".join(first),
        "A " + " ".join(second),
    ]
