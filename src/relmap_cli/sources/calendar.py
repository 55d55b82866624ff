"""An iCalendar export as the meetings that happened: who took part, on which day.

Google Calendar, Outlook and Apple Calendar exports are read with
`icalendar`; recurring series (RRULE with COUNT or UNTIL, EXDATE, moved
occurrences) are expanded up to today with `recurring-ical-events`, both
imported only here, when a calendar is read. A meeting's day is the day in
its own time zone (Outlook's Windows zone names included); an all-day event
is its date. Cancelled events do not count, nor do attendees who declined
or delegated, nor rooms and resources. No I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

# a year's calendar has thousands of occurrences; this many up to today is not a calendar export
MAX_OCCURRENCES = 300_000
_BOM = "\ufeff"
_NOT_THERE = {"DECLINED", "DELEGATED"}
_NOT_PEOPLE = {"ROOM", "RESOURCE"}


class CalendarError(Exception):
    """A calendar that cannot be read; `line` is where (1-based), 0 for the whole file."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Meeting:
    """One occurrence that happened: its day, what it was, where it is written, who took part."""

    day: date
    summary: str
    line: int  # the line of its VEVENT in the file
    people: tuple[tuple[str, str], ...]  # (address, casefolded; the name the calendar gives, or '')


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


def check_structure(text: str) -> dict[str, int]:
    """Check BEGIN/END nesting the way a reader of the file would; return each event UID's first line.

    Raises `CalendarError` at the line of the problem: a file that is not a
    calendar, an END that closes the wrong component, a file cut short.
    """
    stack: list[tuple[str, int]] = []
    lines: dict[str, int] = {}
    event_line = 0
    seen_calendar = False
    for number, raw in _unfolded(text):
        name, _, value = raw.partition(":")
        key = name.split(";", 1)[0].strip().upper()
        if not seen_calendar:
            if key != "BEGIN" or value.strip().upper() != "VCALENDAR":
                raise CalendarError("not an iCalendar file: it does not start with BEGIN:VCALENDAR", number)
            seen_calendar = True
        if key == "BEGIN":
            stack.append((value.strip().upper(), number))
            if stack[-1][0] == "VEVENT":
                event_line = number
        elif key == "END":
            component = value.strip().upper()
            if not stack or stack[-1][0] != component:
                opened = f" (the open one is {stack[-1][0]}, begun at line {stack[-1][1]})" if stack else ""
                raise CalendarError(f"END:{component} closes nothing that is open{opened}", number)
            stack.pop()
        elif key == "UID" and event_line and stack and stack[-1][0] == "VEVENT":
            lines.setdefault(value.strip(), event_line)
    if not seen_calendar:
        raise CalendarError("not an iCalendar file: it does not start with BEGIN:VCALENDAR", 1)
    if stack:
        component, begun = stack[-1]
        raise CalendarError(f"the file ends inside the {component} begun at line {begun}: it is cut short", begun)
    return lines


def _unfolded(text: str) -> Iterator[tuple[int, str]]:
    """The content lines, folded lines joined, each with the number of its first line."""
    current, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and current:
            current += raw[1:]
            continue
        if current.strip():
            yield start, current
        current, start = raw, number
    if current.strip():
        yield start, current


def read_meetings(data: bytes, today: date) -> list[Meeting]:
    """Every meeting of the calendar up to and including `today`, in the order they happened."""
    import icalendar
    import recurring_ical_events

    text = decode_calendar(data)
    lines = check_structure(text)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except Exception as error:  # icalendar raises ValueError, KeyError, ... for what it cannot parse
        raise CalendarError(f"not a readable calendar: {_first_line(error)}") from None
    meetings: list[Meeting] = []
    horizon = datetime.combine(today + timedelta(days=2), datetime.min.time())
    for calendar in calendars:
        try:
            earliest = _check_size(calendar, horizon, today)
            query = recurring_ical_events.of(calendar, skip_bad_series=True)
            for event in query.between(earliest, horizon):
                meeting = _meeting(event, lines)
                if meeting is not None and meeting.day <= today:
                    meetings.append(meeting)
        except CalendarError:
            raise
        except Exception as error:  # a series the libraries cannot expand: say so, in one line
            raise CalendarError(f"cannot expand its events: {_first_line(error)}") from None
    meetings.sort(key=lambda meeting: (meeting.day, meeting.line))
    return meetings


# seconds between two occurrences of a rule, by FREQ (a month and a year at their shortest)
_PERIOD = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86400, "WEEKLY": 604800,
           "MONTHLY": 28 * 86400, "YEARLY": 365 * 86400}  # fmt: skip
# rule parts that make several occurrences of one period (BYHOUR=9,14: two a day), at most this many each
_SPREAD = {"BYSECOND": 60, "BYMINUTE": 60, "BYHOUR": 24, "BYDAY": 7, "BYMONTHDAY": 31, "BYYEARDAY": 366,
           "BYWEEKNO": 53, "BYMONTH": 12, "BYSETPOS": 366}  # fmt: skip


def _check_size(calendar: Any, horizon: datetime, today: date) -> date:
    """Where the calendar's first event starts; refuse, before expanding, rules that make too many occurrences.

    The estimate is an upper bound from each rule's FREQ, INTERVAL, COUNT
    and its BY-parts, so a rule repeating every second since 1970 is refused
    at once instead of being expanded for hours.
    """
    earliest = horizon.date()
    total = 0
    for event in calendar.walk("VEVENT"):
        start = _naive_start(event)
        if start != datetime.min:
            earliest = min(earliest, start.date())
        total += 1
        for rule in event.get("RRULE") and _as_list(event.get("RRULE")) or []:
            total += _occurrences(rule, start, horizon)
        if total > MAX_OCCURRENCES:
            raise CalendarError(f"more than {MAX_OCCURRENCES:,} meetings up to {today}: not a calendar export")
    return earliest


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _occurrences(rule: Any, start: datetime, horizon: datetime) -> int:
    """At most how many occurrences a rule makes from `start` to `horizon`."""
    try:
        freq = str(rule.get("FREQ", ["DAILY"])[0]).upper()
        interval = max(1, int(rule.get("INTERVAL", [1])[0]))
        count = int(rule["COUNT"][0]) if "COUNT" in rule else None
    except (TypeError, ValueError, IndexError):
        return 1
    spread = 1
    for part, most in _SPREAD.items():
        if part in rule:
            spread *= min(most, max(1, len(rule[part])))
    seconds = max(0.0, (horizon - max(start, datetime(1900, 1, 1))).total_seconds())
    estimate = int(seconds / (_PERIOD.get(freq, 86400) * interval) + 1) * spread
    return min(estimate, count) if count is not None else estimate


def _naive_start(event: Any) -> datetime:
    """When an event starts, to within a day (its zone dropped)."""
    value = getattr(event.get("DTSTART"), "dt", None)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    return datetime.min


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


def _meeting(event: Any, lines: dict[str, int]) -> Meeting | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    start = event.get("DTSTART")
    value = getattr(start, "dt", None)
    if isinstance(value, datetime):
        day = value.date()  # in the event's own zone: what its attendees call that day
    elif isinstance(value, date):
        day = value
    else:
        return None
    people = tuple(_people(event))
    if not people:
        return None
    uid = str(event.get("UID", ""))
    return Meeting(day, " ".join(str(event.get("SUMMARY", "")).split()), lines.get(uid, 0), people)


def _people(event: Any) -> Iterator[tuple[str, str]]:
    """Who took part: the organiser and every attendee who did not decline (no rooms)."""
    declined: set[str] = set()
    present: dict[str, str] = {}
    attendees = event.get("ATTENDEE", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    for attendee in attendees:
        address = _address(attendee)
        if not address:
            continue
        params = getattr(attendee, "params", {})
        if str(params.get("PARTSTAT", "")).upper() in _NOT_THERE:
            declined.add(address)
        elif str(params.get("CUTYPE", "")).upper() not in _NOT_PEOPLE:
            present.setdefault(address, _name(params))
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        address = _address(organizer)
        if address and address not in present:
            present[address] = _name(getattr(organizer, "params", {}))
    for address, name in present.items():
        if address not in declined:
            yield address, name


def _address(value: Any) -> str:
    """The e-mail address of an ORGANIZER or ATTENDEE, casefolded ('' when it has none)."""
    text = str(value).strip()
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE)
    if "@" not in text:
        email = getattr(value, "params", {}).get("EMAIL")
        text = str(email).strip() if email else ""
    return text.casefold() if "@" in text else ""


def _name(params: Any) -> str:
    name = params.get("CN") if params else None
    return " ".join(str(name).strip().strip('"').split()) if name else ""
