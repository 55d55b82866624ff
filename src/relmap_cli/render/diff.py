"""What changed between two versions of a map, as a table, JSON or Markdown; map text stays data."""

from collections.abc import Callable
from datetime import date
from typing import Any, TextIO

from ..analysis.diff import Change, Link, LinkChange, MapDiff
from ..tuples import NamedTuple
from .json_ import write_json
from .safe import clean_line, markdown_cell
from .table import Cell, Column, Report, print_report

STYLES = {
    "added": "green",
    "placeholder filled": "green",
    "leaving": "yellow",
    "no longer applies": "dim",
    "strengthened": "green",
    "opened": "red",
    "removed": "red",
    "departed": "red",
    "weakened": "red",
    "closed": "green",
}


class Row(NamedTuple):
    """One change as the table shows it."""

    what: str  # person, relationship, account, action, gap
    change: str
    who: str
    detail: str


def show(value: Any) -> str:
    """A field's value on one line: dates as ISO, lists comma-separated, nothing as `(none)`."""
    if value is None or value == []:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"  # as written in a map
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(show(item) for item in value)
    return clean_line(str(value))


def _link(link: Link | LinkChange) -> str:
    return f"{link.source} {link.kind} {link.target}"


def rows(diff: MapDiff) -> list[Row]:
    """Every change, section by section, in the order the diff gives them."""

    def person(person_id: str) -> str:
        name = diff.names.get(person_id)
        return clean_line(f"{name} ({person_id})" if name and name != person_id else person_id)

    def changed(what: str, who: str, change: Change | LinkChange, label: str | None = None) -> Row:
        return Row(what, label or change.field, who, f"{show(change.old)} → {show(change.new)}")

    found = [changed("account", clean_line(diff.account), c) for c in diff.account_changed]
    found += [Row("person", "added", person(e.person), e.side) for e in diff.people_added]
    found += [Row("person", "removed", person(e.person), e.side) for e in diff.people_removed]
    found += [Row("person", "departed", person(e.person), f"left {e.left.isoformat()}") for e in diff.people_departed]
    found += [
        Row("person", "leaving", person(e.person), f"leaving on {e.left.isoformat()}") for e in diff.people_leaving
    ]
    found += [
        Row("person", "placeholder filled", person(f.person), clean_line(f"{f.title} ({f.placeholder}) → {f.name}"))
        for f in diff.placeholders_filled
    ]
    found += [changed("person", person(c.subject), c) for c in diff.people_changed]
    found += [Row("relationship", "added", _link(r), r.strength) for r in diff.relationships_added]
    found += [Row("relationship", "removed", _link(r), r.strength) for r in diff.relationships_removed]
    found += [changed("relationship", _link(c), c, "strengthened") for c in diff.relationships_strengthened]
    found += [changed("relationship", _link(c), c, "weakened") for c in diff.relationships_weakened]
    found += [
        changed("relationship", _link(c), c, "last contact" if c.field == "last" else None)
        for c in diff.relationships_changed
    ]
    found += [Row("action", "added", a.id, clean_line(a.goal)) for a in diff.actions_added]
    found += [Row("action", "removed", a.id, clean_line(a.goal)) for a in diff.actions_removed]
    found += [changed("action", a.subject, a) for a in diff.actions_changed]
    found += [Row("gap", "opened", ", ".join(g.people), clean_line(f"{g.kind}: {g.message}")) for g in diff.gaps_opened]
    found += [Row("gap", "closed", ", ".join(g.people), clean_line(f"{g.kind}: {g.message}")) for g in diff.gaps_closed]
    found += [
        Row(
            "gap",
            "no longer applies",
            ", ".join(g.people),
            clean_line(f"({' and '.join(diff.names.get(p, p) for p in g.left)} left) {g.kind}: {g.message}"),
        )
        for g in diff.gaps_moot
    ]
    return found


def headline(diff: MapDiff) -> str:
    """`Acme Chemicals: HEAD~1:acme.yaml → acme.yaml`."""
    return clean_line(f"{diff.account}: {diff.old} → {diff.new}")


def summary(diff: MapDiff) -> str:
    """`3 changes`, or `no changes`."""
    count = diff.count
    return "no changes" if count == 0 else f"{count} change{'s' * (count != 1)}"


def render_table(diff: MapDiff, out: TextIO) -> None:
    """A table of changes under a headline, with a one-line summary."""
    table = Report(
        headline(diff),
        [Column("what"), Column("change"), Column("who"), Column("detail", flexible=True)],
        empty="",
    )
    for row in rows(diff):
        table.rows.append(
            [Cell(row.what), Cell(row.change, STYLES.get(row.change, "yellow")), Cell(row.who), Cell(row.detail)]
        )
    table.after.append((summary(diff), None))
    print_report(out, table)


def _changes(changes: list[Change], key: str) -> list[dict[str, Any]]:
    return [{key: c.subject, "field": c.field, "old": c.old, "new": c.new} for c in changes]


def _link_changes(changes: list[LinkChange], with_field: bool) -> list[dict[str, Any]]:
    found = []
    for c in changes:
        item: dict[str, Any] = {"from": c.source, "kind": c.kind, "to": c.target}
        if with_field:
            item["field"] = c.field
        item.update(old=c.old, new=c.new)
        found.append(item)
    return found


def as_document(diff: MapDiff) -> dict[str, Any]:
    """The diff as JSON-ready data; a `gaps` key only when gaps were compared and changed.

    `people.leaving` holds announced departures (a `left` date after `--today`),
    `people.filled` placeholders that got a named holder, and
    `gaps.no_longer_applies` gaps that closed only because someone in them left.
    """
    document: dict[str, Any] = {
        "account": diff.account,
        "old": diff.old,
        "new": diff.new,
        "changes": diff.count,
        "account_changes": [{"field": c.field, "old": c.old, "new": c.new} for c in diff.account_changed],
        "people": {
            "added": [{"person": e.person, "side": e.side, "name": e.name} for e in diff.people_added],
            "removed": [{"person": e.person, "side": e.side, "name": e.name} for e in diff.people_removed],
            "departed": [
                {"person": e.person, "side": e.side, "name": e.name, "left": e.left} for e in diff.people_departed
            ],
            "leaving": [
                {"person": e.person, "side": e.side, "name": e.name, "left": e.left} for e in diff.people_leaving
            ],
            "filled": [
                {"placeholder": f.placeholder, "person": f.person, "title": f.title, "name": f.name}
                for f in diff.placeholders_filled
            ],
            "changed": _changes(diff.people_changed, "person"),
        },
        "relationships": {
            "added": [
                {"from": r.source, "kind": r.kind, "to": r.target, "strength": r.strength}
                for r in diff.relationships_added
            ],
            "removed": [
                {"from": r.source, "kind": r.kind, "to": r.target, "strength": r.strength}
                for r in diff.relationships_removed
            ],
            "strengthened": _link_changes(diff.relationships_strengthened, with_field=False),
            "weakened": _link_changes(diff.relationships_weakened, with_field=False),
            "changed": _link_changes(diff.relationships_changed, with_field=True),
        },
        "actions": {
            "added": [
                {"id": a.id, "goal": a.goal, "owner": a.owner, "due": a.due, "status": a.status}
                for a in diff.actions_added
            ],
            "removed": [
                {"id": a.id, "goal": a.goal, "owner": a.owner, "due": a.due, "status": a.status}
                for a in diff.actions_removed
            ],
            "changed": _changes(diff.actions_changed, "action"),
        },
    }
    if diff.gaps_opened or diff.gaps_closed or diff.gaps_moot:
        document["gaps"] = {
            side: [{"kind": g.kind, "people": list(g.people), "message": g.message} for g in gaps]
            for side, gaps in (("opened", diff.gaps_opened), ("closed", diff.gaps_closed))
        }
        document["gaps"]["no_longer_applies"] = [
            {"kind": g.kind, "people": list(g.people), "message": g.message, "left": list(g.left)}
            for g in diff.gaps_moot
        ]
    return document


def render_json(diff: MapDiff, out: TextIO) -> None:
    """The diff as one JSON document."""
    write_json(out, as_document(diff))


def render_markdown(diff: MapDiff, out: TextIO) -> None:
    """A Markdown section: headline, table of changes, summary."""
    lines = [f"## Changes: {markdown_cell(diff.account)}", "", markdown_cell(f"{diff.old} → {diff.new}"), ""]
    found = rows(diff)
    if found:
        lines += ["| what | change | who | detail |", "| --- | --- | --- | --- |"]
        lines += [
            f"| {row.what} | {row.change} | {markdown_cell(row.who)} | {markdown_cell(row.detail)} |" for row in found
        ]
        lines.append("")
    lines.append(summary(diff))
    out.write("\n".join(lines) + "\n")


DIFF_FORMATS: dict[str, Callable[[MapDiff, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
