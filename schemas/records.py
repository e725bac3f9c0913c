"""Records that cross a stage boundary.

Every model is frozen: a stage derives a new record (``model_copy(update=...)``) instead of
changing the one it was given. Data flows one way:

    SourceDocument -> DocumentText -> Mention -> <Kind>Candidate | Rejection
                   -> <Kind>Row (validated) -> CSV

This package imports nothing from ``pipeline``.
"""

from __future__ import annotations

import csv
import datetime as dt
from bisect import bisect_right
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

import pycountry
from pydantic import BaseModel, ConfigDict, field_validator, model_validator


@cache
def historical_currency_codes() -> frozenset[str]:
    """Withdrawn ISO 4217 codes (schemas/historical_currencies.tsv)."""
    path = Path(__file__).with_name("historical_currencies.tsv")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return frozenset(row["code"] for row in csv.DictReader(lines, delimiter="\t"))


def is_iso4217(code: str) -> bool:
    """A current ISO 4217 code (pycountry) or one withdrawn since 1999."""
    return pycountry.currencies.get(alpha_3=code) is not None or code in historical_currency_codes()


def _escaped_surrogate(char: str) -> str:
    code = ord(char)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def printable_path(path: str) -> str:
    """A file name as UTF-8 text: the bytes of a name that is not UTF-8 (which Python holds
    as lone surrogates, ``\\udce9``) written as ``\\xe9``, so the name can go into JSON,
    SQLite and CSV; a valid name is unchanged."""
    return "".join(
        _escaped_surrogate(char) if "\ud800" <= char <= "\udfff" else char for char in path
    )


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MediaType(StrEnum):
    PDF = "application/pdf"
    HTML = "text/html"
    TEXT = "text/plain"


class Kind(StrEnum):
    AMOUNT = "amount"
    DATE = "date"
    COUNTRY = "country"
    PROGRAMME = "programme"
    ORGANIZATION = "organization"


class OrganizationType(StrEnum):
    GOVERNMENT = "government"
    MULTILATERAL = "multilateral"
    NGO = "ngo"
    PRIVATE = "private"


class Flow(StrEnum):
    """SPEC's verb classes of a funding fact."""

    PLEDGE = "pledge"
    COMMITMENT = "commitment"
    DISBURSEMENT = "disbursement"
    BUDGET = "budget"
    OTHER = "other"


class Qualifier(StrEnum):
    EXACT = "exact"
    APPROX = "approx"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Per(StrEnum):
    TOTAL = "total"
    YEAR = "year"
    MONTH = "month"


class Granularity(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Status(StrEnum):
    OK = "ok"
    FAILED = "failed"


class Stage(StrEnum):
    INGEST = "ingest"
    EXTRACT_TEXT = "extract_text"
    RECOGNIZE = "recognize"
    NORMALIZE = "normalize"
    VALIDATE = "validate"


# --- ingest -------------------------------------------------------------------------------


class SourceDocument(Frozen):
    """One input file, identified by the hash of its bytes."""

    doc_id: str  # first 16 hex digits of sha256
    source: str  # path as given / found
    sha256: str
    media_type: MediaType
    size: int


class SkippedFile(Frozen):
    source: str
    reason: str

    @field_validator("source")
    @classmethod
    def _printable(cls, source: str) -> str:
        return printable_path(source)


# --- extract_text -------------------------------------------------------------------------


class PageSpan(Frozen):
    """Characters ``[start, end)`` of the document text come from page ``page`` (1-based)."""

    page: int
    start: int
    end: int


class TextBlock(Frozen):
    """A stretch of text with a layout role (e.g. ``table``, ``heading``, ``bullet``)."""

    start: int
    end: int
    role: str


class DocumentText(Frozen):
    """The text of one document, with its page map and what was learned while reading it."""

    doc: SourceDocument
    text: str
    pages: tuple[PageSpan, ...]
    blocks: tuple[TextBlock, ...] = ()
    title: str = ""
    page_title: str = ""  # an HTML page's <title> (the h1 is its title): names the site
    published: dt.date | None = None
    doc_type: str = ""  # set by the describe step, like published and language
    language: str = ""
    n_pages: int = 1
    removed_furniture: int = 0  # header/footer/page-number lines dropped from the text
    warnings: tuple[str, ...] = ()

    def page_at(self, offset: int) -> int:
        """1-based page that holds character ``offset``: the last page starting at or before
        it (a break between pages belongs to the page before; the end to the last page)."""
        if not self.pages:
            return 1
        index = bisect_right(self.pages, offset, key=lambda span: span.start) - 1
        return self.pages[max(index, 0)].page


# --- recognize ----------------------------------------------------------------------------


class Mention(Frozen):
    """A span of the document text that a rule recognized as a mention of ``kind``."""

    doc_id: str
    kind: Kind
    text: str  # exactly text[char_start:char_end]
    char_start: int
    char_end: int
    page: int
    sentence: str
    pattern_id: str


# --- normalize ----------------------------------------------------------------------------


class AmountCandidate(Frozen):
    mention: Mention
    value: Decimal | None
    currency: str | None
    qualifier: Qualifier = Qualifier.EXACT
    per: Per = Per.TOTAL
    equivalent_of: int | None = None  # char_start of the amount this one restates


class DateCandidate(Frozen):
    mention: Mention
    start: dt.date | None
    end: dt.date | None
    granularity: Granularity
    is_range: bool


class CountryCandidate(Frozen):
    mention: Mention
    iso3: str
    name: str


class ProgrammeCandidate(Frozen):
    mention: Mention
    name: str
    acronym: str | None = None


class OrganizationCandidate(Frozen):
    mention: Mention
    name: str
    acronym: str | None = None
    type: OrganizationType
    iso3: str | None = None


Candidate = (
    AmountCandidate | DateCandidate | CountryCandidate | ProgrammeCandidate | OrganizationCandidate
)


class FundingSlots(Frozen):
    """What a funding fact says, before and after validation (SPEC: Funding facts). Empty
    slots are None; ``countries`` is in text order."""

    doc_id: str
    donor: str | None = None
    donor_iso3: str | None = None
    recipient: str | None = None
    programme: str | None = None
    countries: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    flow: Flow = Flow.OTHER
    page: int
    sentence: str


class FundingCandidate(FundingSlots):
    """A funding fact before validation: it points at its amount by character offset
    (validation gives the amount's mention_id and the fact's id)."""

    amount_start: int


class Rejection(Frozen):
    """A candidate that did not become a row, with the reason. Never a silent drop."""

    doc_id: str
    stage: Stage
    kind: Kind
    text: str
    field: str
    reason: str
    char_start: int = -1

    @classmethod
    def of(cls, mention: Mention, stage: Stage, field: str, reason: str) -> Rejection:
        """The rejection of ``mention``, with where it came from."""
        return cls(
            doc_id=mention.doc_id,
            stage=stage,
            kind=mention.kind,
            text=mention.text,
            field=field,
            reason=reason,
            char_start=mention.char_start,
        )


# --- validate / export --------------------------------------------------------------------


class MentionRow(Frozen):
    """Provenance columns every mention row starts with (SPEC: Output files), and the id of
    the pattern that found it (an extension; ``correction`` for a reviewer's added row)."""

    doc_id: str
    mention_id: str
    text: str
    page: int
    char_start: int
    char_end: int
    sentence: str
    pattern_id: str


class AmountRow(MentionRow):
    value: Decimal
    currency: str
    qualifier: Qualifier
    per: Per
    equivalent_of: str | None = None

    @field_validator("value")
    @classmethod
    def _positive(cls, value: Decimal) -> Decimal:
        if value <= 0:
            raise ValueError("amount must be positive")
        return value

    @field_validator("currency")
    @classmethod
    def _iso4217(cls, code: str) -> str:
        if not is_iso4217(code):
            raise ValueError(f"{code!r} is not an ISO 4217 currency code")
        return code


class DateRow(MentionRow):
    start: dt.date | None
    end: dt.date | None
    granularity: Granularity
    is_range: bool

    @model_validator(mode="after")
    def _ordered(self) -> DateRow:
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must both be known or both be empty")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class CountryRow(MentionRow):
    iso3: str
    name: str

    @field_validator("iso3")
    @classmethod
    def _iso3166(cls, code: str) -> str:
        if pycountry.countries.get(alpha_3=code) is None:
            raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code")
        return code


class ProgrammeRow(MentionRow):
    name: str
    acronym: str | None = None

    @field_validator("name")
    @classmethod
    def _named(cls, name: str) -> str:
        if not name.strip():
            raise ValueError("programme name is empty")
        return name


class OrganizationRow(MentionRow):
    name: str
    acronym: str | None = None
    type: OrganizationType
    iso3: str | None = None

    @field_validator("name")
    @classmethod
    def _named(cls, name: str) -> str:
        if not name.strip():
            raise ValueError("organization name is empty")
        return name

    @field_validator("iso3")
    @classmethod
    def _iso3166(cls, code: str | None) -> str | None:
        if code is not None and pycountry.countries.get(alpha_3=code) is None:
            raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code")
        return code


class FundingFact(FundingSlots):
    """One amount that states money given, pledged, committed or budgeted, with its slots:
    a row of funding.csv (its columns and their order are export's)."""

    fact_id: str  # <doc_id>:fact:<n>, in the order of the amounts
    amount_id: str
    value: Decimal
    currency: str
    char_start: int  # of the amount; the sort key of funding.csv

    @field_validator("donor_iso3")
    @classmethod
    def _donor_iso3(cls, code: str | None) -> str | None:
        if code is not None and pycountry.countries.get(alpha_3=code) is None:
            raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 code")
        return code


class DocumentRow(Frozen):
    doc_id: str
    source: str
    sha256: str
    media_type: MediaType
    doc_type: str
    title: str
    published: dt.date | None
    language: str
    n_pages: int
    n_chars: int
    status: Status
    error: str = ""
    removed_furniture: int = 0  # extension: header/footer lines removed (docs/output.md)

    @field_validator("source")
    @classmethod
    def _printable(cls, source: str) -> str:
        return printable_path(source)


class DocumentResult(Frozen):
    """Everything one document contributes to the output; the unit a worker returns."""

    document: DocumentRow
    text: str = ""
    amounts: tuple[AmountRow, ...] = ()
    dates: tuple[DateRow, ...] = ()
    countries: tuple[CountryRow, ...] = ()
    programmes: tuple[ProgrammeRow, ...] = ()
    organizations: tuple[OrganizationRow, ...] = ()
    funding: tuple[FundingFact, ...] = ()
    rejects: tuple[Rejection, ...] = ()
    warnings: tuple[str, ...] = ()
    pages: tuple[PageSpan, ...] = ()  # the page map of the text (pages.csv)
    reviewed: tuple[tuple[str, str], ...] = ()  # (mention_id, "set" | "add") from corrections
    seconds: float = 0.0
