"""Write the review report of an output folder: ``review/index.html`` and one page per
document (``review/<doc_id>.html``), static and self-contained.

Everything that comes from a document (text, titles, sources, field values) is escaped by
the templates (Jinja2, autoescape on) or by `pipeline.review.markup`; the pages also carry
a Content-Security-Policy that lets only their own inline script run, so even a mistake in
escaping could not run a document's script.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pipeline.export import file_mode
from pipeline.review.markup import (
    Highlight,
    dropped_highlight,
    highlight_text,
    mention_highlight,
    reject_highlight,
)
from pipeline.review.outputs import MentionTable, OutputFolder, Row, read_outputs, safe_name

REVIEW_DIR = "review"
# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency. Each
# kind also has its own underline style, so colour is never the only cue.
PALETTE = ("#E69F00", "#F0E442", "#009E73", "#CC79A7", "#0072B2", "#56B4E9", "#999999")
UNDERLINES = ("solid", "dashed", "dotted", "double", "solid", "dashed", "dotted")
REJECT_COLOUR = "#D55E00"


@dataclass(frozen=True)
class KindView:
    """A kind as the pages show it: name, CSS class, colour, underline, its table."""

    table: MentionTable
    colour: str
    underline: str

    @property
    def name(self) -> str:
        return self.table.kind

    @property
    def css(self) -> str:
        return self.table.css

    @property
    def slug(self) -> str:
        return safe_name(self.table.kind)


@dataclass(frozen=True)
class PlacedReject:
    number: int
    row: Row
    placed: bool


def environment() -> Environment:
    return Environment(
        loader=PackageLoader("pipeline.review", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def script_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()


def page_file(doc_id: str) -> str:
    return f"{safe_name(doc_id)}.html"


def as_int(value: str, default: int = -1) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def place_rejects(rows: list[Row], text: str) -> list[PlacedReject]:
    """Rejects in text order; ``placed`` when ``char_start`` locates their text."""
    placed = []
    for number, row in enumerate(rows, start=1):
        start = as_int(row.get("char_start", ""))
        candidate = row.get("text", "")
        ok = start >= 0 and bool(candidate) and text[start : start + len(candidate)] == candidate
        placed.append(PlacedReject(number=number, row=row, placed=ok))
    return placed


def page_starts(
    folder: OutputFolder, doc_id: str, kinds: Sequence[KindView]
) -> list[tuple[int, int]]:
    """Where pages 2.. start: from ``pages.csv``, else (an older output folder) before the
    first mention printed on each later page."""
    known = folder.pages.get(doc_id)
    if known:
        return [(offset, page) for offset, page in known if page > 1]
    first: dict[int, int] = {}
    for kind in kinds:
        for row in kind.table.rows.get(doc_id, []):
            page, start = as_int(row["page"], 1), as_int(row["char_start"], 0)
            if page > 1 and start < first.get(page, 1 << 62):
                first[page] = start
    return sorted((offset, page) for page, offset in first.items())


def document_spans(
    doc_id: str,
    kinds: Sequence[KindView],
    rejects: Sequence[PlacedReject],
    corrections: Sequence[Row] = (),
) -> list[Highlight]:
    """The spans to mark: every mention row, the placed rejects, and the mentions a
    reviewer's correction dropped (struck through, so the reviewer sees them in place)."""
    spans = []
    for rank, kind in enumerate(kinds):
        for row in kind.table.rows.get(doc_id, []):
            start, end = as_int(row["char_start"], 0), as_int(row["char_end"], 0)
            css = f"{kind.css} rv" if row.get("reviewed") else kind.css
            spans.append(mention_highlight(row["mention_id"], css, start, end, rank))
    for reject in rejects:
        if reject.placed:
            start = as_int(reject.row["char_start"])
            spans.append(reject_highlight(reject.number, start, start + len(reject.row["text"])))
    for row in corrections:
        if row.get("action") == "drop" and row.get("status") == "applied":
            start, end = as_int(row.get("char_start", "")), as_int(row.get("char_end", ""))
            spans.append(dropped_highlight(as_int(row.get("line", ""), 0), start, end))
    return spans


def counts(folder: OutputFolder, doc_id: str) -> dict[str, int]:
    return {table.kind: len(table.rows.get(doc_id, [])) for table in folder.kinds}


def correction_counts(rows: list[Row]) -> tuple[int, int]:
    applied = sum(1 for row in rows if row.get("status") == "applied")
    return applied, len(rows) - applied


def ordered_documents(documents: list[Row]) -> list[Row]:
    """Failed documents first, then by source."""
    return sorted(documents, key=lambda d: (d.get("status") != "failed", d.get("source", "")))


def _atomic_write(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, file_mode())  # as the umask allows: not mkstemp's owner-only mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_review(out_dir: Path) -> Path:
    """Write the report of ``out_dir`` into ``out_dir/review/``; returns the index path.
    Pages of documents no longer in the output are removed."""
    folder = read_outputs(out_dir)
    env = environment()
    loader = env.loader
    assert loader is not None
    style = Markup(loader.get_source(env, "review.css")[0])
    script_text = loader.get_source(env, "review.js")[0]
    common = {
        "style": style,
        "script": Markup(script_text),
        "script_hash": script_hash(script_text),
        "reject_colour": REJECT_COLOUR,
    }
    kinds = [
        KindView(table, PALETTE[i % len(PALETTE)], UNDERLINES[i % len(UNDERLINES)])
        for i, table in enumerate(folder.kinds)
    ]
    target = out_dir / REVIEW_DIR
    target.mkdir(parents=True, exist_ok=True)
    documents = ordered_documents(folder.documents)
    keep = {"index.html"}
    page = env.get_template("document.html")
    for document in documents:
        doc_id = document.get("doc_id", "")
        name = page_file(doc_id)
        keep.add(name)
        text = folder.text(doc_id)
        rejects = place_rejects(folder.rejects.get(doc_id, []), text or "")
        body = (
            highlight_text(
                text,
                document_spans(doc_id, kinds, rejects, folder.corrections.get(doc_id, [])),
                page_starts(folder, doc_id, kinds),
            )
            if text is not None
            else None
        )
        html = page.render(
            **common,
            document=document,
            kinds=kinds,
            counts=counts(folder, doc_id),
            body=body,
            rejects=rejects,
            funding_columns=folder.funding_columns,
            funding=folder.funding.get(doc_id, []),
            corrections_columns=folder.corrections_columns,
            corrections=folder.corrections.get(doc_id, []),
        )
        _atomic_write(target / name, html)
    orphan_corrections = [
        row
        for doc_id, rows in folder.corrections.items()
        if doc_id not in {d.get("doc_id") for d in documents}
        for row in rows
    ]
    index = env.get_template("index.html").render(
        **common,
        folder=out_dir.name or str(out_dir),
        documents=documents,
        kinds=kinds,
        counts={d.get("doc_id", ""): counts(folder, d.get("doc_id", "")) for d in documents},
        rejects={d: len(rows) for d, rows in folder.rejects.items()},
        has_funding=bool(folder.funding_columns),
        funding={d: len(rows) for d, rows in folder.funding.items()},
        corrections={d: correction_counts(rows) for d, rows in folder.corrections.items()},
        has_corrections=bool(folder.corrections_columns),
        corrections_columns=folder.corrections_columns,
        orphan_corrections=orphan_corrections,
        page_file=page_file,
    )
    _atomic_write(target / "index.html", index)
    for stale in target.glob("*.html"):
        if stale.name not in keep:
            stale.unlink()
    return target / "index.html"
