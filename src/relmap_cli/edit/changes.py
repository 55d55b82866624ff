"""The edits relmap can make to a map, as values: what to change, not how to write it.

Each change names its target by id (a person, an action, the account, or a
relationship by `from`, `kind` and `to`) and carries typed values: text,
whole numbers, truths, `datetime.date`, lists of ids. A value of None
removes the key, so the field falls back to its default. No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class EditError(Exception):
    """A change that cannot be made (unknown person, wrong side, ...); the message says why."""


@dataclass(frozen=True)
class PersonRef:
    """One of our people or one of the client's, by id."""

    id: str

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True)
class RelationshipRef:
    """A relationship by `from`, `kind` and `to` (`opposes` matches either way round)."""

    source: str
    kind: str
    target: str

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.target}"


@dataclass(frozen=True)
class ActionRef:
    """An action of the plan, by id."""

    id: str

    def __str__(self) -> str:
        return f"action {self.id}"


@dataclass(frozen=True)
class AccountRef:
    """The `account` mapping."""

    def __str__(self) -> str:
        return "account"


@dataclass(frozen=True)
class IdRef:
    """A person or an action, whichever has this id (both is an error: say which)."""

    id: str

    def __str__(self) -> str:
        return self.id


Target = PersonRef | RelationshipRef | ActionRef | AccountRef | IdRef


@dataclass(frozen=True)
class ListAdd:
    """As a value in `SetFields`: add these items to a list field (those already there stay once)."""

    items: tuple[Any, ...]


@dataclass(frozen=True)
class ListRemove:
    """As a value in `SetFields`: remove these items from a list field."""

    items: tuple[Any, ...]


@dataclass(frozen=True)
class SetFields:
    """Set (or, with None, remove) fields of one target; `interests.needs` reaches a client's interests."""

    target: Target
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Assignment:
    """`key=text`, `key+=text` or `key-=text` as a user typed it (`op` is '=', '+=' or '-=')."""

    key: str
    op: str
    text: str


@dataclass(frozen=True)
class SetText:
    """Like `SetFields`, from text a user typed: each value is read by the kind of its field.

    An empty text after `=` removes the key; `+=`/`-=` add items to or
    remove them from a list (comma-separated).
    """

    target: Target
    assignments: tuple[Assignment, ...]


@dataclass(frozen=True)
class AddPerson:
    """A new person on `side` ('team' or 'client'); `values` holds at least `id`."""

    side: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class AddRelationship:
    """A new relationship; `values` holds at least `from`, `kind` and `to`."""

    values: Mapping[str, Any]


@dataclass(frozen=True)
class AddAction:
    """A new action; without an `id` in `values`, the owner's next one (`kim-3` after `kim-2`)."""

    values: Mapping[str, Any]


@dataclass(frozen=True)
class LogContact:
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


@dataclass(frozen=True)
class MarkDone:
    """Mark an action done on day `on`; an action already done keeps its date unless `replace_date`."""

    action: str
    on: date
    replace_date: bool = True
    log_contacts: bool = False  # also move `last` forward on the owner's knows lines to the people `with`


Change = SetFields | SetText | AddPerson | AddRelationship | AddAction | LogContact | MarkDone


@dataclass
class Note:
    """What one change did, for the report: `line` (1-based, in the edited map) once known."""

    message: str
    line: int = 0
    changed: bool = True
    anchor: Any = field(default=None, repr=False)
