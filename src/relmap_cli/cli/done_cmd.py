"""`relmap done`: mark actions of the plan done, with the day they were done."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import TodayOption, command_app, parse_today
from .editing import DryRunOption, day_option, run_edit

app = command_app()


@app.command()
def done(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The map file to update.")],
    actions: Annotated[list[str], typer.Argument(metavar="ACTION...", help="Ids of the actions that are done.")],
    on: Annotated[str | None, typer.Option(help="The day they were done (YYYY-MM-DD; default: today).")] = None,
    log: Annotated[
        bool,
        typer.Option("--log", help="Also record the meeting: move `last` on the owner's knows lines to the people."),
    ] = False,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> None:
    """Mark actions done: `status: done` and a `done:` date.

    An action already done keeps its date unless --on gives another. With
    --log, the owner's existing knows lines to the action's people get
    `last` moved forward to that day, as `relmap log` would. Exit 0 when
    written, 2 when refused.

    Example: relmap done acme.yaml a2 --on 2026-10-30
    """
    from ..edit import MarkDone

    day = day_option(on, "--on", parse_today(today))
    ids = list(dict.fromkeys(actions))
    run_edit(file, [MarkDone(action, day, on is not None, log) for action in ids], dry_run=dry_run)
