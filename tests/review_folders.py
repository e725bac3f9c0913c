"""Output folders written by hand for the review tests: any kinds, any text, no pipeline."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

PROVENANCE = ["doc_id", "mention_id", "text", "page", "char_start", "char_end", "sentence"]
DOCUMENT_COLUMNS = [
    "doc_id", "source", "sha256", "media_type", "doc_type", "title", "published", "language",
    "n_pages", "n_chars", "status", "error", "removed_furniture", "warnings",
]  # fmt: skip


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), restval="")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)


def document(doc_id: str, text: str, **fields: object) -> dict[str, object]:
    row: dict[str, object] = {
        "doc_id": doc_id, "source": f"inbox/{doc_id}.txt", "sha256": doc_id * 4,
        "media_type": "text/plain", "doc_type": "document", "title": f"Title {doc_id}",
        "published": "", "language": "en", "n_pages": 1, "n_chars": len(text), "status": "ok",
        "error": "", "removed_furniture": 0, "warnings": "",
    }  # fmt: skip
    row.update(fields)
    return row


def mention(doc_id: str, kind: str, n: int, text: str, offset: int, **fields: object) -> dict:
    return {
        "doc_id": doc_id, "mention_id": f"{doc_id}:{kind}:{n}", "text": text, "page": 1,
        "char_start": offset, "char_end": offset + len(text), "sentence": text, **fields,
    }  # fmt: skip


def find(text: str, part: str, occurrence: int = 1) -> int:
    """Offset of the ``occurrence``-th ``part`` in ``text``."""
    offset = -1
    for _ in range(occurrence):
        offset = text.index(part, offset + 1)
    return offset


HOSTILE = '<script>window.pwned=1;alert(1)</script><img src=x onerror="window.pwned=2">'
TEXT_A = (
    "The Korea-ILO Partnership Programme gave US$ 5 million to Viet Nam in 2021, "
    f"said the ILO. {HOSTILE} javascript:alert(3)\n"
    "Page two: Sweden and Sida pledged SEK 10 million."
)
TEXT_B = "Norway gave NOK 3 million in 2020."
DOC_A, DOC_B, DOC_FAILED = "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "ffffffffffffffff"


def review_folder(out: Path) -> Path:
    """Three documents (one failed, one with hostile text, title and source, on two pages),
    every kind of SPEC including organizations and funding facts, nested mentions and a
    reject."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "text").mkdir(exist_ok=True)
    (out / "text" / f"{DOC_A}.txt").write_text(TEXT_A, encoding="utf-8")
    (out / "text" / f"{DOC_B}.txt").write_text(TEXT_B, encoding="utf-8")
    page_two = find(TEXT_A, "Page two")
    write_csv(out / "documents.csv", DOCUMENT_COLUMNS, [
        document(DOC_A, TEXT_A, title=f"Brief {HOSTILE}", source=f"inbox/{HOSTILE}.txt",
                 n_pages=2, media_type="application/pdf"),
        document(DOC_B, TEXT_B, warnings="decoded as cp1252"),
        document(DOC_FAILED, "", status="failed", error="PDF has no text layer", n_chars=0),
    ])  # fmt: skip
    a = TEXT_A
    write_csv(out / "amounts.csv", [*PROVENANCE, "value", "currency", "qualifier", "per",
                                    "equivalent_of", "pattern_id"], [
        mention(DOC_A, "amount", 1, "US$ 5 million", find(a, "US$"), value=5000000,
                currency="USD", qualifier="exact", per="total", pattern_id="money-sign"),
        {**mention(DOC_A, "amount", 2, "SEK 10 million", find(a, "SEK"), value=10000000,
                   currency="SEK", qualifier="exact", per="total"), "page": 2},
        mention(DOC_B, "amount", 1, "NOK 3 million", find(TEXT_B, "NOK"), value=3000000,
                currency="NOK", qualifier="exact", per="total"),
    ])  # fmt: skip
    write_csv(out / "dates.csv", [*PROVENANCE, "start", "end", "granularity", "is_range"], [
        mention(DOC_A, "date", 1, "2021", find(a, "2021"), start="2021-01-01",
                end="2021-12-31", granularity="year", is_range="false"),
        mention(DOC_B, "date", 1, "2020", find(TEXT_B, "2020"), start="2020-01-01",
                end="2020-12-31", granularity="year", is_range="false"),
    ])  # fmt: skip
    write_csv(out / "countries.csv", [*PROVENANCE, "iso3", "name"], [
        mention(DOC_A, "country", 1, "Korea", find(a, "Korea"), iso3="KOR", name="Korea"),
        mention(DOC_A, "country", 2, "Viet Nam", find(a, "Viet Nam"), iso3="VNM", name="Viet Nam"),
        {**mention(DOC_A, "country", 3, "Sweden", find(a, "Sweden"), iso3="SWE", name="Sweden"),
         "page": 2},
        mention(DOC_B, "country", 1, "Norway", 0, iso3="NOR", name="Norway"),
    ])  # fmt: skip
    write_csv(out / "programmes.csv", [*PROVENANCE, "name", "acronym"], [
        mention(DOC_A, "programme", 1, "Korea-ILO Partnership Programme", find(a, "Korea"),
                name="Korea-ILO Partnership Programme"),
    ])  # fmt: skip
    write_csv(out / "organizations.csv", [*PROVENANCE, "name", "acronym", "type", "iso3"], [
        mention(DOC_A, "organization", 1, "ILO", find(a, "ILO", 2),
                name="International Labour Organization", acronym="ILO", type="multilateral"),
        {**mention(DOC_A, "organization", 2, "Sida", find(a, "Sida"), name="Sida",
                   acronym="Sida", type="government", iso3="SWE"), "page": 2},
    ])  # fmt: skip
    write_csv(out / "funding.csv", [
        "doc_id", "fact_id", "amount_id", "value", "currency", "donor", "donor_iso3",
        "recipient", "programme", "countries", "start", "end", "flow", "page", "sentence"], [
        {"doc_id": DOC_A, "fact_id": f"{DOC_A}:fact:1", "amount_id": f"{DOC_A}:amount:2",
         "value": 10000000, "currency": "SEK", "donor": "Sida", "donor_iso3": "SWE",
         "flow": "pledge", "page": 2, "sentence": "Sweden and Sida pledged SEK 10 million."},
    ])  # fmt: skip
    write_csv(out / "rejects.csv", ["doc_id", "stage", "kind", "text", "field", "reason",
                                    "char_start"], [
        {"doc_id": DOC_A, "stage": "validate", "kind": "amount", "text": "alert(3)",
         "field": "currency", "reason": "no currency", "char_start": find(a, "alert(3)")},
    ])  # fmt: skip
    dropped = find(a, "Page two")
    write_csv(out / "corrections_status.csv", [
        "line", "doc_id", "kind", "char_start", "char_end", "text", "action", "field", "value",
        "note", "status", "reason", "mention_id"], [
        {"line": 2, "doc_id": DOC_A, "kind": "programme", "char_start": dropped,
         "char_end": dropped + 8, "text": "Page two", "action": "drop", "note": HOSTILE,
         "status": "applied", "mention_id": f"{DOC_A}:programme:2"},
    ])  # fmt: skip
    write_csv(out / "pages.csv", ["doc_id", "page", "char_start", "char_end"], [
        {"doc_id": DOC_A, "page": 1, "char_start": 0, "char_end": page_two},
        {"doc_id": DOC_A, "page": 2, "char_start": page_two, "char_end": len(a)},
        {"doc_id": DOC_B, "page": 1, "char_start": 0, "char_end": len(TEXT_B)},
    ])  # fmt: skip
    return out


def mention_ids(out: Path, doc_id: str) -> list[str]:
    """Every mention_id of ``doc_id`` in every mention file of ``out``."""
    ids = []
    for path in sorted(out.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if (reader.fieldnames or [])[: len(PROVENANCE)] != PROVENANCE:
                continue
            ids += [row["mention_id"] for row in reader if row["doc_id"] == doc_id]
    return ids
