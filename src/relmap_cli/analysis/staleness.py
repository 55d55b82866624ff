"""The rules of `relmap check`: is a map still true on a given day? Pure; no I/O.

Every rule has a stable id and a severity. Findings name people by id and say
where they belong in the map's own terms (a person, an item of a section, a
key of the account); the command line turns that into a line and column.

Time rules share one boundary: something dated D with an allowance of N days
is late from day D + N + 1 on. On day D + N itself it is still on time.
"""

from datetime import date, timedelta

from ..format.model import AccountMap, review_days
from ..graph import AccountGraph, Contact, build_graph
from ..load.problems import Severity
from ..tuples import NamedTuple

ERROR, WARNING = Severity.ERROR, Severity.WARNING

# rule id -> (severity, what it catches); the README lists the same table
RULES: dict[str, tuple[Severity, str]] = {
    "review-overdue": (ERROR, "the map was not reviewed within its cadence"),
    "review-missing": (ERROR, "the map has no `reviewed` date"),
    "contact-stale": (WARNING, "a key player's newest interaction is older than the window for its strength"),
    "contact-missing": (WARNING, "a key player with no recorded interaction with any of our current people"),
    "action-overdue": (WARNING, "an open action past its `due` date"),
    "champion-left": (ERROR, "a champion who has left the company, until we reach their successor"),
    "champion-leaving": (WARNING, "a champion whose announced `left` date is still to come"),
    "key-player-leaving": (WARNING, "a key player leaving within 90 days whose successor we do not reach yet"),
    "owner-left": (ERROR, "the account owner, or the owner of an open action, has left"),
    "future-date": (WARNING, "a `reviewed` or `last` date after today, which would hide staleness"),
}

# how strongly a relationship holds, to break ties between interactions on one day
_RANK = {"strong": 0, "good": 1, "weak": 2, "negative": 3}


class Thresholds(NamedTuple):
    """The allowances, in days, that the rules judge dates against."""

    strong_days: int = 60
    good_days: int = 90
    weak_days: int = 180
    # A key player who holds something against us is the one we can least
    # afford to leave alone: a negative relationship goes stale as fast as a strong one.
    negative_days: int = 60
    review_days: int | None = None  # overrides `review_every` and the tier default of every map
    action_grace_days: int = 0

    def window(self, strength: str) -> int:
        """Days after its last interaction that a relationship of `strength` goes stale."""
        return {
            "strong": self.strong_days,
            "good": self.good_days,
            "weak": self.weak_days,
            "negative": self.negative_days,
        }[strength]


class Place(NamedTuple):
    """Where a finding belongs, in the map's terms.

    `section` is "account" (ref unused), "person" (ref = person id) or a list
    section such as "actions" or "relationships" (ref = item index); `key`
    names the value to point at, or None for the entry itself.
    """

    section: str
    ref: str | int | None = None
    key: str | None = None


class Finding(NamedTuple):
    """One broken rule: its id, severity, a one-line message and where it belongs."""

    rule: str
    message: str
    place: Place
    people: tuple[str, ...] = ()

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return RULES[self.rule][0]


def _ago(days: int) -> str:
    return "today" if days == 0 else f"{days} day{'s' * (days != 1)} ago"


def _to_successor(graph: AccountGraph, successor: str, verb: str) -> str:
    """`win their successor Karin Lund (karin)`; for a position still unfilled, find its holder first."""
    if graph.client[successor].placeholder:
        return f"find out who fills their successor's position {_who(graph, successor)} and {verb} them"
    return f"{verb} their successor {_who(graph, successor)}"


def _who(graph: AccountGraph, person_id: str) -> str:
    person = graph.team.get(person_id) or graph.client.get(person_id)
    label = person.label if person is not None else person_id
    return label if label == person_id else f"{label} ({person_id})"


def check_review(model: AccountMap, today: date, thresholds: Thresholds) -> list[Finding]:
    """`review-overdue` from the day after `reviewed` + cadence; `review-missing` without a date."""
    account = model.account
    cadence = thresholds.review_days if thresholds.review_days is not None else review_days(account)
    if account.reviewed is None:
        message = f"the map has no 'reviewed' date: review it and record the day (a review is due every {cadence} days)"
        return [Finding("review-missing", message, Place("account"))]
    if account.reviewed > today:
        return []  # reported as a future date
    if (today - account.reviewed).days <= cadence:
        return []
    due = account.reviewed + timedelta(days=cadence)  # before today, so a real date
    message = (
        f"map review overdue: last reviewed {account.reviewed.isoformat()}, due every {cadence} days, "
        f"so by {due.isoformat()} ({_ago((today - due).days)}); once the team has reviewed it, record the "
        "day with relmap done --review"
    )
    return [Finding("review-overdue", message, Place("account", key="reviewed"))]


def newest_interaction(graph: AccountGraph, client_id: str) -> Contact | None:
    """Our current people's dated contact with a person that happened last.

    Ties on the day go to the stronger relationship, then to our person's id.
    """
    dated = [contact for contact in graph.active_contacts_of(client_id) if contact.last is not None]
    if not dated:
        return None
    return min(dated, key=lambda c: (-(c.last or date.min).toordinal(), _RANK[c.strength], c.ours))


def check_contacts(graph: AccountGraph, today: date, thresholds: Thresholds) -> list[Finding]:
    """`contact-stale` and `contact-missing` for every current, named key player.

    People who left are no longer anyone to keep in touch with, and a
    placeholder has nobody to contact yet (`relmap gaps` reports it).
    """
    findings: list[Finding] = []
    for person in graph.client.values():
        if graph.gone(person) or person.placeholder or not person.is_key_player:
            continue
        who = _who(graph, person.id)
        contact = newest_interaction(graph, person.id)
        if contact is None:
            known = [c.ours for c in graph.active_contacts_of(person.id)]
            if known:
                message = (
                    f"key player {who}: no interaction date recorded; add 'last' to the 'knows' "
                    f"relationship of {', '.join(sorted(set(known)))}"
                )
            else:
                message = f"key player {who}: none of our current people is in touch with them"
            findings.append(Finding("contact-missing", message, Place("person", person.id), (person.id,)))
            continue
        assert contact.last is not None
        window = thresholds.window(contact.strength)
        age = (today - contact.last).days
        if age > window:
            message = (
                f"key player {who}: last interaction {contact.last.isoformat()} ({contact.ours}, "
                f"{contact.strength}) was {age} days ago; {contact.strength} relationships go stale "
                f"after {window} days"
            )
            findings.append(Finding("contact-stale", message, Place("person", person.id), (person.id, contact.ours)))
    return findings


def check_actions(graph: AccountGraph, today: date, thresholds: Thresholds) -> list[Finding]:
    """`action-overdue` for open actions past `due` (plus grace); `owner-left` for their owners."""
    findings: list[Finding] = []
    for index, action in enumerate(graph.model.actions):
        if action.status != "open":
            continue
        if action.due is not None:
            late = (today - action.due).days - thresholds.action_grace_days
            if late > 0:
                message = (
                    f"open action {action.id} ({action.goal}) was due {action.due.isoformat()}, "
                    f"{_ago((today - action.due).days)}: do it, move it or mark it done or dropped"
                )
                findings.append(Finding("action-overdue", message, Place("actions", index, "due"), tuple(action.with_)))
        owner = graph.team.get(action.owner)
        if owner is not None and graph.gone(owner):
            message = (
                f"open action {action.id} is owned by {_who(graph, owner.id)}, who left on "
                f"{owner.left}: give it to someone on the team"
            )
            findings.append(Finding("owner-left", message, Place("actions", index, "owner"), (owner.id,)))
    return findings


_FIND_AND_MEET = "find out who takes over and meet them"
# how far ahead an announced departure of a key player is worth a warning
LEAVING_HORIZON_DAYS = 90


def check_departures(graph: AccountGraph) -> list[Finding]:
    """`champion-left`, `champion-leaving`, `key-player-leaving` and `owner-left` for the account owner.

    Where the map names a `successor`, the advice points at them.
    """
    findings: list[Finding] = []
    for person in graph.client.values():
        place = Place("person", person.id, "left")
        who = _who(graph, person.id)
        handed_over = person.successor in graph.client and graph.reach(person.successor or "") is not None
        if person.stance == "champion" and graph.gone(person) and not handed_over:
            message = f"champion {who} left on {person.left}: " + (
                _to_successor(graph, person.successor, "win") + "; update the stance"
                if person.successor in graph.client
                else "find out who took over their work and win a new champion; follow them to their "
                "new company as a lead"
            )
            findings.append(Finding("champion-left", message, place, (person.id,)))
        elif graph.leaving(person) and graph.today is not None and person.left is not None:
            days = (person.left - graph.today).days
            when = f"leaves on {person.left} (in {days} day{'s' * (days != 1)})"
            named = person.successor in graph.client
            if person.stance == "champion":
                first = _to_successor(graph, person.successor, "meet") if named else "find out who takes over"
                message = f"champion {who} {when}: {first} and win a new champion before then"
                findings.append(Finding("champion-leaving", message, place, (person.id,)))
            elif person.is_key_player and not person.placeholder and days <= LEAVING_HORIZON_DAYS and not handed_over:
                first = _to_successor(graph, person.successor, "meet") if named else _FIND_AND_MEET
                message = f"key player {who} {when}: {first} before then"
                findings.append(Finding("key-player-leaving", message, place, (person.id,)))
    owner = graph.team.get(graph.model.account.owner)
    if owner is not None and graph.gone(owner):
        message = f"account owner {_who(graph, owner.id)} left on {owner.left}: " + (
            f"hand the account to their successor {_who(graph, owner.successor)}"
            if owner.successor in graph.team
            else "hand the account to someone on the team"
        )
        findings.append(Finding("owner-left", message, Place("account", key="owner"), (owner.id,)))
    return findings


def check_future_dates(model: AccountMap, today: date) -> list[Finding]:
    """`future-date` for a `reviewed` or `last` date after today (a typo there silences the rules)."""
    findings: list[Finding] = []
    reviewed = model.account.reviewed
    if reviewed is not None and reviewed > today:
        message = f"reviewed {reviewed.isoformat()} is after today ({today.isoformat()}): is it a typo?"
        findings.append(Finding("future-date", message, Place("account", key="reviewed")))
    for index, rel in enumerate(model.relationships):
        if rel.last is not None and rel.last > today:
            message = (
                f"last interaction {rel.last.isoformat()} of {rel.source} with {rel.target} is after today "
                f"({today.isoformat()}): is it a typo?"
            )
            findings.append(
                Finding("future-date", message, Place("relationships", index, "last"), (rel.source, rel.target))
            )
    return findings


def check_map(model: AccountMap, today: date, thresholds: Thresholds | None = None) -> list[Finding]:
    """Every rule of `relmap check` over one valid map, as of `today`."""
    thresholds = thresholds or Thresholds()
    graph = build_graph(model, today)
    return [
        *check_review(model, today, thresholds),
        *check_departures(graph),
        *check_contacts(graph, today, thresholds),
        *check_actions(graph, today, thresholds),
        *check_future_dates(model, today),
    ]
