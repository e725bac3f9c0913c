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
  ``prog-heading``             a project title set as a heading or bullet line
  ``prog-quoted-title``        a project title in quotation marks after a cue word

Every word list the rules use is data (``patterns/programme_rules.json``, the stop lists
``programme_stoplist.tsv``, ``programme_stop_heads.tsv``, ``programme_org_acronyms.tsv``);
docs/programmes.md explains them. Canonical names and acronyms are settled later, in
`pipeline.kinds.programmes.normalize`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.kinds.programmes.rules import (
    GazetteerEntry,
    ProgrammeRules,
    ProgrammeWords,
)
from pipeline.patterns import SpanPattern
from pipeline.rulers import LINE_BREAK, doc_text
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
        "prog-quoted-title",
        "prog-repeat",
    }
)
LABEL = "PROGRAMME"
# A short name in parentheses: an acronym (SIYB, R4D, SKILLS-AP, IPEC+, ILO/PEDW, STED II,
# Bridge-2), optionally followed by one or two capitalized words (ACCEL Africa).
_SHORT_NAME = re.compile(
    r"^(?=[^ ]*[A-Z][^ ]*[A-Z]|[A-Z][a-z]+-\d+(?: |$))"
    r"[A-Z][A-Za-z0-9+&/-]{1,15}(?: [A-Z][A-Za-z-]+){0,2}$"
)
# What an acronym may carry after its core: a phase number (RSS-II, BLP-2, STED II) or a
# short place code (GED-MM, FSLM-HoA).
_ACRONYM_SUFFIX = re.compile(r"^(?P<core>.+?)(?:[- ](?:[IVX]+|\d+)|-[A-Za-z]{1,3})$")


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


# --- token helpers ------------------------------------------------------------------------


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
            if (
                token.is_lower
                and token.is_alpha
                and i > 1
                and doc[i - 1].text == "-"
                and attached(doc, i - 1)
                and is_capitalized(doc[i - 2])
            ):
                i -= 1  # the lowercase half of a hyphenated word: Multi-bilateral
                continue
            if token.text in self.rules.leading_words:
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
        """Drop leading articles, prepositions, sentence openers and connectors."""
        doc = self.doc
        while start < end:
            token = doc[start]
            if (
                token.is_space
                or token.is_punct
                or self.is_connector(start)
                or token.text in self.rules.leading_words
                or token.lower_ == "the"
            ):
                start += 1
            elif (
                start + 2 < end
                and doc[start + 1].text == "-"
                and attached(doc, start + 1)
                and doc[start + 2].is_lower
            ):
                start += 3  # EU-funded, ILO-led: an adjective before the name
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
        while i < len(doc):
            token = doc[i]
            if token.is_space and not is_blank_line(token):
                i += 1
                continue
            if token.text in self.rules.stop_heads or token.text in self.rules.org_acronyms:
                break  # "... on Green Jobs and of the UN Cooperation Framework": another name
            if is_capitalized(token) and not token.is_punct:
                last, joined = i + 1, False
            elif token.lower_ == "the":
                pass
            elif self.is_connector(i) and not joined:
                joined = True  # two connectors in a row ("and of") end the name
            else:
                break
            i += 1
        return last

    def without_owner(self, start: int, end: int) -> int:
        """The ILO Green Jobs Programme: the owner's acronym is not part of the name."""
        doc = self.doc
        while start + 1 < end and doc[start].text in self.rules.org_acronyms:
            if not doc[start].whitespace_ or beside_slash(doc, start):
                break
            start = next_word(doc, start + 1)
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


# --- acronym definitions ------------------------------------------------------------------


def acronym_letters(acronym: str) -> str:
    letters = "".join(c for c in acronym if c.isalpha())
    if len(letters) > 2 and letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]  # SDGs, MSMEs: a plural acronym
    return letters.upper()


def acronym_cores(acronym: str) -> list[str]:
    """The acronym, then what remains without an owner before a slash (``ILO/PEDW`` ->
    ``PEDW``) and without a phase or place suffix (``RSS-II`` -> ``RSS``)."""
    cores = [acronym]
    if "/" in acronym:
        cores.append(acronym.rsplit("/", 1)[1])
    for core in list(cores):
        match = _ACRONYM_SUFFIX.match(core)
        if match and len(acronym_letters(match["core"])) >= 2:
            cores.append(match["core"])
    return cores


def initials_fit(words: list[str], connectors: frozenset[str], acronym: str) -> bool:
    """The name's initials spell the acronym or its core (`acronym_cores`)."""
    return any(letters_fit(words, connectors, core) for core in acronym_cores(acronym))


def letters_fit(words: list[str], connectors: frozenset[str], acronym: str) -> bool:
    """Each acronym letter, in order, comes from the start of a word: every capitalized word
    gives one to three leading letters (``CO``mpetitive in SCORE), a connector gives its first
    letter or nothing (``and`` in GEAR)."""
    letters = acronym_letters(acronym)

    @cache
    def fits(w: int, a: int) -> bool:
        if w == len(words):
            return a == len(letters)
        word = words[w]
        if word.lower() in connectors or not word[:1].isupper():
            if fits(w + 1, a):
                return True
            return a < len(letters) and word[:1].upper() == letters[a] and fits(w + 1, a + 1)
        for k in (1, 2, 3):
            if (
                a + k <= len(letters)
                and word[:k].upper() == letters[a : a + k]
                and fits(w + 1, a + k)
            ):
                return True
        return False

    return bool(letters) and bool(words) and words[0][:1].upper() == letters[0] and fits(0, 0)


@dataclass(frozen=True)
class Definition:
    """``Name (ACR)``: the name's tokens, the acronym's text and token count, and where the
    mention ends (after the parenthesis, or after the name when the parenthesis holds more
    than the acronym)."""

    name_start: int
    name_end: int
    end: int
    acronym: str
    acronym_tokens: tuple[str, ...]


def fitting_start(scanner: Scanner, start: int, end: int, acronym: str) -> int | None:
    """The first token from which the name's initials spell the acronym."""
    doc, rules = scanner.doc, scanner.rules
    for s in range(start, end):
        if doc[s].is_space or not is_capitalized(doc[s]):
            continue
        words = [t.text for t in doc[s:end] if not t.is_space and not t.is_punct]
        if initials_fit(words, rules.connectors | {"the"}, acronym):
            return s
    return None


def definitions(
    scanner: Scanner, known: list[tuple[int, int]]
) -> tuple[list[Definition], set[str]]:
    """Acronym definitions that name a programme, and acronyms defined for something else.

    ``known`` holds name ranges other rules already found (gazetteer, head nouns): a short
    name in parentheses right after one of them is its acronym whether or not it fits."""
    doc, rules = scanner.doc, scanner.rules
    known_ends: dict[int, int] = {}
    for start, end in known:
        known_ends[end] = min(start, known_ends.get(end, start))
    found, blocked = [], set()
    for i in range(1, len(doc) - 2):
        close = paren_close(doc, i)
        if close is None:
            continue
        acronym_span = doc[i + 1 : close]
        acronym = " ".join(acronym_span.text.split())
        name_end = previous_word(doc, i) + 1
        start = scanner.scan_left(name_end, embedded_acronyms=False)
        if start >= name_end:
            continue
        name_start = known_ends.get(name_end)
        evidence = name_start is not None
        if name_start is None:
            name_start = fitting_start(scanner, start, name_end, acronym)
        if name_start is None and strong_title(scanner, start, name_end, close + 1):
            name_start, evidence = start, True
        if name_start is None:
            continue
        words = scanner.content_words(name_start, name_end)
        if (
            not words
            or acronym in rules.org_acronyms
            or words[-1] in rules.stop_heads
            or rules.is_stop_name(doc[name_start:name_end].text)
            or scanner.only_places(name_start, name_end)
        ):
            blocked.add(acronym)
            continue
        end = close + 1 if doc[close].text.startswith(")") else name_end
        if evidence or names_programme(scanner, name_start, name_end, close + 1):
            tokens = tuple(t.text for t in acronym_span if not t.is_space)
            found.append(Definition(name_start, name_end, end, acronym, tokens))
    return found, blocked


def strong_title(scanner: Scanner, start: int, end: int, after: int) -> bool:
    """A title-like name (Accelerating Action for ...) followed by ``project``/``programme``
    names a programme even when its short name is no acronym of it (ACCEL Africa)."""
    doc, rules = scanner.doc, scanner.rules
    follower = next_word(doc, after)
    return (
        starts_title(doc[start:end].text, rules)
        and follower < len(doc)
        and doc[follower].text in rules.acronym_followers
    )


def names_programme(scanner: Scanner, start: int, end: int, after: int) -> bool:
    """Evidence that a defined name is a programme and not a topic or a body."""
    doc, rules = scanner.doc, scanner.rules
    words = scanner.content_words(start, end)
    if words[-1] in rules.heads or starts_title(doc[start:end].text, rules):
        return True
    follower = next_word(doc, after)
    if follower < len(doc) and (
        doc[follower].text in rules.acronym_followers
        or (doc[follower].text in rules.heads and not modifier_head(doc, follower, rules))
    ):
        return True  # "(GEAR) training", "(BJM) Programme"
    before = [doc[k].lower_ for k in range(max(0, start - 4), start) if not doc[k].is_space]
    return any(word in rules.acronym_cues for word in before) or bullet_label(scanner, start, after)


def bullet_label(scanner: Scanner, start: int, after: int) -> bool:
    """``- Name (ACR): what it does`` - a list item (a line, bulleted or not) labelled with a
    defined name."""
    doc = scanner.doc
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, doc[start].idx) + 1
    prefix = text[line_start : doc[start].idx]
    label = not prefix.strip() or scanner.rules.bullet.fullmatch(prefix + " ")
    follower = next_word(doc, after)
    return bool(label) and follower < len(doc) and doc[follower].text in {":", "–", "—", "-"}


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


# --- headings, bullets and quoted titles ----------------------------------------------------


# A project period after a title, as in a list of projects: "... in Lao PDR (2017-2021)".
_TRAILING_YEARS = re.compile(r"\s*\((?:19|20)\d\d[^()]*\)\s*$")
# A bullet item that labels what follows: "<title> (2020-2024): EUR 4 million".
_LABEL_END = re.compile(r":\s")
# Inside a title: no sentence break; one colon is allowed before a capitalized subtitle
# ("Empower: Building peace through ...").
_SENTENCE_BREAK = re.compile(r"[.!?;]\s|:\s(?![A-Z])")


def breaks_sentence(flat: str) -> bool:
    return bool(_SENTENCE_BREAK.search(flat)) or flat.count(": ") > 1


def title_span(text: str, start: int, end: int, rules: ProgrammeWords) -> tuple[int, int] | None:
    """The part of ``text[start:end]`` that is a project title, or None."""
    if text.startswith("The ", start):
        start += 4  # a leading article is not part of a title (pdf_NOTES)
    block = text[start:end]
    phased = rules.phase.search(block) is not None
    block = rules.phase.sub("", block).rstrip()
    block = _TRAILING_YEARS.sub("", block)
    flat = " ".join(block.split())
    words = flat.split()
    if not 4 <= len(words) <= 30 or flat[-1:] in ".!?:;," or not flat[:1].isupper():
        return None
    if words[0].rstrip(":") in rules.caption_words or "©" in flat:
        return None  # a photo caption or a label line, not a title
    if breaks_sentence(flat) or re.search(r"\s[–—-]\s", flat):
        return None
    if any(w.lower().strip(",") in rules.finite_verbs for w in words):
        return None
    if flat.lower() in rules.section_headings:
        return None
    last = re.sub(r"\s*\([^)]*\)$", "", flat).split()[-1]
    capitalized = sum(w[:1].isupper() for w in words) / len(words)
    # A title opens like one, ends in a head noun, or is a capitalized line cut before its
    # phase ("The Way Forward ...: Decent Work for Women ... - Phase II").
    if not (starts_title(flat, rules) or (capitalized >= 0.5 and (last in rules.heads or phased))):
        return None
    return start, start + len(block)


def near_title_cue(text: str, start: int, end: int, rules: ProgrammeWords) -> bool:
    """A ``the project`` / ``this programme`` nearby shows the page is about projects."""
    window = text[max(0, start - 800) : end + 800]
    cues = "|".join(re.escape(c) for c in sorted(rules.title_cues))
    return bool(
        re.search(
            rf"\b(?:the|this|that|each|our|its|a)\s+(?:[\w-]+\s+)?(?:{cues})\b",
            window,
            re.IGNORECASE,
        )
    )


def heading_titles(text: str, rules: ProgrammeWords) -> Iterator[tuple[int, int]]:
    """Project titles set as a bullet line, or as a paragraph of their own; a title may wrap
    onto lines that start in lowercase."""
    lines: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1

    def blank(k: int) -> bool:
        return k < 0 or k >= len(lines) or not text[lines[k][0] : lines[k][1]].strip()

    i = 0
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        if not line.strip():
            i += 1
            continue
        bullet = rules.bullet.match(line)
        content = start + (bullet.end() if bullet else len(line) - len(line.lstrip()))
        j = i
        while j + 1 < len(lines) and j - i < 3 and not blank(j + 1):
            following = text[lines[j + 1][0] : lines[j + 1][1]]
            if rules.bullet.match(following) or not following.lstrip()[:1].islower():
                break
            if text[content : lines[j][1]].rstrip()[-1:] in ".!?:;":
                break
            j += 1
        block_end = lines[j][1]
        standalone = blank(i - 1) and (blank(j + 1) or rules.bullet.match(text[lines[j + 1][0] :]))
        if bullet:
            label = _LABEL_END.search(text, content, block_end)
            block_end = label.start() if label else block_end
        if bullet or standalone:
            span = title_span(text, content, block_end, rules)
            if span and near_title_cue(text, span[0], span[1], rules):
                yield span
        i = j + 1


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text``, without its line break."""
    lines, position = [], 0
    for line in text.split("\n"):
        lines.append((position, position + len(line)))
        position += len(line) + 1
    return lines


def is_list_heading(line: str, rules: ProgrammeWords) -> bool:
    """A short line that announces a list of projects (``Our projects``, ``Projects funded
    by Sweden:``, ``Current programmes``): no sentence, a plural programme noun in it."""
    words = line.strip().rstrip(":").split()
    return (
        0 < len(words) <= rules.list_heading_max_words
        and not line.rstrip().endswith((".", "!", "?", ";", ","))
        and rules.bullet.match(line) is None
        and any(w.lower().strip("():") in rules.list_heading_nouns for w in words)
        and not any(w.lower() in rules.finite_verbs for w in words)
    )


def list_item_title(
    text: str, start: int, end: int, rules: ProgrammeWords, places: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The project title on a listed line ``text[start:end]``: a capitalized phrase of up to
    ``list_item_max_words`` words, in sentence case too, that is no sentence, label or place."""
    block = rules.phase.sub("", text[start:end]).rstrip()
    block = _TRAILING_YEARS.sub("", block)
    flat = " ".join(block.split())
    words = flat.split()
    if not rules.list_item_min_words <= len(words) <= rules.list_item_max_words:
        return None
    if not flat[:1].isupper() or flat[-1:] in ".!?:;," or "©" in flat:
        return None
    if breaks_sentence(flat) or re.search(r"\s[–—-]\s", flat):
        return None
    if any(w.lower().strip(",") in rules.finite_verbs for w in words):
        return None
    if flat.lower() in rules.section_headings or words[0].rstrip(":") in rules.caption_words:
        return None
    if words[-1].lower() in rules.connectors | rules.indefinite_articles | {"the", "which", "that"}:
        return None  # a wrapped sentence, not a title
    position, content = start, []
    for word in words:  # every content word a country or a region: a place, not a title
        position = text.index(word, position)
        inside = any(s <= position < e for s, e in places)
        if not inside and word.lower() not in rules.place_words | {"the"} | rules.connectors:
            content.append(word)
        position += len(word)
    if not content:
        return None
    return start, start + len(block)


def listed_titles(
    text: str, rules: ProgrammeWords, places: list[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """Project titles listed one a line (bulleted or not) under a heading that announces
    projects; the list ends at the first line that is no title."""
    lines = line_spans(text)
    k = 0
    while k < len(lines):
        if not is_list_heading(text[lines[k][0] : lines[k][1]], rules):
            k += 1
            continue
        j = k + 1
        while j < len(lines):
            start, end = lines[j]
            line = text[start:end]
            if not line.strip():
                j += 1
                continue
            bullet = rules.bullet.match(line)
            content = start + (bullet.end() if bullet else len(line) - len(line.lstrip()))
            label = _LABEL_END.search(text, content, end)
            span = list_item_title(text, content, label.start() if label else end, rules, places)
            following = text[end + 1 : end + 3].lstrip(" \t")
            if span is None or following[:1].islower():
                break  # a line that goes on in lowercase on the next is a wrapped paragraph
            yield span
            j += 1
        k = j


# A quoted title may hold one quoted name of its own ("Promoting the “Safe Return” approach").
_QUOTED = re.compile(r"“((?:[^“”]|“[^“”]*”){8,400})”|\"([^\"]{8,400})\"")


def quoted_titles(text: str, rules: ProgrammeWords) -> Iterator[tuple[int, int]]:
    """Titles in quotation marks right after a cue word (the project “...”, phase, “...”),
    or right before a lowercase programme noun (the “Safe Hands at Sea” initiative)."""
    cues = "|".join(re.escape(c) for c in sorted(rules.quote_cues))
    cue = re.compile(rf"\b(?:{cues})s?\b[^.“”\"]{{0,25}}$", re.IGNORECASE)
    nouns = "|".join(re.escape(c) for c in sorted(rules.lowercase_heads))
    noun_after = re.compile(rf"\s+(?:{nouns})s?\b")
    for match in _QUOTED.finditer(text):
        group = 1 if match.group(1) is not None else 2
        start, end = match.span(group)
        body = text[start:end]
        stripped = body.rstrip().rstrip(",.;:").rstrip()
        flat = " ".join(stripped.split())
        words = flat.split()
        if not words or not flat[0].isupper() or not 3 <= len(words) <= 30:
            continue
        if breaks_sentence(flat) or any(w.lower() in rules.finite_verbs for w in words):
            continue
        if not (
            cue.search(text[max(0, match.start() - 60) : match.start()])
            or noun_after.match(text, match.end())
        ):
            continue
        yield start, start + len(stripped)


def introduced_titles(text: str, rules: ProgrammeWords) -> Iterator[tuple[int, int]]:
    """Unquoted titles after ``project titled`` / ``programme entitled`` / ``initiative called``:
    the words up to the end of the clause (punctuation, a line break or an ``end_words`` word
    such as ``with`` or ``funded``); a ``called``/``named`` name is its capitalized words."""
    nouns = "|".join(re.escape(c) for c in sorted(rules.title_cues))
    cue = re.compile(
        rf"\b(?:{nouns})\s+(?:(?:is|was)\s+)?(titled|entitled|called|named)\s*:?[ \t]+(?=[A-Z])",
        re.IGNORECASE,
    )
    for match in cue.finditer(text):
        start = match.end()
        clause = re.match(r"[^.,;:()\n“”\"]+", text[start:])
        if clause is None:
            continue
        words = clause.group().split()
        kept: list[str] = []
        for word in words:
            if word in rules.title_end_words or re.fullmatch(r"(?:19|20)\d\d", word):
                break
            kept.append(word)
        if match.group(1).lower() in {"called", "named"}:
            while kept and not kept[-1][:1].isupper():  # a name: its capitalized words
                kept.pop()
            if any(not w[:1].isupper() and w not in rules.connectors for w in kept):
                continue
        while kept and kept[-1].lower() in rules.connectors | {"the", "a", "an"}:
            kept.pop()
        if not 2 <= len(kept) <= rules.list_item_max_words:
            continue
        if any(w.lower() in rules.finite_verbs for w in kept):
            continue
        end = start
        for word in kept:
            end = text.index(word, end) + len(word)
        yield start, end
    yield from appositive_titles(text, rules)


# ``a new project, Decent Work for Fishers in the Pacific, which started ...``
_APPOSITIVE = r"\b(?:{nouns}),[ \t]+(?P<title>[A-Z][^.,;:()\n“”\"]+),[ \t]+(?=[a-z])"


def appositive_titles(text: str, rules: ProgrammeWords) -> Iterator[tuple[int, int]]:
    """A title set off by commas right after a programme noun: mostly capitalized (or opening
    like a title), no digits, no finite verb, 3 to ``list_item_max_words`` words."""
    nouns = "|".join(re.escape(c) for c in sorted(rules.lowercase_heads))
    for match in re.finditer(_APPOSITIVE.format(nouns=nouns), text):
        title = match["title"].strip()
        words = title.split()
        if not 3 <= len(words) <= rules.list_item_max_words or re.search(r"\d", title):
            continue
        if any(w.lower() in rules.finite_verbs for w in words):
            continue
        content = [w for w in words if w.lower() not in rules.connectors | {"the", "a", "an"}]
        capitalized = sum(w[:1].isupper() for w in content) / len(content) if content else 0
        if capitalized < 0.6 and not starts_title(title, rules):
            continue
        start = match.start("title")
        yield start, start + len(title)


# --- the rules component ------------------------------------------------------------------


def modifier_head(doc: Doc, i: int, rules: ProgrammeWords) -> bool:
    """``Programme Manager``, ``Project Document``: a capitalized word right after the head
    noun on the same line makes the head a modifier (``Phase`` and the like excepted)."""
    token = doc[i]
    if "\n" in token.whitespace_ or i + 1 >= len(doc):
        return False
    after = doc[i + 1]
    return (
        is_capitalized(after)
        and not after.is_punct
        and after.text not in rules.leading_words
        and after.text not in rules.heads
    )


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
            end = countries.get(after, end)
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
                start = scanner.without_owner(start, end)
                add(start, end, "prog-structural-head")
                known.append((start, end))
        elif token.text in rules.lowercase_heads:
            start = scanner.without_glossary_acronym(scanner.scan_left(i), i)
            words = scanner.content_words(start, i)
            if (
                len(words) >= 2
                and scanner.acceptable_name(start, i)
                and countries.get(start) != previous_word(doc, i) + 1
            ):
                start = scanner.without_owner(start, i)
                add(start, i, "prog-lowercase-head")
                known.append((start, previous_word(doc, i) + 1))

    found, blocked = definitions(scanner, known)
    defined = {d.acronym_tokens for d in found if d.acronym not in blocked}
    for definition in found:
        add(definition.name_start, definition.end, "prog-acronym-definition")

    text = doc_text(doc)
    places = [(c.start_char, c.end_char) for c in doc.spans.get(Kind.COUNTRY.value, [])]
    titles = [(s, e, "prog-heading") for s, e in heading_titles(text, rules)]
    titles += [(s, e, "prog-heading") for s, e in listed_titles(text, rules, places)]
    titles += [(s, e, "prog-quoted-title") for s, e in introduced_titles(text, rules)]
    titles += [(s, e, "prog-quoted-title") for s, e in quoted_titles(text, rules)]
    for start, end, pattern_id in titles:
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is not None and len(span):
            add(span.start, span.end, pattern_id)
        acronym = title_acronym(doc, end)
        if acronym is not None and acronym.text not in rules.org_acronyms:
            defined.add(tuple(t.text for t in acronym if not t.is_space))
    for start, end in acronym_mentions(doc, defined):
        add(start, end, "prog-acronym-mention")

    kept = filter_spans(candidates)
    kept += short_form_mentions(scanner, kept)
    kept += repeated_names(doc, kept)
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
    that holds an acronym (``the ILO/STEP initiative`` ... ``ILO/STEP closed``)."""
    names: set[tuple[str, ...]] = set()
    for span in spans:
        words = tuple(t.text for t in span if not t.is_space)
        if span.id_ == "prog-lowercase-head" and any(is_acronym_like(w) for w in words):
            names.add(words)
    covered = {i for span in spans for i in range(span.start, span.end)}
    found = []
    for words in names:
        for start, end in token_runs(doc, words):
            if not covered & set(range(start, end)):
                found.append(Span(doc, start, end, label=LABEL, span_id="prog-repeat"))
    return found


def token_runs(doc: Doc, words: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Where the words occur in sequence; a single line break may fall between them."""
    for i in range(len(doc)):
        if doc[i].text != words[0]:
            continue
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
    the words before the first on/for/of, when they are at least two and distinctive."""
    doc, rules = scanner.doc, scanner.rules
    shorts: set[tuple[str, ...]] = set()
    for span in spans:
        if span.id_ in RULE_IDS and span.id_ != "prog-structural-head":
            continue  # titles and acronym names give no short forms; gazetteer names do
        words = [t.text for t in span if not t.is_space]
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


@Language.factory("programme_rules")
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
        "span_ruler",
        name=GAZETTEER_KEY,
        config={"spans_key": GAZETTEER_KEY, "spans_filter": None, "validate": True},
    )
    patterns = gazetteer_patterns(nlp, rules.gazetteer.values())
    ruler.add_patterns([p.model_dump() for p in patterns])  # type: ignore[attr-defined]
    component: ProgrammeRulesComponent = nlp.add_pipe("programme_rules")  # type: ignore[assignment]
    component.set_rules(rules)
