"""`relmap log`: record an interaction of one of ours with their people on the `knows` lines."""

from typing import Annotated

import typer

from .common import TodayOption, command_app, complete_ids, parse_today
from .editing import DryRunOption, day_option, run_edit

app = command_app()


def split_ids(values: list[str]) -> list[str]:
    """Ids given as `a b`, `a,b` or repeated options, each once, in order."""
    found = [part.strip() for value in values for part in value.split(",")]
    return list(dict.fromkeys(part for part in found if part))


@app.command()
def log(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The map file to update.")],
    more: Annotated[
        list[str] | None, typer.Argument(metavar="[THEIRS]...", help="More of their people, after --with.")
    ] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help="Who of ours met them: team ids (--by kim, or --by kim,chen when two of ours were there).",
            autocompletion=complete_ids("team"),
        ),
    ] = None,
    with_: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            help="Who of theirs: client ids (--with maria joe, or --with maria,joe).",
            autocompletion=complete_ids("client"),
        ),
    ] = None,
    on: Annotated[str | None, typer.Option(help="The day it happened (YYYY-MM-DD; default: today).")] = None,
    strength: Annotated[
        str | None, typer.Option(help="How the relationship stands now: strong, good, weak or negative.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What it was about (written as the line's note).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Set `last` even if it moves back in time.")] = False,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> None:
    """Record that some of ours met some of their people: move `last` forward on each `knows` line.

    A line that does not exist yet is added (weak, unless --strength says
    otherwise). `last` only moves forward in time unless --force; --note
    replaces the line's note. Only the lines that change are rewritten;
    comments and layout stay. Exit 0 when written, 2 when refused.

    Example: relmap log acme.yaml --by kim --with maria joe --on 2026-11-20 --note "QBR prep"
    """
    from ..edit import LogContact
    from ..format.model import STRENGTHS
    from ..load.hints import did_you_mean, quote_list
    from .common import fail_usage

    ours = split_ids(by or [])
    if not ours:
        fail_usage("--by is required: who of ours met them (a team id)")
    people = split_ids([*(with_ or []), *(more or [])])
    if not people:
        fail_usage("--with is required: whom of theirs they met (client ids)")
    if strength is not None and strength not in STRENGTHS:
        fail_usage(f"--strength must be {quote_list(STRENGTHS)}, not '{strength}'{did_you_mean(strength, STRENGTHS)}")
    now = parse_today(today)
    day = day_option(on, "--on", now)
    changes = [
        LogContact(member, person, day, strength, note, force, today=now) for member in ours for person in people
    ]
    run_edit(file, changes, dry_run=dry_run)
