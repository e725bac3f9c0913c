"""A SpanRuler that runs most token patterns only around the tokens they cannot match without.

A token pattern of bounded length with a required literal token (an ``ORTH``/``TEXT`` or
``LOWER`` value or ``IN`` list on a token without ``OP``) can only match within that many
tokens of a token holding one of those values: `WindowedSpanRuler` finds those anchor tokens
with one array look-up per document and runs such patterns on the windows around them, and
every other pattern on the whole document. Whitespace-only pattern tokens (``IS_SPACE``) do
not count towards the length: a window reaches over any whitespace tokens, so the optional
line breaks of `across_line_breaks` cost nothing here. The matches are the same set as a plain
SpanRuler finds (it sorts and deduplicates them), only found with far fewer matcher states.
"""

from __future__ import annotations

import re
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


def anchor_of(pattern: list[dict[str, Any]]) -> tuple[int, str, frozenset[str]] | None:
    """``(length, attribute, values)`` when ``pattern`` can be run in windows: at most
    ``length`` counted tokens, one of them required with ``attribute`` in ``values``."""
    length = 0
    for token in pattern:
        counted = _counted(token)
        if counted is None:
            return None
        length += counted
    best: tuple[str, frozenset[str]] | None = None
    for token in pattern:
        if "OP" in token or token.get("IS_SPACE") is True:
            continue
        for key, attr in _ANCHOR_ATTRS.items():
            values = _literal_values(token.get(key))
            if not values or any(not value.strip() for value in values):
                continue
            if best is None or len(values) < len(best[1]):
                best = (attr, values)
    if best is None or length == 0:
        return None
    return (length, *best)


class WindowedSpanRuler(SpanRuler):
    """A SpanRuler (same configuration, same spans) that runs the token patterns `anchor_of`
    accepts only in windows around their anchor tokens."""

    def clear(self) -> None:
        super().clear()
        self.window_matcher = Matcher(
            self.nlp.vocab, validate=self.validate, fuzzy_compare=self.matcher_fuzzy_compare
        )
        self.window_length = 0
        self.anchor_hashes: dict[str, set[int]] = {"ORTH": set(), "LOWER": set()}

    def add_patterns(self, patterns: list[dict[str, Any]]) -> None:
        plain = []
        for entry in patterns:
            pattern = entry["pattern"]
            anchor = anchor_of(pattern) if isinstance(pattern, list) else None
            if anchor is None:
                plain.append(entry)
                continue
            length, attr, values = anchor
            p_label, p_id = str(entry["label"]), str(entry.get("id", ""))
            label = repr((p_label, p_id))
            key = self.nlp.vocab.strings.as_int(label)
            self._match_label_id_map[key] = {"label": p_label, "id": p_id}
            self.window_matcher.add(label, [pattern])
            self._patterns.append(entry)
            self.window_length = max(self.window_length, length)
            self.anchor_hashes[attr].update(self.nlp.vocab.strings.add(v) for v in values)
        if plain:
            super().add_patterns(plain)

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges holding every match of the windowed patterns: from each anchor token
        as far as ``window_length - 1`` non-whitespace tokens on either side reach."""
        if not len(doc) or not len(self.window_matcher):
            return []
        array = doc.to_array([ORTH, LOWER, IS_SPACE]).astype(np.uint64)
        orth_keys = np.fromiter(self.anchor_hashes["ORTH"], dtype=np.uint64)
        lower_keys = np.fromiter(self.anchor_hashes["LOWER"], dtype=np.uint64)
        is_anchor = np.isin(array[:, 0], orth_keys) | np.isin(array[:, 1], lower_keys)
        anchors = np.flatnonzero(is_anchor)
        if not len(anchors):
            return []
        # counted[j]: non-whitespace tokens before token j
        counted = np.concatenate(([0], np.cumsum(array[:, 2] == 0)))
        reach = self.window_length - 1
        starts = np.searchsorted(counted, counted[anchors] - reach, side="left")
        ends = np.searchsorted(counted, counted[anchors + 1] + reach, side="right") - 1
        merged: list[tuple[int, int]] = []
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            start, end = max(start, 0), min(end, len(doc))
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def match(self, doc: Doc) -> list[Span]:
        spans = set(super().match(doc)) if len(self.matcher) or len(self.phrase_matcher) else set()
        labels = self._match_label_id_map
        for start, end in self.windows(doc):
            for key, first, last in self.window_matcher(doc[start:end], as_spans=False):
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
