"""`relmap sequence`: whom to approach in which order."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from .common import AnalysisFormat, TodayOption, command_app, complete_ids, fail_usage, load_graph

app = command_app()


class Strategy(StrEnum):
    """The three approach strategies."""

    bootstrap = "bootstrap"
    pyramid = "pyramid"
    backward = "backward"


@app.command()
def sequence(
    path: Annotated[str, typer.Argument(metavar="FILE", help="The map to analyse, or - for stdin.")],
    strategy: Annotated[Strategy, typer.Option("--strategy", "-s", help="bootstrap, pyramid or backward.")],
    target: Annotated[
        str | None,
        typer.Option(
            help="backward: the client id to win (default: the most powerful decision maker).",
            autocompletion=complete_ids("client"),
        ),
    ] = None,
    output_format: Annotated[
        AnalysisFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = AnalysisFormat.table,
    today: TodayOption = None,
) -> None:
    """Compute whom to approach in which order, and why now.

    bootstrap: easy to hard, building support as people come on board.
    pyramid: most powerful first; each step lists who is expected to follow.
    backward: from the target (default: the decision maker with the most power)
    back through the people they defer to or are influenced by, to someone we
    already reach; never through someone who opposes the next person.
    Every strategy warns when an early step may cost people needed later.

    Example: relmap sequence examples/acme.yaml --strategy backward --target lee
    """
    from ..analysis.sequence import UnknownTarget, plan_sequence
    from ..render.sequence import SEQUENCE_FORMATS

    if target is not None and strategy != Strategy.backward:
        fail_usage("--target only applies to --strategy backward")
    graph = load_graph(path, today)
    try:
        result = plan_sequence(graph, strategy, target)
    except UnknownTarget as error:
        fail_usage(f"--target: {error}")
    SEQUENCE_FORMATS[output_format](result, graph, sys.stdout)
