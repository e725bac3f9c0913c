"""Bad input never takes down the run: a failed row with a reason, the rest processed, exit 1."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipeline.cli import main
from pipeline.errors import DocumentError
from pipeline.extract_text import extract_text
from pipeline.ingest import ingest
from pipeline.patterns import load_text_rules
from schemas import DocumentText

GOOD_TEXT = "Sweden pledged SEK 10 million to the ILO in March 2020.\n"


def write_pdf(path: Path, lines: list[str], encrypt: StandardEncryption | None = None) -> Path:
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    for number, line in enumerate(lines):
        pdf.drawString(72, 720 - 16 * number, line)
    pdf.showPage()
    pdf.save()
    return path


def write_scanned_pdf(path: Path) -> Path:
    """A page that holds only an image: what a scanner produces."""
    from PIL import Image

    image = Image.new("RGB", (200, 80), "white")
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(ImageReader(image), 72, 600, width=200, height=80)
    pdf.showPage()
    pdf.save()
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def make_bad(kind: str, folder: Path) -> Path:
    match kind:
        case "corrupt":
            path = folder / "corrupt.pdf"
            path.write_bytes(b"%PDF-1.4\nthis is not really a PDF body\n")
        case "truncated":
            whole = write_pdf(folder / "whole.pdf", ["Ghana", "Kenya"] * 20)
            path = folder / "truncated.pdf"
            path.write_bytes(whole.read_bytes()[:400])
            whole.unlink()
        case "encrypted":
            locked = StandardEncryption("pw")
            path = write_pdf(folder / "encrypted.pdf", ["USD 5 million for Peru"], encrypt=locked)
        case "empty-pdf":
            path = folder / "empty.pdf"
            path.write_bytes(b"")
        case "scanned":
            path = write_scanned_pdf(folder / "scanned.pdf")
        case "empty-text":
            path = folder / "empty.txt"
            path.write_text("   \n\n  ")
        case "undecodable":
            path = folder / "binary.txt"
            path.write_bytes(b"\x81\x8d\x8f\x90\x9d garbage \x81")
        case _:
            raise AssertionError(kind)
    return path


@pytest.mark.parametrize(
    "kind, error",
    [
        ("corrupt", "PDF is corrupt or truncated"),
        ("truncated", "PDF is corrupt or truncated"),
        ("encrypted", "PDF is encrypted: a password is needed to read it"),
        ("empty-pdf", "file is empty (0 bytes)"),
        ("scanned", "PDF has no text layer (scanned?): OCR it first"),
        ("empty-text", "text file is empty"),
        ("undecodable", "text file is not decodable as UTF-8 or cp1252"),
    ],
)
def test_bad_document_becomes_a_failed_row_and_the_run_goes_on(
    tmp_path: Path, kind: str, error: str
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    bad = make_bad(kind, inbox)
    out = tmp_path / "out"

    assert main(["run", str(inbox), "--out", str(out), "--quiet"]) == 1

    documents = {Path(r["source"]).name: r for r in read_rows(out / "documents.csv")}
    assert documents[bad.name]["status"] == "failed"
    assert documents[bad.name]["error"].startswith(error)
    assert "\n" not in documents[bad.name]["error"]
    assert documents["good.txt"]["status"] == "ok"
    bad_id = documents[bad.name]["doc_id"]
    for name in ("amounts.csv", "dates.csv", "countries.csv", "programmes.csv"):
        assert all(row["doc_id"] != bad_id for row in read_rows(out / name))
    amounts = read_rows(out / "amounts.csv")
    assert [(a["text"], a["value"], a["currency"]) for a in amounts] == [
        ("SEK 10 million", "10000000", "SEK")
    ]
    assert not (out / "text" / f"{bad_id}.txt").exists()


def test_unsupported_files_are_skipped_not_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (inbox / "minutes.docx").write_bytes(b"PK\x03\x04 zipped word document")
    out = tmp_path / "out"

    assert main(["run", str(inbox), "--out", str(out)]) == 0

    assert [r["source"] for r in read_rows(out / "documents.csv")] == [str(inbox / "good.txt")]
    assert "1 skipped" in capsys.readouterr().out
    assert "minutes.docx: unsupported file type: zip container" in caplog.text


def test_cp1252_text_is_read_with_a_warning(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    legacy = "Côte d’Ivoire received €2 million in 2015."
    (inbox / "legacy.txt").write_bytes(legacy.encode("cp1252"))
    out = tmp_path / "out"

    assert main(["run", str(inbox), "--out", str(out), "--quiet"]) == 0

    [document] = read_rows(out / "documents.csv")
    assert document["status"] == "ok"
    assert "decoded as cp1252" in document["warnings"]
    text = (out / "text" / f"{document['doc_id']}.txt").read_text(encoding="utf-8")
    assert text == legacy


def test_a_missing_input_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "input not found" in capsys.readouterr().err


def test_an_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--no-such-option"])
    assert exit_info.value.code == 2


# --- decoding: valid text in other encodings, and files that are no text at all ----------

NOTE = "Côte d’Ivoire received €2 million from Norway in 2015.\n"


def read_one(path: Path) -> DocumentText:
    sources, skipped = ingest([path])
    assert skipped == []
    return extract_text(sources[0], load_text_rules())


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_with_a_byte_order_mark_is_read_not_refused_as_binary(
    tmp_path: Path, encoding: str
) -> None:
    """UTF-16 text was refused as binary (its NUL bytes); the mark says how to read it."""
    path = tmp_path / "note.txt"
    body = NOTE.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # these codecs write no mark: put it first
        body = "\ufeff".encode(encoding) + body
    path.write_bytes(body)
    document = read_one(path)
    assert (document.text, document.warnings) == (NOTE, ())


def test_a_file_of_only_nul_bytes_is_a_failed_document(tmp_path: Path) -> None:
    """It decoded as UTF-8 (NUL is valid UTF-8), so it went through as an ok empty text."""
    path = tmp_path / "zeros.txt"
    path.write_bytes(b"\x00" * 4096)
    with pytest.raises(DocumentError, match="^text file holds only NUL bytes, no text$"):
        read_one(path)


def test_utf16_text_without_a_byte_order_mark_is_a_failed_document(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(NOTE.encode("utf-16-le"))  # every other byte of the ASCII letters is NUL
    with pytest.raises(DocumentError, match="UTF-16 without a byte-order mark"):
        read_one(path)


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="iso-8859-2">',
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">',
    ],
)
def test_html_in_the_charset_its_meta_declares_is_read_in_that_charset(
    tmp_path: Path, meta: str
) -> None:
    """Read as cp1252 with a warning before: Polish letters came out as other letters."""
    sentence = "Łódź i Gdańsk otrzymały 3 mln zł w 2019 r."
    page = f"<html><head>{meta}<title>Polska</title></head><body><main><p>{sentence}</p></main>"
    path = tmp_path / "polska.html"
    path.write_bytes(f"{page}</body></html>".encode("iso-8859-2"))
    document = read_one(path)
    assert document.text.endswith(sentence)
    assert document.warnings == ()
