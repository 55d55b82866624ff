"""YAML text -> a tree of nodes that know the exact characters they were written with.

Every scalar, mapping and sequence carries its start and end offset in the
text (libyaml's marks are character offsets, CRLF counted as two), its style
(plain, quoted, block; flow or block collection) and, for a scalar, its
value as text. Edits and `fmt` read the file's own layout from it; nothing
is resolved to numbers, booleans or dates. No I/O, and nothing here judges
whether the map is valid: that stays with `load`.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

import yaml

from ..load.limits import MAX_DEPTH
from ..load.yamltree import nesting_refused, parse_yaml, stand_ins

try:  # the same parser the loader uses, so offsets agree with its positions
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class TreeError(Exception):
    """The text is not YAML this module can lay out; `line`/`column` are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class Node:
    """Anything written in the file, from offset `start` up to (not including) `end`."""

    __slots__ = ("end", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end


class Scalar(Node):
    """A scalar as written: `style` is '' (plain), "'", '"', '|' or '>'."""

    __slots__ = ("style", "value")

    def __init__(self, start: int, end: int, value: str, style: str = "") -> None:
        self.start = start
        self.end = end
        self.value = value
        self.style = style

    @property
    def is_null(self) -> bool:
        """An unquoted empty, `~` or `null`: the key means "use the default"."""
        return not self.style and self.value in _NULLS


class Entry:
    """One `key: value` pair of a mapping."""

    __slots__ = ("key", "value")

    def __init__(self, key: Scalar, value: Node) -> None:
        self.key = key
        self.value = value


class Mapping(Node):
    """A mapping in flow (`{...}`) or block style; entries in the order written."""

    __slots__ = ("entries", "flow")

    def __init__(self, start: int, end: int, flow: bool) -> None:
        self.start = start
        self.end = end
        self.flow = flow
        self.entries: list[Entry] = []

    def entry(self, key: str) -> Entry | None:
        """The first entry written with `key`, if any."""
        for entry in self.entries:
            if entry.key.value == key:
                return entry
        return None

    def get(self, key: str) -> Node | None:
        """The value node of `key`, if written."""
        found = self.entry(key)
        return found.value if found is not None else None

    def text(self, key: str) -> str | None:
        """The value of `key` when it is a non-null scalar, else None."""
        node = self.get(key)
        return node.value if isinstance(node, Scalar) and not node.is_null else None


class Sequence(Node):
    """A sequence in flow (`[...]`) or block style."""

    __slots__ = ("flow", "items")

    def __init__(self, start: int, end: int, flow: bool) -> None:
        self.start = start
        self.end = end
        self.flow = flow
        self.items: list[Node] = []


class Alias(Node):
    """An alias (`*name`): never expanded; a valid map has none."""

    __slots__ = ()


class Lines:
    """Offsets <-> 0-based lines and columns of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        index = text.find("\n")
        while index >= 0:
            self.starts.append(index + 1)
            index = text.find("\n", index + 1)
        self.newline = "\r\n" if "\r\n" in text[: self.starts[1] if len(self.starts) > 1 else 0] else "\n"

    def line_of(self, offset: int) -> int:
        """The 0-based line that holds `offset`."""
        return bisect_right(self.starts, offset) - 1

    def column_of(self, offset: int) -> int:
        """The 0-based column of `offset` on its line."""
        return offset - self.starts[self.line_of(offset)]

    def start_of(self, line: int) -> int:
        """The offset where `line` starts."""
        return self.starts[line]

    def end_of(self, line: int) -> int:
        """The offset of the line break that ends `line` (or the end of the text)."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1] - 1
        if end > self.starts[line] and self.text[end - 1] == "\r":
            end -= 1
        return end

    def after_break(self, line: int) -> int:
        """The offset just after the line break that ends `line` (the next line's start)."""
        return self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)

    def indent_of(self, line: int) -> int:
        """How many spaces `line` starts with."""
        start = self.starts[line]
        text = self.text[start : self.end_of(line)]
        return len(text) - len(text.lstrip(" "))

    def line_text(self, line: int) -> str:
        """The text of `line`, without its line break."""
        return self.text[self.starts[line] : self.end_of(line)]

    @property
    def count(self) -> int:
        """The number of lines (a final line break does not start one)."""
        return len(self.starts) - (1 if self.starts[-1] == len(self.text) else 0)


def last_offset(node: Node, text: str) -> int:
    """The offset just after the last character that belongs to `node`'s content.

    A block scalar's span runs on over the blank lines after it; those are
    not part of it here. A block collection ends with its last child.
    """
    if isinstance(node, Scalar):
        if node.style in ("|", ">"):
            return node.start + len(text[node.start : node.end].rstrip())
        return node.end
    if isinstance(node, Mapping) and not node.flow and node.entries:
        return last_offset(node.entries[-1].value, text)
    if isinstance(node, Sequence) and not node.flow and node.items:
        return last_offset(node.items[-1], text)
    return node.end


def parse_tree(text: str) -> Node | None:
    """Parse one YAML document (no BOM) into nodes with offsets; None for an empty document.

    Raises `TreeError` with the position of a syntax error, nesting deeper
    than the format allows, or a second document.
    """
    if nesting_refused(text):
        # the loader knows how to refuse nesting that would make an older libyaml slow
        _, problems = parse_yaml(text, "")
        deep = [problem for problem in problems if problem.rule in ("too-deep", "syntax")]
        if deep:
            raise TreeError(deep[0].message, deep[0].line, deep[0].column)
    # NEL, LS and PS are line breaks to libyaml but not to editors or to the
    # loader: parse with the loader's one-character stand-ins (offsets stay
    # the same) and give scalars their own characters back
    swap = stand_ins(text)
    restore = {stand_in: original for original, stand_in in swap.items()}
    parser = _Parser(text.translate(swap) if swap else text)
    # the hot loop of an edit: one frame per open collection, kept in locals
    stack: list[list[Any]] = []  # [collection, pending key or None]
    frame: list[Any] | None = None
    root: Node | None = None
    documents = 0
    get_event = parser.get_event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event or kind is alias_event or kind is mapping_end or kind is sequence_end:
                if kind is scalar_event:
                    value = event.value.translate(restore) if restore else event.value
                    node: Node = Scalar(event.start_mark.index, event.end_mark.index, value, event.style or "")
                elif kind is alias_event:
                    node = Alias(event.start_mark.index, event.end_mark.index)
                else:
                    node = stack.pop()[0]
                    node.end = event.end_mark.index if node.flow else _block_end(node)  # type: ignore[attr-defined]
                    frame = stack[-1] if stack else None
                if frame is None:
                    root = node
                elif type(frame[0]) is Sequence:
                    frame[0].items.append(node)
                elif frame[1] is None:
                    frame[1] = node if type(node) is Scalar else Scalar(node.start, node.end, "", "")
                else:
                    frame[0].entries.append(Entry(frame[1], node))
                    frame[1] = None
            elif kind is mapping_start or kind is sequence_start:
                if len(stack) >= MAX_DEPTH:
                    mark = event.start_mark
                    message = f"lists and mappings nested more than {MAX_DEPTH} levels deep"
                    raise TreeError(message, mark.line + 1, mark.column + 1)
                start = event.start_mark.index
                flow = bool(event.flow_style)
                container = Mapping(start, start, flow) if kind is mapping_start else Sequence(start, start, flow)
                frame = [container, None]
                stack.append(frame)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise TreeError("a map file holds exactly one YAML document", mark.line + 1, mark.column + 1)
            elif kind is yaml.StreamEndEvent or event is None:
                break
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise TreeError(f"YAML syntax error: {error.problem or 'invalid YAML'}", line, column) from None
    except yaml.YAMLError as error:
        raise TreeError(f"YAML syntax error: {error}") from None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    return root


def _block_end(container: Mapping | Sequence) -> int:
    """A block collection ends where its last child ends."""
    if type(container) is Mapping:
        return container.entries[-1].value.end if container.entries else container.start
    return container.items[-1].end if container.items else container.start  # type: ignore[union-attr]
