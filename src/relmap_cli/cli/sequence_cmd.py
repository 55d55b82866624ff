"""`relmap sequence`: whom to approach in which order."""

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


class Scope(StrEnum):
    """Whom a sequence lists."""

    everyone = "everyone"
    key_players = "key-players"


@app.command()
def sequence(
    path: Annotated[str, typer.Argument(metavar="FILE", help="The map to analyse, or - for stdin.")],
    strategy: Annotated[Strategy, typer.Option("--strategy", "-s", help="bootstrap, pyramid or backward.")],
    target: Annotated[
        str | None,
        typer.Option(
            help="backward: the client id to win (default: the most powerful decider we do not reach yet).",
            autocompletion=complete_ids("client"),
        ),
    ] = None,
    scope: Annotated[
        Scope,
        typer.Option(help="everyone approachable, or key-players and the people on the best paths to them."),
    ] = Scope.everyone,
    top: Annotated[int | None, typer.Option(min=1, metavar="N", help="Show only the first N steps.")] = None,
    output_format: Annotated[
        AnalysisFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = AnalysisFormat.table,
    today: TodayOption = None,
) -> None:
    """Compute whom to approach in which order, how we get to them, and why now.

    bootstrap: easy to hard, building support as people come on board; warns
    when a gatekeeper comes after the decision maker they guard.

    pyramid: most powerful first; each step lists who is expected to follow,
    and the backward path to anyone we do not reach.

    backward: from the target (default: the most powerful decision maker or
    budget holder we do not reach yet) back through the people they defer to
    or are influenced by, to the first person we reach. Influence fades by 0.8
    a step; never through someone who opposes the next person; with no path,
    whom to get to know.

    Every step says how we get there (our contact, or the people on the way);
    warnings name early steps that may cost people needed later and ways in
    that depend on someone leaving.

    Example: relmap sequence examples/acme.yaml --strategy backward --target lee
    """
    from ..analysis.sequence import UnknownTarget, plan_sequence
    from ..render.sequence import SEQUENCE_FORMATS

    if target is not None and strategy != Strategy.backward:
        fail_usage("--target only applies to --strategy backward")
    graph = load_graph(path, today)
    try:
        result = plan_sequence(graph, strategy, target, scope=scope, top=top)
    except UnknownTarget as error:
        fail_usage(f"--target: {error}")
    SEQUENCE_FORMATS[output_format](result, graph, sys.stdout)
