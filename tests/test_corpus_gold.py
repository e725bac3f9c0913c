"""The hand-written test corpus and its gold file are well-formed (tests/corpus/README.md).

These tests check the gold against the documents only; they do not run the pipeline.
Each mention's `text` must be found in its document in gold order, each distinct text must
be annotated as often as it occurs (less the occurrences inside a longer mention of the same
kind, inside a URL, or listed below as deliberate non-mentions), and every normalized field
must be valid.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pycountry
import pytest

CORPUS = Path(__file__).parent / "corpus"
GOLD = CORPUS / "gold.jsonl"
NOT_DOCUMENTS = {"README.md", "gold.jsonl"}
KINDS = ("amounts", "dates", "countries", "programmes")
QUALIFIERS = {"exact", "approx", "at_least", "at_most"}
PERS = {"total", "year", "month"}
GRANULARITIES = {"day", "month", "year"}
URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")

# Occurrences of an annotated text that are deliberately not mentions: (doc, kind, text) -> n.
NOT_MENTIONS: dict[tuple[str, str, str], int] = {}

# HTML: only the main content is annotated; these elements are page furniture.
SKIPPED_TAGS = {"script", "style", "nav", "header", "footer", "head", "title"}
BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "li", "ul", "ol", "div", "article", "main", "br"}


class MainText(HTMLParser):
    """The text a reader sees inside <main> (or <article>), without nav, footer and scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth_main = 0
        self.depth_skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("main", "article"):
            self.depth_main += 1
        elif tag in SKIPPED_TAGS:
            self.depth_skip += 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("main", "article"):
            self.depth_main -= 1
        elif tag in SKIPPED_TAGS:
            self.depth_skip -= 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.depth_main and not self.depth_skip:
            self.parts.append(data)


def document_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        parser = MainText()
        parser.feed(raw)
        raw = "".join(parser.parts)
    lines = (" ".join(line.split()) for line in raw.splitlines())
    return "\n".join(line for line in lines if line)


def read_gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def occurrences(needle: str, text: str) -> list[int]:
    """Start offsets of `needle` where it is not glued to a letter or digit on either side."""
    pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    return [m.start() for m in pattern.finditer(text)]


def align(text: str, mentions: list[dict]) -> list[tuple[int, int]]:
    """Spans of the gold mentions, found one after the other; fails on the first one missing."""
    spans = []
    position = 0
    for number, mention in enumerate(mentions):
        later = [s for s in occurrences(mention["text"], text) if s >= position]
        assert later, f"mention {number} {mention['text']!r} not found after offset {position}"
        start = later[0]
        spans.append((start, start + len(mention["text"])))
        position = start + len(mention["text"])
    return spans


GOLD_DOCS = read_gold()
DOC_IDS = [doc["doc"] for doc in GOLD_DOCS]


def test_every_corpus_document_has_one_gold_line() -> None:
    on_disk = sorted(p.name for p in CORPUS.iterdir() if p.name not in NOT_DOCUMENTS)
    assert sorted(DOC_IDS) == on_disk
    assert len(DOC_IDS) == len(set(DOC_IDS))


@pytest.mark.parametrize("gold", GOLD_DOCS, ids=DOC_IDS)
def test_document_length_is_within_the_brief(gold: dict) -> None:
    words = len(document_text(CORPUS / gold["doc"]).split())
    assert 150 <= words <= 450


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("gold", GOLD_DOCS, ids=DOC_IDS)
def test_mentions_appear_in_gold_order(gold: dict, kind: str) -> None:
    align(document_text(CORPUS / gold["doc"]), gold[kind])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("gold", GOLD_DOCS, ids=DOC_IDS)
def test_each_text_is_annotated_as_often_as_it_occurs(gold: dict, kind: str) -> None:
    text = document_text(CORPUS / gold["doc"])
    spans = align(text, gold[kind])
    urls = [m.span() for m in URL.finditer(text)]
    annotated = Counter(m["text"] for m in gold[kind])
    for needle, count in annotated.items():
        found = 0
        for start in occurrences(needle, text):
            end = start + len(needle)
            inside_longer = any(s <= start and end <= e and e - s > end - start for s, e in spans)
            inside_url = any(s <= start and end <= e for s, e in urls)
            found += not (inside_longer or inside_url)
        expected = found - NOT_MENTIONS.get((gold["doc"], kind, needle), 0)
        assert count == expected, f"{needle!r}: {count} annotated, {expected} in the text"


@pytest.mark.parametrize("gold", GOLD_DOCS, ids=DOC_IDS)
def test_amount_fields_are_valid(gold: dict) -> None:
    amounts = gold["amounts"]
    for number, amount in enumerate(amounts):
        assert isinstance(amount["value"], int | float) and amount["value"] > 0
        assert pycountry.currencies.get(alpha_3=amount["currency"]) is not None
        assert amount["qualifier"] in QUALIFIERS
        assert amount["per"] in PERS
        restated = amount["equivalent_of"]
        if restated is not None:
            assert 0 <= restated < number
            assert amounts[restated]["currency"] != amount["currency"]


def unit_end(start: dt.date, granularity: str) -> dt.date:
    """The last day of the day, month or year that begins at `start`."""
    if granularity == "day":
        return start
    if granularity == "year":
        return dt.date(start.year, 12, 31)
    following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@pytest.mark.parametrize("gold", GOLD_DOCS, ids=DOC_IDS)
def test_date_fields_are_valid(gold: dict) -> None:
    for date in gold["dates"]:
        start = dt.date.fromisoformat(date["start"])
        end = dt.date.fromisoformat(date["end"])
        assert start <= end
        assert date["granularity"] in GRANULARITIES
        assert isinstance(date["is_range"], bool)
        # A single unit covers exactly one day, month or year; a range covers more.
        single = end == unit_end(start, date["granularity"])
        assert date["is_range"] != single, date["text"]


@pytest.mark.parametrize("gold", GOLD_DOCS, ids=DOC_IDS)
def test_country_fields_are_valid(gold: dict) -> None:
    for country in gold["countries"]:
        entry = pycountry.countries.get(alpha_3=country["iso3"])
        assert entry is not None, country["iso3"]
        assert country["name"] == entry.name


@pytest.mark.parametrize("gold", GOLD_DOCS, ids=DOC_IDS)
def test_programme_names_and_acronyms_agree(gold: dict) -> None:
    acronyms: dict[str, str | None] = {}
    for programme in gold["programmes"]:
        assert programme["name"].strip() == programme["name"] and programme["name"]
        acronym = programme["acronym"]
        # Every mention of one programme carries the acronym the document defines for it.
        assert acronyms.setdefault(programme["name"], acronym) == acronym
        if acronym and programme["text"] not in (acronym, programme["name"]):
            assert programme["text"] == f"{programme['name']} ({acronym})"
