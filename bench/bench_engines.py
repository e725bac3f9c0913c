"""PDF reading speed: bare engines against ``ilo-extract run`` end to end, in one run.

Over the real PDFs in ``../shared/corpus/pdf/`` plus PDFs typeset by ``tests/pdf_factory.py``
(the three layouts of ``tests/test_layout_pdfs.py`` and one long report of ``--long-pages``
pages), it prints ms/page, pages/s and peak RSS of:

- the bare single-process pdfplumber loop (``extract_words()`` on every page, pages closed);
- bare pypdfium2 text extraction (a text page and its text, every page);
- ``ilo-extract run`` end to end, with the default workers and with ``--workers 1``, for each
  engine (a fresh output folder each time);

and the ratio of each to the bare pdfplumber loop. The long report is also measured alone
(``--workers 1``, each engine), to show that memory stays flat with the page count. Each
command runs in a fresh wrapper process; peak RSS is its largest single process (the CLI or
one worker). The machine's load average is printed with the table, since colleagues share it.

    .venv/bin/python bench/bench_engines.py
    .venv/bin/python bench/bench_engines.py --long-pages 100
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "pdf"
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from measure import Measured, measure  # noqa: E402

BARE_PDFPLUMBER = """
import sys, pdfplumber
pages = 0
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
            page.close()
            pages += 1
print(pages)
"""
BARE_PDFIUM = """
import sys, pypdfium2
pages = 0
for path in sys.argv[1:]:
    pdf = pypdfium2.PdfDocument(path)
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
        pages += 1
    pdf.close()
print(pages)
"""


def typeset_pdfs(folder: Path, long_pages: int) -> list[Path]:
    from pdf_factory import Layout, typeset
    from test_layout_pdfs import BLOCKS, TITLE, make_pdf

    paths = [make_pdf(folder, layout) for layout in Layout]
    long = typeset(
        folder / "long-report.pdf",
        TITLE,
        BLOCKS * (3 * long_pages + 10),  # about 2.5 copies of the blocks fill a page
        Layout.TWO_COLUMNS,
        page_numbers=True,
    )
    return [*paths, trim(long, long_pages)]


def trim(path: Path, pages: int) -> Path:
    """The first ``pages`` pages of ``path`` (pypdfium2 can cut a document)."""
    import pypdfium2

    source = pypdfium2.PdfDocument(str(path))
    if len(source) < pages:
        raise SystemExit(f"{path.name} has only {len(source)} pages")
    target = pypdfium2.PdfDocument.new()
    target.import_pages(source, list(range(pages)))
    out = path.with_name(f"long-report-{pages}p.pdf")
    target.save(str(out))
    source.close()
    target.close()
    path.unlink()
    return out


def count_pages(paths: list[Path]) -> int:
    import pypdfium2

    total = 0
    for path in paths:
        pdf = pypdfium2.PdfDocument(str(path))
        total += len(pdf)
        pdf.close()
    return total


def run_command(inputs: Path, out: Path, *flags: str) -> list[str]:
    shutil.rmtree(out, ignore_errors=True)
    return [sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(out), "-q", *flags]


def row(label: str, pages: int, measured: Measured, reference: float | None) -> str:
    ms = 1000 * measured.seconds / pages
    ratio = f"{reference / measured.seconds:.1f}x" if reference else "1.0x"
    return (
        f"| {label} | {pages} | {ms:.0f} | {pages / measured.seconds:.1f} "
        f"| {measured.peak_mib:.0f} | {ratio} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long-pages", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = folder / "in"
        inputs.mkdir()
        real = sorted(CORPUS.glob("*.pdf"))
        for path in real:
            shutil.copy(path, inputs / path.name)
        typeset = typeset_pdfs(inputs, args.long_pages)
        long = typeset[-1]
        short = [p for p in sorted(inputs.glob("*.pdf")) if p != long]
        pages = count_pages(short)
        names = [str(p) for p in short]
        load = os.getloadavg()
        print(
            f"{len(real)} real PDFs from {CORPUS} and {len(typeset) - 1} typeset: {pages} pages; "
            f"{os.cpu_count()} CPUs; load average before {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
        )
        print()
        print("| what | pages | ms/page | pages/s | peak RSS (MiB) | vs bare pdfplumber |")
        print("|---|---:|---:|---:|---:|---:|")
        bare = measure([sys.executable, "-c", BARE_PDFPLUMBER, *names])
        print(row("bare pdfplumber `extract_words()` loop, 1 process", pages, bare, None))
        fast = measure([sys.executable, "-c", BARE_PDFIUM, *names])
        print(row("bare pypdfium2 text extraction, 1 process", pages, fast, bare.seconds))
        short_in = folder / "short"
        short_in.mkdir()
        for path in short:
            shutil.copy(path, short_in / path.name)
        out = folder / "out"
        for engine in ("pdfium", "pdfplumber"):
            for workers in ("default", "1"):
                flags = ["--pdf-engine", engine]
                if workers == "1":
                    flags += ["--workers", "1"]
                measured = measure(run_command(short_in, out, *flags))
                label = f"`ilo-extract run`, {engine}, workers {workers}"
                print(row(label, pages, measured, bare.seconds))
        long_in = folder / "long"
        long_in.mkdir()
        shutil.copy(long, long_in / long.name)
        for engine in ("pdfium", "pdfplumber"):
            flags = ["--pdf-engine", engine, "--workers", "1"]
            measured = measure(run_command(long_in, out, *flags))
            label = f"`ilo-extract run`, {engine}, workers 1, {long.name} alone"
            print(row(label, args.long_pages, measured, None).rsplit("|", 2)[0] + "| - |")
        load = os.getloadavg()
        print()
        print(f"load average after {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
