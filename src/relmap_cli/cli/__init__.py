"""The `relmap` command line: options -> load -> analyse -> render -> exit code.

One module per command, each with a one-command typer app. The group loads
only the module of the command being run, so start-up does not grow with
the number of commands; heavy libraries are imported inside the commands.
This module and the command modules keep their annotations as objects (no
`from __future__ import annotations`): typer reads the signatures on every
run, and a string annotation costs it an eval (about 1.5 ms of `gaps`).
Shell completion (`--install-completion`, `--show-completion`) is typer's,
for bash, zsh, fish and PowerShell; a bare `relmap` prints the help and
exits 2, as click groups do.
"""

import errno
import gc
import importlib
import io
import os
import sys
from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from .. import __version__
from .common import CONTEXT_SETTINGS, EXIT_INTERNAL, EXIT_USAGE, prepare_streams

# command name -> module in this package that defines `app` with that one command
COMMANDS: dict[str, str] = {
    "validate": "validate_cmd",
    "gaps": "gaps_cmd",
    "coalitions": "coalitions_cmd",
    "sequence": "sequence_cmd",
    "matrix": "matrix_cmd",
    "check": "check_cmd",
    "diff": "diff_cmd",
    "render": "render_cmd",
    "schema": "schema_cmd",
    "init": "init_cmd",
    "log": "log_cmd",
    "done": "done_cmd",
    "set": "set_cmd",
    "add": "add_cmd",
    "fmt": "fmt_cmd",
    "import": "import_cmd",
    "sync": "sync_cmd",
    "plan": "plan_cmd",
    "people": "people_cmd",
    "trend": "trend_cmd",
    "portfolio": "portfolio_cmd",
    "report": "report_cmd",
}


class LazyCommands(Mapping[str, Any]):
    """The group's commands, each built from its module on first use."""

    def __init__(self) -> None:
        self.loaded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.loaded:
            module = importlib.import_module(f"{__name__}.{COMMANDS[name]}")
            command = typer.main.get_command(module.app)
            command.name = name
            self.loaded[name] = command
        return self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class LazyGroup(TyperGroup):
    """A command group that imports a command's module only when it is used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands()  # type: ignore[assignment]


app = typer.Typer(
    name="relmap",
    cls=LazyGroup,
    invoke_without_command=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings=CONTEXT_SETTINGS,
    help="Key-account relationship maps as YAML files: validate them, find the gaps, "
    "plan whom to approach, draw the picture, and keep them current in CI.",
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"relmap {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Key-account relationship maps as YAML files in git."""
    if ctx.invoked_subcommand is None:  # a command is missing: a usage error, with the help
        typer.echo(ctx.get_help(), err=True)
        raise typer.Exit(EXIT_USAGE)


class StdoutClosed(Exception):
    """Something was to be printed, but the process was started with stdout closed."""


class _ClosedStdout(io.TextIOBase):
    """Stands in for a closed stdout (`relmap ... >&-`): printing to it is an error, not silence."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise StdoutClosed


# errors of the output itself (a full disk, a device error), not of relmap or of a map
_OUTPUT_ERRNOS = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EIO", "EFBIG", "EDQUOT", "EBADF", "EPIPE", "EROFS")
    if hasattr(errno, name)
)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the final flush at exit does not fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main() -> None:
    """Console-script entry point: run the app; the environment's failures are messages, not bugs."""
    # A relmap run is short and its data has no reference cycles: reference
    # counting frees everything, and the cyclic collector only costs time
    # (about 40% of loading a 5,000-person map, and more over many maps).
    gc.disable()
    try:
        _run()
    finally:
        # Python's shutdown runs one full collection even with the collector
        # off: over the stack's modules and a loaded map it is the largest
        # part of exiting (about 10 ms of every run on a small map). Frozen
        # objects are left out of it; the rest of the shutdown (atexit,
        # flushing and closing files, freeing modules) is unchanged.
        gc.freeze()


def _run() -> None:
    """Run the app with the standard streams made safe, and turn failures into exit codes."""
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")
    prepare_streams()
    try:
        try:
            app()
        finally:  # write what is buffered now, while a failure can still be reported
            sys.stdout.flush()
    except StdoutClosed:
        sys.stderr.write("relmap: error: standard output is closed, so there is nowhere to print the result\n")
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        # `relmap ... | head`: the reader went away; that is not an error of ours.
        _quiet_stdout()
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if os.environ.get("RELMAP_DEBUG"):
            raise
        _report_failure(error)


def _report_failure(error: Exception) -> NoReturn:
    """Say what went wrong in one plain line and exit: 2 for the environment, 3 for a bug."""
    from ..render.safe import clean_line

    if isinstance(error, OSError) and error.errno in _OUTPUT_ERRNOS:
        _quiet_stdout()
        sys.stderr.write(f"relmap: error: cannot write the output: {clean_line(error.strerror or str(error))}\n")
        sys.exit(EXIT_USAGE)
    if isinstance(error, UnicodeEncodeError):  # only if a stream refused the fallback of `prepare_streams`
        _quiet_stdout()
        sys.stderr.write(
            f"relmap: error: the output cannot be written as {clean_line(error.encoding)}; "
            "set PYTHONIOENCODING=utf-8\n"
        )
        sys.exit(EXIT_USAGE)
    sys.stderr.write(  # a bug: say so plainly instead of a traceback
        f"relmap: internal error: {type(error).__name__}: {clean_line(str(error))}\n"
        "This is a bug in relmap, not in your map. Run again with RELMAP_DEBUG=1 for details.\n"
    )
    sys.exit(EXIT_INTERNAL)
