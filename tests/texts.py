"""Building a DocumentText from a test sentence, shared by the per-kind test modules."""

from __future__ import annotations

import datetime as dt

from schemas import DocumentText, MediaType, PageSpan, SourceDocument

TEST_DOC_ID = "0123456789abcdef"


def text_document(
    text: str,
    *,
    source: str = "test.txt",
    title: str = "",
    published: dt.date | None = None,
) -> DocumentText:
    """A one-page plain-text document holding ``text``."""
    return DocumentText(
        doc=SourceDocument(
            doc_id=TEST_DOC_ID,
            source=source,
            sha256=TEST_DOC_ID + "0" * 48,
            media_type=MediaType.TEXT,
            size=len(text.encode("utf-8")),
        ),
        text=text,
        pages=(PageSpan(page=1, start=0, end=len(text)),),
        title=title,
        published=published,
    )
