"""What `import` and `sync` share: reading an export, and writing the map the way every edit does.

The map is changed through `edit.apply_changes` (only the lines that must
change, validated before writing), written atomically, and never over a
file that changed on disk since it was read; `--dry-run` shows the diff.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .common import fail_usage, note, print_problems

if TYPE_CHECKING:
    from ..edit import Change, EditResult
    from ..format.model import AccountMap

# an export of a whole CRM or a decade of calendar is far below this
EXPORT_LIMIT = 256 * 1024 * 1024


def read_export(path: str, what: str) -> bytes:
    """The bytes of an export file (`what`: 'CRM export', 'calendar'); exit 2 when it cannot be read."""
    import os
    import stat

    if path == "-":
        data = sys.stdin.buffer.read(EXPORT_LIMIT + 1)
    else:
        try:
            with open(path, "rb") as stream:
                if stat.S_ISDIR(os.fstat(stream.fileno()).st_mode):
                    fail_usage(f"{path} is a directory; name the {what} file")
                data = stream.read(EXPORT_LIMIT + 1)
        except FileNotFoundError:
            fail_usage(f"no such file: {path}")
        except IsADirectoryError:
            fail_usage(f"{path} is a directory; name the {what} file")
        except OSError as error:
            fail_usage(f"cannot read {path}: {error.strerror}")
    if len(data) > EXPORT_LIMIT:
        fail_usage(f"{path} is over {EXPORT_LIMIT // (1024 * 1024)} MiB: too large for a {what}")
    return data


def located_error(path: str, line: int, message: str, what: str) -> NoReturn:
    """Print `path:line: error: message` and exit 2."""
    from ..render.safe import clean_line

    where = f"{path}:{line}" if line else path
    sys.stderr.write(clean_line(f"{where}: error: {message}") + "\n")
    fail_usage(f"{path} is not a {what} relmap can read")


def valid_model(text: str, path: str) -> AccountMap:
    """The model of the map about to be changed; exit 2 with its located errors if it is not valid."""
    from ..load.loader import load_text
    from .common import require_valid

    return require_valid(load_text(text, path))


def apply_or_refuse(text: str, changes: Sequence[Change], path: str) -> EditResult:
    """The edited map; exit 2 with the located errors when the changes would make it invalid."""
    from ..edit import EditError, apply_changes

    try:
        result = apply_changes(text, changes, path)
    except EditError as error:
        fail_usage(str(error))
    if not result.ok:
        print_problems(result.problems)
        if result.already_invalid:
            fail_usage(f"{path} is not a valid map; fix the errors above first (relmap validate shows them all)")
        fail_usage(f"{path} not changed: the result would not be a valid map (lines as they would be after it)")
    return result


def write_result(path: str, result: EditResult, original: bytes | None, summary: str) -> None:
    """Write the edited map: over the original (refused if it changed on disk), or as a new file."""
    from ..files.save import WriteError, replace_file, write_new

    try:
        if original is None:
            write_new(Path(path), result.after)
        else:
            replace_file(Path(path), result.after.encode("utf-8"), original)
    except WriteError as error:
        fail_usage(str(error))
    note(f"wrote {path} ({summary})")


