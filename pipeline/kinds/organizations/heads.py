"""Organization names no gazetteer holds, found from a head noun (``patterns/rules.json``):
``Ministry of Employment and Labour`` (a head before of/for/on and capitalized words),
``Mastercard Foundation`` (capitalized words before a head). The capitalized run on either
side of a head allows connectors (``Health, Labour and Welfare``), member possessives
(``Employers'``) and hyphens inside a word (``Co-operatives``); a nationality adjective or a
possessive country before a government head says whose it is and stays outside the text.
"""

from __future__ import annotations

from collections import Counter

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

from pipeline.kinds.organizations.filters import POSSESSIVE, is_title, line_break_before
from pipeline.kinds.organizations.rules import OrganizationRules
from pipeline.rulers import tokens_whose

LABEL = "ORGANIZATION"


def _name_apostrophe(doc: Doc, i: int, rules: OrganizationRules) -> bool:
    """Token ``i`` is the apostrophe of `Employers'` inside a name."""
    return doc[i].text in POSSESSIVE and i > 0 and doc[i - 1].text in rules.possessive_words


def name_run_after(doc: Doc, at: int, rules: OrganizationRules, countries: list[Span]) -> int:
    """End (exclusive) of the capitalized words starting at ``at``, connectors allowed
    between them (``Health, Labour and Welfare``); ``at`` when there are none. A comma
    before one of ``countries`` ends them."""
    end = at
    i = at
    seen_and = False
    before_comma = None  # where the name ends if its commas lead to no `and`
    while i < len(doc):
        token = doc[i]
        if i > at and line_break_before(token):
            break
        if is_title(token) and token.text not in rules.not_name_words:
            i += 1
            end = i
            continue
        if i == end > at and _hyphen_inside(doc, i):  # `Co-operatives`, `Non-Governmental`
            i += 2
            end = i
            continue
        # a list of nouns has one `and`, commas only before it: `Health, Labour and Welfare`
        if token.lower_ in {"and", "&"}:
            if seen_and or (i + 1 < len(doc) and _acronym(doc[i + 1].text)):
                break  # `the Ministry of Finance of Ethiopia and KfW`: two names
            seen_and = True
        if token.text == "," and (seen_and or any(c.start == i + 1 for c in countries)):
            break  # `Ministry of Manpower of Indonesia, Cambodia's Ministry of ...`
        if i > at and _name_apostrophe(doc, i, rules):
            i += 1
            continue
        if token.text == "," and before_comma is None:
            before_comma = end
        if i > at and (token.lower_ in rules.connectors or token.text == ","):
            # `the` only after of/for (`Office of the ...`), not `... and the <next name>`
            if token.lower_ == "the" and doc[i - 1].lower_ not in rules.prefix_links:
                break
            i += 1
            continue
        break
    if before_comma is not None and not seen_and:
        return before_comma  # `Embassy of the Kingdom of the Netherlands, Dhaka`: a place
    return end


def _acronym(text: str) -> bool:
    """An acronym: two capitals or more (`KfW`, `GIZ`, `UNICEF`)."""
    return sum(c.isupper() for c in text) >= 2


def _name_run_before(doc: Doc, head: int, rules: OrganizationRules) -> int:
    """Start of the capitalized words that end just before ``head`` (connectors between)."""
    start = head
    i = head - 1
    seen_and = seen_comma = False
    while i >= 0:
        token = doc[i]
        if "\n" in token.whitespace_ or token.text in rules.not_name_starts:
            break
        if is_title(token) and token.text not in rules.not_name_words:
            start = i
            i -= 1
            continue
        if token.lower_ in rules.connectors and token.lower_ != "the" and i > 0:
            seen_and = seen_and or token.lower_ in {"and", "&"}
            i -= 1
            continue
        if token.text == "," and seen_and and not seen_comma and i == start - 1 and i > 0:
            # a list of nouns, one `and` after its commas: `Technical, Entrepreneurial and
            # Vocational Education and Training Authority`
            seen_comma = True
            i -= 1
            continue
        if _name_apostrophe(doc, i, rules):
            i -= 1
            continue
        if _inner_hyphen(doc, i):  # `Anti-Corruption Commission`
            i -= 1
            continue
        if i > 1 and i == start - 1 and _hyphen_inside(doc, i - 1) and is_title(doc[i - 2]):
            start = i - 2  # `Co-operatives Ltd`
            i -= 3
            continue
        break
    while start < head and doc[start].text in rules.not_name_starts:
        start += 1
    return start


def _hyphen_inside(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen inside a word of letters (`Co-operatives`): no space around it."""
    return (
        doc[i].text in {"-", "‑"}
        and not doc[i].whitespace_
        and not doc[i - 1].whitespace_
        and i + 1 < len(doc)
        and doc[i + 1].is_alpha
    )


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


def _one_name(doc: Doc, after_head: int, end: int, rules: OrganizationRules) -> int:
    """Cut ``and <another name>`` off a run (`University of Geneva and Cornell University`):
    an `and` followed by words holding another head ends the name."""
    heads = set(rules.prefix_heads) | set(rules.suffix_heads)
    for i in range(after_head, end):
        if doc[i].lower_ in {"and", "&"} and heads.intersection(t.text for t in doc[i + 1 : end]):
            return i
        if _next_prefix_name(doc, i, after_head, rules):
            return i - 1 if doc[i - 1].text == "," else i
    return end


def _name_before_is_whole(doc: Doc, start: int, head: int, rules: OrganizationRules) -> bool:
    """The run before a `Head of ...` head is a `Head of ...` name of its own: `Ministry of
    Labour Ministry of Health` is two names."""
    return _next_prefix_name(doc, head, start, rules) and any(
        doc[j].text in rules.prefix_heads and doc[j + 1].lower_ in rules.prefix_links
        for j in range(start, head - 1)
    )


def _next_prefix_name(doc: Doc, i: int, after_head: int, rules: OrganizationRules) -> bool:
    """Token ``i`` starts a second `Head of ...` name right after a capitalized word, with
    nothing or a comma between them (`Ministry of Labour, Ministry of Health`, or a list
    set on one line)."""
    before = i - 1 if doc[i - 1].text != "," else i - 2
    return (
        before > after_head
        and doc[i].text in rules.prefix_heads
        and i + 1 < len(doc)
        and doc[i + 1].lower_ in rules.prefix_links
        and is_title(doc[before])
    )


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
    adjective, a possessive country (`Jordan's Ministry of Labour`, `Finland, whose Ministry
    ...`), or a country's name before a ministry (`Netherlands Ministry of ...`,
    ``country_prefix_heads``)."""
    at = token.i
    if at == 0:
        return None
    if doc[at - 1].text in rules.demonyms:
        return rules.demonyms[doc[at - 1].text]
    ends = {span.end: str(span.id_) for span in countries}
    if doc[at - 1].text in POSSESSIVE and at - 1 in ends:
        return ends[at - 1]
    if at >= 3 and doc[at - 1].lower_ == "whose" and doc[at - 2].text == "," and at - 2 in ends:
        return ends[at - 2]  # `Finland, whose Ministry for Foreign Affairs granted`
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
    end = _one_name(doc, token.i + 1, name_run_after(doc, first, rules, countries), rules)
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
        if _name_before_is_whole(doc, start, token.i, rules):
            start = token.i
    if iso3 == "-":
        iso3 = _country_in(Span(doc, start, end), countries)
    name = doc[start:end].text
    whose = _whose_tail(doc, token.i + 2, end, countries) if head_type == "government" else None
    if whose is not None and doc[start:whose].text not in rules.country_qualified_names:
        # `Ministry of Internal Affairs of Tonga`: whose it is, not part of its name
        qualified = f"-{len(doc[start:end].text) - len(doc[start:whose].text)}"
    if iso3 == "-" and name in rules.page_country_names and countries:
        # `the Ministry of Foreign Affairs` on a page about one country is that country's
        # (a foreign ministry acts abroad: the country beside it is often the partner)
        iso3 = Counter(str(c.id_) for c in countries).most_common(1)[0][0]
        qualified = "1"
    key = f"org-rule/{head_type}/{iso3}/{qualified}"
    return Span(doc, start, end, label=LABEL, span_id=key)


def _whose_tail(doc: Doc, first: int, end: int, countries: list[Span]) -> int | None:
    """Where ``of (the) <country>`` at the end of a name (``doc[:end]``) begins, after at
    least one word of its own from ``first`` (`Ministry of Labour of Kenya`); None without."""
    country = next((c for c in countries if c.end == end), None)
    if country is None:
        return None
    at = country.start - 1
    if at > first and doc[at].lower_ == "the":
        at -= 1
    return at if at > first and doc[at].lower_ == "of" else None


def suffix_rule_span(doc: Doc, token: Token, head_type: str, countries: list[Span],
                     rules: OrganizationRules) -> Span | None:  # fmt: skip
    """``Mastercard Foundation``, ``Federation of Egyptian Industries``, ``X Agency for
    International Development``."""
    start = _one_name_before(doc, _name_run_before(doc, token.i, rules), token.i, rules)
    end = token.i + 1
    nxt = doc[end] if end < len(doc) else None
    if _name_before_is_whole(doc, start, token.i, rules):
        start = token.i
    if nxt is not None and nxt.lower_ in rules.prefix_links:
        after = name_run_after(doc, token.i + 2, rules, countries)
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
            if found is None or found.text in rules.forums:
                continue
            if all(t.text in rules.organ_words for t in found if t.i != token.i):
                continue  # `the Steering Committee`, `the General Council`: a body, unnamed
            # `the Russian Federation` is a country
            if not any(c.start == found.start and c.end == found.end for c in countries):
                spans.append(found)
    return spans
