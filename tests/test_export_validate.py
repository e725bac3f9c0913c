"""Stages 5 and 6: validation turns candidates into rows or rejects; export writes SPEC's CSVs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline import export
from pipeline.export import write_outputs
from pipeline.validate import validate
from schemas import (
    AmountCandidate,
    CountryCandidate,
    DateCandidate,
    DocumentResult,
    DocumentRow,
    Granularity,
    Kind,
    MediaType,
    Mention,
    ProgrammeCandidate,
    Status,
)

DOC = "0123456789abcdef"
SENTENCE = "Sweden gave SEK 250 million (US$ 23.1 million) to Better Work Viet Nam in 2019."


def mention(kind: Kind, text: str, doc_id: str = DOC) -> Mention:
    start = SENTENCE.index(text)
    return Mention(
        doc_id=doc_id, kind=kind, text=text, char_start=start, char_end=start + len(text),
        page=1, sentence=SENTENCE, pattern_id="test",
    )  # fmt: skip


def candidates(doc_id: str = DOC) -> list:
    sek = mention(Kind.AMOUNT, "SEK 250 million", doc_id)
    usd = mention(Kind.AMOUNT, "US$ 23.1 million", doc_id)
    return [
        CountryCandidate(
            mention=mention(Kind.COUNTRY, "Sweden", doc_id), iso3="SWE", name="Sweden"
        ),
        AmountCandidate(mention=sek, value=Decimal("250000000"), currency="SEK"),
        AmountCandidate(
            mention=usd, value=Decimal("23.1E6"), currency="USD", equivalent_of=sek.char_start
        ),
        ProgrammeCandidate(
            mention=mention(Kind.PROGRAMME, "Better Work Viet Nam", doc_id),
            name="Better Work Viet Nam",
        ),
        CountryCandidate(
            mention=mention(Kind.COUNTRY, "Viet Nam", doc_id), iso3="VNM", name="Viet Nam"
        ),
        DateCandidate(
            mention=mention(Kind.DATE, "2019", doc_id),
            start=dt.date(2019, 1, 1),
            end=dt.date(2019, 12, 31),
            granularity=Granularity.YEAR,
            is_range=False,
        ),  # fmt: skip
    ]


def test_ids_are_numbered_per_kind_in_text_order_and_equivalents_point_at_ids() -> None:
    validated = validate(candidates())
    assert [a.mention_id for a in validated.amounts] == [f"{DOC}:amount:1", f"{DOC}:amount:2"]
    assert validated.amounts[1].equivalent_of == f"{DOC}:amount:1"
    assert validated.amounts[0].equivalent_of is None
    assert [c.mention_id for c in validated.countries] == [f"{DOC}:country:1", f"{DOC}:country:2"]
    assert validated.rejects == []


@pytest.mark.parametrize(
    "candidate, field, reason",
    [
        (
            AmountCandidate(
                mention=mention(Kind.AMOUNT, "SEK 250 million"), value=Decimal(0), currency="SEK"
            ),
            "value",
            "amount must be positive",
        ),
        (
            AmountCandidate(
                mention=mention(Kind.AMOUNT, "SEK 250 million"), value=Decimal(5), currency="XYZ"
            ),
            "currency",
            "'XYZ' is not an ISO 4217 currency code",
        ),
        (
            AmountCandidate(
                mention=mention(Kind.AMOUNT, "SEK 250 million"), value=None, currency="SEK"
            ),
            "value",
            "Decimal input should be an integer, float, string or Decimal object",
        ),
        (
            DateCandidate(
                mention=mention(Kind.DATE, "2019"),
                start=dt.date(2019, 12, 31),
                end=dt.date(2019, 1, 1),
                granularity=Granularity.YEAR,
                is_range=False,
            ),  # fmt: skip
            "row",
            "end 2019-01-01 is before start 2019-12-31",
        ),
        (
            CountryCandidate(mention=mention(Kind.COUNTRY, "Sweden"), iso3="XXX", name="?"),
            "iso3",
            "'XXX' is not an ISO 3166-1 alpha-3 code",
        ),
        (
            ProgrammeCandidate(mention=mention(Kind.PROGRAMME, "Better Work Viet Nam"), name=" "),
            "name",
            "programme name is empty",
        ),
    ],
)
def test_a_candidate_that_fails_validation_is_rejected_with_field_and_reason(
    candidate: object, field: str, reason: str
) -> None:
    validated = validate([candidate])  # type: ignore[list-item]
    [reject] = validated.rejects
    assert (reject.stage.value, reject.field, reject.reason) == ("validate", field, reason)
    assert reject.text == candidate.mention.text  # type: ignore[attr-defined]


def result(doc_id: str = DOC, source: str = "in/brief.txt") -> DocumentResult:
    validated = validate(candidates(doc_id))
    return DocumentResult(
        document=DocumentRow(
            doc_id=doc_id,
            source=source,
            sha256=doc_id * 4,
            media_type=MediaType.TEXT,
            doc_type="press_release",
            title="Sweden and the ILO",
            published=dt.date(2019, 5, 2),
            language="en",
            n_pages=1,
            n_chars=len(SENTENCE),
            status=Status.OK,
        ),  # fmt: skip
        text=SENTENCE,
        amounts=tuple(validated.amounts),
        dates=tuple(validated.dates),
        countries=tuple(validated.countries),
        programmes=tuple(validated.programmes),
    )


def test_csvs_have_spec_columns_and_exact_rows(tmp_path: Path) -> None:
    write_outputs([result()], tmp_path)
    amounts = (tmp_path / "amounts.csv").read_text(encoding="utf-8").splitlines()
    assert amounts == [
        "doc_id,mention_id,text,page,char_start,char_end,sentence,"
        "value,currency,qualifier,per,equivalent_of,pattern_id,reviewed",
        f"{DOC},{DOC}:amount:1,SEK 250 million,1,12,27,{SENTENCE},250000000,SEK,exact,total,,test,",
        f"{DOC},{DOC}:amount:2,US$ 23.1 million,1,29,45,{SENTENCE},23100000,USD,exact,total,"
        f"{DOC}:amount:1,test,",
    ]
    dates = (tmp_path / "dates.csv").read_text(encoding="utf-8").splitlines()
    assert dates[1].endswith(",2019-01-01,2019-12-31,year,false,test,")
    documents = (tmp_path / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert documents[0].startswith(
        "doc_id,source,sha256,media_type,doc_type,title,published,language,n_pages,n_chars,"
        "status,error"
    )
    assert documents[1].startswith(
        f"{DOC},in/brief.txt,{DOC * 4},text/plain,press_release,Sweden and the ILO,2019-05-02,"
        f"en,1,{len(SENTENCE)},ok,"
    )
    assert (tmp_path / "text" / f"{DOC}.txt").read_text(encoding="utf-8") == SENTENCE
    assert (tmp_path / "rejects.csv").read_text(encoding="utf-8").splitlines() == [
        "doc_id,stage,kind,text,field,reason,char_start"
    ]


def test_rows_are_sorted_by_doc_id_then_char_start(tmp_path: Path) -> None:
    later, earlier = "ffffffffffffffff", "0000000000000000"
    results = [result(later, "b.txt"), result(earlier, "a.txt")]
    write_outputs(results, tmp_path)
    lines = (tmp_path / "countries.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert [line.split(",")[1] for line in lines] == [
        f"{earlier}:country:1", f"{earlier}:country:2", f"{later}:country:1", f"{later}:country:2",
    ]  # fmt: skip


def test_a_crash_while_writing_leaves_the_previous_csv_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_outputs([result()], tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.csv")}

    real_fsync = export.os.fsync

    def disk_full_while_writing_dates(fd: int) -> None:
        if Path(f"/proc/self/fd/{fd}").resolve().name.startswith(".dates.csv."):
            raise OSError("disk full")
        real_fsync(fd)

    monkeypatch.setattr(export.os, "fsync", disk_full_while_writing_dates)
    with pytest.raises(OSError, match="disk full"):
        write_outputs([result("ffffffffffffffff", "other.txt")], tmp_path)

    assert (tmp_path / "dates.csv").read_bytes() == before["dates.csv"]
    assert list(tmp_path.glob(".*.tmp")) == []


def test_atomic_write_leaves_no_temporary_file_when_the_write_fails(tmp_path: Path) -> None:
    target = tmp_path / "amounts.csv"
    target.write_text("old complete content\n")
    with pytest.raises(TypeError):
        export._atomic_write_text(target, 12345)  # type: ignore[arg-type]
    assert target.read_text() == "old complete content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["amounts.csv"]


@pytest.mark.parametrize("code", ["IEP", "DEM", "NLG"])
def test_withdrawn_iso4217_codes_are_valid_currencies(code: str) -> None:
    sek = mention(Kind.AMOUNT, "SEK 250 million")
    validated = validate([AmountCandidate(mention=sek, value=Decimal(5), currency=code)])
    assert [a.currency for a in validated.amounts] == [code]
