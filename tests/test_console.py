"""The installed ``ilo-extract`` script and ``python -m pipeline``: they end with
`pipeline.cli.exit_now` (no interpreter teardown), so everything an exit must do is checked
here on the real script in a subprocess: exit code, stdout, stderr, the files written."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "ilo-extract"
LAUNCHERS = {"script": [str(SCRIPT)], "module": [sys.executable, "-m", "pipeline"]}
NOTE = "The Ministry of Labour of Ghana received USD 2.5 million on 3 March 2021.\n"


def launch(launcher: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [*LAUNCHERS[launcher], *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300)


def documents(out: Path) -> list[dict[str, str]]:
    with (out / "documents.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_script_is_installed_beside_the_interpreter() -> None:
    assert SCRIPT.is_file(), "pip install -e . writes the ilo-extract script"


@pytest.mark.parametrize("launcher", sorted(LAUNCHERS))
def test_an_ok_run_exits_0_with_its_summary_logs_and_outputs(launcher: str, tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "note.txt").write_text(NOTE, encoding="utf-8")
    args = ("run", str(inbox), "--out", str(out), "--workers", "2", "--log-format", "json")
    done = launch(launcher, *args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 documents ok, 0 failed, 0 skipped; 1 amounts, 1 dates,")
    ending = rf"; 1 processed, 0 unchanged, 0 removed; \d+\.\d s -> {re.escape(str(out))}\n"
    assert re.search(ending + r"\Z", done.stdout), done.stdout
    events = [json.loads(line)["event"] for line in done.stderr.splitlines()]
    assert events == ["document", "summary"]  # the last log line is flushed before the exit
    assert [(row["source"], row["status"]) for row in documents(out)] == [
        (str(inbox / "note.txt"), "ok")
    ]
    (text,) = (out / "text").iterdir()
    assert text.read_text(encoding="utf-8") == NOTE
    again = launch(launcher, "run", str(inbox), "--out", str(out), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "; 0 processed, 1 unchanged, 0 removed;" in again.stdout  # the state store kept it


@pytest.mark.parametrize("launcher", sorted(LAUNCHERS))
def test_a_run_with_a_failed_document_exits_1(launcher: str, tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "note.txt").write_text(NOTE, encoding="utf-8")
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    done = launch(launcher, "run", str(inbox), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("1 documents ok, 1 failed, 0 skipped;")
    assert f"ERROR failed {inbox / 'broken.pdf'}: " in done.stderr
    rows = {row["source"]: row["status"] for row in documents(out)}
    assert rows == {str(inbox / "note.txt"): "ok", str(inbox / "broken.pdf"): "failed"}


@pytest.mark.parametrize("launcher", sorted(LAUNCHERS))
def test_a_usage_error_exits_2_with_its_message(launcher: str, tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    done = launch(launcher, "run", "inbox", "--out", "taken", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "ilo-extract: error: the output folder taken is a file, not a folder\n"
    flag = launch(launcher, "run", "--workers", "many", cwd=tmp_path)
    assert (flag.returncode, flag.stdout) == (2, "")
    assert "error: argument --workers: invalid int value: 'many'" in flag.stderr


EXIT_AFTER_ATEXIT = """
import atexit, sys
from pipeline.cli import exit_now
atexit.register(print, "atexit ran")
sys.stdout.write("buffered, ")
exit_now(3)
"""

EXIT_WITH_A_THREAD = """
import threading, time
from pipeline.cli import exit_now
def late():
    time.sleep(0.2)
    print("thread done")
threading.Thread(target=late).start()
exit_now(4)
"""


def test_exit_now_runs_the_atexit_callbacks_and_flushes_stdout() -> None:
    done = subprocess.run(
        [sys.executable, "-c", EXIT_AFTER_ATEXIT], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (3, "buffered, atexit ran\n", "")


def test_exit_now_waits_for_a_running_thread_as_an_ordinary_exit_does() -> None:
    done = subprocess.run(
        [sys.executable, "-c", EXIT_WITH_A_THREAD], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (4, "thread done\n", "")
