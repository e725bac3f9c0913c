"""The review report: highlighted text, escaping, generic kinds, index (no browser here;
tests/test_review_browser.py renders the pages in Chromium)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from review_folders import (
    DOC_A,
    DOC_B,
    DOC_FAILED,
    HOSTILE,
    TEXT_A,
    mention_ids,
    review_folder,
)

from pipeline.cli import main
from pipeline.review import write_review
from pipeline.review.markup import highlight_text, mention_highlight


def elements(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(f"<div>{markup}</div>")


def spans_of(tree: lxml.html.HtmlElement) -> dict[str, str]:
    """mention_id -> the text of its element plus its continuations."""
    found = {}
    for node in tree.xpath("//*[@data-mention-id]"):
        ident = node.get("data-mention-id")
        rest = tree.xpath("//*[@data-continues=$i]", i=ident)
        found[ident] = node.text_content() + "".join(n.text_content() for n in rest)
    return found


@pytest.mark.parametrize(
    "spans, expected",
    [
        # a country inside a programme name: nested
        ([("p", 0, 31), ("c", 0, 5)], {"p": "Korea-ILO Partnership Programme", "c": "Korea"}),
        # same extent, two kinds
        ([("a", 6, 9), ("b", 6, 9)], {"a": "ILO", "b": "ILO"}),
        # crossing spans: the later one is split, still one element with its id
        ([("x", 0, 9), ("y", 6, 21)], {"x": "Korea-ILO", "y": "ILO Partnership"}),
        # an empty span still has its element
        ([("e", 5, 5)], {"e": ""}),
        # a span past the end of the text is clamped, not lost
        ([("z", 22, 99)], {"z": "Programme"}),
    ],
)
def test_every_mention_is_one_element_with_its_id(
    spans: list[tuple[str, int, int]], expected: dict[str, str]
) -> None:
    text = "Korea-ILO Partnership Programme"
    markup = highlight_text(text, [mention_highlight(i, "k-x", s, e, 0) for i, s, e in spans])
    tree = elements(markup)
    assert tree.text_content() == text
    assert spans_of(tree) == expected
    assert len(tree.xpath("//*[@data-mention-id]")) == len(spans)


def test_highlighted_text_escapes_the_document() -> None:
    markup = highlight_text(HOSTILE, [mention_highlight('x" onmouseover="a', "k-x", 0, 8, 0)])
    tree = elements(markup)
    assert tree.xpath("//script | //img | //*[@onerror] | //*[@onmouseover]") == []
    assert tree.text_content() == HOSTILE
    assert tree.xpath("//span/@data-mention-id") == ['x" onmouseover="a']


def test_page_breaks_are_marked_where_pages_start() -> None:
    markup = highlight_text("one\ntwo", [mention_highlight("m", "k-x", 2, 6, 0)], [(4, 2)])
    tree = elements(markup)
    (marker,) = tree.xpath("//*[@class='page-break']")
    assert marker.get("data-page") == "2"
    assert marker.getparent().get("data-mention-id") == "m"  # inside the open mention
    assert tree.text_content() == "one\ntwo"


@pytest.fixture
def report(tmp_path: Path) -> Path:
    out = review_folder(tmp_path / "out")
    write_review(out)
    return out / "review"


def page(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def test_document_page_has_one_element_per_mention_row_of_every_kind(report: Path) -> None:
    tree = page(report / f"{DOC_A}.html")
    ids = tree.xpath("//*[@id='text']//@data-mention-id")
    assert sorted(ids) == sorted(mention_ids(report.parent, DOC_A))
    assert f"{DOC_A}:organization:2" in ids  # a kind the pipeline does not write yet
    assert len(tree.xpath("//*[@data-mention-id]")) == len(ids)  # tables do not repeat them
    assert tree.xpath("//*[@id='text']")[0].text_content() == TEXT_A


def test_document_page_marks_the_page_break_and_places_the_reject(report: Path) -> None:
    tree = page(report / f"{DOC_A}.html")
    assert tree.xpath("//*[@id='text']//*[@class='page-break']/@data-page") == ["2"]
    (reject,) = tree.xpath("//*[@id='text']//*[@data-reject]")
    assert reject.text_content() == "alert(3)"
    reason = tree.xpath("//tr[@id='row-reject-1']/td/text()")
    assert "no currency" in reason


def test_document_page_lists_funding_facts_linked_to_their_amount(report: Path) -> None:
    tree = page(report / f"{DOC_A}.html")
    (link,) = tree.xpath("//section[@id='table-funding']//a/@href")
    assert link == f"#{DOC_A}:amount:2"
    assert tree.xpath(f"//*[@id='{DOC_A}:amount:2']/@data-mention-id") == [f"{DOC_A}:amount:2"]


def test_table_rows_link_to_their_span(report: Path) -> None:
    tree = page(report / f"{DOC_A}.html")
    links = tree.xpath("//section[@id='table-country']//a/@href")
    assert links == [f"#{DOC_A}:country:{n}" for n in (1, 2, 3)]


def test_hostile_text_title_and_source_are_shown_as_text(report: Path) -> None:
    for name in (f"{DOC_A}.html", "index.html"):
        tree = page(report / name)
        assert len(tree.xpath("//script")) == 1  # the report's own script only
        assert tree.xpath("//img | //*[@onerror]") == []
        assert HOSTILE in tree.text_content()


def test_pages_allow_only_their_own_script(report: Path) -> None:
    tree = page(report / "index.html")
    (policy,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy.split("script-src")[1]


def test_index_lists_every_document_failed_first(report: Path) -> None:
    tree = page(report / "index.html")
    rows = tree.xpath("//table[@id='documents']/tbody/tr/@data-doc-id")
    assert rows[0] == DOC_FAILED
    assert sorted(rows) == sorted([DOC_A, DOC_B, DOC_FAILED])
    links = tree.xpath("//table[@id='documents']//a/@href")
    assert sorted(links) == sorted(f"{d}.html" for d in (DOC_A, DOC_B, DOC_FAILED))
    failed = page(report / f"{DOC_FAILED}.html")
    assert "PDF has no text layer" in failed.text_content()


def test_index_counts_every_kind(report: Path) -> None:
    tree = page(report / "index.html")
    heads = [th.text_content() for th in tree.xpath("//table[@id='documents']/thead//th")]
    row = tree.xpath(f"//tr[@data-doc-id='{DOC_A}']/td")
    cells = {head: cell.text_content() for head, cell in zip(heads, row, strict=True)}
    assert {k: cells[k] for k in ("amount", "date", "country", "programme", "organization")} == {
        "amount": "2", "date": "1", "country": "3", "programme": "1", "organization": "2",
    }  # fmt: skip
    assert cells["rejects"] == "1"


def test_pages_of_documents_no_longer_in_the_output_are_removed(report: Path) -> None:
    (report / "0000000000000000.html").write_text("old", encoding="utf-8")
    write_review(report.parent)
    assert sorted(p.name for p in report.glob("*.html")) == sorted(
        ["index.html", f"{DOC_A}.html", f"{DOC_B}.html", f"{DOC_FAILED}.html"]
    )


def test_review_of_a_folder_without_outputs_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", str(tmp_path)]) == 2
    assert "is not an output folder (no documents.csv)" in capsys.readouterr().err


def test_run_with_review_writes_the_report(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text("Norway gave NOK 3 million in 2020.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(inbox), "--out", str(out), "--workers", "1", "--review", "-q"]) == 0
    tree = page(out / "review" / "index.html")
    (doc_id,) = tree.xpath("//table[@id='documents']/tbody/tr/@data-doc-id")
    text = page(out / "review" / f"{doc_id}.html").xpath("//*[@id='text']")[0]
    assert text.xpath(".//@data-mention-id") == [
        f"{doc_id}:country:1", f"{doc_id}:amount:1", f"{doc_id}:date:1"
    ]  # fmt: skip


def test_corrected_rows_and_corrections_are_shown(tmp_path: Path, analyzer: object) -> None:
    from pipeline.run import run

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = "Norway gave NOK 3 million to Malawi in 2020.\n"
    (inbox / "note.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run([inbox], out, analyzer)  # type: ignore[arg-type]
    (doc_id,) = [p.stem for p in (out / "text").glob("*.txt")]
    nok, malawi = text.index("NOK"), text.index("Malawi")
    (out / "corrections.csv").write_text(
        "doc_id,kind,char_start,char_end,text,action,field,value,note\n"
        f"{doc_id},amount,{nok},{nok + 13},NOK 3 million,set,qualifier,approx,about\n"
        f"{doc_id},country,{malawi},{malawi + 6},Malawi,drop,,,\n"
        f"{doc_id},date,0,6,Sweden,drop,,,stale <b>note</b>\n",
        encoding="utf-8",
    )
    run([inbox], out, analyzer)  # type: ignore[arg-type]
    write_review(out)
    tree = page(out / "review" / f"{doc_id}.html")
    assert tree.xpath("//*[contains(@class, 'rv')]/@data-mention-id") == [f"{doc_id}:amount:1"]
    (dropped,) = tree.xpath("//*[@id='text']//del[@data-dropped]")
    assert (dropped.get("data-dropped"), dropped.text_content()) == ("3", "Malawi")
    assert f"{doc_id}:country:2" not in tree.xpath("//@data-mention-id")
    statuses = tree.xpath("//section[@id='corrections']//tr[@class]/@class")
    assert statuses == [
        "correction status-applied", "correction status-applied",
        "correction status-text_mismatch",
    ]  # fmt: skip
    assert "stale <b>note</b>" in tree.xpath("//section[@id='corrections']")[0].text_content()
    index = page(out / "review" / "index.html")
    heads = [th.text_content() for th in index.xpath("//table[@id='documents']/thead//th")]
    cells = [td.text_content() for td in index.xpath(f"//tr[@data-doc-id='{doc_id}']/td")]
    assert dict(zip(heads, cells, strict=True))["not applied"] == "1"


def test_index_counts_funding_facts_when_the_output_has_them(report: Path) -> None:
    tree = page(report / "index.html")
    heads = [th.text_content() for th in tree.xpath("//table[@id='documents']/thead//th")]
    counts = {
        doc_id: dict(zip(heads, [td.text_content() for td in tree.xpath(
            f"//tr[@data-doc-id='{doc_id}']/td")], strict=True))["funding facts"]
        for doc_id in (DOC_A, DOC_B)
    }  # fmt: skip
    assert counts == {DOC_A: "1", DOC_B: "0"}


def test_review_open_opens_the_index_in_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    out = review_folder(tmp_path / "out")
    assert main(["review", str(out), "--open"]) == 0
    index = out / "review" / "index.html"
    assert opened == [index.resolve().as_uri()]
    assert capsys.readouterr().out == f"review: {index}\n"


def test_corrections_of_documents_not_in_the_output_are_listed_on_the_index(
    tmp_path: Path,
) -> None:
    from review_folders import write_csv

    out = review_folder(tmp_path / "out")
    columns = ["line", "doc_id", "kind", "char_start", "char_end", "text", "action", "field",
               "value", "note", "status", "reason", "mention_id"]  # fmt: skip
    write_csv(out / "corrections_status.csv", columns, [
        {"line": 2, "doc_id": "0000000000000000", "kind": "amount", "char_start": 1,
         "char_end": 5, "text": "<b>x</b>", "action": "drop", "status": "unknown_document",
         "reason": "no such document in the output: it changed (a new doc_id) or is gone"},
    ])  # fmt: skip
    write_review(out)
    tree = page(out / "review" / "index.html")
    (section,) = tree.xpath("//section[@id='orphan-corrections']")
    cells = [td.text_content() for td in section.xpath(".//tbody/tr/td")]
    assert cells[:3] == ["2", "0000000000000000", "amount"]
    assert "<b>x</b>" in cells and "unknown_document" in cells
