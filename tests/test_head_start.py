"""The head start: a reader process reads the first texts while the run builds the pipeline,
with a worker's guarantees (a failed reading is the failed row, a reader that dies or hangs
costs its one document, the time limit covers reading and analysing)."""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
from test_workers import HANG, outcomes, sleepy, wait_until, write_briefs

import pipeline.executors
from pipeline.config import PdfEngine
from pipeline.document import Analyzer
from pipeline.errors import DocumentError
from pipeline.executors import ProcessExecutor, default_task_engine, process_source
from pipeline.extract_text import extract_text
from pipeline.head_start import TextRead, analyse_read
from pipeline.patterns import TextRules
from pipeline.rules import Rules
from schemas import DocumentResult, DocumentText, SourceDocument, Status

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the head start needs fork"
)


def read_first_as(
    source: SourceDocument, rules: TextRules, marker: Path, then: str
) -> DocumentText:
    """A reading for the reader (it is forked: a partial of this reaches it): it marks that
    it has started, then does ``then`` with brief00 and reads the others as usual."""
    marker.touch()
    if source.source.endswith("brief00.txt"):
        if then == "fail":
            raise DocumentError("cannot read this test's document")
        if then == "bug":
            raise KeyError("page_map")
        if then == "die":
            os._exit(3)  # a segfault or an OOM kill, as far as the run can tell
        if then == "hang":
            signal.signal(signal.SIGALRM, signal.SIG_IGN)  # like C code that never yields
            time.sleep(60)
    return extract_text(source, rules)


def reader_doing(
    then: str, tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch, **options: float
) -> tuple[ProcessExecutor, list[SourceDocument]]:
    """Two workers over six briefs whose reader does ``then`` with brief00. The run builds
    its pipeline only once the reader has started, so the reader surely claims brief00."""
    marker = tmp_path / "reading"
    real = pipeline.executors.build_analyzer

    def build_once_reading(rules: Rules) -> Analyzer:
        wait_until(marker.exists, "the reader did not start", HANG)
        return real(rules)

    monkeypatch.setattr(pipeline.executors, "build_analyzer", build_once_reading)
    sources = sorted(write_briefs(tmp_path / "inbox", 6), key=lambda source: source.source)
    read = functools.partial(read_first_as, rules=rules.text, marker=marker, then=then)
    executor = ProcessExecutor(2, rules=rules, read=read, **options)  # type: ignore[arg-type]
    return executor, sources


def all_results(executor: ProcessExecutor, sources: list[SourceDocument]) -> list[DocumentResult]:
    try:
        return list(executor.results(sources))
    finally:
        executor.close()


def test_the_reader_reads_the_first_text_and_a_worker_analyses_it(
    tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    executor, sources = reader_doing("read", tmp_path, rules, monkeypatch, doc_timeout=30.0)
    results = all_results(executor, sources)
    assert executor.head_start is not None
    read = {Path(s.source).name for s in sources if s.doc_id in executor.head_start.read}
    assert "brief00.txt" in read
    alone = ProcessExecutor(1, 30.0, rules=rules)  # no head start: one worker
    expected = all_results(alone, sources)
    assert alone.head_start is None

    def by_name(found: list[DocumentResult]) -> dict[str, DocumentResult]:
        return {Path(r.document.source).name: r.model_copy(update={"seconds": 0.0}) for r in found}

    assert by_name(results) == by_name(expected)


@pytest.mark.parametrize(
    "then, error",
    [
        ("fail", "cannot read this test's document"),
        ("bug", "internal error: KeyError: 'page_map'"),
        ("die", "reader process died while reading the text (exit code 3)"),
        ("hang", "timed out after 5 s (--doc-timeout)"),
    ],
)
def test_a_reading_that_fails_or_a_reader_that_dies_or_hangs_costs_that_document(
    tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch, then: str, error: str
) -> None:
    executor, sources = reader_doing(then, tmp_path, rules, monkeypatch, doc_timeout=5.0, grace=0.5)
    found = outcomes(all_results(executor, sources))
    assert len(found) == 6
    assert found.pop("brief00.txt") == (Status.FAILED, error)
    assert set(found.values()) == {(Status.OK, "")}


def test_closing_the_run_kills_a_reader_still_reading(
    tmp_path: Path, rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    executor, sources = reader_doing("hang", tmp_path, rules, monkeypatch, doc_timeout=60.0)
    results = executor.results(sources)
    first = next(results)  # a worker's: the reader is still in brief00
    assert Path(first.document.source).name != "brief00.txt"
    executor.close()
    assert executor.head_start is not None
    assert executor.head_start.process.exitcode == -signal.SIGKILL


def text_read(analyzer: Analyzer, tmp_path: Path, seconds: float) -> TextRead:
    source = write_briefs(tmp_path / "inbox", 1)[0]
    return TextRead(text=extract_text(source, analyzer.rules.text), seconds=seconds)


def test_the_time_limit_counts_the_reading_and_the_analysis(
    tmp_path: Path, analyzer: Analyzer
) -> None:
    spent = analyse_read(analyzer, text_read(analyzer, tmp_path, seconds=5.0), doc_timeout=5.0)
    assert (spent.document.status, spent.document.error) == (
        Status.FAILED,
        "timed out after 5 s (--doc-timeout)",
    )
    assert spent.seconds == 5.0
    left = analyse_read(analyzer, text_read(analyzer, tmp_path, seconds=1.0), doc_timeout=30.0)
    assert (left.document.status, len(left.amounts)) == (Status.OK, 1)
    assert left.seconds > 1.0  # the reading, then the analysis


@pytest.mark.parametrize(
    "task, engine",
    [
        (process_source, PdfEngine.PDFIUM),
        (functools.partial(process_source, pdf_engine=PdfEngine.PDFPLUMBER), PdfEngine.PDFPLUMBER),
        (functools.partial(process_source, doc_timeout=1.0), None),
        (sleepy, None),  # a task of its own: its documents are left to it, as before
    ],
)
def test_only_the_default_task_gets_a_head_start(task: object, engine: PdfEngine | None) -> None:
    assert default_task_engine(task) == engine  # type: ignore[arg-type]
