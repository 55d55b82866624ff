"""The relationship matrix as a coloured grid, JSON or Markdown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..analysis.matrix import Matrix
from ..graph import AccountGraph
from .json_ import to_json
from .safe import clean_line, markdown_cell
from .styles import STRENGTH
from .table import Cell, Column, Report, print_report

LETTER = {"strong": "S", "good": "G", "weak": "W", "negative": "N"}
LEGEND = "S strong · G good · W weak · N negative · * key player"


def render_table(matrix: Matrix, graph: AccountGraph, out: TextIO) -> None:
    """Their people down the side (as a KAM lists the client's actors), ours across.

    Our people head the columns by id (names listed below); cells are coloured
    by strength on a terminal; the last column counts how many of ours know them.
    """
    table = Report(
        f"{clean_line(matrix.account)}: who knows whom",
        [
            Column("theirs \\ ours"),
            *(Column(clean_line(ours), "center") for ours in matrix.ours),
            Column("known by", "right", style="dim"),
        ],
        empty="No current client people.",
    )
    for theirs in matrix.theirs:
        person = graph.client[theirs]
        row = [Cell(clean_line(person.label) + (" *" if person.is_key_player else ""))]
        for ours in matrix.ours:
            contact = matrix.cells.get((ours, theirs))
            row.append(Cell(LETTER[contact.strength], STRENGTH[contact.strength]) if contact else Cell("·", "dim"))
        row.append(Cell(str(matrix.coverage(theirs))))
        table.rows.append(row)
    names = "; ".join(f"{clean_line(ours)} = {clean_line(graph.label(ours))}" for ours in matrix.ours)
    table.after += [(LEGEND, "dim"), (names, None)]
    print_report(out, table)


def render_json(matrix: Matrix, graph: AccountGraph, out: TextIO) -> None:
    """Rows, columns and the known cells, in row then column order."""
    row = {ours: number for number, ours in enumerate(matrix.ours)}
    column = {theirs: number for number, theirs in enumerate(matrix.theirs)}
    cells = sorted(matrix.cells.items(), key=lambda item: (row[item[0][0]], column[item[0][1]]))
    out.write(
        to_json(
            {
                "account": matrix.account,
                "ours": [{"id": ours, "name": graph.label(ours)} for ours in matrix.ours],
                "theirs": [
                    {"id": theirs, "name": graph.label(theirs), "key_player": graph.client[theirs].is_key_player}
                    for theirs in matrix.theirs
                ],
                "cells": [
                    {"ours": ours, "theirs": theirs, "strength": contact.strength, "last": contact.last}
                    for (ours, theirs), contact in cells
                ],
            }
        )
    )


def render_markdown(matrix: Matrix, graph: AccountGraph, out: TextIO) -> None:
    """A Markdown table: their people as rows, ours as columns, by name."""
    lines = [
        f"## Who knows whom: {markdown_cell(matrix.account)}",
        "",
        "| theirs \\ ours | " + " | ".join(markdown_cell(graph.label(ours)) for ours in matrix.ours) + " |",
        "| --- |" + " :---: |" * len(matrix.ours),
    ]
    for theirs in matrix.theirs:
        person = graph.client[theirs]
        label = markdown_cell(person.label) + (" \\*" if person.is_key_player else "")
        cells = [
            matrix.cells[(ours, theirs)].strength if (ours, theirs) in matrix.cells else "" for ours in matrix.ours
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "\\* key player"]
    out.write("\n".join(lines) + "\n")


MATRIX_FORMATS: dict[str, Callable[[Matrix, AccountGraph, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
