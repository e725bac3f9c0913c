"""Before/after comparison of every output file, for changes that must not change behaviour.

Runs the pipeline of a source tree (a folder, or a git revision exported to a temporary
folder) on every corpus below, with ``--force --workers 1``, and compares each CSV and each
``text/*.txt`` byte for byte with another run. The only difference allowed is a
``pattern_id`` column present on one side only (an extension column added by the reshape).

    python bench/compare_outputs.py save main /tmp/baseline      # run revision main, keep it
    python bench/compare_outputs.py check /tmp/baseline           # run this tree, compare
    python bench/compare_outputs.py revs main HEAD                # both revisions, compare
    python bench/compare_outputs.py diff OUT_A OUT_B              # two saved output folders

The exit code is 0 when every file is the same, 1 when one differs. Only file names and
line numbers of differences are printed (``--show`` prints the lines), so a run over a blind
gold set does not show its documents.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpus"
CORPORA = {
    "seeds": SHARED / "seeds",
    "dev": SHARED / "dev",
    "pdf": SHARED / "pdf",
    "tests_corpus": REPO / "tests" / "corpus",
    "tests_corpus_blind": REPO / "tests" / "corpus_blind",
    "raw": REPO / "raw",
}
IGNORED_COLUMN = "pattern_id"


def export_revision(revision: str, into: Path) -> Path:
    """The files of ``revision`` (committed state) in a fresh folder ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", revision],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def run_tree(tree: Path, out: Path) -> None:
    """Run the pipeline of ``tree`` (put first on PYTHONPATH) on every corpus into
    ``out/<corpus>``. The corpora are always those beside this repository, so both sides
    read the same input files under the same paths."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    for name, folder in CORPORA.items():
        if not folder.is_dir():
            print(f"skipped {name}: {folder} is missing", file=sys.stderr)
            continue
        command = [sys.executable, "-m", "pipeline", "run", str(folder), "--out", str(out / name)]
        command += ["--force", "--workers", "1"]
        done = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True)
        # Exit code 1 (some documents failed) is a normal outcome: failed rows are output too.
        if done.returncode not in (0, 1) or not (out / name / "documents.csv").is_file():
            raise SystemExit(f"{name}: exit code {done.returncode}\n{done.stderr}")
        summary = ((done.stdout or done.stderr).strip().splitlines() or [""])[-1]
        print(f"ran {name}: {summary}", file=sys.stderr)


def output_files(out: Path) -> set[str]:
    """Output files below ``out`` (relative paths), without the state store."""
    return {
        str(path.relative_to(out))
        for path in out.rglob("*")
        if path.is_file() and ".ilo-extract" not in path.parts
    }


def csv_lines(data: bytes) -> list[str]:
    """The CSV as lines, re-written without the ignored column (if it has one)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    if not rows or IGNORED_COLUMN not in rows[0]:
        return data.decode("utf-8").splitlines(keepends=True)
    drop = rows[0].index(IGNORED_COLUMN)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow(row[:drop] + row[drop + 1 :])
    return buffer.getvalue().splitlines(keepends=True)


def differences(a: Path, b: Path, show: bool = False) -> Iterator[str]:
    """One message per difference between two output folders (empty: identical)."""
    names_a, names_b = output_files(a), output_files(b)
    for name in sorted(names_a ^ names_b):
        yield f"{name}: only in {a if name in names_a else b}"
    for name in sorted(names_a & names_b):
        data_a, data_b = (a / name).read_bytes(), (b / name).read_bytes()
        if data_a == data_b:
            continue
        if not name.endswith(".csv"):
            yield f"{name}: bytes differ"
            continue
        lines_a, lines_b = csv_lines(data_a), csv_lines(data_b)
        if lines_a == lines_b:
            continue  # the same once the pattern_id column is set aside
        changed = [
            n
            for n in range(max(len(lines_a), len(lines_b)))
            if n >= len(lines_a) or n >= len(lines_b) or lines_a[n] != lines_b[n]
        ]
        where = ", ".join(str(n + 1) for n in changed[:10])
        yield f"{name}: {len(lines_a)} vs {len(lines_b)} lines, differing lines {where}"
        if show:
            for n in changed[:10]:
                for side, lines in (("-", lines_a), ("+", lines_b)):
                    yield f"  {side} {lines[n].rstrip() if n < len(lines) else '(none)'}"


def report(a: Path, b: Path, show: bool) -> int:
    found = list(differences(a, b, show))
    for line in found:
        print(line)
    files = len(output_files(a) | output_files(b))
    print(f"{'identical' if not found else 'DIFFERENT'}: {files} files compared, {a} vs {b}")
    return 1 if found else 0


def tree_of(revision: str, scratch: Path) -> Path:
    """The working tree itself for ``.``, else an exported copy of the revision."""
    if revision == ".":
        return REPO
    return export_revision(revision, scratch / f"tree-{revision.replace('/', '_')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    save = sub.add_parser("save", help="run a revision ('.': this working tree) into OUT")
    save.add_argument("revision")
    save.add_argument("out", type=Path)
    check = sub.add_parser("check", help="run this working tree and compare with BASELINE")
    check.add_argument("baseline", type=Path)
    revs = sub.add_parser("revs", help="run two revisions and compare them")
    revs.add_argument("base")
    revs.add_argument("head")
    diff = sub.add_parser("diff", help="compare two output folders")
    diff.add_argument("a", type=Path)
    diff.add_argument("b", type=Path)
    for command in (check, revs, diff):
        command.add_argument("--show", action="store_true", help="print the differing lines")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ilo-compare-") as scratch_name:
        scratch = Path(scratch_name)
        if args.command == "save":
            run_tree(tree_of(args.revision, scratch), args.out)
            return 0
        if args.command == "check":
            run_tree(REPO, scratch / "head")
            return report(args.baseline, scratch / "head", args.show)
        if args.command == "revs":
            run_tree(tree_of(args.base, scratch), scratch / "base")
            run_tree(tree_of(args.head, scratch), scratch / "head")
            return report(scratch / "base", scratch / "head", args.show)
        return report(args.a, args.b, args.show)


if __name__ == "__main__":
    sys.exit(main())
