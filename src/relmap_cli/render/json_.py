"""JSON output shared by every command: stable, UTF-8, dates as ISO strings."""

from __future__ import annotations

import re
from collections.abc import Iterable
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


def _character_class(codes: Iterable[int]) -> str:
    """A regular-expression class matching exactly `codes`, as ranges."""
    ordered = sorted(codes)
    parts, start = [], 0
    for index in range(1, len(ordered) + 1):
        if index == len(ordered) or ordered[index] != ordered[index - 1] + 1:
            low, high = ordered[start], ordered[index - 1]
            parts.append(f"\\U{low:08x}" + (f"-\\U{high:08x}" if high != low else ""))
            start = index
    return "[" + "".join(parts) + "]"


# Valid inside JSON strings, but written as escapes: DEL and the C1 controls
# (CSI, OSC: terminal sequences when the JSON is shown raw), line separators
# (they break JavaScript consumers), bidirectional controls (they reorder what
# a terminal shows), invisible characters (zero width, tags: they make one name
# look like another) and lone surrogates (not encodable as UTF-8 at all).
@cache
def _invisible() -> tuple[dict[int, str], re.Pattern[str]]:
    """The escapes and the pattern that finds them, built on first use (not at every start-up).

    Found by one scan of the text: a translate table looks up every
    character, seconds for a large report.
    """
    escapes = {
        code: _escape_as_json(code)
        for code in (
            *range(0x7F, 0xA0),
            0x061C,
            0x180E,
            *range(0x200B, 0x2010),
            0x2028,
            0x2029,
            *range(0x202A, 0x202F),
            *range(0x2060, 0x2065),
            *range(0x2066, 0x206A),
            0xFEFF,
            *range(0xD800, 0xE000),
            *range(0xE0000, 0xE0080),
        )
    }
    return escapes, re.compile(_character_class(escapes))


def write_json(out: Any, document: Any) -> None:
    """Write the document to a text stream as `to_json` does.

    A stream that cannot write UTF-8 (an ASCII-only locale) gets every
    non-ASCII character as a JSON escape, so the data stays exactly the data
    instead of meeting the stream's fallback for symbols such as `→`.
    """
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("_", "-")
    out.write(to_json(document, ascii_only=encoding not in ("utf-8", "utf8")))


def to_json(document: Any, *, ascii_only: bool = False) -> str:
    """The document as indented UTF-8 JSON with a final newline; same input, same bytes.

    Control characters are escaped by JSON itself; DEL, C1 controls, line
    separators, bidi controls, invisible characters and the `#` of `##[` are
    escaped too. The data is unchanged: parsing gives it back.
    """
    import json

    escapes, found = _invisible()
    text = found.sub(
        lambda match: escapes[ord(match.group())],
        json.dumps(document, indent=2, ensure_ascii=ascii_only, default=_default),
    )
    # A CI runner reads `##[command]` anywhere in a line of a job's log, JSON or not; `#` written
    # as an escape keeps the data and breaks the command. (`::` only counts at the start of a
    # line, where indented JSON never has a string.)
    return text.replace("##[", "\\u0023#[") + "\n"
