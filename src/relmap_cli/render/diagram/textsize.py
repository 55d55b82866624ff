"""How wide a line of text is, without a font file: Arial/Helvetica advance widths.

The picture names Arial first and Liberation Sans (metric-compatible) next,
so these widths hold wherever it is opened. Used to size boxes and to wrap
text onto as many lines as it needs (never cut: every word stays); callers
measure text as it will be shown (control characters already made
visible). Pure arithmetic; no I/O.
"""

from __future__ import annotations

import unicodedata

# advance widths in 1/1000 em of the printable ASCII characters, space to tilde
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)  # fmt: skip
ELLIPSIS = "\u2026"


def _advance(character: str, bold: bool) -> int:
    code = ord(character)
    if 32 <= code <= 126:
        return (_BOLD if bold else _REGULAR)[code - 32]
    if character == ELLIPSIS:
        return 1000
    if unicodedata.east_asian_width(character) in ("W", "F"):
        return 1000
    if unicodedata.combining(character):
        return 0
    return 640 if bold else 600  # accented Latin, Greek, Cyrillic: a little wider than average, to be safe


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in pixels of `text` set at `size` pixels."""
    return sum(_advance(character, bold) for character in text) * size / 1000


def shorten(text: str, width: float, size: float, bold: bool = False) -> str:
    """`text`, cut and ended with an ellipsis if it is wider than `width`."""
    if text_width(text, size, bold) <= width:
        return text
    budget = width - text_width(ELLIPSIS, size, bold)
    used = 0.0
    for index, character in enumerate(text):
        used += _advance(character, bold) * size / 1000
        if used > budget:
            return text[:index].rstrip() + ELLIPSIS
    return text


def fit(text: str, width: float, sizes: tuple[float, ...], bold: bool = False) -> tuple[str, float]:
    """The largest of `sizes` at which `text` fits in `width`, else the smallest, shortened."""
    for size in sizes:
        if text_width(text, size, bold) <= width:
            return text, size
    return shorten(text, width, sizes[-1], bold), sizes[-1]


def _break_word(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word wider than `width`, in pieces that fit: after a hyphen if it can, else anywhere."""
    hyphen = word.rfind("-", 0, len(word) - 1)
    while hyphen > 0:
        head, tail = word[: hyphen + 1], word[hyphen + 1 :]
        if text_width(head, size, bold) <= width:
            return [head, *(_break_word(tail, width, size, bold) if text_width(tail, size, bold) > width else [tail])]
        hyphen = word.rfind("-", 0, hyphen)
    pieces: list[str] = []
    piece, used = "", 0.0
    for character in word:
        advance = _advance(character, bold) * size / 1000
        if piece and used + advance > width:
            pieces.append(piece)
            piece, used = "", 0.0
        piece += character
        used += advance
    return [*pieces, piece] if piece else pieces


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` in lines no wider than `width` at `size`, broken at spaces (inside a word only when it must).

    Joined with spaces, the lines give back the text (runs of spaces become one).
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        if text_width(word, size, bold) <= width:
            line = word
        else:
            *whole, line = _break_word(word, width, size, bold)
            lines.extend(whole)
    if line:
        lines.append(line)
    return lines or [""]


def wrap_fit(
    text: str, width: float, sizes: tuple[float, ...], lines: int, bold: bool = False
) -> tuple[list[str], float]:
    """`text` wrapped at the largest of `sizes` that needs at most `lines` lines, else at the smallest."""
    for size in sizes:
        wrapped = wrap(text, width, size, bold)
        if len(wrapped) <= lines:
            return wrapped, size
    return wrap(text, width, sizes[-1], bold), sizes[-1]
