"""`relmap gaps`: red flags, uncovered key players, thin and hostile links, missing counterparts."""

import sys
from enum import StrEnum
from typing import Annotated

import typer

from .common import AnalysisFormat, TodayOption, command_app, complete_ids, fail_usage, load_graph

app = command_app()


class Severity(StrEnum):
    """The severities a finding can have, most severe first."""

    error = "error"
    warning = "warning"
    info = "info"


class Kind(StrEnum):
    """The kinds of finding, in the order the report reads them."""

    red_flag = "red-flag"
    departed = "departed"
    missing_role = "missing-role"
    uncovered = "uncovered"
    negative = "negative"
    single_threaded = "single-threaded"
    model = "model"
    missing_counterpart = "missing-counterpart"
    no_counterpart = "no-counterpart"
    unknown_stance = "unknown-stance"
    placeholder = "placeholder"


@app.command()
def gaps(
    path: Annotated[str, typer.Argument(metavar="FILE", help="The map to analyse, or - for stdin.")],
    output_format: Annotated[
        AnalysisFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = AnalysisFormat.table,
    severity: Annotated[
        Severity | None, typer.Option(help="Only findings at or above this severity: error, warning or info.")
    ] = None,
    kind: Annotated[
        list[Kind] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="Only findings of this kind (repeat for several): " + ", ".join(kind.value for kind in Kind) + ".",
        ),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            metavar="ID", help="Only findings that involve this person (theirs or ours).", autocompletion=complete_ids()
        ),
    ] = None,
    interest: Annotated[
        str | None,
        typer.Option(metavar="ID", help="Only findings about people who care about this interest (cares_about)."),
    ] = None,
    unplanned: Annotated[
        bool, typer.Option("--unplanned", help="Leave out the findings an open action already addresses.")
    ] = False,
    top: Annotated[int | None, typer.Option(min=1, metavar="N", help="Only the N most important findings.")] = None,
    horizon: Annotated[
        int, typer.Option(min=0, max=3650, metavar="DAYS", help="How far ahead a departure is a red flag.")
    ] = 90,
    today: TodayOption = None,
) -> None:
    """Find the gaps in an account's relationships, most important first.

    Red flags (detractors who sway the economic buyer, a buyer in hinders,
    supporters at risk, pivots out of reach, a champion at odds with a
    buyer, key people leaving soon), people who left, missing roles,
    uncovered key players, negative contacts, single threads and the bow tie,
    the step towards the target engagement model, missing counterparts and
    white space, unknown stances and placeholders. Each finding has a
    concrete suggestion; one that an open action addresses says so and drops
    one severity step. Also prints the engagement model, its target and the
    map status (0-3). The filters only leave findings out; the summary line
    counts them.

    Example: relmap gaps examples/acme.yaml --severity warning --unplanned --top 5
    """
    from ..analysis.gaps import Selection, find_gaps, people_caring, select_findings
    from ..load.hints import did_you_mean
    from ..render.gaps import GAPS_FORMATS

    graph = load_graph(path, today)
    if person is not None and person not in graph.team and person not in graph.client:
        fail_usage(
            f"--person: nobody in the map has the id '{person}'{did_you_mean(person, [*graph.team, *graph.client])}"
        )
    interests = [item.id for item in graph.model.interests]
    if interest is not None and interest not in interests:
        known = f"; the map's interests are {', '.join(interests)}" if interests else "; the map lists no interests"
        fail_usage(f"--interest: no interest has the id '{interest}'{did_you_mean(interest, interests)}{known}")
    selection = Selection(
        severity=severity.value if severity else None,
        kinds=tuple(k.value for k in kind or ()),
        person=person,
        caring=people_caring(graph.model, interest) if interest is not None else None,
        unplanned=unplanned,
        top=top,
    )
    report = select_findings(find_gaps(graph, horizon), selection)
    GAPS_FORMATS[output_format](report, sys.stdout)
