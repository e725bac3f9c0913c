"""One document through the stages: what a worker executes for each source.

    extract_text -> recognize -> normalize -> validate

`process_document()` never raises for a bad document: a `DocumentError` becomes a failed
row with the reason. The stages are imported when a document is processed, so that a run
with nothing to do never loads spaCy, pdfplumber or pandas.
"""

from __future__ import annotations

import gc
import importlib
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.config import PdfEngine
from pipeline.errors import DocumentError
from pipeline.rules import Rules
from schemas import DocumentResult, DocumentRow, DocumentText, SourceDocument, Status

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class Analyzer:
    """The rules and the spaCy pipeline built from them: what every document is run with.
    Build it once per process (`build_analyzer`) and pass it down."""

    rules: Rules
    nlp: Language


# The stages a document goes through, imported with the pipeline: worker processes forked
# after `build_analyzer` find them loaded instead of each importing them on its first document.
STAGE_MODULES = (
    "pipeline.extract_text",
    "pipeline.html_content",
    "pipeline.describe",
    "pipeline.normalize",
    "pipeline.link",
    "pipeline.validate",
    "pdfplumber",
    "pdfminer.pdfdocument",
    "pypdfium2",
    "pypdfium2.raw",
)


def build_analyzer(rules: Rules) -> Analyzer:
    """The analyzer for ``rules``. The cyclic garbage collector is off while it is built:
    nearly everything the build makes lives as long as the process, and walking it again and
    again cost about 0.25 s of the build; it is then put straight in the oldest generation."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from pipeline.spacy_import import import_spacy

        import_spacy()  # without its command line (0.2 s), before any module imports it
        from pipeline.layout.lines import load_word_frequencies
        from pipeline.recognize import build_nlp  # spaCy's import: much of the build

        for module in STAGE_MODULES:
            importlib.import_module(module)
        load_word_frequencies()  # read on the first hyphen at a PDF line end otherwise
        return Analyzer(rules=rules, nlp=build_nlp(rules))
    finally:
        gc.freeze()  # then unfreeze: every tracked object into the oldest generation
        gc.unfreeze()
        if collecting:
            gc.enable()


def failed_result(source: SourceDocument, error: str, seconds: float) -> DocumentResult:
    return DocumentResult(
        document=DocumentRow(
            doc_id=source.doc_id,
            source=source.source,
            sha256=source.sha256,
            media_type=source.media_type,
            doc_type="",
            title="",
            published=None,
            language="",
            n_pages=0,
            n_chars=0,
            status=Status.FAILED,
            error=error,
        ),
        seconds=seconds,
    )


def analyse(analyzer: Analyzer, document: DocumentText) -> DocumentResult:
    """One document's text through the stages, in their order: recognize, describe (date,
    type, language), normalize, link, validate."""
    from pipeline.describe import describe
    from pipeline.link import link
    from pipeline.normalize import normalize_mentions
    from pipeline.recognize import find_mentions
    from pipeline.validate import validate

    rules = analyzer.rules
    mentions = find_mentions(analyzer.nlp, document)
    document = describe(document, mentions, rules)
    candidates = normalize_mentions(document, mentions, rules)
    facts = link(document, candidates, rules.funding)
    validated = validate(candidates, facts)
    row = DocumentRow(
        doc_id=document.doc.doc_id,
        source=document.doc.source,
        sha256=document.doc.sha256,
        media_type=document.doc.media_type,
        doc_type=document.doc_type,
        title=document.title,
        published=document.published,
        language=document.language,
        n_pages=document.n_pages,
        n_chars=len(document.text),
        status=Status.OK,
        removed_furniture=document.removed_furniture,
    )
    return DocumentResult(
        document=row,
        text=document.text,
        pages=document.pages,
        amounts=tuple(validated.amounts),
        dates=tuple(validated.dates),
        countries=tuple(validated.countries),
        programmes=tuple(validated.programmes),
        organizations=tuple(validated.organizations),
        funding=tuple(validated.funding),
        rejects=tuple(validated.rejects),
        warnings=(*document.warnings, *validated.warnings),
    )


def process_document(
    analyzer: Analyzer, source: SourceDocument, pdf_engine: PdfEngine = PdfEngine.PDFIUM
) -> DocumentResult:
    """One document end to end; never raises for a bad document (it becomes a failed row)."""
    from pipeline.extract_text import extract_text

    started = time.perf_counter()
    try:
        result = analyse(analyzer, extract_text(source, analyzer.rules.text, pdf_engine))
    except DocumentError as error:
        return failed_result(source, str(error), time.perf_counter() - started)
    return result.model_copy(update={"seconds": time.perf_counter() - started})
