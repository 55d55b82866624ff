"""Writing maps as carefully as relmap reads them: surgical edits and the canonical layout.

Text in, text out; no I/O (the command line reads and writes the files).

    from relmap_cli.edit import apply_changes, LogContact, SetFields, PersonRef

    result = apply_changes(text, [
        LogContact(ours="kim", theirs="maria", on=date(2026, 11, 20), note="QBR prep"),
        SetFields(PersonRef("maria"), {"stance": "champion", "influence": 5}),
    ], path="acme.yaml")
    result.ok         # False: refused, `result.problems` say where (nothing to write)
    result.after      # the edited text: only the bytes that had to change differ
    result.diff()     # the unified diff
    result.notes      # what each change did, with its line in the edited map

The changes (`changes`): `SetFields` on a `PersonRef`, `RelationshipRef`
(from, kind, to), `ActionRef`, `AccountRef` or `IdRef` (None removes a key;
`ListAdd`/`ListRemove` grow or shrink a list; `interests.needs` reaches a
client's interests); `SetText`, the same from what a user typed
(`Assignment("stance", "=", "champion")`, read by the field's kind, see
`address` for the command-line syntax); `AddPerson`, `AddRelationship`, `AddAction`;
`LogContact` (moves a `knows` line's `last` forward, adds the line if
asked); `MarkDone`. A change that cannot be made raises `EditError`.
`format_map` (in `fmt`) gives the canonical layout of a whole map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .apply import EditResult, apply_changes, next_action_id, unified_diff
    from .changes import (
        AccountRef,
        ActionRef,
        AddAction,
        AddPerson,
        AddRelationship,
        Assignment,
        Change,
        EditError,
        IdRef,
        ListAdd,
        ListRemove,
        LogContact,
        MarkDone,
        Note,
        PersonRef,
        RelationshipRef,
        SetFields,
        SetText,
        Target,
    )

__all__ = [
    "AccountRef",
    "ActionRef",
    "AddAction",
    "AddPerson",
    "AddRelationship",
    "Assignment",
    "Change",
    "EditError",
    "EditResult",
    "IdRef",
    "ListAdd",
    "ListRemove",
    "LogContact",
    "MarkDone",
    "Note",
    "PersonRef",
    "RelationshipRef",
    "SetFields",
    "SetText",
    "Target",
    "apply_changes",
    "next_action_id",
    "unified_diff",
]

# Loaded on first use: `fmt` needs the layout, not the applying of
# changes (`apply` and `document`, about 2 ms of its start-up).
_APPLY = frozenset({"EditResult", "apply_changes", "next_action_id", "unified_diff"})


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{'apply' if name in _APPLY else 'changes'}"), name)
