"""bench/compare_outputs.py: the before/after check of a change that must not change output."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "compare_outputs.py"


@pytest.fixture(scope="module")
def compare() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compare_outputs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


BEFORE = {
    "amounts.csv": "doc_id,text,value\nd1,US$ 5 million,5000000\n",
    "text/d1.txt": "It gave US$ 5 million.",
    ".ilo-extract/state.sqlite": "not compared",
}


def test_a_pattern_id_column_on_one_side_is_not_a_difference(compare, tmp_path):
    before = write(tmp_path / "a", BEFORE)
    after = write(
        tmp_path / "b",
        {
            "amounts.csv": "doc_id,text,value,pattern_id\nd1,US$ 5 million,5000000,money-x\n",
            "text/d1.txt": "It gave US$ 5 million.",
            ".ilo-extract/state.sqlite": "another store",
        },
    )
    assert list(compare.differences(before, after)) == []


@pytest.mark.parametrize(
    "changed, message",
    [
        (
            {"amounts.csv": "doc_id,text,value,pattern_id\nd1,US$ 5 million,5,money-x\n"},
            "amounts.csv: 2 vs 2 lines, differing lines 2",
        ),
        ({"text/d1.txt": "It gave US$ 5 million. "}, "text/d1.txt: bytes differ"),
        ({"dates.csv": "doc_id\n"}, "dates.csv: only in"),
    ],
)
def test_any_other_change_is_reported(compare, tmp_path, changed, message):
    before = write(tmp_path / "a", BEFORE)
    after = write(tmp_path / "b", {**BEFORE, **changed})
    found = list(compare.differences(before, after))
    assert len(found) == 1
    assert found[0].startswith(message)
