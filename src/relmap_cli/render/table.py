"""One table model for every human-readable report, printed two ways.

On a terminal the table is drawn by rich, in colour. Anywhere else (a pipe,
a file, CI) it is laid out here as plain text: no rich import on the hot
path, and output that does not change with rich's layout rules, so it is
stable to paste into documents and to compare byte for byte. Cell text must
already be made inert (see `safe`); styles are rich style names.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass, field
from typing import TextIO

from .console import PIPE_WIDTH, table_width, wants_color

GAP = 3  # spaces between columns


@dataclass(frozen=True)
class Column:
    """A column: its header, alignment, and whether it takes the spare width and wraps."""

    header: str
    justify: str = "left"  # left | right | center
    flexible: bool = False
    style: str | None = None


@dataclass(frozen=True)
class Cell:
    """Cell text (lines separated by newlines) and an optional style per line."""

    text: str
    style: str | None = None
    line_styles: tuple[str | None, ...] = ()


@dataclass
class Report:
    """A title, one table, and lines printed after it."""

    title: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    after: list[tuple[str, str | None]] = field(default_factory=list)  # (text, style)
    empty: str = "Nothing to show."  # printed instead of an empty table ("" prints nothing)


def cell_width(text: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters take two)."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text
    )


def print_report(out: TextIO, report: Report) -> None:
    """Print the report: rich on a colour terminal, plain text elsewhere."""
    if wants_color(out):
        _print_rich(out, report)
    else:
        out.write(format_plain(report, table_width(out) or PIPE_WIDTH))


def format_plain(report: Report, width: int) -> str:
    """The report as plain text at most `width` columns wide (wider only if a column must be)."""
    lines = [report.title]
    if report.rows:
        lines += _plain_table(report, width)
    elif report.empty:
        lines.append(report.empty)
    for text, _ in report.after:
        lines += textwrap.wrap(
            text, width, break_on_hyphens=False, subsequent_indent=" " * (len(text) - len(text.lstrip()))
        )
    return "".join(line.rstrip() + "\n" for line in lines)


def _plain_table(report: Report, width: int) -> list[str]:
    columns = report.columns
    fixed = [
        max([cell_width(column.header)] + [cell_width(line) for row in report.rows for line in row[i].text.split("\n")])
        for i, column in enumerate(columns)
    ]
    spare = width - sum(w for w, c in zip(fixed, columns, strict=True) if not c.flexible) - GAP * (len(columns) - 1)
    widths = [min(fixed[i], max(20, spare)) if column.flexible else fixed[i] for i, column in enumerate(columns)]

    def cell_lines(text: str, index: int) -> list[str]:
        if not columns[index].flexible:
            return text.split("\n")
        wrapped: list[str] = []
        for line in text.split("\n"):
            wrapped += textwrap.wrap(line, widths[index], break_on_hyphens=False) or [""]
        return wrapped

    def align(text: str, index: int) -> str:
        pad = widths[index] - cell_width(text)
        justify = columns[index].justify
        if justify == "right":
            return " " * pad + text
        if justify == "center":
            return " " * (pad // 2) + text + " " * (pad - pad // 2)
        return text + " " * pad

    def join(cells: list[str]) -> str:
        return (" " * GAP).join(align(text, i) for i, text in enumerate(cells))

    out = [join([column.header for column in columns]), "─" * (sum(widths) + GAP * (len(columns) - 1))]
    for row in report.rows:
        split = [cell_lines(cell.text, i) for i, cell in enumerate(row)]
        for number in range(max(len(parts) for parts in split)):
            out.append(join([parts[number] if number < len(parts) else "" for parts in split]))
    return out


def _print_rich(out: TextIO, report: Report) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from .console import make_console

    console = make_console(out, table=True)
    console.print(Text(report.title, style="bold"))
    if report.rows:
        flexible = any(column.flexible for column in report.columns)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=flexible)
        for column in report.columns:
            table.add_column(
                column.header,
                justify=column.justify,  # type: ignore[arg-type]
                ratio=1 if column.flexible else None,
                no_wrap=not column.flexible,
                style=column.style,
            )
        for row in report.rows:
            cells = []
            for cell in row:
                styled = Text(style=cell.style or "")
                for number, line in enumerate(cell.text.split("\n")):
                    style = cell.line_styles[number] if number < len(cell.line_styles) else None
                    styled.append(("\n" if number else "") + line, style=style or "")
                cells.append(styled)
            table.add_row(*cells)
        console.print(table)
    elif report.empty:
        console.print(Text(report.empty))
    for line, style in report.after:
        console.print(Text(line, style=style or ""))
