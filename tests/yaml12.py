"""YAML text -> the data an editor's YAML 1.2 reading gives (as yaml-language-server sees a map).

The YAML 1.2 core schema: plain `2024` and `0o17` are numbers, `true` is a
boolean but `no` is text, `2026-11-23` is text, and a blank value is null;
quoted scalars are always text. Duplicate keys make the text unreadable, as
they do in an editor. Anchors and aliases are resolved, as an editor does, up
to the same bound (the `yaml` package refuses more than 100 alias
expansions: an alias bomb is unreadable, not expanded).
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


class Unreadable(Exception):
    """The text is not YAML an editor can read (a syntax error, a duplicate key)."""


def plain_scalar(text: str) -> Any:
    """What an unquoted scalar is in the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.match(text):
        return math.nan
    return text


MAX_ALIAS_EXPANSIONS = 100


class _Reader:
    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.expansions = 0

    def data(self, node: yaml.Node) -> Any:
        if id(node) in self.seen:  # an alias: the node is read once more
            self.expansions += 1
            if self.expansions > MAX_ALIAS_EXPANSIONS:
                raise Unreadable("excessive aliasing")
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.style else plain_scalar(node.value)
        if isinstance(node, yaml.SequenceNode):
            return [self.data(item) for item in node.value]
        assert isinstance(node, yaml.MappingNode)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.data(key_node)
            if isinstance(key, (list, dict)):
                raise Unreadable("a key that is a collection")
            if key in result:
                raise Unreadable(f"duplicate key {key!r}")
            result[key] = self.data(value_node)
        return result


def read_yaml12(text: str) -> Any:
    """The document as YAML 1.2 data; raises Unreadable."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        raise Unreadable(str(error)) from None
    return None if node is None else _Reader().data(node)
