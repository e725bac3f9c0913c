"""The installed command on real documents, scored against the shared gold files."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.document import Analyzer
from pipeline.run import run

REPO = Path(__file__).resolve().parent.parent

# Floors from the issues: F1 for amounts, dates and countries; lenient F1 for programmes.
SEED_FLOORS = {"amounts": 0.99, "dates": 0.99, "countries": 0.99, "programmes_lenient": 0.99}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def seeds_out(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "out"
    done = cli("run", str(shared / "corpus" / "seeds"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2 documents ok, 0 failed, 0 skipped;")
    return out


def test_seed_scores_hold_the_floors(seeds_out: Path, shared: Path) -> None:
    done = cli("evaluate", str(seeds_out), str(shared / "gold" / "seeds.jsonl"), "--json")
    assert done.returncode == 0, done.stderr
    kinds = json.loads(done.stdout)["kinds"]
    below = {
        kind: kinds[kind]["f1"] for kind, floor in SEED_FLOORS.items() if kinds[kind]["f1"] < floor
    }
    assert below == {}, f"F1 below the floor: {below}"


def test_every_mention_points_back_into_the_written_text(seeds_out: Path) -> None:
    for name in ("amounts.csv", "dates.csv", "countries.csv", "programmes.csv"):
        with (seeds_out / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, name
        for row in rows:
            text = (seeds_out / "text" / f"{row['doc_id']}.txt").read_text(encoding="utf-8")
            start, end = int(row["char_start"]), int(row["char_end"])
            assert text[start:end] == row["text"]
            assert row["page"] == "1"
            assert " ".join(row["text"].split()) in row["sentence"]


def test_documents_row_describes_each_seed(seeds_out: Path, shared: Path) -> None:
    with (seeds_out / "documents.csv").open(encoding="utf-8", newline="") as handle:
        rows = {Path(r["source"]).name: r for r in csv.DictReader(handle)}
    press = rows["000_2813b88e44d30b11.txt"]
    raw = (shared / "corpus" / "seeds" / "000_2813b88e44d30b11.txt").read_bytes()
    assert press["sha256"] == hashlib.sha256(raw).hexdigest()
    assert press["doc_id"] == press["sha256"][:16]
    assert (press["media_type"], press["doc_type"], press["language"]) == (
        "text/plain", "press_release", "en",
    )  # fmt: skip
    assert press["status"] == "ok" and press["error"] == ""
    assert press["title"].startswith("The ILO and the Republic of Korea enhance partnership")


# The blind set (tests/corpus_blind/README.md) still misses some programme names.
BLIND_FLOORS = {**SEED_FLOORS, "programmes_lenient": 0.95}
# The organizations and funding set (tests/corpus_actors/README.md; its misses read since
# 2026-12-03): aggregate floors a little below its last score; "funding" is the funding score.
ACTORS_FLOORS = {
    **SEED_FLOORS,
    "programmes_lenient": 0.86,
    "organizations_lenient": 0.97,
    "organizations_no_ilo": 0.93,
    "funding": 0.85,
}
# The funding set (tests/corpus_funding/README.md; read since 2026-12-02), the same way.
FUNDING_FLOORS = {
    **SEED_FLOORS,
    "programmes_lenient": 0.93,
    "organizations_lenient": 0.97,
    "organizations_no_ilo": 0.90,
    "funding": 0.83,
}
# The third set (tests/corpus_partners/README.md; its misses read since 2026-12-03), the same
# way.
PARTNERS_FLOORS = {
    **SEED_FLOORS,
    "programmes_lenient": 0.81,
    "organizations_lenient": 0.94,
    "organizations_no_ilo": 0.87,
    "funding": 0.80,
}

# The fourth set (tests/corpus_grants/README.md; its misses read since 2026-12-03), the same
# way.
GRANTS_FLOORS = {
    **SEED_FLOORS,
    "programmes_lenient": 0.92,
    "organizations_lenient": 0.96,
    "organizations_no_ilo": 0.92,
    "funding": 0.80,
}

# The fifth set (tests/corpus_news/README.md; blind until its misses were read on 2026-12-03,
# third session), the same way.
NEWS_FLOORS = {
    "amounts": 0.98,
    "dates": 0.97,
    "countries": 0.98,
    "programmes_lenient": 0.95,
    "organizations_lenient": 0.94,
    "organizations_no_ilo": 0.90,
    "funding": 0.77,
}


# The sixth set (tests/corpus_reports/README.md; blind at first, its misses read since the
# fourth session of 2026-12-03), the same way.
REPORTS_FLOORS = {
    "amounts": 0.95,
    "dates": 0.96,
    "countries": 0.98,
    "programmes_lenient": 0.80,
    "organizations_lenient": 0.92,
    "organizations_no_ilo": 0.77,
    "funding": 0.62,
}


# The seventh set (tests/corpus_briefs/README.md; press releases, news and briefs, blind when
# first scored at 0.512, its misses read since), the same way.
BRIEFS_FLOORS = {
    "amounts": 0.98,
    "dates": 0.96,
    "countries": 0.98,
    "programmes_lenient": 0.83,
    "organizations_lenient": 0.96,
    "organizations_no_ilo": 0.92,
    "funding": 0.69,
}


# The eighth set (tests/corpus_press/README.md; short press releases, blind when first scored
# at 0.637, its misses read since), the same way.
PRESS_FLOORS = {
    "amounts": 0.97,
    "dates": 0.97,
    "countries": 0.98,
    "programmes_lenient": 0.91,
    "organizations_lenient": 0.94,
    "organizations_no_ilo": 0.87,
    "funding": 0.65,
}


# The ninth set (tests/corpus_ilo/README.md; ILO pages written from the real devA texts' look
# and gold, blind when first scored at 0.784, its misses read since), the same way.
ILO_FLOORS = {
    "amounts": 0.98,
    "dates": 0.98,
    "countries": 0.98,
    "programmes_lenient": 0.83,
    "organizations_lenient": 0.96,
    "organizations_no_ilo": 0.93,
    "funding": 0.76,
}


# The tenth set (tests/corpus_third/README.md; pages by donors, banks, the UN and the press,
# written like corpus_ilo; still blind: only its aggregate scores are read), the same way.
THIRD_FLOORS = {
    "amounts": 0.97,
    "dates": 0.94,
    "countries": 0.98,
    "programmes_lenient": 0.88,
    "organizations_lenient": 0.94,
    "organizations_no_ilo": 0.87,
    "funding": 0.70,
}


# The eleventh set (tests/corpus_projects/README.md; ILO project pages, briefs and donor
# profiles, written like corpus_ilo; still blind: only its aggregate scores are read).
PROJECTS_FLOORS = {
    "amounts": 0.97,
    "dates": 0.98,
    "countries": 0.98,
    "programmes_lenient": 0.92,
    "organizations_lenient": 0.95,
    "organizations_no_ilo": 0.93,
    "funding": 0.76,
}


# The twelfth set (tests/corpus_agencies/README.md; pages by donor agencies, embassies, banks,
# the UN and the press, written like corpus_ilo; blind when first scored at 0.750, read since).
AGENCIES_FLOORS = {
    "amounts": 0.98,
    "dates": 0.95,
    "countries": 0.98,
    "programmes_lenient": 0.93,
    "organizations_lenient": 0.95,
    "organizations_no_ilo": 0.89,
    "funding": 0.73,
}


# The thirteenth set (tests/corpus_wire/README.md; newspaper and wire stories, ILO News,
# donor and multilateral items; blind when first scored at 0.681).
WIRE_FLOORS = {
    "amounts": 0.95,
    "dates": 0.97,
    "countries": 0.98,
    "programmes_lenient": 0.87,
    "organizations_lenient": 0.96,
    "organizations_no_ilo": 0.92,
    "funding": 0.66,
}


def below_the_floors(report: dict, floors: dict[str, float]) -> dict[str, float]:
    """The F1 (or, for "funding", the funding score) of each kind of an ``evaluate --json``
    report that is below its floor."""
    scores = {kind: figures["f1"] for kind, figures in report["kinds"].items()}
    if "funding" in report:  # only gold that annotates funding facts is scored on them
        scores["funding"] = report["funding"]["score"]
    return {kind: scores[kind] for kind, floor in floors.items() if scores[kind] < floor}


@pytest.mark.parametrize(
    "corpus, floors",
    [
        ("corpus", SEED_FLOORS),
        ("corpus_blind", BLIND_FLOORS),
        ("corpus_actors", ACTORS_FLOORS),
        ("corpus_funding", FUNDING_FLOORS),
        ("corpus_partners", PARTNERS_FLOORS),
        ("corpus_grants", GRANTS_FLOORS),
        ("corpus_news", NEWS_FLOORS),
        ("corpus_reports", REPORTS_FLOORS),
        ("corpus_briefs", BRIEFS_FLOORS),
        ("corpus_press", PRESS_FLOORS),
        ("corpus_ilo", ILO_FLOORS),
        ("corpus_third", THIRD_FLOORS),
        ("corpus_projects", PROJECTS_FLOORS),
        ("corpus_agencies", AGENCIES_FLOORS),
        ("corpus_wire", WIRE_FLOORS),
    ],
)
def test_own_corpus_scores_hold_the_floors(
    tmp_path: Path, corpus: str, floors: dict[str, float]
) -> None:
    """Hand-written documents under tests/, scored against their gold.jsonl."""
    folder = REPO / "tests" / corpus
    gold = folder / "gold.jsonl"
    names = [json.loads(line)["doc"] for line in gold.read_text(encoding="utf-8").splitlines()]
    out = tmp_path / "out"
    done = cli("run", *(str(folder / name) for name in names), "--out", str(out))
    assert done.returncode == 0, done.stderr
    done = cli("evaluate", str(out), str(gold), "--json")
    below = below_the_floors(json.loads(done.stdout), floors)
    assert below == {}, f"F1 below the floor: {below}"


def test_the_readme_run_on_the_samples_in_raw(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = cli("run", str(REPO / "raw"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("3 documents ok, 0 failed, 0 skipped;")
    for name in ("amounts.csv", "dates.csv", "countries.csv", "programmes.csv"):
        with (out / name).open(encoding="utf-8", newline="") as handle:
            sources = {row["doc_id"] for row in csv.DictReader(handle)}
        assert len(sources) == 3, f"{name}: not every sample document has a mention"


SENTENCE = "In 2021, the Government of Kuwait pledged US$ 2 million to the ILO for Yemen."


def test_organizations_and_funding_csvs_have_spec_columns_and_rows(
    analyzer: Analyzer, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "brief.txt").write_text(
        "Kuwait pledges more\n\n" + SENTENCE + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run([inbox], out, analyzer)
    with (out / "organizations.csv").open(encoding="utf-8", newline="") as handle:
        orgs = list(csv.DictReader(handle))
    assert [(o["text"], o["name"], o["acronym"], o["type"], o["iso3"]) for o in orgs] == [
        ("Government of Kuwait", "Government of Kuwait", "", "government", "KWT"),
        ("ILO", "International Labour Organization", "ILO", "multilateral", ""),
    ]
    with (out / "funding.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        facts = list(reader)
    assert reader.fieldnames == [
        "doc_id", "fact_id", "amount_id", "value", "currency", "donor", "donor_iso3",
        "recipient", "programme", "countries", "start", "end", "flow", "page", "sentence",
    ]  # fmt: skip
    doc_id = orgs[0]["doc_id"]
    assert facts == [
        {
            "doc_id": doc_id, "fact_id": f"{doc_id}:fact:1", "amount_id": f"{doc_id}:amount:1",
            "value": "2000000", "currency": "USD", "donor": "Government of Kuwait",
            "donor_iso3": "KWT", "recipient": "International Labour Organization",
            "programme": "", "countries": "YEM", "start": "2021-01-01", "end": "2021-12-31",
            "flow": "pledge", "page": "1",
            "sentence": SENTENCE,
        }
    ]  # fmt: skip


# The shared gold sets (issue 10), a little below what the rules reach. devB was the team's
# blind check until 2026-12-02, when 11 of its documents and its notes were read (README,
# Accuracy); its floors sit a little below its score since, like devA's.
DEVA_FLOORS = {
    "amounts": 0.98, "dates": 0.99, "countries": 0.99, "programmes_lenient": 0.90,
    "organizations_lenient": 0.98, "organizations_no_ilo": 0.96, "funding": 0.87,
}  # fmt: skip
DEVB_FLOORS = {
    "amounts": 0.95, "dates": 0.98, "countries": 0.98, "programmes_lenient": 0.92,
    "organizations_lenient": 0.94, "organizations_no_ilo": 0.85, "funding": 0.78,
}  # fmt: skip
PDF_FLOORS = {"amounts": 0.99, "dates": 0.99, "countries": 0.99, "programmes_lenient": 0.99}


@pytest.mark.parametrize(
    "gold_name, folder, glob, floors",
    [
        ("devA.jsonl", "dev", "devA_*.txt", DEVA_FLOORS),
        ("devB.jsonl", "dev", "devB_*.txt", DEVB_FLOORS),
        ("pdf.jsonl", "pdf", None, PDF_FLOORS),
    ],
)
def test_shared_gold_scores_hold_the_floors(
    shared: Path,
    tmp_path: Path,
    gold_name: str,
    folder: str,
    glob: str | None,
    floors: dict[str, float],
) -> None:
    gold = shared / "gold" / gold_name
    corpus = shared / "corpus" / folder
    if glob is None:
        lines = gold.read_text(encoding="utf-8").splitlines()
        files = [corpus / json.loads(line)["doc"] for line in lines if line.strip()]
    else:
        files = sorted(corpus.glob(glob))
    out = tmp_path / "out"
    done = cli("run", *(str(f) for f in files), "--out", str(out))
    assert done.returncode == 0, done.stderr
    done = cli("evaluate", str(out), str(gold), "--json")
    below = below_the_floors(json.loads(done.stdout), floors)
    assert below == {}, f"F1 below the floor: {below}"
