"""The edits relmap can make to a map, as values: what to change, not how to write it.

Each change names its target by id (a person, an action, the account, or a
relationship by `from`, `kind` and `to`) and carries typed values: text,
whole numbers, truths, `datetime.date`, lists of ids. A value of None
removes the key, so the field falls back to its default. No I/O.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..tuples import NamedTuple


class EditError(Exception):
    """A change that cannot be made (unknown person, wrong side, ...); the message says why."""


class PersonRef(NamedTuple):
    """One of our people or one of the client's, by id."""

    id: str

    def __str__(self) -> str:
        return self.id


class RelationshipRef(NamedTuple):
    """A relationship by `from`, `kind` and `to` (`opposes` matches either way round)."""

    source: str
    kind: str
    target: str

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.target}"


class ActionRef(NamedTuple):
    """An action of the plan, by id."""

    id: str

    def __str__(self) -> str:
        return f"action {self.id}"


class AccountRef:
    """The `account` mapping (there is one: every AccountRef is equal)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AccountRef):
            return NotImplemented
        return True

    def __hash__(self) -> int:
        return hash("account")

    def __repr__(self) -> str:
        return "AccountRef()"

    def __str__(self) -> str:
        return "account"


class IdRef(NamedTuple):
    """A person or an action, whichever has this id (both is an error: say which)."""

    id: str

    def __str__(self) -> str:
        return self.id


Target = PersonRef | RelationshipRef | ActionRef | AccountRef | IdRef


class ListAdd(NamedTuple):
    """As a value in `SetFields`: add these items to a list field (those already there stay once)."""

    items: tuple[Any, ...]


class ListRemove(NamedTuple):
    """As a value in `SetFields`: remove these items from a list field."""

    items: tuple[Any, ...]


class SetFields(NamedTuple):
    """Set (or, with None, remove) fields of one target; `interests.needs` reaches a client's interests."""

    target: Target
    values: Mapping[str, Any]


class Assignment(NamedTuple):
    """`key=text`, `key+=text` or `key-=text` as a user typed it (`op` is '=', '+=' or '-=')."""

    key: str
    op: str
    text: str


class SetText(NamedTuple):
    """Like `SetFields`, from text a user typed: each value is read by the kind of its field.

    An empty text after `=` removes the key; `+=`/`-=` add items to or
    remove them from a list (comma-separated).
    """

    target: Target
    assignments: tuple[Assignment, ...]


class AddPerson(NamedTuple):
    """A new person on `side` ('team' or 'client'); `values` holds at least `id`."""

    side: str
    values: Mapping[str, Any]


class AddRelationship(NamedTuple):
    """A new relationship; `values` holds at least `from`, `kind` and `to`."""

    values: Mapping[str, Any]


class AddAction(NamedTuple):
    """A new action; without an `id` in `values`, the owner's next one (`kim-3` after `kim-2`)."""

    values: Mapping[str, Any]


class LogContact(NamedTuple):
    """An interaction of one of ours with one of theirs on day `on`.

    Moves `last` on the `knows` line forward (back too with `force`), sets
    `strength` and `note` when given, and adds the line when there is none
    (unless `add` is false), at `strength` or else `new_strength`.
    """

    ours: str
    theirs: str
    on: date
    strength: str | None = None
    note: str | None = None
    force: bool = False
    add: bool = True
    new_strength: str = "weak"
    today: date | None = None  # to tell a `last` after today (a typo) in the report


class MarkDone(NamedTuple):
    """Mark an action done on day `on`; an action already done keeps its date unless `replace_date`."""

    action: str
    on: date
    replace_date: bool = True
    log_contacts: bool = False  # also move `last` forward on the owner's knows lines to the people `with`


Change = SetFields | SetText | AddPerson | AddRelationship | AddAction | LogContact | MarkDone


class Note:
    """What one change did, for the report: `line` (1-based, in the edited map) once known."""

    def __init__(self, message: str, line: int = 0, changed: bool = True, anchor: Any = None) -> None:
        self.message = message
        self.line = line
        self.changed = changed
        self.anchor = anchor  # where in the text the note points: an offset, or a patch until it lands

    def __repr__(self) -> str:
        return f"Note({self.message!r}, line={self.line}, changed={self.changed})"
