"""Values for the map: typed from what a user types, and written as YAML a person would write.

`parse_value` turns `FIELD=VALUE` text into the value the field holds (a
date, a number, a list of ids) or says plainly why it cannot; `render`
writes a value back as YAML text, plain where that reads the same and
quoted where it must be. No I/O.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..format.model import ID_PATTERN, Field, Kind, Record, to_date
from ..load.hints import did_you_mean, quote_list, shorten
from .changes import EditError

_ID = re.compile(ID_PATTERN)
_CADENCE = re.compile(r"^[1-9][0-9]*[dwmy]$")
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


def field_of(record: type[Record], key: str) -> Field | None:
    """The field written as `key` in `record`, if there is one."""
    for name, spec in record.FIELDS.items():
        if (spec.alias or name) == key:
            return spec
    return None


def parse_value(record: type[Record], key: str, text: str, what: str) -> Any:
    """The value of `key` from the text a user typed; `what` names the thing in messages."""
    spec = field_of(record, key)
    if spec is None:
        from ..format.model import ClientPerson, TeamMember

        if record is TeamMember and key in ClientPerson.keys():
            raise EditError(f"{key} is for the client's people, not for ours")
        hint = did_you_mean(key, record.keys())
        raise EditError(f"'{shorten(key)}' is not a field of {what}{hint}; its fields are {', '.join(record.keys())}")
    return _parse_kind(spec.kind, text, key)


def _parse_kind(kind: Kind, text: str, key: str) -> Any:
    if kind.name == "list":
        assert kind.item is not None
        inner = text.strip()
        if inner.startswith("[") and inner.endswith("]"):
            inner = inner[1:-1]
        items = [item.strip() for item in inner.split(",")] if inner.strip() else []
        return [_parse_kind(kind.item, item, key) for item in items if item]
    if kind.name == "text":
        if not text.strip():
            raise EditError(f"{key} needs some text (write {key}= with nothing after it to remove it)")
        return text
    if kind.name == "id":
        if not _ID.match(text):
            raise EditError(f"{key} must be an id (letters, digits, '.', '_', '-'), not '{shorten(text)}'")
        return text
    if kind.name == "int":
        if not re.fullmatch(r"[+-]?[0-9]+", text.strip()):
            raise EditError(f"{key} must be a whole number, not '{shorten(text)}'")
        number = int(text)
        low, high = kind.ge, kind.le
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
            raise EditError(f"{key} must be a whole number {bounds}, not {number}")
        return number
    if kind.name == "bool":
        if text not in ("true", "false"):
            raise EditError(f"{key} must be true or false, not '{shorten(text)}'")
        return text == "true"
    if kind.name == "date":
        try:
            return to_date(text)
        except ValueError as error:
            raise EditError(f"{key}: {error}") from None
    if kind.name == "cadence":
        if not _CADENCE.match(text):
            raise EditError(f"{key} must be a cadence such as 30d, 6w, 3m or 1y, not '{shorten(text)}'")
        return text
    if kind.name == "choice":
        if text not in kind.choices:
            hint = did_you_mean(text, kind.choices)
            raise EditError(f"{key} '{shorten(text)}' is not allowed: use {quote_list(kind.choices)}{hint}")
        return text
    raise EditError(f"{key} holds a mapping; set its parts one by one ({key}.PART=VALUE)")


# -- writing values -------------------------------------------------------------
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
