"""What every command shares: path loading, `--today`, exit codes, stderr notes, the output streams."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TextIO

import typer

from ..load.limits import MAX_BYTES_CEILING, MAX_BYTES_ENV

if TYPE_CHECKING:
    from ..format.model import AccountMap
    from ..graph import AccountGraph
    from ..load.loader import LoadedMap, Source
    from ..load.problems import Problem

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def command_app() -> typer.Typer:
    """A typer app for one command, configured like every other."""
    return typer.Typer(
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings=CONTEXT_SETTINGS,
    )


class FindingsFormat(StrEnum):
    """Output formats of commands that report located findings."""

    table = "table"
    json = "json"
    github = "github"


class AnalysisFormat(StrEnum):
    """Output formats of the analysis commands."""

    table = "table"
    json = "json"
    markdown = "markdown"


# `--today` on every command that judges time (an announced departure, a stale contact)
TodayOption = Annotated[
    str | None, typer.Option(help="Judge dates as of this day (YYYY-MM-DD; default: the real date).")
]


# `--max-bytes` on the commands that read many maps
MaxBytesOption = Annotated[
    int | None,
    typer.Option(
        min=1,
        max=MAX_BYTES_CEILING,
        help=f"Refuse files larger than this (default 32 MiB, or {MAX_BYTES_ENV}).",
    ),
]


def complete_ids(side: str | None = None) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Shell completion of the person ids in the map the command names (`side`: team, client, or both).

    Reads the map as plain YAML, without validating it, so completion works
    on a map being edited. Offers only ids that are valid ids, each with the
    person's name (letters, digits, spaces and plain punctuation only: shells
    evaluate what completion prints).
    """

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        import re

        from ..format.model import ID_PATTERN
        from ..load.loader import STDIN, read_source
        from ..load.yamltree import parse_yaml

        # while an option's value is completed, click leaves the positional arguments unparsed
        given = [ctx.params.get("path"), ctx.params.get("file"), *(ctx.params.get("paths") or ()), *ctx.args]
        path = next((p for p in given if isinstance(p, str) and p != STDIN and os.path.isfile(p)), None)
        if path is None:
            return []
        text = read_source(path).text
        root = parse_yaml(text, path)[0] if text is not None else None
        found: list[tuple[str, str]] = []
        for section in (side,) if side else ("team", "client"):
            entries = root.get(section) if isinstance(root, dict) else None
            for entry in entries if isinstance(entries, list) else ():
                person = entry.get("id") if isinstance(entry, dict) else None
                if isinstance(person, str) and person.startswith(incomplete) and re.match(ID_PATTERN, person):
                    label = entry.get("name") or entry.get("title") or ""
                    plain = re.sub(r"[^\w.,&/-]+", " ", label) if isinstance(label, str) else ""
                    found.append((person, " ".join(plain.split())))
        return found

    return complete


def note(message: str) -> None:
    """A message for the human, on stderr (data goes to stdout), always one line.

    A path, revision or value it echoes cannot break the line or carry a
    control character (see `render.safe`): a file name holding a newline and
    `::error` forges nothing in a CI log.
    """
    from ..render.safe import clean_line

    sys.stderr.write(clean_line(message) + "\n")


# relmap's own symbols, for a terminal whose encoding cannot show them
ASCII_SYMBOLS = {
    "→": "->",
    "←": "<-",
    "─": "-",
    "—": "--",
    "–": "-",
    "…": "...",
    "⚠": "!",
    "▲": "^",
    "▼": "v",
    "·": "-",
    "•": "*",
    "×": "x",
    "≥": ">=",
    "≤": "<=",
    "✓": "ok",
    "✗": "x",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "\xa0": " ",
}
ENCODING_FALLBACK = "relmap-fallback"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    """What to write for characters the output's encoding lacks: ASCII symbols, else `\\uXXXX`.

    The escapes are JSON's (a surrogate pair beyond the BMP), so JSON stays
    JSON even in an ASCII-only stream.
    """
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = []
    for character in error.object[error.start : error.end]:
        if character in ASCII_SYMBOLS:
            shown.append(ASCII_SYMBOLS[character])
            continue
        code = ord(character)
        if code >= 0x10000:
            high, low = divmod(code - 0x10000, 0x400)
            shown.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
        else:
            shown.append(f"\\u{code:04x}")
    return "".join(shown), error.end


codecs.register_error(ENCODING_FALLBACK, _fallback)


def is_utf8(stream: object) -> bool:
    """Whether a text stream writes UTF-8."""
    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"
    except LookupError:
        return False


def prepare_streams() -> None:
    """Make stdout and stderr able to write anything relmap prints, in any locale.

    In a pipe or file, output is UTF-8 (what JSON, HTML and every tool
    reading it expect), unless `PYTHONIOENCODING` asks otherwise. On a
    terminal in another encoding, or with `PYTHONIOENCODING`, what that
    encoding lacks is written as ASCII symbols and escapes instead of
    failing. Surrogates from undecodable file names are written as escapes.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        isatty = getattr(stream, "isatty", None)
        to_utf8 = not is_utf8(stream) and not os.environ.get("PYTHONIOENCODING") and not (isatty and isatty())
        try:
            if to_utf8:
                reconfigure(encoding="utf-8", errors=ENCODING_FALLBACK)
            else:
                reconfigure(errors=ENCODING_FALLBACK)
        except (OSError, ValueError):  # a stream that cannot change: leave it as it is
            continue


def fail_usage(message: str) -> NoReturn:
    """Report a usage error on stderr and exit 2."""
    note(f"relmap: error: {message}")
    raise typer.Exit(EXIT_USAGE)


def output_target(output: str) -> Path | None:
    """Check an `--output` value before any work: None for `-` (stdout), else the file to write."""
    if output == "-":
        return None
    if not output.strip():
        fail_usage("--output needs a file name (or - for standard output)")
    target = Path(output)
    if output.endswith(("/", os.sep)) or target.is_dir():
        fail_usage(f"--output {output} is a directory; name the file to write")
    return target


def write_output(target: Path | None, text: str, *, new: bool = False) -> None:
    """Write a command's result to stdout (`target` None) or to a file, atomically.

    `new` refuses to touch a file that exists; otherwise a regular file is
    replaced (see `save.write_replace` for links and special files).
    """
    from ..files.save import WriteError, write_new, write_replace

    if target is None:
        # a document (HTML, SVG, DOT, JSON Schema, a map) is UTF-8 whatever the locale
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None and not is_utf8(sys.stdout):
            sys.stdout.flush()
            buffer.write(text.encode("utf-8", ENCODING_FALLBACK))
            buffer.flush()
            return
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        (write_new if new else write_replace)(target, text)
    except WriteError as error:
        fail_usage(str(error))


def emit(target: Path | None, render: Callable[[TextIO], None]) -> None:
    """Run `render` on stdout itself (a terminal then gets its own width and colour), or into `target`.

    A file gets the plain text a pipe would get, written atomically.
    """
    if target is None:
        render(sys.stdout)
        sys.stdout.flush()
        return
    import io

    buffer = io.StringIO()
    render(buffer)
    write_output(target, buffer.getvalue())


def parse_today(value: str | None) -> date:
    """The `--today` option: an ISO date, or the real date when absent."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail_usage(f"--today must be a date written as YYYY-MM-DD, not '{value}'")


def collect_paths(paths: Sequence[str], limit: int | None = None, *, only_maps: bool = False) -> list[Source]:
    """Read every map the paths name; a path that does not exist is a usage error.

    Finding no map at all is a usage error too, except with `only_maps`
    (a pre-commit hook given only other YAML files): then there is nothing
    to do, which is a success.
    """
    from ..load.loader import UsageError, check_max_bytes_env, scan_paths

    try:
        check_max_bytes_env()
        scan = scan_paths(paths, limit, only_maps=only_maps)
    except UsageError as error:
        fail_usage(str(error))
    for skipped in scan.skipped:
        note(f"skipped {skipped.path}: {skipped.reason}")
    sources = scan.sources
    if not sources:
        if only_maps:
            note("no maps among the files given: nothing to check")
            raise typer.Exit(EXIT_OK)
        fail_usage(f"no maps found in {', '.join(paths)} (a map is a .yaml/.yml file with a top-level 'relmap:' key)")
    return sources


def load_paths(paths: Sequence[str], limit: int | None = None, *, only_maps: bool = False) -> Iterator[LoadedMap]:
    """Load every map the paths name, one at a time (see `collect_paths`)."""
    from ..load.loader import load_source

    return (load_source(source) for source in collect_paths(paths, limit, only_maps=only_maps))


def load_one(path: str) -> AccountMap:
    """Load the one map an analysis command works on; exit 2 if it cannot be used."""
    loaded = list(load_paths([path]))
    if len(loaded) != 1:
        fail_usage(f"{path} holds {len(loaded)} maps; this command reads one map at a time")
    return require_valid(loaded[0])


def load_graph(path: str, today: str | None) -> AccountGraph:
    """The account graph of the one map an analysis command works on, as of `--today`."""
    from ..graph import build_graph

    day = parse_today(today)
    return build_graph(load_one(path), day)


def print_problems(problems: Iterable[Problem]) -> None:
    """Each problem as its `file:line:col` line on standard error (their wording loads only for a problem)."""
    from ..render.findings import format_line

    for problem in problems:
        sys.stderr.write(format_line(problem) + "\n")


def require_valid(result: LoadedMap) -> AccountMap:
    """The model of a loaded map; if it is invalid, print its located errors and exit 2."""
    if result.model is None or result.problems:
        print_problems(result.problems)
        fail_usage(f"{result.path} is not a valid map; fix the errors above (relmap validate shows them all)")
    return result.model
