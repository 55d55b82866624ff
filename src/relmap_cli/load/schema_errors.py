"""Pydantic validation errors -> located problems a key account manager understands.

Pure translation: given the error list and the positioned data it came from,
say what is wrong in plain words and point at the key or value at fault.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..format.model import SECTIONS, Account, AccountMap, ClientInterests, Field, Record
from .hints import did_you_mean, quote_list, shorten
from .problems import Problem
from .yamltree import Pos, YList, YMap

_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")
_SINGULAR = {
    "interests": "interest",
    "team": "team member",
    "client": "client person",
    "relationships": "relationship",
    "counterparts": "counterpart",
    "actions": "action",
}


def model_at(loc: tuple[Any, ...]) -> type[Record] | None:
    """The model class that validates the mapping found at `loc`."""
    if not loc:
        return AccountMap
    if loc == ("account",):
        return Account
    if len(loc) == 2 and isinstance(loc[1], int):
        return SECTIONS.get(str(loc[0]))
    if len(loc) == 3 and loc[0] == "client" and loc[2] == "interests":
        return ClientInterests
    return None


def describe(value: Any) -> str:
    """Name a YAML value in words: a list, a mapping, nothing, or the text itself."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{shorten(str(value))}'"


def what(loc: tuple[Any, ...]) -> str:
    """Name the thing at `loc`: `stance`, `the account`, `client person 3`."""
    for segment in reversed(loc):
        if isinstance(segment, str):
            return segment
    return "the map"


def locate(root: Any, loc: tuple[Any, ...], *, key: bool = False) -> tuple[Pos, bool]:
    """Position of the value (or key) at `loc`, and whether it was found exactly."""
    node, pos = root, Pos(1, 1)
    if isinstance(root, (YMap, YList)):
        pos = root.pos()
    for depth, segment in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, YMap) and isinstance(segment, str) and segment in node:
            pos = node.key_pos(segment) if (key and last) else node.value_pos(segment)
            node = node[segment]
        elif isinstance(node, YList) and isinstance(segment, int) and 0 <= segment < len(node):
            pos = node.item_pos(segment)
            node = node[segment]
        else:
            return pos, False
    return pos, True


def translate(error: Mapping[str, Any], root: Any, path: str) -> Problem:
    """One pydantic error dict -> one located problem."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    field = what(loc)

    if kind == "extra_forbidden":
        pos, _ = locate(root, loc, key=True)
        model = model_at(loc[:-1])
        choices = model.keys() if model else []
        hint = did_you_mean(str(loc[-1]), choices)
        where = _where(loc[:-1], root)
        return Problem(path, *pos, "unknown-key", f"unknown key '{shorten(str(loc[-1]))}' in {where}{hint}")
    if kind == "missing":
        pos, _ = locate(root, loc[:-1])
        return Problem(path, *pos, "missing-key", f"{_where(loc[:-1], root)} needs '{loc[-1]}'")

    pos, _ = locate(root, loc)
    if kind == "literal_error":
        choices = _QUOTED.findall(str(ctx.get("expected", "")))
        hint = did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return Problem(
            path, *pos, "value", f"{field} {describe(value)} is not allowed: use {quote_list(choices)}{hint}"
        )
    if kind == "string_pattern_mismatch":
        return Problem(path, *pos, "value", f"{field} {describe(value)} {_pattern_advice(field)}")
    if kind == "string_too_short":
        return Problem(path, *pos, "value", f"{field} must not be empty")
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = "at least" if kind == "greater_than_equal" else "at most"
        limit = ctx.get("ge", ctx.get("le"))
        return Problem(path, *pos, "value", f"{field} must be {bound} {limit}, not {value}")
    if kind in ("bool_type", "bool_parsing"):
        note = "YAML 1.1 words such as yes, no, on, off are text here"
        return Problem(path, *pos, "type", f"{field} must be true or false, not {describe(value)} ({note})")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return Problem(path, *pos, "type", f"{field} must be a whole number, not {describe(value)}")
    if kind == "value_error":
        spec = _field(loc)
        if spec is not None and spec.kind.name == "int":  # too many digits for Python to read as a number
            bounds = [f"at least {spec.kind.ge}"] if spec.kind.ge is not None else []
            bounds += [f"at most {spec.kind.le}"] if spec.kind.le is not None else []
            wanted = " and ".join(bounds) or "a smaller number"
            message = f"{field} must be {wanted}, not a number of {len(str(value).lstrip('+-')):,} digits"
            return Problem(path, *pos, "value", message)
        message = str(ctx.get("error", error.get("msg", "")))
        return Problem(path, *pos, "date", f"{field} {message}" if message else f"{field} is not valid")
    if kind == "string_type":
        return Problem(path, *pos, "type", f"{field} must be text, not {describe(value)}")
    if kind == "list_type":
        return Problem(path, *pos, "type", f"{field} must be a list, not {describe(value)}")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return Problem(
            path, *pos, "type", f"{_where(loc, root)} must be a mapping of keys and values, not {describe(value)}"
        )
    return Problem(path, *pos, "type", f"{field}: {error.get('msg', 'invalid value')}")


def _field(loc: tuple[Any, ...]) -> Field | None:
    """The declaration of the field at `loc`, as written in the file."""
    model = model_at(loc[:-1])
    if model is None or not loc or not isinstance(loc[-1], str):
        return None
    return next((spec for name, spec in model.FIELDS.items() if (spec.alias or name) == loc[-1]), None)


def _where(loc: tuple[Any, ...], root: Any) -> str:
    """Say which mapping `loc` is, in the words of the file's sections."""
    if not loc:
        return "the top level of the map"
    if loc == ("account",):
        return "account"
    if len(loc) >= 2 and isinstance(loc[1], int):
        entries = root.get(loc[0]) if isinstance(root, dict) else None
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
        name = _item_name(entry) or f"#{loc[1] + 1}"
        thing = f"{_SINGULAR.get(str(loc[0]), str(loc[0]))} {name}"
        return thing if len(loc) == 2 else f"{'.'.join(map(str, loc[2:]))} of {thing}"
    return ".".join(str(segment) for segment in loc)


def _item_name(entry: Any) -> str | None:
    """How to name a list item in a message: its id, or `from -> to`."""
    if not isinstance(entry, dict):
        return None
    if isinstance(entry.get("id"), str):
        return f"'{shorten(entry['id'])}'"
    if isinstance(entry.get("from"), str) and isinstance(entry.get("to"), str):
        return f"'{shorten(entry['from'], 30)} -> {shorten(entry['to'], 30)}'"
    return None


def _pattern_advice(field: str) -> str:
    if field == "review_every":
        return "is not a cadence: write it like 30d, 6w, 3m or 1y"
    return "is not a valid id: use only letters, digits, '.', '_' and '-'"
