"""The two PDF engines (pypdfium2, the default, and pdfplumber, the reference) read alike.

Typeset PDFs (``tests/pdf_factory.py``) must come out as the same text from both; the gold
PDFs in ``../shared/corpus/pdf`` must give the same mentions through the whole pipeline.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from pdf_factory import Layout, typeset
from reportlab.pdfgen import canvas
from test_layout_pdfs import BLOCKS, TITLE, make_pdf

from pipeline.config import PdfEngine
from pipeline.document import Analyzer, process_document
from pipeline.extract_text import extract_text
from pipeline.ingest import ingest
from pipeline.patterns import load_text_rules
from pipeline.pdf_engines import PdfiumReader, PdfplumberReader
from schemas import DocumentResult, SourceDocument

TEXT_RULES = load_text_rules()


def source_of(path: Path) -> SourceDocument:
    (source,), _ = ingest([path])
    return source


def mentions(result: DocumentResult) -> Counter[tuple[str, str, int | None]]:
    rows = [
        *(("amount", m.text, m.page) for m in result.amounts),
        *(("date", m.text, m.page) for m in result.dates),
        *(("country", m.text, m.page) for m in result.countries),
        *(("programme", m.text, m.page) for m in result.programmes),
    ]
    return Counter((kind, " ".join(text.split()), page) for kind, text, page in rows)


@pytest.mark.parametrize("layout", list(Layout))
def test_both_engines_give_the_same_text_on_typeset_pdfs(tmp_path: Path, layout: Layout) -> None:
    source = source_of(make_pdf(tmp_path, layout))
    fast = extract_text(source, TEXT_RULES, PdfEngine.PDFIUM)
    reference = extract_text(source, TEXT_RULES, PdfEngine.PDFPLUMBER)
    assert fast.text == reference.text
    assert fast.pages == reference.pages
    assert fast.removed_furniture == reference.removed_furniture
    assert fast.title == reference.title


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_page_with_rotate_reads_as_displayed_in_both_engines(tmp_path: Path, rotate: int) -> None:
    # The pdfium engine read char boxes in unrotated user space: a page turned by /Rotate
    # gave words off the page, so the layout broke the text into pieces.
    path = typeset(
        tmp_path / f"turned-{rotate}.pdf",
        TITLE,
        BLOCKS * 3,
        Layout.TWO_COLUMNS,
        header="Annual report",
        page_numbers=True,
        rotate=rotate,
    )
    upright = typeset(
        tmp_path / "upright.pdf",
        TITLE,
        BLOCKS * 3,
        Layout.TWO_COLUMNS,
        header="Annual report",
        page_numbers=True,
    )
    source = source_of(path)
    fast = extract_text(source, TEXT_RULES, PdfEngine.PDFIUM)
    reference = extract_text(source, TEXT_RULES, PdfEngine.PDFPLUMBER)
    assert fast.text == reference.text
    assert fast.pages == reference.pages
    assert fast.removed_furniture == reference.removed_furniture
    assert fast.text == extract_text(source_of(upright), TEXT_RULES, PdfEngine.PDFIUM).text


def test_both_engines_give_the_same_word_boxes(tmp_path: Path) -> None:
    path = tmp_path / "words.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 10)
    pdf.drawString(72, 720, "Norway gave USD 4.5 million in 2024.")
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, 690, "Results")
    pdf.showPage()
    pdf.save()
    fast, reference = PdfiumReader(path), PdfplumberReader(path)
    try:
        (fast_page,), (reference_page,) = list(fast.pages()), list(reference.pages())
    finally:
        fast.close()
        reference.close()
    assert [w.text for w in fast_page.words] == [w.text for w in reference_page.words]
    for mine, theirs in zip(fast_page.words, reference_page.words, strict=True):
        assert (mine.x0, mine.x1, mine.top, mine.bottom, mine.size) == pytest.approx(
            (theirs.x0, theirs.x1, theirs.top, theirs.bottom, theirs.size), abs=0.5
        )
        assert mine.is_bold == theirs.is_bold


def gold_documents(shared: Path) -> list[str]:
    lines = (shared / "gold" / "pdf.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["doc"] for line in lines if line.strip()]


def test_both_engines_give_the_same_mentions_on_the_gold_pdfs(
    shared: Path, analyzer: Analyzer
) -> None:
    names = gold_documents(shared)
    assert names
    for name in names:
        source = source_of(shared / "corpus" / "pdf" / name)
        fast = process_document(analyzer, source, PdfEngine.PDFIUM)
        reference = process_document(analyzer, source, PdfEngine.PDFPLUMBER)
        assert fast.document.status == reference.document.status == "ok", name
        assert mentions(fast) == mentions(reference), name


def raw_pdf(
    path: Path, content: bytes, contents: bytes = b"5 0 R", extra: Sequence[bytes] = ()
) -> Path:
    """A one-page PDF written byte by byte: ``content`` is object 5, a Flate stream."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
        + contents
        + b" /Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
        *extra,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(out)
    return path


def page_content(lines: int) -> bytes:
    body = b"BT /F1 10 Tf 14 TL 72 760 Td\n"
    for number in range(lines):
        body += b"(Line %d: Norway gave USD %d million to Ghana.) Tj T*\n" % (number, number + 1)
    return body + b"ET\n"


@pytest.mark.parametrize("engine", list(PdfEngine))
def test_a_pdf_with_a_flipped_byte_in_its_content_stream_is_reported_damaged(
    tmp_path: Path, analyzer: Analyzer, engine: PdfEngine
) -> None:
    import zlib

    packed = bytearray(zlib.compress(page_content(40)))
    packed[len(packed) // 3] ^= 0x55
    damaged = source_of(raw_pdf(tmp_path / "damaged.pdf", bytes(packed)))
    intact = source_of(raw_pdf(tmp_path / "intact.pdf", zlib.compress(page_content(40))))
    complaint = "page 1: content stream is damaged (incorrect data check)"

    whole = process_document(analyzer, intact, engine)
    assert whole.document.status == "ok" and whole.warnings == ()
    assert len(whole.amounts) == 40
    result = process_document(analyzer, damaged, engine)
    if result.document.status == "ok":  # what was read is kept, and the loss is said
        assert len(result.amounts) < 40
        (warning,) = result.warnings  # pdfminer's own complaint may follow ours
        assert warning.startswith(f"PDF is damaged, text may be incomplete: {complaint}")
    else:
        assert result.document.error.startswith(f"PDF is damaged, no text was read: {complaint}")


@pytest.mark.parametrize("engine", list(PdfEngine))
def test_a_pdf_whose_contents_reference_loops_fails_without_hanging(
    tmp_path: Path, analyzer: Analyzer, engine: PdfEngine
) -> None:
    # /Contents 6 0 R; object 6 is 7 0 R and object 7 is 6 0 R (pdfminer follows it forever)
    path = raw_pdf(tmp_path / "loop.pdf", b"", contents=b"6 0 R", extra=[b"7 0 R", b"6 0 R"])
    result = process_document(analyzer, source_of(path), engine)
    assert result.document.status == "failed"
    assert result.document.error == "PDF is corrupt: page 1: a chain of object references loops"


def test_the_pdf_engine_reaches_the_workers_and_a_switch_processes_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import main

    inbox = tmp_path / "in"
    inbox.mkdir()
    make_pdf(inbox, Layout.TWO_COLUMNS)
    out = tmp_path / "out"
    base = ["run", str(inbox), "--out", str(out), "--workers", "2", "-q"]
    reference = [*base, "--pdf-engine", "pdfplumber"]
    assert main(reference) == 0
    assert main(reference) == 0
    assert main(base) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "documents ok" in line]
    assert [line.split("; ")[2].split(",")[:2] for line in lines] == [
        ["1 processed", " 0 unchanged"],
        ["0 processed", " 1 unchanged"],
        ["1 processed", " 0 unchanged"],
    ]
    with pytest.raises(SystemExit) as refused:
        main([*base, "--pdf-engine", "poppler"])
    assert refused.value.code == 2
    assert "invalid choice: 'poppler'" in capsys.readouterr().err


def draw_rules_and_curve(path: Path, curve_points: int) -> Path:
    """A page with six ruling lines and a polyline of ``curve_points`` points (a chart)."""
    pdf = canvas.Canvas(str(path))
    for y in (700, 680, 660):
        pdf.line(72, y, 300, y)
    for x in (72, 186, 300):
        pdf.line(x, 660, x, 700)
    if curve_points:
        curve = pdf.beginPath()
        curve.moveTo(72, 400)
        for i in range(1, curve_points):
            curve.lineTo(72 + i, 400 + (i % 7) * 3)
        pdf.drawPath(curve)
    pdf.drawString(80, 685, "Grant | Amount")
    pdf.save()
    return path


def test_a_drawing_over_the_segment_budget_gives_no_edges_and_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdfium2

    import pipeline.pdf_engines.pdfium as engine

    monkeypatch.setattr(engine, "MAX_PATH_SEGMENTS", 40)
    read: list[int] = []
    straight = engine.PdfiumPage._straight_segments

    def counting(self: engine.PdfiumPage, pdfium_c: object, paths: list) -> list:  # type: ignore[type-arg]
        read.append(len(paths))
        return straight(self, pdfium_c, paths)

    monkeypatch.setattr(engine.PdfiumPage, "_straight_segments", counting)
    found = []
    for points in (0, 60):
        pdf = pypdfium2.PdfDocument(str(draw_rules_and_curve(tmp_path / f"c{points}.pdf", points)))
        found.append(len(engine.PdfiumPage(pdf[0]).edges()))
        pdf.close()
    assert found == [6, 0]
    assert read == [6]  # the page with the chart: its 72 segments were counted, none read
