"""Surgical text edits on one map: each a patch of the exact characters that must change.

A `Document` is the map's text with its node tree (`tree`). Its edits
(replace a value, set or remove a key, set a list, append an item) record
patches against that text and never rewrite anything else: comments, key
order, quoting, blank lines and line endings stay as they were, and a new
key or item copies the indentation, flow or block style and quoting of its
neighbours. `result()` applies the patches. Several changes can share one
document while they touch different entries; `NeedsFlush` says when one
must wait for a fresh parse. No I/O and no validation here.
"""

from __future__ import annotations

import re
from typing import Any

from ..format.model import AccountMap, Record
from .changes import EditError
from .order import SECTIONS, WIDTH, rank
from .scalars import render
from .tree import Entry, Lines, Mapping, Node, Scalar, Sequence, last_offset, parse_tree

_NUMBERS_AND_TRUTHS = frozenset({"true", "false"})
_LINE_END = re.compile(r"[\s}\],]*(?:#.*)?$")  # only closing brackets (and a comment) after an offset
_COMMENT_GAP = re.compile(r"( +)#")
_WRAPPED = frozenset({"TeamMember", "ClientPerson", "Interest"})  # flow entries `fmt` wraps at WIDTH


def _is_text(node: Node) -> bool:
    """A scalar written as text (not empty, not a number or truth, not a block scalar)."""
    if not isinstance(node, Scalar) or node.is_null or node.style in ("|", ">"):
        return False
    return bool(node.style) or not (node.value.isdigit() or node.value in _NUMBERS_AND_TRUTHS)


class NeedsFlush(Exception):
    """The change reads or touches what an earlier change of the same batch changed."""


class Patch:
    """Replace text[start:end] with `text`; `seq` keeps insertions at one offset in order."""

    __slots__ = ("change", "end", "landed", "seq", "start", "text")

    def __init__(self, start: int, end: int, text: str, seq: int, change: int = 0) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.seq = seq
        self.change = change  # the number of the change that recorded it
        self.landed = -1  # where `text` starts in the result


class Document:
    """The text of one map, its node tree, and the patches recorded so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = Lines(text)
        root = parse_tree(text)
        if not isinstance(root, Mapping):
            raise EditError("the file is not a map (a YAML mapping with relmap, account, team, client, ...)")
        self.root = root
        self.patches: list[Patch] = []
        self.change = 0  # the number of the change being applied
        self._touched: dict[int, int] = {}
        self._inserts: dict[int, tuple[int, bool]] = {}  # offset -> (the first change inserting there, an item?)
        self._changed: set[int] = set()  # the changes that recorded a patch
        self._pending: set[tuple[str, ...]] = set()
        self._index: dict[tuple[str, ...], Mapping] | None = None
        self._file_quote: str | None = None

    # -- finding things -------------------------------------------------------
    def items(self, section: str) -> list[Mapping]:
        """The mapping items of a top-level section, in file order."""
        node = self.root.get(section)
        if not isinstance(node, Sequence):
            return []
        return [item for item in node.items if isinstance(item, Mapping)]

    def _build_index(self) -> dict[tuple[str, ...], Mapping]:
        if self._index is None:
            index: dict[tuple[str, ...], Mapping] = {}
            for side in ("team", "client"):
                for item in self.items(side):
                    person = item.text("id")
                    if person is not None:
                        index.setdefault(("person", person), item)
            for item in self.items("relationships"):
                key = (item.text("from"), item.text("kind"), item.text("to"))
                if None not in key:
                    index.setdefault(("rel", *key), item)  # type: ignore[arg-type]
            for item in self.items("actions"):
                action = item.text("id")
                if action is not None:
                    index.setdefault(("action", action), item)
            self._index = index
        return self._index

    def _lookup(self, key: tuple[str, ...]) -> Mapping | None:
        if key in self._pending:
            raise NeedsFlush
        return self._build_index().get(key)

    def person(self, person_id: str) -> Mapping | None:
        """The entry of the person with this id (ours or theirs)."""
        return self._lookup(("person", person_id))

    def side_of(self, person_id: str) -> str | None:
        """'team' or 'client' for a person written in the map, else None."""
        entry = self.person(person_id)
        if entry is None:
            return None
        return "team" if any(item is entry for item in self.items("team")) else "client"

    def people(self, side: str) -> list[str]:
        """The ids written on one side, in file order."""
        return [person for item in self.items(side) if (person := item.text("id")) is not None]

    def relationship(self, source: str, kind: str, target: str) -> Mapping | None:
        """The relationship `source kind target` (`opposes` either way round)."""
        found = self._lookup(("rel", source, kind, target))
        if found is None and kind == "opposes":
            found = self._lookup(("rel", target, kind, source))
        return found

    def action(self, action_id: str) -> Mapping | None:
        """The action with this id."""
        return self._lookup(("action", action_id))

    def expect(self, *key: str) -> None:
        """Note that a change of this batch adds the item `key`: reading it needs a fresh parse."""
        self._pending.add(key)

    # -- recording patches ----------------------------------------------------
    def touch(self, node: Node) -> None:
        """Claim `node` for the current change; a second change touching it must wait."""
        owner = self._touched.setdefault(id(node), self.change)
        if owner != self.change:
            if owner in self._changed:
                raise NeedsFlush
            self._touched[id(node)] = self.change  # the earlier change only read it

    def patch(self, start: int, end: int, text: str, *, item: bool = False) -> Patch:
        """Record one patch; text inserted where another change inserts must wait for a fresh parse.

        Which of two insertions at one offset comes first depends on what they
        are (a key of an entry goes before the next entry), so the second
        change sees the first in the file instead. New items after the same
        neighbour (`item`) simply follow each other, in the order of the changes.
        """
        if start == end:
            owner, both_items = self._inserts.setdefault(start, (self.change, item))
            if owner != self.change and not (item and both_items):
                raise NeedsFlush
        patch = Patch(start, end, text, len(self.patches), self.change)
        self.patches.append(patch)
        self._changed.add(self.change)
        return patch

    def checkpoint(self) -> tuple[int, dict[int, int], set[tuple[str, ...]], dict[int, tuple[int, bool]]]:
        """What to roll back to if the current change must wait."""
        return len(self.patches), dict(self._touched), set(self._pending), dict(self._inserts)

    def rollback(self, point: tuple[int, dict[int, int], set[tuple[str, ...]], dict[int, tuple[int, bool]]]) -> None:
        """Forget everything recorded since `point`."""
        count, touched, pending, inserts = point
        del self.patches[count:]
        self._touched, self._pending, self._inserts = touched, pending, inserts
        self._changed = {patch.change for patch in self.patches}

    def result(self) -> str:
        """The text with every patch applied; each patch learns where it landed."""
        ordered = sorted(self.patches, key=lambda patch: (patch.start, patch.end > patch.start, patch.seq))
        pieces: list[str] = []
        position = 0
        size = 0
        for patch in ordered:
            if patch.start < position:
                raise AssertionError(f"overlapping edits at offset {patch.start}")  # a bug, never user input
            pieces.append(self.text[position : patch.start])
            size += patch.start - position
            patch.landed = size
            pieces.append(patch.text)
            size += len(patch.text)
            position = patch.end
        pieces.append(self.text[position:])
        return "".join(pieces)

    def moved(self, offset: int) -> int:
        """Where an offset of the original text ends up in `result()` (after `result` ran)."""
        shift = 0
        for patch in self.patches:
            if patch.end <= offset and patch.landed >= 0 and (patch.start < offset or patch.end > patch.start):
                shift += len(patch.text) - (patch.end - patch.start)
        return offset + shift

    # -- style of the neighbourhood ------------------------------------------
    def column(self, offset: int) -> int:
        """The 0-based column of an offset."""
        return self.lines.column_of(offset)

    def last_line(self, node: Node) -> int:
        """The 0-based line of the last character of `node`."""
        end = last_offset(node, self.text)
        return self.lines.line_of(max(end - 1, node.start))

    def value_quote(self, mapping: Mapping) -> str:
        """The quote the mapping writes its text values in: '"', "'" or '' (plain or mixed).

        A mapping with no text to judge by follows the file as a whole.
        """
        styles = {node.style for entry in mapping.entries if _is_text(node := entry.value)}
        if not styles:
            return self.file_quote()
        return styles.pop() if len(styles) == 1 and styles != {""} else ""

    def file_quote(self) -> str:
        """The quote most text values of the whole file are written in ('' when most are plain)."""
        if self._file_quote is None:
            counts: dict[str, int] = {}
            stack: list[Node] = [self.root]
            while stack:
                node = stack.pop()
                if isinstance(node, Mapping):
                    for entry in node.entries:
                        if _is_text(entry.value):
                            style = entry.value.style  # type: ignore[union-attr]
                            counts[style] = counts.get(style, 0) + 1
                        stack.append(entry.value)
                elif isinstance(node, Sequence):
                    stack.extend(node.items)
            total = sum(counts.values())
            best = max(counts, key=lambda style: counts[style]) if counts else ""
            self._file_quote = best if counts.get(best, 0) * 2 > total else ""
        return self._file_quote

    @staticmethod
    def key_quote(mapping: Mapping) -> str:
        """The quote the mapping writes its keys in ('' when any key is plain)."""
        styles = {entry.key.style for entry in mapping.entries}
        return styles.pop() if len(styles) == 1 and styles != {""} else ""

    def render_key(self, key: str, quote: str) -> str:
        """A key in the given quotes."""
        return f"{quote}{key}{quote}"

    # -- values ---------------------------------------------------------------
    def replace_value(self, mapping: Mapping, entry: Entry, value: Any) -> None:
        """Give an existing key a new value, written in the style of the old one."""
        self.touch(mapping)
        node = entry.value
        if isinstance(value, list) and isinstance(node, Sequence) and all(isinstance(i, Scalar) for i in node.items):
            self._replace_list(entry, node, value, self.value_quote(mapping))
            return
        quote = self.value_quote(mapping)
        if isinstance(node, Scalar) and node.style in ("'", '"'):
            quote = node.style
        elif isinstance(node, Scalar) and not node.is_null and not node.style:
            quote = ""
        text = render(value, flow=mapping.flow, quote=quote)
        if isinstance(node, Scalar) and node.is_null and node.start == node.end:
            start = self._after_colon(entry)
            end = start + len(self.text[start:]) - len(self.text[start:].lstrip(" "))
            if self.text[end : end + 1] in ("#",):
                text += " "
            self.patch(start, end, " " + text)
            return
        if isinstance(node, Sequence) and not node.flow:
            # a block list becomes a flow list on the key's line
            start = self._after_colon(entry)
            self.patch(start, self.lines.end_of(self.last_line(node)), " " + text)
            return
        self.replace_keeping_comment(node.start, last_offset(node, self.text), text)

    def replace_keeping_comment(self, start: int, end: int, text: str) -> None:
        """Replace text[start:end]; a comment after it on the line keeps its column if it can."""
        gap = _COMMENT_GAP.match(self.text, end)
        if gap is None or self.lines.line_of(start) != self.lines.line_of(end):
            self.patch(start, end, text)
            return
        spaces = len(gap.group(1)) - (len(text) - (end - start))
        self.patch(start, gap.end(1), text + " " * (spaces if spaces >= 1 else len(gap.group(1))))

    def _after_colon(self, entry: Entry) -> int:
        """The offset just after the `:` that ends `entry`'s key."""
        colon = self.text.find(":", entry.key.end)
        return colon + 1 if colon >= 0 else entry.key.end

    def _replace_list(self, entry: Entry, node: Sequence, values: list[Any], quote: str) -> None:
        """Change a list of scalars item by item, so unchanged items keep their bytes."""
        old = node.items
        assert all(isinstance(item, Scalar) for item in old)
        if not values:
            if node.flow:
                self.patch(node.start, node.end, "[]")
            else:
                self.patch(self._after_colon(entry), self.lines.end_of(self.last_line(node)), " []")
            return
        for item, value in zip(old, values, strict=False):
            scalar = item if isinstance(item, Scalar) else None
            if scalar is not None and scalar.value == value:
                continue
            item_quote = scalar.style if scalar is not None and scalar.style in ("'", '"') else quote
            self.replace_keeping_comment(item.start, item.end, render(value, flow=node.flow, quote=item_quote))
        extra = values[len(old) :]
        if node.flow:
            if not old:
                self.patch(node.start, node.end, render(values, flow=True, quote=quote))
            elif extra:
                added = "".join(", " + render(value, flow=True, quote=quote) for value in extra)
                self.patch(old[-1].end, old[-1].end, added)
            elif len(values) < len(old):
                self.patch(old[len(values) - 1].end, old[-1].end, "")
            return
        nl = self.lines.newline
        if extra:
            dash = self._dash_column(old[-1])
            added = "".join(f"{nl}{' ' * dash}- {render(value, flow=False, quote=quote)}" for value in extra)
            end = self.lines.end_of(self.last_line(old[-1]))
            self.patch(end, end, added)
        elif len(values) < len(old):
            first = self.lines.line_of(old[len(values)].start)
            last = self.last_line(old[-1])
            self.patch(self.lines.start_of(first), self.lines.after_break(last), "")

    def _dash_column(self, item: Node) -> int:
        """The column of the `-` that starts a block sequence item."""
        line = self.lines.line_of(item.start)
        before = self.text[self.lines.start_of(line) : item.start]
        stripped = before.rstrip()
        if stripped.endswith("-"):
            return len(stripped) - 1
        return max(self.column(item.start) - 2, 0)

    def set_key(self, mapping: Mapping, record: type[Record], key: str, value: Any) -> None:
        """Set `key` to `value`: a new value in place, or a new key where `fmt` would put it."""
        entry = mapping.entry(key)
        if entry is not None:
            self.replace_value(mapping, entry, value)
            return
        self.touch(mapping)
        quote, key_quote = self.value_quote(mapping), self.key_quote(mapping)
        written = self.render_key(key, key_quote)
        before = [e for e in mapping.entries if rank(record, e.key.value) < rank(record, key)]
        previous = max(before, key=lambda e: e.key.start) if before else None
        nl = self.lines.newline
        if mapping.flow:
            pair = f"{written}: {render(value, flow=True, quote=quote)}"
            if previous is None:
                if mapping.entries:
                    first = mapping.entries[0].key.start
                    self.patch(first, first, pair + ", ")
                else:
                    self.patch(mapping.start + 1, mapping.start + 1, pair)
                return
            at = max(previous.value.end, previous.key.end)
            line = self.lines.line_of(at)
            # an insertion this batch already made here: the new pair follows it
            pending = next((p for p in self.patches if p.start == p.end == at), None)
            if pending is not None and self._inserts.get(at, (None,))[0] != self.change:
                raise NeedsFlush
            written_before = pending.text if pending is not None else ""
            if "\n" in written_before:
                length = len(written_before.rsplit("\n", 1)[1]) + self.lines.end_of(line) - at
            else:
                length = len(self.lines.line_text(line)) + len(written_before)
            first_line, end_line = self.lines.line_of(mapping.start), self.lines.line_of(mapping.end - 1)
            longest = max(len(self.lines.line_text(n)) for n in range(first_line, end_line + 1))
            at_line_end = _LINE_END.match(self.text, at, self.lines.end_of(line)) is not None
            if at_line_end and first_line != end_line and length + len(pair) + 2 > max(WIDTH, longest):
                starts = [e.key.start for e in mapping.entries if self.lines.line_of(e.key.start) == line]
                indent = self.column(starts[0]) if starts else self.column(mapping.start) + 1
                addition = f",{nl}{' ' * indent}{pair}"
            else:
                addition = ", " + pair
            if pending is not None:
                pending.text += addition
            else:
                self.patch(at, at, addition)
            return
        indent = self.column(mapping.entries[0].key.start)
        lines = self._block_pair(written, value, indent, quote, self._block_lists(mapping))
        if previous is None:
            first = mapping.entries[0].key.start
            self.patch(first, first, nl.join(lines).lstrip(" ") + nl + " " * indent)
            return
        end = self.lines.end_of(self.last_line(previous.value))
        self.patch(end, end, "".join(nl + line for line in lines))

    def _block_pair(self, key: str, value: Any, indent: int, quote: str, block_lists: int | None = None) -> list[str]:
        """`key: value` as block lines at `indent`; a mapping value goes on the lines below.

        With `block_lists` (how far the neighbours indent a list's `-` under its
        key), a list is written one item per line as they write theirs.
        """
        if isinstance(value, dict):
            inner = [f"{' ' * (indent + 2)}{k}: {render(v, flow=False, quote=quote)}" for k, v in value.items()]
            return [f"{' ' * indent}{key}:", *inner]
        if isinstance(value, list) and value and block_lists is not None:
            dash = " " * (indent + block_lists)
            return [f"{' ' * indent}{key}:", *(f"{dash}- {render(v, flow=False, quote=quote)}" for v in value)]
        return [f"{' ' * indent}{key}: {render(value, flow=False, quote=quote)}"]

    def _block_lists(self, mapping: Mapping) -> int | None:
        """How far a block mapping indents the `-` of its block lists under their key; None if it writes lists in flow."""
        if mapping.flow:
            return None
        for entry in mapping.entries:
            node = entry.value
            if isinstance(node, Sequence) and node.items:
                if node.flow:
                    return None
                return self._dash_column(node.items[0]) - self.column(entry.key.start)
        return None

    def remove_key(self, mapping: Mapping, key: str) -> bool:
        """Remove `key` and its value; False if it was not written."""
        index = next((n for n, entry in enumerate(mapping.entries) if entry.key.value == key), None)
        if index is None:
            return False
        self.touch(mapping)
        entries = mapping.entries
        entry = entries[index]
        if mapping.flow:
            if index > 0:
                self.patch(entries[index - 1].value.end, entry.value.end, "")
            elif len(entries) > 1:
                self.patch(entry.key.start, entries[1].key.start, "")
            else:
                self.patch(entry.key.start, entry.value.end, "")
            return True
        first, last = self.lines.line_of(entry.key.start), self.last_line(entry.value)
        on_dash = self.text[self.lines.start_of(first) : entry.key.start].strip() != ""
        if on_dash:  # `- key: value`: the next key moves up onto the dash's line
            if index + 1 < len(entries):
                self.patch(entry.key.start, entries[index + 1].key.start, "")
            else:
                self.patch(entry.key.start, self.lines.end_of(last), "{}")
            return True
        self.patch(self.lines.start_of(first), self.lines.after_break(last), "")
        return True

    # -- new items ------------------------------------------------------------
    def append_item(
        self, section: str, record: type[Record], values: dict[str, Any], after: Mapping | None = None
    ) -> Patch:
        """Add an item to a section after `after` (default: the last item), in its neighbours' style."""
        values = dict(sorted(values.items(), key=lambda pair: rank(record, pair[0])))
        entry = self.root.entry(section)
        if entry is None:
            return self._add_section(section, record, values)
        node = entry.value
        items = [item for item in node.items if isinstance(item, Mapping)] if isinstance(node, Sequence) else []
        if isinstance(node, Sequence) and items:
            return self._append_to(node, items, record, values, after)
        self.touch(node)
        self.touch(self.root)
        nl = self.lines.newline
        if isinstance(node, Sequence) and node.flow and not node.items:
            if self.root.flow:
                return self.patch(node.start + 1, node.end - 1, self._flow_item(values, "", "", None, 0))
            own_line = self.text[self.lines.start_of(self.lines.line_of(node.start)) : node.start].strip() == ""
            dash = self.column(node.start) if own_line else self._section_indent()
            lines = self._item_lines(record, values, flow=self._prefers_flow(section), dash=dash)
            if own_line:  # `[]` under comments, as `relmap init` writes it: the item takes its place
                return self.patch(node.start, node.end, nl.join(lines).lstrip(" "))
            end = self.lines.end_of(self.lines.line_of(node.end))
            if self.text[node.end : end].strip():  # a comment after `[]` stays on the key's line
                self.patch(node.start, node.end, "")
            else:
                self.patch(self._after_colon(entry), end, "")
            return self.patch(end, end, "".join(nl + line for line in lines))
        if isinstance(node, Scalar) and node.is_null:
            lines = self._item_lines(record, values, flow=self._prefers_flow(section), dash=self._section_indent())
            end = self.lines.end_of(self.lines.line_of(entry.key.start))
            return self.patch(end, end, "".join(nl + line for line in lines))
        raise EditError(f"'{section}' is not a list; fix it first (relmap validate shows where)")

    def _append_to(
        self, node: Sequence, items: list[Mapping], record: type[Record], values: dict[str, Any], after: Mapping | None
    ) -> Patch:
        neighbour = after if after is not None else items[-1]
        flow = self._item_is_flow(items, neighbour, record)
        keys = self.key_quote(neighbour)
        quote = self.value_quote(neighbour)
        wrap = record.__name__ in _WRAPPED or any(
            self.lines.line_of(item.start) != self.lines.line_of(item.end - 1) for item in items if item.flow
        )
        if node.flow:
            line = self.lines.line_of(neighbour.end)
            column = self.column(node.items[0].start)
            item = self._flow_item(values, keys, quote, WIDTH if wrap else None, column)
            one_per_line = len({self.lines.line_of(i.start) for i in node.items}) > 1
            if one_per_line or len(self.lines.line_text(line)) + len(item) + 2 > WIDTH:
                nl = self.lines.newline
                text = f",{nl}{' ' * column}{item.replace(chr(10), nl)}"
                return self.patch(neighbour.end, neighbour.end, text, item=True)
            return self.patch(neighbour.end, neighbour.end, ", " + item.replace("\n", self.lines.newline), item=True)
        dash = self._dash_column(neighbour)
        block_lists = self._block_lists(neighbour)
        lines = self._item_lines(
            record, values, flow=flow, dash=dash, keys=keys, quote=quote, wrap=wrap, block_lists=block_lists
        )
        end = self.lines.end_of(self.last_line(neighbour))
        nl = self.lines.newline
        return self.patch(end, end, "".join(nl + line for line in lines), item=True)

    def _item_is_flow(self, items: list[Mapping], neighbour: Mapping, record: type[Record]) -> bool:
        """People follow the section's majority style; other items copy their neighbour."""
        if record.__name__ in ("TeamMember", "ClientPerson"):
            flows = sum(1 for item in items if item.flow)
            if flows * 2 != len(items):
                return flows * 2 > len(items)
        return neighbour.flow

    def _prefers_flow(self, section: str) -> bool:
        """Style for the first item of an empty section: relationships, actions and the like are flow."""
        if section in ("team", "client"):
            other = self.items("client" if section == "team" else "team")
            if other:
                return sum(1 for item in other if item.flow) * 2 >= len(other)
        return True

    def _section_indent(self) -> int:
        """The column of the `-` in the file's block-style sections (2 if none)."""
        for name in SECTIONS:
            node = self.root.get(name)
            if isinstance(node, Sequence) and not node.flow and node.items:
                return self._dash_column(node.items[0])
        return 2

    def _item_lines(
        self,
        record: type[Record],
        values: dict[str, Any],
        *,
        flow: bool,
        dash: int,
        keys: str = "",
        quote: str = "",
        wrap: bool = False,
        block_lists: int | None = None,
    ) -> list[str]:
        """A new item as lines starting with `- ` at column `dash`; a long person wraps as `fmt` wraps it."""
        wrap = wrap or record.__name__ in _WRAPPED
        if flow:
            first = " " * dash + "- "
            return (first + self._flow_item(values, keys, quote, WIDTH if wrap else None, len(first))).split("\n")
        lines: list[str] = []
        for key, value in values.items():
            lines += self._block_pair(self.render_key(key, keys), value, dash + 2, quote, block_lists)
        lines[0] = " " * dash + "- " + lines[0][dash + 2 :]
        return lines

    def _flow_item(self, values: dict[str, Any], keys: str, quote: str, width: int | None, column: int) -> str:
        """`{key: value, ...}`, wrapped before `width` (continuation lines under the first key)."""
        pairs = [f"{self.render_key(k, keys)}: {render(v, flow=True, quote=quote)}" for k, v in values.items()]
        if width is None:
            return "{" + ", ".join(pairs) + "}"
        out, line_length = "{", column + 1
        for number, pair in enumerate(pairs):
            piece = pair + ("," if number + 1 < len(pairs) else "}")
            if number and line_length + 1 + len(piece) > width:
                out += "\n" + " " * (column + 1)
                line_length = column + 1
            elif number:
                out += " "
                line_length += 1
            out += piece
            line_length += len(piece)
        return out

    def _add_section(self, section: str, record: type[Record], values: dict[str, Any]) -> Patch:
        """A section the map does not have yet, placed in the order of the format."""
        self.touch(self.root)
        before = [entry for entry in self.root.entries if rank(AccountMap, entry.key.value) < rank(AccountMap, section)]
        if not self.root.entries:
            raise EditError("the map is empty: it needs relmap, account and team first")
        previous = max(before, key=lambda entry: entry.key.start) if before else self.root.entries[-1]
        keys = self.key_quote(self.root)
        name = self.render_key(section, keys)
        if self.root.flow:
            quote = self.value_quote(self.root)
            item = self._flow_item(values, keys, quote, None, 0)
            return self.patch(previous.value.end, previous.value.end, f", {name}: [{item}]")
        nl = self.lines.newline
        lines = self._item_lines(record, values, flow=self._prefers_flow(section), dash=self._section_indent())
        blank = nl if self._sections_apart() else ""
        end = self.lines.end_of(self.last_line(previous.value))
        return self.patch(end, end, nl + blank + name + ":" + "".join(nl + line for line in lines))

    def _sections_apart(self) -> bool:
        """Whether most top-level sections are separated by a blank line."""
        entries = self.root.entries
        apart = 0
        for entry in entries[1:]:
            line = self.lines.line_of(entry.key.start)
            while line > 0 and self.lines.line_text(line - 1).lstrip().startswith("#"):
                line -= 1
            apart += line > 0 and not self.lines.line_text(line - 1).strip()
        return apart * 2 > len(entries) - 1
