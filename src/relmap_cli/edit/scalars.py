"""Values written as YAML a person would write: plain where that reads the same, quoted where it must be.

`render` writes a value (text, number, truth, date, list or mapping) on one
line; `render_text` keeps the file's quotes where it has them. `fmt` and the
edits share these rules, so a value reads back as the same text. No I/O.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_CHARS = frozenset(",[]{}")
_NULL_WORDS = frozenset({"~", "null", "Null", "NULL"})
# What a plain scalar cannot hold as itself: outside YAML's printable set
# (controls, C1, surrogates, U+FFFE, U+FFFF), and the byte order mark. Written
# as the few characters it matches: the complement, ranges over most of the
# Basic Multilingual Plane, takes the re module about 3 ms to compile. The
# classes below compile on first use (0.2 to 0.4 ms each), which text that
# `str.isprintable` accepts never needs: it holds none of their characters.
_NOT_PLAIN = "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x85": "\\N", "\u2028": "\\L",
            "\u2029": "\\P", "\x00": "\\0", "\x07": "\\a", "\x08": "\\b", "\x0b": "\\v", "\x0c": "\\f",
            "\x1b": "\\e"}  # fmt: skip
_ONLY_ESCAPED = "[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]"
_NEEDS_ESCAPE = '[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]'


def _holds_unprintable(characters: str, text: str) -> bool:
    """Whether `text` holds one of `characters`, a class of characters `str.isprintable` refuses."""
    return not text.isprintable() and re.search(characters, text) is not None


def plain_ok(text: str, *, flow: bool) -> bool:
    """Whether `text` written without quotes is read back as the same text."""
    if not text or text != text.strip() or text in _NULL_WORDS or _holds_unprintable(_NOT_PLAIN, text):
        return False
    if text[0] in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        return False
    return not (flow and _FLOW_CHARS.intersection(text))


def double_quoted(text: str) -> str:
    """`text` as a double-quoted scalar, escaping what YAML cannot hold raw."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in _ESCAPES:
            return _ESCAPES[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return '"' + re.sub(_NEEDS_ESCAPE, escape, text) + '"'


def single_quoted(text: str) -> str | None:
    """`text` as a single-quoted scalar, or None when it holds what only escapes can write."""
    if _holds_unprintable(_ONLY_ESCAPED, text):
        return None
    return "'" + text.replace("'", "''") + "'"


def render_text(text: str, *, flow: bool, quote: str = "") -> str:
    """Text as a scalar: in the file's quotes when it quotes, plain when that is safe."""
    if quote == "'":
        single = single_quoted(text)
        if single is not None:
            return single
    if quote or not plain_ok(text, flow=flow):
        return double_quoted(text)
    return text


def render(value: Any, *, flow: bool, quote: str = "") -> str:
    """A value (text, number, truth, date, list or mapping) as YAML on one line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return render_text(value.isoformat(), flow=flow, quote=quote)
    if isinstance(value, str):
        return render_text(value, flow=flow, quote=quote)
    if isinstance(value, list):
        return "[" + ", ".join(render(item, flow=True, quote=quote) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{key}: {render(item, flow=True, quote=quote)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(f"cannot write {type(value).__name__} into a map")
