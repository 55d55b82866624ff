"""An iCalendar export as the meetings that happened: who took part, on which day.

Google Calendar, Outlook and Apple Calendar exports. A meeting's day is the
day in its own time zone (a UTC time in a Google export: in the calendar's
X-WR-TIMEZONE); an all-day event is its date. Recurring series (RRULE with
COUNT or UNTIL, RDATE, EXDATE, moved occurrences) are expanded up to today
by `recurring-ical-events` on `icalendar`'s reading of them, VTIMEZONE
blocks and Outlook's Windows zone names included; both are imported only
here, and only for the series. A single event's day is the date it is
written with, which is what a reading in its own zone gives. Cancelled
events do not count, nor do attendees who declined or delegated, nor rooms
and resources. No I/O.
"""

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ..tuples import NamedTuple
from .icsfile import CalendarError, Event, IcsFile, Property, decode_calendar, read_ics, unescape

__all__ = ["MAX_OCCURRENCES", "CalendarError", "Meeting", "read_meetings"]

# a year's calendar has thousands of occurrences; this many up to today is not a calendar export
MAX_OCCURRENCES = 300_000
_NOT_THERE = {"DECLINED", "DELEGATED"}
_NOT_PEOPLE = {"ROOM", "RESOURCE"}
_INDEX = "X-RELMAP-EVENT"
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")


class Meeting(NamedTuple):
    """One occurrence that happened: its day, what it was, where it is written, who took part."""

    day: date
    summary: str
    line: int  # the line of its VEVENT in the file
    people: tuple[tuple[str, str], ...]  # (address, casefolded; the name the calendar gives, or '')


def read_meetings(data: bytes, today: date) -> list[Meeting]:
    """Every meeting of the calendar up to and including `today`, in the order they happened."""
    ics = read_ics(decode_calendar(data))
    recurring = {_uid(event) for event in ics.events if event.get("RRULE") or event.get("RDATE")}
    meetings: list[Meeting] = []
    series: list[Event] = []
    for event in ics.events:
        if _uid(event) in recurring:
            series.append(event)
            continue
        day = _single_day(event, ics.default_zone)
        if day is not None and day <= today and not _cancelled(event.get("STATUS")):
            meeting = _meeting(event, day)
            if meeting is not None:
                meetings.append(meeting)
    if series:
        meetings += _expand(series, ics, today)
    meetings.sort(key=lambda meeting: (meeting.day, meeting.line))
    return meetings


def _uid(event: Event) -> str:
    found = event.get("UID")
    return found.value.strip() if found is not None else f"(no uid, line {event.line})"


def _cancelled(status: Any) -> bool:
    value = status.value if isinstance(status, Property) else str(status or "")
    return value.strip().upper() == "CANCELLED"


def _single_day(event: Event, default_zone: str | None) -> date | None:
    """The day of a single event: its DTSTART's date (a UTC time moved into the calendar's zone first)."""
    start = event.get("DTSTART")
    if start is None:
        return None
    match = _DATE.match(start.value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, utc = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        moment = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        return None
    if utc and default_zone:
        return _in_zone(moment, default_zone)
    return moment.date()


def _in_zone(moment: datetime, zone: str) -> date:
    """The date of a UTC time in a named zone (the time's own date if the zone is unknown)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return moment.date()


def _expand(series: list[Event], ics: IcsFile, today: date) -> list[Meeting]:
    """The occurrences of the recurring events up to today, expanded by the libraries."""
    import icalendar
    import recurring_ical_events

    parts = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//relmap//sync//EN\r\n"]
    if ics.default_zone:
        parts.append(f"X-WR-TIMEZONE:{ics.default_zone}\r\n")
    parts += [_with_newline(text) for text in ics.timezones]
    for index, event in enumerate(series):
        head, newline, rest = event.text.partition("\n")
        parts.append(f"{head}{newline}{_INDEX}:{index}\r\n{_with_newline(rest)}")
    parts.append("END:VCALENDAR\r\n")
    try:
        calendar = icalendar.Calendar.from_ical("".join(parts))
    except Exception as error:  # icalendar raises ValueError, KeyError, ... for what it cannot parse
        line = series[0].line if len(series) == 1 else 0
        raise CalendarError(f"not a readable calendar: {_first_line(error)}", line) from None
    horizon = datetime.combine(today + timedelta(days=2), datetime.min.time())
    meetings = []
    try:
        earliest = _check_size(calendar, horizon, today)
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
        for occurrence in query.between(earliest, horizon):
            value = getattr(occurrence.get("DTSTART"), "dt", None)
            day = value.date() if isinstance(value, datetime) else value  # in the event's own zone
            if not isinstance(day, date) or day > today or _cancelled(occurrence.get("STATUS")):
                continue
            event = series[int(str(occurrence.get(_INDEX, "0")))]
            meeting = _meeting(event, day)
            if meeting is not None:
                meetings.append(meeting)
    except CalendarError:
        raise
    except Exception as error:  # a series the libraries cannot expand: say so, in one line
        raise CalendarError(f"cannot expand its recurring events: {_first_line(error)}") from None
    return meetings


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\r\n"


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
        for rule in (event.get("RRULE") and _as_list(event.get("RRULE"))) or []:
            total += _occurrences(rule, start, horizon)
        if total > MAX_OCCURRENCES:
            raise CalendarError(f"more than {MAX_OCCURRENCES:,} meetings up to {today}: not a calendar export")
    return earliest - timedelta(days=2)  # a UTC time may fall on the day before in its zone


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


def _meeting(event: Event, day: date) -> Meeting | None:
    people = tuple(_people(event))
    if not people:
        return None
    summary = event.get("SUMMARY")
    return Meeting(day, " ".join(unescape(summary.value).split()) if summary else "", event.line, people)


def _people(event: Event) -> list[tuple[str, str]]:
    """Who took part: the organiser and every attendee who did not decline (no rooms)."""
    declined: set[str] = set()
    present: dict[str, str] = {}
    for attendee in event.all("ATTENDEE"):
        address = _address(attendee)
        if not address:
            continue
        if attendee.params.get("PARTSTAT", "").upper() in _NOT_THERE:
            declined.add(address)
        elif attendee.params.get("CUTYPE", "").upper() not in _NOT_PEOPLE:
            present.setdefault(address, _name(attendee))
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        address = _address(organizer)
        if address and address not in present:
            present[address] = _name(organizer)
    return [(address, name) for address, name in present.items() if address not in declined]


def _address(item: Property) -> str:
    """The e-mail address of an ORGANIZER or ATTENDEE, casefolded ('' when it has none)."""
    text = re.sub(r"^mailto:", "", item.value.strip(), flags=re.IGNORECASE)
    if "@" not in text:
        text = item.params.get("EMAIL", "").strip()
    return text.casefold() if "@" in text else ""


def _name(item: Property) -> str:
    return " ".join(item.params.get("CN", "").split())
