"""Thin command line over pipeline.run and pipeline.evaluate."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.errors import PipelineError, UsageError

EXIT_OK, EXIT_FAILED_DOCUMENTS, EXIT_USAGE = 0, 1, 2

RUN_EPILOG = """\
exit codes: 0 all documents ok, 1 some documents failed (listed in documents.csv and
the log), 2 usage or configuration error.

examples:
  ilo-extract run                         # reads raw/, writes out/
  ilo-extract run inbox/ more/file.pdf --out data/
"""
EVALUATE_EPILOG = """\
examples:
  ilo-extract evaluate out/ ../shared/gold/seeds.jsonl
  ilo-extract evaluate out/ gold.jsonl --json > scores.json
"""
MAIN_EPILOG = """\
examples:
  ilo-extract run                                 # raw/ -> out/
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
        description="Read every PDF, HTML and text file under the inputs and write "
        "documents.csv, amounts.csv, dates.csv, countries.csv, programmes.csv, rejects.csv "
        "and text/<doc_id>.txt into the output folder.",
        epilog=RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "inputs", nargs="*", type=Path, default=[Path("raw")],
        help="folders or files to read (default: raw/)",
    )  # fmt: skip
    run.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    run.add_argument("-q", "--quiet", action="store_true", help="only errors and the summary")

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


def command_run(args: argparse.Namespace) -> int:
    from pipeline.run import run

    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.INFO,
        format="%(levelname)s %(message)s",
        stream=sys.stderr,
    )
    summary = run(args.inputs, args.out)
    print(summary.line())
    return EXIT_FAILED_DOCUMENTS if summary.failed else EXIT_OK


def command_evaluate(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate

    result = evaluate(args.out, args.gold)
    if args.json:
        print(json.dumps(result.to_json(), indent=2))
    else:
        print(result.table())
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"run": command_run, "evaluate": command_evaluate}
    try:
        return handlers[args.command](args)
    except UsageError as error:
        print(f"ilo-extract: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except PipelineError as error:
        print(f"ilo-extract: error: {error}", file=sys.stderr)
        return EXIT_USAGE
