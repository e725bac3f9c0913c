"""The highlighted text of a document page: escaped text with one element per mention.

Mentions may overlap (a country inside a programme name). Spans that nest become nested
elements; when two spans cross, the one opened later is closed where the outer one ends and
continues in a second element that carries ``data-continues`` instead of
``data-mention-id``, so each mention is still exactly one element with its id. The whole
page is built here as one string, so the browser has nothing to do on load.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Highlight:
    """One span to mark: ``[start, end)`` of the text, its opening tag and, for a span that
    has to be split, the tag of its continuation."""

    start: int
    end: int
    open_tag: str
    continue_tag: str
    rank: int = 0  # among spans of the same extent, lower ranks are outer
    close_tag: str = "</span>"


def mention_highlight(
    mention_id: str, kind_class: str, start: int, end: int, rank: int
) -> Highlight:
    ident = escape(mention_id)
    return Highlight(
        start=start,
        end=end,
        open_tag=f'<span class="m {kind_class}" id="{ident}" data-mention-id="{ident}" '
        f'tabindex="0">',
        continue_tag=f'<span class="m {kind_class} cont" data-continues="{ident}">',
        rank=rank,
    )


def reject_highlight(number: int, start: int, end: int) -> Highlight:
    return Highlight(
        start=start,
        end=end,
        open_tag=f'<span class="rej" id="reject-{number}" data-reject="{number}" tabindex="0">',
        continue_tag=f'<span class="rej cont" data-continues="reject-{number}">',
        rank=1000,
    )


def dropped_highlight(line: int, start: int, end: int) -> Highlight:
    """A mention a reviewer dropped (line ``line`` of the corrections file)."""
    return Highlight(
        start=start,
        end=end,
        open_tag=f'<del class="dropped" id="correction-{line}" data-dropped="{line}" tabindex="0">',
        continue_tag=f'<del class="dropped cont" data-continues="correction-{line}">',
        close_tag="</del>",
        rank=2000,
    )


def page_marker(page: int) -> str:
    return f'<span class="page-break" data-page="{int(page)}" role="separator"></span>'


def highlight_text(
    text: str, spans: Iterable[Highlight], page_starts: Sequence[tuple[int, int]] = ()
) -> Markup:
    """``text`` escaped, with every span marked and a page marker at each ``(offset, page)``.

    Spans outside the text are clamped to it (they still get their element)."""
    size = len(text)
    ordered = sorted(
        (
            Highlight(min(max(s.start, 0), size), min(max(s.end, s.start, 0), size), s.open_tag,
                      s.continue_tag, s.rank, s.close_tag)
            for s in spans
        ),
        key=lambda s: (s.start, -s.end, s.rank),
    )  # fmt: skip
    markers: dict[int, list[int]] = {}
    for offset, page in page_starts:
        markers.setdefault(min(max(offset, 0), size), []).append(page)
    points = sorted({0, size, *markers, *(s.start for s in ordered), *(s.end for s in ordered)})
    parts: list[str] = []
    stack: list[Highlight] = []
    following = 0
    position = 0
    for point in points:
        parts.append(str(escape(text[position:point])))
        position = point
        ending = [i for i, span in enumerate(stack) if span.end <= point]
        if ending:
            closed = stack[ending[0] :]
            parts.extend(span.close_tag for span in reversed(closed))
            del stack[ending[0] :]
            for span in closed:
                if span.end > point:
                    parts.append(span.continue_tag)
                    stack.append(span)
        for page in markers.get(point, ()):
            parts.append(page_marker(page))
        while following < len(ordered) and ordered[following].start == point:
            span = ordered[following]
            following += 1
            parts.append(span.open_tag)
            if span.end == point:
                parts.append(span.close_tag)
            else:
                stack.append(span)
    parts.extend(span.close_tag for span in reversed(stack))
    return Markup("".join(parts))
