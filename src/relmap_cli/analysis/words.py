"""How analyses put names into sentences."""

from __future__ import annotations


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 person`, `3 people`; `words` when the plural is not `word` + s."""
    return f"{count} {word if count == 1 else words or word + 's'}"
