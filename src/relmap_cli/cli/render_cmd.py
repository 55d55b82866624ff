"""`relmap render`: the picture of one map as HTML, SVG, Mermaid or DOT."""

from enum import StrEnum
from typing import Annotated

import typer

from .common import TodayOption, command_app, complete_ids, fail_usage, load_graph, note, output_target, write_output

app = command_app()


class DiagramFormat(StrEnum):
    """What `relmap render` can write."""

    html = "html"
    svg = "svg"
    mermaid = "mermaid"
    dot = "dot"


# what `--output` names suggest when `--to` is not given
SUFFIXES = {
    ".html": DiagramFormat.html,
    ".htm": DiagramFormat.html,
    ".svg": DiagramFormat.svg,
    ".mmd": DiagramFormat.mermaid,
    ".mermaid": DiagramFormat.mermaid,
    ".dot": DiagramFormat.dot,
    ".gv": DiagramFormat.dot,
}


@app.command()
def render(
    path: Annotated[str, typer.Argument(metavar="FILE", help="The map to draw (- for stdin).")],
    to: Annotated[
        DiagramFormat | None,
        typer.Option("--to", "-t", help="html (default), svg, mermaid or dot; by default guessed from --output."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="Write to this file (replaced atomically; - for stdout) instead of stdout."
        ),
    ] = None,
    focus: Annotated[
        str | None,
        typer.Option(
            "--focus",
            metavar="ID",
            help="Draw only this person and the people within --depth lines.",
            autocompletion=complete_ids(),
        ),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option("--depth", min=1, max=20, help="With --focus: how many lines away to reach (default 1)."),
    ] = None,
    function: Annotated[
        list[str] | None,
        typer.Option("--function", metavar="F", help="Draw only the client's people of this function (repeatable)."),
    ] = None,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Only the org chart and who of ours knows whom: no stances, influence, roles, notes, interests, "
            "sway or antagonism, so it can be shown beyond the team.",
        ),
    ] = False,
    today: TodayOption = None,
) -> None:
    """Draw the map: the client's org chart, our team beneath, the lines between.

    Client people sit in rows by level, grouped by function (folded into
    bands so that the picture fits a 1,600 px window), coloured by stance and
    sized by influence; our contacts are coloured by strength; sway is drawn
    as arrows, antagonism in red. HTML is one self-contained page that works
    offline, with a legend, details on hover and a print stylesheet; SVG is
    the same picture; Mermaid renders in GitHub Markdown; DOT renders with
    Graphviz. --focus and --function draw a part of the map; --redact gives
    a version to show outside the account team.

    Example: relmap render examples/acme.yaml --output acme.html
    """
    from ..render.diagram import DIAGRAM_FORMATS, View, view_problem

    if depth is not None and focus is None:
        fail_usage("--depth needs --focus ID: the person to start from")
    view = View(focus=focus, depth=depth or 1, functions=tuple(dict.fromkeys(function or ())), redact=redact)

    target = output_target(output) if output is not None else None
    if to is None:
        to = DiagramFormat.html
        if target is not None:
            guessed = SUFFIXES.get(target.suffix.lower())
            if guessed is None:
                fail_usage(
                    f"--output {output}: cannot tell the format from the name; use one of "
                    f"{', '.join(SUFFIXES)} or say --to html|svg|mermaid|dot"
                )
            to = guessed
    graph = load_graph(path, today)
    problem = view_problem(graph, view)
    if problem is not None:
        fail_usage(problem)
    write_output(target, DIAGRAM_FORMATS[to](graph, view))
    if target is not None:
        note(f"wrote {output} ({to})")
