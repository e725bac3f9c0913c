"""Hostile input (issue 8): one odd file, folder or setting never aborts the run or drops
documents silently, and the output is safe to open. One test per bug, named after it."""

from __future__ import annotations

import csv
import ctypes
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from reportlab.pdfgen import canvas

from pipeline.cells import read_cell
from pipeline.cli import main
from pipeline.ingest import ingest
from pipeline.state import STATE_DIR, STATE_FILE
from schemas import MediaType

MEMO = "Norway gave NOK 3 million to Kenya in March 2020.\n"
OTHER = "Sweden pledged SEK 10 million to the ILO in 2019.\n"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["run", *args, "--workers", "1"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(err: str, *fragments: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ilo-extract: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


# --- running without the power to ignore permissions ---------------------------------------
# root reads and writes whatever the mode bits say, so chmod 000 alone proves nothing when the
# tests run as root (CI does). Those runs go through a subprocess that gives up the two
# capabilities that let root ignore file modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): it
# is then held to the owner's bits like any user.

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def drop_file_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def cli_as_user(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m pipeline run ARGS`` in ``folder``, held to file modes even as root."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *args, "--workers", "1"],
        cwd=folder, capture_output=True, text=True, check=False,
        preexec_fn=drop_file_capabilities if os.geteuid() == 0 else None,
    )  # fmt: skip


def test_a_run_held_to_file_modes_cannot_read_a_mode_000_file(tmp_path: Path) -> None:
    """The helper above does what it claims (else the tests below would prove nothing)."""
    (tmp_path / "locked.txt").write_text(MEMO, encoding="utf-8")
    (tmp_path / "locked.txt").chmod(0o000)
    done = subprocess.run(
        [sys.executable, "-c", "open('locked.txt').read()"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
        preexec_fn=drop_file_capabilities if os.geteuid() == 0 else None,
    )  # fmt: skip
    assert done.returncode == 1
    assert "PermissionError" in done.stderr


# --- item 2: one odd file aborts the whole run ----------------------------------------------


def test_a_file_name_that_is_not_utf8_does_not_abort_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    odd = Path(os.fsdecode(os.fsencode(inbox) + b"/caf\xe9 memo.txt"))
    odd.write_text(MEMO, encoding="utf-8")
    (inbox / "other.txt").write_text(OTHER, encoding="utf-8")
    out = tmp_path / "out"

    code, summary, err = run_cli(capsys, str(inbox), "--out", str(out))
    assert code == 0, err
    assert "Traceback" not in err
    sources = sorted(row["source"] for row in rows(out / "documents.csv"))
    assert sources == [f"{inbox}/caf\\xe9 memo.txt", f"{inbox}/other.txt"]
    assert [row["iso3"] for row in rows(out / "countries.csv")].count("KEN") == 1
    # renamed: the stored row follows it without reprocessing (and without a traceback)
    odd.rename(Path(os.fsdecode(os.fsencode(inbox) + b"/na\xefve.txt")))
    code, summary, err = run_cli(capsys, str(inbox), "--out", str(out))
    assert code == 0, err
    assert "0 processed, 2 unchanged" in summary
    assert f"{inbox}/na\\xefve.txt" in {row["source"] for row in rows(out / "documents.csv")}


def test_an_unreadable_file_becomes_a_failed_row_and_the_others_are_written(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "locked.txt").write_text(MEMO, encoding="utf-8")
    (inbox / "open.txt").write_text(OTHER, encoding="utf-8")
    (inbox / "locked.txt").chmod(0o000)

    done = cli_as_user(tmp_path, "inbox", "--out", "out")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    documents = {row["source"]: row for row in rows(tmp_path / "out" / "documents.csv")}
    assert documents["inbox/locked.txt"]["status"] == "failed"
    assert documents["inbox/locked.txt"]["error"] == "cannot read file: Permission denied"
    assert documents["inbox/locked.txt"]["sha256"] == ""
    assert documents["inbox/open.txt"]["status"] == "ok"
    assert [row["iso3"] for row in rows(tmp_path / "out" / "countries.csv")] == ["SWE"]
    assert [row["currency"] for row in rows(tmp_path / "out" / "amounts.csv")] == ["SEK"]


def test_out_that_is_a_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "memo.txt").write_text(MEMO, encoding="utf-8")
    (tmp_path / "out.csv").write_text("not a folder\n", encoding="utf-8")
    code, _, err = run_cli(capsys, str(tmp_path / "memo.txt"), "--out", str(tmp_path / "out.csv"))
    assert code == 2
    assert_one_line_error(err, f"the output folder {tmp_path / 'out.csv'} is a file")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == "not a folder\n"


def test_a_read_only_out_folder_exits_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "memo.txt").write_text(MEMO, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out").chmod(0o555)
    done = cli_as_user(tmp_path, "memo.txt", "--out", "out")
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        "ilo-extract: error: cannot write to the output folder out: Permission denied"
    ]


@pytest.mark.parametrize("how", ["exclusive locking mode", "open write transaction"])
def test_a_state_store_locked_by_another_program_exits_2_and_is_not_moved_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "a.txt").write_text(MEMO, encoding="utf-8")
    assert run_cli(capsys, str(inbox), "--out", str(out))[0] == 0
    (inbox / "b.txt").write_text(OTHER, encoding="utf-8")  # something to store
    store = out / STATE_DIR / STATE_FILE
    other = sqlite3.connect(store, isolation_level=None)
    if how == "exclusive locking mode":
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("UPDATE meta SET value = value")
        other.execute("COMMIT")  # the lock stays: exclusive mode keeps it until close
    else:
        other.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run_cli(capsys, str(inbox), "--out", str(out))
    finally:
        other.close()
    assert code == 2
    assert_one_line_error(err, f"the state store {store} is locked by another program")
    assert sorted(p.name for p in store.parent.glob("*damaged*")) == []
    code, summary, err = run_cli(capsys, str(inbox), "--out", str(out))
    assert code == 0, err
    assert "2 documents ok" in summary and "1 unchanged" in summary


@pytest.mark.parametrize("value", ["inf", "nan", "-5", "0", "1e12"])
def test_doc_timeout_inf_nan_or_negative_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    (tmp_path / "memo.txt").write_text(MEMO, encoding="utf-8")
    args = (str(tmp_path / "memo.txt"), "--out", str(tmp_path / "out"), "--doc-timeout", value)
    code, _, err = run_cli(capsys, *args)
    assert code == 2
    assert_one_line_error(err, "--doc-timeout must be a number of seconds above 0", "(a week)")
    assert not (tmp_path / "out").exists()


def test_doc_timeout_inf_from_the_environment_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "memo.txt").write_text(MEMO, encoding="utf-8")
    monkeypatch.setenv("ILO_EXTRACT_DOC_TIMEOUT", "inf")
    code, _, err = run_cli(capsys, str(tmp_path / "memo.txt"), "--out", str(tmp_path / "out"))
    assert code == 2
    assert_one_line_error(err, "--doc-timeout must be a number of seconds above 0", "not inf")


def test_a_fifo_or_a_broken_link_is_skipped_with_a_reason_and_never_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.mkfifo(inbox / "pipe.txt")  # opening it would wait for a writer for ever
    (inbox / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (inbox / "memo.txt").write_text(MEMO, encoding="utf-8")
    code, summary, err = run_cli(capsys, str(inbox), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert f"skipped {inbox / 'pipe.txt'}: not a regular file (a FIFO)" in err
    assert f"skipped {inbox / 'gone.txt'}: broken symbolic link" in err
    assert "1 documents ok, 0 failed, 2 skipped" in summary


# --- item 6: documents dropped while the run says ok ----------------------------------------


def test_an_unreadable_sub_folder_exits_2_and_drops_none_of_its_documents(
    tmp_path: Path,
) -> None:
    sub = tmp_path / "inbox" / "sub"
    sub.mkdir(parents=True)
    (sub / "a.txt").write_text(MEMO, encoding="utf-8")
    (tmp_path / "inbox" / "b.txt").write_text(OTHER, encoding="utf-8")
    first = cli_as_user(tmp_path, "inbox", "--out", "out")
    assert first.returncode == 0, first.stderr
    before = (tmp_path / "out" / "documents.csv").read_bytes()

    sub.chmod(0o000)
    refused = cli_as_user(tmp_path, "inbox", "--out", "out")
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "ilo-extract: error: cannot read the folder inbox/sub: Permission denied; its "
        "documents would be left out. Fix its permissions, or pass --skip-unreadable to go on "
        "without it (its documents keep their rows)"
    ]
    assert (tmp_path / "out" / "documents.csv").read_bytes() == before

    allowed = cli_as_user(tmp_path, "inbox", "--out", "out", "--skip-unreadable")
    assert allowed.returncode == 0, allowed.stderr
    assert "skipped inbox/sub: folder cannot be read: Permission denied" in allowed.stderr
    kept = sorted(row["source"] for row in rows(tmp_path / "out" / "documents.csv"))
    assert kept == ["inbox/b.txt", "inbox/sub/a.txt"]


def test_an_input_folder_suddenly_empty_exits_2_and_keeps_the_corpus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox, out = tmp_path / "share", tmp_path / "out"
    inbox.mkdir()
    (inbox / "a.txt").write_text(MEMO, encoding="utf-8")
    (inbox / "b.txt").write_text(OTHER, encoding="utf-8")
    assert run_cli(capsys, str(inbox), "--out", str(out))[0] == 0
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    for path in inbox.iterdir():  # the share is unmounted: its mount point is empty
        path.unlink()

    code, _, err = run_cli(capsys, str(inbox), "--out", str(out))
    assert code == 2
    assert_one_line_error(
        err, "the inputs hold no documents, but the output has 2", "--allow-empty"
    )
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before

    code, summary, err = run_cli(capsys, str(inbox), "--out", str(out), "--allow-empty")
    assert code == 0, err
    assert "2 removed" in summary
    assert rows(out / "documents.csv") == []


# --- item 7: the output folder and the state store ------------------------------------------


def test_an_output_folder_inside_the_input_folder_is_not_read_as_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "memo.txt").write_text(MEMO, encoding="utf-8")
    out = inbox / "out"
    for _ in range(2):
        code, summary, err = run_cli(capsys, str(inbox), "--out", str(out), "--force")
        assert code == 0, err
    assert [row["source"] for row in rows(out / "documents.csv")] == [str(inbox / "memo.txt")]
    assert [row["currency"] for row in rows(out / "amounts.csv")] == ["NOK"]
    # another run's output folder under the inputs is left out too
    shutil.copytree(out, inbox / "last-week")
    code, summary, err = run_cli(capsys, str(inbox), "--out", str(out))
    assert code == 0, err
    assert f"skipped {inbox / 'last-week'}: an output folder of ilo-extract" in err
    assert len(rows(out / "documents.csv")) == 1


def test_a_deleted_text_folder_is_written_again_on_a_no_change_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "memo.txt").write_text(MEMO, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(capsys, str(tmp_path / "memo.txt"), "--out", str(out))[0] == 0
    (doc,) = rows(out / "documents.csv")
    shutil.rmtree(out / "text")
    code, summary, err = run_cli(capsys, str(tmp_path / "memo.txt"), "--out", str(out))
    assert code == 0, err
    assert "0 processed, 1 unchanged" in summary
    assert (out / "text" / f"{doc['doc_id']}.txt").read_text(encoding="utf-8") == MEMO


def damage_stored_result(out: Path, source_suffix: str) -> None:
    db = sqlite3.connect(out / STATE_DIR / STATE_FILE)
    db.execute(
        "UPDATE documents SET result = substr(result, 1, 40) WHERE source LIKE ?",
        (f"%{source_suffix}",),
    )
    db.commit()
    db.close()


@pytest.mark.parametrize("change", ["renamed", "another document added"])
def test_a_damaged_stored_result_is_processed_again_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str
) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "a.txt").write_text(MEMO, encoding="utf-8")
    assert run_cli(capsys, str(inbox), "--out", str(out))[0] == 0
    damage_stored_result(out, "a.txt")
    if change == "renamed":
        (inbox / "a.txt").rename(inbox / "a2.txt")
    else:
        (inbox / "b.txt").write_text(OTHER, encoding="utf-8")

    code, summary, err = run_cli(capsys, str(inbox), "--out", str(out))
    assert code == 0, err
    assert "Traceback" not in err
    assert "stored results that no longer read, processed again" in err
    assert sorted(row["currency"] for row in rows(out / "amounts.csv")) == (
        ["NOK"] if change == "renamed" else ["NOK", "SEK"]
    )
    code, summary, err = run_cli(capsys, str(inbox), "--out", str(out))  # and it stays fixed
    assert (code, err) == (0, "")
    assert "0 processed" in summary


def test_stray_text_tmp_files_after_a_kill_are_cleaned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "memo.txt").write_text(MEMO, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(capsys, str(tmp_path / "memo.txt"), "--out", str(out))[0] == 0
    (out / "text" / ".0123456789abcdef.txt.k3j2.tmp").write_text("half", encoding="utf-8")
    (out / ".amounts.csv.x1y2.tmp").write_text("half", encoding="utf-8")
    code, summary, _ = run_cli(capsys, str(tmp_path / "memo.txt"), "--out", str(out))
    assert code == 0
    assert "0 processed, 1 unchanged" in summary
    assert sorted(p.name for p in out.rglob("*.tmp")) == []


# --- item 8 (ingest): %PDF- quoted in a text is not a PDF header ----------------------------


@pytest.mark.parametrize(
    "name, head, media_type",
    [
        ("notes.txt", b"How to spot a PDF: it starts with %PDF-1.7 and ends with %%EOF.\n", "text"),
        ("page.html", b"<html><body><p>Files start with %PDF-1.4</p></body></html>", "html"),
        ("bom.pdf.bin", b"\xef\xbb\xbf %PDF-1.4\n", "pdf"),
        ("spaced", b"\n\n%PDF-1.5\n", "pdf"),
    ],
)
def test_a_text_that_mentions_pdf_in_its_first_kilobyte_is_not_read_as_a_pdf(
    tmp_path: Path, name: str, head: bytes, media_type: str
) -> None:
    (tmp_path / name).write_bytes(head)
    (document,), skipped = ingest([tmp_path])
    assert skipped == []
    assert document.media_type is {
        "text": MediaType.TEXT, "html": MediaType.HTML, "pdf": MediaType.PDF
    }[media_type]  # fmt: skip


def test_a_text_file_quoting_a_pdf_header_is_read_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    memo = "A PDF file begins with %PDF-1.7. " + MEMO
    (tmp_path / "howto.txt").write_text(memo, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, str(tmp_path / "howto.txt"), "--out", str(out))
    assert code == 0, err
    (document,) = rows(out / "documents.csv")
    assert (document["media_type"], document["status"]) == ("text/plain", "ok")
    assert [row["currency"] for row in rows(out / "amounts.csv")] == ["NOK"]


# --- item 9: spreadsheet formula injection --------------------------------------------------

FORMULAS = (
    '=HYPERLINK("http://example.invalid","Kenya") pays USD 5 million.\n\n'
    "+cmd|' /C calc'!A0 Norway gave NOK 3 million in 2020.\n\n"
    "-2+3 @SUM(A1) Ghana received EUR 2 million.\n"
)


def test_formula_like_cells_are_neutralized_and_text_and_offsets_stay_exact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "=cmd.txt").write_text(FORMULAS, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, str(tmp_path), "--out", str(out))
    assert code == 0, err
    amounts = rows(out / "amounts.csv")
    sentences = [row["sentence"] for row in amounts]
    assert [s[:2] for s in sentences] == ["'=", "'+", "'-"]
    (document,) = rows(out / "documents.csv")
    assert document["source"] == f"{tmp_path}/=cmd.txt"  # a path does not start with "="
    text = (out / "text" / f"{document['doc_id']}.txt").read_text(encoding="utf-8")
    assert text == FORMULAS
    for row in amounts:  # offsets index the exact text; read_cell gives the sentence back
        assert text[int(row["char_start"]) : int(row["char_end"])] == read_cell(row["text"])
        assert read_cell(row["sentence"]) in text
    values = [row["value"] for row in amounts]
    assert values == ["5000000", "3000000", "2000000"]
    # the review report reads the cells back as they were found
    from pipeline.review.outputs import read_outputs

    (table,) = [t for t in read_outputs(out).kinds if t.kind == "amount"]
    review_sentences = [row["sentence"] for rows_ in table.rows.values() for row in rows_]
    assert [s[:1] for s in review_sentences] == ["=", "+", "-"]


def test_neutralize_only_marks_formulas_and_read_cell_undoes_it_exactly() -> None:
    from pipeline.cells import neutralize

    cases = {
        "=1+1": "'=1+1",
        "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0",
        "-2+3+cmd": "'-2+3+cmd",
        "@SUM(A1)": "'@SUM(A1)",
        "\tindented": "'\tindented",
        "\rreturn": "'\rreturn",
        "-5": "-5",  # a number: a spreadsheet shows -5
        "+3.25": "+3.25",
        "'quoted' word": "'quoted' word",
        "'=already": "''=already",  # a ' of its own before a formula: kept, and marked
        "Kenya": "Kenya",
        "": "",
    }
    for value, written in cases.items():
        assert neutralize(value) == written
        assert read_cell(written) == value


def test_raw_csv_writes_formula_like_cells_as_they_are(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "memo.txt").write_text(FORMULAS, encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(capsys, str(tmp_path), "--out", str(out))[0] == 0
    code, summary, err = run_cli(capsys, str(tmp_path), "--out", str(out), "--raw-csv")
    assert code == 0, err
    assert "0 processed" in summary  # the CSVs are rewritten, nothing is processed again
    assert [row["sentence"][:1] for row in rows(out / "amounts.csv")] == ["=", "+", "-"]


def test_evaluate_reads_neutralized_text_cells_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """evaluate compares a programme's `text`: the ' that neutralized it must not count."""
    from pipeline.export import write_outputs
    from schemas import DocumentResult, DocumentRow, ProgrammeRow, Status

    doc_id, text = "00000000000000aa", "+Work Kenya runs to 2025."
    programme = ProgrammeRow(
        doc_id=doc_id, mention_id=f"{doc_id}:programme:1", text="+Work Kenya", page=1,
        char_start=0, char_end=11, sentence=text, pattern_id="test", name="+Work Kenya",
    )  # fmt: skip
    document = DocumentRow(
        doc_id=doc_id, source="in/plus.txt", sha256=doc_id * 4, media_type=MediaType.TEXT,
        doc_type="", title="", published=None, language="en", n_pages=1, n_chars=len(text),
        status=Status.OK,
    )  # fmt: skip
    write_outputs([DocumentResult(document=document, text=text, programmes=(programme,))], tmp_path)
    (row,) = rows(tmp_path / "programmes.csv")
    assert (row["text"], row["name"], row["sentence"]) == (
        "'+Work Kenya",
        "'+Work Kenya",
        "'+Work Kenya runs to 2025.",
    )
    gold = {"doc": "plus.txt", "programmes": [{"text": "+Work Kenya", "name": "+Work Kenya"}]}
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n", encoding="utf-8")
    assert main(["evaluate", str(tmp_path), str(tmp_path / "gold.jsonl"), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)["kinds"]
    assert (scores["programmes"]["tp"], scores["programmes"]["fp"]) == (1, 0)


# --- item 10: a bare carriage return splits a row -------------------------------------------


def test_a_bare_carriage_return_in_a_pdf_title_does_not_split_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = canvas.Canvas(str(tmp_path / "brief.pdf"))
    pdf.setTitle("Decent work\rfor Kenya")
    pdf.drawString(72, 720, "Norway gave NOK 3 million to Kenya in March 2020.")
    pdf.showPage()
    pdf.save()
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, str(tmp_path / "brief.pdf"), "--out", str(out))
    assert code == 0, err
    raw = (out / "documents.csv").read_bytes()
    assert b'"Decent work\rfor Kenya"' in raw
    (document,) = rows(out / "documents.csv")
    assert document["title"] == "Decent work\rfor Kenya"
    frame = pd.read_csv(out / "documents.csv", dtype=str, keep_default_na=False)
    assert frame["title"].tolist() == ["Decent work\rfor Kenya"]
    assert len(frame) == 1


def test_every_field_with_a_line_break_is_quoted() -> None:
    from pipeline.export import Table, csv_text

    cells = ["x\ry", "x\ny", 'say "hi"', "p,q", "plain"]
    rows = [[a, b] for a, b in zip(cells, "12345", strict=True)]
    text = csv_text(Table(["a", "b"], rows), raw=True)
    assert text == 'a,b\n"x\ry",1\n"x\ny",2\n"say ""hi""",3\n"p,q",4\nplain,5\n'
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["a", "b"], ["x\ry", "1"], ["x\ny", "2"], ['say "hi"', "3"], ["p,q", "4"], ["plain", "5"],
    ]  # fmt: skip


# --- item 11: output files are mode 0600 -----------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_output_files_honour_the_umask(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], umask: int
) -> None:
    (tmp_path / "memo.txt").write_text(MEMO, encoding="utf-8")
    out = tmp_path / "out"
    old = os.umask(umask)
    try:
        assert run_cli(capsys, str(tmp_path / "memo.txt"), "--out", str(out))[0] == 0
        assert main(["review", str(out)]) == 0
    finally:
        os.umask(old)
    files = [*out.glob("*.csv"), *(out / "text").glob("*.txt"), *(out / "review").glob("*")]
    assert len([f for f in files if f.suffix == ".html"]) == 2
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {oct(0o666 & ~umask)}


# --- item 12: --log-format json mixes raw library warnings into stderr -----------------------


def test_json_log_has_only_json_lines_with_library_warnings(tmp_path: Path) -> None:
    pdf = canvas.Canvas(str(tmp_path / "fonts.pdf"), pageCompression=0)
    pdf.drawString(72, 720, "Norway gave NOK 3 million to Kenya in March 2020.")
    pdf.showPage()
    pdf.save()
    data = (tmp_path / "fonts.pdf").read_bytes()
    start = data.index(b"BT")  # a text object naming a font the page does not have
    (tmp_path / "fonts.pdf").write_bytes(data[:start] + b"BT /F9 12 Tf ( ) Tj ET " + data[start:])
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", str(tmp_path / "fonts.pdf"),
         "--out", str(tmp_path / "out"), "--log-format", "json", "--workers", "1",
         "--pdf-engine", "pdfplumber"],  # pdfminer lays the page out, and warns
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stderr.splitlines()]
    assert any(e.get("logger", "").startswith("pdfminer") for e in events), done.stderr
    assert [e["event"] for e in events if e["event"] != "log"] == ["document", "summary"]


def test_json_log_routes_python_warnings_and_library_logs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import logging
    import warnings

    from pipeline.cli import configure_logging

    logging.captureWarnings(False)  # an earlier in-process run may have turned it on
    configure_logging("json", quiet=False, verbose=False)
    try:
        logging.getLogger("pdfminer.pdfpage").warning("CropBox missing from /Page")
        warnings.warn("a library is deprecated", UserWarning, stacklevel=1)
    finally:
        logging.captureWarnings(False)
    lines = capsys.readouterr().err.splitlines()
    events = [json.loads(line) for line in lines]
    assert [(e["level"], e["logger"]) for e in events] == [
        ("warning", "pdfminer.pdfpage"), ("warning", "py.warnings"),
    ]  # fmt: skip
    assert events[0]["message"] == "CropBox missing from /Page"
    assert "a library is deprecated" in events[1]["message"]
