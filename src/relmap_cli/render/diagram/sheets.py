"""The picture on paper: which slices of the drawing go on which printed page. Pure arithmetic, no I/O.

A printed page is landscape A4 or A3 (or Letter) with 8 mm margins; every
A size has the same shape, so one set of slices serves them all. A page
ends only between two rows of boxes (never through a box or a heading),
preferably between two bands of functions or above our team. Each slice
is printed as wide as the page allows, shrunk only as much as its height
needs: the fewest pages at which no slice is shrunk below `MIN_SCALE` of
the page width (or, for a narrow picture, below `FLOOR` on A4), then the
cuts that keep the slices most alike, so the type is as large as those
pages allow.
"""

from typing import TYPE_CHECKING

from ...tuples import NamedTuple

if TYPE_CHECKING:
    from .svg import Drawing

MARGIN_MM = 8.0  # the print stylesheet's page margin
PAPERS_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0), "Letter": (279.4, 215.9)}  # landscape: width, height
# the shape of the printable area of landscape A4 (the squatter of A4 and A3), with a little room for rounding
PAGE_SHAPE = 0.98 * (PAPERS_MM["A4"][1] - 2 * MARGIN_MM) / (PAPERS_MM["A4"][0] - 2 * MARGIN_MM)
MIN_SCALE = 0.8  # a slice is never shrunk below this share of the page width while another page would do ...
FLOOR = 2 / 3  # ... unless it still prints at this scale on A4 (12 px names at 6 pt): a narrow picture
A4_HEIGHT_PX = 0.98 * (PAPERS_MM["A4"][1] - 2 * MARGIN_MM) / 25.4 * 96  # the printable height, in CSS pixels
PREFER = 0.7  # a cut between two bands is taken when the page is at least this full


class Sheet(NamedTuple):
    """One printed page: the drawing from `y` to `y + h`, printed at `share` of the page's width."""

    y: float
    h: float
    share: float  # 1.0: the full width of the page; less when the slice is too tall for it


def _share(width: float, h: float) -> float:
    return min(1.0, PAGE_SHAPE * width / h) if h > 0 else 1.0


def _greedy(ends: list[tuple[float, bool]], limit: float, prefer: bool) -> list[float]:
    """Page ends, filling each page up to `limit` pixels of drawing (further only when one gap is taller)."""
    out: list[float] = []
    start = 0.0
    index = 0
    while index < len(ends):
        last = index  # always take at least one more cut
        while last + 1 < len(ends) and ends[last + 1][0] - start <= limit:
            last += 1
        chosen = last
        if prefer and last + 1 < len(ends):  # not the final page: end it between two bands if it is full enough
            for candidate in range(last, index - 1, -1):
                y, between_bands = ends[candidate]
                if y - start < PREFER * limit:
                    break
                if between_bands:
                    chosen = candidate
                    break
        start = ends[chosen][0]
        out.append(start)
        index = chosen + 1
    return out


def paginate(width: float, height: float, cuts: list[tuple[float, bool]]) -> tuple[Sheet, ...]:
    """The printed pages of a drawing `width` x `height` px that may be cut at `cuts` (y, between bands)."""
    ends = sorted({(round(y, 2), flag) for y, flag in cuts if 0 < y < height - 1e-6})
    ends.append((height, True))
    limit = max(PAGE_SHAPE * width / MIN_SCALE, A4_HEIGHT_PX / FLOOR)
    pages = len(_greedy(ends, limit, prefer=False))
    low, high = 0.0, max(limit, max(y - x for (x, _), (y, _) in zip([(0.0, True), *ends], ends, strict=False)))
    for _ in range(40):  # the smallest page height that still needs no more pages
        middle = (low + high) / 2
        if len(_greedy(ends, middle, prefer=False)) <= pages:
            high = middle
        else:
            low = middle
    chosen = _greedy(ends, high, prefer=True)
    if len(chosen) > pages:
        chosen = _greedy(ends, high, prefer=False)
    sheets = []
    start = 0.0
    for end in chosen:
        sheets.append(Sheet(round(start, 2), round(end - start, 2), round(_share(width, end - start), 4)))
        start = end
    return tuple(sheets)


def printed_scale(width: float, sheet: Sheet, paper: str) -> float:
    """CSS pixels on paper per pixel of drawing, for `sheet` printed on landscape `paper`."""
    page_w, page_h = (size - 2 * MARGIN_MM for size in PAPERS_MM[paper])
    mm = min(sheet.share * page_w / width, page_h / sheet.h)
    return mm / (25.4 / 96)


def sheet_svgs(drawing: "Drawing", drawing_id: str) -> list[str]:
    """One `<svg class="sheet">` per printed page, each showing its slice of the drawing `drawing_id` by `<use>`."""
    return [
        f'<svg class="sheet" xmlns="http://www.w3.org/2000/svg" width="{sheet.share * 100:.2f}%" '
        f'viewBox="0 {sheet.y:g} {drawing.width:g} {sheet.h:g}"><use href="#{drawing_id}"/></svg>\n'
        for sheet in paginate(drawing.width, drawing.height, list(drawing.cuts))
    ]
