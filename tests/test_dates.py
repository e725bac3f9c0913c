"""Dates: recognition (patterns/dates.jsonl + the date_context component) and normalization
(pipeline/normalize/dates.py), one case per real-world form, on sentences written for these
tests. Each case runs the real pipeline: build_nlp() -> find_mentions() -> normalize()."""

# ruff: noqa: E501  (the case tables keep one real-world form per line)

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language
from texts import text_document

from pipeline.describe import describe
from pipeline.document import Analyzer, analyse
from pipeline.kinds.dates.normalize import normalize, publication_date
from pipeline.recognize import find_mentions
from pipeline.rules import load_rules as load_all_rules
from schemas import (
    DateCandidate,
    DocumentText,
    Kind,
    Mention,
    Rejection,
)

PUBLISHED = dt.date(2023, 6, 20)
ALL_RULES = load_all_rules()
RULES = ALL_RULES.of(Kind.DATE)


def document(text: str, published: dt.date | None = None) -> DocumentText:
    return text_document(text, published=published)


def date_mentions(nlp: Language, doc: DocumentText) -> list[Mention]:
    return [m for m in find_mentions(nlp, doc) if m.kind is Kind.DATE]


def dates_in(
    nlp: Language, text: str, published: dt.date | None = None
) -> list[DateCandidate | Rejection]:
    """The date candidates as the pipeline makes them: recognize, describe, normalize."""
    doc = document(text, published)
    mentions = date_mentions(nlp, doc)
    return normalize(describe(doc, mentions, ALL_RULES), mentions, RULES)


def row(result: DateCandidate | Rejection) -> tuple[object, ...]:
    assert isinstance(result, DateCandidate), result
    start = result.start.isoformat() if result.start else ""
    end = result.end.isoformat() if result.end else ""
    return result.mention.text, start, end, result.granularity.value, result.is_range


@pytest.mark.parametrize(
    "sentence, text, start, end, granularity, is_range",
    [
        ("The agreement was signed on 12 March 2011 in Geneva.", "12 March 2011", "2011-03-12", "2011-03-12", "day", False),
        ("The agreement was signed on March 12, 2011 in Geneva.", "March 12, 2011", "2011-03-12", "2011-03-12", "day", False),
        ("Training began on 3 June 2015 for all inspectors.", "3 June 2015", "2015-06-03", "2015-06-03", "day", False),
        ("The fund was launched in September 2021 by donors.", "September 2021", "2021-09-01", "2021-09-30", "month", False),
        ("Funding for 2024-2026 was agreed.", "2024-2026", "2024-01-01", "2026-12-31", "year", True),
        ("Funding for 2024–26 was agreed.", "2024–26", "2024-01-01", "2026-12-31", "year", True),
        ("The 2016-17 work plan was adopted.", "2016-17", "2016-01-01", "2017-12-31", "year", True),
        ("Budgets for the biennium 2010-11 were cut.", "2010-11", "2010-01-01", "2011-12-31", "year", True),
        ("Donors gave more between 2018 and 2022 than before.", "2018 and 2022", "2018-01-01", "2022-12-31", "year", True),
        ("Donors gave more between\n2018 and\n2022 than before.", "2018 and\n2022", "2018-01-01", "2022-12-31", "year", True),
        ("The pilot ran from 2019 to 2021 in two provinces.", "2019 to 2021", "2019-01-01", "2021-12-31", "year", True),
        ("Results for 2019/20 are in the annex.", "2019/20", "2019-01-01", "2020-12-31", "year", True),
        ("The country has been a member since 1991.", "1991", "1991-01-01", "1991-12-31", "year", False),
        ("A new office opened in 2022.", "2022", "2022-01-01", "2022-12-31", "year", False),
        ("A review is due by mid-2023.", "mid-2023", "2023-01-01", "2023-12-31", "year", False),
        ("This continues Phase I (2019-21) of the work.", "2019-21", "2019-01-01", "2021-12-31", "year", True),
        ("The ILC 2022 adopted a resolution.", "2022", "2022-01-01", "2022-12-31", "year", False),
        ("Partners work towards Agenda 2030 together.", "2030", "2030-01-01", "2030-12-31", "year", False),
        ("The Migrant Workers Convention, 1990 protects families.", "1990", "1990-01-01", "1990-12-31", "year", False),
        ("The memo is dated 24 Apr 14 at the top.", "24 Apr 14", "2014-04-24", "2014-04-24", "day", False),
        ("The form was filed on 01.10.2017 in Bern.", "01.10.2017", "2017-10-01", "2017-10-01", "day", False),
        ("The form was filed on 01/10/2017 in Bern.", "01/10/2017", "2017-10-01", "2017-10-01", "day", False),
        ("Hiring grew in the second quarter of 2022 as expected.", "second quarter of 2022", "2022-04-01", "2022-06-30", "month", True),
        ("Hiring grew in Q3 2021 as expected.", "Q3 2021", "2021-07-01", "2021-09-30", "month", True),
        ("Hiring grew in the first half of 2020 as expected.", "first half of 2020", "2020-01-01", "2020-06-30", "month", True),
        ("Hiring grew in H2 2020 as expected.", "H2 2020", "2020-07-01", "2020-12-31", "month", True),
        ("The survey was run in summer 2019 by students.", "summer 2019", "2019-06-01", "2019-08-31", "month", True),
        ("Many unions were founded in the 1970s in the region.", "1970s", "1970-01-01", "1979-12-31", "year", True),
        ("Spending in FY 2009 was lower.", "FY 2009", "2009-01-01", "2009-12-31", "year", False),
        ("Spending in FY2019-20 was lower.", "FY2019-20", "2019-01-01", "2020-12-31", "year", True),
        ("The project ran from July 2008 to June 2011 with two phases.", "July 2008 to June 2011", "2008-07-01", "2011-06-30", "month", True),
        ("The project ran March–June 2020 in one district.", "March–June 2020", "2020-03-01", "2020-06-30", "month", True),
        ("The workshop took place on 12-14 March 2019 in Turin.", "12-14 March 2019", "2019-03-12", "2019-03-14", "day", True),
        ("The course ran from 12 March to 3 April 2019 online.", "12 March to 3 April 2019", "2019-03-12", "2019-04-03", "day", True),
        ("Claims filed between 1 January and 31 March 2020 were paid.", "1 January and 31 March 2020", "2020-01-01", "2020-03-31", "day", True),
        ("The contract ran from 1 January 2020 to 31 December 2021 in full.", "1 January 2020 to 31 December 2021", "2020-01-01", "2021-12-31", "day", True),
        ("A new law is expected by end-2025 at the latest.", "end-2025", "2025-01-01", "2025-12-31", "year", False),
        ("The meeting was held March 12-14, 2019 in Lima.", "March 12-14, 2019", "2019-03-12", "2019-03-14", "day", True),
        ("The strategy was adopted on 2019-12-01 by the board.", "2019-12-01", "2019-12-01", "2019-12-01", "day", False),
        ("© ILO 2019", "2019", "2019-01-01", "2019-12-31", "year", False),
        ("GENEVA (ILO News) – 5 March 2020 – Ministers met today.", "5 March 2020", "2020-03-05", "2020-03-05", "day", False),
        ("Smith and Jones (2020) describe the method.", "2020", "2020-01-01", "2020-12-31", "year", False),
        ("Looking back, 2022’s results were strong.", "2022", "2022-01-01", "2022-12-31", "year", False),
        ("The total for 2018-2022The next heading follows.", "2018-2022", "2018-01-01", "2022-12-31", "year", True),
    ],
)  # fmt: skip
def test_date_form(
    nlp: Language,
    sentence: str,
    text: str,
    start: str,
    end: str,
    granularity: str,
    is_range: bool,
) -> None:
    assert [row(r) for r in dates_in(nlp, sentence)] == [(text, start, end, granularity, is_range)]


@pytest.mark.parametrize(
    "sentence, text, start, end, granularity",
    [
        ("The committee meets on 15 May to review the plan.", "15 May", "2023-05-15", "2023-05-15", "day"),
        ("The committee met on May 15 to review the plan.", "May 15", "2023-05-15", "2023-05-15", "day"),
        ("The law passed in October last year after a long debate.", "October last year", "2022-10-01", "2022-10-31", "month"),
        ("The next round opens in March next year for all members.", "March next year", "2024-03-01", "2024-03-31", "month"),
    ],
)  # fmt: skip
def test_date_read_against_the_publication_date(
    nlp: Language, sentence: str, text: str, start: str, end: str, granularity: str
) -> None:
    assert [row(r) for r in dates_in(nlp, sentence, PUBLISHED)] == [
        (text, start, end, granularity, False)
    ]


@pytest.mark.parametrize(
    "text, year",
    [
        ("GENEVA (ILO News) – 5 March 2020 – The board meets on 15 May.", "2020"),
        ("A brief for partners.\nThe board meets on 15 May.\n© ILO 2019", "2019"),
    ],
)
def test_yearless_date_takes_the_year_of_a_dateline_or_copyright_line(
    nlp: Language, text: str, year: str
) -> None:
    rows = [row(r) for r in dates_in(nlp, text)]
    assert ("15 May", f"{year}-05-15", f"{year}-05-15", "day", False) in rows


def test_yearless_date_without_publication_date_is_kept_empty_with_a_warning(
    analyzer: Analyzer,
) -> None:
    text = "The committee meets on 15 May to review the plan."
    result = analyse(analyzer, document(text))
    assert [(d.text, d.start, d.end, d.granularity.value) for d in result.dates] == [
        ("15 May", None, None, "day")
    ]
    assert result.warnings == (
        "date '15 May' at character 23 has no year and the document no publication date; "
        "kept with empty start and end",
    )


@pytest.mark.parametrize(
    "sentence, reason",
    [
        ("The notice is dated 30 February 2021 by mistake.", "day is out of range for month"),
        (
            "The ledger line reads 2019-12 for the fund.",
            "12 after 2019 is no year that ends a period",
        ),
    ],
)
def test_unreadable_date_becomes_a_rejection(nlp: Language, sentence: str, reason: str) -> None:
    (result,) = dates_in(nlp, sentence)
    assert isinstance(result, Rejection)
    assert (result.stage.value, result.kind.value, result.reason) == ("normalize", "date", reason)


@pytest.mark.parametrize(
    "sentence",
    [
        "Cases of COVID-19 rose in the camps.",
        "The 112th Session of the Conference opened.",
        "A 26-month project was approved.",
        "A four-year plan was adopted.",
        "See document WCMS_848132 for details.",
        "The fund reached 5,000 women in rural areas.",
        "The country has ratified 32 Conventions.",
        "The budget is US$ 2018 million in total.",
        "The table lists 2,450 enterprises.",
        "Call +41 22 799 2020 for the help desk.",
        "The label follows ISO 3166 codes.",
        "This is PRESS RELEASE No 149/25 of the Court.",
        "The ruling in Case C-34/24 was given.",
        "It applies Regulation (EU) No 1215/2012 to the claim.",
        "Document DP/2025/26 sets the plan.",
        "The rules follow Directive 2012/19/EU on waste.",
        "The meeting is on Monday at 10:30 in room B.",
        "The programme lasts three years and reviews each decade.",
        "We expect 2030 participants at the forum.",
        "Nearly 2000 workers signed the petition.",
        "The figures are on pp. 1995-2001 of the annex.",
        "The login code is EU2020 for all staff.",
        "Members march on Fridays and may vote.",
        "They celebrate May Day and March Madness.",
        "Theresa May and Chief Justice March met.",
        "The first half of the meeting was long; the last quarter of it was short.",
        "The board adopted decisions 2021/18 and 2024/19 on the budget.",
        "United Nations DP/ 2025/26 is the symbol.",
    ],
)
def test_not_a_date(nlp: Language, sentence: str) -> None:
    assert date_mentions(nlp, document(sentence)) == []


@pytest.mark.parametrize(
    "sentence, texts",
    [
        ("Expenses for 2024 and 2023 are in table 3.", ["2024", "2023"]),
        ("Revenue fell between 2024 and 2023 by a tenth.", ["2024", "2023"]),
        ("The columns show 2024/2023 side by side.", ["2024", "2023"]),
    ],
)
def test_years_in_falling_order_are_compared_not_a_period(
    nlp: Language, sentence: str, texts: list[str]
) -> None:
    assert [row(r)[0] for r in dates_in(nlp, sentence)] == texts


def test_a_count_noun_after_a_year_with_a_preposition_still_reads_a_year(nlp: Language) -> None:
    results = dates_in(nlp, "In 2022 workers in the sector went on strike.")
    assert [row(r) for r in results] == [("2022", "2022-01-01", "2022-12-31", "year", False)]


@pytest.mark.parametrize(
    "text, published",
    [
        ("GENEVA (ILO News) – 5 March 2020 – Ministers met.", "2020-03-05"),
        ("Luxembourg, 2 December 2025\nJudgment of the Court on a claim.", "2025-12-02"),
        ("Published: 14 July 2021\nA note on pay.", "2021-07-14"),
        ("A long opening line that talks about the history of the fund and its many partners, "
         "which agreed on 12 December 2012 to work together.", ""),
        ("Ministers met in 2020 and again in March 2021.", ""),
    ],
)  # fmt: skip
def test_publication_date_from_a_dateline(nlp: Language, text: str, published: str) -> None:
    doc = document(text)
    found = publication_date(doc, date_mentions(nlp, doc), RULES)
    assert (found.isoformat() if found else "") == published


def test_publication_date_from_metadata_comes_first(nlp: Language) -> None:
    doc = document("GENEVA (ILO News) – 5 March 2020 – Ministers met.", PUBLISHED)
    assert publication_date(doc, date_mentions(nlp, doc), RULES) == PUBLISHED


def test_slashed_dates_read_month_first_when_the_document_does(nlp: Language) -> None:
    text = "The form was filed on 01/31/2017 and amended on 02/10/2017."
    assert [row(r)[1] for r in dates_in(nlp, text)] == ["2017-01-31", "2017-02-10"]


@pytest.mark.parametrize(
    "sentence, text, start, end, granularity, is_range",
    [
        ("The workshop took place on 7 and 8 June 2015 in Accra.", "7 and 8 June 2015", "2015-06-07", "2015-06-08", "day", True),
        ("The course ran 3-4 September 2018 in Lusaka.", "3-4 September 2018", "2018-09-03", "2018-09-04", "day", True),
        ("Sales for April and May 2020 were poor.", "April and May 2020", "2020-04-01", "2020-05-31", "month", True),
        ("The plan ran from July 2008 to June 2011.", "July 2008 to June 2011", "2008-07-01", "2011-06-30", "month", True),
        ("The plan covers 2010- 2011 only.", "2010- 2011", "2010-01-01", "2011-12-31", "year", True),
        ("The plan covers 2012 -2013 only.", "2012 -2013", "2012-01-01", "2013-12-31", "year", True),
        ("ACCRA –19 August 2010 – Ministers met.", "19 August 2010", "2010-08-19", "2010-08-19", "day", False),
        ("The budget line for 2011- was closed.", "2011", "2011-01-01", "2011-12-31", "year", False),
        ("Posted 24-May-2020 by the office.", "24-May-2020", "2020-05-24", "2020-05-24", "day", False),
        ("Growth was slow in the ’90s everywhere.", "’90s", "1990-01-01", "1999-12-31", "year", True),
        ("Growth was slow in the 90’s everywhere.", "90’s", "1990-01-01", "1999-12-31", "year", True),
        ("Growth was slow in the '80s everywhere.", "'80s", "1980-01-01", "1989-12-31", "year", True),
        ("Growth was slow in the 1970’s everywhere.", "1970’s", "1970-01-01", "1979-12-31", "year", True),
        ("The grant runs 01.10.2017 - 31.12.2021 in Laos.", "01.10.2017 - 31.12.2021", "2017-10-01", "2021-12-31", "day", True),
        ("Development cooperation ,04.12.2017", "04.12.2017", "2017-12-04", "2017-12-04", "day", False),
    ],
)  # fmt: skip
def test_date_spans_glued_dashes_and_short_decades(
    nlp: Language,
    sentence: str,
    text: str,
    start: str,
    end: str,
    granularity: str,
    is_range: bool,
) -> None:
    """Issue 10: day and month spans are one mention, a range may have a space on one side
    of its hyphen, a date may touch a dash, ``24-May-2020``, decades with an apostrophe and
    day-first dotted ranges."""
    assert [row(r) for r in dates_in(nlp, sentence)] == [(text, start, end, granularity, is_range)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The board met in July to adopt the plan.", [("July", "2023-07-01", "2023-07-31", "month", False)]),
        ("Members march in May and may vote in June.", [("May", "2023-05-01", "2023-05-31", "month", False), ("June", "2023-06-01", "2023-06-30", "month", False)]),
        ("Since March the office has been shut.", [("March", "2023-03-01", "2023-03-31", "month", False)]),
        ("The office was shut from March to June.", [("March to June", "2023-03-01", "2023-06-30", "month", True)]),
        ("The report is due in the second quarter.", [("second quarter", "2023-04-01", "2023-06-30", "month", True)]),
        ("Results for the first half were good.", [("first half", "2023-01-01", "2023-06-30", "month", True)]),
        ("We may meet Theresa May in Geneva.", []),
        ("They celebrate May Day in Geneva.", []),
    ],
)  # fmt: skip
def test_yearless_months_and_quarters_take_the_publication_year(
    nlp: Language, sentence: str, expected: list[tuple[object, ...]]
) -> None:
    """SPEC: a bare month name is a date mention (after a date word such as ``in``); ``may``
    and ``march`` the verbs, and a name (``May Day``), are not."""
    assert [row(r) for r in dates_in(nlp, sentence, PUBLISHED)] == expected
