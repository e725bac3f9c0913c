"""A head start for the local workers: a reader process reads the text of the first documents
while the run builds the rule pipeline.

Why: with ``fork`` the run builds the pipeline (spaCy's import, the rules, the rulers: about
1.5 s) in its own process, on one core, before it forks the workers that inherit it; the other
core idled. Reading a document's text (`extract_text`) is the larger half of its work and
needs only ``rules.text``, so a process forked before the build (it holds no spaCy pipeline)
reads the first documents in hand-out order (the longest) meanwhile, and the workers analyse
those texts (`analyse_read`) instead of reading them again.

How the documents are shared: the reader claims them one at a time from a counter in shared
memory, and the run closes the counter once its workers are ready (`HeadStart.stop`). The
documents the reader claimed are then exactly those it finished and at most one it is still
reading; every other document goes to the workers as before. The reader sends each outcome
as it finishes, in claim order, on a pipe made large enough to hold a few texts while the run
is still building (a full pipe only makes the reader wait).

Same guarantees as a worker (`pipeline.executors`): reading runs under the document's timer
and the worker analyses within what is left of ``doc_timeout``; a reading that fails is the
document's failed result; a reader that dies, or still reads past the hard limit, is killed
and costs the document it was reading (texts it read but could not send go to the workers);
it ignores Ctrl-C and SIGTERM (the run kills it, `close`) and exits with the run.
"""

from __future__ import annotations

import contextlib
import fcntl
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from pipeline.config import PdfEngine
from pipeline.document import Analyzer, analyse, failed_result
from pipeline.errors import DocumentError
from pipeline.limits import (
    DocumentTimeout,
    exit_with_parent,
    start_child,
    time_limit,
    timeout_message,
)
from pipeline.patterns import TextRules
from schemas import DocumentResult, DocumentText, SourceDocument

CLOSED = -1  # the claim counter once the run has stopped the reader
LOCK_WAIT = 5.0  # seconds; the reader holds the claim lock for a few instructions only
PIPE_SIZE = 1 << 20  # bytes the reader may send ahead of the run (Linux's default maximum)

# How the reader reads a document's text; raises DocumentError when it cannot be read.
Reading = Callable[[SourceDocument], DocumentText]


@dataclass(frozen=True)
class TextRead:
    """A document's text as the reader read it, handed to a worker in place of the source.
    ``seconds`` is what the reading took of the document's time limit."""

    text: DocumentText
    seconds: float

    @property
    def source(self) -> SourceDocument:
        return self.text.doc


def read_text(source: SourceDocument, rules: TextRules, pdf_engine: PdfEngine) -> DocumentText:
    """The default `Reading`. The import is here so that the reader, not the run before it
    forks the reader, loads the PDF engines (the run loads them later, with the pipeline)."""
    from pipeline.extract_text import extract_text

    return extract_text(source, rules, pdf_engine)


def read_one(
    read: Reading, source: SourceDocument, doc_timeout: float
) -> TextRead | DocumentResult:
    """The document's text, or its failed result when reading fails or takes the whole
    time limit (the messages are those of `process_source`)."""
    started = time.perf_counter()
    try:
        with time_limit(doc_timeout):
            text = read(source)
    except DocumentTimeout:
        return failed_result(source, timeout_message(doc_timeout), time.perf_counter() - started)
    except DocumentError as error:
        return failed_result(source, str(error), time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001 - reported as the document's error
        message = f"internal error: {type(error).__name__}: {error}"
        return failed_result(source, message, time.perf_counter() - started)
    return TextRead(text=text, seconds=time.perf_counter() - started)


def analyse_read(analyzer: Analyzer, read: TextRead, doc_timeout: float) -> DocumentResult:
    """What a worker does with a text the reader read: `analyse` it within what is left of
    the time limit; the result's seconds count the reading too."""
    source = read.source
    left = doc_timeout - read.seconds
    if left <= 0:
        return failed_result(source, timeout_message(doc_timeout), read.seconds)
    started = time.perf_counter()
    try:
        with time_limit(left):
            result = analyse(analyzer, read.text)
    except DocumentTimeout:
        spent = read.seconds + time.perf_counter() - started
        return failed_result(source, timeout_message(doc_timeout), spent)
    except DocumentError as error:
        return failed_result(source, str(error), read.seconds + time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001 - reported as the document's error
        message = f"internal error: {type(error).__name__}: {error}"
        return failed_result(source, message, read.seconds + time.perf_counter() - started)
    return result.model_copy(update={"seconds": read.seconds + time.perf_counter() - started})


@dataclass(frozen=True)
class Claims:
    """The documents the reader has claimed, in shared memory: the count and when the last
    one was claimed (the start of its time limit). One lock makes a claim and the run's
    stop exclusive, so no document is read by both the reader and a worker."""

    lock: Any
    count: Any
    since: Any

    def claim(self, total: int) -> int | None:
        """The index of the next document to read, or None once the run has stopped."""
        with self.lock:
            index = int(self.count.value)
            if index == CLOSED or index >= total:
                return None
            self.count.value = index + 1
            self.since.value = time.monotonic()
            return index

    def close(self) -> tuple[int, float] | None:
        """Stop the claims: how many documents were claimed and when the last one was; None
        when the lock could not be taken (the reader died holding it)."""
        if not self.lock.acquire(timeout=LOCK_WAIT):
            return None
        try:
            claimed, since = int(self.count.value), float(self.since.value)
            self.count.value = CLOSED
        finally:
            self.lock.release()
        return claimed, since


def reader_main(
    connection: Connection,
    claims: Claims,
    sources: Sequence[SourceDocument],
    doc_timeout: float,
    read: Reading,
    parent: int,
) -> None:
    """The reader process: claim, read and send one document after another until the run
    stops it (or all are read, or the run is gone)."""
    exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run decides when to stop, as for a worker
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    while (index := claims.claim(len(sources))) is not None:
        outcome = read_one(read, sources[index], doc_timeout)
        try:
            connection.send(outcome)
        except (BrokenPipeError, OSError):
            return


class HeadStart:
    """The run's side of the reader: start it before the build, `stop` it when the workers
    are ready, then take its outcomes (`collect`) like a worker's until it has none left."""

    def __init__(
        self,
        context: Any,
        sources: Sequence[SourceDocument],
        doc_timeout: float,
        read: Reading,
        parent: int,
    ):
        self.sources = sources
        self.doc_timeout = doc_timeout
        self.read: list[str] = []  # the doc_ids whose text the reader read and sent
        self._claims = Claims(context.Lock(), context.RawValue("i", 0), context.RawValue("d", 0))
        self._claimed = 0
        self._since = 0.0
        self._received = 0
        self.connection, sender = context.Pipe(duplex=False)
        with contextlib.suppress(OSError, AttributeError):  # Linux: let it read ahead
            fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        args = (sender, self._claims, sources, doc_timeout, read, parent)
        self.process = context.Process(target=reader_main, args=args, daemon=True)
        start_child(self.process)
        sender.close()

    def stop(self) -> int:
        """Let the reader finish the document it is reading and claim no other; the number
        of documents it claimed (the first ones), which the workers must not be given."""
        closed = self._claims.close()
        if closed is None:
            self.process.kill()
            self.process.join(timeout=5)
            closed = int(self._claims.count.value), float(self._claims.since.value)
        self._claimed, self._since = closed
        return self._claimed

    @property
    def outstanding(self) -> int:
        """Documents it claimed whose outcome the run has not yet taken."""
        return self._claimed - self._received

    def waitables(self) -> list[Connection | int]:
        return [self.connection, self.process.sentinel] if self.outstanding else []

    def deadline(self, hard_limit: float) -> float:
        """When the document it is reading (the last one it claimed) must be given up."""
        return self._since + hard_limit

    def collect(
        self, ready: Sequence[object], hard_limit: float
    ) -> list[TextRead | DocumentResult | SourceDocument]:
        """What the reader sent (texts for the workers, failed results); when it died or
        hangs, the failed result of the document it was reading and the sources of the texts
        it did not send, for the workers to read again."""
        taken: list[TextRead | DocumentResult | SourceDocument] = []
        ended = False
        while self.outstanding and not ended and self.connection.poll():
            try:
                outcome = self.connection.recv()
            except (EOFError, OSError):
                ended = True
                continue
            self._received += 1
            if isinstance(outcome, TextRead):
                self.read.append(outcome.source.doc_id)
            taken.append(outcome)
        if not self.outstanding:
            return taken
        if ended or self.process.sentinel in ready:
            self.process.join(timeout=5)
            why = f"reader process died while reading the text (exit code {self.process.exitcode})"
            return taken + self._give_up(why)
        if time.monotonic() >= self.deadline(hard_limit):
            return taken + self._give_up(timeout_message(self.doc_timeout))
        return taken

    def _give_up(self, why: str) -> list[DocumentResult | SourceDocument]:
        self.close()
        last = self._claimed - 1
        unsent = list(self.sources[self._received : last])
        failed = failed_result(self.sources[last], why, time.monotonic() - self._since)
        self._received = self._claimed
        return [*unsent, failed]

    def close(self) -> None:
        """Kill the reader if it still runs (the run is over, or ends early)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()
