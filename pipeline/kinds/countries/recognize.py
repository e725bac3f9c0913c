"""Country recognizer: a phrase gazetteer, context rules that drop names used for something
else, and ISO two-letter codes used as labels.

Three components, added after the date ruler (docs/countries.md):

- ``country_ruler``: one phrase pattern per name form, the pattern id is the ISO alpha-3
  code. Forms come from pycountry (``name``, ``common_name``, ``official_name``) and
  ``patterns/country_aliases.tsv``, each with its spelling variants (`name_variants`).
- ``country_block_ruler``: ``patterns/country_blocks.jsonl``, contexts in which a name is
  not the country (``Michael Jordan``, ``Atlanta, Georgia``, ``Gulf of Guinea``), written to
  ``doc.spans["country_blocks"]`` with the alpha-3 code they take away as label.
- ``country_context``: keeps the longest country spans, applies the blocks and the rules
  that need word lists from ``patterns/country_context.json`` (currency names, ``CONTACT
  US``, a city in a dateline, ``the`` before ``Netherlands``), and adds two-letter codes.

A span dropped by a judgement-call rule stays in ``doc.spans["country"]`` with a pattern id
``not-country/<ISO3>/<rule>``; the normalizer turns it into a rejection for a person to
review (`parse_not_country`). The other drops are certain and silent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pycountry
from spacy.attrs import ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span, SpanGroup, Token
from spacy.util import filter_spans

from pipeline.kinds.countries.rules import (
    CountryBlock,
    CountryContext,
    CountryRules,
    not_country_id,
)
from pipeline.patterns import SpanPattern
from pipeline.rulers import WindowedSpanRuler, add_span_ruler, doc_text, tokens_whose
from schemas import Kind

BLOCKS_KEY = "country_blocks"
DATELINE_CITY = "dateline-city"

# An inverted ISO name: "Korea, Republic of" -> "Republic of Korea".
_INVERTED = re.compile(r"^(?P<head>[^,]+), (?P<tail>.+ of(?: the)?)$")
# A qualifier in parentheses: "Holy See (Vatican City State)" -> "Holy See".
_PARENTHESIZED = re.compile(r"^(?P<head>.+?) \([^)]*\)$")
# A whitespace-delimited chunk that is a web address, a path or a file name. Two slashes
# alone do not make a path ("ILO/Korea/Japan"); with a hyphen, underscore or dot they do.
_PATH_CHUNK = re.compile(
    r"://|www\.|@|\.(?:pdf|docx?|xlsx?|pptx?|html?|aspx?|php|jpe?g|png|csv)\b"
    r"|^(?=.*/.*/)(?=.*[-_.]).*$",
    re.IGNORECASE,
)


# --- the gazetteer ------------------------------------------------------------------------


def iso_forms(country: object) -> set[str]:
    """The name forms pycountry gives for one country, with inverted and parenthesized ISO
    names also in their running-text order, and without a leading article."""
    forms: set[str] = set()
    for attr in ("name", "common_name", "official_name"):
        name = getattr(country, attr, None)
        if not name:
            continue
        forms.add(name)
        if match := _INVERTED.match(name):
            forms.add(f"{match['tail']} {match['head']}")
        if match := _PARENTHESIZED.match(name):
            forms.add(match["head"])
    return {re.sub(r"^[Tt]he ", "", form) for form in forms}


def _ascii(form: str) -> str:
    decomposed = unicodedata.normalize("NFKD", form)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# A diacritic typed as another one on the same letter (``Cõte d'Ivoire``, ``Curaçao``).
_DIACRITIC_SIBLINGS = ("ôõóòö", "éèêë", "áàâãä", "úùûü", "íìîï", "çc")


def _one_step_variants(form: str) -> Iterator[str]:
    yield form.replace("'", "’")
    yield form.replace("’", "'")
    yield _ascii(form)
    for siblings in _DIACRITIC_SIBLINGS:
        for accented in set(form) & set(siblings[:-1] if siblings == "çc" else siblings):
            for other in siblings:
                if other != accented and other.isascii() is False:
                    yield form.replace(accented, other)
    if re.search(r"[A-Za-z]-[A-Za-z]", form):
        yield form.replace("-", " ")
    if form.startswith("Saint "):
        yield "St " + form.removeprefix("Saint ")
        yield "St. " + form.removeprefix("Saint ")
    if " and " in form:
        yield form.replace(" and ", " & ")


def name_variants(form: str) -> set[str]:
    """Spellings of one name form: quotes, accents, hyphen as space, Saint/St, and/&, and
    the whole name in capitals (for names of four letters or more)."""
    variants = {form}
    frontier = [form]
    while frontier:
        current = frontier.pop()
        for variant in _one_step_variants(current):
            if variant not in variants:
                variants.add(variant)
                frontier.append(variant)
    if sum(ch.isalpha() for ch in form) >= 4:
        variants |= {v.upper() for v in variants}
    return variants


def country_phrases(rules: CountryRules) -> list[SpanPattern]:
    """One phrase pattern per name form; the pattern id is the alpha-3 code. An alias in
    ``country_aliases.tsv`` wins over a pycountry form with the same text."""
    phrases: dict[str, str] = {}
    for country in pycountry.countries:
        for form in iso_forms(country):
            for variant in name_variants(form):
                phrases.setdefault(variant, country.alpha_3)
    for alias, iso3 in rules.aliases:
        for variant in name_variants(alias):
            phrases[variant] = iso3
    for phrase, iso3 in list(phrases.items()):
        # Running text sometimes writes a name in lower case (``from nepal``); not a name that
        # is also a word (``turkey``, ``chad``) or an abbreviation (``US``).
        lower = phrase.lower()
        if (
            lower != phrase
            and not phrase.isupper()
            and sum(ch.isalpha() for ch in phrase) >= 4
            and lower not in rules.context.lowercase_excluded
        ):
            phrases.setdefault(lower, iso3)
    return [
        SpanPattern(id=iso3, label="COUNTRY", pattern=phrase)
        for phrase, iso3 in sorted(phrases.items())
        if phrase not in rules.context.excluded_forms
    ]


def alpha2_to_alpha3() -> dict[str, str]:
    return {country.alpha_2: country.alpha_3 for country in pycountry.countries}


# --- the context rules --------------------------------------------------------------------


def _next_word(doc: Doc, index: int) -> Token | None:
    """The first non-space token at or after ``index``."""
    while index < len(doc):
        if not doc[index].is_space:
            return doc[index]
        index += 1
    return None


def _previous_word(doc: Doc, index: int) -> Token | None:
    """The last non-space token before ``index``."""
    index -= 1
    while index >= 0:
        if not doc[index].is_space:
            return doc[index]
        index -= 1
    return None


def starts_line(span: Span) -> bool:
    text = doc_text(span.doc)
    line_start = text.rfind("\n", 0, span.start_char) + 1
    return not text[line_start : span.start_char].strip()


def in_path_chunk(span: Span) -> bool:
    """True when the span is part of a web address, path or file name (``.../Chad.pdf``)."""
    text = doc_text(span.doc)
    start = span.start_char
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = span.end_char
    while end < len(text) and not text[end].isspace():
        end += 1
    return bool(_PATH_CHUNK.search(text[start:end].strip(".,;:!?()[]\"'’”“")))


def in_lowercase_slug(span: Span) -> bool:
    """A lower-case name glued to a word by a hyphen, underscore or slash is part of a web
    slug or a file name (``30-million-ghana-grant``), not running text."""
    if not span.text.islower():
        return False
    text = doc_text(span.doc)
    before = text[span.start_char - 1 : span.start_char] if span.start_char else ""
    after = text[span.end_char : span.end_char + 1]
    return before in {"-", "_", "/"} or after in {"-", "_", "/"}


def is_attributive(span: Span, context: CountryContext) -> bool:
    """True when the name qualifies the noun after it (``Netherlands courts``,
    ``Netherlands-based``, ``United States Department``)."""
    after = _next_word(span.doc, span.end)
    if (
        after is None
        or after.is_sent_start
        or "\n" in doc_text(span.doc)[span.end_char : after.idx]
    ):
        return False
    if after.text in {"-", "‑"} and after.whitespace_ == "":
        return True
    word = after.text
    if after.is_title and after.is_alpha:
        return True
    if not (after.is_alpha and after.is_lower):
        return False
    if word in STOP_WORDS or word in context.noun_followers or word.endswith("ed"):
        return False
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word in context.attributive_plurals  # else a verb: "the Netherlands gives"
    return True


def is_currency_name(span: Span, context: CountryContext) -> bool:
    after = _next_word(span.doc, span.end)
    return after is not None and (
        after.lower_ in context.currency_nouns or after.text.startswith("$")
    )


def is_us_pronoun(span: Span, context: CountryContext) -> bool:
    before = _previous_word(span.doc, span.start)
    return span.text == "US" and before is not None and before.text in context.us_pronoun_before


def is_dateline_city(span: Span, dates: Iterable[Span], context: CountryContext) -> bool:
    """``Luxembourg, 2 December 2025`` or ``KUWAIT (Reuters) -`` at the start of a line."""
    if span.id_ not in context.capital_namesakes or not starts_line(span):
        return False
    after = _next_word(span.doc, span.end)
    if after is None:
        return False
    if after.text == "(":
        return True
    return after.text == "," and any(after.i < d.start <= after.i + 3 for d in dates)


def with_article(span: Span, context: CountryContext) -> Span:
    """The span with ``the`` in front when the name takes it and is the noun."""
    before = _previous_word(span.doc, span.start)
    if (
        before is None
        or before.lower_ != "the"
        or span.text.casefold() not in context.article_names
        or is_attributive(span, context)
    ):
        return span
    return Span(span.doc, before.i, span.end, label=span.label_, span_id=span.id_)


@dataclass(frozen=True)
class BlockIds:
    """Ids of the block patterns that are judgement calls (``review``) or rules about a
    person's name (``person``), from the patterns' fields."""

    review: frozenset[str]
    person: frozenset[str]


def blocking_rule(
    span: Span, blocks: Iterable[Span], countries: list[Span], person_ids: frozenset[str]
) -> str | None:
    """The id of a block rule that covers the span and takes its country away. A person
    rule does not count when its match holds another country (``Chad Niger Mali``)."""
    for block in blocks:
        if block.label_ != span.id_ or not (block.start <= span.start and span.end <= block.end):
            continue
        if block.id_ in person_ids and any(
            other is not span and other.start < block.end and block.start < other.end
            for other in countries
        ):
            continue
        return block.id_
    return None


def label_codes(
    doc: Doc, kept: list[Span], context: CountryContext, codes: dict[str, str]
) -> list[Span]:
    """ISO two-letter codes read as countries: in parentheses right after the same
    country's name (``the Netherlands (NL)``), or as the last word of a label
    (``App Store NL``) in a document that names that country, unless the code is an
    English word or a common abbreviation."""
    named = {span.id_ for span in kept}
    taken = {i for span in kept for i in range(span.start, span.end)}
    found = []
    for index in tokens_whose(doc, ORTH, codes.__contains__):
        token = doc[index]
        iso3 = codes[token.text]
        if token.i in taken:
            continue
        before = _previous_word(doc, token.i)
        after = _next_word(doc, token.i + 1)
        if before is not None and before.text == "(" and after is not None and after.text == ")":
            named_before = [s for s in kept if s.end <= before.i and s.end >= before.i - 1]
            if any(s.id_ == iso3 for s in named_before):
                found.append(Span(doc, token.i, token.i + 1, label="COUNTRY", span_id=iso3))
            continue
        if token.text in context.code_stoplist or iso3 not in named:
            continue
        label_before = (
            before is not None
            and before.is_alpha
            and (before.is_title or before.is_upper)
            and not before.is_sent_start
            and "\n" not in doc_text(doc)[before.idx : token.idx]
        )
        label_ends = after is None or not (after.is_alpha and (after.is_title or after.is_upper))
        if label_before and label_ends:
            found.append(Span(doc, token.i, token.i + 1, label="COUNTRY", span_id=iso3))
    return found


def _hyphen_ended_capital(text: str) -> bool:
    return len(text) >= 3 and text.endswith("-") and text[0].isupper()


def hyphen_broken_names(doc: Doc, forms: dict[str, str]) -> list[Span]:
    """A one-word name hyphenated across a line break or a space (``Mada- gascar``,
    ``Mozam-`` / ``bique``): the two halves joined are a name form."""
    found = []
    for i in tokens_whose(doc, ORTH, _hyphen_ended_capital):
        token = doc[i]
        if len(token.text) < 3 or not token.text.endswith("-") or not token.text[0].isupper():
            continue
        k = i + 1
        while k < len(doc) and doc[k].is_space and doc[k].text.count("\n") <= 1:
            k += 1
        if k >= len(doc) or (k == i + 1 and not token.whitespace_):
            continue  # no break after the hyphen: a compound (``Korea-ILO``)
        rest = doc[k]
        iso3 = forms.get(token.text[:-1] + rest.text) if rest.is_lower and rest.is_alpha else None
        if iso3 is not None:
            found.append(Span(doc, i, k + 1, label="COUNTRY", span_id=iso3))
    return found


def resolve_countries(
    doc: Doc, context: CountryContext, codes: dict[str, str], blocks_of: BlockIds
) -> list[Span]:
    """The country spans of ``doc`` after the context rules, in text order."""
    blocks = list(doc.spans.get(BLOCKS_KEY, []))
    dates = list(doc.spans.get(Kind.DATE.value, []))
    kept: list[Span] = []
    rejected: list[Span] = []
    countries = filter_spans(doc.spans.get(Kind.COUNTRY.value, []))
    for span in countries:
        rule = blocking_rule(span, blocks, countries, blocks_of.person)
        if rule is not None:
            if rule in blocks_of.review:
                reason = not_country_id(span.id_, rule)
                rejected.append(Span(doc, span.start, span.end, label="COUNTRY", span_id=reason))
            continue
        if in_path_chunk(span) or in_lowercase_slug(span):
            continue
        if is_currency_name(span, context) or is_us_pronoun(span, context):
            continue
        if is_dateline_city(span, dates, context):
            reason = not_country_id(span.id_, DATELINE_CITY)
            rejected.append(Span(doc, span.start, span.end, label="COUNTRY", span_id=reason))
            continue
        kept.append(with_article(span, context))
    kept += label_codes(doc, kept, context, codes)
    kept += defined_short_forms(doc, kept)
    return sorted(kept + rejected, key=lambda s: (s.start, s.end))


def defined_short_forms(doc: Doc, kept: list[Span]) -> list[Span]:
    """A short form in parentheses right after a country's name, made of its words'
    initials (`Occupied Palestinian Territory (OPT)`, `Republic of Korea (ROK)`): it and
    every later use of it in the document name that country."""
    defined: dict[str, str] = {}
    for span in kept:
        end = span.end
        close = end + 3 if end + 3 < len(doc) and doc[end + 2].text == "." else end + 2
        if close >= len(doc) or doc[end].text != "(" or doc[close].text != ")":
            continue  # `(OPT)`, `(OPT.)`
        short = doc[end + 1].text
        words = [t.text for t in span if t.is_alpha]
        initials = {
            "".join(w[0] for w in words).upper(),
            "".join(w[0] for w in words if w[0].isupper()),
        }
        if short.isalpha() and len(short) >= 2 and short.upper() in initials:
            defined.setdefault(short, str(span.id_))
    if not defined:
        return []
    taken = {i for span in kept for i in range(span.start, span.end)}
    return [
        Span(doc, i, i + 1, label="COUNTRY", span_id=defined[doc[i].text])
        for i in tokens_whose(doc, ORTH, defined.__contains__)
        if i not in taken
    ]


@Language.factory("country_context", requires=["doc.spans"], assigns=["doc.spans"])
def make_country_context(nlp: Language, name: str) -> CountryContextComponent:
    return CountryContextComponent(alpha2_to_alpha3())


class CountryContextComponent:
    """Replaces ``doc.spans["country"]`` by the spans `resolve_countries` keeps."""

    def __init__(self, codes: dict[str, str]) -> None:
        self.context: CountryContext | None = None
        self.codes = codes
        self.one_word_forms: dict[str, str] = {}
        self.blocks_of = BlockIds(review=frozenset(), person=frozenset())

    def set_rules(
        self, context: CountryContext, one_word_forms: dict[str, str], blocks_of: BlockIds
    ) -> None:
        """Take the context word lists, the one-word name forms (for names hyphenated
        across a line break) and which blocks are judgement calls or about people;
        `add_components` hands them over once."""
        self.context = context
        self.one_word_forms = one_word_forms
        self.blocks_of = blocks_of

    def __call__(self, doc: Doc) -> Doc:
        if self.context is None:
            raise RuntimeError("country_context has no rules: build the pipeline with build_nlp()")
        broken = hyphen_broken_names(doc, self.one_word_forms)
        if broken:
            doc.spans[Kind.COUNTRY.value] = [*doc.spans.get(Kind.COUNTRY.value, []), *broken]
        doc.spans[Kind.COUNTRY.value] = resolve_countries(
            doc, self.context, self.codes, self.blocks_of
        )
        return doc


class CountryBlocksComponent:
    """The ``country_blocks.jsonl`` ruler, run only on documents that name one of the
    countries it can block (Jordan, Chad, Georgia ...): most documents name none, and its
    patterns start on common tokens (punctuation, ``said``), which makes matching costly."""

    def __init__(self, ruler: SpanRuler) -> None:
        self.ruler = ruler
        self.labels: frozenset[str] = frozenset()

    def set_rules(self, blocks: tuple[CountryBlock, ...]) -> None:
        """Take the blocking patterns (`add_components` hands them over once)."""
        self.ruler.add_patterns([p.ruler_pattern() for p in blocks])
        self.labels = frozenset(p.label for p in blocks)

    def __call__(self, doc: Doc) -> Doc:
        named = {span.id_ for span in doc.spans.get(Kind.COUNTRY.value, [])}
        if named & self.labels:
            return self.ruler(doc)
        doc.spans[BLOCKS_KEY] = SpanGroup(doc, name=BLOCKS_KEY, spans=[])
        return doc


@Language.factory("country_blocks", requires=["doc.spans"], assigns=["doc.spans"])
def make_country_blocks(nlp: Language, name: str) -> CountryBlocksComponent:
    ruler = WindowedSpanRuler(nlp, name=f"{name}_ruler", spans_key=BLOCKS_KEY, spans_filter=None)
    return CountryBlocksComponent(ruler)


def add_components(nlp: Language, rules: CountryRules) -> None:
    """The ``country_ruler`` (every name form), ``country_block_ruler`` and
    ``country_context``, fed from ``rules``."""
    phrases = country_phrases(rules)
    add_span_ruler(nlp, Kind.COUNTRY, phrases)
    blocks: CountryBlocksComponent = nlp.add_pipe(  # type: ignore[assignment]
        "country_blocks", name="country_block_ruler"
    )
    blocks.set_rules(rules.blocks)
    context: CountryContextComponent = nlp.add_pipe("country_context")  # type: ignore[assignment]
    one_word = {
        p.pattern: p.id
        for p in phrases
        if isinstance(p.pattern, str) and p.pattern.isalpha() and p.pattern[:1].isupper()
    }
    context.set_rules(
        rules.context, one_word, BlockIds(review=rules.review_ids, person=rules.person_ids)
    )
