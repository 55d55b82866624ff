"""Small wording helpers shared by every message that names a user's value.

"Did you mean" hints compare a word with a bounded number of candidates,
never with every id of a large map. No I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6  # how alike a hint must be (difflib's ratio)
SMALL = 32  # up to this many words, every one is compared
NEIGHBOURS = 12  # otherwise: this many words either side of the misspelling, in spelling and in reverse order
LONGEST_HINTED = 64  # no hint for a longer word: nobody mistypes that


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or ''."""
    return Suggester(choices).hint(word)


class Suggester:
    """The closest of many words to a misspelt one, in time that does not grow with the number of words.

    Candidates are the words sorted next to it (a shared start), next to it
    in reverse spelling (a shared end), and the word with one character
    left out; difflib then judges only those. With few words, all are judged.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(set(words))
        self._set: frozenset[str] | None = None
        self._reversed: list[str] | None = None

    def closest(self, word: str) -> str | None:
        """The best-matching word (ties: the later in sorted order, as difflib), or None."""
        if len(word) > LONGEST_HINTED or not self.words:
            return None
        candidates = self.words if len(self.words) <= SMALL else self._candidates(word)
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best: tuple[float, str] | None = None
        for candidate in candidates:
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
                score = matcher.ratio()
                if score >= CUTOFF and (best is None or (score, candidate) > best):
                    best = (score, candidate)
        return best[1] if best else None

    def hint(self, word: str) -> str:
        """` (did you mean 'x'?)`, or ''."""
        found = self.closest(word)
        return f" (did you mean '{found}'?)" if found else ""

    def _candidates(self, word: str) -> set[str]:
        if self._set is None:
            self._set = frozenset(self.words)
            self._reversed = sorted(candidate[::-1] for candidate in self.words)
        assert self._reversed is not None
        found = set(_around(self.words, word))
        found.update(candidate[::-1] for candidate in _around(self._reversed, word[::-1]))
        found.update(shorter for shorter in _deletions(word) if shorter in self._set)
        return found


def _around(ordered: list[str], word: str) -> list[str]:
    from bisect import bisect_left  # only a map with more than SMALL words gets here

    at = bisect_left(ordered, word)
    return ordered[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]


def _deletions(word: str) -> Iterable[str]:
    return (word[:index] + word[index + 1 :] for index in range(len(word)))


def quote_list(items: Iterable[str], conjunction: str = "or") -> str:
    """`a`, `a or b`, `a, b or c` with each item quoted."""
    quoted = [f"'{item}'" for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {conjunction} {quoted[-1]}"


def shorten(text: str, limit: int = 60) -> str:
    """Cut a user's value to `limit` characters for a one-line message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
