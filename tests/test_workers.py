"""Parallel workers: the same bytes as one worker; a slow, stuck or crashing document costs
that document only, never the run."""

from __future__ import annotations

import contextlib
import csv
import gc
import multiprocessing
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from raw_pdf import reference_loop_pdf

import pipeline.executors
from pipeline.config import PdfEngine, Settings
from pipeline.document import Analyzer, failed_result, process_document
from pipeline.executors import InlineExecutor, ProcessExecutor, process_source
from pipeline.export import OUTPUT_FILES
from pipeline.ingest import ingest
from pipeline.limits import EXIT_ORPHANED
from pipeline.lock import RunLock
from pipeline.run import run
from pipeline.state import LOCK_FILE, state_dir
from schemas import DocumentResult, SourceDocument, Status

BRIEF = (
    "Project brief {n}\n\nThe Safe Work Initiative in Peru received CHF {n}.5 million from "
    "Switzerland in June 2019. Its second phase (2021-2024) adds training for inspectors in "
    "Lima and Cusco.\n"
)


def write_briefs(folder: Path, count: int) -> list[SourceDocument]:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"brief{n:02d}.txt").write_text(BRIEF.format(n=n), encoding="utf-8")
    sources, _ = ingest([folder])
    return sources


def snapshot(out: Path) -> dict[str, bytes]:
    files = {name: (out / name).read_bytes() for name in OUTPUT_FILES}
    files.update({f"text/{p.name}": p.read_bytes() for p in sorted((out / "text").glob("*"))})
    return files


# Tasks for the workers: module-level, so a spawned worker process can import them by name.
# Each picks its victim by file name: brief03 misbehaves, the others are processed as usual.
# The others take milliseconds; time limits of 5 s leave them a margin that a loaded machine
# cannot eat (a limit of 0.3 s timed them out while the stage modules were first imported).


def _slow_on_brief03(
    analyzer: Analyzer, source: SourceDocument, pdf_engine: PdfEngine = PdfEngine.PDFIUM
) -> DocumentResult:
    if source.source.endswith("brief03.txt"):
        time.sleep(60)
    return process_document(analyzer, source, pdf_engine)


def sleepy(analyzer: Analyzer, source: SourceDocument, doc_timeout: float) -> DocumentResult:
    pipeline.executors.process_document = _slow_on_brief03  # in this worker process only
    return process_source(analyzer, source, doc_timeout)


def stuck(analyzer: Analyzer, source: SourceDocument, doc_timeout: float) -> DocumentResult:
    if source.source.endswith("brief03.txt"):
        signal.signal(signal.SIGALRM, signal.SIG_IGN)  # like C code that never yields
        time.sleep(60)
    return process_source(analyzer, source, doc_timeout)


def crashing(analyzer: Analyzer, source: SourceDocument, doc_timeout: float) -> DocumentResult:
    if source.source.endswith("brief03.txt"):
        os._exit(3)  # a segfault or an OOM kill, as far as the parent can tell
    return process_source(analyzer, source, doc_timeout)


def test_two_workers_write_the_same_bytes_as_one(tmp_path: Path) -> None:
    write_briefs(tmp_path / "inbox", 8)
    one, two = tmp_path / "one", tmp_path / "two"
    run([tmp_path / "inbox"], one, settings=Settings(workers=1))
    summary = run([tmp_path / "inbox"], two, settings=Settings(workers=2))
    assert (len(summary.processed), summary.exit_code) == (8, 0)
    assert snapshot(one) == snapshot(two)


def outcomes(results: list[DocumentResult]) -> dict[str, tuple[Status, str]]:
    return {Path(r.document.source).name: (r.document.status, r.document.error) for r in results}


@pytest.mark.parametrize(
    "task, grace, error",
    [
        (crashing, 1.0, "worker process died (exit code 3)"),
        (stuck, 0.5, "timed out after 5 s (--doc-timeout)"),
    ],
)
def test_worker_that_dies_or_hangs_costs_one_document(
    tmp_path: Path, task: object, grace: float, error: str
) -> None:
    sources = write_briefs(tmp_path / "inbox", 6)
    executor = ProcessExecutor(2, doc_timeout=5.0, task=task, grace=grace)  # type: ignore[arg-type]
    try:
        results = list(executor.results(sources))
    finally:
        executor.close()
    found = outcomes(results)
    assert len(results) == 6
    assert found.pop("brief03.txt") == (Status.FAILED, error)
    assert set(found.values()) == {(Status.OK, "")}


def built_where(analyzer: Analyzer, source: SourceDocument, doc_timeout: float) -> DocumentResult:
    """Reports, as the document's error, the process its analyzer was built in."""
    return failed_result(source, f"built in {analyzer.nlp}, ran in {os.getpid()}", 0.0)


def build_in_this_process(rules: object) -> Analyzer:
    return Analyzer(rules=rules, nlp=os.getpid())  # type: ignore[arg-type]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_forked_workers_inherit_the_pipeline_built_once_by_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline.executors, "build_analyzer", build_in_this_process)
    sources = write_briefs(tmp_path / "inbox", 4)
    executor = ProcessExecutor(2, doc_timeout=5.0, task=built_where)
    try:
        errors = [r.document.error for r in executor.results(sources)]
    finally:
        executor.close()
    built = {error.split(",")[0] for error in errors}
    ran = {error.split(", ran in ")[1] for error in errors}
    assert built == {f"built in {os.getpid()}"}
    assert len(ran) == 2 and str(os.getpid()) not in ran


def test_slow_document_in_a_worker_times_out_and_the_worker_goes_on(tmp_path: Path) -> None:
    sources = write_briefs(tmp_path / "inbox", 4)
    executor = ProcessExecutor(1, doc_timeout=5.0, task=sleepy, grace=30.0)
    try:
        results = list(executor.results(sources))
    finally:
        executor.close()
    found = outcomes(results)
    assert found.pop("brief03.txt") == (Status.FAILED, "timed out after 5 s (--doc-timeout)")
    assert set(found.values()) == {(Status.OK, "")}


def test_time_limit_in_this_process(
    tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = write_briefs(tmp_path / "inbox", 2)
    real = process_document

    def slow_second(
        analyzer: Analyzer, source: SourceDocument, pdf_engine: PdfEngine = PdfEngine.PDFIUM
    ) -> DocumentResult:
        if source.source.endswith("brief01.txt"):
            time.sleep(60)
        return real(analyzer, source, pdf_engine)

    monkeypatch.setattr("pipeline.executors.process_document", slow_second)
    results = list(InlineExecutor(5.0, analyzer).results(sources))
    assert outcomes(results) == {
        "brief00.txt": (Status.OK, ""),
        "brief01.txt": (Status.FAILED, "timed out after 5 s (--doc-timeout)"),
    }


def test_unexpected_exception_becomes_a_failed_row(
    tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = write_briefs(tmp_path / "inbox", 3)
    real = process_document

    def buggy(
        analyzer: Analyzer, source: SourceDocument, pdf_engine: PdfEngine = PdfEngine.PDFIUM
    ) -> DocumentResult:
        if source.source.endswith("brief01.txt"):
            raise KeyError("page_map")
        return real(analyzer, source, pdf_engine)

    monkeypatch.setattr("pipeline.executors.process_document", buggy)
    found = outcomes(list(InlineExecutor(30, analyzer).results(sources)))
    assert found == {
        "brief00.txt": (Status.OK, ""),
        "brief01.txt": (Status.FAILED, "internal error: KeyError: 'page_map'"),
        "brief02.txt": (Status.OK, ""),
    }


# A run that hangs fails the test instead of the suite: the bound is generous (three pipeline
# builds and a hard timeout of 1 s + 10 s grace on a loaded machine), but it is a bound.
HANG = 180


def three_runs(
    program: list[str], inbox: Path, out: Path, *options: str, doc_timeout: int = 1
) -> dict[str, list[tuple[str, str]]]:
    """``program run inbox`` (a Python command line for the CLI) with one worker, two, and
    the default (one per CPU), all at once; each run's (status, error) rows, after checking
    that it exited 1 and left its output folder unlocked."""
    flags = {"one": ["--workers", "1"], "two": ["--workers", "2"], "default": []}
    runs = {
        name: subprocess.Popen(
            [
                *program,
                "run",
                str(inbox),
                "--out",
                str(out / name),
                "--doc-timeout",
                str(doc_timeout),
            ]
            + [*options, *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, extra in flags.items()
    }
    try:
        ended = {name: job.communicate(timeout=HANG) for name, job in runs.items()}
    finally:
        for job in runs.values():
            job.kill()
    rows = {}
    for name, job in runs.items():
        assert job.returncode == 1, ended[name]
        with (out / name / "documents.csv").open(encoding="utf-8", newline="") as handle:
            rows[name] = [(row["status"], row["error"]) for row in csv.DictReader(handle)]
        with RunLock(state_dir(out / name) / LOCK_FILE):  # the next night's run can start
            pass
    return rows


def test_pdf_whose_content_stream_is_a_reference_loop_fails_whatever_the_worker_count(
    tmp_path: Path,
) -> None:
    """pdfminer resolved ``6 0 R -> 7 0 R -> 6 0 R`` forever; the timer interrupted it once,
    then pdfplumber's close() re-entered the loop with no timer left and the run (and its
    lock) hung with ``--workers 1``. Both PDF engines now see the loop. The time limit is
    generous: the loop must be reported as such, not cut short by the timer on a loaded
    machine (a 1 s limit fired first at load average 9)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "loop.pdf").write_bytes(reference_loop_pdf())
    failed = [("failed", "PDF is corrupt: page 1: a chain of object references loops")]
    for engine in ("pdfium", "pdfplumber"):
        program = [sys.executable, "-m", "pipeline"]
        rows = three_runs(program, inbox, tmp_path / engine, "--pdf-engine", engine, doc_timeout=30)
        assert rows == {"one": failed, "two": failed, "default": failed}


# A document whose work blocks again in its cleanup once the timer has interrupted it, as
# pdfplumber's close() did on a reference loop; the same in every worker (they are forked).
STUCK_AFTER_THE_TIMER = """
import sys, time
import pipeline.executors

def block_again_in_cleanup(*args):
    try:
        time.sleep(3600)  # interrupted by the document's timer ...
    finally:
        time.sleep(3600)  # ... and blocked again, with no timer left

pipeline.executors.process_document = block_again_in_cleanup
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_document_stuck_again_after_its_timer_is_killed_whatever_the_worker_count(
    tmp_path: Path,
) -> None:
    """A timer signal cannot bound a document (C code, or cleanup that loops again): every
    local run, one worker included, runs documents in a worker process it can kill."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text("Norway gave NOK 3 million in May 2021.\n", encoding="utf-8")
    rows = three_runs([sys.executable, "-c", STUCK_AFTER_THE_TIMER], inbox, tmp_path)
    timed_out = [("failed", "timed out after 1 s (--doc-timeout)")]
    assert rows == {"one": timed_out, "two": timed_out, "default": timed_out}


# A run whose workers announce each document on stdout and stall on stall.txt, so that the
# test can signal the run while a worker is busy. Workers are forked: the patch reaches them.
# A worker is given either the source or, after the head start, the text the reader read.
STALLING_RUN = """
import os, sys, time
import pipeline.executors, pipeline.head_start
real, real_analyse = pipeline.executors.process_document, pipeline.head_start.analyse

def announce_then_stall(source):
    os.write(1, f"working {os.getpid()}\\n".encode())  # one write: both workers share stdout
    if source.source.endswith("stall.txt"):
        time.sleep(3600)

def process_then_stall(analyzer, source, *rest):
    announce_then_stall(source)
    return real(analyzer, source, *rest)

def analyse_then_stall(analyzer, text):
    announce_then_stall(text.doc)
    return real_analyse(analyzer, text)

pipeline.executors.process_document = process_then_stall
pipeline.head_start.analyse = analyse_then_stall
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""


def started_at(pid: int) -> str | None:
    """The start time of a live (not zombie) process, to tell it from a reused pid."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] in ("Z", "X") else fields[19]


def wait_until(condition: Callable[[], bool], what: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(what)
        time.sleep(0.1)


@dataclass
class StallingRun:
    job: subprocess.Popen[str]
    lines: queue.Queue[str | None]
    workers: dict[int, str]  # pid -> start time
    seen: list[str] = field(default_factory=list)

    def next_line(self) -> str:
        try:
            line = self.lines.get(timeout=HANG)
        except queue.Empty:
            line = None
        if line is None:
            pytest.fail(f"no more output (exit code {self.job.poll()}); so far: {self.seen}")
        self.seen.append(line)
        return line


def pass_lines(job: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    assert job.stdout is not None
    for line in job.stdout:
        lines.put(line)
    lines.put(None)  # end of output


def start_stalling_run(tmp_path: Path) -> StallingRun:
    """A two-worker run of stall.txt and done.txt, returned once done.txt is stored and the
    other worker is stuck in stall.txt."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "stall.txt").write_text("Chile gave CLP 9 million.\n", encoding="utf-8")
    (inbox / "done.txt").write_text("Norway gave NOK 3 million in May 2021.\n", encoding="utf-8")
    command = [
        sys.executable,
        "-c",
        STALLING_RUN,
        "run",
        str(inbox),
        "--out",
        str(tmp_path / "out"),
    ]
    job = subprocess.Popen(
        [*command, "--workers", "2", "--log-format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=pass_lines, args=(job, lines), daemon=True).start()
    run = StallingRun(job, lines, {})
    stored = False
    while len(run.workers) < 2 or not stored:
        line = run.next_line()
        if line.startswith("working "):
            pid = int(line.split()[1])
            run.workers[pid] = started_at(pid) or ""
        stored = stored or ('"event": "document"' in line and "done.txt" in line)
    return run


def live_workers(run: StallingRun) -> list[int]:
    return [pid for pid, since in run.workers.items() if started_at(pid) == since]


def kill_live_workers(run: StallingRun) -> None:
    """Clean up after a failed test (only the workers themselves, never a reused pid)."""
    for pid in live_workers(run):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_workers_of_a_run_killed_with_sigkill_exit(tmp_path: Path) -> None:
    run = start_stalling_run(tmp_path)
    try:
        os.kill(run.job.pid, signal.SIGKILL)
        assert run.job.wait(timeout=HANG) == -signal.SIGKILL
        wait_until(lambda: not live_workers(run), "a worker outlived its killed run")
        with RunLock(state_dir(tmp_path / "out") / LOCK_FILE):
            pass
    finally:
        kill_live_workers(run)


def test_sigterm_ends_the_run_cleanly_and_keeps_finished_documents(tmp_path: Path) -> None:
    run = start_stalling_run(tmp_path)
    try:
        run.job.send_signal(signal.SIGTERM)
        assert run.job.wait(timeout=HANG) == 143
        assert live_workers(run) == []  # stopped by the run itself before it exited
    finally:
        kill_live_workers(run)
    while "terminated" not in (line := run.next_line()):
        pass
    assert line == "ilo-extract: terminated (SIGTERM); finished documents are kept\n"
    again = subprocess.run(  # the lock is free; done.txt was kept, stall.txt not stored failed
        [sys.executable, "-m", "pipeline", "run", str(tmp_path / "inbox")]
        + ["--out", str(tmp_path / "out"), "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("2 documents ok, 0 failed, 0 skipped")
    assert "; 1 processed, 1 unchanged, 0 removed;" in again.stdout


def test_worker_whose_run_is_gone_exits_without_the_kernels_help() -> None:
    """The portable fallback of PR_SET_PDEATHSIG: a process told that its run is a pid that
    is not its parent (as after re-parenting) exits, while its main thread sleeps."""
    script = (
        "import time\n"
        "from pipeline.limits import exit_with_parent\n"
        "exit_with_parent(-1)\n"
        "time.sleep(3600)\n"
    )
    ended = subprocess.run([sys.executable, "-c", script], timeout=HANG)
    assert ended.returncode == EXIT_ORPHANED


WHAT_THE_BUILD_LOADS = """
import sys
import wordfreq
from pipeline.document import build_analyzer
from pipeline.rules import load_rules
build_analyzer(load_rules())
print(wordfreq.get_frequency_dict.cache_info().currsize, "pypdfium2.raw" in sys.modules)
"""


def test_the_build_loads_wordfreq_and_pypdfium2_for_the_workers_it_forks() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WHAT_THE_BUILD_LOADS],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert done.stdout == "1 True\n"  # the English list is read, the pdfium binding imported


WHAT_THE_BUILD_IMPORTS = """
import sys
from pipeline.document import build_analyzer
from pipeline.rules import load_rules
build_analyzer(load_rules())
print("spacy.cli" in sys.modules, "typer" in sys.modules, "weasel" in sys.modules)
import spacy
import spacy.cli
print(callable(spacy.cli.setup_cli), spacy.info.__module__)
"""


def test_the_build_imports_spacy_without_its_command_line() -> None:
    """spaCy's command line (typer, weasel, httpx, ...) cost 0.2-0.4 s of every build and is
    never used; a later import of it still gets the real one."""
    done = subprocess.run(
        [sys.executable, "-c", WHAT_THE_BUILD_IMPORTS],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    assert done.stdout == "False False False\nTrue pipeline.spacy_import\n"


def frozen_where(analyzer: Analyzer, source: SourceDocument, doc_timeout: float) -> DocumentResult:
    """Reports, as the document's error, how many objects the worker's collector skips."""
    return failed_result(source, f"frozen {gc.get_freeze_count()}", 0.0)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_forked_workers_never_collect_what_they_inherit_and_the_run_unfreezes(
    tmp_path: Path,
) -> None:
    sources = write_briefs(tmp_path / "inbox", 2)
    assert (gc.isenabled(), gc.get_freeze_count()) == (True, 0)
    executor = ProcessExecutor(2, doc_timeout=5.0, task=frozen_where)
    try:
        results = list(executor.results(sources))
    finally:
        executor.close()
    frozen = [int(r.document.error.removeprefix("frozen ")) for r in results]
    assert len(frozen) == 2 and min(frozen) > 100_000  # the rules, the spaCy pipeline, ...
    assert (gc.isenabled(), gc.get_freeze_count()) == (True, 0)  # this process collects all
