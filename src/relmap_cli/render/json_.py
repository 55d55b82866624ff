"""JSON output shared by every command: stable, UTF-8, dates as ISO strings."""

from __future__ import annotations

import json
from datetime import date
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# Valid inside JSON strings, but line separators break JavaScript consumers and
# bidirectional controls reorder what a terminal shows: write them as escapes.
_INVISIBLE = {
    ord(c): f"\\u{ord(c):04x}"
    for c in "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
}


def to_json(document: Any) -> str:
    """The document as indented UTF-8 JSON with a final newline; same input, same bytes.

    Control characters are escaped by JSON itself; line separators and bidi
    controls are escaped too. The data is unchanged: parsing gives it back.
    """
    return json.dumps(document, indent=2, ensure_ascii=False, default=_default).translate(_INVISIBLE) + "\n"
