"""`relmap people`: the client's people as a list to filter and sort."""

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ..format.model import LEVELS, ROLES, STANCES
from .common import TodayOption, command_app, fail_usage, load_graph, parse_today

app = command_app()

Level = StrEnum("Level", {level: level for level in LEVELS})  # type: ignore[misc]
Role = StrEnum("Role", {role: role for role in ROLES})  # type: ignore[misc]
Stance = StrEnum("Stance", {stance: stance for stance in STANCES})  # type: ignore[misc]


class PeopleFormat(StrEnum):
    """What `relmap people` can write."""

    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


class SortBy(StrEnum):
    """How `relmap people` orders its rows."""

    name = "name"
    influence = "influence"
    last = "last"
    ease = "ease"


@app.command()
def people(
    path: Annotated[str, typer.Argument(metavar="FILE", help="The map to list, or - for stdin.")],
    function: Annotated[
        list[str] | None, typer.Option("--function", metavar="F", help="Only this function (repeatable).")
    ] = None,
    level: Annotated[list[Level] | None, typer.Option(help="Only this level (repeatable).")] = None,
    role: Annotated[list[Role] | None, typer.Option(help="Only people with this role (repeatable).")] = None,
    stance: Annotated[list[Stance] | None, typer.Option(help="Only this stance (repeatable).")] = None,
    uncovered: Annotated[
        bool, typer.Option("--uncovered", help="Only people none of ours knows at good or strong.")
    ] = False,
    departed: Annotated[bool, typer.Option("--left", help="Also list people who have left.")] = False,
    sort: Annotated[
        SortBy | None,
        typer.Option(
            help="name (A-Z), influence (highest first), last (longest ago first) or ease (easiest first); "
            "default: the map's order."
        ),
    ] = None,
    output_format: Annotated[
        PeopleFormat, typer.Option("--format", "-f", help="table, json, markdown or csv.")
    ] = PeopleFormat.table,
    today: TodayOption = None,
) -> None:
    """List the client's people: title, function, level, roles, stance,
    influence, our best contact and how long ago we last met, how many
    threads (good or strong contacts) we have, their coalition bucket, and
    how easy they are to win (their place in the bootstrap order, cut into
    thirds: easy, medium, hard).

    Filters combine (a person must pass all); a repeated filter keeps any of
    its values. CSV is safe to open in a spreadsheet: a cell that would start
    a formula is quoted.

    Example: relmap people examples/acme.yaml --role decision-maker --role budget-holder --sort last
    """
    from ..analysis.people import Filters, list_people
    from ..render.people import PEOPLE_FORMATS

    graph = load_graph(path, today)
    functions = tuple(function or ())
    known = sorted({person.function for person in graph.client.values() if person.function})
    unknown = [name for name in functions if name not in known]
    if unknown:
        fail_usage(f"--function {unknown[0]}: no client person has that function (functions: {', '.join(known)})")
    filters = Filters(
        functions=functions,
        levels=tuple(str(value) for value in level or ()),
        roles=tuple(str(value) for value in role or ()),
        stances=tuple(str(value) for value in stance or ()),
        uncovered=uncovered,
        departed=departed,
    )
    listed = list_people(graph, parse_today(today), filters, sort.value if sort else None)
    PEOPLE_FORMATS[output_format](listed, graph, sys.stdout)
