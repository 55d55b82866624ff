"""`relmap diff`: what changed between two versions of a map, or since a git revision."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from .common import AnalysisFormat, command_app, fail_usage, load_one, parse_today, require_valid

if TYPE_CHECKING:
    from ..format.model import AccountMap

app = command_app()


@app.command()
def diff(
    paths: Annotated[
        list[str], typer.Argument(metavar="OLD NEW | FILE", help="Two versions of a map, or one map with --since.")
    ],
    since: Annotated[
        str | None,
        typer.Option(
            metavar="REV",
            help="Compare FILE with its committed version in REV (a commit, branch, tag, HEAD~3, "
            "or a date YYYY-MM-DD for the last commit on or before that day).",
        ),
    ] = None,
    output_format: Annotated[
        AnalysisFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = AnalysisFormat.table,
    today: Annotated[str | None, typer.Option(help="Judge the gaps as of this day (YYYY-MM-DD).")] = None,
) -> None:
    """Show what changed in a map: people added, removed, departed or leaving
    (a left date still to come), placeholders filled; stance, influence and
    role changes; relationships added, removed, strengthened or weakened;
    account and action changes; gaps (as relmap gaps reports them) opened,
    closed, or no longer applying because someone in them left.

    With --since, the old version is read from git history (`git` must be
    installed, and the clone must have its full history: a shallow clone is
    refused rather than compared against the wrong version). Both versions
    must be valid maps. Exit 0 with the changes, 2 on a usage error.

    Example: relmap diff maps/acme.yaml --since HEAD~5
    """
    from ..analysis.diff import diff_maps
    from ..render.diff import DIFF_FORMATS

    day = parse_today(today)
    if since is not None:
        if len(paths) != 1:
            fail_usage("with --since, name one map: relmap diff FILE --since REV")
        old, old_label = _committed(paths[0], since)
        new_label = paths[0]
    else:
        if len(paths) != 2:
            fail_usage("name two versions of a map (relmap diff OLD NEW), or one with --since REV")
        old_label, new_label = paths
        if old_label == new_label == "-":
            fail_usage("- (standard input) can be named only once")
        old = load_one(old_label)
    new = load_one(new_label)
    DIFF_FORMATS[output_format](diff_maps(old, new, old_label, new_label, day), sys.stdout)


def _committed(path: str, rev: str) -> "tuple[AccountMap, str]":
    """The map at `path` as committed in `rev`, and how to name that version."""
    from ..files.history import HistoryError, read_old_version
    from ..load.loader import load_source, source_from_bytes

    if path == "-":
        fail_usage("--since reads the file's history, so it needs a file, not standard input")
    try:
        old = read_old_version(path, rev)
    except HistoryError as error:
        fail_usage(str(error))
    source = source_from_bytes(f"{rev}:{old.path}", old.data)
    label = f"{path} at {rev} ({old.revision.short}, {old.revision.day})"
    return require_valid(load_source(source)), label
