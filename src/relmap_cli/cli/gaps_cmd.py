"""`relmap gaps`: uncovered decision makers, missing counterparts, thin and hostile links."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .common import AnalysisFormat, TodayOption, command_app, load_graph

app = command_app()


@app.command()
def gaps(
    path: Annotated[str, typer.Argument(metavar="FILE", help="The map to analyse, or - for stdin.")],
    output_format: Annotated[
        AnalysisFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = AnalysisFormat.table,
    today: TodayOption = None,
) -> None:
    """Find the gaps in an account's relationships, most important first.

    Uncovered key players, missing cross-functional counterparts, functions
    with nobody to pair with, single-threaded contacts and the bow tie,
    negative relationships, missing roles (decision maker, budget holder,
    champion), unknown stances, unfilled placeholders and people who left.
    Each finding comes with a concrete suggestion. Also prints the engagement
    model and the map status (0-3).

    Example: relmap gaps examples/acme.yaml --format markdown
    """
    from ..analysis.gaps import find_gaps
    from ..render.gaps import GAPS_FORMATS

    graph = load_graph(path, today)
    GAPS_FORMATS[output_format](find_gaps(graph), sys.stdout)
