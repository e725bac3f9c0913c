"""Typeset PDFs (one column, two columns, a sidebar) read like the same text as a plain file.

The PDFs are made at test time by ``tests/pdf_factory.py`` from sentences written for these
tests, with running headers, footers, page numbers, hyphenated line ends and bullets.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pdf_factory import Layout, bullet, heading, para, plain_text, typeset

from pipeline.document import Analyzer, process_document
from pipeline.extract_text import extract_text
from pipeline.ingest import ingest
from pipeline.patterns import load_text_rules
from schemas import DocumentResult, DocumentText

TEXT_RULES = load_text_rules()

TITLE = "Partnership results 2024"
HEADER = "Partners brief | No. 12, 2024"
FOOTER = "Development Cooperation Unit"
BLOCKS = [
    heading("Funding in 2024"),
    para(
        "In March 2024 the Government of Norway pledged USD 4.5 million to the Vision Zero "
        "Fund for safer workplaces in Ghana and Kenya, a long-~standing commitment that "
        "continues the develop~ment work begun in 2019."
    ),
    para(
        "Sweden added SEK 25 million (US$ 2.4 million) for the years 2024-2026, and the "
        "Netherlands provided EUR 800,000 in June 2024 for socio-~economic recovery in Jordan."
    ),
    heading("Results"),
    bullet("More than 12,000 workers in Viet Nam were trained between 2022 and 2023."),
    bullet("Better Work Bangladesh reached 400 factories by December 2024."),
    bullet("Peru received CHF 300,000 for labour inspection in the second half of 2024."),
    para(
        "The evaluation published on 15 October 2024 found that employ~ment services in "
        "Malawi and Zambia improved, and it recommended a second phase from 2025 to 2027 "
        "with about USD 6 million from Germany and Japan."
    ),
    para(
        "Korea contributed KRW 1.2 billion to the Korea-ILO Partnership Programme in 2023, "
        "supporting skills training in Indonesia, the Philippines and Cambodia."
    ),
    para(
        "Australia gave AUD 3 million in January 2025, and Canada promised CAD 1.5 million "
        "for the programme in Nepal over 2025-2026."
    ),
]
SPANNING = (
    "Sweden added SEK 25 million (US$ 2.4 million) for the years 2024-2026, and the "
    "Netherlands provided EUR 800,000 in June 2024 for socio-economic recovery in Jordan."
)


def mention_keys(result: DocumentResult) -> dict[str, Counter[tuple[str, ...]]]:
    return {
        "amounts": Counter((str(a.value), a.currency) for a in result.amounts),
        "dates": Counter((str(d.start), str(d.end)) for d in result.dates),
        "countries": Counter((c.text.removeprefix("the "), c.iso3) for c in result.countries),
        "programmes": Counter((p.text, p.name) for p in result.programmes),
    }


def make_pdf(folder: Path, layout: Layout) -> Path:
    return typeset(
        folder / f"{layout}.pdf",
        TITLE,
        BLOCKS,
        layout,
        header=HEADER,
        footer=FOOTER,
        page_numbers=True,
        column_height=190 if layout is Layout.ONE_COLUMN else 150,
    )


def read(path: Path) -> DocumentText:
    sources, _ = ingest([path])
    return extract_text(sources[0], TEXT_RULES)


@pytest.fixture(scope="module", params=list(Layout))
def typeset_pdf(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("typeset"), request.param)


def test_pdf_and_text_give_the_same_mentions(
    typeset_pdf: Path, tmp_path: Path, analyzer: Analyzer
) -> None:
    text_file = tmp_path / "same.txt"
    text_file.write_text(plain_text(TITLE, BLOCKS), encoding="utf-8")
    (pdf_source,), _ = ingest([typeset_pdf])
    (text_source,), _ = ingest([text_file])
    from_pdf = mention_keys(process_document(analyzer, pdf_source))
    from_text = mention_keys(process_document(analyzer, text_source))
    assert from_pdf == from_text
    assert from_pdf["amounts"][("4500000", "USD")] == 1


def test_typeset_pdf_reads_like_the_text(typeset_pdf: Path) -> None:
    document = read(typeset_pdf)
    lines = document.text.split("\n")
    assert SPANNING in lines  # whole, across a column (or page) break
    assert "long-standing commitment that continues the development work" in document.text
    assert "Better Work Bangladesh reached 400 factories by December 2024." in lines
    assert HEADER not in document.text and FOOTER not in document.text
    assert not any(line.strip().isdigit() for line in lines)  # page numbers
    # the header, and the footer with the page number on its baseline, on every page
    assert document.removed_furniture == 2 * document.n_pages
    assert document.n_pages >= 2


def test_every_offset_maps_to_its_page(typeset_pdf: Path) -> None:
    document = read(typeset_pdf)
    last = "Canada promised CAD 1.5 million"
    assert document.page_at(document.text.index("Funding in 2024")) == 1
    assert document.page_at(document.text.index(last)) == document.n_pages
    assert [span.page for span in document.pages] == list(range(1, document.n_pages + 1))


def test_a_scanned_page_is_named_in_a_warning(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path = tmp_path / "half_scanned.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Ghana received USD 2 million in 2023.")
    pdf.showPage()
    pdf.drawImage(ImageReader(Image.new("RGB", (200, 80), "white")), 72, 600, 200, 80)
    pdf.showPage()
    pdf.save()
    document = read(path)
    assert document.warnings == ("pages without a text layer (scanned?): 2",)
    assert document.text.startswith("Ghana received USD 2 million in 2023.")
    assert [span.page for span in document.pages] == [1, 2]
