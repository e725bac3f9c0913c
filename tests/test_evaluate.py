"""`evaluate`: SPEC's scoring on a hand-made output folder and gold file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import evaluate, jaccard, lenient_score, normalize_text
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
