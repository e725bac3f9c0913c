"""The PDF reader on real brochures, briefs and press releases in ../shared/corpus/pdf.

Every expectation here was checked by looking at the rendered page. Snippets are a few words
long; the documents' text is not copied into the repository.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from pipeline.document import Analyzer, process_document
from pipeline.extract_text import extract_text
from pipeline.ingest import ingest
from pipeline.patterns import load_text_rules
from schemas import DocumentResult, DocumentText

TEXT_RULES = load_text_rules()

GOLD_WITH_PAGES = [
    "eof_outcomes_funds_brief.pdf",
    "unu_policy_brief_49.pdf",
    "cjeu_press_release_149_25.pdf",
]
_cache: dict[Path, DocumentText] = {}


def read(path: Path) -> DocumentText:
    if path not in _cache:
        (source,), _ = ingest([path])
        _cache[path] = extract_text(source, TEXT_RULES)
    return _cache[path]


@pytest.fixture(scope="module")
def pdf_dir(shared: Path) -> Path:
    return shared / "corpus" / "pdf"


def lines_on_page(document: DocumentText, page: int) -> list[str]:
    span = document.pages[page - 1]
    return document.text[span.start : span.end].split("\n")


@pytest.mark.parametrize(
    "name, page, snippet",
    [
        # the last line of a left column and the first of the right one, read in order
        ("unu_policy_brief_49.pdf", 2, "people and their reasons for moving, but climate"),
        ("unu_policy_brief_49.pdf", 1, "to ensuring inclusive and equitable education"),
        # a two-column paragraph beside a heading in larger type
        ("unicef_education_thematic_fund_2024.pdf", 3, "mobilized US$17.5 million in flexible"),
        # a line-end hyphen inside a word is closed up
        ("unu_policy_brief_49.pdf", 2, "a climate-resilient education system"),
    ],
)
def test_sentence_is_whole_across_lines_and_columns(
    pdf_dir: Path, name: str, page: int, snippet: str
) -> None:
    document = read(pdf_dir / name)
    start = document.text.index(snippet)
    assert document.page_at(start) == page


@pytest.mark.parametrize(
    "name, header",
    [
        ("unu_policy_brief_49.pdf", "BRIEF | No. 49, 2025"),
        ("unu_policy_brief_49.pdf", "unu.edu/ias"),
        ("cjeu_press_release_149_25.pdf", "Communications Directorate"),
        ("unicef_education_thematic_fund_2024.pdf", "UNICEF 3"),
    ],
)
def test_running_headers_and_footers_are_removed(pdf_dir: Path, name: str, header: str) -> None:
    document = read(pdf_dir / name)
    assert header not in document.text
    assert document.removed_furniture >= document.n_pages - 1


@pytest.mark.parametrize(
    "name", ["unu_policy_brief_49.pdf", "unicef_education_thematic_fund_2024.pdf"]
)
def test_no_line_repeats_on_most_pages(pdf_dir: Path, name: str) -> None:
    document = read(pdf_dir / name)
    pages_of: dict[str, set[int]] = defaultdict(set)
    for span in document.pages:
        for line in lines_on_page(document, span.page):
            pages_of[line.strip()].add(span.page)
    repeated = [line for line, pages in pages_of.items() if line and len(pages) > 2]
    assert repeated == []


@pytest.mark.parametrize(
    "name, page, row",
    [
        ("unicef_education_thematic_fund_2024.pdf", 3, "Public | Norway | 4,678,581"),
        ("unicef_education_thematic_fund_2024.pdf", 3, "Grand Total | 17,522,401"),
        ("unicef_child_protection_thematic_fund_2024.pdf", 3, "Sweden | 7,710,100"),
        # tables without ruling lines: columns found from the whitespace between cells
        ("uncdf_financial_review_2024.pdf", 2, "Revenue | 103 | 168 | (65) | (39)%"),
        ("unfpa_financial_review_2024.pdf", 5, "Regular resources – gross | 379.5 | 383.9 | 437.0"),
    ],
)
def test_table_rows_keep_their_labels_and_page(
    pdf_dir: Path, name: str, page: int, row: str
) -> None:
    document = read(pdf_dir / name)
    start = document.text.index(row)
    assert document.page_at(start) == page
    tables = [block for block in document.blocks if block.role == "table"]
    assert any(block.start <= start < block.end for block in tables)


def gold_pages(shared: Path) -> dict[str, dict[tuple[str, str], set[int]]]:
    """Per document, the pages on which gold places each (kind, text)."""
    pages: dict[str, dict[tuple[str, str], set[int]]] = {}
    for line in (shared / "gold" / "pdf.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        found: dict[tuple[str, str], set[int]] = defaultdict(set)
        for kind in ("amounts", "dates", "countries", "programmes"):
            for mention in entry[kind]:
                found[(kind, " ".join(mention["text"].split()))].add(mention["page"])
        pages[entry["doc"]] = found
    return pages


def predicted(result: DocumentResult) -> list[tuple[str, str, int]]:
    rows = [
        *(("amounts", r.text, r.page) for r in result.amounts),
        *(("dates", r.text, r.page) for r in result.dates),
        *(("countries", r.text, r.page) for r in result.countries),
        *(("programmes", r.text, r.page) for r in result.programmes),
    ]
    return [(kind, " ".join(text.split()), page) for kind, text, page in rows]


@pytest.mark.parametrize("name", GOLD_WITH_PAGES)
def test_mention_pages_agree_with_gold(
    shared: Path, pdf_dir: Path, analyzer: Analyzer, name: str
) -> None:
    (source,), _ = ingest([pdf_dir / name])
    result = process_document(analyzer, source)
    gold = gold_pages(shared)[name]
    checked = Counter()
    for kind, text, page in predicted(result):
        if (kind, text) in gold:
            assert page in gold[(kind, text)], (kind, text, page)
            checked[kind] += 1
    assert sum(checked.values()) >= 10
