"""Thin command line over pipeline.run and pipeline.evaluate."""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pipeline import __version__
from pipeline.errors import PipelineError, UsageError

EXIT_OK, EXIT_FAILED_DOCUMENTS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM

RUN_DESCRIPTION = """\
Read every PDF, HTML and text file under the inputs and write documents.csv, amounts.csv,
dates.csv, countries.csv, programmes.csv, rejects.csv and text/<doc_id>.txt into the output
folder.

Runs are incremental: a state store in <out>/.ilo-extract/ remembers each document's result,
so only new or changed documents (by content hash) are processed, documents no longer among
the inputs are dropped (unless --keep-missing), and the CSVs are rewritten for the whole
current corpus. A change of the rules (pattern files or code) or of the pipeline version
reprocesses everything, as does --force. Only one run at a time may use an output folder.

A reviewer's corrections (<out>/corrections.csv, or --corrections PATH; see docs/review.md)
are applied to the CSVs on every run; those that no longer match their document are listed
in the log, the summary and corrections_status.csv.

Settings come from these flags, then ILO_EXTRACT_* environment variables (ILO_EXTRACT_WORKERS,
ILO_EXTRACT_DOC_TIMEOUT, ILO_EXTRACT_OUT, ILO_EXTRACT_INPUTS, ...), then the [tool.ilo-extract]
table of the config file (--config PATH, else $ILO_EXTRACT_CONFIG, else ./pyproject.toml).
"""
RUN_EPILOG = """\
exit codes:
  0  all documents ok
  1  some documents failed (listed in the log and in documents.csv, status "failed")
  2  usage or configuration error, a bad corrections file (the line is named; the previous
     outputs stay as they were), the output folder is in use by another run, or documents
     would be dropped without being asked (an unreadable folder: see --skip-unreadable;
     inputs with no document: see --allow-empty)
  130, 143  stopped by Ctrl-C or SIGTERM (finished documents are kept)

examples:
  ilo-extract run                                   # reads raw/, writes out/
  ilo-extract run inbox/ more/file.pdf --out data/
  ilo-extract run inbox/ --out data/ --workers 4 --log-format json --wait
  ilo-extract run inbox/ --out data/ --executor dask --scheduler tcp://10.0.0.5:8786
  ILO_EXTRACT_DOC_TIMEOUT=60 ilo-extract run --config ops/ilo-extract.toml
  ilo-extract run inbox/ --out data/ --review --open   # then look at what was extracted
  ilo-extract run inbox/ --out data/ --corrections reviewed/fixes.csv
"""
EVALUATE_EPILOG = """\
examples:
  ilo-extract evaluate out/ ../shared/gold/seeds.jsonl
  ilo-extract evaluate out/ gold.jsonl --json > scores.json
"""
REVIEW_DESCRIPTION = """\
Write a static HTML report of an output folder into <out>/review/: index.html lists every
document (status, error, warnings, counts per kind, rejects, corrections), and one page per
document (<doc_id>.html) shows its extracted text with every mention highlighted by kind,
its rejects and one table per kind. The pages need no server: open them from disk.
"""
REVIEW_EPILOG = """\
examples:
  ilo-extract review out/                          # writes out/review/index.html
  ilo-extract review data/ --open                  # and opens it in the browser
"""
MAIN_EPILOG = """\
examples:
  ilo-extract run                                 # raw/ -> out/
  ilo-extract review out/ --open                  # highlighted mentions, in the browser
  ilo-extract evaluate out/ gold.jsonl            # precision / recall / F1 per kind
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ilo-extract",
        description="Extract money amounts, dates, countries and programme names from "
        "PDF, HTML and text documents into CSVs with provenance.",
        epilog=MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="process documents and write the CSVs",
        description=RUN_DESCRIPTION,
        epilog=RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_run_arguments(run)

    review = commands.add_parser(
        "review",
        help="write an HTML report of an output folder for reviewers",
        description=REVIEW_DESCRIPTION,
        epilog=REVIEW_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    review.add_argument("out", type=Path, help="an output folder written by `run`")
    review.add_argument("--open", action="store_true", help="open the report in the browser")

    evaluate = commands.add_parser(
        "evaluate",
        help="score an output folder against a gold JSONL file",
        description="Precision, recall and F1 per kind, as SPEC's scoring defines them.",
        epilog=EVALUATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    evaluate.add_argument("out", type=Path, help="an output folder written by `run`")
    evaluate.add_argument("gold", type=Path, help="gold annotations (JSONL, SPEC format)")
    evaluate.add_argument("--json", action="store_true", help="print the scores as JSON")
    return parser


def add_run_arguments(run: argparse.ArgumentParser) -> None:
    """The flags of `run`. Settings flags default to None: unset, so that the environment
    and the config file can supply them (pipeline.config)."""
    run.add_argument(
        "inputs", nargs="*", type=Path,
        help="folders or files to read (default: raw/)",
    )  # fmt: skip
    run.add_argument("--out", type=Path, help="output folder (default: out/)")
    run.add_argument("--config", type=Path, help="TOML file with a [tool.ilo-extract] table")
    run.add_argument(
        "--workers", type=int, metavar="N",
        help="documents processed in parallel (default: one per CPU; 1 = in this process)",
    )  # fmt: skip
    run.add_argument(
        "--executor", choices=["local", "dask"],
        help="where documents are processed (default: local)",
    )  # fmt: skip
    run.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="Dask scheduler address for --executor dask, e.g. tcp://HOST:8786",
    )  # fmt: skip
    run.add_argument(
        "--doc-timeout", type=float, metavar="SECONDS",
        help="time limit per document; past it the document fails (default: 300)",
    )  # fmt: skip
    run.add_argument(
        "--force", action="store_true", default=None,
        help="process every document again, changed or not",
    )  # fmt: skip
    run.add_argument(
        "--retry-failed", action="store_true", default=None,
        help="process documents that failed before again, even if unchanged",
    )  # fmt: skip
    run.add_argument(
        "--keep-missing", action="store_true", default=None,
        help="keep the rows of documents that are no longer among the inputs",
    )  # fmt: skip
    run.add_argument(
        "--skip-unreadable", action="store_true", default=None,
        help="go on when a folder under the inputs cannot be read (its documents keep their "
        "rows) instead of exiting with 2",
    )  # fmt: skip
    run.add_argument(
        "--allow-empty", action="store_true", default=None,
        help="let inputs that hold no document at all empty the output (an unmounted share "
        "exits with 2 otherwise)",
    )  # fmt: skip
    run.add_argument(
        "--raw-csv", action="store_true", default=None,
        help="write cells as they are: no ' before a cell that starts with = + - @ (by "
        "default such cells are neutralized so that a spreadsheet does not run them)",
    )  # fmt: skip
    run.add_argument(
        "--wait", action="store_true", default=None,
        help="if another run uses the output folder, wait for it instead of exiting with 2",
    )  # fmt: skip
    run.add_argument(
        "--wait-timeout", type=float, metavar="SECONDS",
        help="with --wait: give up (exit 2) after this long (default: wait as long as needed)",
    )  # fmt: skip
    run.add_argument(
        "--log-format", choices=["text", "json"],
        help="text for people (default) or json: one JSON object per line and event",
    )  # fmt: skip
    run.add_argument(
        "--corrections", type=Path, metavar="PATH",
        help="a reviewer's corrections to apply (default: <out>/corrections.csv if it exists)",
    )  # fmt: skip
    run.add_argument(
        "--review", action="store_true",
        help="also write the HTML report (<out>/review/, as `ilo-extract review` does)",
    )  # fmt: skip
    run.add_argument(
        "--open", action="store_true", help="with --review: open the report in the browser"
    )
    run.add_argument(
        "--pdf-engine", choices=["pdfium", "pdfplumber"],
        help="how PDFs are read: pdfium (fast, default) or pdfplumber (the reference)",
    )  # fmt: skip
    run.add_argument("-q", "--quiet", action="store_true", help="only errors and the summary")
    run.add_argument(
        "-v", "--verbose", action="store_true", help="also a line per processed document (text)"
    )


SETTING_FLAGS = (
    "inputs", "out", "workers", "executor", "scheduler", "doc_timeout", "force", "retry_failed",
    "keep_missing", "skip_unreadable", "allow_empty", "raw_csv",
    "wait", "wait_timeout", "log_format", "corrections", "pdf_engine",
)  # fmt: skip


class JsonLines(logging.Formatter):
    """One JSON object per record: the event's fields when the record carries them."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "event_fields", None)
        head = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
        }
        if fields is None:
            fields = {"event": "log", "logger": record.name, "message": record.getMessage()}
            if record.exc_info:
                fields["exception"] = self.formatException(record.exc_info)
        return json.dumps({**head, **fields}, ensure_ascii=False, default=str)


class HideRoutineDocuments(logging.Filter):
    """Text logs: a line per document that went fine only with --verbose."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = getattr(record, "event_fields", None) or {}
        return not (fields.get("event") == "document" and fields.get("status") == "ok")


def configure_logging(log_format: str, quiet: bool, verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        if not verbose:
            handler.addFilter(HideRoutineDocuments())
    logger = logging.getLogger("ilo_extract")
    logger.handlers.clear()
    logger.setLevel(logging.ERROR if quiet else logging.INFO)
    # The handler sits on the root logger, so that libraries' complaints (pdfminer on a
    # damaged PDF, warnings and up) and Python warnings go through it too: in JSON every
    # line of stderr is one JSON object (worker processes are forked with this set up).
    # Python would print them raw otherwise.
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "ilo_extract", False)]:
        root.removeHandler(old)
    handler.ilo_extract = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.ERROR if quiet else logging.WARNING)
    logging.captureWarnings(True)


def command_run(args: argparse.Namespace) -> int:
    from pipeline.config import resolve_settings
    from pipeline.run import run

    flags = {name: getattr(args, name) for name in SETTING_FLAGS}
    settings = resolve_settings(flags, config=args.config)
    configure_logging(settings.log_format.value, args.quiet, args.verbose)
    summary = run(settings.inputs, settings.out, settings=settings)
    log = logging.getLogger("ilo_extract")
    fresh = {result.document.doc_id for result in summary.processed}
    for document in summary.failed:
        if document.doc_id not in fresh:  # failures of this run were logged as they came
            log.error(
                "still failed %s (unchanged since %s): %s",
                document.source, document.processed_at, document.error,
                extra={"event_fields": None if settings.log_format.value == "text" else {
                    "event": "still_failed", "doc_id": document.doc_id,
                    "source": document.source, "error": document.error,
                }},
            )  # fmt: skip
    if settings.log_format.value == "json":
        log.log(
            logging.WARNING if summary.failed else logging.INFO,
            summary.line(),
            extra={"event_fields": summary.event()},
        )
    print(summary.line())
    if args.review or args.open:
        publish_review(settings.out, open_browser=args.open)
    return EXIT_FAILED_DOCUMENTS if summary.failed else EXIT_OK


def publish_review(out: Path, *, open_browser: bool) -> None:
    """Write the report of ``out``, print where it is, and open it when asked."""
    from pipeline.review import write_review

    index = write_review(out)
    print(f"review: {index}")
    if open_browser:
        import webbrowser

        webbrowser.open(index.resolve().as_uri())


def command_review(args: argparse.Namespace) -> int:
    publish_review(args.out, open_browser=args.open)
    return EXIT_OK


def command_evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate

    result = evaluate(args.out, args.gold)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print(result.table())
    return EXIT_OK


class Terminated(BaseException):
    """SIGTERM, turned into an exception so that a run unwinds the way it does on Ctrl-C:
    workers killed, state store closed, lock released, finished documents kept."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Exit codes: 0 all documents ok, 1 some documents failed, 2 usage or config error,
    130 / 143 stopped by Ctrl-C / SIGTERM."""
    args = build_parser().parse_args(argv)
    handlers = {"run": command_run, "review": command_review, "evaluate": command_evaluate}
    on_main_thread = threading.current_thread() is threading.main_thread()
    if on_main_thread:  # signal handlers can only be set there
        previous = signal.getsignal(signal.SIGTERM)
        signal.signal(signal.SIGTERM, _terminate)
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        print("ilo-extract: interrupted; finished documents are kept", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("ilo-extract: terminated (SIGTERM); finished documents are kept", file=sys.stderr)
        return EXIT_TERMINATED
    except UsageError as error:
        print(f"ilo-extract: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except PipelineError as error:
        print(f"ilo-extract: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous or signal.SIG_DFL)


def console() -> NoReturn:
    """The ``ilo-extract`` script and ``python -m pipeline``: `main`, then `exit_now`."""
    exit_now(main())


def exit_now(code: int) -> NoReturn:
    """End the process with ``code`` without Python's teardown, which frees the whole spaCy
    pipeline object by object (about 0.4 s after a run). Everything an ordinary exit does
    that matters still happens: the ``atexit`` callbacks run (logging's flush and close,
    multiprocessing's join of its children, ``weakref.finalize`` callbacks), then stdout and
    stderr are flushed. When a thread that Python would wait for still runs, or a flush
    fails (a closed pipe), it exits the ordinary way instead, with Python's own messages.
    Only for the console entry point: `main` called in a process (tests, library use)
    returns as usual."""
    main_thread = threading.main_thread()
    if any(t is not main_thread and not t.daemon and t.is_alive() for t in threading.enumerate()):
        raise SystemExit(code)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)
