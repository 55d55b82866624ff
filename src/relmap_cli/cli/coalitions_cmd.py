"""`relmap coalitions`: who furthers, who hinders, who can swing."""

import sys
from typing import Annotated

import typer

from .common import AnalysisFormat, TodayOption, command_app, load_graph

app = command_app()


@app.command()
def coalitions(
    path: Annotated[str, typer.Argument(metavar="FILE", help="The map to analyse, or - for stdin.")],
    output_format: Annotated[
        AnalysisFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = AnalysisFormat.table,
    today: TodayOption = None,
) -> None:
    """Bucket the client's people into those who further or hinder our interests.

    The report opens with what needs attention: decision makers and budget
    holders in hinders, supporters and champions pulled below zero, detractors
    within reach and pivots, each with who pulls them.

    Each current client person lands in furthers, hinders or swing: directly by
    their own stance, or indirectly when a neutral or unknown person is pulled
    by the people they defer to or are influenced by, or pushed against those
    they oppose (Friedkin-Johnsen opinion dynamics; the model and its
    parameters are in the README). The bucket follows the score as printed.
    Unknown stances placed by the model alone are marked inferred. Swing people
    with influence 4+ or two or more people deferring to them are pivots.
    Coalitions group people who sway each other and lean the same way, led by
    their most influential member whose own stance leans that way.

    Example: relmap coalitions examples/acme.yaml
    """
    from ..analysis.coalitions import find_coalitions
    from ..render.coalitions import COALITION_FORMATS

    graph = load_graph(path, today)
    COALITION_FORMATS[output_format](find_coalitions(graph), graph, sys.stdout)
