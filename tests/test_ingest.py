"""Stage 1: files are identified by content, hashed, and unsupported types are skipped."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pypdfium2
import pytest
from pdf_factory import para, typeset

from pipeline.errors import UsageError
from pipeline.ingest import ingest, work_estimate
from schemas import MediaType


@pytest.mark.parametrize(
    "name, content, media_type",
    [
        ("note.txt", b"The ILO opened an office.", MediaType.TEXT),
        ("page.html", b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", MediaType.HTML),
        ("page.txt", b"  <html><body><p>Hi</p></body></html>", MediaType.HTML),
        ("brief.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", MediaType.PDF),
        ("renamed.bin", b"%PDF-1.4\n1 0 obj\n", MediaType.PDF),
        ("broken.pdf", b"not a pdf at all", MediaType.PDF),
        ("README", b"plain words without a suffix", MediaType.TEXT),
    ],
)
def test_media_type_comes_from_content(
    tmp_path: Path, name: str, content: bytes, media_type: MediaType
) -> None:
    (tmp_path / name).write_bytes(content)
    documents, skipped = ingest([tmp_path])
    assert [d.media_type for d in documents] == [media_type]
    assert skipped == []


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("report.docx", b"PK\x03\x04rest-of-zip", "unsupported file type: zip container"),
        ("photo.png", b"\x89PNG\r\n\x1a\n", "unsupported file type: PNG image"),
        ("photo.jpg", b"\xff\xd8\xff\xe0", "unsupported file type: JPEG image"),
        ("table.xlsb", b"\x01\x02binary", "unsupported file type: .xlsb"),
        ("README.md", b"# About this folder", "unsupported file type: .md"),
    ],
)
def test_unsupported_files_are_skipped_with_a_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(content)
    documents, skipped = ingest([tmp_path])
    assert documents == []
    assert [s.source for s in skipped] == [str(tmp_path / name)]
    assert skipped[0].reason.startswith(reason)


def test_doc_id_is_the_content_hash_and_survives_renaming(tmp_path: Path) -> None:
    content = b"Norway gave NOK 45 million in 2019."
    (tmp_path / "a.txt").write_bytes(content)
    first, _ = ingest([tmp_path])
    (tmp_path / "a.txt").rename(tmp_path / "b.txt")
    second, _ = ingest([tmp_path])
    digest = hashlib.sha256(content).hexdigest()
    assert first[0].doc_id == second[0].doc_id == digest[:16]
    assert first[0].sha256 == digest
    assert second[0].source.endswith("b.txt")


def test_same_content_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Kenya and Uganda.")
    (tmp_path / "copy.txt").write_text("Kenya and Uganda.")
    documents, skipped = ingest([tmp_path])
    assert len(documents) == 1
    assert skipped[0].reason == f"same content as {tmp_path / 'a.txt'}"


def test_hidden_files_are_ignored_and_order_is_stable(tmp_path: Path) -> None:
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("bee")
    (tmp_path / "a.txt").write_text("ay")
    documents, _ = ingest([tmp_path])
    assert [Path(d.source).name for d in documents] == ["a.txt", "b.txt"]


def test_a_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="input not found"):
        ingest([tmp_path / "nowhere"])


def test_a_long_pdf_of_few_bytes_is_handed_out_before_a_big_short_one(tmp_path: Path) -> None:
    """Documents are handed to the workers longest first, and a PDF's length is its page
    count, not its size: a 2-page brochure of images is bigger than a 20-page report."""
    report = typeset(
        tmp_path / "report.pdf", "Annual report", [para("Text. " * 40)] * 20, column_height=200
    )
    brochure = tmp_path / "brochure.pdf"
    brochure.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [] /Count 2 >> endobj\n" + b"\0" * 400_000
    )
    notes = tmp_path / "notes.txt"
    notes.write_text("A line of notes.\n" * 600, encoding="utf-8")
    by_name = {Path(s.source).name: s for s in ingest([tmp_path])[0]}
    assert by_name["report.pdf"].size < by_name["brochure.pdf"].size
    assert work_estimate(by_name["report.pdf"]) == len(pypdfium2.PdfDocument(report)) > 2
    assert work_estimate(by_name["brochure.pdf"]) == 2
    assert work_estimate(by_name["notes.txt"]) == 3  # 10,200 bytes, 4,000 a page


def test_a_pdf_whose_pages_cannot_be_counted_is_estimated_by_its_size(tmp_path: Path) -> None:
    (tmp_path / "packed.pdf").write_bytes(b"%PDF-1.5\n" + b"x" * 250_000)
    (source,) = ingest([tmp_path])[0]
    assert work_estimate(source) == 3
