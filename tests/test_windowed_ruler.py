"""The windowed SpanRuler finds the same spans as spaCy's own, only around anchor tokens."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler

from pipeline.rulers import LINE_BREAK, WindowedSpanRuler, across_line_breaks
from pipeline.windowed import window_rule

PATTERNS: list[dict[str, Any]] = [
    {
        "id": "fund",
        "label": "P",
        "pattern": across_line_breaks(
            [{"LOWER": "vision"}, {"LOWER": "zero"}, {"LOWER": "fund", "OP": "?"}], op="*"
        ),
    },
    {
        "id": "state",
        "label": "S",
        "pattern": [{"LOWER": "state"}, {"LOWER": "of", "OP": "?"}, {"ORTH": "Georgia"}],
    },
    {"id": "digits", "label": "N", "pattern": [{"IS_DIGIT": True, "OP": "+"}, {"LOWER": "usd"}]},
    {"id": "phrase", "label": "F", "pattern": "Better Work"},
]

TEXT = (
    "Vision Zero\nFund grew. The State of Georgia\nand the state Georgia. Vision \n zero "
    "\n\n fund 12 15 USD. Better Work ends with vision zero"
)


def spans_of(nlp: Language, ruler: SpanRuler, text: str) -> list[tuple[int, int, str, str]]:
    doc = ruler(nlp.make_doc(text))
    return [(s.start, s.end, s.label_, s.id_) for s in doc.spans["found"]]


def test_the_windowed_ruler_finds_what_a_plain_span_ruler_finds() -> None:
    nlp = spacy.blank("en")
    plain = SpanRuler(nlp, spans_key="found", spans_filter=None)
    windowed = WindowedSpanRuler(nlp, spans_key="found", spans_filter=None)
    plain.add_patterns(PATTERNS)
    windowed.add_patterns(PATTERNS)
    found = spans_of(nlp, windowed, TEXT)
    assert found == spans_of(nlp, plain, TEXT)
    doc = nlp.make_doc(TEXT)
    texts = {(doc[start:end].text, label) for start, end, label, _ in found}
    assert texts == {
        ("Vision Zero", "P"),
        ("Vision Zero\n", "P"),  # as spaCy matches it: without_edge_space trims it
        ("Vision Zero\nFund", "P"),
        ("Vision \n zero", "P"),
        ("State of Georgia", "S"),
        ("state Georgia", "S"),
        ("15 USD", "N"),
        ("12 15 USD", "N"),
        ("Better Work", "F"),
        ("vision zero", "P"),
    }
    assert windowed.window_length == 3  # the two optional line breaks do not count


@pytest.mark.parametrize(
    ("pattern", "rule"),
    [
        (
            [{"LOWER": "state"}, {"ORTH": {"IN": ["Georgia", "GEORGIA"]}}],
            (2, [("LOWER", {"state"}, 0, 1), ("ORTH", {"Georgia", "GEORGIA"}, 1, 0)]),
        ),
        (
            [{"TEXT": "UN"}, {**LINE_BREAK, "OP": "*"}, {"LOWER": "women"}],
            (2, [("ORTH", {"UN"}, 0, 1), ("LOWER", {"women"}, 1, 0)]),
        ),
        ([{"IS_DIGIT": True, "OP": "+"}, {"LOWER": "usd"}], None),  # no bound on its length
        ([{"LOWER": "state", "OP": "?"}, {"IS_TITLE": True}], None),  # no required literal
        (
            [{"IS_ALPHA": True, "OP": "{1,3}"}, {"LOWER": "a"}, {"TEXT": "\n", "OP": "?"}],
            (5, [("LOWER", {"a"}, 3, 1)]),
        ),
    ],
)
def test_which_patterns_run_in_windows(
    pattern: list[dict[str, Any]], rule: tuple[int, list[tuple[str, set[str], int, int]]] | None
) -> None:
    found = window_rule(pattern)
    assert (found and (found.length, list(found.anchors))) == rule


def test_adding_phrase_patterns_does_not_run_the_span_rulers_before_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """spaCy's SpanRuler makes each phrase pattern's Doc with every pipe before it; running
    the money and date rulers on each of 2,000 country names made the build take seconds."""
    seen: list[tuple[str, str]] = []
    match = WindowedSpanRuler.match

    def counting(self: WindowedSpanRuler, doc: Any) -> Any:
        seen.append((self.key, doc.text))
        return match(self, doc)

    monkeypatch.setattr(WindowedSpanRuler, "match", counting)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    earlier = nlp.add_pipe("windowed_span_ruler", name="first", config={"spans_key": "first"})
    earlier.add_patterns([{"label": "M", "pattern": [{"LOWER": "usd"}]}])  # type: ignore[attr-defined]
    later = nlp.add_pipe("windowed_span_ruler", name="later", config={"spans_key": "found"})
    later.add_patterns(PATTERNS)  # type: ignore[attr-defined]
    assert seen == []
    doc = nlp("Better Work pays 12 USD.")
    assert seen == [("first", "Better Work pays 12 USD."), ("found", "Better Work pays 12 USD.")]
    assert [(s.text, s.label_) for s in doc.spans["found"]] == [
        ("Better Work", "F"),
        ("12 USD", "N"),
    ]
    assert nlp.pipe_names == ["sentencizer", "first", "later"]  # every pipe enabled again


TAGGED: list[dict[str, Any]] = [
    {"id": "sum", "label": "M", "pattern": [{"TAG": "sign"}, {"IS_DIGIT": True, "OP": "+"}]},
]


def test_tag_patterns_match_tagged_tokens_and_skip_a_document_with_no_tags() -> None:
    nlp = spacy.blank("en")
    ruler = WindowedSpanRuler(nlp, spans_key="found", spans_filter=None)
    ruler.add_patterns(TAGGED)
    tagged = nlp.make_doc("It costs $ 12 now")
    tagged[2].tag_ = "sign"
    assert [(s.text, s.id_) for s in ruler(tagged).spans["found"]] == [("$ 12", "sum")]
    # spaCy's Matcher raises E155 on a TAG pattern when no token has a tag
    assert list(ruler(nlp.make_doc("It costs 12 now")).spans["found"]) == []


def test_a_tag_pattern_without_a_token_that_needs_a_tag_is_refused() -> None:
    ruler = WindowedSpanRuler(spacy.blank("en"), spans_key="found", spans_filter=None)
    optional = [{"TAG": "sign", "OP": "?"}, {"IS_DIGIT": True}]
    with pytest.raises(ValueError, match="a pattern that tests TAG needs a token with a tag"):
        ruler.add_patterns([{"label": "M", "pattern": optional}])


REGEXES: list[dict[str, Any]] = [
    {"id": "year", "label": "D", "pattern": [{"TEXT": {"REGEX": r"^(19|20)\d\d$"}}]},
    {"id": "part", "label": "D", "pattern": [{"LOWER": {"REGEX": r"^(mid|late)-20\d\d$"}}]},
    {"id": "code", "label": "C", "pattern": [{"ORTH": {"REGEX": r"X\d"}}]},  # search, not match
    {"id": "two", "label": "T", "pattern": [{"TEXT": {"REGEX": r"^\d+$"}, "OP": "?"}]},
]


def test_single_token_regex_patterns_are_tested_per_distinct_text_with_the_same_spans() -> None:
    """The year and decade patterns ran through the matcher at every token of a document
    (0.2 s on the bench PDFs); each distinct token text is now tested once."""
    nlp = spacy.blank("en")
    plain = SpanRuler(nlp, spans_key="found", spans_filter=None)
    windowed = WindowedSpanRuler(nlp, spans_key="found", spans_filter=None)
    plain.add_patterns(REGEXES)
    windowed.add_patterns(REGEXES)
    text = "In 2019 and 2019, Mid-2020 and mid-2021 (not 2019s) the AX12 rule; 12 of 1850."
    found = spans_of(nlp, windowed, text)
    assert found == spans_of(nlp, plain, text)
    doc = nlp.make_doc(text)
    assert [(doc[s:e].text, i) for s, e, _, i in found] == [
        ("2019", "year"), ("2019", "two"), ("2019", "year"), ("2019", "two"),
        ("Mid-2020", "part"), ("mid-2021", "part"), ("AX12", "code"),
        ("12", "two"), ("1850", "two"),
    ]  # fmt: skip
    assert [key for _, _, key in windowed.regex_rules] and len(windowed.matcher) == 1  # "two"
