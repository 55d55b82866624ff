"""An iCalendar file as its events' content lines, checked for the damage a real export can have.

One pass over the unfolded lines: BEGIN/END must nest (a file cut short or
an END that closes the wrong component is a located error), and each
VEVENT keeps its line, its raw text and its properties, parameters parsed
as RFC 5545 writes them (quoted values may hold `;`, `:` and `,`). What the
events mean (dates, zones, recurrence) is `calendar`'s business. No I/O.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..tuples import NamedTuple
from .errors import SourceError

_BOM = "\ufeff"


class CalendarError(SourceError):
    """A calendar that cannot be read; `line` is where (1-based), 0 for the whole file."""


class Property(NamedTuple):
    """One content line: NAME;PARAM=value...:value (name and parameter names upper-cased)."""

    name: str
    params: dict[str, str]
    value: str


@dataclass
class Event:
    """One VEVENT: the line it begins on, its raw text, and its own properties (not its alarms')."""

    line: int
    text: str
    properties: list[Property] = field(default_factory=list)

    def get(self, name: str) -> Property | None:
        """The first property of that name, or None."""
        return next((item for item in self.properties if item.name == name), None)

    def all(self, name: str) -> list[Property]:
        """Every property of that name."""
        return [item for item in self.properties if item.name == name]


@dataclass
class IcsFile:
    """The events of a calendar file, its time zone blocks, and its X-WR-TIMEZONE (Google's default zone)."""

    events: list[Event] = field(default_factory=list)
    timezones: list[str] = field(default_factory=list)
    default_zone: str | None = None


def decode_calendar(data: bytes) -> str:
    """The text of a calendar file: UTF-8 (what RFC 5545 says), else Windows-1252."""
    if not data.strip():
        raise CalendarError("the file is empty: not an iCalendar export")
    if b"\x00" in data[:4096]:
        raise CalendarError("this is a binary file, not an iCalendar export (.ics)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise CalendarError(f"byte 0x{data[error.start]:02X} is neither UTF-8 nor Windows-1252", line) from None
    return text.removeprefix(_BOM)


def unfolded(text: str) -> Iterator[tuple[int, int, int, str]]:
    """Each content line, folded lines joined: (first line number, start offset, end offset, text)."""
    current, number, start = "", 0, 0
    offset = 0
    for line_number, raw in enumerate(text.splitlines(keepends=True), start=1):
        body = raw.rstrip("\r\n")
        if body[:1] in (" ", "\t") and current:
            current += body[1:]
        else:
            if current.strip():
                yield number, start, offset, current
            current, number, start = body, line_number, offset
        offset += len(raw)
    if current.strip():
        yield number, start, offset, current


def parse_line(line: str) -> Property:
    """NAME;PARAM=value;PARAM="quoted":value, with quotes honoured."""
    if '"' not in line:  # most lines: no quoted parameter value
        head, _, value = line.partition(":")
        name, *parts = head.split(";")
        return Property(name.strip().upper(), _params(parts), value)
    quoted = False
    cut = len(line)
    for index, character in enumerate(line):
        if character == '"':
            quoted = not quoted
        elif character == ":" and not quoted:
            cut = index
            break
    head, value = line[:cut], line[cut + 1 :]
    parts: list[str] = []
    quoted, piece = False, []
    for character in head:
        if character == '"':
            quoted = not quoted
        if character == ";" and not quoted:
            parts.append("".join(piece))
            piece = []
        else:
            piece.append(character)
    parts.append("".join(piece))
    return Property(parts[0].strip().upper(), _params(parts[1:]), value)


def _params(parts: list[str]) -> dict[str, str]:
    params = {}
    for part in parts:
        key, _, text = part.partition("=")
        params[key.strip().upper()] = text.strip().strip('"')
    return params


def read_ics(text: str) -> IcsFile:
    """The file's events and time zones; raise `CalendarError` at the line of a broken structure."""
    found = IcsFile()
    stack: list[tuple[str, int, int]] = []  # (component, line, offset)
    event: Event | None = None
    seen_calendar = False
    for number, start, end, line in unfolded(text):
        key = line.split(":", 1)[0].split(";", 1)[0].strip().upper()
        if not seen_calendar:
            if key != "BEGIN" or line.partition(":")[2].strip().upper() != "VCALENDAR":
                raise CalendarError("not an iCalendar file: it does not start with BEGIN:VCALENDAR", number)
            seen_calendar = True
        if key == "BEGIN":
            component = line.partition(":")[2].strip().upper()
            stack.append((component, number, start))
            if component == "VEVENT" and len(stack) == 2:
                event = Event(number, "")
            continue
        if key == "END":
            component = line.partition(":")[2].strip().upper()
            if not stack or stack[-1][0] != component:
                opened = f" (the open one is {stack[-1][0]}, begun at line {stack[-1][1]})" if stack else ""
                raise CalendarError(f"END:{component} closes nothing that is open{opened}", number)
            _, _, begun = stack.pop()
            if component == "VEVENT" and event is not None and len(stack) == 1:
                event.text = text[begun:end]
                found.events.append(event)
                event = None
            elif component == "VTIMEZONE" and len(stack) == 1:
                found.timezones.append(text[begun:end])
            continue
        if event is not None and len(stack) == 2:
            event.properties.append(parse_line(line))
        elif len(stack) == 1 and key == "X-WR-TIMEZONE":
            found.default_zone = line.partition(":")[2].strip() or None
    if not seen_calendar:
        raise CalendarError("not an iCalendar file: it does not start with BEGIN:VCALENDAR", 1)
    if stack:
        component, begun, _ = stack[-1]
        raise CalendarError(f"the file ends inside the {component} begun at line {begun}: it is cut short", begun)
    return found


def unescape(text: str) -> str:
    """A TEXT value as it reads: `\\,` `\\;` `\\n` `\\\\` undone."""
    if "\\" not in text:
        return text
    out, escaped = [], False
    for character in text:
        if escaped:
            out.append("\n" if character in "nN" else character)
            escaped = False
        elif character == "\\":
            escaped = True
        else:
            out.append(character)
    return "".join(out)
