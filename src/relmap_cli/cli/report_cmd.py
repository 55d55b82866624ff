"""`relmap report`: the account plan as one document to take into a review."""

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    TodayOption,
    command_app,
    complete_ids,
    fail_usage,
    load_graph,
    note,
    output_target,
    parse_today,
    write_output,
)
from .sequence_cmd import Strategy

if TYPE_CHECKING:
    from ..analysis.trend import Trend

app = command_app()


class ReportFormat(StrEnum):
    """What `relmap report` can write."""

    html = "html"
    markdown = "markdown"


SUFFIXES = {".html": ReportFormat.html, ".htm": ReportFormat.html, ".md": ReportFormat.markdown}


def account_trend(path: str, today: date) -> "Trend | None":
    """The map's trend from git, or None outside a repository (a report does not need one)."""
    from ..files.history import HistoryError, read_history
    from .histories import build_trend

    if path == "-":
        return None
    try:
        return build_trend(read_history(path), path, today)
    except HistoryError:
        return None


def write_report(
    path: str,
    today: str | None,
    to: ReportFormat,
    *,
    redact: bool = False,
    strategy: str = "backward",
    target: str | None = None,
    top: int = 15,
    trend: "Trend | None" = None,
) -> str:
    """The report of one map as text (shared with `portfolio --reports`); `trend` is drawn when given."""
    day = parse_today(today)
    graph = load_graph(path, today)
    if redact:
        from ..render.report import report_redacted_html
        from ..render.report_md import report_redacted_markdown

        redacted = report_redacted_html if to is ReportFormat.html else report_redacted_markdown
        return redacted(graph, day.isoformat())
    from ..analysis.review import review_account
    from ..analysis.sequence import UnknownTarget
    from ..render.report import report_html
    from ..render.report_md import report_markdown

    try:
        review = review_account(graph, path, day, strategy, target)
    except UnknownTarget as error:
        fail_usage(f"--target: {error}")
    return (report_html if to is ReportFormat.html else report_markdown)(review, trend, top)


@app.command()
def report(
    path: Annotated[str, typer.Argument(metavar="FILE", help="The map to write up, or - for stdin.")],
    to: Annotated[
        ReportFormat | None,
        typer.Option("--to", "-t", help="html (default) or markdown; by default guessed from --output."),
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file (replaced atomically) instead of stdout.")
    ] = None,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            help="Only the org chart and our coverage: no stances, notes, interests, antagonism, influence or "
            "buckets, so it can be shown beyond the account team.",
        ),
    ] = False,
    strategy: Annotated[
        Strategy,
        typer.Option("--strategy", "-s", help="The recommended sequence: backward (default), bootstrap or pyramid."),
    ] = Strategy.backward,
    target: Annotated[
        str | None,
        typer.Option(
            help="backward: the client id to win (default: the most powerful decision maker).",
            autocompletion=complete_ids("client"),
        ),
    ] = None,
    top: Annotated[int, typer.Option(min=1, metavar="N", help="Findings to show (most important first).")] = 15,
    history: Annotated[
        bool, typer.Option("--history/--no-history", help="Chart the account's trend from git when there is one.")
    ] = True,
    today: TodayOption = None,
) -> None:
    """Write the account plan as one document for an account review: the
    vision and our interests (with who on their side cares about each), the
    picture, the engagement model against its target with the trend from git,
    red flags, the top findings under the colleague who should act, the
    coalitions, the recommended sequence, and the plan.

    HTML is one self-contained page that prints cleanly on A4 or A3
    landscape (each large section starts a page, the picture is scaled to
    fit one); Markdown suits a wiki or a pull request (the picture as a
    Mermaid diagram). --redact leaves only the org chart and who of ours
    knows whom. The report uses the analyses as the other commands report
    them; it adds none of its own.

    Example: relmap report examples/acme.yaml --output acme-plan.html
    """
    target_file = output_target(output) if output is not None else None
    if to is None:
        to = ReportFormat.html
        if target_file is not None:
            guessed = SUFFIXES.get(target_file.suffix.lower())
            if guessed is None:
                fail_usage(f"--output {output}: cannot tell the format from the name; use .html or .md, or say --to")
            to = guessed
    if redact and (target is not None or strategy is not Strategy.backward):
        fail_usage("a redacted report has no sequence: leave out --strategy and --target")
    if target is not None and strategy is not Strategy.backward:
        fail_usage("--target only applies to --strategy backward")
    trend = account_trend(path, parse_today(today)) if history and not redact else None
    text = write_report(path, today, to, redact=redact, strategy=strategy.value, target=target, top=top, trend=trend)
    write_output(target_file, text)
    if target_file is not None:
        note(f"wrote {output} ({to}{', redacted' if redact else ''})")
