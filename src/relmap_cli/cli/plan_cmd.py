"""`relmap plan`: the open actions of one or many maps by date, and who has no planned touch."""

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    EXIT_USAGE,
    MaxBytesOption,
    TodayOption,
    collect_paths,
    command_app,
    complete_ids,
    emit,
    fail_usage,
    note,
    output_target,
    parse_today,
    print_problems,
    write_output,
)

if TYPE_CHECKING:
    from ..analysis.plan import Plan

app = command_app()


class PlanFormat(StrEnum):
    """What `relmap plan` can write."""

    table = "table"
    json = "json"
    markdown = "markdown"
    ics = "ics"


class CalendarItems(StrEnum):
    """How `--format ics` writes each action and reminder."""

    events = "events"
    todos = "todos"


@app.command()
def plan(
    paths: Annotated[list[str], typer.Argument(help="Map files, directories (every map below them) or - for stdin.")],
    owner: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            help="Only the actions, touches and reminders of this team member.",
            autocompletion=complete_ids("team"),
        ),
    ] = None,
    due_within: Annotated[
        int | None,
        typer.Option(
            min=0,
            metavar="DAYS",
            help="Only actions due within this many days (overdue ones included); also how far ahead "
            "reminders look (default 30).",
        ),
    ] = None,
    output_format: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="table, json, markdown or ics (a calendar file).")
    ] = PlanFormat.table,
    items: Annotated[
        CalendarItems,
        typer.Option(help="With --format ics: all-day events (for any calendar) or to-dos (for task lists)."),
    ] = CalendarItems.events,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file (replaced atomically) instead of stdout.")
    ] = None,
    today: TodayOption = None,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Show the plan: every open action by due date, overdue first, with its owner,
    the people involved and the gaps it addresses (as relmap gaps reports them).

    Then the key players with no planned touch (no open action involves them
    and none of our threads with them is inside its contact window: strong 60
    days, good 90), and the key contacts whose window runs out within
    --due-within days (30 by default), with who of ours should get in touch.

    --format ics writes a calendar: one all-day item per open action (an
    overdue or undated one on today) and one per key contact about to go
    stale. Each item keeps its UID from one export to the next (it is made
    from the account name and the action id), so importing again updates the
    items instead of adding copies. A map that cannot be loaded is reported
    with its errors and the command exits 2 after printing the rest.

    Example: relmap plan maps/ --owner chen --due-within 30 --format ics --output chen.ics
    """
    from ..analysis.plan import DEFAULT_REMINDER_DAYS, combine, plan_account
    from ..graph import build_graph
    from ..load.loader import load_source

    day = parse_today(today)
    target = output_target(output) if output is not None else None
    reminder_days = due_within if due_within is not None else DEFAULT_REMINDER_DAYS
    plans: list[Plan] = []
    team_ids: set[str] = set()
    broken = 0
    for source in collect_paths(paths, max_bytes):
        loaded = load_source(source)
        if loaded.model is None or loaded.problems:
            broken += 1
            print_problems(loaded.problems)
            continue
        team_ids.update(member.id for member in loaded.model.team)
        plans.append(plan_account(build_graph(loaded.model, day), loaded.path, day, reminder_days))
    if owner is not None and plans and owner not in team_ids:
        shown = ", ".join(sorted(team_ids)[:12]) + (", ..." if len(team_ids) > 12 else "")
        fail_usage(f"--owner {owner}: nobody on the team of these maps has that id (team ids: {shown})")
    result = combine(plans, day, reminder_days, owner=owner, due_within=due_within)
    if output_format is PlanFormat.ics:
        from ..render.ics import format_ics

        text = format_ics(result, todo=items is CalendarItems.todos)
        if target is None and hasattr(sys.stdout, "buffer"):
            sys.stdout.flush()  # CRLF line ends must reach the file as written, on every platform
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
        else:
            write_output(target, text)
    else:
        from ..render.plan import PLAN_FORMATS

        emit(target, lambda out: PLAN_FORMATS[output_format](result, out))
    if output_format is PlanFormat.ics:
        _say_what_is_missing(result, target is not None, output)
    if broken:
        note(f"relmap: error: {broken} map{'s' * (broken != 1)} could not be loaded; fix the errors above")
        raise typer.Exit(EXIT_USAGE)


def _say_what_is_missing(result: "Plan", written: bool, output: str | None) -> None:
    """A calendar holds actions and reminders; say what it does not hold."""
    count = len(result.items) + len(result.reminders)
    if written:
        note(f"wrote {output}: {count} item{'s' * (count != 1)}")
    if not count:
        note("the calendar is empty: no open action, and no key contact whose window runs out within --due-within")
    if result.untouched:
        people = len(result.untouched)
        note(
            f"{people} key player{'s' * (people != 1)} with no planned touch "
            f"{'are' if people != 1 else 'is'} not in the calendar: plan an action (relmap plan lists them)"
        )
