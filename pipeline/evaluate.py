"""Score an output folder against a gold JSONL file (SPEC: Gold annotation files).

Mentions are matched per document and kind as multisets of keys: amounts (value, currency),
dates (start, end), countries iso3, programmes the normalized text. Programmes also get a
lenient score: one-to-one matches whose token overlap (Jaccard) of text or name is >= 0.5.
The headline is the mean of the four F1s, programmes counted lenient.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePath

from pipeline.errors import UsageError

KIND_FILES = {
    "amounts": "amounts.csv",
    "dates": "dates.csv",
    "countries": "countries.csv",
    "programmes": "programmes.csv",
}
LENIENT_THRESHOLD = 0.5
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n\s*(?=\w)")
_SLASH_BREAK = re.compile(r"/[ \t]*\n\s*")
_TOKEN = re.compile(r"\w+")


def normalize_text(text: str) -> str:
    """SPEC: collapse whitespace, join a word hyphenated across a line break, close up a
    break after a slash."""
    text = _HYPHEN_BREAK.sub(r"\1", text)
    text = _SLASH_BREAK.sub("/", text)
    return " ".join(text.split())


def decimal_key(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)).normalize()
    except (InvalidOperation, ValueError):
        return None


def key_of(kind: str, mention: dict[str, object]) -> Hashable:
    match kind:
        case "amounts":
            return (decimal_key(mention.get("value")), mention.get("currency") or None)
        case "dates":
            return (mention.get("start") or None, mention.get("end") or None)
        case "countries":
            return mention.get("iso3")
        case _:
            return normalize_text(str(mention.get("text", "")))


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def multiset_score(predicted: Iterable[Hashable], gold: Iterable[Hashable]) -> Score:
    p, g = Counter(predicted), Counter(gold)
    tp = sum((p & g).values())
    return Score(tp, sum(p.values()) - tp, sum(g.values()) - tp)


def tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(normalize_text(text).lower()))


def jaccard(a: str, b: str) -> float:
    ta, tb = tokens(a), tokens(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


def lenient_score(predicted: list[dict[str, object]], gold: list[dict[str, object]]) -> Score:
    """One-to-one matching: exact normalized texts first, then the best remaining overlaps."""
    free_gold = list(range(len(gold)))
    tp = 0
    unmatched = []
    for p in predicted:
        ptext = normalize_text(str(p.get("text", "")))
        hit = next((g for g in free_gold if normalize_text(str(gold[g]["text"])) == ptext), None)
        if hit is None:
            unmatched.append(p)
        else:
            free_gold.remove(hit)
            tp += 1
    pairs = []
    for i, p in enumerate(unmatched):
        for g in free_gold:
            overlap = max(
                jaccard(str(p.get("text", "")), str(gold[g].get("text", ""))),
                jaccard(str(p.get("name") or ""), str(gold[g].get("name") or "")),
            )
            if overlap >= LENIENT_THRESHOLD:
                pairs.append((overlap, i, g))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, g in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if i not in used_p and g not in used_g:
            used_p.add(i)
            used_g.add(g)
            tp += 1
    return Score(tp, len(predicted) - tp, len(gold) - tp)


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise UsageError(f"{path} not found: is this an ilo-extract output folder?")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_gold(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        raise UsageError(f"gold file not found: {path}")
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                documents.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise UsageError(f"{path}:{number}: not JSON: {error.msg}") from None
    return documents


@dataclass(frozen=True)
class Evaluation:
    scores: dict[str, Score]  # amounts, dates, countries, programmes, programmes_lenient
    documents: int
    missing: list[str]

    @property
    def headline(self) -> float:
        kinds = ("amounts", "dates", "countries", "programmes_lenient")
        return sum(self.scores[k].f1 for k in kinds) / len(kinds)

    def to_json(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "missing": self.missing,
            "headline": round(self.headline, 4),
            "kinds": {
                kind: {
                    **asdict(score),
                    "precision": round(score.precision, 4),
                    "recall": round(score.recall, 4),
                    "f1": round(score.f1, 4),
                }
                for kind, score in self.scores.items()
            },
        }

    def table(self) -> str:
        lines = [f"{'kind':<20}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for kind, s in self.scores.items():
            lines.append(
                f"{kind:<20}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
                f"{s.tp:>6}{s.fp:>6}{s.fn:>6}"
            )
        lines.append(f"{'headline (mean F1)':<20}{self.headline:>24.3f}")
        lines.append(f"documents scored: {self.documents}")
        if self.missing:
            lines.append(f"not in the output (counted as missed): {', '.join(self.missing)}")
        return "\n".join(lines)


def evaluate(out_dir: Path, gold_path: Path) -> Evaluation:
    gold_docs = read_gold(gold_path)
    documents = read_csv(out_dir / "documents.csv")
    doc_ids = {PurePath(row["source"]).name: row["doc_id"] for row in documents}
    predicted = {kind: read_csv(out_dir / name) for kind, name in KIND_FILES.items()}
    by_doc: dict[str, dict[str, list[dict[str, object]]]] = {}
    for kind, rows in predicted.items():
        for row in rows:
            by_doc.setdefault(row["doc_id"], {}).setdefault(kind, []).append(dict(row))
    totals = {kind: Score(0, 0, 0) for kind in [*KIND_FILES, "programmes_lenient"]}
    missing = []
    for gold in gold_docs:
        name = str(gold["doc"])
        doc_id = doc_ids.get(name)
        if doc_id is None:
            missing.append(name)
        mine = by_doc.get(doc_id or "", {})
        for kind in KIND_FILES:
            gold_mentions: list[dict[str, object]] = list(gold.get(kind, []))  # type: ignore[call-overload]
            ours = mine.get(kind, [])
            totals[kind] += multiset_score(
                (key_of(kind, m) for m in ours), (key_of(kind, m) for m in gold_mentions)
            )
            if kind == "programmes":
                totals["programmes_lenient"] += lenient_score(ours, gold_mentions)
    return Evaluation(totals, len(gold_docs), missing)
