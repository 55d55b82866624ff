"""`relmap check`: is every map still true today? For CI and pre-commit."""

import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    FindingsFormat,
    MaxBytesOption,
    collect_paths,
    command_app,
    fail_usage,
    note,
    parse_today,
)

if TYPE_CHECKING:
    from ..analysis.staleness import Thresholds
    from ..files.cache import ResultCache
    from ..load.loader import Source
    from ..render.findings import FileReport

T = TypeVar("T")

# below this many files a process pool costs more to start than it saves
POOL_MIN_FILES = 64

CacheDirOption = Annotated[
    str | None,
    typer.Option(
        "--cache-dir",
        metavar="DIR",
        help="Keep each map's results here (default: RELMAP_CACHE_DIR, else the user's cache folder).",
    ),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Judge every map afresh and keep nothing (also RELMAP_NO_CACHE=1).")
]


class FailOn(StrEnum):
    """The lowest severity that makes `relmap check` exit 1."""

    warning = "warning"
    error = "error"


app = command_app()


def check_source(source: "Source", today: date, thresholds: "Thresholds") -> "FileReport":
    """Load one map and apply every rule; an invalid map reports its validation errors.

    Whatever happens with one map, the run goes on: a failure relmap did not
    foresee is reported as an error of that file (and as the bug it is).
    """
    from ..render.findings import FileReport

    try:
        return _check_loaded(source, today, thresholds)
    except Exception as error:
        if os.environ.get("RELMAP_DEBUG"):
            raise
        from ..load.problems import Problem
        from ..render.safe import clean_line

        message = (
            f"relmap could not check this map ({type(error).__name__}: {clean_line(str(error))[:200]}); "
            "this is a bug in relmap, not in your map"
        )
        return FileReport(source.path, None, [Problem(source.path, 1, 1, "internal-error", message)])


def _check_loaded(source: "Source", today: date, thresholds: "Thresholds") -> "FileReport":
    from ..analysis.staleness import check_map
    from ..load.loader import load_source
    from ..load.problems import ProblemLog
    from ..render.findings import FileReport, located

    loaded = load_source(source)
    if loaded.model is None or loaded.problems or loaded.source is None:
        return FileReport(loaded.path, loaded.account_name, loaded.problems)
    findings = check_map(loaded.model, today, thresholds)
    return FileReport(loaded.path, loaded.account_name, ProblemLog(located(findings, loaded.source)).capped())


def _check_all(
    sources: "list[Source]", today: date, thresholds: "Thresholds", jobs: int, cache: "ResultCache | None" = None
) -> "list[FileReport]":
    """Reports in the order of `sources`: kept ones from `cache`, the others from a process pool when there are many."""
    kept = [cache.get(source.path, source.text) if cache is not None else None for source in sources]
    todo = [source for source, report in zip(sources, kept, strict=True) if report is None]
    fresh = iter(map_sources(partial(check_source, today=today, thresholds=thresholds), todo, jobs))
    reports = [report if report is not None else next(fresh) for report in kept]
    if cache is not None:
        for source, was, report in zip(sources, kept, reports, strict=True):
            if was is None and not any(problem.rule == "internal-error" for problem in report.problems):
                cache.put(source.path, source.text, report)
        cache.save()
    return reports


def map_sources(work: "Callable[[Source], T]", sources: "list[Source]", jobs: int) -> list[T]:
    """`work` over `sources`, in order; in a process pool when `jobs` (0: every core for many files) says so."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if jobs == 0:
        jobs = cores if len(sources) >= POOL_MIN_FILES else 1
    jobs = min(jobs, len(sources), cores)  # more processes than cores only cost memory (--jobs 5000 would fork 5000)
    if jobs <= 1:
        return [work(source) for source in sources]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(work, sources, chunksize=max(1, len(sources) // (jobs * 4))))


def open_cache(
    kind: str, options: str, cache_dir: str | None, no_cache: bool, sources: "list[Source]"
) -> "ResultCache | None":
    """The results kept for `kind` under `options`, or None when caching is off or the run is over one map.

    One map is judged afresh: a store pays over many maps (a folder, a portfolio), and a run
    over one map always gives what that map says now, without touching the cache folder.
    """
    if len(sources) < 2:
        return None
    from ..files.cache import ResultCache, results_folder

    folder = results_folder(cache_dir, no_cache)
    return ResultCache(kind, options, folder) if folder is not None else None


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Map files, directories (every map below them) or - for stdin.")],
    output_format: Annotated[
        FindingsFormat, typer.Option("--format", "-f", help="table, json or github (workflow annotations).")
    ] = FindingsFormat.table,
    today: Annotated[str | None, typer.Option(help="Judge dates as of this day (YYYY-MM-DD; default: today).")] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 on findings of this severity or worse: error or warning.")
    ] = FailOn.error,
    review_every: Annotated[
        str | None,
        typer.Option(
            "--review-every",
            metavar="CADENCE",
            help="Review cadence for every map (30d, 6w, 3m, 1y), instead of each map's own or its tier's.",
        ),
    ] = None,
    strong_days: Annotated[int, typer.Option(min=0, help="Days before a strong relationship goes stale.")] = 60,
    good_days: Annotated[int, typer.Option(min=0, help="Days before a good relationship goes stale.")] = 90,
    weak_days: Annotated[int, typer.Option(min=0, help="Days before a weak relationship goes stale.")] = 180,
    negative_days: Annotated[int, typer.Option(min=0, help="Days before a negative relationship goes stale.")] = 60,
    action_grace_days: Annotated[int, typer.Option(min=0, help="Days an open action may run past its due date.")] = 0,
    only_maps: Annotated[
        bool,
        typer.Option("--only-maps", help="Skip named files without a top-level 'relmap:' key (for pre-commit hooks)."),
    ] = False,
    max_bytes: MaxBytesOption = None,
    jobs: Annotated[
        int,
        typer.Option(
            min=0, help="Processes to check with (default 0: every core when there are many maps; at most one per core)."
        ),
    ] = 0,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check that maps are current: reviews, key contacts, actions, departures.

    Rules (severity): review-overdue and review-missing (error), contact-stale
    and contact-missing for key players (warning), action-overdue (warning),
    champion-left and owner-left (error), champion-leaving (warning),
    future-date (warning), and every validation error (error). Prints one line per finding, then a summary on
    stderr. Exit 0 when nothing reaches --fail-on, 1 when something does, 2 on
    a usage error.

    Example: relmap check maps/ --format github --today 2026-11-23
    """
    from collections import Counter

    from ..analysis.staleness import Thresholds
    from ..format.model import CADENCE_PATTERN, MAX_REVIEW_DAYS, cadence_days
    from ..load.hints import shorten
    from ..load.problems import RANK, Severity, count_by_severity
    from ..render.console import wants_color
    from ..render.findings import FINDINGS_FORMATS

    day = parse_today(today)
    review_days = None
    if review_every is not None:
        import re

        if not re.fullmatch(CADENCE_PATTERN, review_every):  # a match up to `$` would admit "30d\n"
            fail_usage(f"--review-every must be a cadence such as 30d, 6w, 3m or 1y, not '{shorten(review_every)}'")
        # seven characters hold every cadence up to 100 years; more would be slow to turn into a number
        if len(review_every) > 7 or cadence_days(review_every) > MAX_REVIEW_DAYS:
            fail_usage(f"--review-every must be at most 100 years ({MAX_REVIEW_DAYS} days), not {shorten(review_every)}")
        review_days = cadence_days(review_every)
    thresholds = Thresholds(
        strong_days=strong_days,
        good_days=good_days,
        weak_days=weak_days,
        negative_days=negative_days,
        review_days=review_days,
        action_grace_days=action_grace_days,
    )
    sources = collect_paths(paths, max_bytes, only_maps=only_maps)
    cache = open_cache("check", f"{day}\0{thresholds!r}", cache_dir, no_cache, sources)
    reports = _check_all(sources, day, thresholds, jobs, cache)
    FINDINGS_FORMATS[output_format](reports, sys.stdout, wants_color(sys.stdout))

    problems = [problem for report in reports for problem in report.problems]
    counts = sum((count_by_severity(report.problems) for report in reports), Counter())
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    note(f"{_plural(len(reports), 'map')} checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}")
    threshold = RANK[Severity(fail_on.value)]
    failing = any(RANK[problem.severity] >= threshold for problem in problems)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)
