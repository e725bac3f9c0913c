"""One run per output folder; a crashed holder never leaves the folder locked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.lock import LockBusy, RunLock
from pipeline.state import LOCK_FILE, state_dir

HOLD_AND_DIE = """
import os, signal, sys
from pathlib import Path
from pipeline.lock import RunLock
lock = RunLock(Path(sys.argv[1]))
lock.acquire()
print("locked", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""

# The parent dies only once the worker runs: start() returns as soon as fork() does, before
# the child has run its at-fork hook (which closes its copy of the lock), and on a busy
# machine the test used to try the lock in that gap (LockBusy, pid of the dead parent).
HOLD_FORK_AND_DIE = """
import multiprocessing, os, signal, sys, time
from pathlib import Path
from pipeline.lock import RunLock

def run_then_sleep(running):
    running.set()
    time.sleep(60)

lock = RunLock(Path(sys.argv[1]))
lock.acquire()
context = multiprocessing.get_context("fork")
running = context.Event()
worker = context.Process(target=run_then_sleep, args=(running,))
worker.start()
assert running.wait(60)
print(worker.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_second_holder_is_refused_with_the_holder_named(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    with RunLock(path), pytest.raises(LockBusy) as caught:
        RunLock(path).acquire()
    message = str(caught.value)
    assert f"pid {os.getpid()}" in message
    assert "--wait" in message


def test_lock_is_free_again_after_release(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    with RunLock(path):
        pass
    with RunLock(path):
        pass


def test_wait_gives_up_after_the_timeout(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    with RunLock(path), pytest.raises(LockBusy, match="after waiting 0.3 s"):
        RunLock(path, wait=True, timeout=0.3).acquire()


def test_wait_gets_the_lock_once_the_holder_lets_go(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    holder = RunLock(path)
    holder.acquire()
    releaser = threading.Timer(0.3, holder.release)
    releaser.start()
    try:
        with RunLock(path, wait=True, timeout=30):
            pass
    finally:
        releaser.cancel()
        holder.release()


def test_lock_of_a_killed_process_is_not_stale(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    child = subprocess.run(
        [sys.executable, "-c", HOLD_AND_DIE, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == -signal.SIGKILL
    assert child.stdout.strip() == "locked"
    assert path.exists()
    with RunLock(path):
        pass


def test_cli_exits_2_while_another_run_holds_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "note.txt").write_text("Nothing to see.", encoding="utf-8")
    out = tmp_path / "out"
    with RunLock(state_dir(out) / LOCK_FILE):
        code = main(["run", "inbox", "--out", "out", "--workers", "1"])
    assert code == 2
    assert "another run is using this output folder" in capsys.readouterr().err
    assert not (out / "documents.csv").exists()


def test_forked_worker_of_a_killed_run_does_not_keep_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "run.lock"
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_FORK_AND_DIE, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    orphan = int(child.stdout.readline())
    child.stdout.close()  # the orphan holds the pipe too: do not wait for its end
    try:
        assert child.wait(timeout=60) == -signal.SIGKILL
        os.kill(orphan, 0)  # the forked worker is still alive ...
        with RunLock(path):  # ... and the folder is free all the same
            pass
    finally:
        os.kill(orphan, signal.SIGKILL)
