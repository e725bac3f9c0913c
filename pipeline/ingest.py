"""Stage 1: input paths -> SourceDocument (content-hash id, media type by content)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.errors import UsageError
from schemas import MediaType, SkippedFile, SourceDocument

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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sniff_media_type(path: Path, head: bytes) -> MediaType | str:
    """The media type of a file from its first bytes (and its suffix for text vs HTML).

    Returns a reason string for content that is not supported.
    """
    stripped = head.lstrip()
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
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


def iter_files(inputs: Iterable[Path]) -> Iterator[Path]:
    """Every file under the inputs, in a stable order; hidden files and folders are ignored."""
    for root in inputs:
        if not root.exists():
            raise UsageError(f"input not found: {root}")
        if root.is_file():
            yield root
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root).parts
            if path.is_file() and not any(part.startswith(".") for part in relative):
                yield path


def ingest(inputs: Iterable[Path]) -> tuple[list[SourceDocument], list[SkippedFile]]:
    """Identify every input file. Duplicate content (same doc_id) is read once."""
    documents: dict[str, SourceDocument] = {}
    skipped: list[SkippedFile] = []
    for path in iter_files(inputs):
        with path.open("rb") as handle:
            head = handle.read(2048)
        media = sniff_media_type(path, head)
        if not isinstance(media, MediaType):
            skipped.append(SkippedFile(source=str(path), reason=media))
            continue
        digest = sha256_of(path)
        doc_id = digest[:16]
        if doc_id in documents:
            skipped.append(
                SkippedFile(
                    source=str(path),
                    reason=f"same content as {documents[doc_id].source}",
                )
            )
            continue
        documents[doc_id] = SourceDocument(
            doc_id=doc_id,
            source=str(path),
            sha256=digest,
            media_type=media,
            size=path.stat().st_size,
        )
    return list(documents.values()), skipped
