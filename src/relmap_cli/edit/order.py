"""The canonical order of sections and of the keys inside each entry, and the line width.

Section 1 of the format lists them in this order; `fmt` writes them so, and
an edit that adds a key puts it where `fmt` would. Which record a mapping
is follows from where it stands. No I/O.
"""

from __future__ import annotations

from ..format.model import (
    Account,
    AccountMap,
    Action,
    ClientInterests,
    ClientPerson,
    Counterpart,
    Interest,
    Record,
    Relationship,
    TeamMember,
)

# A flow entry longer than this is wrapped (the project's own line length; real maps run to it)
WIDTH = 120
SECTIONS = tuple(AccountMap.keys())  # relmap, account, interests, team, client, relationships, ...
# who someone is, where they stand, what they care about, how to reach them, history, then free text
CLIENT_KEYS = (
    "id", "name", "title", "function", "level", "roles", "stance", "influence", "placeholder", "reports_to",
    "topics", "cares_about", "interests", "email", "crm_id", "left", "successor", "notes",
)  # fmt: skip
TEAM_KEYS = ("id", "name", "title", "function", "level", "topics", "email", "crm_id", "left", "successor", "notes")

KEY_ORDER: dict[type[Record], tuple[str, ...]] = {
    AccountMap: SECTIONS,
    Account: tuple(Account.keys()),
    Interest: tuple(Interest.keys()),
    TeamMember: TEAM_KEYS,
    ClientPerson: CLIENT_KEYS,
    ClientInterests: tuple(ClientInterests.keys()),
    Relationship: tuple(Relationship.keys()),  # from, kind, to, strength, basis, last, note, notes
    Counterpart: tuple(Counterpart.keys()),
    Action: tuple(Action.keys()),  # id, owner, with, activity, goal, due, status, done, notes
}

SECTION_RECORDS: dict[str, type[Record]] = {
    "interests": Interest,
    "team": TeamMember,
    "client": ClientPerson,
    "relationships": Relationship,
    "counterparts": Counterpart,
    "actions": Action,
}


def record_at(path: tuple[str | int, ...]) -> type[Record] | None:
    """The record a mapping at `path` (keys and item indexes from the root) is read as."""
    if not path:
        return AccountMap
    if path == ("account",):
        return Account
    if len(path) == 2 and isinstance(path[1], int):
        return SECTION_RECORDS.get(str(path[0]))
    if len(path) == 3 and path[0] == "client" and path[2] == "interests":
        return ClientInterests
    return None


def rank(record: type[Record], key: str) -> int:
    """Where `key` goes among the keys of `record` (unknown keys last)."""
    order = KEY_ORDER[record]
    return order.index(key) if key in order else len(order)
