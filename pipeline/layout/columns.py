"""Reading order: columns found from gaps in the x-histogram of segments, read in bands.

A page is cut into bands at segments that cross a gutter (titles, banners, full-width tables
and boxes); inside a band each column is read top to bottom, columns left to right. Columns
are searched again inside each column, so a sidebar with two columns of its own is read
right. A page with no gutter comes back as one region, untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from pipeline.layout.boxes import Segment

Gutter = tuple[float, float]

# A gutter may be crossed by a few segments (a title, a banner, a caption over both columns).
CROSSING_SHARE = 0.08
MIN_CROSSING = 2
# Titles and banners in large type are left out of the histogram: they often span columns.
LARGE_TYPE = 1.25
# Each side of a gutter holds at least this share of the segments, and at least MIN_SIDE.
SIDE_SHARE = 0.1
MIN_SIDE = 3
# Column text runs in lines of several words; a column of one-word cells is a table column.
MIN_SIDE_WORDS = 3
MAX_DEPTH = 3
# A blank strip across the page at least this many font sizes high separates two bands whose
# columns may differ (text above a full-width figure).
BAND_GAP_EM = 1.2


def coverage_gaps(segments: Sequence[Segment], limit: int) -> list[Gutter]:
    """Maximal x-intervals inside the segments' extent covered by at most ``limit`` of them."""
    events = sorted([(s.x0, 1) for s in segments] + [(s.x1, -1) for s in segments])
    gaps: list[Gutter] = []
    count = 0
    gap_start: float | None = None
    for index, (x, step) in enumerate(events):
        count += step
        at_end = index == len(events) - 1
        if count <= limit and gap_start is None and not at_end:
            gap_start = x
        elif count > limit and gap_start is not None:
            if x > gap_start:
                gaps.append((gap_start, x))
            gap_start = None
    return gaps


def find_gutters(segments: Sequence[Segment]) -> list[Gutter]:
    """Column gutters: wide, nearly uncovered x-intervals with column text on both sides."""
    text = [s for s in segments if not s.is_table]
    if len(text) < 2 * MIN_SIDE:
        return []
    size = median(s.size for s in text)
    text = [s for s in text if s.size <= LARGE_TYPE * size]
    limit = max(MIN_CROSSING, int(CROSSING_SHARE * len(text)))
    min_side = max(MIN_SIDE, int(SIDE_SHARE * len(text)))
    gutters: list[Gutter] = []
    for start, end in coverage_gaps(text, limit):
        if end - start < size:
            continue
        left = [s for s in text if s.x1 <= start + 0.5]
        right = [s for s in text if s.x0 >= end - 0.5]
        if len(left) < min_side or len(right) < min_side:
            continue
        if min(median(len(s.words) for s in side) for side in (left, right)) < MIN_SIDE_WORDS:
            continue
        gutters.append((start, end))
    return gutters


def crosses(segment: Segment, gutters: Sequence[Gutter]) -> bool:
    """A segment over the middle of a gutter spans columns; one that only runs into the
    gutter's edge (a long line of a column) does not."""
    return any(segment.x0 < (start + end) / 2 < segment.x1 for start, end in gutters)


def column_index(segment: Segment, gutters: Sequence[Gutter]) -> int:
    return sum(1 for start, end in gutters if segment.middle >= (start + end) / 2)


def respected_gutters(segments: Sequence[Segment], known: Sequence[Gutter]) -> list[Gutter]:
    """Those of the document's ``known`` gutters that this page leaves open.

    A page with little text (the end of a chapter, one line in the right column) cannot show
    its own columns; the grid of the other pages still holds for it when few of its segments
    cross the gutter and there is text on both sides.
    """
    text = [s for s in segments if not s.is_table]
    limit = max(MIN_CROSSING, int(CROSSING_SHARE * len(text)))
    chosen: list[Gutter] = []
    for gutter in known:
        if any(start < gutter[1] and gutter[0] < end for start, end in chosen):
            continue
        if sum(crosses(s, [gutter]) for s in text) > limit:
            continue
        middle = (gutter[0] + gutter[1]) / 2
        if any(s.x1 <= middle for s in text) and any(s.x0 >= middle for s in text):
            chosen.append(gutter)
    return sorted(chosen)


def reading_order(
    segments: Sequence[Segment], depth: int = 0, known: Sequence[Gutter] = ()
) -> list[list[Segment]]:
    """Regions in reading order; each region's segments sorted top to bottom.

    ``known`` are gutters found on the document's other pages, used when this page shows none.
    A page that shows no gutter as a whole is read band by band (``banded_order``).
    """
    ordered = sorted(segments, key=lambda s: (s.top, s.x0))
    gutters = find_gutters(ordered) if depth < MAX_DEPTH else []
    if not gutters and depth == 0 and known:
        gutters = respected_gutters(ordered, known)
    if depth == 0 and (not gutters or any(map(is_figure, horizontal_bands(ordered)))):
        banded = banded_order(ordered)
        if banded is not None:
            return banded
    if not gutters:
        return [ordered] if ordered else []
    return read_columns(ordered, gutters, depth)


def read_columns(
    ordered: Sequence[Segment], gutters: Sequence[Gutter], depth: int
) -> list[list[Segment]]:
    """Regions of ``ordered`` (sorted top to bottom) read in the columns ``gutters`` make."""
    regions: list[list[Segment]] = []
    band: list[Segment] = []

    def close_band() -> None:
        columns: list[list[Segment]] = [[] for _ in range(len(gutters) + 1)]
        for segment in band:
            columns[column_index(segment, gutters)].append(segment)
        for column in columns:
            regions.extend(reading_order(column, depth + 1))
        band.clear()

    wide_run = False  # consecutive full-width segments form one region (a title, a box)
    for segment in ordered:
        if crosses(segment, gutters):
            if wide_run and not band:
                regions[-1].append(segment)
            else:
                close_band()
                regions.append([segment])
            wide_run = True
        else:
            band.append(segment)
            wide_run = False
    close_band()
    return regions


def horizontal_bands(ordered: Sequence[Segment]) -> list[list[Segment]]:
    """``ordered`` (sorted top to bottom) cut where nothing on the page covers a strip at least
    BAND_GAP_EM font sizes high across its whole width."""
    if not ordered:
        return []
    gap = BAND_GAP_EM * median(s.size for s in ordered if not s.is_table or s.words)
    bands: list[list[Segment]] = [[ordered[0]]]
    bottom = ordered[0].bottom
    for segment in ordered[1:]:
        if segment.top - bottom >= gap:
            bands.append([])
        bands[-1].append(segment)
        bottom = max(bottom, segment.bottom)
    return bands


def is_figure(band: Sequence[Segment]) -> bool:
    """A band of short scattered labels (names, amounts on a map or a chart), not lines of text."""
    text = [s for s in band if not s.is_table]
    return len(text) >= MIN_SIDE and median(len(s.words) for s in text) < MIN_SIDE_WORDS


def banded_order(ordered: Sequence[Segment]) -> list[list[Segment]] | None:
    """Regions of a page whose columns show only band by band, or None when they do not.

    Two columns above (or below) a full-width figure whose labels fill the gutter hide the
    gutter from the page as a whole. The page is cut into horizontal bands at wide blank
    strips; each band finds its own gutters. A band of text too short to show them takes those
    of the band next to it when it leaves them open (one paragraph break at the same height
    in both columns cuts no column); figure bands (short scattered labels) never do and are
    read as their own region, top to bottom. Neighbouring bands with the same gutters are read
    as one, so a column runs on across such a cut.
    """
    bands = horizontal_bands(ordered)
    if len(bands) < 2:
        return None
    found: list[list[Gutter]] = [[] if is_figure(band) else find_gutters(band) for band in bands]
    if not any(found):
        return None
    for index, band in enumerate(bands):
        if found[index] or is_figure(band):
            continue
        for near in (index - 1, index + 1):
            if 0 <= near < len(bands) and found[near] and not is_figure(bands[near]):
                found[index] = respected_gutters(band, found[near])
                if found[index]:
                    break
    figures = [is_figure(band) for band in bands]
    regions: list[list[Segment]] = []
    group: list[Segment] = []
    for index, band in enumerate(bands):
        group.extend(band)
        last = index == len(bands) - 1
        if (
            last
            or figures[index] != figures[index + 1]
            or not same_gutters(found[index], found[index + 1])
        ):
            gutters = found[index]
            regions.extend(read_columns(group, gutters, 0) if gutters else [group])
            group = []
    return regions


def same_gutters(a: Sequence[Gutter], b: Sequence[Gutter]) -> bool:
    """Two bands share their columns (or both have none): as many gutters, each overlapping
    its partner."""
    return len(a) == len(b) and all(x[0] < y[1] and y[0] < x[1] for x, y in zip(a, b, strict=True))
