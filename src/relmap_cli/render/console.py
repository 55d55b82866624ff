"""The one place rich consoles are made: no markup, no emoji, no highlighting.

Map text is data, so rich must never parse it as markup; colour only on a
terminal, and `NO_COLOR` is honoured (rich reads it).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def wants_color(stream: TextIO) -> bool:
    """Colour only on a terminal and only when `NO_COLOR` is not set."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


PIPE_WIDTH = 100


def table_width(stream: TextIO) -> int | None:
    """Tables fit the terminal; elsewhere `COLUMNS` or 100 columns, so output is stable."""
    if wants_color(stream) and getattr(stream, "isatty", lambda: False)():
        return None  # rich measures the terminal
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) >= 40 else PIPE_WIDTH


def make_console(stream: TextIO, *, table: bool = False) -> Console:
    """A rich console that writes `stream` and never interprets map text.

    Line output never wraps (`file:line:col` stays greppable); tables wrap
    their cells to the width `table_width` gives.
    """
    from rich.console import Console

    color = wants_color(stream)
    return Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=not table,
        width=table_width(stream) if table else None,
        force_terminal=color,
        no_color=not color,
    )
