"""The SQLite state store and the plan it feeds (what a run must process, move or drop)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.state
from pipeline.config import Settings
from pipeline.document import failed_result
from pipeline.rules import Rules, load_rules
from pipeline.run import plan_run
from pipeline.state import DocumentState, FileStamp, StateStore, pipeline_fingerprint
from schemas import DocumentResult, DocumentRow, Kind, MediaType, SourceDocument, Status

VERSION = "0.1.0+test"


def source(doc_id: str, path: str = "") -> SourceDocument:
    return SourceDocument(
        doc_id=doc_id,
        source=path or f"in/{doc_id}.txt",
        sha256=doc_id * 4,
        media_type=MediaType.TEXT,
        size=10,
    )


def ok_result(doc_id: str, text: str = "Some text.") -> DocumentResult:
    item = source(doc_id)
    row = DocumentRow(
        doc_id=doc_id,
        source=item.source,
        sha256=item.sha256,
        media_type=item.media_type,
        doc_type="press_release",
        title="A title",
        published=None,
        language="en",
        n_pages=1,
        n_chars=len(text),
        status=Status.OK,
    )
    return DocumentResult(document=row, text=text, warnings=("a warning",), seconds=0.5)


def stamp(doc_id: str, path: str = "", size: int = 10, mtime_ns: int = 1) -> FileStamp:
    return FileStamp(source=path or f"in/{doc_id}.txt", size=size, mtime_ns=mtime_ns)


@pytest.fixture
def store(tmp_path: Path):
    with StateStore(tmp_path / "state.sqlite") as opened:
        yield opened


def test_put_then_read_back_row_and_result(store: StateStore) -> None:
    result = ok_result("a" * 16)
    store.put(result, stamp("a" * 16, size=42, mtime_ns=7), VERSION)
    row = store.rows()["a" * 16]
    assert (row.source, row.size, row.mtime_ns) == ("in/" + "a" * 16 + ".txt", 42, 7)
    assert (row.sha256, row.pipeline_version, row.status) == (
        result.document.sha256,
        VERSION,
        Status.OK,
    )
    assert row.counts == (0, 0, 0, 0, 0, 0, 0)
    assert row.seconds == 0.5
    assert list(store.results()) == [result]


def test_failed_result_keeps_its_error(store: StateStore) -> None:
    failed = failed_result(source("b" * 16), "PDF is encrypted", 0.1)
    store.put(failed, stamp("b" * 16), VERSION)
    row = store.rows()["b" * 16]
    assert (row.status, row.error) == (Status.FAILED, "PDF is encrypted")


def test_rows_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with StateStore(path) as first:
        first.put(ok_result("c" * 16), stamp("c" * 16), VERSION)
    with StateStore(path) as second:
        assert list(second.rows()) == ["c" * 16]


def test_relocate_updates_path_in_row_and_stored_result(store: StateStore) -> None:
    store.put(ok_result("d" * 16), stamp("d" * 16), VERSION)
    store.relocate("d" * 16, FileStamp(source="renamed/x.txt", size=10, mtime_ns=99))
    row = store.rows()["d" * 16]
    assert (row.source, row.mtime_ns) == ("renamed/x.txt", 99)
    (result,) = store.results()
    assert isinstance(result, DocumentResult)
    assert result.document.source == "renamed/x.txt"


def test_corpus_fingerprint_changes_with_every_kind_of_change(store: StateStore) -> None:
    seen = {store.corpus_fingerprint()}
    store.put(ok_result("e" * 16), stamp("e" * 16), VERSION)
    seen.add(store.corpus_fingerprint())
    store.relocate("e" * 16, stamp("e" * 16, path="moved.txt"))
    seen.add(store.corpus_fingerprint())
    store.delete(["e" * 16])
    assert store.corpus_fingerprint() in seen  # empty again: same as at the start
    assert len(seen) == 3


def test_store_of_another_schema_version_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with StateStore(path) as first:
        first.put(ok_result("f" * 16), stamp("f" * 16), VERSION)
        first.set_meta("schema", "0")
    with StateStore(path) as second:
        assert second.rows() == {}


def test_damaged_store_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"this is not a database, it is a note" * 100)
    with StateStore(path) as store:
        assert store.rows() == {}
    assert [p.name.startswith("state.sqlite.damaged-") for p in tmp_path.iterdir()].count(True) == 1


def test_unreadable_stored_result_comes_back_as_its_doc_id(
    store: StateStore, tmp_path: Path
) -> None:
    store.put(ok_result("g" * 16), stamp("g" * 16), VERSION)
    with sqlite3.connect(tmp_path / "state.sqlite") as db:
        db.execute("UPDATE documents SET result = '{\"document\": 1}'")
    assert list(store.results()) == ["g" * 16]


def test_fingerprint_follows_version_code_and_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: Rules
) -> None:
    loaded_again = load_rules()
    (tmp_path / "rules.py").write_text("LIMIT = 1\n", encoding="utf-8")
    monkeypatch.setattr(pipeline.state.resources, "files", lambda package: tmp_path)
    seen = [pipeline_fingerprint(rules)]
    assert seen[0] == pipeline_fingerprint(loaded_again)
    cues = rules.of(Kind.DATE).cues
    edited_dates = rules.of(Kind.DATE).model_copy(
        update={"cues": cues.model_copy(update={"dateline_window": cues.dateline_window + 1})}
    )
    edited = rules.model_copy(update={"kinds": {**rules.kinds, Kind.DATE: edited_dates}})
    seen.append(pipeline_fingerprint(edited))
    (tmp_path / "rules.py").write_text("LIMIT = 2\n", encoding="utf-8")
    seen.append(pipeline_fingerprint(rules))
    (tmp_path / "notes.md").write_text("not code\n", encoding="utf-8")
    assert pipeline_fingerprint(rules) == seen[-1]
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "report.py").write_text("# the HTML report\n", encoding="utf-8")
    assert pipeline_fingerprint(rules) == seen[-1]  # report code cannot change a result
    monkeypatch.setattr(pipeline.state, "__version__", "9.9.9")
    seen.append(pipeline_fingerprint(rules))
    assert seen[-1].startswith("9.9.9+")
    assert len(set(seen)) == 4


def test_rules_fingerprint_is_the_same_in_another_process(rules: Rules) -> None:
    """Sets are hashed in sorted order: a fresh interpreter (another hash seed) agrees."""
    script = "from pipeline.rules import load_rules; print(load_rules().fingerprint())"
    other = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert other.stdout.strip() == rules.fingerprint()


def state_row(
    doc_id: str, *, version: str = VERSION, status: Status = Status.OK, path: str = ""
) -> DocumentState:
    return DocumentState(
        doc_id=doc_id,
        source=path or f"in/{doc_id}.txt",
        size=10,
        mtime_ns=1,
        sha256=doc_id * 4,
        pipeline_version=version,
        status=status,
        error="",
        counts=(0, 0, 0, 0, 0, 0, 0),
        seconds=0.0,
        processed_at="2026-01-01T00:00:00+00:00",
    )


A, B, C = "a" * 16, "b" * 16, "c" * 16


@pytest.mark.parametrize(
    "rows, settings, stamps, todo, moved, vanished",
    [
        # new document
        ({}, Settings(), {}, [A], [], []),
        # unchanged: nothing to do
        ({A: state_row(A)}, Settings(), {}, [], [], []),
        # same content, touched (mtime) or renamed: update the row only
        ({A: state_row(A)}, Settings(), {A: stamp(A, mtime_ns=5)}, [], [A], []),
        ({A: state_row(A, path="old.txt")}, Settings(), {}, [], [A], []),
        # processed by another pipeline version or rule set
        ({A: state_row(A, version="0.0.9+old")}, Settings(), {}, [A], [], []),
        # --force
        ({A: state_row(A)}, Settings(force=True), {}, [A], [], []),
        # a failure is kept, unless --retry-failed
        ({A: state_row(A, status=Status.FAILED)}, Settings(), {}, [], [], []),
        ({A: state_row(A, status=Status.FAILED)}, Settings(retry_failed=True), {}, [A], [], []),
        # vanished from the inputs: dropped, unless --keep-missing
        ({A: state_row(A), C: state_row(C)}, Settings(), {}, [], [], [C]),
        ({A: state_row(A), C: state_row(C)}, Settings(keep_missing=True), {}, [], [], []),
    ],
)
def test_plan(
    rows: dict[str, DocumentState],
    settings: Settings,
    stamps: dict[str, FileStamp],
    todo: list[str],
    moved: list[str],
    vanished: list[str],
) -> None:
    sources = [source(A)]
    all_stamps = {A: stamp(A), **stamps}
    plan = plan_run(sources, all_stamps, rows, VERSION, settings)
    assert [s.doc_id for s in plan.todo] == todo
    assert [doc_id for doc_id, _ in plan.moved] == moved
    assert plan.vanished == vanished
    assert B not in plan.vanished


def test_store_of_schema_1_without_organization_counts_opens_and_takes_new_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "state.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE documents (
                doc_id TEXT PRIMARY KEY, source TEXT NOT NULL, size INTEGER NOT NULL,
                mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL, pipeline_version TEXT NOT NULL,
                status TEXT NOT NULL, error TEXT NOT NULL, n_amounts INTEGER NOT NULL,
                n_dates INTEGER NOT NULL, n_countries INTEGER NOT NULL,
                n_programmes INTEGER NOT NULL, n_rejects INTEGER NOT NULL,
                seconds REAL NOT NULL, processed_at TEXT NOT NULL, result TEXT NOT NULL);
            INSERT INTO meta VALUES ('schema', '1');
            INSERT INTO documents VALUES
                ('hhhhhhhhhhhhhhhh', 'a.txt', 1, 1, 'x', 'v', 'ok', '', 1, 2, 3, 4, 5, 0.1,
                 '2026-01-01', '{}');
            """
        )
    with StateStore(path) as store:
        assert store.rows() == {}  # the old rows are processed again
        store.put(ok_result("h" * 16), stamp("h" * 16), VERSION)
        assert store.rows()["h" * 16].counts == (0, 0, 0, 0, 0, 0, 0)
