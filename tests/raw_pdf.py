"""PDFs written byte by byte, for structures reportlab will not make (reference loops,
odd object graphs). Objects are numbered from 1 in the order given; the cross-reference
table and trailer are computed, so the file is well formed except for what a test puts in.
"""

from __future__ import annotations

from collections.abc import Sequence


def raw_pdf(objects: Sequence[bytes], root: int = 1) -> bytes:
    """A PDF whose object ``n`` is ``objects[n - 1]`` (the body between ``obj``/``endobj``),
    with a correct xref table and ``root`` as the catalog."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def reference_loop_pdf() -> bytes:
    """One page whose ``/Contents`` is ``6 0 R``; object 6 is ``7 0 R`` and object 7 is
    ``6 0 R``, so resolving the content stream never ends."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Producer (ilo-extract tests) >>",
            b"7 0 R",
            b"6 0 R",
        ]
    )
