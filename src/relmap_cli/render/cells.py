"""How wide text is in a terminal, and how to wrap it to a width: pure string work.

Widths are display columns, not characters: East Asian wide characters take
two, combining marks and zero-width formatting characters none. Wrapping is
greedy at spaces, like `textwrap`, but measured in display columns; a word
longer than the width is broken, so no line is ever wider than asked. Every
function is linear in the length of its text (a 40,000-character name costs
no more than its own size). No rich, no I/O.
"""

from __future__ import annotations

import functools

# every character of these blocks takes one column: Latin, punctuation, arrows, box drawing
ONE_COLUMN_BLOCKS = ((0x0000, 0x02FF), (0x2010, 0x2027), (0x2030, 0x205F), (0x2190, 0x21FF), (0x2500, 0x257F))


@functools.lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Columns one character takes: 2 for wide, 0 for combining or zero-width, else 1."""
    if char < "\u0300":
        return 1
    import unicodedata  # a C library of its own: loaded only for text beyond Latin

    if unicodedata.east_asian_width(char) in "WF":
        return 2
    return 0 if unicodedata.category(char) in ("Mn", "Me", "Cf") and char != "\u00ad" else 1


@functools.cache
def _one_column_gone() -> dict[int, None]:
    """A translation that deletes every character of `ONE_COLUMN_BLOCKS` (built in 0.05 ms; a
    character class over them takes ten times that to compile, and a table is rarely all ASCII)."""
    return dict.fromkeys(code for first, last in ONE_COLUMN_BLOCKS for code in range(first, last + 1))


def one_column_each(text: str) -> bool:
    """True when every character of `text` takes exactly one column (ASCII, Latin, `·`, `→`, ...)."""
    return text.isascii() or not text.translate(_one_column_gone())


def cell_width(text: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters take two)."""
    return len(text) if text.isascii() else _unicode_width(text)


@functools.lru_cache(maxsize=1 << 14)  # a grid repeats the same few rows of `·` and letters
def _unicode_width(text: str) -> int:
    if not text.translate(_one_column_gone()):
        return len(text)
    return sum(map(char_width, text))


def longest_word(text: str) -> int:
    """The display width of the widest space-separated word."""
    return max(map(len if one_column_each(text) else cell_width, text.split(" ")), default=0)


def _break_word(word: str, room: int, width: int) -> list[str]:
    """`word` cut into pieces: the first at most `room` columns, the rest at most `width`."""
    pieces, start, used, limit = [], 0, 0, room
    for index, char in enumerate(word):
        size = 1 if char.isascii() else char_width(char)
        if used + size > limit and index > start:
            pieces.append(word[start:index])
            start, used, limit = index, 0, width
        elif used + size > limit and limit < width:
            pieces.append("")  # not even one character fits what is left of the line
            start, used, limit = index, 0, width
        used += size
    pieces.append(word[start:])
    return pieces


def wrap(text: str, width: int, rest: int | None = None) -> list[str]:
    """One paragraph (no newlines) as lines of at most `width` columns (`rest` after the first).

    Greedy, as `textwrap.wrap` with `break_on_hyphens=False`: spaces between
    words are kept inside a line and dropped where a line breaks; leading
    spaces of the paragraph stay. Empty text is one empty line.
    """
    width = max(1, width)
    rest = width if rest is None else max(1, rest)
    text = text.replace("\t", " ")
    measure = len if one_column_each(text) else cell_width
    if measure(text) <= width:
        return [text.rstrip(" ")]
    lines: list[str] = []
    line: list[str] = []
    used, limit = 0, width
    for index, chunk in enumerate(text.split(" ")):  # only spaces break a line (a no-break space does not)
        if index and (line or not lines):  # the space before this word; dropped at the start of a wrapped line
            line.append(" ")
            used += 1
        if not chunk:
            continue
        size = measure(chunk)
        if used + size <= limit:
            line.append(chunk)
            used += size
            continue
        if size > rest:  # a word wider than a line: fill this line, then whole lines
            pieces = _break_word(chunk, limit - used, rest)
            line.append(pieces[0])
            for piece in pieces[1:]:
                lines.append("".join(line).rstrip(" "))
                line = [piece]
            used, limit = measure(line[0]), rest
            continue
        lines.append("".join(line).rstrip(" "))
        line, used, limit = [chunk], size, rest
    if line:
        lines.append("".join(line).rstrip(" "))
    return [line for line in lines if line] or [""]
