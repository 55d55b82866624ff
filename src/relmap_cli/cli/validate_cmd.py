"""`relmap validate`: the format and whole-map rules over files and directories."""

import sys
from typing import Annotated

import typer

from .check_cmd import CacheDirOption, NoCacheOption, open_cache
from .common import EXIT_FINDINGS, EXIT_OK, FindingsFormat, MaxBytesOption, collect_paths, command_app, note

app = command_app()


@app.command()
def validate(
    paths: Annotated[list[str], typer.Argument(help="Map files, directories (every map below them) or - for stdin.")],
    output_format: Annotated[
        FindingsFormat, typer.Option("--format", "-f", help="table, json or github.")
    ] = FindingsFormat.table,
    max_bytes: MaxBytesOption = None,
    only_maps: Annotated[
        bool,
        typer.Option("--only-maps", help="Skip named files without a top-level 'relmap:' key (for pre-commit hooks)."),
    ] = False,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check maps against the file format and the whole-map rules.

    Prints every problem of every file as path:line:col: error: message [rule],
    then a summary on stderr. Exit 0 when all maps are valid, 1 when any is not,
    2 on a usage error.

    Example: relmap validate examples/ --format github
    """
    from ..load.loader import load_source
    from ..load.problems import count_by_severity
    from ..render.console import wants_color
    from ..render.findings import FINDINGS_FORMATS, FileReport

    sources = collect_paths(paths, max_bytes, only_maps=only_maps)
    cache = open_cache("validate", "", cache_dir, no_cache, sources)
    reports = []
    for source in sources:
        report = cache.get(source.path, source.text) if cache is not None else None
        if report is None:
            item = load_source(source)
            report = FileReport(item.path, item.account_name, item.problems)
            if cache is not None:
                cache.put(source.path, source.text, report)
        reports.append(report)
    if cache is not None:
        cache.save()
    FINDINGS_FORMATS[output_format](reports, sys.stdout, wants_color(sys.stdout))
    invalid = sum(1 for report in reports if report.problems)
    errors = sum(count_by_severity(report.problems).total() for report in reports)
    maps = f"{len(reports)} map{'s' * (len(reports) != 1)}"
    if invalid:
        note(f"{maps} checked: {invalid} invalid, {errors:,} error{'s' * (errors != 1)}")
        raise typer.Exit(EXIT_FINDINGS)
    note(f"{maps} checked: all valid")
    raise typer.Exit(EXIT_OK)
