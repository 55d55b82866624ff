"""A trend as a table, JSON or an SVG chart."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from .safe import clean_line

if TYPE_CHECKING:
    from ..analysis.trend import Point, Trend

SHALLOW = (
    "This is a shallow clone: the history starts at {day}, and anything before it is missing. "
    "Fetch the whole history for the full trend: git fetch --unshallow "
    "(in GitHub Actions: actions/checkout with fetch-depth: 0)."
)


def shallow_note(trend: Trend) -> str | None:
    """What to say when the history is cut short, or None."""
    if not trend.shallow:
        return None
    first = next((point for point in trend.points if point.commit is not None), None)
    return SHALLOW.format(day=first.day.isoformat() if first else "the clone's only commit")


def _reached(point: Point) -> str:
    assert point.figures is not None
    return f"{point.figures.reached}/{point.figures.key_players}"


def movement(trend: Trend) -> str | None:
    """`From 2025-01-03 to 2026-12-02: key players reached 1/5 → 4/7, threads 2 → 9, ...`."""
    valid = trend.valid
    if len(valid) < 2:
        return None
    first, last = valid[0], valid[-1]
    parts = [f"key players reached {_reached(first)} → {_reached(last)}"]
    for series, words in (("threads", "threads"), ("red_flags", "red flags"), ("stale", "stale key contacts"),
                          ("overdue", "overdue actions")):  # fmt: skip
        parts.append(f"{words} {first.value(series)} → {last.value(series)}")
    return f"From {first.day} to {last.day}: " + ", ".join(parts) + "."


def render_table(trend: Trend, out: TextIO) -> None:
    """One row per version, oldest first (date over commit), then how the figures moved.

    Narrow columns with two-space gaps, so that a trend stays a table at
    100 columns; open and overdue actions share one column as `open/late`.
    """
    from .table import Cell, Column, Report, print_report

    count = len(trend.points)
    near = 2  # the gap before a column of figures
    table = Report(
        f"{clean_line(trend.account)}: health at {count} version{'s' * (count != 1)} of {clean_line(trend.path)}",
        [
            Column("date\ncommit"),
            Column("status", "right", gap=near),
            Column("model", gap=near),
            Column("reached", "right", gap=near),
            Column("threads", "right", gap=near),
            Column("red\nflags", "right", gap=near),
            Column("stale", "right", gap=near),
            Column("open/\nlate", "right", gap=near),
            Column("change", flexible=True),
        ],
        empty="No committed version yet.",
    )
    for point in trend.points:
        cells = [Cell(f"{point.day.isoformat()}\n{clean_line(point.short)}", line_styles=(None, "dim"))]
        subject = clean_line(point.subject)
        if point.figures is None:
            cells += [Cell("-") for _ in range(7)]
            errors = f"{point.errors} error{'s' * (point.errors != 1)}"
            subject = f"not a valid map ({errors}): {subject}"
        else:
            figures = point.figures
            cells += [
                Cell(str(figures.status)),
                Cell(figures.model),
                Cell(_reached(point)),
                Cell(str(figures.threads)),
                Cell(str(figures.red_flags), "red" if figures.red_flags else None),
                Cell(str(figures.stale)),
                Cell(f"{figures.open}/{figures.overdue}", "red" if figures.overdue else None),
            ]
        cells.append(Cell(subject, "red" if point.figures is None else "dim"))
        table.rows.append(cells)
    moved = movement(trend)
    if moved:
        table.after.append((moved, None))
    note = shallow_note(trend)
    if note:
        table.after.append((note, "yellow"))
    print_report(out, table)


def trend_document(trend: Trend) -> dict[str, object]:
    """The documented shape: account and points (plus path, shallow, and each point's extras)."""
    points = []
    for point in trend.points:
        figures = point.figures
        item: dict[str, object] = {
            "commit": point.commit,
            "date": point.day,
            "status": figures.status if figures else None,
            "model": figures.model if figures else None,
            "reached": figures.reached if figures else None,
            "threads": figures.threads if figures else None,
            "red_flags": figures.red_flags if figures else None,
            "stale": figures.stale if figures else None,
            "open": figures.open if figures else None,
            "overdue": figures.overdue if figures else None,
            "key_players": figures.key_players if figures else None,
            "errors": point.errors,
            "reviewed": figures.reviewed if figures else None,
            "subject": point.subject,
        }
        points.append(item)
    return {"account": trend.account, "path": trend.path, "shallow": trend.shallow, "points": points}


def render_json(trend: Trend, out: TextIO) -> None:
    """The trend as JSON."""
    from .json_ import to_json

    out.write(to_json(trend_document(trend)))


def render_svg(trend: Trend, out: TextIO) -> None:
    """The chart as a standalone SVG file."""
    from .chart import render_chart

    out.write('<?xml version="1.0" encoding="UTF-8"?>\n' + render_chart(trend))


TREND_FORMATS: dict[str, Callable[[Trend, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "svg": render_svg,
}
