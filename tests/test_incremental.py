"""Incremental, idempotent runs: only new or changed documents are processed, and the CSVs
always describe the whole current corpus."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

import pipeline.run
from pipeline.config import Settings
from pipeline.document import Analyzer
from pipeline.export import OUTPUT_FILES
from pipeline.run import RunSummary, run
from pipeline.state import STATE_FILE, state_dir

NOTE = (
    "Field note {n}. On {day} March 2021 the government of Norway granted NOK {n} million "
    "to a vocational training scheme in Malawi and Zambia. A second grant of US$ {m},000 "
    "followed in 2022 for apprentices in Lilongwe.\n"
)


def write_notes(folder: Path, numbers: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        text = NOTE.format(n=n, day=1 + n % 28, m=100 + n)
        (folder / f"note{n:03d}.txt").write_text(text, encoding="utf-8")


def snapshot(out: Path) -> dict[str, bytes]:
    files = {name: (out / name).read_bytes() for name in OUTPUT_FILES}
    files.update({f"text/{p.name}": p.read_bytes() for p in sorted((out / "text").glob("*"))})
    return files


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    write_notes(tmp_path / "inbox", range(1, 6))
    return tmp_path / "inbox"


def again(inbox: Path, out: Path, analyzer: Analyzer, **settings: object) -> RunSummary:
    return run([inbox], out, analyzer, settings=Settings(**settings))  # type: ignore[arg-type]


def test_rerun_over_unchanged_input_processes_nothing_and_rewrites_nothing(
    inbox: Path, tmp_path: Path, analyzer: Analyzer
) -> None:
    out = tmp_path / "out"
    first = again(inbox, out, analyzer)
    assert (len(first.processed), first.unchanged, first.exit_code) == (5, 0, 0)
    before = snapshot(out)
    mtimes = {name: (out / name).stat().st_mtime_ns for name in OUTPUT_FILES}
    second = again(inbox, out, analyzer)
    assert (len(second.processed), second.unchanged, second.removed) == (0, 5, 0)
    assert snapshot(out) == before
    assert {name: (out / name).stat().st_mtime_ns for name in OUTPUT_FILES} == mtimes
    assert second.counts() == first.counts()


def test_changed_document_alone_is_processed_and_its_old_version_dropped(
    inbox: Path, tmp_path: Path, analyzer: Analyzer
) -> None:
    out = tmp_path / "out"
    again(inbox, out, analyzer)
    (inbox / "note003.txt").write_text(NOTE.format(n=77, day=3, m=5), encoding="utf-8")
    summary = again(inbox, out, analyzer)
    assert [r.document.source for r in summary.processed] == [str(inbox / "note003.txt")]
    assert (summary.unchanged, summary.removed) == (4, 1)
    fresh = tmp_path / "fresh"
    again(inbox, fresh, analyzer)
    assert snapshot(out) == snapshot(fresh)


def test_vanished_document_is_dropped_unless_keep_missing(
    inbox: Path, tmp_path: Path, analyzer: Analyzer
) -> None:
    out = tmp_path / "out"
    again(inbox, out, analyzer)
    kept_text = (inbox / "note005.txt").read_text(encoding="utf-8")
    (inbox / "note005.txt").unlink()
    kept = again(inbox, out, analyzer, keep_missing=True)
    assert (len(kept.processed), kept.removed, len(kept.documents)) == (0, 0, 5)
    dropped = again(inbox, out, analyzer)
    assert (dropped.removed, len(dropped.documents)) == (1, 4)
    assert kept_text  # the fixture wrote it
    assert "note005" not in (out / "documents.csv").read_text(encoding="utf-8")
    assert len(list((out / "text").glob("*.txt"))) == 4


def test_renamed_document_is_not_processed_but_its_source_follows(
    inbox: Path, tmp_path: Path, analyzer: Analyzer
) -> None:
    out = tmp_path / "out"
    again(inbox, out, analyzer)
    (inbox / "note002.txt").rename(inbox / "renamed.txt")
    summary = again(inbox, out, analyzer)
    assert (len(summary.processed), summary.removed) == (0, 0)
    documents = (out / "documents.csv").read_text(encoding="utf-8")
    assert str(inbox / "renamed.txt") in documents
    assert str(inbox / "note002.txt") not in documents


@pytest.mark.parametrize(
    "change",
    ["force", "pipeline_version"],
)
def test_force_or_new_pipeline_version_processes_everything(
    inbox: Path, tmp_path: Path, analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    out = tmp_path / "out"
    again(inbox, out, analyzer)
    before = snapshot(out)
    if change == "pipeline_version":
        monkeypatch.setattr(pipeline.run, "pipeline_fingerprint", lambda rules: "9.9.9+rules")
    summary = again(inbox, out, analyzer, force=change == "force")
    assert (len(summary.processed), summary.unchanged) == (5, 0)
    assert snapshot(out) == before


def test_deleted_csv_is_written_again_without_processing(
    inbox: Path, tmp_path: Path, analyzer: Analyzer
) -> None:
    out = tmp_path / "out"
    again(inbox, out, analyzer)
    before = snapshot(out)
    (out / "dates.csv").unlink()
    summary = again(inbox, out, analyzer)
    assert len(summary.processed) == 0
    assert snapshot(out) == before


def test_failed_document_is_kept_until_retry_failed(
    inbox: Path, tmp_path: Path, analyzer: Analyzer
) -> None:
    out = tmp_path / "out"
    (inbox / "empty.txt").write_bytes(b"")
    first = again(inbox, out, analyzer)
    assert first.exit_code == 1
    assert [(d.source, d.error) for d in first.failed] == [
        (str(inbox / "empty.txt"), "file is empty (0 bytes)")
    ]
    second = again(inbox, out, analyzer)
    assert (len(second.processed), second.exit_code) == (0, 1)
    third = again(inbox, out, analyzer, retry_failed=True)
    assert [r.document.source for r in third.processed] == [str(inbox / "empty.txt")]


KILL_AFTER_ROWS = 3


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", *args]


def test_kill_9_mid_run_keeps_old_csvs_and_the_next_run_completes(tmp_path: Path) -> None:
    inbox, out, fresh = tmp_path / "inbox", tmp_path / "out", tmp_path / "fresh"
    write_notes(inbox, range(1, 4))
    env = {**os.environ, "ILO_EXTRACT_WORKERS": "1"}
    subprocess.run(
        cli(str(inbox), "--out", str(out)), cwd=tmp_path, env=env, check=True, timeout=120
    )
    before = snapshot(out)
    write_notes(inbox, range(4, 100))  # enough work to be killed in the middle of it
    database = state_dir(out) / STATE_FILE
    job = subprocess.Popen(
        cli(str(inbox), "--out", str(out)),
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and job.poll() is None:
            with closing(sqlite3.connect(database, timeout=5)) as db:
                (rows,) = db.execute("SELECT count(*) FROM documents").fetchone()
            if rows >= 3 + KILL_AFTER_ROWS:
                break
            time.sleep(0.05)
        assert job.poll() is None, "the run ended before it could be killed"
        os.kill(job.pid, signal.SIGKILL)
        job.wait(timeout=30)
    finally:
        if job.poll() is None:
            job.kill()
            job.wait(timeout=30)
    assert snapshot(out) == before
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        (done,) = db.execute("SELECT count(*) FROM documents").fetchone()
    assert 3 + KILL_AFTER_ROWS <= done < 99
    finish = subprocess.run(
        cli(str(inbox), "--out", str(out)),
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finish.returncode == 0, finish.stderr
    assert f"{99 - done} processed, {done} unchanged" in finish.stdout
    subprocess.run(
        cli(str(inbox), "--out", str(fresh)), cwd=tmp_path, env=env, check=True, timeout=300
    )
    assert snapshot(out) == snapshot(fresh)


def test_json_log_has_one_event_per_document_and_a_summary(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import main

    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.chdir(tmp_path)
    code = main(["run", "inbox", "--out", "out", "--workers", "1", "--log-format", "json"])
    captured = capsys.readouterr()
    events = [json.loads(line) for line in captured.err.splitlines()]
    kinds = [e["event"] for e in events]
    assert code == 1
    assert kinds.count("document") == 6 and kinds.count("skipped") == 1
    assert kinds[-1] == "summary"
    failed = next(e for e in events if e["event"] == "document" and e["status"] == "failed")
    assert (failed["source"], failed["error"]) == ("inbox/empty.txt", "file is empty (0 bytes)")
    assert set(failed) >= {"doc_id", "seconds", "counts", "time", "level"}
    summary = events[-1]
    assert (summary["ok"], summary["processed"], summary["skipped"]) == (5, 6, 1)
    assert summary["failed"] == [
        {"doc_id": failed["doc_id"], "source": "inbox/empty.txt", "error": failed["error"]}
    ]
    assert captured.out.startswith("5 documents ok, 1 failed, 1 skipped;")


def test_writing_the_outputs_does_not_import_pandas(tmp_path: Path) -> None:
    """The CSVs are written from plain rows: importing pandas alone cost a run 0.4 s."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "note.txt").write_text(NOTE.format(n=3, day=4, m=5), encoding="utf-8")
    script = (
        "import sys; from pipeline.cli import main; "
        f"code = main(['run', {str(inbox)!r}, '--out', {str(tmp_path / 'out')!r}, '-q']); "
        "print(code, 'pandas' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "0 False"  # exit code 0, no pandas
    assert "NOK" in (tmp_path / "out" / "amounts.csv").read_text(encoding="utf-8")
