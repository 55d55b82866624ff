"""The canonical layout of a map, comments kept: what `relmap fmt` writes.

Sections in the order of the format, keys inside each entry in the order
of `order`, one space after each comma and colon, two-space indentation;
relationships, actions and counterparts one per line in flow style;
people and interests in block or flow style as each is written (a flow
entry wrapped at `order.WIDTH`, continuation lines under its first key);
lists of words in flow style. Scalars keep the quoting they are written
with. Comments stay with the entry they stand on or before (a comment that
ends a line keeps its column when it can), blank lines between entries
stay (at most one), and so do a BOM and CRLF line ends.

The result is parsed again and must hold the same data as the original,
value for value; a layout that would change the meaning is refused, never
returned. No I/O.
"""

from bisect import bisect_right

from ..load.loader import STDIN_NAME, load_text
from ..load.problems import Problem
from ..load.yamltree import parse_yaml
from ..tuples import NamedTuple
from .order import WIDTH, rank, record_at
from .scalars import double_quoted, plain_ok
from .tree import Entry, Lines, Mapping, Node, Scalar, Sequence, last_offset, parse_tree

ONE_PER_LINE = frozenset({"relationships", "actions", "counterparts"})
INDENT = 2


class FormatResult(NamedTuple):
    """The canonical text of a map, or the problems that kept it from being formatted."""

    path: str
    before: str
    after: str
    problems: list[Problem]

    @property
    def changed(self) -> bool:
        """True when the layout is not canonical yet."""
        return not self.problems and self.after != self.before


def format_map(text: str, path: str = STDIN_NAME) -> FormatResult:
    """The canonical layout of a valid map's text (see the module docstring)."""
    loaded = load_text(text, path)
    if loaded.problems or loaded.model is None:
        return FormatResult(path, text, text, list(loaded.problems))
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    root = parse_tree(body)
    assert isinstance(root, Mapping)
    after = bom + _Formatter(body, root).run()
    if after == text:  # already canonical: nothing to check again
        return FormatResult(path, text, text, [])
    # the new text must hold the same data, value for value (a quoted 'null' is
    # not a null): then it is the same map, valid as the original is
    assert loaded.source is not None
    again, problems = parse_yaml(after[len(bom) :], path)
    if problems or again != loaded.source.root:
        message = "relmap cannot lay this map out canonically without changing what it says; it is left as it is"
        return FormatResult(path, text, text, [Problem(path, 1, 1, "fmt", message)])
    return FormatResult(path, text, after, [])


class _Slot:
    """A place that starts a line in the output: a mapping entry or a list item in block style."""

    def __init__(
        self, node: Node, key: Scalar | None, path: tuple[str | int, ...], first: int, last: int, block: bool
    ) -> None:
        self.node = node
        self.key = key
        self.path = path
        self.first = first  # first and last source line
        self.last = last
        self.block = block  # its value is written over several lines (a block mapping or list)
        self.shift = 0  # how many columns the entry moves (its new indentation less its old)
        self.leading: list[tuple[int, str]] = []  # (line, text) of comment or blank lines
        self.before_value: list[tuple[int, str]] = []
        self.trailing: list[tuple[int, int, str]] = []  # (line, column, comment)


class _Formatter:
    def __init__(self, body: str, root: Mapping) -> None:
        self.text = body
        self.lines = Lines(body)
        self.nl = self.lines.newline
        self.root = root
        self.slots: list[_Slot] = []
        self.block_nodes: set[int] = set()
        self.by_node: dict[int, _Slot] = {}
        self.scalar_spans: list[tuple[int, int]] = []
        self.written_in_flow: set[int] = set()  # scalars the source writes inside a flow collection
        self.footer: list[tuple[int, str]] = []
        self.out: list[str] = []

    # -- where things stand ------------------------------------------------------
    @staticmethod
    def is_block(node: Node, path: tuple[str | int, ...], parent_block: bool) -> bool:
        """Whether a mapping or list is written in block style in the canonical layout."""
        if not path:
            return True
        if isinstance(node, Sequence):
            return len(path) == 1 and bool(node.items)
        if isinstance(node, Mapping):
            if len(path) == 2 and path[0] in ONE_PER_LINE:
                return False
            return not node.flow and parent_block
        return False

    def collect(self, node: Node, path: tuple[str | int, ...], *, block_parent: bool, in_flow: bool) -> None:
        """Record every slot (in document order, parents first) and every scalar's span."""
        if isinstance(node, Scalar):
            self.scalar_spans.append((node.start, node.end))
            if in_flow:
                self.written_in_flow.add(id(node))
            return
        block = isinstance(node, (Mapping, Sequence)) and self.is_block(node, path, block_parent)
        if block:
            self.block_nodes.add(id(node))
        inner_flow = in_flow or (isinstance(node, (Mapping, Sequence)) and node.flow)
        if isinstance(node, Mapping):
            for entry in node.entries:
                child = (*path, entry.key.value)
                self.scalar_spans.append((entry.key.start, entry.key.end))
                if block:
                    self.add_slot(entry.value, entry.key, child, block)
                self.collect(entry.value, child, block_parent=block, in_flow=inner_flow)
        elif isinstance(node, Sequence):
            for index, item in enumerate(node.items):
                child = (*path, index)
                if block:
                    self.add_slot(item, None, child, block)
                self.collect(item, child, block_parent=block, in_flow=inner_flow)

    def add_slot(self, node: Node, key: Scalar | None, path: tuple[str | int, ...], parent_block: bool) -> None:
        start = key.start if key is not None else node.start
        value_is_block = isinstance(node, (Mapping, Sequence)) and self.is_block(node, path, parent_block)
        if isinstance(node, (Mapping, Sequence)) and node.flow:
            last = self.lines.line_of(node.end - 1)
        else:
            last = self.lines.line_of(max(last_offset(node, self.text) - 1, start))
        slot = _Slot(node, key, path, self.lines.line_of(start), last, value_is_block)
        self.slots.append(slot)
        self.by_node[id(node)] = slot

    # -- comments and blank lines ------------------------------------------------
    def attach_trivia(self) -> None:
        """Give every comment and blank line to the slot it belongs with."""
        self.scalar_spans.sort()
        self.span_starts = [span[0] for span in self.scalar_spans]
        inside: set[int] = set()  # the lines a multi-line scalar continues on
        for start, end in self.scalar_spans:
            first, last = self.lines.line_of(start), self.lines.line_of(max(end - 1, start))
            inside.update(range(first + 1, last + 1))
        self.firsts = [slot.first for slot in self.slots]
        root_first = self.slots[0].first if self.slots else 0
        root_last = self.root_last()
        for number in range(root_first, self.lines.count):
            line = self.lines.line_text(number)
            stripped = line.strip()
            own_line = number not in inside and (not stripped or stripped.startswith("#"))
            if own_line and number > root_last:
                self.footer.append((number, line.rstrip()))
            elif own_line:
                self.lead(number, stripped)
            else:
                comment = self.comment_in(number, line)
                if comment is not None:
                    self.trail(number, comment)

    def root_last(self) -> int:
        if self.root.flow:
            return self.lines.line_of(self.root.end - 1)
        return self.lines.line_of(max(last_offset(self.root, self.text) - 1, 0))

    def scalar_at(self, offset: int) -> tuple[int, int] | None:
        index = bisect_right(self.span_starts, offset) - 1
        if index >= 0 and self.scalar_spans[index][0] <= offset < self.scalar_spans[index][1]:
            return self.scalar_spans[index]
        return None

    def comment_in(self, number: int, line: str) -> tuple[int, str] | None:
        """(column, text) of the comment that ends a line, if any."""
        base = self.lines.start_of(number)
        column = line.find("#")
        while column >= 0:
            if column == 0 or line[column - 1] in " \t":
                span = self.scalar_at(base + column)
                if span is None or self.on_block_header(span, number):
                    return column, line[column:].rstrip()
            column = line.find("#", column + 1)
        return None

    def on_block_header(self, span: tuple[int, int], number: int) -> bool:
        """Whether `number` is the header line (`notes: |  # ...`) of the block scalar at `span`."""
        return self.text[span[0] : span[0] + 1] in ("|", ">") and self.lines.line_of(span[0]) == number

    def lead(self, number: int, text: str) -> None:
        """A comment or blank line on its own: it leads the slot after it."""
        holder = self.containing(number)
        if holder is not None and not holder.block:
            if holder.key is not None and number < self.lines.line_of(holder.node.start):
                holder.before_value.append((number, text))  # between a key and its value
            elif text:
                holder.leading.append((number, text))  # inside a flow entry: it goes before it
            return
        index = bisect_right(self.firsts, number)
        if index < len(self.slots):
            self.slots[index].leading.append((number, text))
        else:
            self.footer.append((number, self.lines.line_text(number).rstrip()))

    def trail(self, number: int, comment: tuple[int, str]) -> None:
        """A comment that ends a line: it stays with the innermost slot on that line."""
        holder = self.containing(number)
        if holder is None:
            self.footer.append((number, self.lines.line_text(number).rstrip()))
        else:
            holder.trailing.append((number, comment[0], comment[1]))

    def containing(self, number: int) -> _Slot | None:
        index = bisect_right(self.firsts, number) - 1
        while index >= 0:
            slot = self.slots[index]
            if slot.first <= number <= slot.last:
                return slot
            index -= 1
        return None

    # -- writing ------------------------------------------------------------------
    def run(self) -> str:
        self.collect(self.root, (), block_parent=True, in_flow=False)
        self.attach_trivia()
        first = self.slots[0].first if self.slots else 0
        self.emit_verbatim([self.lines.line_text(number).rstrip() for number in range(first)])
        self.write_mapping(self.root, (), 0)
        self.emit_verbatim([text for _, text in self.footer])
        while self.out and not self.out[-1].strip():
            self.out.pop()
        return self.nl.join(self.out) + self.nl

    def blank(self) -> None:
        """One blank line, never two, never at the top."""
        if self.out and self.out[-1].strip():
            self.out.append("")

    def emit_verbatim(self, lines: list[str]) -> None:
        for line in lines:
            if line.strip():
                self.out.append(line)
            else:
                self.blank()

    def emit_leading(self, trivia: list[tuple[int, str]], indent: int, source_column: int) -> None:
        """Comment and blank lines before a slot; a comment aligned with the slot moves with it."""
        for number, text in trivia:
            if not text:
                self.blank()
                continue
            line = self.lines.line_text(number)
            column = len(line) - len(line.lstrip())
            self.out.append(" " * (indent if column == source_column else column) + text)

    def ordered(self, mapping: Mapping, path: tuple[str | int, ...]) -> list[Entry]:
        record = record_at(path)
        if record is None:
            return list(mapping.entries)
        return sorted(mapping.entries, key=lambda entry: rank(record, entry.key.value))

    def write_mapping(self, mapping: Mapping, path: tuple[str | int, ...], indent: int, dash: int = -1) -> None:
        """A block mapping; with `dash`, the first key goes on the `- ` line of a list item."""
        for number, entry in enumerate(self.ordered(mapping, path)):
            slot = self.by_node[id(entry.value)]
            self.emit_leading(slot.leading, indent, self.lines.column_of(entry.key.start))
            prefix = " " * dash + "- " if dash >= 0 and number == 0 else " " * indent
            slot.shift = indent - self.lines.column_of(entry.key.start)
            self.write_slot(slot, (*path, entry.key.value), indent, prefix)

    def write_slot(self, slot: _Slot, path: tuple[str | int, ...], indent: int, prefix: str) -> None:
        node = slot.node
        assert slot.key is not None
        head = prefix + slot.key.value + ":"
        if slot.block:
            self.out.append(self.with_comments(head, slot, slot.first))
            if isinstance(node, Mapping):
                self.write_mapping(node, path, indent + INDENT)
            else:
                assert isinstance(node, Sequence)
                self.write_items(node, path, indent + INDENT)  # `- ` indented under the key
            self.flush_comments(slot)
            return
        if slot.before_value:
            self.out.append(self.with_comments(head, slot, slot.first))
            for number, text in slot.before_value:
                self.emit_leading([(number, text)], indent + INDENT, self.lines.column_of(node.start))
            self.write_inline(" " * (indent + INDENT), node, path, slot, in_flow=False)
            return
        if isinstance(node, Scalar) and node.style in ("|", ">") and self.keeps_block_scalar(node):
            self.write_block_scalar(head + " ", node, slot, indent)
            return
        if isinstance(node, Scalar) and node.is_null and not node.style:
            self.out.append(self.with_comments(head, slot))
            return
        self.write_inline(head + " ", node, path, slot, in_flow=False)

    def write_items(self, sequence: Sequence, path: tuple[str | int, ...], dash: int) -> None:
        indent = dash + INDENT
        for index, item in enumerate(sequence.items):
            slot = self.by_node[id(item)]
            self.emit_leading(slot.leading, dash, self.dash_column(item))
            slot.shift = dash - self.dash_column(item)
            child = (*path, index)
            if isinstance(item, Mapping) and id(item) in self.block_nodes:
                self.write_mapping(item, child, indent, dash=dash)
                self.flush_comments(slot)
            else:
                self.write_inline(" " * dash + "- ", item, child, slot, in_flow=False)

    def dash_column(self, item: Node) -> int:
        line = self.lines.line_of(item.start)
        before = self.text[self.lines.start_of(line) : item.start].rstrip()
        return len(before) - 1 if before.endswith("-") else self.lines.column_of(item.start)

    def write_inline(self, head: str, node: Node, path: tuple[str | int, ...], slot: _Slot, *, in_flow: bool) -> None:
        text = self.flow(node, path, in_flow=in_flow)
        person_like = isinstance(node, Mapping) and len(path) == 2 and path[0] not in ONE_PER_LINE
        if person_like and len(head) + len(text) > WIDTH:
            lines = self.wrap(head, node, path)
        else:
            lines = [head + text]
        self.out.extend(lines[:-1])
        self.out.append(self.with_comments(lines[-1], slot))

    def with_comments(self, line: str, slot: _Slot, on_line: int | None = None) -> str:
        """`line` with the slot's comments (those of `on_line` only, if given) at their column.

        A comment keeps its column, moved as far as its entry moved; it is
        pushed right only to stay clear of the text before it.
        """
        comments = [c for c in slot.trailing if on_line is None or c[0] == on_line]
        if not comments:
            return line
        slot.trailing = [c for c in slot.trailing if c not in comments]
        column = comments[0][1] + slot.shift
        line = line.rstrip()
        if column < len(line) + 1:
            column = len(line) + 2
        return line + " " * (column - len(line)) + " ".join(comment[2] for comment in comments)

    def flush_comments(self, slot: _Slot) -> None:
        """Comments left on a block slot (a line no key holds) end its last line."""
        if slot.trailing and self.out:
            self.out[-1] = self.with_comments(self.out[-1], slot)

    # -- values on one line ---------------------------------------------------------
    def pairs(self, node: Mapping, path: tuple[str | int, ...]) -> list[str]:
        return [f"{e.key.value}: {self.flow(e.value, (*path, e.key.value), in_flow=True)}" for e in self.ordered(node, path)]

    def flow(self, node: Node, path: tuple[str | int, ...], *, in_flow: bool) -> str:
        if isinstance(node, Mapping):
            return "{" + ", ".join(self.pairs(node, path)) + "}"
        if isinstance(node, Sequence):
            items = (self.flow(item, (*path, number), in_flow=True) for number, item in enumerate(node.items))
            return "[" + ", ".join(items) + "]"
        if isinstance(node, Scalar):
            return self.scalar(node, in_flow=in_flow)
        return self.text[node.start : node.end]

    def scalar(self, node: Scalar, *, in_flow: bool) -> str:
        """A scalar as written when it stays right where it goes, else written anew from its value."""
        if node.is_null and not node.style:
            return "null" if in_flow else ""
        source = self.text[node.start : node.end]
        if "\n" not in source and node.style not in ("|", ">"):
            moved = in_flow and id(node) not in self.written_in_flow
            if node.style or not moved or plain_ok(node.value, flow=True):
                return source
        if not node.style and plain_ok(node.value, flow=in_flow):
            return node.value
        return double_quoted(node.value)

    def wrap(self, head: str, node: Mapping, path: tuple[str | int, ...]) -> list[str]:
        """A flow mapping over several lines, each `key: value,` whole, under the first key."""
        pieces = self.pairs(node, path)
        column = len(head) + 1
        lines, line = [], head + "{"
        for number, piece in enumerate(pieces):
            piece += "," if number + 1 < len(pieces) else "}"
            if number and len(line) + 1 + len(piece) > WIDTH:
                lines.append(line)
                line = " " * column + piece
            else:
                line += (" " if number else "") + piece
        lines.append(line)
        return lines

    # -- block scalars ----------------------------------------------------------------
    def keeps_block_scalar(self, node: Scalar) -> bool:
        """A block scalar stays one, unless it keeps its trailing lines (`|+`): those are rewritten."""
        header = self.lines.line_text(self.lines.line_of(node.start))[self.lines.column_of(node.start) :]
        return "+" not in header.split("#")[0]

    def write_block_scalar(self, head: str, node: Scalar, slot: _Slot, indent: int) -> None:
        """`key: |` and its lines, moved by as much as the key moved."""
        first = self.lines.line_of(node.start)
        last = self.lines.line_of(max(last_offset(node, self.text) - 1, node.start))
        header = self.lines.line_text(first)[self.lines.column_of(node.start) :]
        indicator = header.split(" #")[0].split("\t#")[0].rstrip()
        self.out.append(self.with_comments(head + indicator, slot, first))
        assert slot.key is not None
        shift = indent - self.lines.column_of(slot.key.start)
        for number in range(first + 1, last + 1):
            line = self.lines.line_text(number)
            if not line.strip():
                self.out.append("")
            elif shift >= 0:
                self.out.append(" " * shift + line)
            else:
                self.out.append(line[-shift:] if line[: -shift].strip() == "" else line)
