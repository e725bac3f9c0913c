"""Stage 3: DocumentText -> Mentions, with spacy.blank("en") and rule components only.

`build_nlp()` assembles the pipeline once (tokenizer rules, sentencizer, then each kind's
rule components from `pipeline.kinds`, each writing to ``doc.spans[kind]``);
`find_mentions()` runs it on a document and returns the mentions in text order, each with
its page, sentence and pattern id.
"""

from __future__ import annotations

import re

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    filter_spans,
)

from pipeline.kinds import KINDS
from pipeline.patterns import BULLET, TokenizerRules
from pipeline.rulers import make_doc
from pipeline.rules import Rules
from schemas import DocumentText, Kind, MediaType, Mention

# Nothing inside a URL or an e-mail address is a mention (SPEC: Everywhere).
_URL_OR_EMAIL = re.compile(
    r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|net|int|edu|gov)(?:/\S*)?",
    re.IGNORECASE,
)


def configure_tokenizer(nlp: Language, rules: TokenizerRules) -> None:
    """Extra infixes, suffixes, prefixes and dropped special cases (patterns/tokenizer.json).
    The tokenizer is made anew with all of them at once: each one set on the blank
    pipeline's tokenizer re-tokenizes every special case again."""
    blank = nlp.tokenizer
    assert isinstance(blank, Tokenizer)
    infixes = list(nlp.Defaults.infixes or []) + list(rules.infixes)
    suffixes = list(nlp.Defaults.suffixes or []) + list(rules.suffixes)
    prefixes = list(nlp.Defaults.prefixes or []) + list(rules.prefixes)
    special_cases = {k: v for k, v in blank.rules.items() if k not in rules.drop_special_cases}
    special_cases.update({form: [{ORTH: form}] for form in rules.abbreviations})
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        rules=special_cases,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=blank.token_match,
        url_match=blank.url_match,
        faster_heuristics=blank.faster_heuristics,
    )


def build_nlp(rules: Rules) -> Language:
    """The rule pipeline for ``rules``. Build it once per process and pass it down."""
    nlp = spacy.blank("en")
    nlp.max_length = 20_000_000
    configure_tokenizer(nlp, rules.text.tokenizer)
    nlp.add_pipe("sentencizer")
    for kind in KINDS:
        kind.add_components(nlp, rules.of(kind.KIND))
    return nlp


def blocked_ranges(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _URL_OR_EMAIL.finditer(text)]


def _overlaps(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(span.start_char < end and start < span.end_char for start, end in ranges)


# In text read from PDF and HTML a line break ends a paragraph, heading, list item or table
# row (the readers join wrapped lines); in a plain-text file only a blank line does.
HARD_LINE_BREAKS = {MediaType.PDF, MediaType.HTML}
# A line of cells joined by this is a table row (how the readers write table rows, and how a
# plain-text table is typed): in a plain-text file too it is a block of its own.
TABLE_CELL_BREAK = " | "
_LINE_START = re.compile(r"\n")
# How a line ends above a list whose items are sentences of their own (`funds:`); a lead-in
# that runs on into its items (`committed CHF 5 million to` / `- Better Work;`) does not.
_LIST_LEAD_ENDS = (":", ";", ".", "!", "?")


def sentence_of(span: Span, text: str, block_break: str) -> str:
    """The sentence holding ``span``, cut at the edges of its paragraph, row, heading or list
    item (a line that starts with a bullet; the sentencizer sees only punctuation), with
    whitespace collapsed."""
    found = text.rfind(block_break, 0, span.start_char)
    block_start = 0 if found < 0 else found + len(block_break)
    found = text.find(block_break, span.end_char)
    block_end = len(text) if found < 0 else found
    line_start = text.rfind("\n", 0, span.start_char) + 1
    line_end = text.find("\n", span.end_char)
    line_end = len(text) if line_end < 0 else line_end
    if text.find(TABLE_CELL_BREAK, line_start, line_end) >= 0:  # a table row, as in PDF/HTML
        block_start, block_end = max(block_start, line_start), min(block_end, line_end)
    item = BULLET.match(text, line_start, line_end) is not None
    if item:  # a list item starts a sentence
        block_start = max(block_start, line_start)
    for line in _LINE_START.finditer(text, span.end_char, min(block_end, span.sent.end_char)):
        if BULLET.match(text, line.end(), block_end):  # and ends the item or heading before it
            if item or text[line_start : line.start()].rstrip().endswith(_LIST_LEAD_ENDS):
                block_end = line.start()
            break
    start = max(span.sent.start_char, block_start)
    end = min(span.sent.end_char, block_end)
    return " ".join(text[start:end].split())


def find_mentions(nlp: Language, document: DocumentText) -> list[Mention]:
    """Every mention in the document, in text order (kind breaks ties)."""
    doc: Doc = nlp(make_doc(nlp, document.text))
    blocked = blocked_ranges(document.text)
    block_break = "\n" if document.doc.media_type in HARD_LINE_BREAKS else "\n\n"
    mentions = []
    for kind in Kind:
        spans = filter_spans(doc.spans.get(kind.value, []))
        for span in spans:
            if _overlaps(span, blocked):
                continue
            mentions.append(
                Mention(
                    doc_id=document.doc.doc_id,
                    kind=kind,
                    text=span.text,
                    char_start=span.start_char,
                    char_end=span.end_char,
                    page=document.page_at(span.start_char),
                    sentence=sentence_of(span, document.text, block_break),
                    pattern_id=span.id_ or span.label_,
                )
            )
    mentions.sort(key=lambda m: (m.char_start, list(Kind).index(m.kind)))
    return _outside_organizations(mentions)


def _outside_organizations(mentions: list[Mention]) -> list[Mention]:
    """Without the programme names found inside a longer organization name (`Qatar Fund` of
    the `Qatar Fund For Development`), or that end inside one that starts after them (`About
    QFFD` over `Qatar Fund For Development is ...` read as `QFFD Qatar Fund`): the words are
    the organization's."""
    names = [(m.char_start, m.char_end) for m in mentions if m.kind is Kind.ORGANIZATION]
    return [
        m
        for m in mentions
        if m.kind is not Kind.PROGRAMME
        or not any(
            (s <= m.char_start and m.char_end <= e and e - s > m.char_end - m.char_start)
            or m.char_start < s < m.char_end < e
            for s, e in names
        )
    ]
