"""Run edits on one map file: read it, apply the changes, validate, then show or write.

Shared by every command that writes a map (`log`, `done`, `set`, `add`):
an invalid result is refused with its located errors, a file that changed
on disk meanwhile is not overwritten, `--dry-run` prints the diff instead
of writing. Exit 0 when written (or nothing to do), 2 when refused.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from .common import EXIT_OK, fail_usage, note, print_problems

if TYPE_CHECKING:
    from ..edit import Change, EditResult

_BOM = b"\xef\xbb\xbf"

DryRunOption = Annotated[
    bool, typer.Option("--dry-run", "-n", help="Print the change as a unified diff; write nothing.")
]


def read_map(path: str) -> tuple[bytes, str]:
    """The bytes of the map file to edit and its text (a BOM kept); exit 2 if it cannot be used."""
    from ..files.save import WriteError, read_original
    from ..load.loader import STDIN, UsageError, check_max_bytes_env, decode_source, max_bytes

    if path == STDIN:
        fail_usage("an edit changes a file in place: name the map file, not - (standard input)")
    try:
        check_max_bytes_env()
        data = read_original(Path(path), max_bytes())
    except (UsageError, WriteError) as error:
        fail_usage(str(error))
    source = decode_source(path, data)
    if source.text is None:
        assert source.problem is not None
        print_problems([source.problem])
        fail_usage(f"{path} is not a map relmap can edit")
    return data, ("\ufeff" + source.text if data.startswith(_BOM) else source.text)


def day_option(value: str | None, option: str, today: date) -> date:
    """A date option (`--on`): ISO, not after today; today when absent."""
    if value is None:
        return today
    try:
        day = date.fromisoformat(value)
    except ValueError:
        fail_usage(f"{option} must be a date written as YYYY-MM-DD, not '{value}'")
    if day > today:
        fail_usage(f"{option} {day} is after today ({today}): record it once it has happened (or pass --today)")
    return day


def run_edit(path: str, changes: Sequence[Change], *, dry_run: bool) -> NoReturn:
    """Apply `changes` to the map at `path`, report what they did, and write (or show) the result."""
    from ..edit import EditError, apply_changes
    from ..files.save import WriteError, replace_file

    data, text = read_map(path)
    try:
        result = apply_changes(text, changes, path)
    except EditError as error:
        fail_usage(str(error))
    if not result.ok:
        _refuse(result)
    _report(result)
    if not result.changed:
        note(f"{path}: nothing to change")
        raise typer.Exit(EXIT_OK)
    if dry_run:
        from ..render.safe import clean

        sys.stdout.write(clean(result.diff()))
        note(f"{path}: not written (dry run)")
        raise typer.Exit(EXIT_OK)
    try:
        replace_file(Path(path), result.after.encode("utf-8"), data)
    except WriteError as error:
        fail_usage(str(error))
    changed = sum(1 for item in result.notes if item.changed)
    note(f"wrote {path} ({changed} change{'s' * (changed != 1)})")
    raise typer.Exit(EXIT_OK)


def _report(result: EditResult) -> None:
    from ..render.safe import clean_line

    for item in result.notes:
        where = f"{result.path}:{item.line}" if item.line else result.path
        sys.stderr.write(clean_line(f"{where}: {item.message}") + "\n")


def _refuse(result: EditResult) -> NoReturn:
    print_problems(result.problems)
    if result.already_invalid:
        fail_usage(f"{result.path} is not a valid map; fix the errors above first (relmap validate shows them all)")
    fail_usage(
        f"{result.path} not changed: the edit would make the map invalid "
        "(the lines above are numbered as they would be after it)"
    )
