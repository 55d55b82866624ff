"""`relmap fmt`: lay maps out in one canonical, merge-friendly layout, comments kept."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, MaxBytesOption, collect_paths, command_app, note, print_problems

app = command_app()


@app.command()
def fmt(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATHS...", help="Map files, directories (every map below them), or - (stdin to stdout).")
    ],
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if any map is not laid out canonically.")
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print what would change as a unified diff; write nothing.")] = False,
    only_maps: Annotated[
        bool,
        typer.Option("--only-maps", help="Skip named files without a top-level 'relmap:' key (for pre-commit hooks)."),
    ] = False,
    max_bytes: MaxBytesOption = None,
) -> None:
    """Rewrite maps in relmap's canonical layout; what they say and their comments stay.

    Sections in the order of the format, keys in a fixed order, one
    relationship or action per line, people in block or flow style as each
    is written. Two people who edit different parts of a formatted map get
    changes git merges cleanly. Exit 0 when all maps are (now) formatted,
    1 with --check when one is not, 2 when a map is invalid (it is left as
    it is) or a path cannot be used.

    Example: relmap fmt maps/ --check --diff
    """
    from ..edit.fmt import format_map
    from ..files.save import WriteError, read_original, replace_file
    from ..load.loader import STDIN_NAME, decode_source
    from ..load.loader import max_bytes as default_max_bytes
    from ..render.safe import clean

    if diff:  # applying changes is not needed for the layout, so neither is its module otherwise
        from ..edit.apply import unified_diff
    sources = collect_paths(paths, max_bytes, only_maps=only_maps)
    limit = max_bytes or default_max_bytes()
    reformatted, unchanged, failed = [], 0, 0
    for source in sources:
        data: bytes | None = None
        text = "\ufeff" + source.text if source.bom and source.text is not None else source.text
        if source.path != STDIN_NAME and source.text is not None:
            try:
                data = read_original(Path(source.path), limit)
            except WriteError as error:
                note(f"relmap: error: {error}")
                failed += 1
                continue
            decoded = decode_source(source.path, data)
            text = decoded.text
            if text is not None and data.startswith(b"\xef\xbb\xbf"):
                text = "\ufeff" + text
        if text is None:
            assert source.problem is not None
            print_problems([source.problem])
            failed += 1
            continue
        result = format_map(text, source.path)
        if result.problems:
            print_problems(result.problems)
            note(f"{source.path}: not formatted: it is not a valid map")
            failed += 1
            continue
        if data is None:  # standard input: the formatted map goes to standard output
            if diff:
                sys.stdout.write(clean(unified_diff(text, result.after, source.path)))
            elif not check:  # the map's own bytes, byte-order mark included, whatever the terminal's encoding
                sys.stdout.flush()
                sys.stdout.buffer.write(result.after.encode("utf-8"))
                sys.stdout.buffer.flush()
            if result.changed:
                reformatted.append(source.path)
            else:
                unchanged += 1
            continue
        if not result.changed:
            unchanged += 1
            continue
        reformatted.append(source.path)
        if diff:
            sys.stdout.write(clean(unified_diff(text, result.after, source.path)))
        if check or diff:
            note(f"would reformat {source.path}")
            continue
        try:
            replace_file(Path(source.path), result.after.encode("utf-8"), data)
        except WriteError as error:
            note(f"relmap: error: {error}")
            reformatted.pop()
            failed += 1
            continue
        note(f"reformatted {source.path}")
    _summary(len(sources), reformatted, unchanged, failed, dry=check or diff)
    if failed:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_FINDINGS if check and reformatted else EXIT_OK)


def _summary(total: int, reformatted: list[str], unchanged: int, failed: int, *, dry: bool) -> None:
    maps = f"{total} map{'s' * (total != 1)}"
    parts = []
    if reformatted:
        parts.append(f"{len(reformatted)} {'would be reformatted' if dry else 'reformatted'}")
    if unchanged:
        parts.append(f"{unchanged} already formatted")
    if failed:
        parts.append(f"{failed} not formatted")
    note(f"{maps}: {', '.join(parts)}")
