"""`relmap trend`: how an account's health moved over its map's git history."""

from enum import StrEnum
from typing import Annotated

import typer

from .common import TodayOption, command_app, emit, fail_usage, note, output_target, parse_today

app = command_app()


class TrendFormat(StrEnum):
    """What `relmap trend` can write."""

    table = "table"
    json = "json"
    svg = "svg"


@app.command()
def trend(
    path: Annotated[str, typer.Argument(metavar="FILE", help="A map file inside a git repository.")],
    output_format: Annotated[
        TrendFormat, typer.Option("--format", "-f", help="table, json or svg (a small chart).")
    ] = TrendFormat.table,
    last: Annotated[int | None, typer.Option(min=1, metavar="N", help="Only the newest N points.")] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file (replaced atomically) instead of stdout.")
    ] = None,
    use_cache: Annotated[
        bool, typer.Option("--cache/--no-cache", help="Keep the points between runs (default), or judge every version.")
    ] = True,
    today: TodayOption = None,
) -> None:
    """Show how the account's health moved: one point per commit that changed the
    map on the current branch's main line (a merged branch counts once), plus
    the file on disk when it has uncommitted changes.

    Each point is judged as of its commit's day (the working tree as of
    --today; later commits are left out): map status, engagement model, key
    players reached, threads, red flags, stale key contacts, open and overdue
    actions. Renames are followed. A version that was not a valid map shows
    its number of errors. In a shallow clone the trend starts where the
    clone's history does, and the command says so. Points are kept between
    runs in relmap's cache folder (RELMAP_CACHE_DIR, or the user's cache
    folder), so a second run judges only the versions it has not seen.

    Example: relmap trend maps/acme.yaml --format svg --output acme-trend.svg
    """
    from ..files.history import HistoryError, read_history
    from ..render.trend import TREND_FORMATS, shallow_note
    from .histories import build_trend

    day = parse_today(today)
    target = output_target(output) if output is not None else None
    if path == "-":
        fail_usage("trend reads the map's git history, so it needs a file, not standard input")
    try:
        history = read_history(path)
    except HistoryError as error:
        fail_usage(str(error))
    result = build_trend(history, path, day, last, use_cache=use_cache)
    emit(target, lambda out: TREND_FORMATS[output_format](result, out))
    said = shallow_note(result)
    if said and output_format is not TrendFormat.table:
        note(f"relmap: note: {said}")
    if target is not None:
        note(f"wrote {output} ({output_format})")
