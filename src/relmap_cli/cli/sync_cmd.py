"""`relmap sync`: `last` dates on the `knows` lines from calendar exports (iCalendar)."""

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from ..analysis.words import plural
from .common import TodayOption, command_app, note, parse_today
from .editing import DryRunOption

if TYPE_CHECKING:
    from ..sources.meetings import Move, SyncPlan

app = command_app()


class SyncFormat(StrEnum):
    """What `relmap sync` reports in."""

    table = "table"
    json = "json"


@app.command()
def sync(
    path: Annotated[str, typer.Argument(metavar="MAP", help="The map to update.")],
    calendars: Annotated[
        list[str], typer.Argument(metavar="CALENDAR.ics...", help="Calendar exports (iCalendar), - for stdin.")
    ],
    add: Annotated[bool, typer.Option("--add", help="Add a weak knows line for a pair that met but has none.")] = False,
    output_format: Annotated[SyncFormat, typer.Option("--format", "-f", help="table or json.")] = SyncFormat.table,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> None:
    """Move `last` forward on the knows lines of the people who met, from calendar exports.

    Reads iCalendar files as Google Calendar, Outlook and Apple Calendar
    export them. Every meeting up to today counts (recurring series
    expanded, on the day in the event's own time zone), except cancelled
    ones; attendees who declined do not count. Organiser and attendee
    addresses are matched to people's email without regard to case; each
    pair of one of ours and one of theirs who met moves that knows line's
    `last` forward (never back). Pairs with no knows line are reported, or
    added as weak with --add; addresses that match nobody are reported. The
    map keeps its comments and layout; --dry-run shows the diff. Exit 0 when
    written (or nothing to do), 2 when refused.

    Example: relmap sync acme.yaml ~/Downloads/kim.ics --today 2026-12-02 --dry-run
    """
    from ..edit import LogContact, apply_changes, unified_diff
    from ..sources.calendar import CalendarError, read_meetings
    from ..sources.meetings import plan_sync
    from .editing import read_map
    from .sourcing import apply_or_refuse, located_error, read_export, valid_model, write_result

    day = parse_today(today)
    original, text = read_map(path)
    model = valid_model(text, path)
    read = []
    for calendar in calendars:
        try:
            read.append((calendar, read_meetings(read_export(calendar, "calendar"), day)))
        except CalendarError as error:
            located_error(calendar, error.line, error.message, "calendar")
    plan = plan_sync(model, read)
    for side, people in (("of our people", model.team), ("of the client's people", model.client)):
        if not any(person.email for person in people):
            note(
                f"relmap: warning: none {side} in {path} has an email, and sync matches people by it "
                f"(add them with relmap set {path} ID email=...)"
            )
    changes: list[Any] = [LogContact(m.met.ours, m.met.theirs, m.met.day, add=False, today=day) for m in plan.moves]
    if add:
        changes += [LogContact(m.met.ours, m.met.theirs, m.met.day, add=True, new_strength="weak") for m in plan.adds]
    result = apply_or_refuse(text, changes, path) if changes else apply_changes(text, [], path)
    diff = unified_diff(result.before, result.after, path) if dry_run else ""
    _REPORTS[output_format](plan, path, add, diff, sys.stdout)
    moved, added = len(plan.moves), len(plan.adds) if add else 0
    summary = f"{plural(moved, 'line')} moved forward" + (f", {plural(added, 'line')} added" if add else "")
    if dry_run:
        note(f"{path}: not written (dry run; {summary})")
    elif result.changed:
        write_result(path, result, original, summary)
    else:
        note(f"{path}: nothing to change")


def _meeting(move_or_met: Any) -> str:
    from pathlib import Path

    from ..render.safe import clean_line

    met = getattr(move_or_met, "met", move_or_met)
    name = Path(met.calendar).name if met.calendar != "-" else "stdin"
    where = f"{name}:{met.line}" if met.line else name
    return clean_line(f"{met.summary or '(no title)'} ({where})")


def _render_table(plan: "SyncPlan", path: str, add: bool, diff: str, out: TextIO) -> None:
    import textwrap

    from ..render.console import output_width
    from ..render.safe import clean, clean_line
    from ..render.table import Cell, Column, Report, print_report

    headline = clean_line(f"{plural(plan.meetings, 'past meeting')} of ours with theirs, synced into {path}")
    out.write(textwrap.fill(headline, output_width(out), break_on_hyphens=False) + "\n\n")

    def lines(title: str, moves: "list[Move]", empty: str) -> Report:
        report = Report(
            title,
            [Column("knows line"), Column("last"), Column("meeting", flexible=True)],
            empty=empty,
        )
        for move in moves:
            before = str(move.before) if move.before else "(none)"
            report.rows.append(
                [
                    Cell(clean_line(f"{move.met.ours} → {move.met.theirs}")),
                    Cell(f"{before} → {move.met.day}"),
                    Cell(_meeting(move)),
                ]
            )
        return report

    print_report(out, lines(f"Moved forward: {plural(len(plan.moves), 'line')}", plan.moves, "No line to move."))
    if plan.adds:
        out.write("\n")
        title = (
            f"Added (weak): {plural(len(plan.adds), 'line')}"
            if add
            else (f"Met, but no knows line: {plural(len(plan.adds), 'pair')} (not written; --add adds them as weak)")
        )
        print_report(out, lines(title, plan.adds, ""))
    if plan.current:
        out.write("\n")
        current = Report(
            f"Already up to date: {plural(len(plan.current), 'line')}",
            [Column("knows line"), Column("last"), Column("latest meeting", flexible=True)],
        )
        for met, before in plan.current:
            current.rows.append(
                [
                    Cell(clean_line(f"{met.ours} → {met.theirs}")),
                    Cell(str(before)),
                    Cell(f"{met.day}: {_meeting(met)}"),
                ]
            )
        print_report(out, current)
    if plan.gone:
        out.write("\n")
        gone = Report("Not counted: one of them had left", [Column("pair"), Column("meeting", flexible=True)])
        for met, who, left in plan.gone:
            gone.rows.append(
                [
                    Cell(clean_line(f"{met.ours} → {met.theirs}")),
                    Cell(clean_line(f"{met.day}, after {who} left on {left}: ") + _meeting(met)),
                ]
            )
        print_report(out, gone)
    out.write("\n")
    unmatched = Report(
        f"Addresses that match nobody's email: {len(plan.unmatched)}",
        [Column("address"), Column("meetings", justify="right"), Column("who it may be", flexible=True)],
        empty="Every address matched someone in the map.",
    )
    for item in plan.unmatched:
        if item.person:
            hint = f"{item.person} has no email: relmap set {path} {item.person} email={item.address}"
        else:
            hint = f"{item.name} (not in the map)" if item.name else "not in the map"
        unmatched.rows.append([Cell(clean_line(item.address)), Cell(str(item.meetings)), Cell(clean_line(hint))])
    print_report(out, unmatched)
    if diff:
        out.write("\n" + clean(diff))


def _render_json(plan: "SyncPlan", path: str, add: bool, diff: str, out: TextIO) -> None:
    from ..render.json_ import write_json

    def line(move: "Move") -> dict[str, Any]:
        met = move.met
        return {"from": met.ours, "to": met.theirs, "before": move.before, "after": met.day,
                "meeting": met.summary, "calendar": met.calendar, "line": met.line}  # fmt: skip

    document: dict[str, Any] = {
        "map": path,
        "meetings": plan.meetings,
        "moved": [line(move) for move in plan.moves],
        "added": [line(move) for move in plan.adds] if add else [],
        "not_added": [] if add else [line(move) for move in plan.adds],
        "up_to_date": [
            {"from": met.ours, "to": met.theirs, "last": before, "met": met.day} for met, before in plan.current
        ],
        "not_counted": [
            {"from": met.ours, "to": met.theirs, "met": met.day, "left": who, "on": left}
            for met, who, left in plan.gone
        ],
        "unmatched": [
            {"address": item.address, "name": item.name, "meetings": item.meetings, "calendar": item.calendar,
             "line": item.line, "person": item.person}
            for item in plan.unmatched
        ],
    }  # fmt: skip
    if diff:
        document["diff"] = diff
    write_json(out, document)


_REPORTS = {SyncFormat.table: _render_table, SyncFormat.json: _render_json}
