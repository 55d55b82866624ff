"""`relmap portfolio`: one row per account, riskiest first; a table, JSON, Markdown or one HTML page."""

import os
from dataclasses import replace
from datetime import date
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .check_cmd import CacheDirOption, FailOn, NoCacheOption, map_sources, open_cache
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    MaxBytesOption,
    TodayOption,
    collect_paths,
    command_app,
    emit,
    fail_usage,
    note,
    output_target,
    parse_today,
    write_output,
)

if TYPE_CHECKING:
    from ..analysis.portfolio import Row
    from ..analysis.trend import Trend
    from ..files.cache import ResultCache
    from ..load.loader import Source

app = command_app()

SPARK_POINTS = 12  # the newest versions a portfolio page draws for each account


class PortfolioFormat(StrEnum):
    """What `relmap portfolio` can write."""

    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


def judge_source(source: "Source", today: date) -> "Row":
    """Load one map and judge it; a map that does not load is a row with its errors."""
    from ..analysis.portfolio import broken_account, judge_account
    from ..load.loader import load_source

    loaded = load_source(source)
    if loaded.model is None or loaded.problems:
        return broken_account(loaded.path, loaded.account_name, list(loaded.problems))
    return judge_account(loaded.path, loaded.model, today)


def _judge_all(sources: "list[Source]", today: date, jobs: int, cache: "ResultCache | None" = None) -> "list[Row]":
    """Rows in the order of `sources`: kept ones from `cache`, the others judged (in a pool when there are many)."""
    kept = [cache.get(source.path, source.text) if cache is not None else None for source in sources]
    todo = [source for source, row in zip(sources, kept, strict=True) if row is None]
    fresh = iter(map_sources(partial(judge_source, today=today), todo, jobs))
    rows = [row if row is not None else next(fresh) for row in kept]
    if cache is not None:
        for source, was, row in zip(sources, kept, rows, strict=True):
            if was is None:
                # the page and the tables need the figures only, not the analyses they came from
                health = row.health and replace(row.health, gaps=None, coalitions=None)
                cache.put(source.path, source.text, row._replace(health=health))
        cache.save()
    return rows


def _trends(paths: list[str], rows: "list[Row]", today: date) -> "dict[str, Trend]":
    """Each account's recent trend, from one git log per folder named and one batch read of the contents."""
    from ..files.history import History, read_folder_histories
    from .histories import build_trends

    wanted = [row.path for row in rows]
    histories: dict[str, History] = {}
    for folder in paths:
        base = folder if os.path.isdir(folder) else os.path.dirname(folder) or "."
        inside = [path for path in wanted if path not in histories]
        for path, history in read_folder_histories(base, inside).items():
            if history.versions or history.working is not None:
                histories[path] = history
    return build_trends(histories, today, SPARK_POINTS)


def report_names(paths: list[str]) -> dict[str, str]:
    """A file name for each map's report: its own name, with folders in front where two would clash.

    Names that still clash when every folder is in (`sub-acme.yaml` and
    `sub/acme.yaml`) get `-2`, `-3`, ... in path order: one report per map, never one over another.
    """
    from collections import Counter
    from pathlib import PurePath

    parts = {path: PurePath(path).with_suffix("").parts for path in paths}
    depth = dict.fromkeys(paths, 1)
    while True:
        names = {path: "-".join(parts[path][-depth[path] :]) for path in paths}
        counts = Counter(name.casefold() for name in names.values())
        grow = [p for p in paths if counts[names[p].casefold()] > 1 and depth[p] < len(parts[p])]
        if not grow:
            break
        for path in grow:
            depth[path] += 1
    taken = {name.casefold() for name in names.values()}
    seen: set[str] = set()
    files = {}
    for path in sorted(paths):
        name = names[path]
        if name.casefold() in seen:
            number = 2
            while f"{name}-{number}".casefold() in taken:
                number += 1
            name = f"{name}-{number}"
            taken.add(name.casefold())
        seen.add(name.casefold())
        files[path] = f"{name}.html"
    return {path: files[path] for path in paths}


def _write_reports(folder: str, rows: "list[Row]", trends: "dict[str, Trend]", today: str | None) -> dict[str, Path]:
    """Each valid account's report written into `folder`; the file written for each map."""
    from ..files.save import WriteError, write_replace
    from .report_cmd import ReportFormat, write_report

    target = Path(folder)
    if target.exists() and not target.is_dir():
        fail_usage(f"--reports {folder} is a file; name a folder to write the reports into")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail_usage(f"--reports {folder}: cannot create the folder ({error.strerror})")
    valid = [row for row in rows if row.health is not None]
    names = report_names([row.path for row in valid])
    written = {}
    for row in valid:
        page = target / names[row.path]
        text = write_report(row.path, today, ReportFormat.html, trend=trends.get(row.path))
        try:
            write_replace(page, text)
        except WriteError as error:
            fail_usage(str(error))
        written[row.path] = page
    return written


def _links(pages: dict[str, Path], output: Path | None) -> dict[str, str]:
    """Each report's address relative to where the portfolio page is written."""
    base = (output.parent if output is not None else Path(".")).resolve()
    return {path: os.path.relpath(page.resolve(), base).replace(os.sep, "/") for path, page in pages.items()}


@app.command()
def portfolio(
    paths: Annotated[list[str], typer.Argument(metavar="DIR...", help="Folders (every map below them) or map files.")],
    output_format: Annotated[
        PortfolioFormat, typer.Option("--format", "-f", help="table, json, markdown or html (one page).")
    ] = PortfolioFormat.table,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file (replaced atomically) instead of stdout.")
    ] = None,
    history: Annotated[
        bool, typer.Option("--history/--no-history", help="With --format html: draw each account's trend from git.")
    ] = True,
    reports: Annotated[
        str | None,
        typer.Option(
            metavar="DIR",
            help="With --format html: also write each account's report (relmap report) into DIR, and link it.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 when a map has a check finding this bad: error or warning.")
    ] = FailOn.error,
    today: TodayOption = None,
    max_bytes: MaxBytesOption = None,
    jobs: Annotated[
        int, typer.Option(min=0, help="Processes to judge maps with (default 0: every core when there are many).")
    ] = 0,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show every account on one page, riskiest first: tier, map status (0-3),
    engagement model and the target, key players reached (of all), champions
    and their risks (left, leaving, at risk), red flags, stale key contacts,
    overdue actions, days to the next review, and validation errors.

    A map that does not load is a row with its number of errors (it sorts
    first), never a reason to stop. --format html writes one self-contained
    page: a sortable table with each account's recent trend drawn from git
    (the last 12 changes; --no-history leaves it out); with --reports DIR
    each account's name links to its report, written into DIR (one
    relmap report page per account). The exit code follows
    relmap check: 1 when a map has a finding at or above --fail-on (an
    invalid map, an overdue review or a champion who left are errors), 0
    otherwise, 2 on a usage error.

    Example: relmap portfolio maps/ --format html --output review/portfolio.html --reports review/accounts
    """
    from ..analysis.portfolio import rank_accounts
    from ..load.problems import RANK, Severity
    from ..render.portfolio import PORTFOLIO_FORMATS

    day = parse_today(today)
    target = output_target(output) if output is not None else None
    if output_format is not PortfolioFormat.html and not history:
        fail_usage("--no-history is for --format html (only the page draws trends)")
    if output_format is not PortfolioFormat.html and reports is not None:
        fail_usage("--reports is for --format html (the page links each account to its report)")
    sources = collect_paths(paths, max_bytes)
    cache = open_cache("portfolio", str(day), cache_dir, no_cache, sources)
    rows = rank_accounts(_judge_all(sources, day, jobs, cache))
    if output_format is PortfolioFormat.html:
        from ..render.portfolio_html import render_portfolio_html

        trends = _trends(list(paths), rows, day) if history else {}
        pages = _write_reports(reports, rows, trends, today) if reports is not None else {}
        write_output(target, render_portfolio_html(rows, day, trends, _links(pages, target)))
        if pages:
            note(f"wrote {len(pages)} report{'s' * (len(pages) != 1)} into {reports}")
    else:
        emit(target, lambda out: PORTFOLIO_FORMATS[output_format](rows, day, out))
    if target is not None:
        note(f"wrote {output}: {len(rows)} account{'s' * (len(rows) != 1)}")
    threshold = RANK[Severity(fail_on.value)]
    failing = any(row.worst is not None and RANK[row.worst] >= threshold for row in rows)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)
