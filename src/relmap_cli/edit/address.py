"""What a user types to name a thing and a change: `maria`, `kim:knows:maria`, `stance=champion`.

Addresses: a person's or an action's id; `account`; `FROM:KIND:TO` for a
relationship; `person:ID` or `action:ID` when one id names both. Fields:
`FIELD=VALUE` (an empty value removes the field), `FIELD+=A,B` and
`FIELD-=A` for lists, `interests.needs=...` for a client's interests.
No I/O.
"""

from __future__ import annotations

import re

from ..format.model import KINDS
from ..load.hints import did_you_mean, quote_list, shorten
from .changes import AccountRef, ActionRef, Assignment, EditError, IdRef, PersonRef, RelationshipRef, Target

_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_.]*)\s*(\+=|-=|=)(.*)$", re.DOTALL)


def parse_target(text: str) -> Target:
    """The thing an address names (see the module docstring)."""
    parts = text.split(":")
    if len(parts) == 3:
        source, kind, target = parts
        if kind not in KINDS:
            raise EditError(
                f"'{shorten(text)}': a relationship is FROM:KIND:TO with KIND {quote_list(KINDS)}"
                f"{did_you_mean(kind, KINDS)}"
            )
        if not source or not target:
            raise EditError(f"'{shorten(text)}': a relationship is FROM:KIND:TO, e.g. kim:knows:maria")
        return RelationshipRef(source, kind, target)
    if len(parts) == 2 and parts[0] in ("person", "action") and parts[1]:
        return PersonRef(parts[1]) if parts[0] == "person" else ActionRef(parts[1])
    if len(parts) == 1 and text:
        return AccountRef() if text == "account" else IdRef(text)
    raise EditError(
        f"'{shorten(text)}' names nothing relmap knows: write a person's or an action's id, account, "
        "FROM:KIND:TO for a relationship, or person:ID / action:ID"
    )


def parse_assignment(text: str) -> Assignment:
    """`FIELD=VALUE`, `FIELD+=VALUE` or `FIELD-=VALUE`."""
    match = _ASSIGNMENT.match(text)
    if match is None:
        raise EditError(f"'{shorten(text)}' is not FIELD=VALUE (e.g. stance=champion, roles+=budget-holder)")
    key, op, value = match.groups()
    return Assignment(key, op, value)
