"""How analyses put names into sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable


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


# a tree of names deeper than this (names that are each other's prefixes, one after the
# other) is searched as a plain alternation: the re module parses nested groups recursively
_DEEPEST = 40


def names_pattern(names: Iterable[str], after: str = "") -> re.Pattern[str]:
    """A pattern that finds any of `names` in a text; at one place the longest that fits wins.

    `after` is a pattern the name must be followed by (a lookahead, say);
    where the longest name at a place is not, the next longest is tried.

    The names are written as one tree of their common prefixes
    (`Kim(?: Park)?|Li Chen`), not as an alternation of every name: the re
    module tries the alternatives of an alternation one by one at every
    place, so finding our people in every finding's suggestion would take
    time with the team times the findings, the square of the map.
    """
    tree: dict[str, dict] = {}
    for name in names:
        node = tree
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here
    try:
        body = _branches(tree, 0)
    except _TooDeep:
        body = "|".join(re.escape(name) for name in sorted(_names(tree), key=lambda n: (-len(n), n)))
    return re.compile(f"(?:{body}){after}" if after else body)


class _TooDeep(Exception):
    pass


def _branches(node: dict[str, dict], depth: int) -> str:
    """The names below `node` as a pattern: each branch runs to the next fork, longer ones first."""
    if depth > _DEEPEST:
        raise _TooDeep
    branches = []
    for char in sorted(char for char in node if char):
        text, below = [re.escape(char)], node[char]
        while len(below) == 1 and "" not in below:  # one way on: no group needed
            ((char, below),) = below.items()
            text.append(re.escape(char))
        if len(below) > 1:  # a fork, or a name ending where longer ones go on
            text.append(_branches(below, depth + 1))
        branches.append("".join(text))
    if not branches:
        return ""
    inner = "|".join(branches)
    if "" in node:  # a name ends here: the longer names first, then this one
        return f"(?:{inner})?"
    return f"(?:{inner})" if len(branches) > 1 else inner


def _names(tree: dict[str, dict]) -> list[str]:
    """Every name in the tree, without recursion."""
    found, stack = [], [("", tree)]
    while stack:
        prefix, node = stack.pop()
        for char, below in node.items():
            if char:
                stack.append((prefix + char, below))
            else:
                found.append(prefix)
    return found
