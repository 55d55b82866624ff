"""The plan as an iCalendar file (RFC 5545), written by hand: it is a small, line-based format.

One item per open action and one per reminder, as all-day events (what
Google Calendar, Outlook and Apple Calendar import) or as to-dos. UIDs come
from the account name and the action id (or the two people of a contact),
so importing a newer export updates the items instead of adding copies.
Lines end in CRLF and are folded at 75 octets; map text is escaped as
iCalendar TEXT, so it can never start a property or a component. No I/O.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import TextIO

from ..analysis.plan import Plan, PlanItem, Reminder
from .plan import addressed_by_person
from .safe import clean, clean_line

PRODID = "-//relmap//relmap plan//EN"
LIMIT = 75  # octets per line, without the CRLF


def escape_text(text: str, *, one_line: bool = False) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped; control characters shown, not sent.

    `one_line` shows newlines as escapes too, for a summary.
    """
    text = (clean_line(text) if one_line else clean(text)).replace("\t", " ")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, folded so no physical line exceeds 75 octets (never inside a character)."""
    data = line.encode("utf-8")
    if len(data) <= LIMIT:
        return line + "\r\n"
    parts: list[str] = []
    start, room = 0, LIMIT
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, room = end, LIMIT - 1  # a continuation line starts with one space
    return "\r\n ".join(parts) + "\r\n"


def uid(account: str, *parts: str) -> str:
    """A UID that depends only on the account's name and the item's own ids."""
    digest = hashlib.sha256("\0".join([account, *parts]).encode("utf-8")).hexdigest()[:20]
    return f"{'-'.join(parts)}-{digest}@relmap"


def _day(day: date) -> str:
    return day.strftime("%Y%m%d")


def _action_lines(item: PlanItem, today: date, todo: bool) -> list[str]:
    action = item.action
    summary = f"{action.goal} ({item.account})"
    description = [
        f"Owner: {item.owner}",
        f"With: {', '.join(item.people) or '-'}",
        f"Activity: {action.activity}",
        f"Due: {action.due.isoformat() if action.due else 'no date'}" + (" (overdue)" if item.overdue else ""),
    ]
    description += [f"Works on {line}" for line in addressed_by_person(item)]
    description.append(f"Map: {item.path}, action {action.id}")
    lines = [f"UID:{uid(item.account, 'action', action.id)}"]
    if todo:
        if action.due is not None:
            lines.append(f"DUE;VALUE=DATE:{_day(action.due)}")
        lines += ["STATUS:NEEDS-ACTION", f"PRIORITY:{1 if item.overdue else 5}"]
    else:
        # an overdue or undated action is for today: a past day in a calendar is never looked at again
        day = action.due if action.due is not None and not item.overdue else today
        if item.overdue or action.due is None:
            summary = f"{'Overdue' if item.overdue else 'No date'}: {summary}"
        lines += [f"DTSTART;VALUE=DATE:{_day(day)}", f"DTEND;VALUE=DATE:{_day(day + timedelta(days=1))}"]
        lines += ["TRANSP:TRANSPARENT"]
    lines += [
        f"SUMMARY:{escape_text(summary, one_line=True)}",
        f"DESCRIPTION:{escape_text(chr(10).join(clean_line(line) for line in description))}",
        f"CATEGORIES:relmap,{action.activity}",
    ]
    return lines


def _reminder_lines(reminder: Reminder, todo: bool) -> list[str]:
    summary = f"Get back in touch with {reminder.name}: {reminder.ours_name} ({reminder.account})"
    description = "\n".join(
        clean_line(line)
        for line in (
            f"{reminder.ours_name}'s {reminder.strength} contact with {reminder.name} was last met "
            f"{reminder.last.isoformat()}; it goes stale after {reminder.expires.isoformat()}.",
            f"Map: {reminder.path}",
        )
    )
    lines = [f"UID:{uid(reminder.account, 'contact', reminder.ours, reminder.person)}"]
    if todo:
        lines += [f"DUE;VALUE=DATE:{_day(reminder.expires)}", "STATUS:NEEDS-ACTION", "PRIORITY:5"]
    else:
        start = reminder.expires
        lines += [f"DTSTART;VALUE=DATE:{_day(start)}", f"DTEND;VALUE=DATE:{_day(start + timedelta(days=1))}"]
        lines += ["TRANSP:TRANSPARENT"]
    lines += [
        f"SUMMARY:{escape_text(summary, one_line=True)}",
        f"DESCRIPTION:{escape_text(description)}",
        "CATEGORIES:relmap,reminder",
    ]
    return lines


def format_ics(plan: Plan, *, todo: bool = False) -> str:
    """The whole calendar as text, CRLF line ends included."""
    component = "VTODO" if todo else "VEVENT"
    stamp = f"DTSTAMP:{_day(plan.today)}T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    lines.append("X-WR-CALNAME:relmap plan")
    items = [_action_lines(item, plan.today, todo) for item in plan.items]
    items += [_reminder_lines(reminder, todo) for reminder in plan.reminders]
    for body in items:
        lines += [f"BEGIN:{component}", body[0], stamp, *body[1:], f"END:{component}"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def render_ics(plan: Plan, out: TextIO, *, todo: bool = False) -> None:
    """Write the calendar; the stream must not translate line ends (see the command)."""
    out.write(format_ics(plan, todo=todo))
