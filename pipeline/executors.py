"""Where the per-document work runs: in this process, in local worker processes, or on a
Dask distributed cluster. Every executor turns `SourceDocument`s into `DocumentResult`s,
in completion order, and never raises for a bad document (it becomes a failed result).

Each worker has one `Analyzer` (the rules and the spaCy pipeline built from them,
`build_analyzer()`) and reuses it for every document it is given: local workers started
with ``fork`` inherit the one the run built before starting them, others build their own.
While the run builds that pipeline (on one core), a reader process forked before it reads
the texts of the first documents, which the workers then only analyse (`pipeline.head_start`,
default task only). The state store and the CSVs stay with the caller.

Time limits: inside a worker process a document that runs longer than ``doc_timeout`` is
interrupted by a timer signal and becomes a failed result; a local worker that does not
answer ``HARD_GRACE`` later is killed and replaced. The kill is the real bound: a timer
signal cannot stop C code, and the cleanup that runs after it (``pdfplumber``'s ``close()``
re-reads the pages) can re-enter the very loop the timer broke, with no timer left. So local
runs always use worker processes, one included; the in-process executor is only for a
caller that hands its own pipeline (library use, tests) and has the timer alone. On Dask the
client gives up on a document ``doc_timeout`` seconds after handing it over (it is
cancelled; a worker thread already running it cannot be stopped).
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from pipeline.config import ExecutorKind, PdfEngine, Settings
from pipeline.document import Analyzer, build_analyzer, failed_result, process_document
from pipeline.errors import PipelineError, UsageError
from pipeline.head_start import HeadStart, Reading, TextRead, analyse_read, read_text
from pipeline.limits import (
    DocumentTimeout,
    exit_with_parent,
    start_child,
    time_limit,
    timeout_message,
)
from pipeline.rules import Rules, load_rules
from schemas import DocumentResult, SourceDocument

HARD_GRACE = 10.0  # seconds past doc_timeout before a silent worker process is killed
READY = "ready"


class BuildFailed(PipelineError):
    """A worker could not build the rule pipeline: nothing can be processed (exit code 2)."""


# The per-document work: a module-level function (workers import it by name).
Task = Callable[[Analyzer, SourceDocument, float], DocumentResult]


class Executor(Protocol):
    def results(self, sources: Sequence[SourceDocument]) -> Iterator[DocumentResult]:
        """One result per source, in completion order."""
        ...

    def close(self) -> None: ...


def process_source(
    analyzer: Analyzer,
    source: SourceDocument,
    doc_timeout: float,
    pdf_engine: PdfEngine = PdfEngine.PDFIUM,
) -> DocumentResult:
    """`process_document` within the time limit; an unexpected exception (a bug in a stage)
    also becomes a failed result, so one document cannot stop a nightly run."""
    started = time.perf_counter()
    try:
        with time_limit(doc_timeout):
            return process_document(analyzer, source, pdf_engine)
    except DocumentTimeout:
        return failed_result(source, timeout_message(doc_timeout), time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001 - reported as the document's error
        message = f"internal error: {type(error).__name__}: {error}"
        return failed_result(source, message, time.perf_counter() - started)


# --- in this process ------------------------------------------------------------------


class InlineExecutor:
    """One document after another in this process, for a caller with its own pipeline. The
    time limit is the timer signal only: a document that loops in C code, or again in the
    cleanup after the timer, is not stopped (the command line never runs documents here)."""

    def __init__(
        self,
        doc_timeout: float,
        analyzer: Analyzer | None = None,
        *,
        rules: Rules | None = None,
        task: Task = process_source,
    ):
        self.doc_timeout = doc_timeout
        self.task = task
        self._rules = rules
        self._analyzer = analyzer

    def results(self, sources: Sequence[SourceDocument]) -> Iterator[DocumentResult]:
        if not sources:
            return
        if self._analyzer is None:
            self._analyzer = build_analyzer(self._rules or load_rules())
        for source in sources:
            yield self.task(self._analyzer, source, self.doc_timeout)

    def close(self) -> None:
        self._analyzer = None


# --- local worker processes ---------------------------------------------------------------


def worker_main(
    connection: Connection,
    doc_timeout: float,
    task: Task,
    rules: Rules | None,
    parent: int,
    analyzer: Analyzer | None = None,
) -> None:
    """A worker process: take the ``analyzer`` it inherited, or build one (from the
    parent's rules, or its own when none are given), then answer one document per message
    with the result's JSON until the parent sends None or goes away (or its run ``parent``
    is gone, see `exit_with_parent`)."""
    exit_with_parent(parent)
    # The parent decides when to stop (Ctrl-C and SIGTERM reach the whole process group):
    # it kills its workers as it unwinds, so a document cut short is never stored as failed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if analyzer is None:
        try:
            analyzer = _build(rules)
        except BuildFailed as error:  # the parent reports it and stops the run
            connection.send(error)
            return
    connection.send(READY)
    while True:
        try:
            source = connection.recv()
        except (EOFError, OSError):
            return
        if source is None:
            return
        if isinstance(source, TextRead):  # read by the head start: analyse what is left
            result = analyse_read(analyzer, source, doc_timeout)
        else:
            result = task(analyzer, source, doc_timeout)
        try:
            connection.send(result.model_dump_json())
        except (BrokenPipeError, OSError):
            return


def _build(rules: Rules | None) -> Analyzer:
    try:
        return build_analyzer(rules or load_rules())
    except Exception as error:  # noqa: BLE001 - reported once, and the run stops
        raise BuildFailed(
            f"cannot build the rule pipeline: {type(error).__name__}: {error}"
        ) from error


@dataclass
class Worker:
    process: BaseProcess
    connection: Connection
    source: SourceDocument | None = None
    started: float = field(default=0.0)


class ProcessExecutor:
    """``workers`` processes, each holding one document at a time, so a stuck or crashed
    worker costs one document. Started with ``fork`` where there is one (the run lock is
    closed in the child, see `pipeline.lock`): the pipeline is then built once, here,
    before the first worker starts, and every worker (a replacement too) inherits it, with
    no import of spaCy and no build of its own. With ``spawn`` each worker builds its own,
    in parallel with the others."""

    def __init__(
        self,
        workers: int,
        doc_timeout: float,
        *,
        rules: Rules | None = None,
        task: Task = process_source,
        grace: float = HARD_GRACE,
        read: Reading | None = None,
    ):
        self.size = workers
        self.rules = rules
        self.doc_timeout = doc_timeout
        self.task = task
        self.grace = grace
        methods = multiprocessing.get_all_start_methods()
        self._forks = "fork" in methods
        self._context: Any = multiprocessing.get_context("fork" if self._forks else "spawn")
        self._workers: list[Worker] = []
        self._analyzer: Analyzer | None = None
        self._read = read  # the head start's reading, for tests; by default `read_text`
        self.head_start: HeadStart | None = None

    def _launch(self) -> Worker:
        if self._forks and self._analyzer is None:
            self._analyzer = _build(self.rules)
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=worker_main,
            args=(child, self.doc_timeout, self.task, self.rules, os.getpid(), self._analyzer),
            daemon=True,
        )
        start_child(process)
        child.close()
        worker = Worker(process=process, connection=parent)
        self._workers.append(worker)
        return worker

    def _ready(self, worker: Worker) -> Worker:
        """Wait until the worker has built its pipeline; a broken rule file stops the run
        here, once, instead of failing every document."""
        try:
            answer = worker.connection.recv()
        except EOFError:
            worker.process.join(timeout=5)
            answer = BuildFailed(f"worker process died while starting ({worker.process.exitcode})")
        if isinstance(answer, BuildFailed):
            self._retire(worker)
            raise answer
        return worker

    def _start(self) -> Worker:
        return self._ready(self._launch())

    def _retire(self, worker: Worker) -> None:
        self._workers.remove(worker)
        worker.connection.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)

    def results(self, sources: Sequence[SourceDocument]) -> Iterator[DocumentResult]:
        self.head_start = self._head_start(sources)
        launched = [self._launch() for _ in range(min(self.size, len(sources)))]
        for worker in launched:  # started together: with spawn they build in parallel
            self._ready(worker)
        pending: list[SourceDocument | TextRead] = list(reversed(sources))
        if self.head_start is not None:  # the first ones are the reader's
            del pending[len(pending) - self.head_start.stop() :]
        hard_limit = self.doc_timeout + max(self.grace, self.doc_timeout * 0.1)
        while True:
            self._hand_out(pending)
            active = [w for w in self._workers if w.source is not None]
            head = self.head_start if self.head_start and self.head_start.outstanding else None
            if not active and head is None:
                return
            waitables: list[Connection | int] = [w.connection for w in active]
            waitables += [w.process.sentinel for w in active]
            deadlines = [w.started + hard_limit for w in active]
            if head is not None:
                waitables += head.waitables()
                deadlines.append(head.deadline(hard_limit))
            ready = wait(waitables, timeout=max(0.0, min(deadlines) - time.monotonic()))
            if head is not None:
                taken = head.collect(ready, hard_limit)
                pending.extend(reversed([t for t in taken if not isinstance(t, DocumentResult)]))
                yield from (t for t in taken if isinstance(t, DocumentResult))
            for worker in active:
                result = self._collect(worker, ready, hard_limit)
                if result is not None:
                    yield result

    def _head_start(self, sources: Sequence[SourceDocument]) -> HeadStart | None:
        """A reader of the first texts while this process builds the pipeline (see
        `pipeline.head_start`): only when it will build one for forked workers, there is a
        second document for them, and the task is the default one (it reads with its PDF
        engine; another task may not read the text at all)."""
        engine = default_task_engine(self.task)
        if engine is None or not self._forks or self._analyzer is not None:
            return None
        if self.size < 2 or len(sources) < 2:
            return None
        if self.rules is None:  # loaded once, here, for the reader and the build
            self.rules = load_rules()
        read = self._read or functools.partial(read_text, rules=self.rules.text, pdf_engine=engine)
        return HeadStart(self._context, sources, self.doc_timeout, read, os.getpid())

    def _hand_out(self, pending: list[SourceDocument | TextRead]) -> None:
        """The next documents to the idle workers, in place of any that was retired too."""
        for worker in [w for w in self._workers if w.source is None]:
            if pending:
                self._hand(worker, pending.pop())
        while pending and len(self._workers) < self.size:
            self._hand(self._start(), pending.pop())

    def _hand(self, worker: Worker, item: SourceDocument | TextRead) -> None:
        """Give the worker one document; a text the reader read keeps its reading time on the
        document's clock."""
        worker.source = item.source if isinstance(item, TextRead) else item
        worker.started = time.monotonic() - (item.seconds if isinstance(item, TextRead) else 0.0)
        worker.connection.send(item)

    def _collect(
        self, worker: Worker, ready: Sequence[object], hard_limit: float
    ) -> DocumentResult | None:
        """The worker's result if it has one, a failed result if it died or hangs."""
        source = worker.source
        assert source is not None
        elapsed = time.monotonic() - worker.started
        if worker.connection in ready:
            try:
                payload = worker.connection.recv()
            except (EOFError, OSError):
                payload = None
            if payload is not None:
                worker.source = None
                return DocumentResult.model_validate_json(payload)
        if worker.process.sentinel in ready or worker.connection in ready:
            worker.process.join(timeout=5)
            code = worker.process.exitcode
            self._retire(worker)
            return failed_result(source, f"worker process died (exit code {code})", elapsed)
        if elapsed >= hard_limit:
            self._retire(worker)
            return failed_result(source, timeout_message(self.doc_timeout), elapsed)
        return None

    def close(self) -> None:
        """Stop the workers: an idle one is asked to exit; one still holding a document (the
        run is ending early: Ctrl-C, SIGTERM, an error) is killed at once, and so is the
        head start's reader."""
        if self.head_start is not None:
            self.head_start.close()
        for worker in list(self._workers):
            if worker.source is not None:
                self._retire(worker)
                continue
            with contextlib.suppress(OSError):
                worker.connection.send(None)
        for worker in list(self._workers):
            worker.process.join(timeout=5)
            self._retire(worker)


def default_task_engine(task: Task) -> PdfEngine | None:
    """The PDF engine of the default task (`process_source`, maybe given its ``pdf_engine``),
    None for any other task."""
    if task is process_source:
        return PdfEngine.PDFIUM
    if isinstance(task, functools.partial) and task.func is process_source and not task.args:
        engine = task.keywords.get("pdf_engine")
        return engine if set(task.keywords) == {"pdf_engine"} else None
    return None


# --- Dask distributed -------------------------------------------------------------------

_thread_pipelines = threading.local()


def analyzer_of_this_worker() -> Analyzer:
    """The analyzer of this Dask worker thread, built from the worker's own rules on first
    use and then reused (one per thread: rule components are not promised to be thread-safe)."""
    analyzer: Analyzer | None = getattr(_thread_pipelines, "analyzer", None)
    if analyzer is None:
        analyzer = _thread_pipelines.analyzer = build_analyzer(load_rules())
    return analyzer


def dask_task(source: SourceDocument, doc_timeout: float, task: Task = process_source) -> str:
    """The unit of work sent to a Dask worker: a result as JSON (small, version-safe)."""
    return task(analyzer_of_this_worker(), source, doc_timeout).model_dump_json()


class DaskExecutor:
    """Documents as tasks on a Dask distributed cluster, one per worker thread in flight,
    so a document's clock starts about when a worker picks it up."""

    def __init__(
        self,
        scheduler: str,
        doc_timeout: float,
        *,
        client: object | None = None,
        task: Task = process_source,
        grace: float = HARD_GRACE,
    ):
        try:
            from distributed import Client
        except ImportError:
            raise UsageError(
                "--executor dask needs Dask distributed: pip install 'ilo-extract[dask]'"
            ) from None
        self.doc_timeout = doc_timeout
        self.task = task
        self.grace = grace
        self._own_client = client is None
        try:
            self._client = client or Client(scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as error:
            raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None

    def results(self, sources: Sequence[SourceDocument]) -> Iterator[DocumentResult]:
        from distributed import wait as wait_futures

        client = self._client
        threads = max(1, sum(client.nthreads().values()))  # type: ignore[attr-defined]
        hard_limit = self.doc_timeout + self.grace
        pending = list(reversed(sources))
        handed: dict[object, tuple[SourceDocument, float]] = {}

        def submit() -> None:
            source = pending.pop()
            future = client.submit(  # type: ignore[attr-defined]
                dask_task, source, self.doc_timeout, self.task, pure=False
            )
            handed[future] = (source, time.monotonic())

        while pending and len(handed) < threads:
            submit()
        while handed:
            oldest = min(started for _, started in handed.values())
            timeout = max(0.05, oldest + hard_limit - time.monotonic())
            try:
                done, _ = wait_futures(list(handed), timeout=timeout, return_when="FIRST_COMPLETED")
            except TimeoutError:
                done = set()
            now = time.monotonic()
            for future in list(handed):
                source, started = handed[future]
                if future in done:
                    del handed[future]
                    yield self._result(future, source, started)
                elif now - started >= hard_limit:
                    future.cancel()  # type: ignore[attr-defined]
                    del handed[future]
                    yield failed_result(source, timeout_message(self.doc_timeout), now - started)
                else:
                    continue
                if pending:
                    submit()

    def _result(self, future: object, source: SourceDocument, started: float) -> DocumentResult:
        elapsed = time.monotonic() - started
        try:
            payload = future.result()  # type: ignore[attr-defined]
        except Exception as error:  # noqa: BLE001 - a lost worker or a task error
            message = f"dask task failed: {type(error).__name__}: {error}"
            return failed_result(source, message, elapsed)
        return DocumentResult.model_validate_json(payload)

    def close(self) -> None:
        if self._own_client:
            self._client.close()  # type: ignore[attr-defined]


def make_executor(settings: Settings, rules: Rules, analyzer: Analyzer | None = None) -> Executor:
    """The executor the settings ask for: worker processes (one or more) for a local run,
    since only a process can be killed whatever a document does; a given ``analyzer`` means
    this process, one document after another. Local workers use ``rules`` (those the state
    fingerprint was made from); Dask workers read their own (they must run the same
    version, docs/operations.md)."""
    task: Task = process_source
    if settings.pdf_engine is not PdfEngine.PDFIUM:
        task = functools.partial(process_source, pdf_engine=settings.pdf_engine)
    if settings.executor is ExecutorKind.DASK:
        return DaskExecutor(settings.scheduler, settings.doc_timeout, task=task)
    if analyzer is not None:
        return InlineExecutor(settings.doc_timeout, analyzer, task=task, rules=rules)
    return ProcessExecutor(settings.worker_count, settings.doc_timeout, task=task, rules=rules)
