"""The one place where the order of the stages is written.

    ingest -> extract_text -> recognize -> normalize -> link -> validate -> export

A run is incremental: the state store in the output folder (`pipeline.state`) remembers
every document's result, so only new or changed documents (by content hash) go through the
stages; documents no longer among the inputs are dropped; and the CSVs are rewritten from
the stored results, so they always describe the whole current corpus. One run at a time
per output folder (`pipeline.lock`).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import LogFormat, PdfEngine, Settings
from pipeline.corrections import (
    CorrectionResult,
    CorrectionsFile,
    correction_changes,
    load_corrections,
)
from pipeline.errors import UsageError
from pipeline.ingest import Scan, scan_inputs, work_estimate
from pipeline.lock import RunLock
from pipeline.rules import Rules, load_rules
from pipeline.state import (
    COUNT_NAMES,
    LOCK_FILE,
    OUTPUTS_KEY,
    STATE_FILE,
    DocumentState,
    FileStamp,
    StateStore,
    StoreBusy,
    is_busy,
    pipeline_fingerprint,
    result_counts,
    state_dir,
)
from schemas import (
    DocumentResult,
    SkippedFile,
    SourceDocument,
    Status,
    printable_path,
)

if TYPE_CHECKING:
    from pipeline.document import Analyzer

log = logging.getLogger("ilo_extract")
OUTPUT_NAMES_KEY = "output_files"
CORRECTIONS_KEY = "corrections_outcomes"  # what became of each correction at the last write

# The stages are imported where they are used, so that a run with nothing to process (the
# nightly no-change case) never loads spaCy, pdfplumber or pandas. The chain one document
# goes through is `pipeline.document`; the executors run it.


@dataclass
class RunSummary:
    """What a run did (``processed``) and the corpus it left behind (``documents``)."""

    documents: list[DocumentState]
    processed: list[DocumentResult]
    skipped: list[SkippedFile]
    removed: int
    seconds: float
    out_dir: Path
    corrections: list[CorrectionResult] = field(default_factory=list)

    @property
    def not_applied(self) -> list[CorrectionResult]:
        return [c for c in self.corrections if not c.applied]

    @property
    def results(self) -> list[DocumentResult]:
        return self.processed

    @property
    def failed(self) -> list[DocumentState]:
        """Failed documents of the whole output, not only of this run."""
        return [d for d in self.documents if d.status is Status.FAILED]

    @property
    def unchanged(self) -> int:
        return len(self.documents) - len(self.processed)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int]:
        """Rows per output file, as written: with the reviewer's drops and adds."""
        totals = [sum(column) for column in zip(*(d.counts for d in self.documents), strict=True)]
        counts = dict(zip(COUNT_NAMES, totals or [0] * len(COUNT_NAMES), strict=True))
        for name, change in correction_changes(self.corrections).items():
            if name in counts:
                counts[name] += change
        return counts

    def line(self) -> str:
        ok = len(self.documents) - len(self.failed)
        counts = ", ".join(f"{n} {kind}" for kind, n in self.counts().items())
        fixes = (
            f"; corrections: {len(self.corrections) - len(self.not_applied)} applied, "
            f"{len(self.not_applied)} not applied"
            if self.corrections
            else ""
        )
        return (
            f"{ok} documents ok, {len(self.failed)} failed, {len(self.skipped)} skipped; "
            f"{counts}; {len(self.processed)} processed, {self.unchanged} unchanged, "
            f"{self.removed} removed{fixes}; {self.seconds:.1f} s -> {self.out_dir}"
        )

    def event(self) -> dict[str, object]:
        """The summary as a JSON log event."""
        return {
            "event": "summary",
            "ok": len(self.documents) - len(self.failed),
            "failed": [
                {"doc_id": d.doc_id, "source": d.source, "error": d.error} for d in self.failed
            ],
            "skipped": len(self.skipped),
            "processed": len(self.processed),
            "unchanged": self.unchanged,
            "removed": self.removed,
            "counts": self.counts(),
            "corrections": {
                "applied": len(self.corrections) - len(self.not_applied),
                "not_applied": [
                    {"line": c.correction.line, "status": c.status.value, "reason": c.reason}
                    for c in self.not_applied
                ],
            },
            "seconds": round(self.seconds, 3),
            "out": str(self.out_dir),
        }


@dataclass(frozen=True)
class Plan:
    """What a run has to do, decided from the inputs and the state store alone."""

    todo: list[SourceDocument]  # new, changed, stale or (on request) failed documents
    moved: list[tuple[str, FileStamp]]  # same content, new path/size/mtime: update the row
    vanished: list[str]  # doc_ids in the store that are no longer among the inputs


def plan_run(
    sources: Sequence[SourceDocument],
    stamps: Mapping[str, FileStamp],
    rows: Mapping[str, DocumentState],
    version: str,
    settings: Settings,
    unlisted: Sequence[str] = (),
) -> Plan:
    """Decide per document: process, relocate, keep or drop. Identity is the content hash
    (doc_id); mtime is recorded but never trusted to mean "unchanged". Rows of documents
    under an ``unlisted`` folder (one that could not be read this run) are kept."""
    todo: list[SourceDocument] = []
    moved: list[tuple[str, FileStamp]] = []
    for source in sources:
        row = rows.get(source.doc_id)
        stale = (
            row is None
            or settings.force
            or row.pipeline_version != version
            or row.sha256 != source.sha256
            or (settings.retry_failed and row.status is Status.FAILED)
        )
        if stale:
            todo.append(source)
            continue
        stamp = stamps[source.doc_id]
        assert row is not None
        if (row.source, row.size, row.mtime_ns) != (stamp.source, stamp.size, stamp.mtime_ns):
            moved.append((source.doc_id, stamp))
    present = {source.doc_id for source in sources}
    vanished = [
        doc_id
        for doc_id, row in rows.items()
        if doc_id not in present
        and not settings.keep_missing
        and not any(Path(row.source).is_relative_to(folder) for folder in unlisted)
    ]
    return Plan(todo=todo, moved=moved, vanished=vanished)


def document_event(result: DocumentResult) -> dict[str, object]:
    document = result.document
    return {
        "event": "document",
        "doc_id": document.doc_id,
        "source": document.source,
        "status": document.status.value,
        "seconds": round(result.seconds, 3),
        "counts": dict(zip(COUNT_NAMES, result_counts(result), strict=True)),
        "error": document.error,
        "warnings": list(result.warnings),
    }


def log_document(result: DocumentResult) -> None:
    event = document_event(result)
    document = result.document
    if document.status is Status.FAILED:
        log.error("failed %s: %s", document.source, document.error, extra={"event_fields": event})
        return
    counts = ", ".join(f"{n} {kind}" for kind, n in event["counts"].items())  # type: ignore[attr-defined]
    log.info(
        "ok %s (%.1f s): %s", document.source, result.seconds, counts, extra={"event_fields": event}
    )
    for warning in result.warnings:
        log.warning("%s: %s", document.source, warning, extra={"event_fields": None})


def _progress(total: int, enabled: bool) -> Callable[[], None]:
    if not enabled or not sys.stderr.isatty() or total < 2:
        return lambda: None
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked later
    bar = tqdm(total=total, unit="doc", file=sys.stderr, leave=False)
    return lambda: bar.update(1)


def outputs_exist(store: StateStore, out_dir: Path) -> bool:
    """Every file the last write produced is still there: the CSVs (their names are kept in
    the store, so that this check does not need to load the exporter) and the text of every
    document that was read."""
    names = store.get_meta(OUTPUT_NAMES_KEY)
    if names is None or not all((out_dir / n).is_file() for n in json.loads(names)):
        return False
    texts = out_dir / "text"
    return all(
        (texts / f"{row.doc_id}.txt").is_file()
        for row in store.rows().values()
        if row.status is Status.OK
    )


def outputs_key(store: StateStore, corrections: CorrectionsFile | None, mode: str) -> str:
    """What the written outputs were made of: the corpus, the corrections file's bytes and
    the CSV mode (``safe`` or ``raw``, `--raw-csv`)."""
    corpus = f"{mode}:{store.corpus_fingerprint()}"
    return corpus if corrections is None else f"{corpus}+corrections:{corrections.digest}"


def stored_outcomes(store: StateStore) -> list[CorrectionResult]:
    saved = store.get_meta(CORRECTIONS_KEY)
    return [CorrectionResult.model_validate(item) for item in json.loads(saved or "[]")]


def log_corrections(outcomes: Sequence[CorrectionResult]) -> None:
    """Every correction that was not applied, on every run, until the reviewer fixes it."""
    for outcome in outcomes:
        if outcome.applied:
            continue
        event = {"event": "correction_not_applied", "line": outcome.correction.line,
                 "doc_id": outcome.correction.doc_id, "status": outcome.status.value,
                 "reason": outcome.reason}  # fmt: skip
        log.warning("correction not applied: %s", outcome.describe(), extra={"event_fields": event})


def rewrite_outputs(
    store: StateStore, out_dir: Path, corrections: CorrectionsFile | None, mode: str
) -> tuple[list[CorrectionResult], list[str]]:
    """Write the CSVs from every stored result, with the corrections applied; returns what
    became of each correction, and no damaged doc_ids. A stored result that no longer reads
    (a damaged row) is dropped from the store and nothing is written: its doc_id is returned
    so that the caller processes the document again and writes once more."""
    from pipeline.export import OUTPUT_FILES, write_outputs

    results: list[DocumentResult] = []
    damaged: list[str] = []
    for item in store.results():
        if isinstance(item, str):
            damaged.append(item)
        else:
            results.append(item)
    if damaged:
        store.delete(damaged)
        return [], damaged
    try:
        outcomes = write_outputs(results, out_dir, corrections, raw_csv=mode == "raw")
    except OSError as error:
        raise UsageError(
            f"cannot write the output files in {out_dir}: {error.strerror or error}; "
            "the processed documents are kept and the next run writes them"
        ) from None
    store.set_meta(OUTPUT_NAMES_KEY, json.dumps(list(OUTPUT_FILES)))
    store.set_meta(CORRECTIONS_KEY, json.dumps([o.model_dump(mode="json") for o in outcomes]))
    store.set_meta(OUTPUTS_KEY, outputs_key(store, corrections, mode))
    return outcomes, []


def log_damaged(doc_ids: Sequence[str]) -> None:
    event = {"event": "damaged", "doc_ids": list(doc_ids)}
    log.warning(
        "stored results that no longer read, processed again: %s",
        ", ".join(doc_ids),
        extra={"event_fields": event},
    )


def check_output_folder(out_dir: Path) -> None:
    """A usage error, before any work, when the output folder cannot be used."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"the output folder {out_dir} is a file, not a folder")
    try:
        state_dir(out_dir).mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out_dir, prefix=".ilo-extract-probe-"):
            pass
    except OSError as error:
        raise UsageError(
            f"cannot write to the output folder {out_dir}: {error.strerror or error}"
        ) from None


def check_scan(scan: Scan, rows: Mapping[str, DocumentState], settings: Settings) -> None:
    """Refuse (a usage error) to drop documents the user has not said are gone: those under
    a folder that cannot be read, or every document when the inputs are suddenly empty."""
    if scan.unreadable_folders and not settings.skip_unreadable:
        folder, reason = scan.unreadable_folders[0]
        more = len(scan.unreadable_folders) - 1
        raise UsageError(
            f"cannot read the folder {folder}: {reason}"
            + (f" (and {more} more)" if more else "")
            + "; its documents would be left out. Fix its permissions, or pass "
            "--skip-unreadable to go on without it (its documents keep their rows)"
        )
    if not scan.documents and rows and not (settings.allow_empty or settings.keep_missing):
        raise UsageError(
            f"the inputs hold no documents, but the output has {len(rows)}: an unmounted or "
            "emptied input folder would drop them all. If they were really removed, run "
            "again with --allow-empty (or keep them with --keep-missing)"
        )


def stamp_of(source: SourceDocument) -> FileStamp:
    try:
        return FileStamp.of(Path(source.source))
    except OSError:  # gone since it was listed: reading it fails with the reason
        return FileStamp(source=printable_path(source.source), size=source.size, mtime_ns=0)


def run(
    inputs: Sequence[Path],
    out_dir: Path,
    analyzer: Analyzer | None = None,
    *,
    settings: Settings | None = None,
) -> RunSummary:
    """Bring ``out_dir`` up to date with the documents under ``inputs``.

    Holds the output folder's lock for the whole run (raises `LockBusy`, a `UsageError`, if
    another run has it). Each finished document is committed to the state store at once; the
    CSVs are rewritten at the end only when the corpus changed (or a file is missing), so a
    run over unchanged input leaves them byte-identical. The rules are loaded once here
    (`load_rules`, for the fingerprint and the workers); a given ``analyzer`` brings its own
    and runs every document in this process.
    """
    settings = replace(settings or Settings(), inputs=tuple(inputs), out=out_dir)
    started = time.perf_counter()
    check_output_folder(out_dir)
    folder = state_dir(out_dir)
    corrections = load_corrections(settings.corrections, out_dir)  # a bad file stops here
    try:
        with RunLock(folder / LOCK_FILE, wait=settings.wait, timeout=settings.wait_timeout):
            return update_output(inputs, out_dir, analyzer, settings, corrections, started)
    except sqlite3.OperationalError as error:
        if is_busy(error):
            raise StoreBusy(folder / STATE_FILE, error) from None
        raise


def update_output(
    inputs: Sequence[Path],
    out_dir: Path,
    analyzer: Analyzer | None,
    settings: Settings,
    corrections: CorrectionsFile | None,
    started: float,
) -> RunSummary:
    """The run proper, under the output folder's lock (see `run`)."""
    from pipeline.export import remove_leftovers

    remove_leftovers(out_dir)
    scan = scan_inputs(inputs, out_dir)
    sources = scan.documents
    skipped = [
        *scan.skipped,
        *(
            SkippedFile(source=f, reason=f"folder cannot be read: {r}")
            for f, r in scan.unreadable_folders
        ),
    ]
    stamps = {s.doc_id: stamp_of(s) for s in sources}
    with StateStore(state_dir(out_dir) / STATE_FILE) as store:
        rows = store.rows()
        check_scan(scan, rows, settings)
        for item in skipped:
            event = {"event": "skipped", "source": item.source, "reason": item.reason}
            log.warning("skipped %s: %s", item.source, item.reason, extra={"event_fields": event})
        rules = analyzer.rules if analyzer else load_rules()
        version = pipeline_fingerprint(rules)
        if settings.pdf_engine is not PdfEngine.PDFIUM:  # its results differ a little
            version += f"+{settings.pdf_engine}"
        unlisted = [folder for folder, _ in scan.unreadable_folders]
        plan = plan_run(sources, stamps, rows, version, settings, unlisted)
        damaged = [d for d, stamp in plan.moved if not store.relocate(d, stamp)]
        if damaged:
            log_damaged(damaged)
        removed = store.delete(plan.vanished)
        for doc_id in plan.vanished:
            event = {"event": "removed", "doc_id": doc_id}
            log.info(
                "dropped %s: no longer among the inputs", doc_id, extra={"event_fields": event}
            )
        by_id = {source.doc_id: source for source in sources}
        todo = [*plan.todo, *(by_id[doc_id] for doc_id in damaged)]
        processed = process_all(todo, stamps, store, version, settings, rules, analyzer)
        mode = "raw" if settings.raw_csv else "safe"
        written = store.get_meta(OUTPUTS_KEY) == outputs_key(store, corrections, mode)
        if not written or not outputs_exist(store, out_dir):
            outcomes, damaged = rewrite_outputs(store, out_dir, corrections, mode)
            if damaged:  # process them again now, then write: nothing is left out
                log_damaged(damaged)
                again = [by_id[doc_id] for doc_id in damaged if doc_id in by_id]
                processed += process_all(again, stamps, store, version, settings, rules, analyzer)
                outcomes, _ = rewrite_outputs(store, out_dir, corrections, mode)
        else:
            outcomes = stored_outcomes(store) if corrections is not None else []
        log_corrections(outcomes)
        documents = list(store.rows().values())
    return RunSummary(
        documents=documents,
        processed=processed,
        skipped=skipped,
        removed=removed,
        seconds=time.perf_counter() - started,
        out_dir=out_dir,
        corrections=outcomes,
    )


def process_all(
    sources: Sequence[SourceDocument],
    stamps: Mapping[str, FileStamp],
    store: StateStore,
    version: str,
    settings: Settings,
    rules: Rules,
    analyzer: Analyzer | None,
) -> list[DocumentResult]:
    """Run the documents through the executor; store each result as soon as it arrives."""
    from pipeline.executors import make_executor

    if not sources:
        return []
    tick = _progress(len(sources), settings.log_format is LogFormat.TEXT)
    executor = make_executor(settings, rules, analyzer)
    processed: list[DocumentResult] = []
    try:
        ordered = sorted(sources, key=lambda source: (-work_estimate(source), source.doc_id))
        for result in executor.results(ordered):
            store.put(result, stamps[result.document.doc_id], version)
            log_document(result)
            processed.append(result)
            tick()
    finally:
        executor.close()
    return processed
