"""How wide each column of a table is: natural widths, floors, and who gives up width first.

Pure arithmetic over a report's cells (one pass to measure), used by
`table` to lay a report out at a width; no output, no rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .cells import cell_width, longest_word

if TYPE_CHECKING:
    from .table import Report

GAP = 3  # spaces between columns
FLEX_MIN = 24  # a prose column narrower than this reads badly: stack the rows instead
WORD_CAP = 24  # no column is kept wider than this for one word; longer words are broken


def natural_width(report: Report) -> int:
    """How wide the table is when nothing wraps."""
    natural, _, gaps = _measure(report)
    return sum(natural) + sum(gaps)


def narrowest_width(report: Report) -> int:
    """The narrowest the table can be laid out as a table (any narrower, its rows are stacked)."""
    _, floors, gaps = _measure(report)
    return sum(floors) + sum(gaps)


def fit_columns(report: Report, width: int) -> tuple[list[int], list[int]]:
    """Column widths and the gaps before them, or `([], [])` when the rows must be stacked.

    Columns keep their natural width when the table fits. Otherwise the
    flexible columns give up width first (down to FLEX_MIN), then the others
    (down to their longest word, at most WORD_CAP), widest first; when even
    that is too wide, the rows are stacked.
    """
    natural, floors, gaps = _measure(report)
    if sum(natural) + sum(gaps) <= width:
        return natural, gaps
    if sum(floors) + sum(gaps) > width:
        return [], []
    widths = list(natural)
    excess = sum(widths) + sum(gaps) - width
    for flexible in (True, False):
        if excess > 0:
            chosen = [i for i, column in enumerate(report.columns) if column.flexible == flexible]
            excess = _shrink(widths, floors, chosen, excess)
    return widths, gaps


def _measure(report: Report) -> tuple[list[int], list[int], list[int]]:
    """Each column's natural width and floor, and the gap before it: one pass over the cells."""
    columns = report.columns
    natural = [max(map(cell_width, column.header.split("\n"))) for column in columns]
    words = [longest_word(column.header) for column in columns]
    # a line's words matter only while they could raise the column's floor
    enough = [max(column.min_width, FLEX_MIN if column.flexible else 0) for column in columns]
    rows = report.rows
    for index in range(len(columns)):  # column by column: the hot loop of a 5,000-row table
        widest, word, floor = natural[index], words[index], enough[index]
        for row in rows:
            text = row[index].text
            for line in text.split("\n") if "\n" in text else (text,):
                size = len(line) if line.isascii() else cell_width(line)
                if size > widest:
                    widest = size
                if size > word and word < WORD_CAP and size > floor:
                    word = max(word, longest_word(line))
        natural[index], words[index] = widest, word
    floors = [
        min(natural[i], max(min(words[i], WORD_CAP), FLEX_MIN if column.flexible else 0, column.min_width))
        for i, column in enumerate(columns)
    ]
    gaps = [0] + [column.gap for column in columns[1:]]
    return natural, floors, gaps


def _shrink(widths: list[int], floors: list[int], chosen: list[int], excess: int) -> int:
    """Take up to `excess` columns from the widest of `chosen` (never below a floor); what is still missing."""

    def saved(level: int) -> int:
        return sum(widths[i] - max(floors[i], min(widths[i], level)) for i in chosen)

    if not chosen or saved(0) == 0:
        return excess
    if saved(0) <= excess:
        level = 0
    else:
        low, high = 0, max(widths[i] for i in chosen)  # saved(high) == 0 < excess <= saved(low)
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if saved(middle) >= excess else (low, middle)
        level = low
    surplus = saved(level) - excess
    for i in chosen:
        new = max(floors[i], min(widths[i], level))
        if surplus > 0 and new == level and widths[i] > level:
            new, surplus = new + 1, surplus - 1
        widths[i] = new
    return max(0, -surplus)
