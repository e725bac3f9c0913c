"""Organization recognizer: a gazetteer of development-cooperation actors plus rules for the
names no gazetteer holds.

One component, ``organization_finder``, added after the country and programme components
(it reads their spans, so it says ``requires``). It writes ``doc.spans["organization"]`` with
a pattern id the normalizer reads:

  ``org/<entry>``                a gazetteer name, variant or acronym
  ``org-gov/<ISO3>``             ``Government of (the) <country>``, ``<country|demonym> Government``
  ``org-rule/<type>/<ISO3|->/<q>`` a head-noun rule (``Ministry of ...``, ``... Foundation``);
                                 ``q`` is 1 when the canonical name takes ``of <country>``
  ``org-acr/<ACR>``              a bare acronym that a ``Name (ACR)`` of the document defines

An acronym in parentheses right after a name is part of its text. A name that sits inside a
programme mention, or that is followed by the head of something else's name (``ILO
Convention 29``, ``UN General Assembly``, ``Korea-ILO Partnership Programme``), is dropped;
so is a region-like name (``ASEAN``) unless it acts (``ASEAN's``). Word lists are data
(``patterns/rules.json``, ``patterns/demonyms.tsv``, ``patterns/gazetteer.jsonl``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.kinds.organizations.acronyms import acronym_mentions, with_acronym
from pipeline.kinds.organizations.filters import (
    POSSESSIVE,
    acts,
    inside_programme,
    names_something_else,
)
from pipeline.kinds.organizations.forms import form_key, forms_pattern, variant_forms
from pipeline.kinds.organizations.heads import LABEL, head_rule_spans, name_run_after
from pipeline.kinds.organizations.rules import OrganizationRules
from pipeline.rulers import doc_text, tokens_whose
from schemas import Kind, OrganizationType

COMPONENT = "organization_finder"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


class OrganizationFinder:
    """Finds organization names; the rules are given after construction (`add_components`).

    Gazetteer forms are matched as regular expressions over the text (words separated by
    any whitespace but a blank line), so a name wrapped across lines is still found; names
    of several words without regard to case, one-word names and acronyms as written."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.rules: OrganizationRules | None = None
        self.forms: list[tuple[re.Pattern[str], dict[str, str]]] = []
        # names of several words written with a lowercase first letter (`industriAll ...`)
        self.lowercase_starts: set[str] = set()
        self.acronyms: dict[str, frozenset[str]] = {}  # pattern id -> the entry's acronyms

    def set_rules(self, nlp: Language, rules: OrganizationRules) -> None:
        self.rules = rules
        exact: dict[str, str] = {}
        lower: dict[str, str] = {}
        self.lowercase_starts = set()
        self.acronyms = {
            f"org/{e.id}": frozenset(e.acronyms) for e in rules.entries.values() if e.acronyms
        }
        for entry in rules.entries.values():
            key = f"org/{entry.id}"
            for acronym in entry.acronyms:
                for form in variant_forms(acronym):
                    exact.setdefault(form_key(form), key)
            for variant in entry.variants:
                # one-word names are matched as written: `Hershey`, not `hershey`
                table = lower if " " in variant.strip() else exact
                for form in variant_forms(variant, rules.spellings):
                    text = form_key(form)
                    table.setdefault(text.lower() if table is lower else text, key)
                    if table is lower and text[0].islower():
                        self.lowercase_starts.add(text.lower())
        self.forms = []
        for table, flags in ((exact, 0), (lower, re.IGNORECASE)):
            if table:
                ordered = sorted(table, key=lambda f: (-len(f), f))  # longest first
                regex = re.compile(forms_pattern(ordered, bool(flags)), flags)
                self.forms.append((regex, table))

    def __call__(self, doc: Doc) -> Doc:
        rules = self.rules
        if rules is None:
            raise RuntimeError("organization_finder has no rules: use add_components()")
        countries = [s for s in doc.spans.get(Kind.COUNTRY.value, []) if _is_iso3(s.id_)]
        starts = {c.start: c for c in countries}
        known = [self.with_own_country(doc, span, starts) for span in self.gazetteer_spans(doc)]
        # a rule never swallows or cuts a known name of several words, but for its
        # country's own body (`Ghana Trades Union Congress`, `... Congress of Ghana`)
        names = [s for s in known if len(s) > 1]
        found = government_spans(doc, countries, rules) + head_rule_spans(doc, countries, rules)
        # ... unless the words after it go on with the same name (`Ministry of Employment and
        # Labour Relations` is Ghana's, not Korea's `Ministry of Employment and Labour`)
        cut = {(n.start, n.end) for n in names if _continued(doc, n, found, rules)}
        known = [s for s in known if (s.start, s.end) not in cut]
        names = [s for s in names if (s.start, s.end) not in cut]
        ruled = [
            known_company(doc, span, known)
            for span in found
            if not any(
                span.start < n.end and n.start < span.end and not self.national(span, n, starts)
                for n in names
            )
        ]
        spans = [
            with_acronym(doc, span, self.acronyms.get(span.id_, frozenset()))
            for span in filter_spans(known + ruled)
        ]
        spans = [_named_by_acronym(doc, s, known) for s in spans]
        spans = [s for s in filter_spans(spans) if not self.parents_office(doc, s, spans)]
        spans += acronym_mentions(doc, spans)
        programmes = list(doc.spans.get(Kind.PROGRAMME.value, []))
        kept = [
            span
            for span in filter_spans(spans)
            if not inside_programme(span, programmes)
            and not names_something_else(doc, span, rules)
            and acts(doc, span, rules)
        ]
        doc.spans[Kind.ORGANIZATION.value] = kept
        return doc

    def parents_office(self, doc: Doc, span: Span, spans: list[Span]) -> bool:
        """``the ILO's Project Office for ...``: a rule-found office right after the ILO's
        (or the UN's) possessive is that parent's, which is mentioned already."""
        assert self.rules is not None
        rules = self.rules
        at = span.start - 1
        if not span.id_.startswith("org-rule/") or at < 1 or doc[at].text not in POSSESSIVE:
            return False
        if not any(t.text in rules.office_heads for t in span):
            return False
        parents = {f"org/{p}" for p in rules.office_parents}
        return any(s.end == at and s.id_ in parents for s in spans)

    def national(self, span: Span, known: Span, starts: dict[int, Span]) -> bool:
        """``span`` is a known non-government name with a country before it or ``of
        <country>`` after it: that country's own body of the same kind, another name."""
        assert self.rules is not None
        entry = self.rules.entries.get(known.id_.removeprefix("org/"))
        if entry is None or entry.type is OrganizationType.GOVERNMENT:
            return False
        before = starts.get(span.start)
        if before is not None and before.end == known.start and span.end == known.end:
            return True
        country = country_after_of(span.doc, known.end, starts)
        return span.start == known.start and country is not None and span.end == country.end

    def with_own_country(self, doc: Doc, span: Span, starts: dict[int, Span]) -> Span:
        """A known government body with its own country after it: `Federal Ministry of
        Labour and Social Affairs of Germany (BMAS)` is one name (and its acronym follows); so
        is a posted office with the country it is posted to (`EU Delegation to Zambia`)."""
        assert self.rules is not None
        entry = self.rules.entries.get(span.id_.removeprefix("org/"))
        if entry is not None and entry.id in self.rules.posted:  # `EU Delegation to Zambia`
            country = country_after_of(doc, span.end, starts, "to")
            if country is not None:
                return Span(doc, span.start, country.end, label=LABEL, span_id=span.id_)
        if entry is None or entry.iso3 is None:
            return span
        country = country_after_of(doc, span.end, starts)
        if country is None or country.id_ != entry.iso3:
            return span
        return Span(doc, span.start, country.end, label=LABEL, span_id=span.id_)

    def gazetteer_spans(self, doc: Doc) -> Iterable[Span]:
        text = doc_text(doc)
        for regex, table in self.forms:
            ignore_case = bool(regex.flags & re.IGNORECASE)
            for match in regex.finditer(text):
                found = match.group()
                if _BLANK_LINE.search(found):
                    continue
                form = form_key(found)
                key = table.get(form.lower() if ignore_case else form)
                if key is None:
                    continue
                if ignore_case and found[0].islower() and form.lower() not in self.lowercase_starts:
                    continue  # `a war child`: a name of several words starts with a capital
                span = doc.char_span(match.start(), match.end(), label=LABEL, span_id=key)
                if span is not None:  # None: the match cuts a token (`ILO` in `ILO/Japan`)
                    yield span


def country_after_of(doc: Doc, at: int, starts: dict[int, Span], link: str = "of") -> Span | None:
    """The country span of an ``of (the) <country>`` (or another ``link`` word) that starts
    at token ``at``, if any."""
    if at >= len(doc) or doc[at].lower_ != link:
        return None
    at += 1
    if at < len(doc) and doc[at].lower_ == "the":
        at += 1
    return starts.get(at)


def known_company(doc: Doc, span: Span, known: list[Span]) -> Span:
    """A company form after a known name is that organization: `Unilever Ltd`, `Walmart
    Inc.` (the text keeps the form, the name is the gazetteer's)."""
    if not span.id_.startswith("org-rule/private/"):
        return span
    end = span.end - 1
    if end > span.start and doc[end - 1].text == ",":
        end -= 1
    for name in known:
        if name.start == span.start and name.end == end:
            return Span(doc, span.start, span.end, label=LABEL, span_id=name.id_)
    return span


def _is_iso3(code: str) -> bool:
    return len(code) == 3 and code.isalpha() and code.isupper()


# --- governments ---------------------------------------------------------------------------


def government_spans(doc: Doc, countries: list[Span], rules: OrganizationRules) -> list[Span]:
    """``Government of (the) <country>`` and ``<country or demonym> Government``."""
    starts = {span.start: span for span in countries}
    ends = {span.end: span for span in countries}
    spans = []
    for index in tokens_whose(doc, ORTH, rules.government_words.__contains__):
        token = doc[index]
        begin = token.i
        if begin > 0 and doc[begin - 1].text in rules.government_titles:
            begin -= 1
        after = token.i + 1
        if after < len(doc) and doc[after].lower_ == "of":
            at = after + 1
            if at < len(doc) and doc[at].lower_ == "the":
                at += 1
            country = starts.get(at) or starts.get(after + 1)
            if country is not None:  # `the government of Nigeria` names it too
                spans.append(
                    Span(doc, begin, country.end, label=LABEL, span_id=f"org-gov/{country.id_}")
                )
                continue
            # `Government of Punjab`: a government that is no country's keeps its own name
            end = name_run_after(doc, after + 1, rules, countries)
            if end > after + 1 and token.text[0].isupper():
                key = "org-rule/government/-/0"
                spans.append(Span(doc, begin, end, label=LABEL, span_id=key))
                continue
        before = ends.get(token.i)
        if before is not None:
            spans.append(
                Span(doc, before.start, token.i + 1, label=LABEL, span_id=f"org-gov/{before.id_}")
            )
            continue
        if token.i > 0:
            adjective = doc[token.i - 1].text
            two = doc[token.i - 2 : token.i].text if token.i > 1 else ""
            for words, width in ((two, 2), (adjective, 1)):
                iso3 = rules.demonyms.get(words)
                if iso3:
                    spans.append(
                        Span(
                            doc,
                            token.i - width,
                            token.i + 1,
                            label=LABEL,
                            span_id=f"org-gov/{iso3}",
                        )  # fmt: skip
                    )
                    break
    return spans


@Language.factory(COMPONENT, requires=["doc.spans"], assigns=["doc.spans"])
def make_organization_finder(nlp: Language, name: str) -> OrganizationFinder:
    return OrganizationFinder(nlp, name)


def add_components(nlp: Language, rules: OrganizationRules) -> None:
    """The organization finder, after the country and programme components."""
    finder = nlp.add_pipe(COMPONENT)
    assert isinstance(finder, OrganizationFinder)
    finder.set_rules(nlp, rules)


def _continued(doc: Doc, name: Span, found: list[Span], rules: OrganizationRules) -> bool:
    """A rule-found name starts where the known ``name`` does and goes on with a capitalized
    word that is no head of a name of its own (`Relations`, not `Office`)."""
    heads = rules.prefix_heads.keys() | rules.suffix_heads.keys()
    after = doc[name.end] if name.end < len(doc) else None
    if after is None or not after.is_title or after.text in heads:
        return False
    return any(span.start == name.start and span.end > name.end for span in found)


def _named_by_acronym(doc: Doc, span: Span, known: list[Span]) -> Span:
    """A rule-found name with a known acronym in parentheses after it is that organization,
    the name and its acronym one mention (`Norway's Agency for Development Cooperation
    (Norad)`); any other span as it is."""
    at = span.end
    if not span.id_.startswith("org-rule/") or at + 2 >= len(doc):
        return span
    if doc[at].text != "(" or doc[at + 2].text != ")":
        return span
    acronym = next((k for k in known if k.start == at + 1 and k.end == at + 2), None)
    if acronym is None:
        return span
    return Span(doc, span.start, at + 3, label=span.label_, span_id=acronym.id_)
