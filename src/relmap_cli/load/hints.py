"""Small wording helpers shared by every message that names a user's value."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or ''."""
    matches = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def quote_list(items: Iterable[str], conjunction: str = "or") -> str:
    """`a`, `a or b`, `a, b or c` with each item quoted."""
    quoted = [f"'{item}'" for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {conjunction} {quoted[-1]}"


def shorten(text: str, limit: int = 60) -> str:
    """Cut a user's value to `limit` characters for a one-line message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
