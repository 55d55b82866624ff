"""The one place that decides colour and width, and makes rich consoles.

Map text is data, so rich must never parse it as markup; colour only on a
terminal, and `NO_COLOR` is honoured. The width comes from `COLUMNS`, else
the terminal, else a fixed width for pipes, and is always clamped: no value
of `COLUMNS` can drop output, pad it without bound or crash.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

PIPE_WIDTH = 100  # piped output without COLUMNS: fixed, so it is stable to compare
TERMINAL_WIDTH = 80  # a terminal that does not say how wide it is
MIN_WIDTH, MAX_WIDTH = 20, 1000


def wants_color(stream: TextIO) -> bool:
    """Colour only on a terminal and only when `NO_COLOR` is not set."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_terminal(stream)


def is_terminal(stream: TextIO) -> bool:
    """True when the stream is an interactive terminal."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def clamp_width(columns: int) -> int:
    """A width between MIN_WIDTH and MAX_WIDTH."""
    return max(MIN_WIDTH, min(MAX_WIDTH, columns))


def columns_from_env() -> int | None:
    """`COLUMNS` as a clamped width; None when it is unset, 0 or not a number (`²`, `80px`)."""
    value = os.environ.get("COLUMNS", "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    if len(value) > len(str(MAX_WIDTH)):  # never parse thousands of digits
        return MAX_WIDTH
    return clamp_width(int(value)) if int(value) else None


def output_width(stream: TextIO) -> int:
    """How wide output to `stream` may be: `COLUMNS`, else the terminal's width, else PIPE_WIDTH."""
    columns = columns_from_env()
    if columns is not None:
        return columns
    if not is_terminal(stream):
        return PIPE_WIDTH
    try:
        measured = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        measured = 0
    return clamp_width(measured) if measured > 0 else TERMINAL_WIDTH


def make_console(stream: TextIO) -> Console:
    """A rich console that writes `stream` as given and never interprets map text.

    Lines are printed as they are (soft wrap: no cropping, no re-wrapping);
    the width and height are given so rich never reads `COLUMNS` or `LINES`.
    """
    from rich.console import Console

    color = wants_color(stream)
    return Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=True,
        width=output_width(stream),
        height=25,
        force_terminal=color,
        no_color=not color,
    )
