"""YAML text -> plain data that remembers where every key and value stood.

One pass over libyaml's event stream (PyYAML's pure-Python parser where
libyaml is missing: same data, same positions, its own syntax-error wording).
Scalars stay text (`null`/`~`/empty become None): the schema, not YAML 1.1,
decides what is a number, a boolean or a date. Duplicate keys, anchors,
aliases and tags are reported, never silently resolved. Lines are counted as
editors and YAML 1.2 count them: NEL, LS and PS are characters, not breaks.
No file I/O here.
"""

import re
from array import array
from itertools import accumulate
from sys import intern
from typing import Any

import yaml

from ..tuples import NamedTuple
from .hints import shorten
from .limits import MAX_DEPTH
from .problems import Problem

try:  # libyaml is an order of magnitude faster; the pure parser is a fallback
    from yaml._yaml import CParser as _Parser

    _LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

    _LIBYAML = False

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STRING_TAGS = frozenset({"!", "tag:yaml.org,2002:str"})


class Pos(NamedTuple):
    """A 1-based line and column."""

    line: int
    column: int


# A position in the tree is one int, `line << 32 | column` (0-based; a map is at most
# 2 GiB, so both fit), and a mapping or sequence keeps its positions in one flat array:
# a large map holds millions of them, and a libyaml mark takes about 200 bytes, a
# Python int 32 and a slot of an array 8.
_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def _pack(mark: Any) -> int:
    """A libyaml mark as one int."""
    return mark.line << _COLUMN_BITS | mark.column


def _pos(packed: int) -> Pos:
    return Pos((packed >> _COLUMN_BITS) + 1, (packed & _COLUMN_MASK) + 1)


class YMap(dict[str, Any]):
    """A mapping with the position of the mapping, each key and each value."""

    __slots__ = ("_order", "marks", "start")

    def __init__(self, start: int) -> None:
        super().__init__()
        self.start = start
        self.marks = array("Q")  # for each key, in the mapping's order: its position, then its value's
        self._order: dict[str, int] | None = None  # key -> its place, made by the first lookup

    def _place(self, key: str) -> int | None:
        """Where `key` is in the mapping's order (its marks are at twice that), or None."""
        order = self._order
        if order is None:
            order = self._order = {}
        known = len(order)  # keys are only ever added, at the end: read back only the newer ones
        if known < len(self):
            names = reversed(self)
            for place in range(len(self) - 1, known - 1, -1):
                order[next(names)] = place
        return order.get(key)

    def pos(self) -> Pos:
        """Where the mapping starts."""
        return _pos(self.start)

    def key_pos(self, key: str) -> Pos:
        """Where `key` is written, or the mapping start if it is absent."""
        place = self._place(key)
        return _pos(self.marks[2 * place]) if place is not None else self.pos()

    def value_pos(self, key: str) -> Pos:
        """Where the value of `key` starts, or the mapping start."""
        place = self._place(key)
        return _pos(self.marks[2 * place + 1]) if place is not None else self.pos()


class YList(list[Any]):
    """A sequence with the position of the sequence and of each item."""

    __slots__ = ("item_marks", "start")

    def __init__(self, start: int) -> None:
        super().__init__()
        self.start = start
        self.item_marks = array("Q")

    def pos(self) -> Pos:
        """Where the sequence starts."""
        return _pos(self.start)

    def item_pos(self, index: int) -> Pos:
        """Where item `index` starts."""
        return _pos(self.item_marks[index])


class _Discard:
    """Stands in for a node whose value is thrown away (a key that is not text)."""

    __slots__ = ("start",)

    def __init__(self, start: int) -> None:
        self.start = start


_NO_KEY = object()
_BAD_KEY = object()


class AliasValue:
    """Stands where an alias was written: its value is never expanded."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<alias>"


ALIAS = AliasValue()


class _Mark(NamedTuple):
    """A 0-based position, shaped like libyaml's marks."""

    line: int
    column: int


class _TooDeep(Exception):
    """Nesting passed `MAX_DEPTH`: the parse stops here."""

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


# What a flow collection's nesting is made of, outside quoted text and comments.
# A quote opens a quoted scalar only where a token starts (so `O'Brien` is text).
# Compiled on first use (re keeps it): only text with a thousand brackets needs it.
_FLOW_SPAN = (
    r"(?m)(?<![^\s\[{,:])'(?:[^'\n]|'')*'"  # a single-quoted scalar
    r'|(?<![^\s\[{,:])"(?:[^"\\\n]|\\.)*"'  # a double-quoted scalar
    r"|(?:(?<=\s)|^)#[^\n]*"  # a comment
    r"|[\[\]{}]"
)
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_LIBYAML_DEPTH_LIMIT = 1000  # PyYAML 6.0.4's libyaml refuses to nest deeper than this


def _flow_nesting(text: str) -> int:
    """The deepest flow nesting in `text` (an estimate that is exact for ordinary YAML)."""
    steps = [_DEPTH_STEP.get(match.group(), 0) for match in re.finditer(_FLOW_SPAN, text)]
    return max(accumulate(steps, lambda depth, step: max(depth + step, 0), initial=0))


def _too_deep_offset(text: str) -> int | None:
    """The offset of the opening bracket where flow nesting first passes `MAX_DEPTH`."""
    depth = 0
    for match in re.finditer(_FLOW_SPAN, text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif token in "]}":
            depth = max(depth - 1, 0)
    return None


def _too_deep_problems(builder: "_Builder", text: str, fallback: Any) -> list[Problem]:
    """Report nesting too deep to parse, at the container where it passes `MAX_DEPTH`.

    The text up to the first bracket past the limit is shallow enough for any
    libyaml, so parsing that prefix finds the exact place the event stream
    would have stopped at.
    """
    offset = _too_deep_offset(text)
    if offset is not None:
        _, problems = parse_yaml(text[: offset + 1], builder.path)
        located = [problem for problem in problems if problem.rule == "too-deep"]
        if located:
            builder.problems.extend(located)
            return builder.problems
        line_start = text.rfind("\n", 0, offset) + 1
        fallback = _Mark(text.count("\n", 0, offset), offset - line_start)
    return _too_deep(builder, fallback)


_PARSER_HAS_DEPTH_LIMIT: bool | None = None


def _parser_has_depth_limit() -> bool:
    """True when the parser stops deep nesting itself (linear); older libyaml scans it quadratically."""
    global _PARSER_HAS_DEPTH_LIMIT
    if _PARSER_HAS_DEPTH_LIMIT is None:
        depth = _LIBYAML_DEPTH_LIMIT + 1
        try:
            parser = _Parser("[" * depth + "]" * depth)
            while parser.get_event() is not None:
                pass
            _PARSER_HAS_DEPTH_LIMIT = False
        except yaml.YAMLError:
            _PARSER_HAS_DEPTH_LIMIT = True
        except Exception:  # pragma: no cover - a parser that fails its own way has no limit we can rely on
            _PARSER_HAS_DEPTH_LIMIT = False
    return _PARSER_HAS_DEPTH_LIMIT


def nesting_refused(text: str) -> bool:
    """True when `text` nests flow collections so deep that the parser would take quadratic time.

    PyYAML 6.0.1-6.0.3 (and the pure-Python parser) scan such nesting before
    the first event arrives, so the depth limit of the event stream comes too late.
    """
    return (
        text.count("[") + text.count("{") > _LIBYAML_DEPTH_LIMIT
        and not _parser_has_depth_limit()
        and _flow_nesting(text) > _LIBYAML_DEPTH_LIMIT
    )


# YAML 1.1 (libyaml) breaks lines at NEL, LS and PS; YAML 1.2 and every editor do not.
_YAML11_BREAKS = "\x85\u2028\u2029"
_HIGH_PLANES = "[\U000f0000-\U0010fffd]"  # compiled on first use: only text with such a break needs it


def stand_ins(text: str) -> dict[int, int]:
    """Private-use characters not in `text`, one for each YAML 1.1 line break it holds.

    Swapped in before the parse and back in every scalar, they keep line
    numbers as an editor shows them, and an LS in a comment inside the comment.
    """
    breaks = [character for character in _YAML11_BREAKS if character in text]
    if not breaks:
        return {}
    used = set(re.findall(_HIGH_PLANES, text))
    free = (code for code in range(0xF0000, 0x10FFFE) if chr(code) not in used)
    return {ord(character): next(free) for character in breaks}


class _Builder:
    """Turns events into YMap/YList/str/None while collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        # Each frame: [container, pending key (or _NO_KEY/_BAD_KEY), key mark]
        self.stack: list[list[Any]] = []
        self.root: Any = None
        self.has_root = False
        # anchor name -> [mark of its first alias, number of aliases]
        self.aliases: dict[str, list[Any]] = {}
        # stand-in -> the line separator it replaced (see `stand_ins`)
        self.restore: dict[int, int] = {}
        # each value text met so far, to hold one string for all its repeats
        self.texts: dict[str, str] = {}

    def problem(self, mark: Any, rule: str, message: str) -> None:
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, rule, message))

    def problem_at(self, packed: int, rule: str, message: str) -> None:
        line, column = _pos(packed)
        self.problems.append(Problem(self.path, line, column, rule, message))

    def check_node(self, event: Any, *, scalar: bool = False) -> None:
        """Report an anchor, and any tag but a string tag on a scalar (`!!str 007`)."""
        if event.anchor is not None:
            self.problem(
                event.start_mark,
                "alias",
                f"anchor '&{shorten(event.anchor)}' is not allowed in a map: write each value out in full",
            )
        tag = event.tag
        if tag is not None and not (scalar and tag in _STRING_TAGS):
            shown = shorten(tag.replace("tag:yaml.org,2002:", "!!"))
            self.problem(event.start_mark, "tag", f"YAML tag '{shown}' is not allowed in a map")

    def in_key_position(self) -> bool:
        if not self.stack:
            return False
        frame = self.stack[-1]
        return type(frame[0]) is YMap and frame[1] is _NO_KEY

    def attach(self, value: Any, mark: int) -> None:
        if not self.stack:
            self.root, self.has_root = value, True
            return
        frame = self.stack[-1]
        container = frame[0]
        if type(container) is YList:
            container.append(value)
            container.item_marks.append(mark)
        elif type(container) is YMap:
            key = frame[1]
            if key is _NO_KEY:
                frame[1], frame[2] = value, mark
                return
            frame[1] = _NO_KEY
            if key is _BAD_KEY:
                return
            if key in container:
                self.problem_at(
                    frame[2],
                    "duplicate-key",
                    f"duplicate key '{key}' (first written at line {container.key_pos(key).line}); "
                    "YAML would silently keep only one of them",
                )
                return
            container[key] = value
            marks = container.marks
            marks.append(frame[2])
            marks.append(mark)
        # a _Discard container swallows everything

    def scalar(self, event: Any) -> None:
        # the hot path of a parse: a key is stored as written
        tag = event.tag
        if tag is not None or event.anchor is not None:
            self.check_node(event, scalar=True)
        value = event.value
        if self.stack:
            frame = self.stack[-1]
            if frame[1] is _NO_KEY and type(frame[0]) is YMap:
                mark = event.start_mark
                frame[1] = intern(value)  # keys repeat in every record: one string each, not millions
                frame[2] = mark.line << _COLUMN_BITS | mark.column
                return
        # ids and words repeat across records: each is held as one string
        value = None if tag is None and not event.style and value in _NULLS else self.texts.setdefault(value, value)
        self.attach(value, _pack(event.start_mark))

    def start(self, event: Any, container: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise _TooDeep(event.start_mark)
        self.check_node(event)
        if self.in_key_position():
            self.problem(event.start_mark, "syntax", "a key must be plain text, not a list or mapping")
            container = _Discard(_pack(event.start_mark))
        self.stack.append([container, _NO_KEY, None])

    def end(self) -> None:
        container = self.stack.pop()[0]
        if type(container) is _Discard:
            if self.stack:
                self.stack[-1][1] = _BAD_KEY
            return
        self.attach(container, container.start)

    def restoring_scalar(self, event: Any) -> None:
        """`scalar` for text whose NEL, LS and PS were swapped out for the parse."""
        event.value = event.value.translate(self.restore)
        self.scalar(event)

    def alias(self, event: Any) -> None:
        seen = self.aliases.setdefault(event.anchor, [event.start_mark, 0])
        seen[1] += 1
        self.attach(ALIAS, _pack(event.start_mark))

    def finish(self) -> None:
        """Report each alias name once, at its first use, with how often it is used."""
        for anchor, (mark, uses) in self.aliases.items():
            times = f" (used {uses} times)" if uses > 1 else ""
            self.problem(
                mark,
                "alias",
                f"alias '*{shorten(anchor)}'{times} is not allowed in a map: write the value out in full",
            )


def parse_yaml(text: str, path: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document; return its data (None if unusable) and problems."""
    builder = _Builder(path)
    if nesting_refused(text):
        return None, _too_deep_problems(builder, text, _Mark(0, 0))
    swap = stand_ins(text)
    scalar = builder.scalar
    if swap:
        text = text.translate(swap)
        builder.restore = {stand_in: original for original, stand_in in swap.items()}
        scalar = builder.restoring_scalar
    parser: Any = None
    documents = 0
    scalar_event = yaml.ScalarEvent
    try:
        parser = _Parser(text)  # the pure-Python reader checks every character here
        get_event = parser.get_event
        while True:
            event: Any = get_event()
            kind = type(event)
            if kind is scalar_event:
                scalar(event)
            elif kind is yaml.MappingStartEvent:
                builder.start(event, YMap(_pack(event.start_mark)))
            elif kind is yaml.SequenceStartEvent:
                builder.start(event, YList(_pack(event.start_mark)))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                builder.end()
            elif kind is yaml.AliasEvent:
                builder.alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    builder.problem(
                        event.start_mark,
                        "syntax",
                        "a map file holds exactly one YAML document; found a second one here",
                    )
                    break
            elif kind is yaml.StreamEndEvent or event is None:
                break
    except _TooDeep as error:
        return None, _too_deep(builder, error.mark)
    except yaml.MarkedYAMLError as error:
        if error.problem == "exceeded maximum nesting depth":  # libyaml's own limit, past ours
            return None, _too_deep_problems(builder, text, error.problem_mark)
        builder.problems.append(_syntax_problem(error, path))
        return None, builder.problems
    except yaml.reader.ReaderError as error:
        line, column = _locate_offset(text, error.position, utf8=_LIBYAML)
        builder.problems.append(
            Problem(path, line, column, "syntax", f"YAML syntax error: {_describe_reader_error(error)}")
        )
        return None, builder.problems
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    builder.finish()
    return (builder.root if builder.has_root else None), builder.problems


def _syntax_problem(error: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    detail = error.problem or "invalid YAML"
    if error.context:
        context = error.context
        if error.context_mark is not None and error.problem_mark is not None:
            context += f" that starts at {error.context_mark.line + 1}:{error.context_mark.column + 1}"
        detail = f"{detail} ({context})"
    return Problem(path, line, column, "syntax", f"YAML syntax error: {detail}")


def has_top_level_key(text: str, key: str) -> bool | None:
    """Whether the first document is a mapping with `key` among its own keys.

    Reads events only as far as needed (a map's `relmap:` comes first), so a
    folder scan can tell maps from other YAML by what YAML reads, whatever
    the quoting, escaping, flow style or line ends. None when the text does
    not parse far enough to tell.
    """
    if nesting_refused(text):
        return None
    swap = stand_ins(text)
    parser: Any = None
    depth = 0
    at_key = False  # at the top level, the next node is a key
    try:
        parser = _Parser(text.translate(swap) if swap else text)
        while True:
            kind = type(event := parser.get_event())
            if kind is yaml.StreamStartEvent or kind is yaml.DocumentStartEvent:
                continue
            if depth == 0:
                if kind is not yaml.MappingStartEvent:
                    return False
                depth, at_key = 1, True
            elif kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                if depth == 1:
                    if at_key and kind is yaml.ScalarEvent and event.value == key:
                        return True
                    at_key = not at_key
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    return None
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                depth -= 1
                if depth == 0:
                    return False
                if depth == 1:
                    at_key = not at_key
            else:
                return False
    except yaml.YAMLError:
        return None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def _too_deep(builder: _Builder, mark: Any) -> list[Problem]:
    builder.problem(
        mark,
        "too-deep",
        f"lists and mappings nested more than {MAX_DEPTH} levels deep; a map never needs more than six",
    )
    return builder.problems


def _describe_reader_error(error: yaml.reader.ReaderError) -> str:
    character = error.character
    code = character if isinstance(character, int) else ord(character) if character else 0
    return f"character U+{code:04X} is not allowed in YAML ({error.reason})"


def _locate_offset(text: str, offset: int, *, utf8: bool) -> Pos:
    """Turn a character (or, for libyaml, UTF-8 byte) offset into a position."""
    if utf8:
        offset = len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
    return line_and_column(text, offset)


def line_and_column(text: str, offset: int) -> Pos:
    """The 1-based line and column of a character offset, counting CRLF, CR and LF as one break each."""
    before = text[:offset]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return Pos(line, offset - start + 1)
