"""A reviewer's corrections: read and checked, matched by document, kind and span against
the text, applied at export on every run, and never applied to the wrong text."""

from __future__ import annotations

import csv
import logging
from decimal import Decimal
from pathlib import Path

import pytest
from texts import TEST_DOC_ID, text_document

from pipeline.cli import main
from pipeline.config import Settings
from pipeline.corrections import (
    COLUMNS,
    Correction,
    CorrectionsError,
    Outcome,
    apply_corrections,
    read_corrections,
)
from pipeline.document import Analyzer, analyse, failed_result
from pipeline.export import OUTPUT_FILES
from pipeline.run import run
from schemas import DocumentResult, MediaType, SourceDocument

TEXT = "Norway gave NOK 3 million to Malawi in 2020. Later, Sweden gave SEK 5 million in 2021.\n"
NOK = TEXT.index("NOK 3 million")
SEK = TEXT.index("SEK 5 million")
HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def result(analyzer: Analyzer) -> DocumentResult:
    found = analyse(analyzer, text_document(TEXT))
    assert [(a.text, a.char_start) for a in found.amounts] == [
        ("NOK 3 million", NOK), ("SEK 5 million", SEK)
    ]  # fmt: skip
    return found


def line(number: int, **fields: object) -> Correction:
    values: dict[str, object] = {"doc_id": TEST_DOC_ID, "kind": "amount", "field": "",
                                 "value": "", "note": ""}  # fmt: skip
    values.update(fields)
    if "fields" in values:
        values["fields"] = tuple(values["fields"])  # type: ignore[arg-type]
    return Correction(line=number, **values)  # type: ignore[arg-type]


def drop(number: int, start: int, text: str, **fields: object) -> Correction:
    return line(number, char_start=start, char_end=start + len(text), text=text, action="drop",
                **fields)  # fmt: skip


def currencies(result: DocumentResult) -> list[tuple[str, str]]:
    return [(a.mention_id.rsplit(":", 1)[1], a.currency) for a in result.amounts]


@pytest.mark.parametrize(
    "corrections, statuses, reason_has, amounts",
    [
        pytest.param(
            [drop(2, NOK, "NOK 3 million")], ["applied"], "", [("2", "SEK")], id="exact span",
        ),
        pytest.param(
            [drop(2, NOK + 1, "NOK 3 million")], ["text_mismatch"],
            f"'NOK 3 million' is now at {NOK}-{NOK + 13}", [("1", "NOK"), ("2", "SEK")],
            id="moved span",
        ),
        pytest.param(
            [drop(2, NOK, "NZD 3 million")], ["text_mismatch"],
            "the span now holds 'NOK 3 million'", [("1", "NOK"), ("2", "SEK")],
            id="changed text",
        ),
        pytest.param(
            [drop(2, NOK, "NOK 3 million", doc_id="feedfacefeedface")], ["unknown_document"],
            "changed (a new doc_id) or is gone", [("1", "NOK"), ("2", "SEK")],
            id="changed document",
        ),
        pytest.param(
            [drop(2, NOK, "NOK 3 million"), drop(3, NOK, "NOK 3 million", note="again")],
            ["applied", "duplicate"], "the same as line 2", [("2", "SEK")],
            id="duplicate correction",
        ),
        pytest.param(
            [line(2, char_start=SEK, char_end=SEK + 13, text="SEK 5 million", action="add",
                  fields=[("value", "5000000"), ("currency", "SEK"), ("qualifier", "exact"),
                          ("per", "total")])],
            ["already_present"], f"{TEST_DOC_ID}:amount:2 is at this span; use set",
            [("1", "NOK"), ("2", "SEK")], id="add over an existing mention",
        ),
        pytest.param(
            [drop(2, NOK, "NOK 3")], ["no_mention"],
            f"overlapping: {TEST_DOC_ID}:amount:1 at {NOK}-{NOK + 13}",
            [("1", "NOK"), ("2", "SEK")], id="span inside a mention",
        ),
        pytest.param(
            [line(2, char_start=NOK, char_end=NOK + 13, text="NOK 3 million", action="set",
                  field="currency", value="DKK")],
            ["applied"], "", [("1", "DKK"), ("2", "SEK")], id="set a field",
        ),
        pytest.param(
            [line(2, char_start=NOK, char_end=NOK + 13, text="NOK  3\nmillion", action="set",
                  field="currency", value="DKK")],
            ["applied"], "", [("1", "DKK"), ("2", "SEK")], id="text compared whitespace-collapsed",
        ),
    ],
)  # fmt: skip
def test_matching_a_correction(
    result: DocumentResult,
    corrections: list[Correction],
    statuses: list[str],
    reason_has: str,
    amounts: list[tuple[str, str]],
) -> None:
    (corrected,), outcomes = apply_corrections([result], corrections)
    assert [o.status.value for o in outcomes] == statuses
    assert reason_has in " | ".join(o.reason for o in outcomes)
    assert currencies(corrected) == amounts
    assert (corrected.countries, corrected.dates) == (result.countries, result.dates)


def test_a_set_marks_the_row_reviewed_and_keeps_its_provenance(result: DocumentResult) -> None:
    fix = line(2, char_start=SEK, char_end=SEK + 13, text="SEK 5 million", action="set",
               field="value", value="5500000")  # fmt: skip
    (corrected,), (outcome,) = apply_corrections([result], [fix])
    assert outcome.mention_id == f"{TEST_DOC_ID}:amount:2"
    assert corrected.amounts[1] == result.amounts[1].model_copy(update={"value": Decimal(5500000)})
    assert corrected.reviewed == ((f"{TEST_DOC_ID}:amount:2", "set"),)


def test_an_added_mention_is_numbered_after_the_last_and_gets_its_provenance(
    result: DocumentResult,
) -> None:
    start = TEXT.index("Malawi")
    add = line(2, kind="programme", char_start=start, char_end=start + 6, text="Malawi",
               action="add", fields=[("name", "Malawi Skills"), ("acronym", "")])  # fmt: skip
    (corrected,), (outcome,) = apply_corrections([result], [add])
    assert outcome.status is Outcome.APPLIED
    (row,) = corrected.programmes
    assert row.model_dump() == {
        "doc_id": TEST_DOC_ID, "mention_id": f"{TEST_DOC_ID}:programme:1", "text": "Malawi",
        "page": 1, "char_start": start, "char_end": start + 6,
        "sentence": "Norway gave NOK 3 million to Malawi in 2020.", "pattern_id": "correction",
        "name": "Malawi Skills", "acronym": None,
    }  # fmt: skip
    assert corrected.reviewed == ((f"{TEST_DOC_ID}:programme:1", "add"),)


def test_dropping_an_amount_clears_the_equivalent_that_pointed_at_it(analyzer: Analyzer) -> None:
    text = "Ireland gave EUR 4 million (about US$ 4.4 million) in 2019.\n"
    found = analyse(analyzer, text_document(text))
    assert found.amounts[1].equivalent_of == f"{TEST_DOC_ID}:amount:1"
    fix = drop(2, text.index("EUR"), "EUR 4 million")
    (corrected,), _ = apply_corrections([found], [fix])
    assert [(a.text, a.equivalent_of) for a in corrected.amounts] == [("US$ 4.4 million", None)]


def test_a_set_of_an_invalid_value_is_an_error_naming_the_line(result: DocumentResult) -> None:
    bad = line(7, char_start=NOK, char_end=NOK + 13, text="NOK 3 million", action="set",
               field="currency", value="XYZ")  # fmt: skip
    expected = r"line 7: set currency='XYZ' on .*:amount:1: currency: Value error, 'XYZ' is not"
    with pytest.raises(CorrectionsError, match=expected + " an ISO 4217 currency code"):
        apply_corrections([result], [bad])


def test_a_correction_for_a_failed_document_is_not_applied() -> None:
    source = SourceDocument(doc_id="f" * 16, source="x.pdf", sha256="f" * 64,
                            media_type=MediaType.PDF, size=3)  # fmt: skip
    failed = failed_result(source, "PDF has no pages", 0.0)
    _, (outcome,) = apply_corrections([failed], [drop(2, 0, "x", doc_id="f" * 16)])
    assert (outcome.status, outcome.reason) == (
        Outcome.DOCUMENT_FAILED, "the document failed: PDF has no pages"
    )  # fmt: skip


# --- reading the file ---------------------------------------------------------------------

GOOD = f"{TEST_DOC_ID},amount,{NOK},{NOK + 13},NOK 3 million"


@pytest.mark.parametrize(
    "lines, message",
    [
        ([f"{GOOD},drop,,,", f"{TEST_DOC_ID},money,1,4,abc,drop,,,"],
         ":3: unknown kind 'money' (known: amount, date, country, programme"),
        ([f"{GOOD},remove,,,"], ":2: unknown action 'remove' (drop, set, add)"),
        ([f"{GOOD},set,amount,5,"], ":2: unknown field 'amount' for set on amount (one of value, "
                                    "currency, qualifier, per, equivalent_of)"),
        ([f"{GOOD},set,char_start,5,"], ":2: unknown field 'char_start'"),
        ([f"{GOOD},drop,,,,extra"], ":2: 10 fields, the header has 9"),
        ([f"{TEST_DOC_ID},amount,ten,20,NOK,drop,,,"], ":2: char_start and char_end must be whole"),
        ([f"{TEST_DOC_ID},amount,20,10,NOK,drop,,,"], ":2: need 0 <= char_start < char_end"),
        ([f"{GOOD},drop,currency,,"], ":2: drop takes no field or value"),
        ([f"{GOOD},add,,value=3000000;currency=NOK,"],
         ":2: add: qualifier: Field required; per: Field required"),
        ([f"{GOOD},add,,value=-3;currency=NOK;qualifier=exact;per=total,"],
         ":2: add: value: Value error, amount must be positive"),
        ([f"{GOOD},add,,currency,"], ":2: add value 'currency' is not field=value"),
        ([f"{GOOD},set,currency,DKK,", "", f"{GOOD},drop,,,"],
         ":4: conflicts with line 2 (drop and set of the same amount"),
        ([f"{GOOD},set,currency,DKK,", f"{GOOD},set,currency,SEK,"], ":3: conflicts with line 2"),
        ([f'{GOOD},drop,,,"unclosed'], ":2: unexpected end of data"),
    ],
)  # fmt: skip
def test_a_bad_corrections_file_is_an_error_naming_the_line(
    tmp_path: Path, lines: list[str], message: str
) -> None:
    path = tmp_path / "corrections.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    with pytest.raises(CorrectionsError) as caught:
        read_corrections(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_a_header_without_the_columns_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "corrections.csv"
    path.write_text("doc_id,kind,start,end,text,action,field,value,note\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match=r":1: the header must name the columns .* "
                       r"\(missing char_start, char_end; unknown start, end\)"):  # fmt: skip
        read_corrections(path)


def test_set_of_different_fields_of_one_mention_and_a_bom_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "corrections.csv"
    content = "\n".join([HEADER, f"{GOOD},set,currency,DKK,", f"{GOOD},set,per,year,"])
    path.write_bytes(b"\xef\xbb\xbf" + content.encode())
    assert [(c.line, c.field) for c in read_corrections(path).corrections] == [
        (2, "currency"), (3, "per")
    ]  # fmt: skip


# --- in a run -----------------------------------------------------------------------------


def write_corrections(path: Path, rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS), restval="")
        writer.writeheader()
        writer.writerows(rows)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "note.txt").write_text(TEXT, encoding="utf-8")
    return folder


def doc_id_of(out: Path) -> str:
    return read_rows(out / "documents.csv")[0]["doc_id"]


def test_corrections_apply_on_a_no_change_rerun_and_with_force(
    inbox: Path, tmp_path: Path, analyzer: Analyzer
) -> None:
    out = tmp_path / "out"
    run([inbox], out, analyzer)
    doc_id = doc_id_of(out)
    write_corrections(out / "corrections.csv", [
        {"doc_id": doc_id, "kind": "amount", "char_start": SEK, "char_end": SEK + 13,
         "text": "SEK 5 million", "action": "set", "field": "currency", "value": "DKK"},
        {"doc_id": doc_id, "kind": "country", "char_start": TEXT.index("Malawi"),
         "char_end": TEXT.index("Malawi") + 6, "text": "Malawi", "action": "drop"},
    ])  # fmt: skip
    for settings in (Settings(), Settings(force=True)):
        summary = run([inbox], out, analyzer, settings=settings)
        amounts = read_rows(out / "amounts.csv")
        assert [(a["currency"], a["reviewed"]) for a in amounts] == [("NOK", ""), ("DKK", "set")]
        countries = [c["text"] for c in read_rows(out / "countries.csv")]
        assert countries == ["Norway", "Sweden"]
        assert "corrections: 2 applied, 0 not applied" in summary.line()
        assert summary.counts()["countries"] == 2
    assert [r["status"] for r in read_rows(out / "corrections_status.csv")] == ["applied"] * 2
    unchanged = snapshot(out)
    summary = run([inbox], out, analyzer)
    assert (len(summary.processed), snapshot(out)) == (0, unchanged)  # nothing to rewrite
    assert "corrections: 2 applied, 0 not applied" in summary.line()


def test_removing_the_corrections_file_restores_the_extracted_rows(
    inbox: Path, tmp_path: Path, analyzer: Analyzer
) -> None:
    out = tmp_path / "out"
    run([inbox], out, analyzer)
    before = snapshot(out)
    doc_id = doc_id_of(out)
    write_corrections(out / "corrections.csv", [
        {"doc_id": doc_id, "kind": "amount", "char_start": NOK, "char_end": NOK + 13,
         "text": "NOK 3 million", "action": "drop"},
    ])  # fmt: skip
    run([inbox], out, analyzer)
    assert len(read_rows(out / "amounts.csv")) == 1
    (out / "corrections.csv").unlink()
    run([inbox], out, analyzer)
    assert snapshot(out) == before
    assert not (out / "corrections_status.csv").exists()


def test_a_stale_correction_is_listed_in_the_log_the_summary_and_the_status_file(
    inbox: Path, tmp_path: Path, analyzer: Analyzer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="ilo_extract")  # whatever an earlier CLI test set
    out = tmp_path / "out"
    run([inbox], out, analyzer)
    write_corrections(out / "corrections.csv", [
        {"doc_id": "0123456789abcdef", "kind": "amount", "char_start": NOK,
         "char_end": NOK + 13, "text": "NOK 3 million", "action": "drop", "note": "old file"},
    ])  # fmt: skip
    for _ in range(2):  # the rewrite, then a no-change re-run: listed both times
        caplog.clear()
        summary = run([inbox], out, analyzer)
        assert "corrections: 0 applied, 1 not applied" in summary.line()
        assert summary.event()["corrections"] == {"applied": 0, "not_applied": [
            {"line": 2, "status": "unknown_document",
             "reason": "no such document in the output: it changed (a new doc_id) or is gone"},
        ]}  # fmt: skip
        assert [r.getMessage() for r in caplog.records if "correction" in r.getMessage()] == [
            "correction not applied: line 2 (drop amount "
            f"{NOK}-{NOK + 13} 'NOK 3 million' in 0123456789abcdef): unknown_document: no such "
            "document in the output: it changed (a new doc_id) or is gone"
        ]
    (status,) = read_rows(out / "corrections_status.csv")
    assert (status["status"], status["note"]) == ("unknown_document", "old file")
    assert len(read_rows(out / "amounts.csv")) == 2


def test_an_edited_document_gets_a_new_doc_id_and_its_corrections_are_not_applied(
    inbox: Path, tmp_path: Path, analyzer: Analyzer
) -> None:
    out = tmp_path / "out"
    run([inbox], out, analyzer)
    doc_id = doc_id_of(out)
    write_corrections(out / "corrections.csv", [
        {"doc_id": doc_id, "kind": "amount", "char_start": NOK, "char_end": NOK + 13,
         "text": "NOK 3 million", "action": "drop"},
    ])  # fmt: skip
    (inbox / "note.txt").write_text("Note. " + TEXT, encoding="utf-8")
    summary = run([inbox], out, analyzer)
    assert [o.status for o in summary.corrections] == [Outcome.UNKNOWN_DOCUMENT]
    assert [a["text"] for a in read_rows(out / "amounts.csv")] == ["NOK 3 million", "SEK 5 million"]


def test_a_bad_corrections_file_exits_2_and_leaves_the_outputs_as_they_were(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["run", str(inbox), "--out", str(out), "--workers", "1", "-q"]
    assert main(args) == 0
    before = snapshot(out)
    doc_id = doc_id_of(out)
    for bad in (
        {"doc_id": doc_id, "kind": "amount", "char_start": NOK, "char_end": NOK + 13,
         "text": "NOK 3 million", "action": "set", "field": "currency", "value": "XYZ"},
        {"doc_id": doc_id, "kind": "amounts", "char_start": NOK, "char_end": NOK + 13,
         "text": "NOK 3 million", "action": "drop"},
    ):  # fmt: skip
        write_corrections(out / "corrections.csv", [bad])
        capsys.readouterr()
        assert main(args) == 2
        error = capsys.readouterr().err
        assert "line 2" in error or "corrections.csv:2" in error
        assert snapshot(out) == before
        assert not (out / "corrections_status.csv").exists()
    assert main([*args, "--force"]) == 2
    assert snapshot(out) == before


def test_a_corrections_file_named_on_the_command_line_must_exist(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "fixes.csv"
    args = ["run", str(inbox), "--out", str(tmp_path / "out"), "--corrections", str(missing)]
    assert main(args) == 2
    assert f"corrections file not found: {missing}" in capsys.readouterr().err


def test_funding_facts_follow_their_corrected_amounts(result: DocumentResult) -> None:
    from schemas import FundingFact

    facts = tuple(
        FundingFact(doc_id=TEST_DOC_ID, fact_id=f"{TEST_DOC_ID}:fact:{n}", amount_id=a.mention_id,
                    value=a.value, currency=a.currency, page=1, sentence=a.sentence,
                    char_start=a.char_start)
        for n, a in enumerate(result.amounts, start=1)
    )  # fmt: skip
    with_facts = result.model_copy(update={"funding": facts})
    fixes = [
        drop(2, NOK, "NOK 3 million"),
        line(3, char_start=SEK, char_end=SEK + 13, text="SEK 5 million", action="set",
             field="currency", value="DKK"),
    ]  # fmt: skip
    (corrected,), _ = apply_corrections([with_facts], fixes)
    assert [(f.fact_id, f.amount_id, f.currency) for f in corrected.funding] == [
        (f"{TEST_DOC_ID}:fact:2", f"{TEST_DOC_ID}:amount:2", "DKK")
    ]


def test_any_mention_kind_of_the_results_can_be_corrected(
    result: DocumentResult, tmp_path: Path
) -> None:
    start = TEXT.index("Norway")
    path = tmp_path / "corrections.csv"
    path.write_text(
        f"{HEADER}\n{TEST_DOC_ID},organization,{start},{start + 6},Norway,add,,"
        "name=Government of Norway;type=government;iso3=NOR,the donor\n",
        encoding="utf-8",
    )
    assert result.organizations == ()  # a country acting alone is not an organization
    (corrected,), (outcome,) = apply_corrections([result], read_corrections(path).corrections)
    assert outcome.status is Outcome.APPLIED
    assert [(o.mention_id, o.name, o.type.value, o.iso3) for o in corrected.organizations] == [
        (f"{TEST_DOC_ID}:organization:1", "Government of Norway", "government", "NOR")
    ]
