"""One run at a time per output folder: an exclusive ``fcntl.flock`` on a lock file.

The kernel drops a flock when the process that holds it exits, however it exits (a crash,
``kill -9``, an OOM kill), so a crashed run never leaves the folder locked; there is no
stale lock to detect or clean up. The file itself stays (removing it would race with a run
that is opening it); it holds the pid, host and start time of the last holder, which the
message of a refused run quotes. POSIX only, and on a local file system (flock over NFS is
not dependable).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import time
from pathlib import Path
from types import TracebackType

from pipeline.errors import UsageError

POLL_SECONDS = 0.2
# Lock descriptors this process holds. A forked worker closes its copies at once, so that
# a worker outliving a killed parent cannot keep the output folder locked.
_held: set[int] = set()
_fork_hook: list[bool] = []


def _close_in_child() -> None:
    for fd in _held:
        os.close(fd)  # closing a copy never unlocks: the parent's descriptor still holds it
    _held.clear()


class LockBusy(UsageError):
    """Another run holds the output folder (exit code 2)."""


def describe_holder(path: Path) -> str:
    """Who holds the lock, as far as the file tells (pid, host, since when)."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "another run"
    if not isinstance(holder, dict) or "pid" not in holder:
        return "another run"
    return f"pid {holder['pid']} on {holder.get('host', '?')} since {holder.get('started', '?')}"


class RunLock:
    """``with RunLock(path):`` holds the lock for the block; raises `LockBusy` otherwise.

    ``wait`` makes it poll until the lock is free or ``timeout`` seconds have passed.
    """

    def __init__(self, path: Path, *, wait: bool = False, timeout: float = float("inf")):
        self.path = path
        self.wait = wait
        self.timeout = timeout
        self._fd: int | None = None

    def _try_lock(self, fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + self.timeout
        while not self._try_lock(fd):
            if not self.wait or time.monotonic() >= deadline:
                os.close(fd)
                waited = f" after waiting {self.timeout:g} s" if self.wait else ""
                raise LockBusy(
                    f"another run is using this output folder ({describe_holder(self.path)}, "
                    f"lock {self.path}){waited}; use --wait to queue behind it"
                )
            time.sleep(POLL_SECONDS)
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode(), 0)
        self._fd = fd
        if not _fork_hook:
            os.register_at_fork(after_in_child=_close_in_child)
            _fork_hook.append(True)
        _held.add(fd)

    def release(self) -> None:
        if self._fd is not None:
            _held.discard(self._fd)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()
