"""Score an output folder against a gold JSONL file (SPEC: Gold annotation files).

Mentions are matched per document and kind as multisets of keys: amounts (value, currency),
dates (start, end), countries iso3, programmes the normalized text. Programmes also get a
lenient score: one-to-one matches whose token overlap (Jaccard) of text or name is >= 0.5.
The headline is the mean of the four F1s, programmes counted lenient.

Organizations are matched by canonical ``name`` (strict) and by the same one-to-one token
overlap (lenient); they are also scored without the ILO itself (half of all mentions, and the
easy half). Funding facts are matched per document by their amount's (value, currency) for
detection, then slot by slot (`FundingScore`). Gold documents without an ``organizations`` or
``funding`` key are not scored on that kind.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePath

from pipeline.cells import read_cell
from pipeline.errors import UsageError

KIND_FILES = {
    "amounts": "amounts.csv",
    "dates": "dates.csv",
    "countries": "countries.csv",
    "programmes": "programmes.csv",
}
# Scored only on gold documents that carry the key (older gold files have neither).
ORGANIZATIONS_FILE = "organizations.csv"
FUNDING_FILE = "funding.csv"
ILO_NAME = "International Labour Organization"
FUNDING_SLOTS = ("donor", "recipient", "programme", "countries", "period", "flow")
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
        case "organizations":
            return normalize_text(str(mention.get("name") or ""))
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
        # cells as the pipeline found them: drop the ' that neutralized a formula-like cell
        return [{k: read_cell(v) for k, v in row.items()} for row in csv.DictReader(handle)]


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


def empty(value: object) -> bool:
    return value is None or value == "" or value == []


def overlaps(predicted: object, gold: object) -> bool:
    """Token overlap (Jaccard) of two names >= 0.5; an empty slot matches only an empty one."""
    if empty(predicted) or empty(gold):
        return empty(predicted) and empty(gold)
    return jaccard(str(predicted), str(gold)) >= LENIENT_THRESHOLD


def country_set(value: object) -> frozenset[str]:
    """Gold holds a list, funding.csv a `;`-separated string."""
    items = value.split(";") if isinstance(value, str) else (value or [])
    return frozenset(str(item).strip() for item in items if str(item).strip())  # type: ignore[attr-defined]


def slot_matches(predicted: dict[str, object], gold: dict[str, object]) -> dict[str, bool]:
    """SPEC: donor (same donor_iso3, or name overlap), recipient and programme (overlap),
    countries (the same set), period (start and end both equal), flow (equal)."""
    iso3 = predicted.get("donor_iso3") or None
    same_iso3 = iso3 is not None and iso3 == (gold.get("donor_iso3") or None)
    return {
        "donor": same_iso3 or overlaps(predicted.get("donor"), gold.get("donor")),
        "recipient": overlaps(predicted.get("recipient"), gold.get("recipient")),
        "programme": overlaps(predicted.get("programme"), gold.get("programme")),
        "countries": country_set(predicted.get("countries")) == country_set(gold.get("countries")),
        "period": all(
            (predicted.get(end) or None) == (gold.get(end) or None) for end in ("start", "end")
        ),
        "flow": (predicted.get("flow") or None) == (gold.get("flow") or None),
    }


@dataclass(frozen=True)
class FundingScore:
    """Fact detection, and for the matched facts how many got each slot right."""

    detection: Score
    correct: dict[str, int]  # slot -> matched facts with that slot right

    @property
    def matched(self) -> int:
        return self.detection.tp

    def accuracy(self, slot: str) -> float:
        return self.correct[slot] / self.matched if self.matched else 0.0

    @property
    def slot_accuracy(self) -> float:
        return sum(self.accuracy(slot) for slot in FUNDING_SLOTS) / len(FUNDING_SLOTS)

    @property
    def score(self) -> float:
        return self.detection.f1 * self.slot_accuracy

    def __add__(self, other: FundingScore) -> FundingScore:
        return FundingScore(
            self.detection + other.detection,
            {slot: self.correct[slot] + other.correct[slot] for slot in FUNDING_SLOTS},
        )


NO_FUNDING = FundingScore(Score(0, 0, 0), dict.fromkeys(FUNDING_SLOTS, 0))


def funding_score(
    predicted: list[dict[str, object]],
    gold: list[dict[str, object]],
    amounts: list[dict[str, object]],
) -> FundingScore:
    """One document's facts. Gold facts point into the document's gold amounts; facts with
    the same amount key are paired in text order."""
    pending: dict[Hashable, list[dict[str, object]]] = {}
    for fact in gold:
        index = fact.get("amount")
        amount = amounts[index] if isinstance(index, int) and 0 <= index < len(amounts) else {}
        pending.setdefault(key_of("amounts", amount), []).append(fact)
    correct = dict.fromkeys(FUNDING_SLOTS, 0)
    tp = 0
    for fact in predicted:
        candidates = pending.get(key_of("amounts", fact))
        if not candidates:
            continue
        tp += 1
        for slot, right in slot_matches(fact, candidates.pop(0)).items():
            correct[slot] += right
    return FundingScore(Score(tp, len(predicted) - tp, len(gold) - tp), correct)


def _score_json(score: Score) -> dict[str, object]:
    return {
        **asdict(score),
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
    }


@dataclass(frozen=True)
class Evaluation:
    # amounts, dates, countries, programmes, programmes_lenient; and organizations,
    # organizations_lenient, organizations_no_ilo, organizations_no_ilo_lenient when scored
    scores: dict[str, Score]
    documents: int
    missing: list[str]
    funding: FundingScore | None = None  # None: no gold document has funding facts
    absent: list[str] = field(default_factory=list)  # scored files the output lacks

    @property
    def headline(self) -> float:
        kinds = ("amounts", "dates", "countries", "programmes_lenient")
        return sum(self.scores[k].f1 for k in kinds) / len(kinds)

    def to_json(self) -> dict[str, object]:
        report: dict[str, object] = {
            "documents": self.documents,
            "missing": self.missing,
            "absent_files": self.absent,
            "headline": round(self.headline, 4),
            "kinds": {kind: _score_json(score) for kind, score in self.scores.items()},
        }
        if self.funding is not None:
            report["funding"] = {
                "detection": _score_json(self.funding.detection),
                "slots": {s: round(self.funding.accuracy(s), 4) for s in FUNDING_SLOTS},
                "slot_accuracy": round(self.funding.slot_accuracy, 4),
                "score": round(self.funding.score, 4),
            }
        return report

    def table(self) -> str:
        lines = [f"{'kind':<30}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}"]
        rows = list(self.scores.items())
        if self.funding is not None:
            rows.append(("funding (detection)", self.funding.detection))
        for kind, s in rows:
            lines.append(
                f"{kind:<30}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
                f"{s.tp:>6}{s.fp:>6}{s.fn:>6}"
            )
        lines.append(f"{'headline (mean F1)':<30}{self.headline:>24.3f}")
        if self.funding is not None:
            slots = "  ".join(f"{s} {self.funding.accuracy(s):.3f}" for s in FUNDING_SLOTS)
            lines.append(f"funding slot accuracy: {slots}")
            lines.append(
                f"{'funding score':<30}{self.funding.score:>24.3f}"
                f"  (F1 {self.funding.detection.f1:.3f} x mean slot accuracy "
                f"{self.funding.slot_accuracy:.3f})"
            )
        lines.append(f"documents scored: {self.documents}")
        if self.missing:
            lines.append(f"not in the output (counted as missed): {', '.join(self.missing)}")
        for name in self.absent:
            lines.append(f"{name} is not in the output: every gold entry of it counted as missed")
        return "\n".join(lines)


def rows_by_doc(rows: list[dict[str, str]]) -> dict[str, list[dict[str, object]]]:
    by_doc: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_doc.setdefault(row["doc_id"], []).append(dict(row))
    return by_doc


def without_ilo(mentions: list[dict[str, object]]) -> list[dict[str, object]]:
    return [m for m in mentions if normalize_text(str(m.get("name") or "")) != ILO_NAME]


def gold_list(gold: dict[str, object], key: str) -> list[dict[str, object]]:
    return list(gold.get(key) or [])  # type: ignore[call-overload]


def evaluate(out_dir: Path, gold_path: Path) -> Evaluation:
    gold_docs = read_gold(gold_path)
    documents = read_csv(out_dir / "documents.csv")
    doc_ids = {PurePath(row["source"]).name: row["doc_id"] for row in documents}
    predicted = {kind: rows_by_doc(read_csv(out_dir / name)) for kind, name in KIND_FILES.items()}
    score_orgs = any("organizations" in gold for gold in gold_docs)
    score_funding = any("funding" in gold for gold in gold_docs)
    absent = [
        name
        for name, scored in ((ORGANIZATIONS_FILE, score_orgs), (FUNDING_FILE, score_funding))
        if scored and not (out_dir / name).exists()
    ]
    organizations = (
        {}
        if ORGANIZATIONS_FILE in absent or not score_orgs
        else rows_by_doc(read_csv(out_dir / ORGANIZATIONS_FILE))
    )
    facts = (
        {}
        if FUNDING_FILE in absent or not score_funding
        else rows_by_doc(read_csv(out_dir / FUNDING_FILE))
    )
    kinds = [*KIND_FILES, "programmes_lenient"]
    if score_orgs:
        kinds += [
            "organizations",
            "organizations_lenient",
            "organizations_no_ilo",
            "organizations_no_ilo_lenient",
        ]
    totals = {kind: Score(0, 0, 0) for kind in kinds}
    funding = NO_FUNDING
    missing = []
    for gold in gold_docs:
        name = str(gold["doc"])
        doc_id = doc_ids.get(name)
        if doc_id is None:
            missing.append(name)
            doc_id = ""
        for kind in KIND_FILES:
            gold_mentions = gold_list(gold, kind)
            ours = predicted[kind].get(doc_id, [])
            totals[kind] += multiset_score(
                (key_of(kind, m) for m in ours), (key_of(kind, m) for m in gold_mentions)
            )
            if kind == "programmes":
                totals["programmes_lenient"] += lenient_score(ours, gold_mentions)
        if "organizations" in gold:
            gold_orgs = gold_list(gold, "organizations")
            ours = organizations.get(doc_id, [])
            for suffix, pick in (("", list), ("_no_ilo", without_ilo)):
                mine, theirs = pick(ours), pick(gold_orgs)
                totals[f"organizations{suffix}"] += multiset_score(
                    (key_of("organizations", m) for m in mine),
                    (key_of("organizations", m) for m in theirs),
                )
                totals[f"organizations{suffix}_lenient"] += lenient_score(mine, theirs)
        if "funding" in gold:
            funding += funding_score(
                facts.get(doc_id, []), gold_list(gold, "funding"), gold_list(gold, "amounts")
            )
    return Evaluation(totals, len(gold_docs), missing, funding if score_funding else None, absent)
