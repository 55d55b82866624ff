"""The people list as a table, JSON, Markdown or CSV (every CSV cell safe to open in a spreadsheet)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import TextIO

from ..analysis.people import PeopleList, PersonRow
from ..analysis.words import plural
from ..graph import AccountGraph
from .json_ import to_json
from .safe import clean_line, markdown_cell, neutralize_formula
from .styles import BUCKET, STANCE
from .table import Cell, Column, Report, print_report

ROLE_SHORT = {
    "decision-maker": "DM",
    "budget-holder": "BH",
    "influencer": "INF",
    "resource-controller": "RC",
    "gatekeeper": "GK",
    "user": "U",
    "technical": "T",
}
ROLE_KEY = "Roles: " + ", ".join(f"{short} {role}" for role, short in ROLE_SHORT.items())


def _best(row: PersonRow, graph: AccountGraph) -> str:
    """`Kim Park, strong, 12d ago`, or `none`."""
    if row.best is None:
        return "none"
    age = "undated" if row.age is None else "today" if row.age == 0 else f"{row.age}d ago"
    return f"{graph.label(row.best.ours)}, {row.best.strength}, {age}"


def _ease(row: PersonRow, total: int) -> str:
    return f"{row.ease}/{total} {row.band}" if row.ease is not None else "-"


def _name(row: PersonRow, graph: AccountGraph) -> str:
    person = row.person
    extra = " (to be identified)" if person.placeholder else ""
    if graph.gone(person):
        extra += f" (left {person.left})"
    elif person.left is not None:
        extra += f" (leaving {person.left})"
    return person.label + extra


def _count(people: PeopleList) -> str:
    shown = len(people.rows)
    counted = plural(people.total, "client person", "client people")
    return f"{shown} of {counted}" if shown != people.total else counted


def render_table(people: PeopleList, graph: AccountGraph, out: TextIO) -> None:
    """One row per person (two lines each), then the role key."""
    account = clean_line(graph.model.account.name)
    table = Report(
        f"{account}: {_count(people)}",
        [
            Column("person", flexible=True),
            Column("function, level"),
            Column("roles"),
            Column("stance"),
            Column("our best contact"),
            Column("bucket, ease"),
        ],
        empty="Nobody matches.",
    )
    for row in people.rows:
        person = row.person
        title = f"\n{clean_line(person.title)}" if person.title and not person.placeholder else ""
        best = clean_line(_best(row, graph)).replace(", ", "\n", 1)
        best += f"\n{row.threads} thread{'s' * (row.threads != 1)}"
        table.rows.append(
            [
                Cell(clean_line(_name(row, graph)) + title, line_styles=(None, "dim")),
                Cell(f"{clean_line(person.function or '-')}\n{person.level or '-'}", line_styles=(None, "dim")),
                Cell(" ".join(ROLE_SHORT[role] for role in person.roles) or "-"),
                Cell(f"{person.stance}\ninfluence {person.influence}", line_styles=(STANCE[person.stance], "dim")),
                Cell(best, line_styles=(None, "dim", "dim")),
                Cell(
                    f"{row.bucket or '-'}\n{_ease(row, people.approachable)}",
                    line_styles=(BUCKET.get(row.bucket or ""), "dim"),
                ),
            ]
        )
    if people.rows:
        table.after.append(
            ("Threads: good or strong contacts. Ease: place in the bootstrap order, easiest first.", "dim")
        )
        table.after.append((ROLE_KEY, "dim"))
    print_report(out, table)


def _record(row: PersonRow, graph: AccountGraph) -> dict[str, object]:
    person = row.person
    return {
        "person": person.id,
        "name": person.name,
        "title": person.title,
        "function": person.function,
        "level": person.level,
        "roles": list(person.roles),
        "stance": person.stance,
        "influence": person.influence,
        "key_player": person.is_key_player,
        "placeholder": person.placeholder,
        "left": person.left,
        "best_contact": row.best.ours if row.best else None,
        "strength": row.best.strength if row.best else None,
        "last": row.best.last if row.best else None,
        "age_days": row.age,
        "threads": row.threads,
        "bucket": row.bucket,
        "ease": row.ease,
        "ease_band": row.band,
    }


def render_json(people: PeopleList, graph: AccountGraph, out: TextIO) -> None:
    """The account and one object per person."""
    records = [_record(row, graph) for row in people.rows]
    out.write(to_json({"account": graph.model.account.name, "approachable": people.approachable, "people": records}))


def render_markdown(people: PeopleList, graph: AccountGraph, out: TextIO) -> None:
    """A Markdown table."""
    lines = [
        f"## People: {markdown_cell(graph.model.account.name)}",
        "",
        f"{_count(people)}.",
        "",
        "| person | title | function | level | roles | stance | influence | our best contact | threads | bucket "
        "| ease |",
        "| --- | --- | --- | --- | --- | --- | ---: | --- | ---: | --- | --- |",
    ]
    for row in people.rows:
        person = row.person
        cells = [
            markdown_cell(_name(row, graph)),
            markdown_cell(person.title or ""),
            markdown_cell(person.function or ""),
            person.level or "",
            ", ".join(person.roles),
            person.stance,
            str(person.influence),
            markdown_cell(_best(row, graph)),
            str(row.threads),
            row.bucket or "",
            _ease(row, people.approachable),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    out.write("\n".join(lines) + "\n")


CSV_COLUMNS = (
    "person", "name", "title", "function", "level", "roles", "stance", "influence", "key_player", "placeholder",
    "left", "best_contact", "strength", "last", "age_days", "threads", "bucket", "ease", "ease_band",
)  # fmt: skip


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = "; ".join(value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return neutralize_formula(clean_line(text))


def render_csv(people: PeopleList, graph: AccountGraph, out: TextIO) -> None:
    """One line per person; a cell that would start a formula is quoted with an apostrophe."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in people.rows:
        record = _record(row, graph)
        writer.writerow([_csv_cell(record[column]) for column in CSV_COLUMNS])


PEOPLE_FORMATS: dict[str, Callable[[PeopleList, AccountGraph, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
    "csv": render_csv,
}
