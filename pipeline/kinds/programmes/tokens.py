"""Walking the words of a programme name: capitalized words, line starts, slashes and
parentheses around a token, and `Scanner`, which reads a candidate name's extent."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from pipeline.kinds.programmes.initials import initials_fit
from pipeline.kinds.programmes.rules import (
    ProgrammeWords,
)
from schemas import Kind

# A short name in parentheses: an acronym (SIYB, R4D, SKILLS-AP, IPEC+, ILO/PEDW, STED II,
# Bridge-2), optionally followed by one or two capitalized words (ACCEL Africa).
_SHORT_NAME = re.compile(
    r"^(?=[^ ]*[A-Z][^ ]*[A-Z]|[A-Z][a-z]+-\d+(?: |$))"
    r"[A-Z][A-Za-z0-9+&/-]{1,15}(?: [A-Z][A-Za-z-]+){0,2}$"
)


def is_capitalized(token: Token) -> bool:
    return token.text[:1].isupper()


def is_short_name(text: str) -> bool:
    return bool(_SHORT_NAME.match(" ".join(text.split())))


def next_word(doc: Doc, i: int) -> int:
    """Index of the first non-space token at or after ``i`` (len(doc) if none)."""
    while i < len(doc) and doc[i].is_space:
        i += 1
    return i


def previous_word(doc: Doc, i: int) -> int:
    """Index of the last non-space token before ``i`` (-1 if none)."""
    i -= 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i


def is_blank_line(token: Token) -> bool:
    return token.is_space and token.text.count("\n") >= 2


def at_line_start(doc: Doc, i: int) -> bool:
    return i == 0 or "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_


def attached(doc: Doc, i: int) -> bool:
    """The token touches both neighbours (``Korea-ILO``, ``ILO/Korea``)."""
    return i > 0 and not doc[i - 1].whitespace_ and not doc[i].whitespace_


def lowercase_half(doc: Doc, i: int) -> bool:
    """Token ``i`` is the lowercase half of a hyphenated word after a capitalized one
    (``Multi-bilateral``, ``Cross-border``)."""
    token = doc[i]
    return (
        token.is_lower
        and token.is_alpha
        and i > 1
        and doc[i - 1].text == "-"
        and attached(doc, i - 1)
        and is_capitalized(doc[i - 2])
    )


def attached_word(doc: Doc, i: int) -> bool:
    """The token is part of a compound: ``Korea-ILO``, ``ILO/Korea``, ``ILO/``."""
    token = doc[i]
    if token.text.endswith(("/", "-")):
        return True
    after = doc[i + 1].text if i + 1 < len(doc) else ""
    before = doc[i - 1].text if i > 0 else ""
    return (not token.whitespace_ and after in {"-", "/"}) or (
        before in {"-", "/"} and attached(doc, i - 1)
    )


def spaced_slash(doc: Doc, i: int) -> bool:
    """Token ``i`` is a slash with a space on each side between two capitalized words
    (``Netherlands / ILO Partnership Programme``)."""
    if doc[i].text != "/" or i == 0 or i + 1 >= len(doc):
        return False
    left, right = previous_word(doc, i), next_word(doc, i + 1)
    return (
        left >= 0
        and right < len(doc)
        and bool(doc[left].whitespace_)
        and bool(doc[i].whitespace_)
        and is_capitalized(doc[left])
        and is_capitalized(doc[right])
    )


def beside_slash(doc: Doc, i: int) -> bool:
    """Token ``i`` is one side of a spaced slash compound (``ILO / Norway``)."""
    after, before = next_word(doc, i + 1), previous_word(doc, i)
    return (after < len(doc) and spaced_slash(doc, after)) or (
        before >= 0 and spaced_slash(doc, before)
    )


def paren_close(doc: Doc, i: int) -> int | None:
    """When token ``i`` opens ``(short name)`` or ``(short name, more)``, the index of the
    token that ends the short name (``)`` or ``,``); otherwise None."""
    if doc[i].text != "(":
        return None
    for j in range(i + 2, min(i + 6, len(doc))):
        if doc[j].is_space:
            return None
        if doc[j].text.startswith(")") or doc[j].text == ",":
            return j if is_short_name(doc[i + 1 : j].text) else None
    return None


def paren_open(doc: Doc, i: int) -> int | None:
    """When token ``i`` closes ``(short name)``, the index of its ``(``; otherwise None."""
    if doc[i].text != ")":
        return None
    for k in range(i - 2, max(-1, i - 6), -1):
        if doc[k].text == "(":
            return k if paren_close(doc, k) == i else None
    return None


# `Phase II of the ...`: a phase and its number open no name.
_PHASE_WORDS = frozenset({"Phase", "PHASE", "Stage"})
_PHASE_NUMBER = re.compile(r"[IVX]{1,4}|\d{1,2}|One|Two|Three|Four")
_POSSESSIVES = frozenset({"'s", "’s"})
_POSSESSIVE_AFTER = frozenset({"for", "in", "of", "on"})
# A participle adjective after an owner (EU-funded, ILO-led): it describes, it names nothing.
_ADJECTIVE = re.compile(r"-(?:funded|led|backed|supported|sponsored|financed|run|based)$")


class Scanner:
    """Finds the capitalized name that ends or starts at a token; the rules' shared moves."""

    def __init__(self, doc: Doc, rules: ProgrammeWords) -> None:
        self.doc = doc
        self.rules = rules
        self.country_tokens = {
            i for span in doc.spans.get(Kind.COUNTRY.value, []) for i in range(span.start, span.end)
        }

    def only_places(self, start: int, end: int) -> bool:
        """Every content word is part of a country name or a region word (``Latin America and
        the Caribbean``, ``Asia and Pacific``): a place, not a programme."""
        doc, rules = self.doc, self.rules
        return all(
            k in self.country_tokens
            or doc[k].lower_ in rules.place_words
            or doc[k].is_space
            or doc[k].is_punct
            or self.is_connector(k)
            or doc[k].lower_ == "the"
            for k in range(start, end)
        )

    def is_connector(self, i: int) -> bool:
        token = self.doc[i]
        if token.text in {"-", "–", "—", "/", "@"}:
            return attached(self.doc, i) or spaced_slash(self.doc, i)
        if token.text in {"'", "’"}:  # a plural possessive inside a name: Workers’ Fund
            return i > 0 and self.doc[i - 1].text.endswith("s") and not self.doc[i - 1].whitespace_
        return token.text in self.rules.connectors

    def scan_left(self, end: int, embedded_acronyms: bool = True) -> int:
        """Start of the capitalized run that ends just before token ``end`` (``end`` if none).

        Connectors join capitalized words; ``the`` joins only after for/of/on/in; a single
        line break is crossed, a blank line is not; an embedded ``(ACR)`` followed by another
        capitalized word is kept (``Social and Solidarity Economy (SSE) Knowledge Base``), the
        head noun itself included (``Better Jobs Mekong (BJM) Programme``)."""
        doc = self.doc
        start, i = end, end - 1
        after_and: int | None = None  # just after the leftmost ``and`` crossed
        while i >= 0:
            token = doc[i]
            if token.is_space:
                if is_blank_line(token) or "\n" not in token.text:
                    break
                i -= 1
                continue
            opening = paren_open(doc, i) if embedded_acronyms else None
            if opening is not None and i < end and is_capitalized(doc[next_word(doc, i + 1)]):
                i = opening - 1
                continue
            if lowercase_half(doc, i):
                i -= 1  # the lowercase half of a hyphenated word: Multi-bilateral
                continue
            if token.text in self.rules.leading_words:
                if (
                    token.text in _PHASE_WORDS
                    and i + 1 < end
                    and _PHASE_NUMBER.fullmatch(doc[i + 1].text)
                ):
                    start = i  # `Phase II of the X`: trim_left drops it with its number
                break  # a capitalized The/About/Under opens a new phrase, not a name word
            if token.text in self.rules.stop_heads or (
                start < end and token.text in self.rules.heads
            ):
                # Another name ends here ("... Organization for the Green Jobs programme"); a
                # place after it, up to an ``and``, is its tail, not this name's start
                # ("Programme in Kenya and the Skills Fund"; "Fund Gender and Youth ..." stays).
                if after_and is not None and any(
                    doc[k].lower_ in self.rules.tail_connectors | self.rules.acronym_tail_connectors
                    for k in range(i + 1, after_and)
                ):
                    start = max(start, after_and)
                break
            if (
                token.text in self.rules.org_acronyms
                and not attached_word(doc, i)
                and not beside_slash(doc, i)
            ):
                start = i  # an owner opens a name: "Child Protection | UNICEF Programme"
                break
            if is_capitalized(token) and not token.is_punct:
                start, i = i, i - 1
                continue
            if (
                token.text in _POSSESSIVES
                and start == i + 1 < end
                and i > 0
                and is_capitalized(doc[i - 1])
                and doc[i - 1].idx + len(doc[i - 1].text) == token.idx
                and i > 1
                and doc[previous_word(doc, i - 1)].lower_ in _POSSESSIVE_AFTER
            ):
                # a place's possessive inside a name, after its connector: Green Jobs for
                # Zambia's Youth (not an owner before it: Japan's Skills Programme)
                i -= 1
                continue
            if self.is_connector(i) and i > 0:
                if token.lower_ in {"and", "&"}:
                    after_and = i + 1
                i -= 1
                continue
            if self.opens_with_to(i, start):
                start, i = i - 1, i - 2  # "End to Forced Labour Initiative"
                break
            left = previous_word(doc, i)
            if token.lower_ == "the" and left >= 0 and doc[left].lower_ in self.rules.article_after:
                i -= 1
                continue
            break
        return self.from_title_opener(self.trim_left(start, end), end)

    def from_title_opener(self, start: int, end: int) -> int:
        """``Workers of the Improving Safety in Rural Roads project``: a title opener (a
        gerund such as ``Improving``) after ``of the`` inside a run starts the name."""
        doc = self.doc
        for k in range(start + 1, end):
            before = previous_word(doc, k)
            if (
                doc[before].lower_ == "the"
                and is_capitalized(doc[k])
                and starts_title(doc[k].text, self.rules)
            ):
                return k
        return start

    def opens_with_to(self, i: int, start: int) -> bool:
        """A lowercase ``to`` after a single capitalized word that opens the name (``End to
        Child Labour Fund``, ``Road to Jobs``): the word before it starts the phrase (an
        article, a line start or punctuation before it) and is not a common noun that takes
        ``to`` (``to_blockers``: ``Contribution to``, ``Support to``)."""
        doc = self.doc
        if doc[i].text != "to" or start <= i or i < 1:
            return False
        word = previous_word(doc, i)
        if word < 0 or not is_capitalized(doc[word]) or doc[word].is_punct:
            return False
        if doc[word].text in self.rules.leading_words | self.rules.to_blockers:
            return False
        before = previous_word(doc, word)
        return (
            before < 0
            or at_line_start(doc, word)
            or doc[before].lower_ in {"the", "a", "an"}
            or doc[before].is_punct
        )

    def without_glossary_acronym(self, start: int, end: int) -> int:
        """``LESP Liberia Electoral Support Project`` (a list of abbreviations): the acronym
        before its own expansion is not part of the name."""
        doc = self.doc
        token = doc[start] if start < end else None
        if token is None or not token.is_upper or len(token.text) < 2 or attached_word(doc, start):
            return start
        rest = next_word(doc, start + 1)
        words = [t.text for t in doc[rest:end] if not t.is_space and not t.is_punct]
        if words and initials_fit(words, self.rules.connectors | {"the"}, token.text):
            return rest
        return start

    def trim_left(self, start: int, end: int) -> int:
        """Drop leading articles, prepositions, sentence openers and connectors, and a
        country's or an organization's possessive (`Norway's`, `ILO’s`)."""
        doc = self.doc
        while start < end:
            token = doc[start]
            if (
                token.text in _PHASE_WORDS
                and start + 1 < end
                and _PHASE_NUMBER.fullmatch(doc[start + 1].text)
            ):
                start += 2  # `Phase II of the Safe Migration project`
            elif (
                token.is_space
                or token.is_punct
                or self.is_connector(start)
                or token.text in self.rules.leading_words
                or token.lower_ == "the"
            ):
                start += 1
            elif (
                (start in self.country_tokens or doc[start].text in self.rules.org_acronyms)
                and start + 2 < end
                and doc[start + 1].text in _POSSESSIVES
            ):
                # `Norway's Fish for Development programme`, `phase of ILO’s Work in Freedom
                # programme`: the owner's
                start += 2
            elif (
                start + 2 < end
                and doc[start + 1].text == "-"
                and attached(doc, start + 1)
                and doc[start + 2].is_lower
                and (doc[start + 2].text.endswith("ed") or doc[start + 2].text in {"run", "wide"})
            ):
                start += 3  # EU-funded, ILO-led: an adjective before the name (not Co-operative)
            else:
                break
        return start

    def scan_tail(self, end: int) -> int:
        """After a head noun, ``on|for|of [the] Capitalized words`` belongs to the name."""
        doc = self.doc
        j = next_word(doc, end)
        if j >= len(doc) or any(is_blank_line(doc[k]) for k in range(end, j)):
            return end  # a tail never starts after a paragraph break
        if doc[j].text in self.rules.acronym_tail_connectors:
            # "Programme in Asia and the Pacific (SKILLS-AP)": a place joins the name only
            # when the acronym shows it belongs there ("Programme in Zambia" stays out).
            extended = self.scan_run(j, end)
            after = next_word(doc, extended)
            return extended if after < len(doc) and paren_close(doc, after) else end
        if doc[j].text not in self.rules.tail_connectors:
            return end
        return self.scan_run(j, end)

    def scan_run(self, j: int, end: int) -> int:
        """The end of the capitalized words after the connector at ``j`` (``end`` if none)."""
        doc = self.doc
        i, last, joined = j + 1, end, True
        before_and = None  # where the run stood at its `and`
        while i < len(doc):
            token = doc[i]
            if token.is_space and not is_blank_line(token):
                i += 1
                continue
            if token.text in self.rules.heads and before_and is not None:
                return before_and  # "Fund for X and the Y Fund for Z": two names
            if token.text in self.rules.stop_heads and not joined:
                # "Fund of the International Labour Organisation", "Programme of Austrian
                # Development Policy": the tail is the start of an organization's or a
                # policy's name, not part of this one.
                return end
            if token.text in self.rules.stop_heads or token.text in self.rules.org_acronyms:
                break  # "... on Green Jobs and of the UN Cooperation Framework": another name
            if is_capitalized(token) and not token.is_punct:
                last, joined = i + 1, False
            elif lowercase_half(doc, i) and last == i - 1:
                last, joined = i + 1, False  # the lowercase half of a word: Cross-border
            elif token.lower_ == "the":
                pass
            elif self.is_connector(i) and not joined:
                joined = True  # two connectors in a row ("and of") end the name
                if token.lower_ in {"and", "&"}:
                    before_and = last
            else:
                break
            i += 1
        return last

    def without_owner(self, start: int, end: int) -> int:
        """``the ILO for the Green Skills programme``: an organization's acronym followed by
        a connector is not part of the name. Right before a capitalized word it is (``ILO
        Youth Employment Programme``, as the devA annotators write it)."""
        doc = self.doc
        while start + 1 < end and doc[start].text in self.rules.org_acronyms:
            if not doc[start].whitespace_ or beside_slash(doc, start):
                break
            after = next_word(doc, start + 1)
            if after < end and is_capitalized(doc[after]):
                break
            start = after
        return start

    def content_words(self, start: int, end: int) -> list[str]:
        doc = self.doc
        return [
            doc[i].text.rstrip("/")
            for i in range(start, end)
            if not doc[i].is_space
            and not doc[i].is_punct
            and not self.is_connector(i)
            and doc[i].lower_ != "the"
        ]

    def is_distinctive(self, words: list[str]) -> bool:
        """Some word is neither generic (Global, Flagship, Programme) nor an org acronym."""
        rules = self.rules
        return any(
            w not in rules.generic_words and w not in rules.org_acronyms and w.lower() != "the"
            for w in words
        )

    def acceptable_name(self, start: int, end: int) -> bool:
        if end <= start:
            return False
        before = previous_word(self.doc, start)
        if before >= 0 and self.doc[before].lower_ in self.rules.indefinite_articles:
            return False  # "a Social and Solidarity Economy programme" describes, not names
        words = self.content_words(start, end)
        if not words or not self.is_distinctive(words) or self.only_places(start, end):
            return False
        if words[-1] in self.rules.stop_heads or _ADJECTIVE.search(self.doc[start:end].text):
            return False  # "New EU-funded project": an adjective, not a name
        return not self.rules.is_stop_name(self.doc[start:end].text)


def starts_title(text: str, rules: ProgrammeWords) -> bool:
    """The text opens like a project title: a gerund (Strengthening ...) or a listed opener."""
    words = text.split()
    if not words:
        return False
    first = words[0]
    if any(text == s or text.startswith(s + " ") for s in rules.title_start_words):
        return True
    return (
        first[:1].isupper()
        and first.endswith("ing")
        and len(first) > 5
        and first not in rules.gerund_exceptions
    )
