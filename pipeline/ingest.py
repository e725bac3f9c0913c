"""Stage 1: input paths -> SourceDocument (content-hash id, media type by content)."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import UsageError
from schemas import MediaType, SkippedFile, SourceDocument, printable_path

# Markdown is left out on purpose: in an inbox folder a README.md documents the folder.
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
# Content we recognise but do not read: reported as skipped, never guessed at.
BINARY_MAGIC = {
    b"PK\x03\x04": "zip container (docx/xlsx/pptx?)",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"II*\x00": "TIFF image",
    b"MM\x00*": "TIFF image",
    b"\xd0\xcf\x11\xe0": "legacy Office document",
}
# A folder holding this is the output folder of a run: never read as input.
OUTPUT_MARKER = ".ilo-extract"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# The page count a PDF states in its page tree (`/Count N`); the largest one is the root's.
PAGE_COUNT = re.compile(rb"/Count\s+(\d{1,7})")
# Bytes of a document that take about as long to process as one PDF page, for documents
# whose pages cannot be counted (compressed object streams hide `/Count`, text has none).
BYTES_PER_PAGE = {MediaType.PDF: 100_000, MediaType.HTML: 12_000, MediaType.TEXT: 4_000}


def work_estimate(source: SourceDocument) -> int:
    """About how many PDF pages' worth of work ``source`` is, to hand the longest documents
    out first: a big one started last leaves the other workers idle at the end. File size
    alone misleads: a scanned brochure is megabytes of images and a few pages of text."""
    fallback = source.size // BYTES_PER_PAGE[source.media_type] + 1
    if source.media_type is not MediaType.PDF:
        return fallback
    try:
        counts = PAGE_COUNT.findall(Path(source.source).read_bytes())
    except OSError:
        return fallback
    return max((int(count) for count in counts), default=fallback)


def sniff_media_type(path: Path, head: bytes) -> MediaType | str:
    """The media type of a file from its first bytes (and its suffix for text vs HTML).

    Returns a reason string for content that is not supported.
    """
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    # The header opens the file (after a BOM or blank space at most): a text that merely
    # quotes "%PDF-" in its first lines is not a PDF.
    if stripped.startswith(b"%PDF-"):
        return MediaType.PDF
    for magic, what in BINARY_MAGIC.items():
        if head.startswith(magic):
            return f"unsupported file type: {what}"
    suffix = path.suffix.lower()
    lowered = stripped[:512].lower()
    if suffix in HTML_SUFFIXES or lowered.startswith((b"<!doctype html", b"<html")):
        return MediaType.HTML
    if suffix in PDF_SUFFIXES:
        # Named .pdf but no PDF header: still read as PDF so it fails with a reason.
        return MediaType.PDF
    if suffix in TEXT_SUFFIXES or (suffix == "" and b"\x00" not in head):
        return MediaType.TEXT
    return f"unsupported file type: {suffix or 'no suffix'}"


@dataclass
class Scan:
    """What is under the inputs: documents, files skipped with a reason, and the folders
    that could not be listed (whose documents are unknown this run)."""

    documents: list[SourceDocument] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    unreadable_folders: list[tuple[str, str]] = field(default_factory=list)  # (folder, why)


def is_output_folder(folder: Path, out_dir: Path | None) -> bool:
    """The output folder of this run, or of any run (it holds the state store)."""
    if os.path.isdir(folder / OUTPUT_MARKER):  # False, not an error, in an unreadable folder
        return True
    return out_dir is not None and out_dir.exists() and os.path.samefile(folder, out_dir)


def walk(root: Path, out_dir: Path | None, scan: Scan) -> Iterator[Path]:
    """Every regular file under ``root`` in a stable order. Hidden files and folders and
    output folders are left out; other files that are not regular files (a FIFO, a broken
    link) are skipped with a reason; a folder that cannot be listed is noted in ``scan``."""

    def unreadable(error: OSError) -> None:
        folder = printable_path(str(error.filename or root))
        scan.unreadable_folders.append((folder, error.strerror or str(error)))

    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        here = Path(folder)
        kept = []
        for name in sorted(subfolders):
            path = here / name
            if name.startswith("."):
                continue
            if path.is_symlink():
                scan.skipped.append(skip(path, "link to a folder: not followed"))
            elif is_output_folder(path, out_dir):
                scan.skipped.append(skip(path, "an output folder of ilo-extract: not read"))
            else:
                kept.append(name)
        subfolders[:] = kept
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = here / name
            reason = not_a_regular_file(path)
            if reason:
                scan.skipped.append(skip(path, reason))
            else:
                yield path


def not_a_regular_file(path: Path) -> str:
    """Why ``path`` is not read as a document ('' for a regular file or a link to one)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "broken symbolic link" if path.is_symlink() else "vanished while reading"
    except OSError as error:
        return f"cannot read the file: {error.strerror or error}"
    if stat.S_ISREG(mode):
        return ""
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a device"}
    kind = next((what for test, what in kinds.items() if test(mode)), "a special file")
    return f"not a regular file ({kind})"


def skip(path: Path, reason: str) -> SkippedFile:
    return SkippedFile(source=str(path), reason=reason)


def iter_files(
    inputs: Iterable[Path], out_dir: Path | None = None, scan: Scan | None = None
) -> Iterator[Path]:
    """Every file under the inputs, in a stable order (see `walk`)."""
    scan = Scan() if scan is None else scan
    for root in inputs:
        if not root.exists():
            raise UsageError(f"input not found: {printable_path(str(root))}")
        if root.is_dir():
            if out_dir is not None and out_dir.exists() and os.path.samefile(root, out_dir):
                raise UsageError(f"the output folder is also an input: {root}")
            yield from walk(root, out_dir, scan)
            continue
        reason = not_a_regular_file(root)
        if reason:
            scan.skipped.append(skip(root, reason))
        else:
            yield root


def unreadable_document(path: Path) -> SourceDocument:
    """A file that cannot be opened: it has no content hash, so its doc_id is the hash of
    its path and its sha256 is empty; reading it again fails with the reason (a failed row)."""
    suffix = path.suffix.lower()
    media = (
        MediaType.PDF
        if suffix in PDF_SUFFIXES
        else MediaType.HTML
        if suffix in HTML_SUFFIXES
        else MediaType.TEXT
    )
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return SourceDocument(
        doc_id=hashlib.sha256(b"unreadable\0" + os.fsencode(path)).hexdigest()[:16],
        source=str(path),
        sha256="",
        media_type=media,
        size=size,
    )


def scan_inputs(inputs: Iterable[Path], out_dir: Path | None = None) -> Scan:
    """Identify every input file. Duplicate content (same doc_id) is read once. Output
    folders (``out_dir`` and any folder holding a state store) are never read."""
    scan = Scan()
    documents: dict[str, SourceDocument] = {}
    for path in iter_files(inputs, out_dir, scan):
        try:
            with path.open("rb") as handle:
                head = handle.read(2048)
            media = sniff_media_type(path, head)
            if not isinstance(media, MediaType):
                scan.skipped.append(skip(path, media))
                continue
            digest = sha256_of(path)
            size = path.stat().st_size
        except OSError:
            unreadable = unreadable_document(path)
            documents.setdefault(unreadable.doc_id, unreadable)
            continue
        doc_id = digest[:16]
        if doc_id in documents:
            first = printable_path(documents[doc_id].source)
            scan.skipped.append(skip(path, f"same content as {first}"))
            continue
        documents[doc_id] = SourceDocument(
            doc_id=doc_id, source=str(path), sha256=digest, media_type=media, size=size
        )
    scan.documents = list(documents.values())
    return scan


def ingest(
    inputs: Iterable[Path], out_dir: Path | None = None
) -> tuple[list[SourceDocument], list[SkippedFile]]:
    """The documents and skipped files under the inputs (`scan_inputs`)."""
    scan = scan_inputs(inputs, out_dir)
    return scan.documents, scan.skipped
