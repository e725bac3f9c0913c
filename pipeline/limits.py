"""The bounds on a document's work and on a child process's life, shared by the processes
that do the work: the local workers (`pipeline.executors`) and the reader that gives them a
head start (`pipeline.head_start`)."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from multiprocessing.process import BaseProcess

PARENT_POLL = 1.0  # seconds between a child's checks that the run that started it is alive
EXIT_ORPHANED = 4  # exit code of a child that found its run gone
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class DocumentTimeout(BaseException):
    """Raised by the timer inside a document's work. A BaseException so that the stages'
    own ``except Exception`` clauses cannot turn it into another error message."""


def timeout_message(seconds: float) -> str:
    return f"timed out after {seconds:g} s (--doc-timeout)"


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `DocumentTimeout` in this block after ``seconds`` (main thread only; elsewhere
    the block runs without a limit)."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(EXIT_ORPHANED)  # re-parented: the run is gone, nobody wants this work


def exit_with_parent(parent: int) -> None:
    """End this process as soon as process ``parent`` (the run) is gone, however it ended
    (``kill -9`` too). On Linux the kernel kills it at once (``PR_SET_PDEATHSIG``);
    everywhere a watcher thread exits within `PARENT_POLL` seconds once the process has been
    re-parented, which also covers a parent that died before the request was made.

    Without this, a worker of a killed run waits forever for its next document: it holds a
    copy of its own pipe's parent end (inherited at fork), so it never reads end-of-file."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    # The watcher must never take a signal: the document timer's SIGALRM has to reach the
    # main thread, and a thread inherits the signal mask of the thread that starts it.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    try:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def start_child(process: BaseProcess) -> None:
    """Start a child process with every object of this one in the collector's permanent
    generation (`gc.freeze`): a forked child's full collections then never walk what it
    inherited (the rules, the spaCy pipeline), which cost a worker about 0.25 s over a dozen
    documents and wrote to every page of those objects (copies on write). This process
    unfreezes at once; a spawned child is not affected."""
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
