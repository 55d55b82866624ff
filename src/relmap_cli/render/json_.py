"""JSON output shared by every command: stable, UTF-8, dates as ISO strings."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _escape_as_json(code: int) -> str:
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # outside the BMP: a JSON escape is a surrogate pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


# Valid inside JSON strings, but written as escapes: DEL and the C1 controls
# (CSI, OSC: terminal sequences when the JSON is shown raw), line separators
# (they break JavaScript consumers), bidirectional controls (they reorder what
# a terminal shows), invisible characters (zero width, tags: they make one name
# look like another) and lone surrogates (not encodable as UTF-8 at all).
_INVISIBLE_RANGES = (
    (0x7F, 0x9F),
    (0x061C, 0x061C),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x2069),
    (0xFEFF, 0xFEFF),
    (0xD800, 0xDFFF),
    (0xE0000, 0xE007F),
)


@cache
def _invisible() -> re.Pattern[str]:
    """The pattern that finds them, compiled on first use (not at every start-up).

    Found by one scan of the text: a translate table looks up every
    character, seconds for a large report.
    """
    return re.compile("[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _INVISIBLE_RANGES) + "]")


def _escape_invisible(match: re.Match[str]) -> str:
    return _escape_as_json(ord(match.group()))


def write_json(out: Any, document: Any) -> None:
    """Write the document to a text stream as `to_json` does, a piece at a time.

    A stream that cannot write UTF-8 (an ASCII-only locale) gets every
    non-ASCII character as a JSON escape, so the data stays exactly the data
    instead of meeting the stream's fallback for symbols such as `→`.
    """
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("_", "-")
    for piece in _pieces(document, ascii_only=encoding not in ("utf-8", "utf8")):
        out.write(piece)


def to_json(document: Any, *, ascii_only: bool = False) -> str:
    """The document as indented UTF-8 JSON with a final newline; same input, same bytes.

    Control characters are escaped by JSON itself; DEL, C1 controls, line
    separators, bidi controls, invisible characters and the `#` of `##[` are
    escaped too. The data is unchanged: parsing gives it back.
    """
    return "".join(_pieces(document, ascii_only=ascii_only))


# parts of the indented text (about one per value) per piece written: a
# large report is never held as one text (and its escaped copies) on top of
# its values
_PIECE = 8192


def _pieces(document: Any, *, ascii_only: bool) -> Iterator[str]:
    """`to_json`'s text in pieces; each is escaped on its own, since no part ends inside a string."""
    parts = _indented_json(document, ascii_only)
    for start in range(0, len(parts), _PIECE):
        yield _inert("".join(parts[start : start + _PIECE]))
    yield "\n"


def _inert(text: str) -> str:
    text = _invisible().sub(_escape_invisible, text)
    # A CI runner reads `##[command]` anywhere in a line of a job's log, JSON or not; `#` written
    # as an escape keeps the data and breaks the command. (`::` only counts at the start of a
    # line, where indented JSON never has a string.) `#` is only ever inside a string, and a
    # string is never split between two pieces.
    return text.replace("##[", "\\u0023#[")


class _Unusual(Exception):
    """A value the fast writer leaves to the json module (a key that is not text, say)."""


def _indented_json(document: Any, ascii_only: bool) -> list[str]:
    """`json.dumps(document, indent=2, ensure_ascii=ascii_only, default=_default)` in pieces, faster.

    Joined, the pieces are that text byte for byte.

    The json module indents in pure Python, one generator step per value
    (most of a large report's time); this writes the same text with one
    call per value and the C string encoder. Anything unusual is left to
    `json.dumps` itself.
    """
    from json import encoder

    encode = encoder.encode_basestring_ascii if ascii_only else encoder.encode_basestring
    parts: list[str] = []
    try:
        _write(document, encode, parts, "\n")
    except (_Unusual, RecursionError):
        import json

        return [json.dumps(document, indent=2, ensure_ascii=ascii_only, default=_default)]
    return parts


# the plain scalars, by exact type: written in the loop, without a call per value
_SCALARS: dict[type, Callable[[Any], str]] = {int: int.__repr__, type(None): lambda _: "null", bool: lambda v: "true" if v else "false"}


def _write(value: Any, encode: Callable[[str], str], parts: list[str], newline: str) -> None:
    """Append `value` as indented JSON, its nested lines starting with `newline` plus two spaces."""
    if isinstance(value, str):
        parts.append(encode(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise _Unusual
        parts.append(float.__repr__(value))
    elif isinstance(value, (list, tuple)):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            kind = type(item)
            if kind is str:
                parts.append(separator + encode(item))
            elif kind in _SCALARS:
                parts.append(separator + _SCALARS[kind](item))
            else:
                parts.append(separator)
                _write(item, encode, parts, inner)
            separator = "," + inner
        parts.append(newline + "]")
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            kind = type(item)
            if kind is str:
                parts.append(separator + encode(key) + ": " + encode(item))
            elif kind in _SCALARS:
                parts.append(separator + encode(key) + ": " + _SCALARS[kind](item))
            else:
                parts.append(separator + encode(key) + ": ")
                _write(item, encode, parts, inner)
            separator = "," + inner
        parts.append(newline + "}")
    else:
        _write(_default(value), encode, parts, newline)
