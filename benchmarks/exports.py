"""Generated exports for the `sync` and `import` benchmarks: a year's calendar and a CRM contacts export.

Deterministic (seeded). The calendar is written the way Outlook and Google
write theirs: VTIMEZONE blocks, Windows and IANA zone names, folded lines,
weekly series with EXDATE, all-day events, cancelled events and declined
attendees, and addresses of people who are not in the map.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

VTIMEZONES = """\
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
"""


def _fold(line: str) -> str:
    """An iCalendar content line folded at 75 octets (as every application writes it)."""
    parts = []
    while len(line.encode("utf-8")) > 75:
        cut = 75 if not parts else 74
        parts.append(line[:cut])
        line = line[cut:]
    parts.append(line)
    return "\r\n ".join(parts)


def calendar_export(ours: list[str], theirs: list[str], events: int = 5000, seed: int = 7) -> str:
    """A year of meetings (2026) between the addresses of `ours` and `theirs`, plus strangers."""
    rng = random.Random(seed)
    strangers = [f"guest{number}@elsewhere.example" for number in range(40)]
    lines = ["BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", "VERSION:2.0"]
    lines += VTIMEZONES.splitlines()
    start = datetime(2026, 1, 5, 9, 0)
    written = 0
    number = 0
    while written < events:
        number += 1
        day = start + timedelta(days=rng.randrange(0, 360), hours=rng.randrange(0, 9))
        zone = rng.choice(['TZID="W. Europe Standard Time"', "TZID=Europe/Berlin", "TZID=America/New_York"])
        organiser = rng.choice(ours)
        people = rng.sample(theirs, rng.randint(1, 3)) + rng.sample(ours, rng.randint(0, 2))
        people += rng.sample(strangers, rng.randint(0, 1))
        event = ["BEGIN:VEVENT", f"UID:{number:06d}-{seed}@bench.example", "DTSTAMP:20261201T080000Z"]
        series = number % 25 == 0
        if number % 40 == 0:
            event.append(f"DTSTART;VALUE=DATE:{day:%Y%m%d}")
            event.append(f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}")
        else:
            event.append(f"DTSTART;{zone}:{day:%Y%m%dT%H%M%S}")
            event.append(f"DTEND;{zone}:{day + timedelta(minutes=30):%Y%m%dT%H%M%S}")
        if series:
            count = rng.randint(5, 20)
            event.append(f"RRULE:FREQ=WEEKLY;COUNT={count}")
            skipped = day + timedelta(weeks=2)
            event.append(f"EXDATE;{zone}:{skipped:%Y%m%dT%H%M%S}")
            written += count - 1
        else:
            written += 1
        if number % 30 == 0:
            event.append("STATUS:CANCELLED")
        event.append(_fold(f'ORGANIZER;CN="Organiser {number}":mailto:{organiser}'))
        for index, address in enumerate(people):
            status = "DECLINED" if (number + index) % 17 == 0 else "ACCEPTED"
            event.append(_fold(f"ATTENDEE;CN=Person {index};PARTSTAT={status};RSVP=TRUE:mailto:{address.upper()}"))
        event.append(_fold(f"SUMMARY:Meeting {number}: " + rng.choice(["QBR", "Service review", "Pilot", "Tender"])))
        event.append("END:VEVENT")
        lines += event
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def crm_export(people: list[tuple[str, str, str]], extra: int = 20, seed: int = 3) -> str:
    """A Salesforce contacts export: the map's people (crm id, name, email) with new titles, plus new people."""
    rng = random.Random(seed)
    titles = ["Head of Operations", "Procurement Manager", "VP Finance", "Chief Technology Officer", "Analyst"]
    departments = ["Operations", "Procurement", "Finance", "Executive Board", "IT"]
    header = '"Id","FirstName","LastName","Title","Department","Email","ReportsToId"'
    rows = [header]
    ids = [crm for crm, _, _ in people]
    for crm, name, email in people:
        first, _, last = name.rpartition(" ")
        index = rng.randrange(len(titles))
        rows.append(
            f'"{crm}","{first}","{last}","{titles[index]}","{departments[index]}","{email}","{rng.choice(ids)}"'
        )
    for number in range(extra):
        index = rng.randrange(len(titles))
        crm = f"003NEW{number:05d}"
        rows.append(
            f'"{crm}","New","Person{number}","{titles[index]}","{departments[index]}",'
            f'"new{number}@client.example","{rng.choice(ids)}"'
        )
    return "\r\n".join(rows) + "\r\n"


def today_of_calendar() -> date:
    """The day the calendar is synced on: the end of the year it covers."""
    return date(2026, 12, 31)
