"""`relmap matrix`: our people x their people, each cell a relationship strength."""

import sys
from typing import Annotated

import typer

from .common import AnalysisFormat, TodayOption, command_app, load_graph

app = command_app()


@app.command()
def matrix(
    path: Annotated[str, typer.Argument(metavar="FILE", help="The map to show, or - for stdin.")],
    output_format: Annotated[
        AnalysisFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = AnalysisFormat.table,
    today: TodayOption = None,
) -> None:
    """Show who of ours knows whom of theirs, and how well: the whiteboard grid.

    Rows are the client's current people, grouped by function and from the
    executive down (* marks key players); columns are our people, by id or,
    when the ids do not fit, by keys explained in the table of our people
    below. Each cell is S strong, G good, W weak or N negative, coloured on a
    terminal; the last column is the newest contact and who had it. Nobody
    is left out to fit the width: ours are split into panels, or on a very
    narrow terminal each person lists who knows them.

    Example: relmap matrix examples/acme.yaml
    """
    from ..analysis.matrix import build_matrix
    from ..render.matrix import MATRIX_FORMATS

    graph = load_graph(path, today)
    MATRIX_FORMATS[output_format](build_matrix(graph), graph, sys.stdout)
