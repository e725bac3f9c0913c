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
from collections import Counter
from collections.abc import Iterable

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.kinds.organizations.acronyms import acronym_mentions, with_acronym
from pipeline.kinds.organizations.filters import (
    POSSESSIVE,
    acts,
    inside_programme,
    is_title,
    line_break_before,
    names_something_else,
)
from pipeline.kinds.organizations.forms import form_key, forms_pattern, variant_forms
from pipeline.kinds.organizations.rules import OrganizationRules
from pipeline.rulers import doc_text, tokens_whose
from schemas import Kind, OrganizationType

COMPONENT = "organization_finder"
LABEL = "ORGANIZATION"
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
                for form in variant_forms(variant):
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
        ruled = [
            known_company(doc, span, known)
            for span in government_spans(doc, countries, rules)
            + head_rule_spans(doc, countries, rules)
            if not any(
                span.start < n.end and n.start < span.end and not self.national(span, n, starts)
                for n in names
            )
        ]
        spans = [
            with_acronym(doc, span, self.acronyms.get(span.id_, frozenset()))
            for span in filter_spans(known + ruled)
        ]
        spans = filter_spans(spans)
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
        Labour and Social Affairs of Germany (BMAS)` is one name (and its acronym follows)."""
        assert self.rules is not None
        entry = self.rules.entries.get(span.id_.removeprefix("org/"))
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


def country_after_of(doc: Doc, at: int, starts: dict[int, Span]) -> Span | None:
    """The country span of an ``of (the) <country>`` that starts at token ``at``, if any."""
    if at >= len(doc) or doc[at].lower_ != "of":
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
            if country is not None and token.text[0].isupper():
                spans.append(
                    Span(doc, begin, country.end, label=LABEL, span_id=f"org-gov/{country.id_}")
                )
                continue
            # `Government of Punjab`: a government that is no country's keeps its own name
            end = _name_run_after(doc, after + 1, rules)
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


# --- head-noun rules -----------------------------------------------------------------------


def _name_apostrophe(doc: Doc, i: int, rules: OrganizationRules) -> bool:
    """Token ``i`` is the apostrophe of `Employers'` inside a name."""
    return doc[i].text in POSSESSIVE and i > 0 and doc[i - 1].text in rules.possessive_words


def _name_run_after(doc: Doc, at: int, rules: OrganizationRules) -> int:
    """End (exclusive) of the capitalized words starting at ``at``, connectors allowed
    between them (``Health, Labour and Welfare``); ``at`` when there are none."""
    end = at
    i = at
    seen_and = False
    while i < len(doc):
        token = doc[i]
        if i > at and line_break_before(token):
            break
        if is_title(token) and token.text not in rules.not_name_words:
            i += 1
            end = i
            continue
        # a list of nouns has one `and`, commas only before it: `Health, Labour and Welfare`
        if token.lower_ in {"and", "&"}:
            if seen_and:
                break
            seen_and = True
        if token.text == "," and seen_and:
            break
        if i > at and _name_apostrophe(doc, i, rules):
            i += 1
            continue
        if i > at and (token.lower_ in rules.connectors or token.text == ","):
            # `the` only after of/for (`Office of the ...`), not `... and the <next name>`
            if token.lower_ == "the" and doc[i - 1].lower_ not in rules.prefix_links:
                break
            i += 1
            continue
        break
    return end


def _name_run_before(doc: Doc, head: int, rules: OrganizationRules) -> int:
    """Start of the capitalized words that end just before ``head`` (connectors between)."""
    start = head
    i = head - 1
    while i >= 0:
        token = doc[i]
        if "\n" in token.whitespace_ or token.text in rules.not_name_starts:
            break
        if is_title(token) and token.text not in rules.not_name_words:
            start = i
            i -= 1
            continue
        if token.lower_ in rules.connectors and token.lower_ != "the" and i > 0:
            i -= 1
            continue
        if _name_apostrophe(doc, i, rules):
            i -= 1
            continue
        if _inner_hyphen(doc, i):  # `Anti-Corruption Commission`
            i -= 1
            continue
        break
    while start < head and doc[start].text in rules.not_name_starts:
        start += 1
    return start


def _inner_hyphen(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen inside a capitalized compound (`Anti-Corruption`)."""
    token = doc[i]
    return (
        token.text in {"-", "‑"}
        and not token.whitespace_
        and i > 0
        and not doc[i - 1].whitespace_
        and is_title(doc[i - 1])
        and i + 1 < len(doc)
        and is_title(doc[i + 1])
    )


def _country_in(span: Span, countries: list[Span]) -> str:
    for country in countries:
        if span.start <= country.start and country.end <= span.end:
            return str(country.id_)
    return "-"


def _country_nearby(span: Span, countries: list[Span]) -> str:
    """The country mention nearest to ``span`` in its sentence, or ``-``."""
    sentence = span.doc[span.start].sent
    near = [
        (min(abs(c.start - span.end), abs(span.start - c.end)), str(c.id_))
        for c in countries
        if sentence.start <= c.start and c.end <= sentence.end
    ]
    return min(near)[1] if near else "-"


def _one_name(doc: Doc, after_head: int, end: int, rules: OrganizationRules) -> int:
    """Cut ``and <another name>`` off a run (`University of Geneva and Cornell University`):
    an `and` followed by words holding another head ends the name."""
    heads = set(rules.prefix_heads) | set(rules.suffix_heads)
    for i in range(after_head, end):
        if doc[i].lower_ in {"and", "&"} and heads.intersection(t.text for t in doc[i + 1 : end]):
            return i
    return end


def _one_name_before(doc: Doc, start: int, head: int, rules: OrganizationRules) -> int:
    """The same cut for a run before a head: `University of Geneva and Cornell University`
    keeps `Cornell University`."""
    heads = set(rules.prefix_heads) | set(rules.suffix_heads)
    for i in range(head - 1, start, -1):
        if doc[i].lower_ in {"and", "&"} and heads.intersection(t.text for t in doc[start:i]):
            return i + 1
    return start


def _name_goes_on_before(doc: Doc, head: int, rules: OrganizationRules) -> bool:
    """A capitalized word (or `Employers'`) right before the head belongs to the name."""
    if head == 0:
        return False
    before = doc[head - 1]
    if _name_apostrophe(doc, head - 1, rules):
        return True
    return is_title(before) and before.text not in rules.not_name_starts | rules.not_name_words


def _owner_before(doc: Doc, token: Token, countries: list[Span],
                  rules: OrganizationRules) -> str | None:  # fmt: skip
    """The country a government head belongs to, said right before it: a nationality
    adjective, a possessive country (`Jordan's Ministry of Labour`), or a country's name
    before a ministry (`Netherlands Ministry of ...`, ``country_prefix_heads``)."""
    at = token.i
    if at == 0:
        return None
    if doc[at - 1].text in rules.demonyms:
        return rules.demonyms[doc[at - 1].text]
    ends = {span.end: str(span.id_) for span in countries}
    if doc[at - 1].text in POSSESSIVE and at - 1 in ends:
        return ends[at - 1]
    if token.text in rules.country_prefix_heads and at in ends:
        return ends[at]
    return None


def prefix_rule_span(doc: Doc, token: Token, head_type: str, countries: list[Span],
                     rules: OrganizationRules) -> Span | None:  # fmt: skip
    """``Ministry of Employment and Labour``, ``Office of the Prime Minister``; a nationality
    adjective before it stays outside the text and gives the country."""
    first = token.i + 2
    if first < len(doc) and doc[first].lower_ == "the":
        first += 1
    end = _one_name(doc, token.i + 1, _name_run_after(doc, first, rules), rules)
    if end <= first:
        return None
    start = token.i
    iso3, qualified = "-", "0"
    owner = _owner_before(doc, token, countries, rules) if head_type == "government" else None
    if owner is not None:
        # `Danish Ministry of ...`, `Jordan's Ministry of ...`: whose, not part of the name
        iso3, qualified = owner, "1"
    elif _name_goes_on_before(doc, start, rules):
        start = _one_name_before(doc, _name_run_before(doc, start, rules), token.i, rules)
    if iso3 == "-":
        iso3 = _country_in(Span(doc, start, end), countries)
    name = doc[start:end].text
    if iso3 == "-" and name in rules.country_qualified_names and countries:
        if name in rules.page_country_names:
            # `the Ministry of Foreign Affairs` on a page about one country is that country's
            # (a foreign ministry acts abroad: the country beside it is often the partner)
            iso3 = Counter(str(c.id_) for c in countries).most_common(1)[0][0]
        else:
            # `the Ministry of Health in Lebanon`: the country nearest in the sentence
            iso3 = _country_nearby(Span(doc, start, end), countries)
        qualified = "0" if iso3 == "-" else "1"
    key = f"org-rule/{head_type}/{iso3}/{qualified}"
    return Span(doc, start, end, label=LABEL, span_id=key)


def suffix_rule_span(doc: Doc, token: Token, head_type: str, countries: list[Span],
                     rules: OrganizationRules) -> Span | None:  # fmt: skip
    """``Mastercard Foundation``, ``Federation of Egyptian Industries``, ``X Agency for
    International Development``."""
    start = _one_name_before(doc, _name_run_before(doc, token.i, rules), token.i, rules)
    end = token.i + 1
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.lower_ in rules.prefix_links:
        after = _name_run_after(doc, token.i + 2, rules)
        if after > token.i + 2:
            end = _one_name(doc, token.i + 1, after, rules)
    if start == token.i and end == token.i + 1:
        return None
    if start < token.i and all(not is_title(t) for t in doc[start : token.i]):
        return None
    iso3 = "-"
    if head_type == "government":
        span = Span(doc, start, end)
        adjectives = (rules.demonyms.get(t.text) for t in doc[start : min(start + 2, end)])
        # `Swiss Agency ...`, `Royal Norwegian Embassy`
        iso3 = next((a for a in adjectives if a), None) or _country_in(span, countries)
    return Span(doc, start, end, label=LABEL, span_id=f"org-rule/{head_type}/{iso3}/0")


def head_rule_spans(doc: Doc, countries: list[Span], rules: OrganizationRules) -> list[Span]:
    """Names no gazetteer holds, found from a head noun (``patterns/rules.json``)."""
    spans = []
    heads = rules.prefix_heads.keys() | rules.suffix_heads.keys()
    for index in tokens_whose(doc, ORTH, heads.__contains__):
        token = doc[index]
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        head_type = rules.prefix_heads.get(token.text)
        if head_type and nxt is not None and nxt.lower_ in rules.prefix_links:
            found = prefix_rule_span(doc, token, head_type, countries, rules)
            if found is not None:
                spans.append(found)
                continue
        head_type = rules.suffix_heads.get(token.text)
        if head_type and is_title(token):
            found = suffix_rule_span(doc, token, head_type, countries, rules)
            if found is not None:
                spans.append(found)
    return spans


@Language.factory(COMPONENT, requires=["doc.spans"], assigns=["doc.spans"])
def make_organization_finder(nlp: Language, name: str) -> OrganizationFinder:
    return OrganizationFinder(nlp, name)


def add_components(nlp: Language, rules: OrganizationRules) -> None:
    """The organization finder, after the country and programme components."""
    finder = nlp.add_pipe(COMPONENT)
    assert isinstance(finder, OrganizationFinder)
    finder.set_rules(nlp, rules)
