"""Benchmark of the PDF text stage (a script, not a test).

For the real PDFs in ../shared/corpus/pdf and for PDFs typeset by tests/pdf_factory.py, it
prints pages per second of our text stage (``extract_text``: words, tables, furniture,
reading order, paragraphs) against pdfplumber's bare ``extract_words()`` on the same pages,
and, for the typeset documents, the share of the plain-text mentions that the PDF form gives.

    .venv/bin/python bench/bench_text.py            # all real PDFs, including the 65-page one
    .venv/bin/python bench/bench_text.py --quick    # without the 65-page UNDP report
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from pdf_factory import (  # noqa: E402
    Layout,
    plain_text,  # noqa: E402
    typeset,
)
from test_layout_pdfs import BLOCKS, FOOTER, HEADER, TITLE, mention_keys  # noqa: E402

from pipeline.document import build_analyzer, process_document  # noqa: E402
from pipeline.extract_text import extract_text  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402
from pipeline.patterns import TextRules, load_text_rules  # noqa: E402
from pipeline.rules import load_rules  # noqa: E402

LONG = "undp_icpe_liberia.pdf"


def bare_seconds(path: Path) -> tuple[int, float]:
    """Pages and seconds for pdfplumber's own ``extract_words()`` on every page."""
    started = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        n_pages = len(pdf.pages)
        for page in pdf.pages:
            page.extract_words()
            page.close()
    return n_pages, time.perf_counter() - started


def ours_seconds(path: Path, rules: TextRules) -> float:
    (source,), _ = ingest([path])
    started = time.perf_counter()
    extract_text(source, rules)
    return time.perf_counter() - started


def timing_rows(paths: list[Path], runs: int) -> list[str]:
    rows = [
        "| document | pages | bare extract_words (pages/s) | our text stage (pages/s) | overhead |",
        "|---|---:|---:|---:|---:|",
    ]
    text_rules = load_text_rules()
    total_bare = total_ours = 0.0
    total_pages = 0
    for path in paths:
        n_pages = 0
        bare = ours = float("inf")
        for _ in range(runs):  # alternate, so both see the same machine load
            n_pages, seconds = bare_seconds(path)
            bare = min(bare, seconds)
            ours = min(ours, ours_seconds(path, text_rules))
        total_bare += bare
        total_ours += ours
        total_pages += n_pages
        rows.append(
            f"| {path.name} | {n_pages} | {n_pages / bare:.1f} | {n_pages / ours:.1f} "
            f"| {100 * (ours / bare - 1):+.0f}% |"
        )
    rows.append(
        f"| **all** | {total_pages} | {total_pages / total_bare:.1f} "
        f"| {total_pages / total_ours:.1f} | {100 * (total_ours / total_bare - 1):+.0f}% |"
    )
    return rows


def typeset_all(folder: Path) -> list[tuple[Layout, Path, Path]]:
    made = []
    text = folder / "plain.txt"
    text.write_text(plain_text(TITLE, BLOCKS), encoding="utf-8")
    for layout in Layout:
        pdf = typeset(
            folder / f"{layout}.pdf",
            TITLE,
            BLOCKS,
            layout,
            HEADER,
            FOOTER,
            True,
            column_height=190 if layout is Layout.ONE_COLUMN else 150,
        )
        made.append((layout, pdf, text))
    return made


def share_rows(made: list[tuple[Layout, Path, Path]]) -> list[str]:
    analyzer = build_analyzer(load_rules())
    rows = [
        "| layout | amounts | dates | countries | programmes | all |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for layout, pdf, text in made:
        (pdf_source,), _ = ingest([pdf])
        (text_source,), _ = ingest([text])
        from_pdf = mention_keys(process_document(analyzer, pdf_source))
        from_text = mention_keys(process_document(analyzer, text_source))
        cells = []
        found = wanted = 0
        for kind in ("amounts", "dates", "countries", "programmes"):
            common = sum((from_pdf[kind] & from_text[kind]).values())
            total = sum(from_text[kind].values())
            found += common
            wanted += total
            cells.append(f"{common}/{total}")
        rows.append(f"| {layout} | {' | '.join(cells)} | {100 * found / wanted:.0f}% |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"skip {LONG}")
    parser.add_argument("--runs", type=int, default=1, help="best of N runs per document")
    args = parser.parse_args()
    corpus = REPO.parent / "shared" / "corpus" / "pdf"
    real = sorted(p for p in corpus.glob("*.pdf") if not (args.quick and p.name == LONG))
    with tempfile.TemporaryDirectory() as tmp:
        made = typeset_all(Path(tmp))
        print("## Speed\n")
        print("\n".join(timing_rows(real + [pdf for _, pdf, _ in made], args.runs)))
        print("\n## Mentions found in PDF form (of the plain-text form's)\n")
        print("\n".join(share_rows(made)))


if __name__ == "__main__":
    main()
