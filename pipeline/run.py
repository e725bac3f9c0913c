"""The one place where the order of the stages is written.

    ingest -> extract_text -> recognize -> normalize -> validate -> export
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from pipeline.describe import classify_doc_type, guess_language
from pipeline.errors import DocumentError
from pipeline.export import write_outputs
from pipeline.extract_text import extract_text
from pipeline.ingest import ingest
from pipeline.normalize import normalize_mentions
from pipeline.normalize.dates import publication_date
from pipeline.recognize import build_nlp, find_mentions
from pipeline.validate import validate
from schemas import (
    DocumentResult,
    DocumentRow,
    DocumentText,
    Kind,
    SkippedFile,
    SourceDocument,
    Status,
)

log = logging.getLogger("ilo_extract")


@dataclass
class RunSummary:
    results: list[DocumentResult]
    skipped: list[SkippedFile]
    seconds: float
    out_dir: Path
    failed: list[DocumentResult] = field(init=False)

    def __post_init__(self) -> None:
        self.failed = [r for r in self.results if r.document.status is Status.FAILED]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int]:
        return {
            "amounts": sum(len(r.amounts) for r in self.results),
            "dates": sum(len(r.dates) for r in self.results),
            "countries": sum(len(r.countries) for r in self.results),
            "programmes": sum(len(r.programmes) for r in self.results),
            "rejects": sum(len(r.rejects) for r in self.results),
        }

    def line(self) -> str:
        ok = len(self.results) - len(self.failed)
        counts = ", ".join(f"{n} {kind}" for kind, n in self.counts().items())
        return (
            f"{ok} documents ok, {len(self.failed)} failed, {len(self.skipped)} skipped; "
            f"{counts}; {self.seconds:.1f} s -> {self.out_dir}"
        )


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


def analyse(nlp: Language, document: DocumentText) -> DocumentResult:
    """Recognize, normalize and validate the mentions of one document's text."""
    mentions = find_mentions(nlp, document)
    dates = [m for m in mentions if m.kind is Kind.DATE]
    document = document.model_copy(update={"published": publication_date(document, dates)})
    validated = validate(normalize_mentions(document, mentions))
    row = DocumentRow(
        doc_id=document.doc.doc_id,
        source=document.doc.source,
        sha256=document.doc.sha256,
        media_type=document.doc.media_type,
        doc_type=classify_doc_type(document.title, document.text),
        title=document.title,
        published=document.published,
        language=guess_language(document.text),
        n_pages=document.n_pages,
        n_chars=len(document.text),
        status=Status.OK,
        removed_furniture=document.removed_furniture,
    )
    return DocumentResult(
        document=row,
        text=document.text,
        amounts=tuple(validated.amounts),
        dates=tuple(validated.dates),
        countries=tuple(validated.countries),
        programmes=tuple(validated.programmes),
        rejects=tuple(validated.rejects),
        warnings=document.warnings,
    )


def process_document(nlp: Language, source: SourceDocument) -> DocumentResult:
    """One document end to end; never raises for a bad document (it becomes a failed row)."""
    started = time.perf_counter()
    try:
        result = analyse(nlp, extract_text(source))
    except DocumentError as error:
        return failed_result(source, str(error), time.perf_counter() - started)
    return result.model_copy(update={"seconds": time.perf_counter() - started})


def _progress(total: int) -> Callable[[], None]:
    if not sys.stderr.isatty() or total < 2:
        return lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="doc", file=sys.stderr, leave=False)
    return lambda: bar.update(1)


def run(inputs: Sequence[Path], out_dir: Path, nlp: Language | None = None) -> RunSummary:
    """Process every input document and write the output files into ``out_dir``."""
    started = time.perf_counter()
    sources, skipped = ingest(inputs)
    for item in skipped:
        log.warning("skipped %s: %s", item.source, item.reason)
    nlp = nlp or build_nlp()
    tick = _progress(len(sources))
    results = []
    for source in sources:
        result = process_document(nlp, source)
        if result.document.status is Status.FAILED:
            log.error("failed %s: %s", source.source, result.document.error)
        for warning in result.warnings:
            log.warning("%s: %s", source.source, warning)
        results.append(result)
        tick()
    write_outputs(results, out_dir)
    return RunSummary(results, skipped, time.perf_counter() - started, out_dir)
