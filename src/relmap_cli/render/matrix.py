"""The relationship matrix as a coloured grid, JSON or Markdown.

The grid keeps every one of ours and every one of theirs at any width: ours
head the columns by id when they fit, else by one-letter keys with a key
table below; when even the keys do not fit they are split into panels that
each repeat their people; at widths where a panel would hold too few of
ours to be a grid, or where panels would hold more than GRID_MAX_CELLS
cells (each panel repeats all of theirs: output that grows with ours x
theirs), each of their people lists who knows them instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TextIO

from ..analysis.matrix import Matrix
from ..graph import AccountGraph, Contact
from .console import output_width, wants_color
from .json_ import write_json
from .safe import clean_line, markdown_cell
from .styles import STRENGTH
from .table import Cell, Column, Report, narrowest_width, natural_width, print_report

LETTER = {"strong": "S", "good": "G", "weak": "W", "negative": "N"}
STRENGTH_OF = {letter: strength for strength, letter in LETTER.items()}
LEGEND = "S strong · G good · W weak · N negative · · not known · * key player"
LEVEL = {"executive": "exec", "vp": "vp", "director": "dir", "manager": "mgr", "staff": "staff"}
NONE = "·"
_LETTERS = re.compile("[" + "".join(LETTER.values()) + "]")
NAME_MIN = 16  # names wrap, but not narrower than this
PANEL_MIN = 5  # fewer of ours side by side than this is no grid: list who knows whom instead
# Panels repeat all of theirs, so their text grows with ours x theirs: past this many cells
# (100 of ours by 250 of theirs, say) a grid is no whiteboard any more; list who knows whom instead.
GRID_MAX_CELLS = 25_000


def key_of(number: int) -> str:
    """Short column keys: a..z, then aa, ab, ..."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _label(graph: AccountGraph, theirs: str) -> str:
    person = graph.client[theirs]
    return "  " + clean_line(person.label) + (" *" if person.is_key_player else "")


def _last(contact: Contact | None, known: bool, who: dict[str, str]) -> str:
    """`2026-10-20 kim`: the newest contact and who of ours had it (as the columns name them)."""
    if contact is None:
        return "no date" if known else ""
    return f"{contact.last.isoformat() if contact.last else ''} {who[contact.ours]}"


def _frame(matrix: Matrix, graph: AccountGraph, title: str, who: dict[str, str]) -> Report:
    """The grid without ours: their people, level and last contact (`who` names ours)."""
    report = Report(
        title,
        [
            Column("theirs \\ ours", min_width=NAME_MIN),
            Column("level"),
            Column("last contact"),
        ],
        empty="No current client people.",
    )
    for group in matrix.groups:
        report.rows.append([Cell(clean_line(group.function or "(no function)"), "bold"), Cell(""), Cell("")])
        for theirs in group.theirs:
            person = graph.client[theirs]
            report.rows.append(
                [
                    Cell(_label(graph, theirs)),
                    Cell(LEVEL.get(person.level or "", "")),
                    Cell(_last(matrix.last_contact(theirs), matrix.coverage(theirs) > 0, who)),
                ]
            )
    return report


def _marks(matrix: Matrix, keys: list[str]) -> dict[str, list[str]]:
    """Each of their people's marks, one per of ours, centred under its key (built once)."""
    sizes = [max(1, len(key)) for key in keys]
    blank = [NONE.center(size) for size in sizes]
    column = {member: number for number, member in enumerate(matrix.ours)}
    rows = {}
    for person in matrix.theirs:
        row = list(blank)
        for contact in matrix.known.get(person, ()):
            number = column[contact.ours]
            row[number] = LETTER[contact.strength].center(sizes[number])
        rows[person] = row
    return rows


def _grid_cell(marks: list[str], colour: bool) -> Cell:
    """A row of the grid as one cell: the marks a space apart; in colour each letter its own, the dots dim."""
    text = " ".join(marks)
    if not colour:
        return Cell(text)
    spans, dim_from = [], 0
    for found in _LETTERS.finditer(text):  # a row is mostly dots: find its few letters in one scan
        start = found.start()
        if start > dim_from:
            spans.append((dim_from, start, "dim"))
        spans.append((start, start + 1, STRENGTH[STRENGTH_OF[found.group()]]))
        dim_from = start + 1
    if dim_from < len(text):
        spans.append((dim_from, len(text), "dim"))
    return Cell(text, spans=tuple(spans))


def _grid(
    matrix: Matrix, frame: Report, keys: list[str], panel: range, marks: dict[str, list[str]], colour: bool
) -> Report:
    """The frame with the grid of the ours in `panel`, headed by `keys`, inserted after the level.

    A row's marks are one cell (coloured letter by letter on a terminal), so
    a grid costs one cell per row however many of ours there are.
    """
    shown = keys[panel.start : panel.stop]
    header = " ".join(key.center(max(1, len(key))) for key in shown)
    columns = [Column(header, min_width=len(header))] if shown else []
    report = Report(frame.title, [*frame.columns[:2], *columns, *frame.columns[2:]], empty=frame.empty)
    theirs = iter(matrix.theirs)
    for row in frame.rows:
        if row[0].style == "bold" or not columns:  # a function heading, or none of ours
            cells = [Cell("")] * len(columns)
        else:
            cells = [_grid_cell(marks[next(theirs)][panel.start : panel.stop], colour)]
        report.rows.append([*row[:2], *cells, *row[2:]])
    return report


def _grid_width(keys: list[str]) -> int:
    return 2 + sum(max(1, len(key)) + 1 for key in keys)


def _panels(count: int, fit: int) -> list[range]:
    """`count` of ours in balanced panels of at most `fit`."""
    panels = -(-count // fit)
    size = -(-count // panels)
    return [range(start, min(count, start + size)) for start in range(0, count, size)]


def matrix_reports(matrix: Matrix, graph: AccountGraph, width: int, colour: bool = False) -> Iterator[Report]:
    """The reports that show the matrix at `width`: grid panels (or the list), then the key."""
    title = f"{clean_line(matrix.account)}: who knows whom"
    ids = [clean_line(member) for member in matrix.ours]
    keys = [key_of(number) for number in range(len(ids))]
    frame = _frame(matrix, graph, title, dict(zip(matrix.ours, ids, strict=True)))
    if not matrix.theirs:
        yield frame
        return
    if natural_width(frame) + _grid_width(ids) <= width:
        marks = _marks(matrix, ids)
        yield _with_legend(_grid(matrix, frame, ids, range(len(ids)), marks, colour), matrix, graph)
        yield _ours(matrix, graph, None)
        return
    frame = _frame(matrix, graph, title, dict(zip(matrix.ours, keys, strict=True)))
    per_key = max(1, len(keys[-1])) + 1 if keys else 1
    fit = (width - narrowest_width(frame) - 2) // per_key  # all of ours in one grid, names wrapped if need be
    if fit < len(keys):
        fit = (width - natural_width(frame) - 2) // per_key  # else panels beside the names as they are ...
        if fit < min(PANEL_MIN, len(keys)):
            fit = (width - narrowest_width(frame) - 2) // per_key  # ... or wrapped
    if fit < min(PANEL_MIN, len(keys)):
        yield from _listed(matrix, graph, title)
        return
    panels = _panels(len(keys), fit) if keys else [range(0)]
    if len(panels) > 1 and len(keys) * len(matrix.theirs) > GRID_MAX_CELLS:
        yield from _listed(
            matrix,
            graph,
            title,
            f"{len(keys)} of ours would take {len(panels)} grid panels at {width} columns: each of theirs "
            "lists who knows them instead (--format markdown keeps the grid)",
        )
        return
    marks = _marks(matrix, keys)
    for number, panel in enumerate(panels):
        heading = ""
        if len(panels) > 1:
            heading = f"ours {keys[panel[0]]} to {keys[panel[-1]]} ({number + 1} of {len(panels)})"
        grid = _grid(matrix, frame, keys, panel, marks, colour)
        grid.title = (title + "\n" + heading if number == 0 else "\n" + heading) if heading else title
        yield _with_legend(grid, matrix, graph) if number == len(panels) - 1 else grid
    yield _ours(matrix, graph, keys)


def _listed(matrix: Matrix, graph: AccountGraph, title: str, why: str | None = None) -> Iterator[Report]:
    """The list form instead of the grid, saying `why` when there is more to say than the width."""
    listed = _with_legend(_contacts(matrix, graph, title), matrix, graph, grid=False)
    if why:
        listed.after.append((why, "dim"))
    yield listed
    yield _ours(matrix, graph, None)


def _contacts(matrix: Matrix, graph: AccountGraph, title: str) -> Report:
    """Each of their people with who of ours knows them, how well and when last."""
    report = Report(title, [Column("theirs", min_width=NAME_MIN), Column("level"), Column("known by", flexible=True)])
    for group in matrix.groups:
        report.rows.append([Cell(clean_line(group.function or "(no function)"), "bold"), Cell(""), Cell("")])
        for theirs in group.theirs:
            contacts = [
                f"{clean_line(c.ours)} {c.strength}" + (f" {c.last.isoformat()}" if c.last else "")
                for c in matrix.known.get(theirs, ())
            ]
            level = LEVEL.get(graph.client[theirs].level or "", "")
            report.rows.append([Cell(_label(graph, theirs)), Cell(level), Cell("; ".join(contacts) or "nobody")])
    return report


def _with_legend(report: Report, matrix: Matrix, graph: AccountGraph, grid: bool = True) -> Report:
    """The report with the key to its letters and abbreviated levels printed after it."""
    report.after.append((LEGEND if grid else "* key player", "dim"))
    levels = {graph.client[theirs].level for theirs in matrix.theirs}
    named = [f"{short} {level}" for level, short in LEVEL.items() if level in levels and short != level]
    if named:
        report.after.append(("levels: " + " · ".join(named), "dim"))
    return report


def _ours(matrix: Matrix, graph: AccountGraph, keys: list[str] | None) -> Report:
    """Who is who among our columns: key (when keys head them), id, name, function."""
    columns = [Column("id"), Column("name"), Column("function")]
    report = Report("\nOur people:", [Column("key"), *columns] if keys else columns, empty="None of ours is current.")
    for number, member in enumerate(matrix.ours):
        person = graph.team[member]
        cells = [Cell(clean_line(member)), Cell(clean_line(person.label)), Cell(clean_line(person.function or ""))]
        report.rows.append([Cell(keys[number], "bold"), *cells] if keys else cells)
    return report


def render_table(matrix: Matrix, graph: AccountGraph, out: TextIO) -> None:
    """Their people down the side, grouped by function, ours across (see the module docstring)."""
    for report in matrix_reports(matrix, graph, output_width(out), wants_color(out)):
        print_report(out, report)


def _json_theirs(matrix: Matrix, graph: AccountGraph, theirs: str) -> dict[str, object]:
    person = graph.client[theirs]
    last = matrix.last_contact(theirs)
    return {
        "id": theirs,
        "name": graph.label(theirs),
        "key_player": person.is_key_player,
        "function": person.function,
        "level": person.level,
        "last": last.last if last else None,
        "last_by": last.ours if last else None,
    }


def render_json(matrix: Matrix, graph: AccountGraph, out: TextIO) -> None:
    """Ours, theirs (in grid order, with their newest contact) and the known cells."""
    row = {ours: number for number, ours in enumerate(matrix.ours)}
    column = {theirs: number for number, theirs in enumerate(matrix.theirs)}
    cells = sorted(matrix.cells.items(), key=lambda item: (row[item[0][0]], column[item[0][1]]))
    write_json(
        out,
        {
            "account": matrix.account,
            "ours": [
                {"id": ours, "name": graph.label(ours), "function": graph.team[ours].function} for ours in matrix.ours
            ],
            "theirs": [_json_theirs(matrix, graph, theirs) for theirs in matrix.theirs],
            "cells": [
                {"ours": ours, "theirs": theirs, "strength": contact.strength, "last": contact.last}
                for (ours, theirs), contact in cells
            ],
        },
    )


def render_markdown(matrix: Matrix, graph: AccountGraph, out: TextIO) -> None:
    """A Markdown table: their people as rows (grouped by function), ours as columns by name."""
    names = {ours: graph.label(ours) for ours in matrix.ours}
    lines = [
        f"## Who knows whom: {markdown_cell(matrix.account)}",
        "",
        "| theirs \\ ours | function | level | "
        + "".join(markdown_cell(graph.label(ours)) + " | " for ours in matrix.ours)
        + "last contact |",
        "| --- | --- | --- |" + " :---: |" * len(matrix.ours) + " --- |",
    ]
    for theirs in matrix.theirs:
        person = graph.client[theirs]
        label = markdown_cell(person.label) + (" \\*" if person.is_key_player else "")
        cells = [
            matrix.cells[(ours, theirs)].strength if (ours, theirs) in matrix.cells else "" for ours in matrix.ours
        ]
        last = markdown_cell(_last(matrix.last_contact(theirs), matrix.coverage(theirs) > 0, names))
        function = markdown_cell(person.function or "")
        lines.append(
            f"| {label} | {function} | {person.level or ''} | " + "".join(c + " | " for c in cells) + f"{last} |"
        )
    lines += ["", "\\* key player"]
    out.write("\n".join(lines) + "\n")


MATRIX_FORMATS: dict[str, Callable[[Matrix, AccountGraph, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
