"""How analyses put names into sentences."""

from __future__ import annotations


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def join_first(names: list[str], most: int = 3, total: int | None = None) -> str:
    """Like `join_names`, but a long list names its first `most` and counts the rest: 'A, B, C and 12 others'.

    `total`, when given, is how many there are in all (`names` may hold only the first of them).

    A finding is read, not scanned: past a handful, more names say nothing
    more, and a list as long as the account would make the output grow with
    the square of the map.
    """
    total = len(names) if total is None else total
    if total <= most + 1:
        return join_names(names)
    return f"{', '.join(names[:most])} and {total - most} others"


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 person`, `3 people`; `words` when the plural is not `word` + s."""
    return f"{count} {word if count == 1 else words or word + 's'}"
