"""Values for the map, typed from what a user types.

`parse_value` turns `FIELD=VALUE` text into the value the field holds (a
date, a number, a list of ids) or says plainly why it cannot; `scalars`
writes values back as YAML text. No I/O.
"""

from __future__ import annotations

import re
from typing import Any

from ..format.model import ID_PATTERN, Field, Kind, Record, to_date
from ..load.hints import did_you_mean, quote_list, shorten
from .changes import EditError

_ID = re.compile(ID_PATTERN)
_CADENCE = re.compile(r"^[1-9][0-9]*[dwmy]$")


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
