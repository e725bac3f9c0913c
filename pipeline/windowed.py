"""A SpanRuler that runs most token patterns only around the tokens they cannot match without.

A token pattern of bounded length with a required literal token (an ``ORTH``/``TEXT`` or
``LOWER`` value or ``IN`` list on a token without ``OP``) can only match within as many
tokens before and after a token holding one of those values as the pattern has before and
after that token: `WindowedSpanRuler` picks, per document, each pattern's required token whose
values occur least, finds those anchor tokens with array look-ups, and runs such patterns on
the windows around them; every other pattern runs on the whole document. Whitespace-only
pattern tokens (``IS_SPACE``) do not count towards the length: a window reaches over any
whitespace tokens, so the optional line breaks of `across_line_breaks` cost nothing here.
The matches are the same set as a plain SpanRuler finds (it sorts and deduplicates them),
only found with far fewer matcher states. Patterns that test ``TAG`` (the money roles our
components write; there is no tagger) run on the whole document, and only where some token
has a tag (`uses_tag`): spaCy's own ruler refuses them on a document without one. A pattern
of one token with only a ``REGEX`` on its ``ORTH``/``TEXT`` or ``LOWER`` (`single_regex`,
the year and decade patterns) is tested once per distinct token text of the document, not by
the matcher at every token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.attrs import IS_SPACE, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

_ANCHOR_ATTRS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER"}
_BOUNDED_OP = re.compile(r"\{(\d*),?(\d*)\}")


def _counted(token: dict[str, Any]) -> int | None:
    """How many non-whitespace document tokens a pattern token can take at most (None: no
    bound); a whitespace-only token takes none that count."""
    if token.get("IS_SPACE") is True:
        return 0
    op = token.get("OP", "1")
    if op in ("1", "?"):
        return 1
    if op in ("+", "*", "!"):
        return None
    bounded = _BOUNDED_OP.fullmatch(op)
    if bounded is None:
        return None
    low, high = bounded.groups()
    if "," not in op:
        return int(low) if low else None
    return int(high) if high else None


def _literal_values(value: Any) -> frozenset[str] | None:
    if isinstance(value, str):
        return frozenset([value])
    items = value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else None
    if isinstance(items, list) and all(isinstance(item, str) for item in items):
        return frozenset(items)
    return None


@dataclass(frozen=True)
class WindowRule:
    """How a token pattern can be run in windows: at most ``length`` counted tokens, and
    each of ``anchors`` (attribute, values) is a token the pattern cannot match without."""

    length: int
    # attribute, values, counted tokens before and after the anchor token at most
    anchors: tuple[tuple[str, frozenset[str], int, int], ...]


def window_rule(pattern: list[dict[str, Any]]) -> WindowRule | None:
    """The `WindowRule` of ``pattern``, or None when its length has no bound or no token of
    it is required with literal values (it is then run on the whole document)."""
    counts = []
    for token in pattern:
        counted = _counted(token)
        if counted is None:
            return None
        counts.append(counted)
    length = sum(counts)
    anchors = []
    for index, token in enumerate(pattern):
        if "OP" in token or token.get("IS_SPACE") is True:
            continue
        before = sum(counts[:index])
        for key, attr in _ANCHOR_ATTRS.items():
            values = _literal_values(token.get(key))
            if values and all(value.strip() for value in values):
                anchors.append((attr, values, before, length - before - 1))
    if not anchors or length == 0:
        return None
    return WindowRule(length=length, anchors=tuple(anchors))


_COLUMNS = {"ORTH": 0, "LOWER": 1}


def single_regex(pattern: list[dict[str, Any]]) -> tuple[str, re.Pattern[str]] | None:
    """``(attribute, regex)`` of a pattern that is one token with a ``REGEX`` on its text or
    lower-case text and nothing else (no ``OP``), or None. The matcher tests it as
    ``regex.search(text)``, so does `WindowedSpanRuler`."""
    if len(pattern) != 1 or len(pattern[0]) != 1:
        return None
    ((key, value),) = pattern[0].items()
    attr = _ANCHOR_ATTRS.get(key)
    if attr is None or not isinstance(value, dict) or set(value) != {"REGEX"}:
        return None
    regex = value["REGEX"]
    return (attr, re.compile(regex)) if isinstance(regex, str) else None


def uses_tag(pattern: list[dict[str, Any]]) -> bool:
    """The pattern tests ``TAG``, which our rule components write (the pipeline has no
    tagger: the money roles). spaCy refuses such a pattern on a document where no token has a
    tag, so each must need a tagged token: on such a document it cannot match, and is not
    run. A pattern that tests TAG only on optional tokens is refused when it is added."""
    tests = [token for token in pattern if "TAG" in token]
    if not tests:
        return False
    if not any(t.get("OP", "1") in ("1", "+") and _literal_values(t["TAG"]) for t in tests):
        raise ValueError(f"a pattern that tests TAG needs a token with a tag: {pattern}")
    return True


class WindowedSpanRuler(SpanRuler):
    """A SpanRuler (same configuration, same spans) that runs the token patterns
    `window_rule` accepts only in windows around anchor tokens. For each document and
    pattern the anchor is its required token whose values occur least often there."""

    def clear(self) -> None:
        super().clear()
        self.window_matcher = Matcher(
            self.nlp.vocab, validate=self.validate, fuzzy_compare=self.matcher_fuzzy_compare
        )
        self.window_rules: list[tuple[int, list[tuple[str, list[int], int, int]]]] = []
        self.tag_matcher = Matcher(
            self.nlp.vocab, validate=self.validate, fuzzy_compare=self.matcher_fuzzy_compare
        )
        self.regex_rules: list[tuple[str, re.Pattern[str], int]] = []  # attr, regex, match key

    @property
    def window_length(self) -> int:
        return max((length for length, _ in self.window_rules), default=0)

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        plain = []
        strings = self.nlp.vocab.strings
        for entry in patterns:
            pattern = entry["pattern"]
            tagged = isinstance(pattern, list) and uses_tag(pattern)
            rule = window_rule(pattern) if isinstance(pattern, list) and not tagged else None
            regex = single_regex(pattern) if isinstance(pattern, list) else None
            if rule is None and not tagged and regex is None:
                plain.append(entry)
                continue
            p_label, p_id = str(entry["label"]), str(entry.get("id", ""))
            label = repr((p_label, p_id))
            self._match_label_id_map[strings.as_int(label)] = {"label": p_label, "id": p_id}
            self._patterns.append(entry)
            if regex is not None:
                self.regex_rules.append((*regex, strings.add(label)))
                continue
            if rule is None:
                self.tag_matcher.add(label, [pattern])
                continue
            self.window_matcher.add(label, [pattern])
            anchors = [
                (attr, [strings.add(v) for v in values], before, after)
                for attr, values, before, after in rule.anchors
            ]
            self.window_rules.append((rule.length, anchors))
        if not plain:
            return
        # SpanRuler runs the pipes before this one on each phrase pattern's text. Only those
        # that change tokens (``retokenizes`` in their factory) matter to a phrase: running
        # the others (the money and date rulers) on every gazetteer name made building the
        # pipeline take seconds.
        others = [
            name
            for name, pipe in self.nlp.pipeline
            if pipe is not self and not self.nlp.get_pipe_meta(name).retokenizes
        ]
        with self.nlp.select_pipes(disable=others):
            super().add_patterns(plain)

    @staticmethod
    def token_array(doc: Doc) -> Any:
        """One row per token: its ``ORTH``, ``LOWER`` and ``IS_SPACE``."""
        return doc.to_array([ORTH, LOWER, IS_SPACE]).astype(np.uint64)

    def regex_matches(self, doc: Doc, array: Any) -> list[tuple[int, int]]:
        """``(match key, token)`` of every token a `single_regex` pattern matches: each regex
        is tested once per distinct value of its attribute in the document."""
        found: list[tuple[int, int]] = []
        if not len(doc) or not self.regex_rules:
            return found
        strings = doc.vocab.strings
        for attr in _COLUMNS:
            rules = [(regex, key) for a, regex, key in self.regex_rules if a == attr]
            if not rules:
                continue
            column = array[:, _COLUMNS[attr]]
            values = np.unique(column)
            texts = [strings[value] for value in values.tolist()]
            for regex, key in rules:
                hits = [
                    value for value, text in zip(values, texts, strict=True) if regex.search(text)
                ]
                if hits:
                    positions = np.flatnonzero(np.isin(column, np.array(hits, dtype=np.uint64)))
                    found.extend((key, position) for position in positions.tolist())
        return found

    def windows(self, doc: Doc, array: Any = None) -> list[tuple[int, int]]:
        """Token ranges holding every match of the windowed patterns: from each anchor token
        as far as the pattern's length less one non-whitespace tokens reach on either side."""
        if not len(doc) or not self.window_rules:
            return []
        array = self.token_array(doc) if array is None else array
        counts = {}
        for attr, index in _COLUMNS.items():
            values, numbers = np.unique(array[:, index], return_counts=True)
            counts[attr] = dict(zip(values.tolist(), numbers.tolist(), strict=True))
        # the anchor values in use, each with how far its windows reach before and after it
        reach: dict[str, dict[int, tuple[int, int]]] = {"ORTH": {}, "LOWER": {}}
        for _, anchors in self.window_rules:
            found, attr, hashes, before, after = min(
                (sum(counts[a].get(h, 0) for h in hs), a, hs, b, f) for a, hs, b, f in anchors
            )
            if not found:
                continue  # a token it needs is not in the document
            by_hash = reach[attr]
            for h in hashes:
                old_before, old_after = by_hash.get(h, (0, 0))
                by_hash[h] = (max(old_before, before), max(old_after, after))
        # counted[j]: non-whitespace tokens before token j
        counted = np.concatenate(([0], np.cumsum(array[:, 2] == 0)))
        ranges: list[tuple[int, int]] = []
        for attr, by_hash in reach.items():
            if not by_hash:
                continue
            keys = np.array(sorted(by_hash), dtype=np.uint64)
            column = array[:, _COLUMNS[attr]]
            positions = np.flatnonzero(np.isin(column, keys))
            if not len(positions):
                continue
            sides = np.array([by_hash[k] for k in keys.tolist()], dtype=np.int64)
            far = sides[np.searchsorted(keys, column[positions])]
            starts = np.searchsorted(counted, counted[positions] - far[:, 0], side="left")
            ends = np.searchsorted(counted, counted[positions + 1] + far[:, 1], side="right") - 1
            ranges.extend(zip(starts.tolist(), ends.tolist(), strict=True))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            start, end = max(start, 0), min(end, len(doc))
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def match(self, doc: Doc) -> list[Span]:
        spans = set(super().match(doc)) if len(self.matcher) or len(self.phrase_matcher) else set()
        labels = self._match_label_id_map
        array = self.token_array(doc) if len(doc) else None
        for key, position in self.regex_matches(doc, array):
            entry = labels[key]
            spans.add(Span(doc, position, position + 1, label=entry["label"], span_id=entry["id"]))
        runs = [(self.window_matcher, start, end) for start, end in self.windows(doc, array)]
        if len(self.tag_matcher) and doc.has_annotation("TAG"):
            runs.append((self.tag_matcher, 0, len(doc)))
        for matcher, start, end in runs:
            for key, first, last in matcher(doc[start:end], as_spans=False):
                if first != last:
                    entry = labels[key]
                    spans.add(
                        Span(
                            doc,
                            start + first,
                            start + last,
                            label=entry["label"],
                            span_id=entry["id"],
                        )
                    )
        return sorted(spans)


@Language.factory(
    "windowed_span_ruler",
    assigns=["doc.spans"],
    default_config={
        "spans_key": "ruler",
        "phrase_matcher_attr": None,
        "validate": True,
        "overwrite": False,
    },
)
def make_windowed_span_ruler(
    nlp: Language,
    name: str,
    spans_key: str,
    phrase_matcher_attr: str | None,
    validate: bool,
    overwrite: bool,
) -> WindowedSpanRuler:
    return WindowedSpanRuler(
        nlp,
        name,
        spans_key=spans_key,
        spans_filter=None,
        phrase_matcher_attr=phrase_matcher_attr,
        validate=validate,
        overwrite=overwrite,
    )
