"""`relmap done`: mark actions of the plan done, or the map reviewed, with the day it happened."""

from typing import Annotated

import typer

from .common import TodayOption, command_app, fail_usage, parse_today
from .editing import DryRunOption, day_option, run_edit

app = command_app()


@app.command()
def done(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The map file to update.")],
    actions: Annotated[
        list[str] | None, typer.Argument(metavar="[ACTION]...", help="Ids of the actions that are done.")
    ] = None,
    review: Annotated[
        bool, typer.Option("--review", help="The map was reviewed: set the account's `reviewed` date.")
    ] = False,
    on: Annotated[str | None, typer.Option(help="The day they were done (YYYY-MM-DD; default: today).")] = None,
    log: Annotated[
        bool,
        typer.Option("--log", help="Also record the meeting: move `last` on the owner's knows lines to the people."),
    ] = False,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> None:
    """Mark actions done (`status: done` and a `done:` date), or the map reviewed (--review).

    An action already done keeps its date unless --on gives another. With
    --log, the owner's existing knows lines to the action's people get
    `last` moved forward to that day, as `relmap log` would. Exit 0 when
    written, 2 when refused.

    With --review, the account's `reviewed` date becomes that day: what
    `relmap check` asks for once the team has gone through the map.

    Example: relmap done acme.yaml a2 --on 2026-10-30
    """
    from ..edit import AccountRef, Change, MarkDone, SetFields

    if not actions and not review:
        fail_usage("name the actions that are done, or give --review when the map was reviewed")
    day = day_option(on, "--on", parse_today(today))
    ids = list(dict.fromkeys(actions or ()))
    changes: list[Change] = [MarkDone(action, day, on is not None, log) for action in ids]
    if review:
        changes.append(SetFields(AccountRef(), {"reviewed": day}))
    run_edit(file, changes, dry_run=dry_run)
