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


def make_console(stream: TextIO, *, width: int | None = None) -> Console:
    """A rich console that writes `stream` and never interprets map text."""
    from rich.console import Console

    return Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=width is None,
        width=width,
        force_terminal=wants_color(stream),
        no_color=not wants_color(stream),
    )
