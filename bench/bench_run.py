"""Throughput, no-change re-run time and peak memory of `ilo-extract run`, on a generated
corpus (bench/corpus.py), printed as a Markdown table.

    .venv/bin/python bench/bench_run.py                     # 200 + 1,000 documents
    .venv/bin/python bench/bench_run.py --documents 50 --rerun-documents 200 --long-pages 60

Every figure comes from one invocation on the same files: the bare single-process
pdfplumber ``extract_words()`` loop over the corpus's PDFs, then the CLI end to end with
``--workers 1`` and ``--workers 2`` (a fresh output folder each), then a re-run over the
unchanged input. Peak RSS is the largest single process (the CLI or one of its workers),
from ``getrusage(RUSAGE_CHILDREN)`` in a wrapper process.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402
from measure import measure  # noqa: E402


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", *args]


def bare_pdfplumber(pdfs: list[Path]) -> tuple[float, int]:
    """The floor: pdfplumber's extract_words() over every page, one process, nothing else."""
    import pdfplumber

    pages = 0
    started = time.perf_counter()
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words()
                page.close()
                pages += 1
    return time.perf_counter() - started, pages


def total_pages(out: Path) -> int:
    with (out / "documents.csv").open(encoding="utf-8") as stream:
        return sum(int(row["n_pages"] or 0) for row in csv.DictReader(stream))


def same_outputs(first: Path, second: Path) -> bool:
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    names = [n for n in names if n.parts[0] != ".ilo-extract"]
    return all((first / n).read_bytes() == (second / n).read_bytes() for n in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--rerun-documents", type=int, default=1000)
    parser.add_argument("--long-pages", type=int, default=300)
    parser.add_argument("--workdir", type=Path, help="keep the corpora and outputs here")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="ilo-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    load_before = os.getloadavg()[0]
    corpus = work / "corpus"
    stats = write_corpus(corpus, args.documents)
    pdfs = sorted(corpus.glob("*.pdf"))
    bare_seconds, bare_pages = bare_pdfplumber(pdfs)

    one = measure(cli(str(corpus), "--out", str(work / "out1"), "--workers", "1", "-q"))
    two = measure(cli(str(corpus), "--out", str(work / "out2"), "--workers", "2", "-q"))
    if not same_outputs(work / "out1", work / "out2"):
        raise SystemExit("--workers 2 wrote different outputs than --workers 1")
    rerun = measure(cli(str(corpus), "--out", str(work / "out2"), "--workers", "2", "-q"))
    pages = total_pages(work / "out1")

    big = work / "corpus-big"
    write_corpus(big, args.rerun_documents, seed=11, pdf_share=0.1, pdf_pages=(2, 4))
    measure(cli(str(big), "--out", str(work / "out-big"), "--workers", "2", "-q"))
    big_rerun = measure(cli(str(big), "--out", str(work / "out-big"), "-q"))

    long_pdf = work / "long"
    write_corpus(long_pdf, 1, seed=3, pdf_share=1.0, pdf_pages=(args.long_pages,) * 2)
    short_pdf = work / "short"
    write_corpus(short_pdf, 1, seed=3, pdf_share=1.0, pdf_pages=(args.long_pages // 10,) * 2)
    long_run = measure(cli(str(long_pdf), "--out", str(work / "out-long"), "--workers", "1"))
    short_run = measure(cli(str(short_pdf), "--out", str(work / "out-short"), "--workers", "1"))
    long_pages = total_pages(work / "out-long")
    short_pages = total_pages(work / "out-short")

    n = stats.documents
    rows = [
        ("bare pdfplumber extract_words(), 1 process", f"{len(pdfs)} PDFs",
         bare_seconds, "", f"{bare_pages / bare_seconds:.1f}", ""),
        ("ilo-extract run --workers 1", f"{n} docs", one.seconds,
         f"{n / one.seconds:.1f}", f"{pages / one.seconds:.1f}", f"{one.peak_mib:.0f}"),
        ("ilo-extract run --workers 2", f"{n} docs", two.seconds,
         f"{n / two.seconds:.1f}", f"{pages / two.seconds:.1f}", f"{two.peak_mib:.0f}"),
        ("no-change re-run", f"{n} docs", rerun.seconds, "", "", f"{rerun.peak_mib:.0f}"),
        ("no-change re-run", f"{args.rerun_documents} docs", big_rerun.seconds, "", "",
         f"{big_rerun.peak_mib:.0f}"),
        ("one long PDF, --workers 1", f"{long_pages} pages", long_run.seconds, "",
         f"{long_pages / long_run.seconds:.1f}", f"{long_run.peak_mib:.0f}"),
        ("one short PDF, --workers 1", f"{short_pages} pages", short_run.seconds, "",
         f"{short_pages / short_run.seconds:.1f}", f"{short_run.peak_mib:.0f}"),
    ]  # fmt: skip
    cpus = os.cpu_count()
    load_after = os.getloadavg()[0]
    print(f"{cpus} CPUs; load average {load_before:.1f} at the start, {load_after:.1f} at the end")
    print(f"corpus: {n} documents ({stats.pdfs} PDFs, {pages} pages in all) in {corpus}\n")
    print("| run | input | wall s | docs/s | pages/s | peak RSS MiB |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for label, size, seconds, docs, per_page, peak in rows:
        print(f"| {label} | {size} | {seconds:.2f} | {docs} | {per_page} | {peak} |")
    ratio = bare_seconds / two.seconds
    print(
        f"\nend to end with --workers 2 vs the bare pdfplumber loop (over the PDFs only): "
        f"{ratio:.2f}x (above 1: the whole pipeline, on all {n} documents, is faster)"
    )
    print(
        f"no-change re-run, in-run time as the summary line reports it: {big_rerun.output.strip()}"
    )


if __name__ == "__main__":
    main()
