"""The programme rules: the gazetteer of well-known programmes and the word lists of the
structural rules, read from ``patterns/`` and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from pipeline.errors import PatternError
from pipeline.patterns import data_folder, load_entries, read_json, read_tsv
from schemas import Frozen

PATTERNS = data_folder("pipeline.kinds.programmes")


class GazetteerEntry(Frozen):
    """One well-known programme: canonical name, usual acronym and other written forms."""

    id: str
    name: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    country_suffix: bool = False

    def forms(self) -> tuple[str, ...]:
        """Every written form that the gazetteer matches, the canonical name first."""
        return (self.name, *self.aliases)


def load_gazetteer() -> dict[str, GazetteerEntry]:
    """The gazetteer by entry id."""
    return load_entries(
        PATTERNS / "programme_gazetteer.jsonl", GazetteerEntry, "programme_gazetteer.jsonl"
    )


@dataclass(frozen=True)
class ProgrammeWords:
    """The word lists of the structural rules (patterns/programme_rules.json + stop lists)."""

    heads: frozenset[str]
    plural_heads: dict[str, str]
    lowercase_heads: frozenset[str]
    connectors: frozenset[str]
    tail_connectors: frozenset[str]
    acronym_tail_connectors: frozenset[str]
    article_after: frozenset[str]
    leading_words: frozenset[str]
    indefinite_articles: frozenset[str]
    generic_words: frozenset[str]
    title_start_words: tuple[str, ...]
    gerund_exceptions: frozenset[str]
    acronym_followers: frozenset[str]
    acronym_non_programme_followers: frozenset[str]
    document_label_followers: frozenset[str]
    acronym_cues: frozenset[str]
    finite_verbs: frozenset[str]
    title_cues: frozenset[str]
    quote_cues: frozenset[str]
    section_headings: frozenset[str]
    list_heading_nouns: frozenset[str]
    list_heading_max_words: int
    table_title_headers: frozenset[str]
    table_other_headers: frozenset[str]
    list_item_min_words: int
    list_item_max_words: int
    echo_min_words: int
    echo_min_sentence_case_words: int
    title_labels: frozenset[str]
    fact_box_labels: frozenset[str]
    place_words: frozenset[str]
    caption_words: frozenset[str]
    title_end_words: frozenset[str]
    quote_followers: frozenset[str]
    to_blockers: frozenset[str]
    bullet: re.Pattern[str]
    phase: re.Pattern[str]
    stop_names: frozenset[str]
    stop_classes: frozenset[str]
    stop_heads: frozenset[str]
    org_acronyms: frozenset[str]

    def is_stop_name(self, name: str) -> bool:
        """A stop-list name; or one of a generic class with its country or period after it
        (``Decent Work Country Programme for Ghana``)."""
        key = name_key(name, self.plural_heads)
        return key in self.stop_names or any(key.startswith(c + " ") for c in self.stop_classes)


def load_words() -> ProgrammeWords:
    """The rule word lists."""
    raw = read_json(PATTERNS / "programme_rules.json")
    plural_heads = dict(raw["plural_heads"])
    stoplist = read_tsv(PATTERNS / "programme_stoplist.tsv")
    try:
        return ProgrammeWords(
            heads=frozenset(raw["heads"]),
            plural_heads=plural_heads,
            lowercase_heads=frozenset(raw["lowercase_heads"]),
            connectors=frozenset(raw["connectors"]),
            tail_connectors=frozenset(raw["tail_connectors"]),
            acronym_tail_connectors=frozenset(raw["acronym_tail_connectors"]),
            article_after=frozenset(raw["article_after"]),
            leading_words=frozenset(raw["leading_words"]),
            indefinite_articles=frozenset(raw["indefinite_articles"]),
            generic_words=frozenset(raw["generic_words"]),
            title_start_words=tuple(raw["title_start_words"]),
            gerund_exceptions=frozenset(raw["gerund_exceptions"]),
            acronym_followers=frozenset(raw["acronym_followers"]),
            acronym_non_programme_followers=frozenset(raw["acronym_non_programme_followers"]),
            document_label_followers=frozenset(raw["document_label_followers"]),
            acronym_cues=frozenset(raw["acronym_cues"]),
            finite_verbs=frozenset(raw["finite_verbs"]),
            title_cues=frozenset(raw["title_cues"]),
            quote_cues=frozenset(raw["quote_cues"]),
            section_headings=frozenset(h.lower() for h in raw["section_headings"]),
            list_heading_nouns=frozenset(raw["list_heading_nouns"]),
            list_heading_max_words=int(raw["list_heading_max_words"]),
            table_title_headers=frozenset(w.lower() for w in raw["table_title_headers"]),
            table_other_headers=frozenset(w.lower() for w in raw["table_other_headers"]),
            list_item_min_words=int(raw["list_item_min_words"]),
            list_item_max_words=int(raw["list_item_max_words"]),
            echo_min_words=int(raw["echo_min_words"]),
            echo_min_sentence_case_words=int(raw["echo_min_sentence_case_words"]),
            title_labels=frozenset(raw["title_labels"]),
            fact_box_labels=frozenset(raw["fact_box_labels"]),
            place_words=frozenset(w.lower() for w in raw["place_words"]),
            caption_words=frozenset(raw["caption_words"]),
            title_end_words=frozenset(raw["title_end_words"]),
            quote_followers=frozenset(raw["quote_followers"]),
            to_blockers=frozenset(raw["to_blockers"]),
            bullet=re.compile(raw["bullet_pattern"]),
            phase=re.compile(raw["phase_pattern"]),
            stop_names=frozenset(name_key(row["name"], plural_heads) for row in stoplist),
            stop_classes=frozenset(
                name_key(row["name"], plural_heads)
                for row in stoplist
                if row["reason"].startswith("generic class")
            ),
            stop_heads=frozenset(
                row["head"] for row in read_tsv(PATTERNS / "programme_stop_heads.tsv")
            ),
            org_acronyms=frozenset(
                row["acronym"] for row in read_tsv(PATTERNS / "programme_org_acronyms.tsv")
            ),
        )
    except (KeyError, re.error) as error:
        raise PatternError(f"programme_rules.json: {error}") from None


_US_PROGRAM = re.compile(r"\bprograms?\b")


def name_key(name: str, plural_heads: dict[str, str]) -> str:
    """Comparison key of a name: no leading article, no trailing acronym, singular head,
    the US spelling ``Program`` read as ``Programme``."""
    words = re.sub(r"\s*\([^)]*\)\s*$", "", " ".join(name.split())).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if words:
        words[-1] = plural_heads.get(words[-1], words[-1])
    return _US_PROGRAM.sub("programme", " ".join(words).lower())


class ProgrammeRules(BaseModel):
    """Everything the programme components and the programme normalizer read."""

    model_config = ConfigDict(frozen=True)

    words: ProgrammeWords
    gazetteer: dict[str, GazetteerEntry]


def load_rules() -> ProgrammeRules:
    """Read and check every programme data file (PatternError names the file)."""
    return ProgrammeRules(words=load_words(), gazetteer=load_gazetteer())
