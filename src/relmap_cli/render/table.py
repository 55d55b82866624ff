"""One table model for every human-readable report, laid out once for any width.

The width policy lives here, so every command's table gets it: a table never
drops a column or a value. When the columns do not fit, the flexible
(prose) columns wrap first, then the others wrap at spaces; when even that
cannot fit, each row becomes a block of `label: value` lines (one record per
block, as `git log --stat` prints). Every column is capped and wrapped, so
the output grows linearly with the input whatever a name's length.

The same lines are written two ways: plain text, row by row and without
importing rich, when not on a colour terminal; through rich, with the
styles, on one. Cell text must already be made inert (see `safe`); styles
are rich style names.
"""

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TextIO

from ..tuples import NamedTuple
from .cells import cell_width, wrap
from .console import output_width, wants_color
from .fit import GAP, fit_columns, narrowest_width, natural_width

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "Cell",
    "Column",
    "Report",
    "fit_columns",
    "format_plain",
    "narrowest_width",
    "natural_width",
    "print_report",
]

Style = tuple[str, ...]
Segment = tuple[str, Style]
Line = list[Segment]


class Column(NamedTuple):
    """A column: its header, alignment, and whether it takes the spare width and wraps first.

    `gap` is the space before the column (none before the first); a grid of
    one-letter cells uses 1. `min_width` keeps a column from wrapping below
    that width (a grid of letters, a name).
    """

    header: str
    justify: str = "left"  # left | right | center
    flexible: bool = False
    style: str | None = None
    gap: int = GAP
    min_width: int = 0  # never narrower than this (or its widest value, if less)


class Cell(NamedTuple):
    """Cell text (lines separated by newlines) and an optional style per line.

    `spans` style parts of a one-line cell, as (start, end, style) character
    ranges in order (a row of a grid: one cell, each letter its colour);
    they apply while the cell is shown on one line.
    """

    text: str
    style: str | None = None
    line_styles: tuple[str | None, ...] = ()
    spans: tuple[tuple[int, int, str], ...] = ()


class Report:
    """A title, one table, and lines printed after it."""

    __slots__ = ("after", "columns", "empty", "rows", "title")

    def __init__(
        self,
        title: str,
        columns: list[Column],
        rows: list[list[Cell]] | None = None,
        after: list[tuple[str, str | None]] | None = None,  # (text, style)
        empty: str = "Nothing to show.",  # printed instead of an empty table ("" prints nothing)
    ) -> None:
        self.title = title
        self.columns = columns
        self.rows: list[list[Cell]] = rows if rows is not None else []
        self.after: list[tuple[str, str | None]] = after if after is not None else []
        self.empty = empty


def print_report(out: TextIO, report: Report) -> None:
    """Print the report at the output's width: styled on a colour terminal, plain elsewhere."""
    width = output_width(out)
    if wants_color(out):
        _print_styled(out, layout(report, width))
    else:
        out.writelines(plain(line) + "\n" for line in layout(report, width, styled=False))


def format_plain(report: Report, width: int) -> str:
    """The report as plain text, no line wider than `width` columns."""
    return "".join(plain(line) + "\n" for line in layout(report, width, styled=False))


def plain(line: Line) -> str:
    """A laid-out line as text, without trailing spaces."""
    return "".join(text for text, _ in line).rstrip(" ")


def layout(report: Report, width: int, styled: bool = True) -> Iterator[Line]:
    """The report's lines, none wider than `width` (generated row by row).

    Without `styled`, a table's rows come as plain text (the same text,
    faster: no styles are built).
    """
    yield from _paragraph(report.title, width, ("bold",))
    if report.rows:
        widths, gaps = fit_columns(report, width)
        if widths:
            yield from _table(report, widths, gaps, styled)
        else:
            yield []
            yield from _blocks(report, width)
    elif report.empty:
        yield from _paragraph(report.empty, width, ())
    for text, style in report.after:
        yield from _paragraph(text, width, (style,) if style else ())


def _paragraph(text: str, width: int, style: Style) -> Iterator[Line]:
    """Text wrapped to `width` (see `_wrapped`), in one style."""
    for line, _ in _wrapped(text, width):
        yield [(line, style)]


def _wrapped(text: str, width: int) -> list[tuple[str, int]]:
    """Text wrapped to `width`: (line, number of the text line it comes from).

    A line that starts with spaces keeps that indentation on the lines it
    wraps onto, so an indented name or list item stays visibly one item.
    """
    if "\n" not in text and cell_width(text) <= width:  # most cells: one line that fits
        return [(text.rstrip(" "), 0)]
    found = []
    for number, part in enumerate(text.split("\n")):
        pad = " " * min(len(part) - len(part.lstrip(" ")), width // 2)
        for index, line in enumerate(wrap(part, width, width - len(pad))):
            found.append(((pad if index else "") + line, number))
    return found


def _styles(column: Column, cell: Cell, number: int) -> Style:
    line_style = cell.line_styles[number] if number < len(cell.line_styles) else None
    return tuple(style for style in (column.style, cell.style, line_style) if style)


def _table(report: Report, widths: list[int], gaps: list[int], styled: bool) -> Iterator[Line]:
    columns = report.columns
    yield from _row(columns, [Cell(column.header, "bold") for column in columns], widths, gaps, header=True)
    yield [("─" * (sum(widths) + sum(gaps)), ())]
    if not styled:
        for text in _plain_rows(report, widths, gaps):
            yield [(text, ())]
        return
    for row in report.rows:
        yield from _row(columns, row, widths, gaps)


def _row(
    columns: list[Column], row: list[Cell], widths: list[int], gaps: list[int], header: bool = False
) -> Iterator[Line]:
    """One row as lines: each cell wrapped to its column, padded and aligned.

    Unstyled text runs are merged into one segment; a background colour
    fills its whole cell. (This is the hot loop of a 5,000-row table.)
    """
    split = []
    for i, cell in enumerate(row):
        text = cell.text
        if "\n" not in text and (len(text) if text.isascii() else cell_width(text)) <= widths[i]:
            split.append([(text.rstrip(" "), 0)])  # most cells: one line that fits (as `_wrapped` gives it)
        else:
            split.append(_wrapped(text, widths[i]))
    for number in range(max(map(len, split))):
        line: Line = []
        pending = ""  # unstyled text not yet in `line`
        for i, parts in enumerate(split):
            pending += " " * gaps[i]
            if number >= len(parts):
                pending += " " * widths[i]
                continue
            text, source = parts[number]
            cell = row[i]
            if header:
                style: Style = (cell.style,) if cell.style else ()
            elif columns[i].style is None and not cell.line_styles:
                style = (cell.style,) if cell.style else ()
            else:
                style = _styles(columns[i], cell, source)
            pad = widths[i] - cell_width(text)
            justify = columns[i].justify
            left = pad if justify == "right" else pad // 2 if justify == "center" else 0
            if cell.spans and text == cell.text:
                line += [(pending + " " * left, ()), *_spanned(text, cell.spans, style)]
                pending = " " * (pad - left)
            elif not style:
                pending += " " * left + text + " " * (pad - left)
            elif any(" on " in name for name in style):
                line += [(pending, ()), (" " * left + text + " " * (pad - left), style)]
                pending = ""
            else:
                line += [(pending + " " * left, ()), (text, style)]
                pending = " " * (pad - left)
        if pending:
            line.append((pending, ()))
        yield line


def _spanned(text: str, spans: tuple[tuple[int, int, str], ...], style: Style) -> Line:
    """`text` cut at its spans, each part with the cell's style and its span's."""
    parts: Line = []
    at = 0
    for start, end, name in spans:
        if start > at:
            parts.append((text[at:start], style))
        parts.append((text[start:end], (*style, name)))
        at = end
    if at < len(text):
        parts.append((text[at:], style))
    return parts


def _plain_rows(report: Report, widths: list[int], gaps: list[int]) -> Iterator[str]:
    """The rows as plain text: the same layout as `_row`, without styles, one string per line."""
    justify = [column.justify for column in report.columns]
    for row in report.rows:
        line = []
        for i, cell in enumerate(row):  # most rows: every cell one line that fits
            text = cell.text
            size = cell_width(text)
            if size > widths[i] or "\n" in text:
                break
            pad = widths[i] - size
            left = pad if justify[i] == "right" else pad // 2 if justify[i] == "center" else 0
            line.append(" " * (gaps[i] + left) + text + " " * (pad - left))
        else:
            yield "".join(line).rstrip(" ")
            continue
        split = [_wrapped(cell.text, widths[i]) for i, cell in enumerate(row)]
        for number in range(max(map(len, split))):
            line = []
            for i, parts in enumerate(split):
                if number >= len(parts):
                    line.append(" " * (gaps[i] + widths[i]))
                    continue
                text = parts[number][0]
                pad = widths[i] - cell_width(text)
                left = pad if justify[i] == "right" else pad // 2 if justify[i] == "center" else 0
                line.append(" " * (gaps[i] + left) + text + " " * (pad - left))
            yield "".join(line).rstrip(" ")


def _blocks(report: Report, width: int) -> Iterator[Line]:
    """The rows stacked, a blank line before each block that follows one with fields."""
    spaced = False
    for row in report.rows:
        lines = list(_block(report.columns, row, width))
        if spaced:
            yield []
        yield from lines
        spaced = len(lines) > len(_wrapped(row[0].text, width))
    if report.after:
        yield []


def _block(columns: list[Column], row: list[Cell], width: int) -> Iterator[Line]:
    """One row as a block: its first cell, then `label: value` lines in column order.

    Short values share lines (`stance: neutral   bucket: hinders`); prose
    and multi-line values get lines of their own, indented under the label.
    A value that is its column's name (a `pivot` flag) is shown alone. The
    fields are indented two more than the first cell.
    """
    first = row[0]
    indent = min(len(first.text) - len(first.text.lstrip(" ")), width // 4) + 2
    for text, number in _wrapped(first.text, width):
        yield [(text, ("bold", *_styles(columns[0], first, number)))]
    room = width - indent
    packed: list[Line] = []
    for column, cell in zip(columns[1:], row[1:], strict=True):
        if not cell.text.strip():
            continue
        label = column.header.replace("/\n", "/").replace("\n", " ")  # `open/\nlate` is `open/late`
        joined = _joined(column, cell)
        if joined is not None and cell_width(label) + sum(cell_width(text) for text, _ in joined) + 2 <= room:
            packed.append([(label + ": ", ("dim",)), *joined])  # `stance: neutral, influence 5`
        elif column.flexible or "\n" in cell.text or cell_width(label) + cell_width(cell.text) + 2 > room:
            yield from _pack(packed, indent, room)
            packed = []
            yield from _long_field(label, column, cell, indent, room)
        else:
            head = [] if cell.text == label else [(label + ": ", ("dim",))]
            packed.append([*head, (cell.text, _styles(column, cell, 0))])
    yield from _pack(packed, indent, room)


def _joined(column: Column, cell: Cell) -> Line | None:
    """A short multi-line value of a fixed column on one line, its lines joined by commas; else None.

    In a table the lines of such a cell (a name over its contact's age) sit
    under each other; stacked, one line reads better than a card as tall
    as the number of lines.
    """
    if column.flexible or "\n" not in cell.text:
        return None
    parts = cell.text.split("\n")
    joined: Line = []
    for number, text in enumerate(parts):
        if number:  # a line that carries on its predecessor (`→ cotton-reel`, `(left)`) follows it after a space
            joined.append((" " if text[:1] in "→(" else ", ", ()))
        joined.append((text, _styles(column, cell, number)))
    return joined


def _long_field(label: str, column: Column, cell: Cell, indent: int, room: int) -> Iterator[Line]:
    """`label: value` with the value wrapped under itself, or under the label when the label is long."""
    margin = " " * indent
    inline = cell_width(label) + 2 <= room // 4  # a long label would squeeze its value
    if not inline:
        for text in wrap(label + ":", room):
            yield [(margin + text, ("dim",))]
    lead = cell_width(label) + 2 if inline else 2
    for index, (text, number) in enumerate(_wrapped(cell.text, room - lead)):
        head = [(margin + label + ": ", ("dim",))] if inline and index == 0 else [(margin + " " * lead, ())]
        yield [*head, (text, _styles(column, cell, number))]


def _pack(fields: list[Line], indent: int, room: int) -> Iterator[Line]:
    """`label: value` pairs side by side, three spaces apart, as many as fit a line."""
    line: Line = []
    used = 0
    for pair in fields:
        size = sum(cell_width(text) for text, _ in pair)
        if line and used + 3 + size > room:
            yield line
            line, used = [], 0
        line += [("   " if line else " " * indent, ()), *pair]
        used += size + (3 if used else 0)
    if line:
        yield line


def _print_styled(out: TextIO, lines: Iterable[Line]) -> None:
    """Lines with their styles as terminal escapes; rich turns each style into its codes once.

    The codes are what rich writes for the same segments (its console picks
    the colour system); writing them directly keeps a 5,000-row table from
    paying rich's per-segment machinery. A legacy Windows console, which rich
    drives by API calls, gets the lines through rich itself.
    """
    from .console import make_console

    console = make_console(out)
    if console.legacy_windows:
        _print_through_rich(console, lines)
        return
    from rich.color import ColorSystem
    from rich.style import Style as RichStyle

    system = {
        "standard": ColorSystem.STANDARD,
        "256": ColorSystem.EIGHT_BIT,
        "truecolor": ColorSystem.TRUECOLOR,
        "windows": ColorSystem.WINDOWS,
    }.get(console.color_system or "")
    cache: dict[Style, tuple[str, str]] = {}

    def codes(names: Style) -> tuple[str, str]:
        if names not in cache:
            style = RichStyle.combine(RichStyle.parse(name) for name in names)
            before, _, after = style.render("\x00", color_system=system).partition("\x00")
            cache[names] = before, after
        return cache[names]

    batch: list[str] = []
    for line in lines:
        while line and not line[-1][1] and not line[-1][0].strip(" "):
            line.pop()
        for text, names in line:
            if names and text:
                before, after = codes(names)
                batch.append(before + text + after)
            else:
                batch.append(text)
        batch.append("\n")
        if len(batch) > 4096:
            out.write("".join(batch))
            batch = []
    out.write("".join(batch))


def _print_through_rich(console: "Console", lines: Iterable[Line]) -> None:
    """Lines through a rich console, with their styles; batched, so a long table stays fast."""
    from rich.style import Style as RichStyle
    from rich.text import Text

    cache: dict[Style, RichStyle] = {}

    def style_of(names: Style) -> RichStyle:
        if names not in cache:
            cache[names] = RichStyle.combine(RichStyle.parse(name) for name in names)
        return cache[names]

    batch = Text()
    for count, line in enumerate(lines, start=1):
        while line and not line[-1][1] and not line[-1][0].strip(" "):
            line.pop()
        for text, names in line:
            batch.append(text, style_of(names) if names else None)
        batch.append("\n")
        if count % 500 == 0:
            console.print(batch, end="")
            batch = Text()
    console.print(batch, end="")
