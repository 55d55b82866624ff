"""Meetings against a map: which `knows` lines they move forward, and which addresses match nobody.

Each pair of one of ours and one of theirs who took part in a meeting met
on its day. A `knows` line's `last` only moves forward; a pair with no line
is a line to add (weak) when asked, and reported otherwise. Addresses are
matched to people's `email` without regard to case; an address that matches
nobody is reported, with the person of the map it probably is (same name,
no e-mail). Pure functions; no I/O.
"""

from dataclasses import dataclass, field
from datetime import date

from ..format.model import AccountMap
from ..tuples import NamedTuple
from .calendar import Meeting
from .crm import name_key


class Met(NamedTuple):
    """The latest meeting of one of ours with one of theirs: when, what, where it is written."""

    ours: str
    theirs: str
    day: date
    summary: str
    calendar: str
    line: int


class Move(NamedTuple):
    """A `knows` line whose `last` moves (`before` None: a line to add)."""

    met: Met
    before: date | None


class Unmatched(NamedTuple):
    """An address of a past meeting that is nobody's `email` in the map."""

    address: str
    name: str  # as the calendar gives it
    meetings: int
    calendar: str
    line: int  # its first meeting's event
    person: str | None  # the map's person of that name who has no e-mail, if any


@dataclass
class SyncPlan:
    """What the calendars change in the map, and everything to report."""

    meetings: int = 0  # past meetings with at least one of ours and one of theirs
    moves: list[Move] = field(default_factory=list)  # existing lines moved forward
    adds: list[Move] = field(default_factory=list)  # pairs with no knows line (written only with --add)
    current: list[tuple[Met, date]] = field(default_factory=list)  # lines already at or after the meeting
    unmatched: list[Unmatched] = field(default_factory=list)
    gone: list[tuple[Met, str, date]] = field(default_factory=list)  # (meeting, who had left, when)


def plan_sync(model: AccountMap, calendars: list[tuple[str, list[Meeting]]]) -> SyncPlan:
    """Match the meetings of every calendar to the map's people and say what each pair's line needs."""
    ours = {person.email.casefold(): person for person in model.team if person.email}
    theirs = {person.email.casefold(): person for person in model.client if person.email}
    last = {(rel.source, rel.target): rel.last for rel in model.relationships if rel.kind == "knows"}
    without_email: dict[tuple[str, ...], str] = {}
    for person in [*model.team, *model.client]:
        if person.name and not person.email:
            without_email.setdefault(name_key(person.name), person.id)

    plan = SyncPlan()
    latest: dict[tuple[str, str], Met] = {}
    strangers: dict[str, list[tuple[str, str, int]]] = {}  # address -> [(name, calendar, line)]
    for calendar, meetings in calendars:
        for meeting in meetings:
            team = [ours[address] for address, _ in meeting.people if address in ours]
            client = [theirs[address] for address, _ in meeting.people if address in theirs]
            for address, name in meeting.people:
                if address not in ours and address not in theirs:
                    strangers.setdefault(address, []).append((name, calendar, meeting.line))
            if team and client:
                plan.meetings += 1
            for one in team:
                for other in client:
                    key = (one.id, other.id)
                    gone = [(p.id, p.left) for p in (one, other) if p.left is not None and p.left < meeting.day]
                    if gone:
                        who, left = gone[0]
                        assert left is not None
                        plan.gone.append((Met(one.id, other.id, meeting.day, meeting.summary, calendar,
                                              meeting.line), who, left))  # fmt: skip
                        continue
                    if key not in latest or meeting.day >= latest[key].day:
                        latest[key] = Met(one.id, other.id, meeting.day, meeting.summary, calendar, meeting.line)
    for key in sorted(latest):
        met = latest[key]
        if key not in last:
            plan.adds.append(Move(met, None))
            continue
        before = last[key]
        if before is None or met.day > before:
            plan.moves.append(Move(met, before))
        else:
            plan.current.append((met, before))
    for address in sorted(strangers):
        seen = strangers[address]
        name = next((name for name, _, _ in seen if name), "")
        guess = name or address.split("@")[0].replace(".", " ").replace("_", " ")
        person = without_email.get(name_key(guess))
        plan.unmatched.append(Unmatched(address, name, len(seen), seen[0][1], seen[0][2], person))
    return plan
