"""`evaluate`: SPEC's scoring on a hand-made output folder and gold file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import evaluate, jaccard, lenient_score, normalize_text, slot_matches
from pipeline.export import COLUMNS


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS[path.name], restval="")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def scored(tmp_path: Path) -> tuple[Path, Path]:
    out = tmp_path / "out"
    out.mkdir()
    write_csv(out / "documents.csv", [{"doc_id": "d1", "source": "inbox/a.txt"}])
    write_csv(
        out / "amounts.csv",
        [
            {"doc_id": "d1", "text": "USD 5 million", "value": "5000000", "currency": "USD"},
            {"doc_id": "d1", "text": "EUR 3", "value": "3", "currency": "EUR"},
        ],
    )
    write_csv(
        out / "dates.csv",
        [{"doc_id": "d1", "text": "2020", "start": "2020-01-01", "end": "2020-12-31"}],
    )
    write_csv(out / "countries.csv", [{"doc_id": "d1", "text": "Peru", "iso3": "PER"}] * 2)
    write_csv(
        out / "programmes.csv",
        [
            {"doc_id": "d1", "text": "Better Work Jordan", "name": "Better Work Jordan"},
            {"doc_id": "d1", "text": "Vision Zero", "name": "Vision Zero"},
        ],
    )
    write_csv(out / "rejects.csv", [])
    gold = tmp_path / "gold.jsonl"
    document = {
        "doc": "a.txt",
        "amounts": [{"text": "USD 5 million", "value": 5000000.0, "currency": "USD"}],
        "dates": [{"text": "2020", "start": "2020-01-01", "end": "2020-12-31"}],
        "countries": [{"text": "Peru", "iso3": "PER"}],
        "programmes": [
            {"text": "Better Work\nJordan", "name": "Better Work Jordan"},
            {"text": "Vision Zero Fund", "name": "Vision Zero Fund"},
        ],
    }
    year_2001 = {"start": "2001-01-01", "end": "2001-12-31"}
    missing = {
        "doc": "b.txt",
        "amounts": [],
        "dates": [year_2001],
        "countries": [],
        "programmes": [],
    }
    gold.write_text(json.dumps(document) + "\n" + json.dumps(missing) + "\n", encoding="utf-8")
    return out, gold


def test_scores_are_multisets_of_keys_per_kind(scored: tuple[Path, Path]) -> None:
    result = evaluate(*scored)
    s = result.scores
    assert (s["amounts"].tp, s["amounts"].fp, s["amounts"].fn) == (1, 1, 0)
    assert (s["dates"].tp, s["dates"].fp, s["dates"].fn) == (1, 0, 1)
    assert (s["countries"].tp, s["countries"].fp, s["countries"].fn) == (1, 1, 0)
    assert (s["programmes"].tp, s["programmes"].fp, s["programmes"].fn) == (1, 1, 1)
    # "Vision Zero" ~ "Vision Zero Fund": token overlap 2/3 >= 0.5
    assert (s["programmes_lenient"].tp, s["programmes_lenient"].fn) == (2, 0)
    assert result.missing == ["b.txt"]
    assert result.headline == pytest.approx((2 / 3 + 2 / 3 + 2 / 3 + 1.0) / 4)


def test_json_output_for_machines(
    scored: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out, gold = scored
    assert main(["evaluate", str(out), str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kinds"]["amounts"] == {
        "tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0, "f1": 0.6667,
    }  # fmt: skip
    assert report["missing"] == ["b.txt"]


def test_table_output(scored: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    out, gold = scored
    assert main(["evaluate", str(out), str(gold)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["kind", "P", "R", "F1", "tp", "fp", "fn"]
    assert table[1].split() == ["amounts", "0.500", "1.000", "0.667", "1", "1", "0"]


def test_evaluate_on_a_folder_that_is_not_an_output_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("{}\n")
    assert main(["evaluate", str(tmp_path), str(gold)]) == 2
    assert "is this an ilo-extract output folder?" in capsys.readouterr().err


@pytest.mark.parametrize(
    "raw, normalized",
    [
        ("ILO/\nKorea  Partnership", "ILO/Korea Partnership"),
        ("develop-\nment cooperation", "development cooperation"),
        ("Safety +\n Health for All", "Safety + Health for All"),
    ],
)
def test_text_normalization_follows_spec(raw: str, normalized: str) -> None:
    assert normalize_text(raw) == normalized


def test_lenient_matching_is_one_to_one() -> None:
    predicted = [{"text": "Global Accelerator"}, {"text": "Global Accelerator"}]
    gold = [{"text": "Global Accelerator", "name": "Global Accelerator on Jobs"}]
    score = lenient_score(predicted, gold)
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    assert jaccard("Vision Zero", "Vision Zero Fund") == pytest.approx(2 / 3)


# --- organizations and funding facts ------------------------------------------------------

ORG_COLUMNS = ["doc_id", "mention_id", "text", "name", "acronym", "type", "iso3"]
FUNDING_COLUMNS = [
    "doc_id", "fact_id", "amount_id", "value", "currency", "donor", "donor_iso3", "recipient",
    "programme", "countries", "start", "end", "flow",
]  # fmt: skip


def write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def output_folder(tmp_path: Path, orgs: list[dict[str, str]], facts: list[dict[str, str]]) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    write_csv(out / "documents.csv", [{"doc_id": "d1", "source": "a.txt"}])
    for name in ("amounts.csv", "dates.csv", "countries.csv", "programmes.csv"):
        write_csv(out / name, [])
    write_rows(out / "organizations.csv", ORG_COLUMNS, [{"doc_id": "d1", **o} for o in orgs])
    write_rows(out / "funding.csv", FUNDING_COLUMNS, [{"doc_id": "d1", **f} for f in facts])
    return out


def write_gold(tmp_path: Path, *documents: dict[str, object]) -> Path:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    return gold


ILO = "International Labour Organization"


def test_organizations_strict_by_name_lenient_by_overlap_and_without_the_ilo(
    tmp_path: Path,
) -> None:
    ours = [
        {"text": "ILO", "name": ILO},
        {"text": "KOICA", "name": "Korea International Cooperation Agency"},
        {"text": "Ministry of Labour", "name": "Ministry of Labour"},
        {"text": "World Bank", "name": "World Bank"},
    ]
    gold_orgs = [
        {"text": "the ILO", "name": ILO},
        {"text": "ILO", "name": ILO},
        {"text": "KOICA", "name": "Korea International Cooperation Agency"},
        {"text": "Ministry of Labour", "name": "Ministry of Labour of Jordan"},
    ]
    out = output_folder(tmp_path, ours, [])
    gold = write_gold(tmp_path, {"doc": "a.txt", "organizations": gold_orgs, "funding": []})
    s = evaluate(out, gold).scores
    assert (s["organizations"].tp, s["organizations"].fp, s["organizations"].fn) == (2, 2, 2)
    # "Ministry of Labour" ~ "Ministry of Labour of Jordan" (text equal); World Bank unmatched
    lenient = s["organizations_lenient"]
    assert (lenient.tp, lenient.fp, lenient.fn) == (3, 1, 1)
    no_ilo = s["organizations_no_ilo"]
    assert (no_ilo.tp, no_ilo.fp, no_ilo.fn) == (1, 2, 1)
    no_ilo_lenient = s["organizations_no_ilo_lenient"]
    assert (no_ilo_lenient.tp, no_ilo_lenient.fp, no_ilo_lenient.fn) == (2, 1, 0)


def test_gold_without_organizations_or_funding_is_not_scored_on_them(tmp_path: Path) -> None:
    out = output_folder(tmp_path, [{"text": "ILO", "name": ILO}], [])
    gold = write_gold(tmp_path, {"doc": "a.txt", "amounts": [], "dates": []})
    result = evaluate(out, gold)
    assert "organizations" not in result.scores
    assert result.funding is None
    assert "funding" not in result.to_json()


def test_a_missing_organizations_file_counts_every_gold_entry_as_missed(tmp_path: Path) -> None:
    out = output_folder(tmp_path, [], [])
    (out / "organizations.csv").unlink()
    gold = write_gold(tmp_path, {"doc": "a.txt", "organizations": [{"text": "ILO", "name": ILO}]})
    result = evaluate(out, gold)
    assert result.scores["organizations"].fn == 1
    assert result.absent == ["organizations.csv"]
    assert "organizations.csv is not in the output" in result.table()


SLOTS_RIGHT = dict.fromkeys(
    ("donor", "recipient", "programme", "countries", "period", "flow"), True
)


@pytest.mark.parametrize(
    "predicted, gold, wrong",
    [
        # donor: the same donor_iso3 is enough, whatever the name
        ({"donor": "Sweden", "donor_iso3": "SWE"}, {"donor": "Sida", "donor_iso3": "SWE"}, set()),
        # donor: or a name overlap >= 0.5
        ({"donor": "Government of Japan"}, {"donor": "Japan Government"}, set()),
        (
            {"donor": "Government of Japan"},
            {"donor": "Government of the Republic of Korea"},
            {"donor"},
        ),
        # an empty slot matches only an empty slot
        ({"donor": "Sweden", "donor_iso3": "SWE"}, {}, {"donor"}),
        ({}, {"recipient": ILO}, {"recipient"}),
        ({"recipient": "ILO"}, {"recipient": ILO}, {"recipient"}),
        ({"programme": "Better Work"}, {"programme": "Better Work Jordan"}, set()),
        ({"programme": "SCORE"}, {"programme": None}, {"programme"}),
        # countries: the same set, order free; funding.csv joins them with ';'
        ({"countries": "TUN;EGY"}, {"countries": ["EGY", "TUN"]}, set()),
        ({"countries": "EGY"}, {"countries": ["EGY", "TUN"]}, {"countries"}),
        ({"countries": ""}, {"countries": []}, set()),
        # period: start and end both equal
        (
            {"start": "2020-01-01", "end": "2021-12-31"},
            {"start": "2020-01-01", "end": "2021-12-31"},
            set(),
        ),
        ({"start": "2009-01-01", "end": ""}, {"start": "2009-01-01", "end": None}, set()),
        (
            {"start": "2020-01-01", "end": "2020-12-31"},
            {"start": "2020-01-01", "end": "2021-12-31"},
            {"period"},
        ),
        ({"flow": "pledge"}, {"flow": "pledge"}, set()),
        ({"flow": "pledge"}, {"flow": "commitment"}, {"flow"}),
    ],
)
def test_funding_slots_follow_spec(
    predicted: dict[str, object], gold: dict[str, object], wrong: set[str]
) -> None:
    assert slot_matches(predicted, gold) == {s: s not in wrong for s in SLOTS_RIGHT}


def test_funding_facts_are_matched_by_amount_key_in_text_order(tmp_path: Path) -> None:
    amounts = [
        {"text": "$0.5 million", "value": 500000, "currency": "USD"},
        {"text": "US$ 5.5 million", "value": 5500000, "currency": "USD"},
        {"text": "$0.5 million", "value": 500000, "currency": "USD"},
        {"text": "EUR 3 million", "value": 3000000, "currency": "EUR"},
    ]
    gold_facts = [
        {"amount": 0, "donor": "Kuwait", "donor_iso3": "KWT", "recipient": ILO,
         "programme": None, "countries": ["PSE"], "start": None, "end": None,
         "flow": "commitment"},
        {"amount": 1, "donor": "Kuwait", "donor_iso3": "KWT", "recipient": ILO,
         "programme": None, "countries": [], "start": "2009-01-01", "end": None,
         "flow": "disbursement"},
        {"amount": 2, "donor": "Kuwait", "donor_iso3": "KWT", "recipient": ILO,
         "programme": None, "countries": ["PSE"], "start": None, "end": None,
         "flow": "pledge"},
    ]  # fmt: skip
    ours = [
        {"value": "500000", "currency": "USD", "donor": "Kuwait", "donor_iso3": "KWT",
         "recipient": ILO, "countries": "PSE", "flow": "commitment"},
        {"value": "500000", "currency": "USD", "donor": "Kuwait", "donor_iso3": "KWT",
         "recipient": ILO, "countries": "PSE", "flow": "commitment"},
        {"value": "3000000", "currency": "EUR", "flow": "budget"},
    ]  # fmt: skip
    out = output_folder(tmp_path, [], ours)
    gold = write_gold(
        tmp_path, {"doc": "a.txt", "amounts": amounts, "organizations": [], "funding": gold_facts}
    )
    funding = evaluate(out, gold).funding
    assert funding is not None
    assert (funding.detection.tp, funding.detection.fp, funding.detection.fn) == (2, 1, 1)
    # the second $0.5 million pairs with the second gold fact of that key (flow pledge)
    assert funding.correct == {
        "donor": 2, "recipient": 2, "programme": 2, "countries": 2, "period": 2, "flow": 1,
    }  # fmt: skip
    assert funding.accuracy("flow") == 0.5
    assert funding.slot_accuracy == pytest.approx(11 / 12)
    assert funding.score == pytest.approx(funding.detection.f1 * 11 / 12)
    assert funding.detection.f1 == pytest.approx(2 / 3)


def test_funding_in_json_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    amounts = [{"text": "EUR 3 million", "value": 3000000, "currency": "EUR"}]
    fact = {"amount": 0, "donor": None, "donor_iso3": None, "recipient": None,
            "programme": None, "countries": [], "start": None, "end": None,
            "flow": "budget"}  # fmt: skip
    out = output_folder(tmp_path, [], [{"value": "3000000", "currency": "EUR", "flow": "other"}])
    gold = write_gold(tmp_path, {"doc": "a.txt", "amounts": amounts, "funding": [fact]})
    assert main(["evaluate", str(out), str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["funding"]
    assert report["detection"]["f1"] == 1.0
    assert report["slots"] == {
        "donor": 1.0, "recipient": 1.0, "programme": 1.0, "countries": 1.0, "period": 1.0,
        "flow": 0.0,
    }  # fmt: skip
    assert report["slot_accuracy"] == pytest.approx(5 / 6, abs=1e-4)
    assert report["score"] == pytest.approx(5 / 6, abs=1e-4)
    assert main(["evaluate", str(out), str(gold)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert ["funding", "(detection)", "1.000", "1.000", "1.000", "1", "0", "0"] in [
        line.split() for line in table
    ]
    assert "funding score" in "\n".join(table)
    assert any(line.split()[:2] == ["funding", "score"] and "0.833" in line for line in table)
