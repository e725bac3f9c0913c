"""Programme recognizer: a gazetteer of well-known names plus structural rules.

Two components, added by `add_components`:

- ``programme_gazetteer``: a SpanRuler fed from ``patterns/programme_gazetteer.jsonl``; names
  are matched as written (case-sensitive) and may run across a line break. Its spans go to
  ``doc.spans["programme_gazetteer"]`` with the entry id as ``span.id_``.
- ``programme_rules``: reads the gazetteer spans and the country spans, adds the names no
  gazetteer holds and writes the final, non-overlapping spans to ``doc.spans["programme"]``:

  ``prog-structural-head``     Capitalized words + Programme/Project/Initiative/Fund/...
  ``prog-lowercase-head``      Capitalized words before a lowercase ``project``/``programme``
                               (the noun itself stays out: ``ACCEL Africa project``)
  ``prog-acronym-definition``  ``Name (ACR)`` whose acronym fits the name's initials
  ``prog-acronym-mention``     a later (or earlier) bare ``ACR`` of a defined programme
  ``prog-short-form``          ``Global Accelerator`` for ``Global Accelerator on Jobs ...``
  ``prog-heading``             a project title set as a heading or bullet line, or in a
                               table column headed title/project/programme/grant
  ``prog-quoted-title``        a project title in quotation marks after a cue word
  ``prog-echoed-heading``      a name on a line of its own, written again in a sentence
  ``prog-labelled-title``      the value of a ``Project title:`` line

Every word list the rules use is data (``patterns/programme_rules.json``, the stop lists
``programme_stoplist.tsv``, ``programme_stop_heads.tsv``, ``programme_org_acronyms.tsv``);
docs/programmes.md explains them. Canonical names and acronyms are settled later, in
`pipeline.kinds.programmes.normalize`.

The rules are split by job: `tokens` (walking the words of a name, `Scanner`), `initials`
(does an acronym fit a name), `definitions` (``Name (ACR)`` and title tests), `titles`
(headings, list items, quoted and introduced titles), `echoes` (headings used again in a
sentence, fact-box titles); this module holds the components and
the rules that combine them (`find_programme_spans`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.kinds.programmes.definitions import definitions, modifier_head
from pipeline.kinds.programmes.echoes import echoed_headings, labelled_titles, page_title
from pipeline.kinds.programmes.rules import (
    GazetteerEntry,
    ProgrammeRules,
    ProgrammeWords,
)
from pipeline.kinds.programmes.table_titles import table_titles
from pipeline.kinds.programmes.titles import (
    heading_titles,
    introduced_titles,
    listed_titles,
    named_titles,
    quoted_short_names,
    quoted_titles,
)
from pipeline.kinds.programmes.tokens import (
    Scanner,
    is_blank_line,
    is_short_name,
    next_word,
    previous_word,
)
from pipeline.patterns import SpanPattern
from pipeline.rulers import LINE_BREAK, doc_text, tokens_whose
from schemas import Kind

GAZETTEER_KEY = "programme_gazetteer"


RULE_IDS = frozenset(
    {
        "prog-structural-head",
        "prog-lowercase-head",
        "prog-acronym-definition",
        "prog-acronym-mention",
        "prog-short-form",
        "prog-heading",
        "prog-echoed-heading",
        "prog-labelled-title",
        "prog-quoted-title",
        "prog-repeat",
        "prog-named-title",
    }
)
# Titles found from their context (a cue word, quotes, commas): a later bare repeat of the
# same words is a mention too (``The joint programme Fair Routes ...`` ... ``Fair Routes
# trained ...``).
TITLE_IDS = frozenset({"prog-quoted-title", "prog-named-title", "prog-labelled-title"})

LABEL = "PROGRAMME"
# One coined word is a name before a lowercase programme noun (`the ProAgro initiative`,
# `the Work4Youth project`): capitals inside it, or letters and digits mixed.
_COINED = re.compile(r"[A-Z][a-z]+[A-Z][A-Za-z]*|(?=\w*\d)(?=\w*[A-Za-z]{2})[A-Za-z][\w]*")


def gazetteer_patterns(nlp: Language, entries: Iterable[GazetteerEntry]) -> list[SpanPattern]:
    """Token patterns, one per written form; a line break may fall between any two words."""
    patterns = []
    for entry in entries:
        for form in entry.forms():
            tokens: list[dict[str, object]] = []
            for token in nlp.make_doc(form):
                if tokens:
                    tokens.append({**LINE_BREAK, "OP": "?"})  # never a blank line
                tokens.append({"ORTH": token.text})
            patterns.append(SpanPattern(id=entry.id, label=LABEL, pattern=tokens))
    return patterns


def country_ends(doc: Doc) -> dict[int, int]:
    ends: dict[int, int] = {}
    for span in doc.spans.get(Kind.COUNTRY.value, []):
        ends[span.start] = max(ends.get(span.start, 0), span.end)
    return ends


def without_place_tail(doc: Doc, head: int, end: int, countries: dict[int, int]) -> int:
    """``... Programme on X for All in Burkina Faso and Niger``: a tail of ``in`` and country
    names only says where the programme works; it ends the name unless an acronym follows."""
    after = next_word(doc, end)
    if after < len(doc) and doc[after].text == "(":
        return end
    for k in range(head + 1, end):
        if doc[k].lower_ != "in":
            continue
        j = next_word(doc, k + 1)
        while j < end and (j in countries or doc[j].lower_ in {"and", ",", "the"}):
            j = countries.get(j, j + 1)
            j = next_word(doc, j) if j < end else j
        if j >= end:
            return previous_word(doc, k) + 1
    return end


def find_programme_spans(
    doc: Doc, rules: ProgrammeWords, gazetteer: dict[str, GazetteerEntry]
) -> list[Span]:
    """Every programme span of the document, longest first where they overlap."""
    scanner = Scanner(doc, rules)
    candidates: list[Span] = []

    def add(start: int, end: int, pattern_id: str) -> None:
        end = previous_word(doc, end) + 1
        while start < end and (doc[start].is_space or doc[start].lower_ in {"and", "or", "&"}):
            start += 1  # a name never starts with ``and``
        if start < end:
            candidates.append(Span(doc, start, end, label=LABEL, span_id=pattern_id))

    countries = country_ends(doc)
    known: list[tuple[int, int]] = []
    head_acronyms: set[tuple[str, ...]] = set()  # `... in Cambodia project (FIRST)`
    for span in doc.spans.get(GAZETTEER_KEY, []):
        entry = gazetteer[span.id_]
        end = span.end
        after = next_word(doc, end)
        if (
            span.text == entry.acronym
            and after < len(doc)
            and doc[after].lower_ in rules.acronym_non_programme_followers
        ):
            continue  # "the SCORE survey": another acronym spelled the same way
        if entry.country_suffix:
            after = next_word(doc, end)
            if after < len(doc) and doc[after].text in {"-", "–", "—"}:
                after = next_word(doc, after + 1)  # a page title: `Better Work - Haiti`
            end = countries.get(after, end)
        elif after < len(doc) and doc[after].text in rules.heads | {"Partnership"}:
            end = after + 1  # `PROSPECTS Partnership`: its capitalized noun is in the title
        add(span.start, end, entry.id)
        known.append((span.start, end))

    for i, token in enumerate(doc):
        if token.text in rules.heads:
            if modifier_head(doc, i, rules):
                continue
            start = scanner.scan_left(i)
            end = without_place_tail(doc, i, scanner.scan_tail(i + 1), countries)
            start = scanner.without_glossary_acronym(start, end)
            if (start < i or end > i + 1) and scanner.acceptable_name(start, end):
                start = scanner.trim_left(scanner.without_owner(start, end), end)
                # a tail after a known name keeps the whole of it (`Joint SDG Fund for Malawi`)
                start = next((ks for ks, ke in known if ks < start < ke), start)
                add(start, end, "prog-structural-head")
                known.append((start, end))
        elif token.text in rules.lowercase_heads:
            start = scanner.without_glossary_acronym(scanner.scan_left(i), i)
            words = scanner.content_words(start, i)
            if (
                (len(words) >= 2 or (len(words) == 1 and _COINED.fullmatch(words[0])))
                and scanner.acceptable_name(start, i)
                and countries.get(start) != previous_word(doc, i) + 1
            ):
                start = scanner.trim_left(scanner.without_owner(start, i), i)
                add(start, i, "prog-lowercase-head")
                known.append((start, previous_word(doc, i) + 1))
                acronym = title_acronym(doc, token.idx + len(token.text))
                if acronym is not None and acronym.text not in rules.org_acronyms:
                    head_acronyms.add(tuple(t.text for t in acronym if not t.is_space))

    found, blocked = definitions(scanner, known)
    defined = {d.acronym_tokens for d in found if d.acronym not in blocked} | head_acronyms
    for definition in found:
        add(definition.name_start, definition.end, "prog-acronym-definition")

    text = doc_text(doc)
    places = [(c.start_char, c.end_char) for c in doc.spans.get(Kind.COUNTRY.value, [])]
    titles = [(s, e, "prog-heading") for s, e in heading_titles(text, rules)]
    titles += [(s, e, "prog-heading") for s, e in listed_titles(text, rules, places)]
    titles += [(s, e, "prog-heading") for s, e in table_titles(text, rules, places)]
    titles += [(s, e, "prog-echoed-heading") for s, e in echoed_headings(text, rules, places)]
    titles += [(s, e, "prog-labelled-title") for s, e in labelled_titles(text, rules)]
    titles += [(s, e, "prog-heading") for s, e in page_title(text, rules, places)]
    titles += [(s, e, "prog-quoted-title") for s, e in introduced_titles(text, rules)]
    titles += [(s, e, "prog-named-title") for s, e in named_titles(text, rules, places)]
    titles += [(s, e, "prog-quoted-title") for s, e in quoted_titles(text, rules)]
    titles += [(s, e, "prog-quoted-title") for s, e in quoted_short_names(text, rules)]
    for start, end, pattern_id in titles:
        acronym = title_acronym(doc, end)
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is not None and len(span):
            if acronym is not None and text[end : acronym.start_char].strip() == "(":
                add(span.start, acronym.end + 1, pattern_id)  # ``Name (ACR)`` (SPEC)
            else:
                add(span.start, span.end, pattern_id)
        if acronym is not None and acronym.text not in rules.org_acronyms:
            defined.add(tuple(t.text for t in acronym if not t.is_space))
    for start, end in acronym_mentions(doc, defined):
        add(start, end, "prog-acronym-mention")

    kept = filter_spans(candidates)
    kept += short_form_mentions(scanner, kept)
    kept += repeated_names(doc, kept)
    kept += names_before_their_noun(doc, kept, rules.heads)
    kept = [with_owner_prefix(doc, span, rules) for span in filter_spans(kept)]
    return sorted(filter_spans(kept), key=lambda s: s.start)


# After a title: its closing quote, then its acronym in parentheses (`“...” (FSLM-HoA)`).
_TITLE_ACRONYM = re.compile(r"[”\"]?,?[ \t]*\((?P<acronym>[^()\n,]{2,30})[),]")


def title_acronym(doc: Doc, end: int) -> Span | None:
    """The acronym a title defines in parentheses right after it, if any."""
    match = _TITLE_ACRONYM.match(doc_text(doc), end)
    if match is None or not is_short_name(match["acronym"]):
        return None
    return doc.char_span(*match.span("acronym"))


def is_acronym_like(text: str) -> bool:
    return sum(c.isupper() for c in text) >= 2 and not any(c.islower() for c in text)


def with_owner_prefix(doc: Doc, span: Span, rules: ProgrammeWords) -> Span:
    """``ILO/IPEC``: an organization's acronym glued before a programme acronym with a slash
    is part of the mention (``ORG/ACR``)."""
    start = span.start
    if start < 2 or not is_acronym_like(span.text) or doc[start - 1].text != "/":
        return span
    owner = doc[start - 2]
    if owner.text not in rules.org_acronyms or owner.whitespace_ or doc[start - 1].whitespace_:
        return span
    return Span(doc, start - 2, span.end, label=span.label, span_id=span.id)


def repeated_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """Later (and earlier) bare mentions of a name found before a lowercase programme noun
    that holds an acronym (``the ILO/STEP initiative`` ... ``ILO/STEP closed``), or of a
    title found from its context (`TITLE_IDS`) of two words or written like an acronym
    (``a project titled ARPEJ`` ... ``ARPEJ is a 15-month project``)."""
    names: set[tuple[str, ...]] = set()
    for span in spans:
        words = tuple(t.text for t in span if not t.is_space)
        with_acronym = any(is_acronym_like(w) for w in words)
        capitalized_run = len(words) >= 3 and all(w[:1].isupper() for w in words)
        if (span.id_ == "prog-lowercase-head" and (with_acronym or capitalized_run)) or (
            span.id_ in TITLE_IDS and (len(words) >= 2 or with_acronym)
        ):
            names.add(words)
    covered = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for words in names:
        for start, end in token_runs(doc, words):
            if not covered & set(range(start, end)):
                found.append(Span(doc, start, end, label=LABEL, span_id="prog-repeat"))
    return found


def names_before_their_noun(doc: Doc, spans: list[Span], heads: Iterable[str]) -> list[Span]:
    """``Bridge project`` where ``Bridge Project`` is a programme: the name without its head,
    before the head in lowercase, is a mention of it (the lowercase noun is dropped, as in
    ``ACCEL Africa project``)."""
    names: set[tuple[tuple[str, ...], str]] = set()
    known = set(heads)
    for span in spans:
        words = tuple(t.text for t in span if not t.is_space)
        if span.id_ == "prog-structural-head" and len(words) >= 2 and words[-1] in known:
            names.add((words[:-1], words[-1].lower()))
    covered = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for words, noun in names:
        for start, end in token_runs(doc, words):
            after = next_word(doc, end)
            if (
                after < len(doc)
                and doc[after].text == noun
                and not covered & set(range(start, after + 1))
            ):
                found.append(Span(doc, start, end, label=LABEL, span_id="prog-repeat"))
    return found


def token_runs(doc: Doc, words: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Where the words occur in sequence; a single line break may fall between them. The
    starts are looked up by the first word (`tokens_whose`), not by a walk over every token."""
    for i in tokens_whose(doc, ORTH, lambda text: text == words[0]):
        k, end = 1, i + 1
        while k < len(words) and end < len(doc):
            if doc[end].is_space and not is_blank_line(doc[end]):
                end += 1
                continue
            if doc[end].text != words[k]:
                break
            k, end = k + 1, end + 1
        if k == len(words):
            yield i, end


def acronym_mentions(doc: Doc, defined: set[tuple[str, ...]]) -> Iterator[tuple[int, int]]:
    """Bare mentions of defined acronyms; the one inside a parenthesis is part of its
    definition (or, in ``(EOF, www...)``, of nothing)."""
    for words in defined:
        for start, end in token_runs(doc, words):
            if start > 0 and doc[previous_word(doc, start)].text == "(":
                continue
            yield start, end


def short_form_mentions(scanner: Scanner, spans: list[Span]) -> list[Span]:
    """``Global Accelerator`` wherever ``Global Accelerator on Jobs ...`` is a programme:
    the words before the first on/for/of, when they are at least two and distinctive; and,
    for a name of any rule, the words before its colon (``Care Works`` for ``Care Works:
    Quality Childcare ...``)."""
    doc, rules = scanner.doc, scanner.rules
    shorts: set[tuple[str, ...]] = set()
    for span in spans:
        words = [t.text for t in span if not t.is_space]
        if ":" in words:  # `Care Works: Quality Childcare for Working Parents`, any rule's
            cut: int | None = words.index(":")
        elif span.id_ in RULE_IDS and span.id_ != "prog-structural-head":
            continue  # titles and acronym names give no short forms; gazetteer names do
        else:
            cut = next((k for k, w in enumerate(words) if w in rules.tail_connectors), None)
        if cut is None or cut < 2:
            continue
        short = tuple(words[:cut])
        if (
            all(w[:1].isupper() for w in short)
            and scanner.is_distinctive(list(short))
            and not rules.is_stop_name(" ".join(short))
            and short[-1] not in rules.stop_heads
        ):
            shorts.add(short)
    covered = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for short in shorts:
        for start, end in token_runs(doc, short):
            if not covered & set(range(start, end)):
                found.append(Span(doc, start, end, label=LABEL, span_id="prog-short-form"))
    return found


@Language.factory("programme_rules", requires=["doc.spans"], assigns=["doc.spans"])
def make_programme_rules(nlp: Language, name: str) -> ProgrammeRulesComponent:
    return ProgrammeRulesComponent()


class ProgrammeRulesComponent:
    """Writes the final programme spans to ``doc.spans["programme"]``."""

    def __init__(self) -> None:
        self.rules: ProgrammeRules | None = None

    def set_rules(self, rules: ProgrammeRules) -> None:
        """Take the word lists and the gazetteer (`add_components` hands them over once)."""
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise RuntimeError("programme_rules has no rules: build the pipeline with build_nlp()")
        found = find_programme_spans(doc, self.rules.words, self.rules.gazetteer)
        doc.spans[Kind.PROGRAMME.value] = found
        return doc


def add_components(nlp: Language, rules: ProgrammeRules) -> None:
    """The ``programme_gazetteer`` SpanRuler and ``programme_rules``, fed from ``rules``."""
    ruler = nlp.add_pipe(
        "windowed_span_ruler", name=GAZETTEER_KEY, config={"spans_key": GAZETTEER_KEY}
    )
    patterns = gazetteer_patterns(nlp, rules.gazetteer.values())
    ruler.add_patterns([p.ruler_pattern() for p in patterns])  # type: ignore[attr-defined]
    component: ProgrammeRulesComponent = nlp.add_pipe("programme_rules")  # type: ignore[assignment]
    component.set_rules(rules)
