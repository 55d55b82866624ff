"""The plan of one or many accounts: open actions by date, and the key players nobody plans to touch.

An action *addresses* the gap findings about the people it involves (and,
where a finding names one of ours to act, only that colleague's action). A key
player has *no planned touch* when no open action involves them and none of
our threads (good or strong) with them is inside its contact window; a
*reminder* is due for a key player whose freshest thread runs out of its
window soon and who has no open action either. Pure; no I/O.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from ..format.model import Action
from ..graph import REACHING, AccountGraph, Contact
from ..tuples import NamedTuple
from .gaps import Finding, find_gaps
from .health import ECONOMIC, key_players
from .staleness import Thresholds
from .words import names_pattern

DEFAULT_REMINDER_DAYS = 30


class Addressed(NamedTuple):
    """A gap finding an action works on."""

    kind: str
    people: tuple[str, ...]
    names: tuple[str, ...]  # the people's names, to print


class PlanItem(NamedTuple):
    """One open action of one account, with the names to print."""

    path: str
    account: str
    action: Action
    owner: str  # the owner's name
    people: tuple[str, ...]  # the names of the people in `with`
    overdue: bool
    addresses: tuple[Addressed, ...]


class Untouched(NamedTuple):
    """A key player with no open action and no thread inside its window."""

    path: str
    account: str
    person: str
    name: str
    ours: str  # who of ours should get in touch: the holder of their best contact, else the account owner
    ours_name: str
    reason: str


class Reminder(NamedTuple):
    """A key player's freshest thread runs out of its contact window on `expires`."""

    path: str
    account: str
    person: str
    name: str
    ours: str
    ours_name: str
    strength: str
    last: date
    expires: date


@dataclass
class Plan:
    """The plan as of `today`; `reminder_days` is how far ahead reminders look."""

    today: date
    reminder_days: int
    accounts: list[str] = field(default_factory=list)  # the accounts planned, in the order of their maps
    items: list[PlanItem] = field(default_factory=list)
    untouched: list[Untouched] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)


def named_colleague(finding: Finding, graph: AccountGraph) -> str | None:
    """The id of the first of our current people a finding's suggestion names to act, if any.

    A name followed by 's ("Kim Park's next meeting") says whose meeting it
    is, not who acts; at one place the longest name wins ("Kim Park", not "Kim").
    Two of ours with one name: the first in the map.
    """
    found = _colleagues(graph)
    if found is None:
        return None
    pattern, ids = found
    named = pattern.search(finding.suggestion)
    return ids[named.group()] if named is not None else None


@lru_cache(maxsize=4)
def _colleagues(graph: AccountGraph) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """The pattern that finds our current people's names (not as whose something is), and each name's id."""
    ids: dict[str, str] = {}
    for member in graph.active_team():
        ids.setdefault(member.name, member.id)
    return (names_pattern(ids, after=r"(?!'s\b)"), ids) if ids else None


def actor(finding: Finding, graph: AccountGraph) -> str:
    """The id of the colleague a finding asks to act: the first of ours its suggestion names.

    A finding that says who acts (`ours`) is taken at its word. Otherwise
    it is the first of our current people named in the suggestion (at one
    place the longest name wins, so "Kim Park" beats "Kim"); then the first
    of ours the finding is about (who holds a contact to hand over); else the
    account owner, who answers for the map.
    """
    named = getattr(finding, "ours", None)
    if isinstance(named, str) and named in graph.team:
        return named
    named = named_colleague(finding, graph)
    if named is not None:
        return named
    ours = [person for person in finding.people if person in graph.team and graph.active(person)]
    return ours[0] if ours else graph.model.account.owner


def window_end(contact: Contact, thresholds: Thresholds) -> date | None:
    """The last day a dated contact is inside its window (None for an undated one)."""
    if contact.last is None:
        return None
    return contact.last + timedelta(days=thresholds.window(contact.strength))


def plan_account(
    graph: AccountGraph,
    path: str,
    today: date,
    reminder_days: int = DEFAULT_REMINDER_DAYS,
    thresholds: Thresholds | None = None,
) -> Plan:
    """The plan of one map as of `today` (the graph must be built for the same day)."""
    thresholds = thresholds or Thresholds()
    model = graph.model
    account = model.account.name
    plan = Plan(today, reminder_days, [account])
    findings = find_gaps(graph).findings
    # action id -> the findings it works on (SPEC 3.1, "the plan counts"), in their order: the gaps
    # analysis decides and lists the actions planned for each finding, so `plan` and `gaps` agree
    addressed: dict[str, list[Finding]] = {}
    for finding in findings:
        for action_id in dict.fromkeys(finding.planned):
            addressed.setdefault(action_id, []).append(finding)
    planned_people: set[str] = set()
    for action in model.actions:
        if action.status != "open":
            continue
        planned_people.update(action.with_)
        plan.items.append(
            PlanItem(
                path=path,
                account=account,
                action=action,
                owner=graph.label(action.owner),
                people=tuple(graph.label(person) for person in action.with_),
                overdue=action.due is not None and action.due < today,
                addresses=tuple(
                    Addressed(f.kind, f.people, tuple(graph.label(p) for p in f.people))
                    for f in addressed.get(action.id, ())
                ),
            )
        )
    horizon = today + timedelta(days=reminder_days)
    first_about: dict[str, Finding] = {}  # person id -> the first finding about them
    first_naming: dict[str, Finding] = {}  # person id -> the first finding that names them
    for finding in findings:
        if finding.people:
            first_about.setdefault(finding.people[0], finding)
        for person_id in finding.people:
            first_naming.setdefault(person_id, finding)
    # the economic buyers first, then by influence: whom a KAM would least like to lose touch with
    players = sorted(key_players(graph), key=lambda p: (ECONOMIC.isdisjoint(p.roles), -p.influence))
    for person in players:
        if person.id in planned_people:
            continue
        contacts = graph.active_contacts_of(person.id)
        threads = [c for c in contacts if c.strength in REACHING]
        fresh = [(end, c) for c in threads if (end := window_end(c, thresholds)) is not None and end >= today]
        if fresh:
            expires, contact = max(fresh, key=lambda item: (item[0], -_rank(item[1]), item[1].ours))
            if expires <= horizon and contact.last is not None:
                ours_name = graph.label(contact.ours)
                plan.reminders.append(
                    Reminder(
                        path,
                        account,
                        person.id,
                        person.label,
                        contact.ours,
                        ours_name,
                        contact.strength,
                        contact.last,
                        expires,
                    )
                )
            continue
        ours = _who_acts(graph, person.id, first_about.get(person.id) or first_naming.get(person.id))
        reason = _untouched_reason(graph, contacts, threads, today, thresholds)
        plan.untouched.append(Untouched(path, account, person.id, person.label, ours, graph.label(ours), reason))
    return plan


def _who_acts(graph: AccountGraph, person_id: str, finding: Finding | None) -> str:
    """Who of ours should touch a key player: whom `gaps` names for them, so plan, gaps and report agree.

    `finding` is the first finding about the person (findings come most
    important first), else the first that names them; it decides. Without
    one, the holder of our best contact, else the account owner.
    """
    if finding is not None:
        return actor(finding, graph)
    best = graph.best_contact(person_id)
    return best.ours if best is not None and best.strength != "negative" else graph.model.account.owner


def _rank(contact: Contact) -> int:
    return 0 if contact.strength == "strong" else 1


def _untouched_reason(
    graph: AccountGraph, contacts: list[Contact], threads: list[Contact], today: date, thresholds: Thresholds
) -> str:
    """Why a key player counts as untouched, in words a KAM would write."""
    if threads:
        dated = [c for c in threads if c.last is not None]
        if not dated:
            return f"no date on {graph.label(threads[0].ours)}'s {threads[0].strength} contact"
        newest = max(dated, key=lambda c: (c.last or date.min, -_rank(c)))
        assert newest.last is not None
        days = (today - newest.last).days
        window = thresholds.window(newest.strength)
        return (
            f"{graph.label(newest.ours)} ({newest.strength}) last met them {newest.last.isoformat()}, "
            f"{days} days ago (window {window} days)"
        )
    weak = [c for c in contacts if c.strength == "weak"]
    if weak:
        return f"only a weak contact ({graph.label(weak[0].ours)})"
    if contacts:
        return f"only a negative contact ({graph.label(contacts[0].ours)})"
    return "none of our people knows them"


def combine(
    plans: list[Plan], today: date, reminder_days: int, owner: str | None = None, due_within: int | None = None
) -> Plan:
    """Many accounts' plans as one: filtered by owner and due date, overdue first, then by due date.

    Undated actions come last, and drop out when `due_within` asks for a
    date range. Ties keep the order of the maps and of their actions.
    """
    combined = Plan(today, reminder_days)
    last_day = today + timedelta(days=due_within) if due_within is not None else None
    for plan in plans:
        combined.accounts += plan.accounts
        for item in plan.items:
            if owner is not None and item.action.owner != owner:
                continue
            if last_day is not None and (item.action.due is None or item.action.due > last_day):
                continue
            combined.items.append(item)
        combined.untouched += [u for u in plan.untouched if owner is None or u.ours == owner]
        combined.reminders += [r for r in plan.reminders if owner is None or r.ours == owner]
    position = {id(item): number for number, item in enumerate(combined.items)}
    combined.items.sort(
        key=lambda item: (
            item.action.due is None,
            item.action.due or date.max,
            position[id(item)],
        )
    )
    combined.reminders.sort(key=lambda r: (r.expires, r.account, r.name))
    return combined
