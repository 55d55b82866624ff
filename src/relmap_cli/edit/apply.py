"""Changes -> the edited text of a map, validated: the one entry point for every writer.

`apply_changes(text, changes, path)` applies typed changes (see `changes`)
as surgical patches (see `document`) and validates the result with the
same loader `relmap validate` uses. It never returns an invalid map as a
success: a result that would not load comes back refused, with the located
problems. No I/O: the caller reads the file and writes `after`.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from ..format.model import Account, Action, ClientInterests, ClientPerson, Record, Relationship, TeamMember, to_date
from ..load.hints import did_you_mean, shorten
from ..load.loader import STDIN_NAME, load_text
from ..load.problems import Problem
from ..tuples import NamedTuple
from .changes import (
    AccountRef,
    ActionRef,
    AddAction,
    AddPerson,
    AddRelationship,
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
)
from .document import Document, NeedsFlush, Patch
from .tree import Lines, Mapping, Scalar, TreeError
from .tree import Sequence as SequenceNode
from .values import field_of, parse_value

_SIDES = {"team": TeamMember, "client": ClientPerson}
_SIDE_WORDS = {"team": "one of our people", "client": "one of the client's people"}
_RECORD_WORDS = {
    TeamMember: "one of our people",
    ClientPerson: "a client person",
    Relationship: "a relationship",
    Action: "an action",
    Account: "the account",
    ClientInterests: "a person's interests",
}


class EditResult(NamedTuple):
    """The outcome of applying changes to one map's text."""

    path: str
    before: str
    after: str  # equal to `before` when the edit was refused
    notes: list[Note]
    problems: list[Problem]  # why it was refused
    already_invalid: bool = False  # the problems were in the map before the edit

    @property
    def ok(self) -> bool:
        """True when the edited map is valid (it may equal the original)."""
        return not self.problems

    @property
    def changed(self) -> bool:
        """True when there is something to write."""
        return self.ok and self.after != self.before

    def diff(self, context: int = 3) -> str:
        """The change as a unified diff (lines without their CR or BOM)."""
        return unified_diff(self.before, self.after, self.path, context)


def unified_diff(before: str, after: str, path: str, context: int = 3) -> str:
    """A unified diff between two versions of a file's text, labelled with `path`."""
    import difflib

    old, new = _diff_lines(before), _diff_lines(after)
    lines = difflib.unified_diff(old, new, path, path, n=context, lineterm="")
    return "".join(line + "\n" for line in lines)


def _diff_lines(text: str) -> list[str]:
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def apply_changes(text: str, changes: Iterable[Change], path: str = STDIN_NAME) -> EditResult:
    """Apply `changes` in order to a map's text; refuse (with problems) if the result is not valid.

    Raises `EditError` for a change that cannot be made at all, such as a
    person or action that is not in the map.
    """
    try:
        return _apply(text, list(changes), path)
    except EditError:
        raise
    except Exception:
        # A map that is not valid can be shaped in ways no edit expects: say what
        # is wrong with it. On a valid map the error is a bug, and surfaces.
        if load_text(text, path).problems:
            return _refused(path, text, text, [])
        raise


def _apply(text: str, changes: list[Change], path: str) -> EditResult:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    notes: list[Note] = []
    try:
        doc = Document(body)
    except (TreeError, EditError):  # not YAML, or not a mapping: the loader says what is wrong
        return _refused(path, text, text, notes)
    for number, change in enumerate(changes):
        applier = APPLIERS[type(change)]
        doc.change = number
        while True:
            point, count = doc.checkpoint(), len(notes)
            try:
                notes.extend(applier(doc, change))
                break
            except NeedsFlush:
                doc.rollback(point)
                del notes[count:]
                if len(doc.patches) == 0:
                    raise AssertionError("a change conflicts with itself") from None
                body = _flush(doc, notes)
                try:
                    doc = Document(body)
                except TreeError:
                    return _refused(path, text, bom + body, notes)
                doc.change = number
    body = _flush(doc, notes)
    after = bom + body
    lines = Lines(body)
    for note in notes:
        if isinstance(note.anchor, int):
            note.line = lines.line_of(min(note.anchor, len(body))) + 1
    loaded = load_text(after, path)
    if loaded.problems:
        return _refused(path, text, after, notes, loaded.problems)
    return EditResult(path, text, after, notes, [])


def _refused(
    path: str, before: str, after: str, notes: list[Note], problems: Sequence[Problem] | None = None
) -> EditResult:
    original = load_text(before, path) if after != before or problems is None else None
    if original is None:  # nothing changed: the problems are the map's own
        return EditResult(path, before, before, notes, list(problems or []), already_invalid=True)
    if original.problems:
        return EditResult(path, before, before, notes, list(original.problems), already_invalid=True)
    if not problems:  # the edit broke the YAML itself: a bug, but never written
        problems = load_text(after, path).problems or [Problem(path, 1, 1, "syntax", "the edit broke the YAML")]
    return EditResult(path, before, before, notes, list(problems))


def _flush(doc: Document, notes: list[Note]) -> str:
    """Apply the document's patches; point every note at its place in the new text."""
    text = doc.result()
    for note in notes:
        if isinstance(note.anchor, Patch):
            note.anchor = note.anchor.landed + _focus(note.anchor.text)
        elif isinstance(note.anchor, int):
            note.anchor = doc.moved(note.anchor)
    return text


def _focus(text: str) -> int:
    """Where the first written line of an inserted text starts (after `, ` and line breaks)."""
    match = re.match(r",?(?:\r?\n)*", text)
    return match.end() if match else 0


# -- finding targets -------------------------------------------------------------
def _person(doc: Document, person_id: str, side: str | None = None, what: str = "person") -> tuple[str, Mapping]:
    entry = doc.person(person_id)
    if entry is None:
        choices = doc.people(side) if side else doc.people("team") + doc.people("client")
        where = f"{_SIDE_WORDS[side]} in the map" if side else "in the map"
        raise EditError(f"{what} '{shorten(person_id)}' is not {where}{did_you_mean(person_id, choices)}")
    found = doc.side_of(person_id)
    assert found is not None
    if side is not None and found != side:
        raise EditError(f"{what} '{person_id}' is {_SIDE_WORDS[found]}, not {_SIDE_WORDS[side]}")
    return found, entry


def _relationship(doc: Document, ref: RelationshipRef) -> Mapping:
    entry = doc.relationship(ref.source, ref.kind, ref.target)
    if entry is not None:
        return entry
    for person in (ref.source, ref.target):
        _person(doc, person)
    same = [
        f"{item.text('from')} {item.text('kind')} {item.text('to')}"
        for item in doc.items("relationships")
        if item.text("from") == ref.source or item.text("to") == ref.source
    ]
    known = f"; {ref.source} is in: " + ", ".join(same[:8]) + (", ..." if len(same) > 8 else "") if same else ""
    raise EditError(f"there is no relationship '{ref}' in the map{known}")


def _action(doc: Document, action_id: str) -> Mapping:
    entry = doc.action(action_id)
    if entry is None:
        ids = [item.text("id") or "" for item in doc.items("actions")]
        listed = f"; the actions are {', '.join(ids)}" if 0 < len(ids) <= 12 else ""
        hint = did_you_mean(action_id, ids)
        raise EditError(f"action '{shorten(action_id)}' is not in the map{hint or listed}")
    return entry


def _target(doc: Document, target: Any) -> tuple[Mapping, type[Record], str]:
    """The mapping a target names (claimed for this change), the record it is read as, and its name."""
    entry, record, name = _find_target(doc, target)
    doc.touch(entry)  # what it says now is read next: an earlier change of the batch must be in the text
    return entry, record, name


def _find_target(doc: Document, target: Any) -> tuple[Mapping, type[Record], str]:
    if isinstance(target, PersonRef):
        side, entry = _person(doc, target.id)
        return entry, _SIDES[side], target.id
    if isinstance(target, RelationshipRef):
        return _relationship(doc, target), Relationship, str(target)
    if isinstance(target, ActionRef):
        return _action(doc, target.id), Action, f"action {target.id}"
    if isinstance(target, IdRef):
        return _find_target(doc, _resolve_id(doc, target.id))
    if isinstance(target, AccountRef):
        account = doc.root.get("account")
        if not isinstance(account, Mapping):
            raise EditError("the map has no 'account' mapping to change")
        return account, Account, "account"
    raise TypeError(f"not a target: {target!r}")


def _resolve_id(doc: Document, text: str) -> PersonRef | ActionRef:
    """A bare id: the person or the action it names."""
    person, action = doc.person(text), doc.action(text)
    if person is not None and action is not None:
        raise EditError(f"'{text}' is both a person and an action: write person:{text} or action:{text}")
    if person is not None:
        return PersonRef(text)
    if action is not None:
        return ActionRef(text)
    people = doc.people("team") + doc.people("client")
    actions = [item.text("id") or "" for item in doc.items("actions")]
    hint = did_you_mean(text, people + actions)
    raise EditError(f"'{shorten(text)}' is neither a person nor an action in the map{hint}")


# -- reading what is written -------------------------------------------------------
def _shown(node: Any) -> str:
    """A written value as a report shows it."""
    if isinstance(node, Scalar):
        return "(none)" if node.is_null else shorten(node.value, 40)
    if isinstance(node, SequenceNode):
        return "[" + ", ".join(item.value if isinstance(item, Scalar) else "..." for item in node.items) + "]"
    return "..."


def _display(value: Any) -> str:
    """A value as a report shows it: text as it reads, lists in brackets."""
    if isinstance(value, list):
        return "[" + ", ".join(_plain(item) for item in value) + "]"
    return shorten(_plain(value), 40)


def _default_shown(record: type[Record], key: str) -> str:
    """What an unwritten key means: its default (`open`, `unknown`, `good`), or (none)."""
    spec = field_of(record, key)
    default = spec.default if spec is not None and not spec.required else None
    return _display(default) if isinstance(default, (str, int)) else "(none)"


def _same(node: Any, value: Any) -> bool:
    """Whether the written node already holds `value`."""
    if isinstance(value, list):
        return isinstance(node, SequenceNode) and [i.value if isinstance(i, Scalar) else None for i in node.items] == [
            _plain(item) for item in value
        ]
    return isinstance(node, Scalar) and not node.is_null and node.value == _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _current_list(node: Any) -> list[str]:
    if isinstance(node, SequenceNode):
        return [item.value for item in node.items if isinstance(item, Scalar)]
    return []


def _written_date(entry: Mapping, key: str) -> date | None:
    text = entry.text(key)
    if text is None:
        return None
    try:
        return to_date(text)
    except ValueError:
        return None


# -- the appliers ----------------------------------------------------------------
def _set_fields(doc: Document, change: SetFields, label: str | None = None) -> list[Note]:
    entry, record, name = _target(doc, change.target)
    done: list[Note] = []
    kept: list[Note] = []
    for key, value in sorted(change.values.items(), key=lambda pair: _order(record, pair[0])):
        for note in _set_one(doc, entry, record, key, value):
            (done if note.changed else kept).append(note)
    notes = []
    for group, changed in ((done, True), (kept, False)):
        if group:
            message = f"{label or name}: " + ", ".join(note.message for note in group)
            notes.append(Note(message, changed=changed, anchor=group[0].anchor))
    return notes


def _order(record: type[Record], key: str) -> tuple[int, str]:
    from .order import rank

    return rank(record, key.split(".")[0]), key


def _set_one(doc: Document, entry: Mapping, record: type[Record], key: str, value: Any, prefix: str = "") -> list[Note]:
    """Set one key; the notes say what changed, without naming the target."""
    if "." in key:
        head, _, rest = key.partition(".")
        if record is not ClientPerson or head != "interests":
            raise EditError(f"'{shorten(key)}': only a client person's interests have parts (interests.needs, ...)")
        if field_of(ClientInterests, rest) is None:
            hint = did_you_mean(rest, ClientInterests.keys())
            raise EditError(f"'{shorten(key)}': interests have needs, concerns, fears and success{hint}")
        inner = entry.get("interests")
        if isinstance(inner, Mapping):
            return _set_one(doc, inner, ClientInterests, rest, value, "interests.")
        value = _resolve_list(None, value)
        if value is None or value == []:
            return [Note(f"interests.{rest} is not set", changed=False, anchor=entry.start)]
        doc.set_key(entry, record, "interests", {rest: value})
        return [Note(f"interests.{rest} (none) → {_display(value)}", anchor=doc.patches[-1])]
    if field_of(record, key) is None:
        what = _RECORD_WORDS.get(record, "this entry")
        raise EditError(f"'{shorten(prefix + key)}' is not a field of {what}{did_you_mean(key, record.keys())}")
    if key == "id" and record is not Relationship:
        raise EditError(
            "the id is how the rest of the map refers to it, so set does not change it; "
            "add the new entry and move the references, or edit the file"
        )
    node = entry.get(key)
    value = _resolve_list(node, value)
    if value is None or (value == [] and node is None):
        if value is None and doc.remove_key(entry, key):
            return [Note(f"{prefix}{key} removed (was {_shown(node)})", anchor=entry.start)]
        return [Note(f"{prefix}{key} is not set", changed=False, anchor=entry.start)]
    if node is not None and _same(node, value):
        return [Note(f"{prefix}{key} is already {_display(value)}", changed=False, anchor=node.start)]
    before = _shown(node) if node is not None else _default_shown(record, key)
    doc.set_key(entry, record, key, value)
    anchor: Any = node.start if node is not None else doc.patches[-1]
    return [Note(f"{prefix}{key} {before} → {_display(value)}", anchor=anchor)]


def _resolve_list(node: Any, value: Any) -> Any:
    """A list to write from `ListAdd`/`ListRemove` and what is written now."""
    if isinstance(value, ListAdd):
        current = _current_list(node)
        return current + [item for item in dict.fromkeys(value.items) if _plain(item) not in current]
    if isinstance(value, ListRemove):
        drop = {_plain(item) for item in value.items}
        kept = [item for item in _current_list(node) if item not in drop]
        return kept or None  # nothing left: the key goes, and the field is back to its default
    return value


def _set_text(doc: Document, change: SetText) -> list[Note]:
    """Read each typed value by the kind of its field, then set them all."""
    _, record, name = _target(doc, change.target)
    what = _RECORD_WORDS.get(record, name)
    values: dict[str, Any] = {}
    for assignment in change.assignments:
        key, op, text = assignment.key, assignment.op, assignment.text
        owner, field_name = record, key
        if "." in key:
            head, _, rest = key.partition(".")
            if record is not ClientPerson or head != "interests":
                raise EditError(f"'{shorten(key)}': only a client person's interests have parts (interests.needs, ...)")
            owner, field_name = ClientInterests, rest
        spec = field_of(owner, field_name)
        if op != "=" and (spec is None or spec.kind.name != "list"):
            if spec is None:
                parse_value(owner, field_name, text, what)  # says it is not a field, with a hint
            raise EditError(f"{key}{op}: only lists (roles, topics, with, ...) take += and -=")
        if op == "=" and text == "":
            values[key] = None
            continue
        value = parse_value(owner, field_name, text, what)
        if op == "+=":
            value = ListAdd(tuple(value))
        elif op == "-=":
            value = ListRemove(tuple(value))
        if key in values:
            raise EditError(f"{key} is given twice")
        values[key] = value
    return _set_fields(doc, SetFields(change.target, values))


def _add_person(doc: Document, change: AddPerson) -> list[Note]:
    if change.side not in _SIDES:
        raise EditError(f"a person is added to 'team' or 'client', not '{change.side}'")
    values = dict(change.values)
    person_id = values.get("id")
    if not isinstance(person_id, str):
        raise EditError("a new person needs an id")
    existing = doc.person(person_id)
    if existing is not None:
        line = doc.lines.line_of(existing.start) + 1
        raise EditError(f"id '{person_id}' is already used at line {line}: ids are unique across team and client")
    record = _SIDES[change.side]
    for key in values:
        if field_of(record, key) is None:
            where = "our people" if change.side == "team" else "the client's people"
            raise EditError(f"'{shorten(key)}' is not a field of {where}{did_you_mean(key, record.keys())}")
    patch = doc.append_item(change.side, record, values, _group_end(doc, change.side, "function", values))
    doc.expect("person", person_id)
    shown = values.get("name") or values.get("title") or person_id
    return [Note(f"{person_id}: added to {change.side} ({shorten(str(shown))})", anchor=patch)]


def _add_relationship(doc: Document, change: AddRelationship) -> list[Note]:
    values = dict(change.values)
    source, kind, target = values.get("from"), values.get("kind"), values.get("to")
    if not all(isinstance(part, str) for part in (source, kind, target)):
        raise EditError("a new relationship needs from, kind and to")
    assert isinstance(source, str) and isinstance(kind, str) and isinstance(target, str)
    for key in values:
        if field_of(Relationship, key) is None:
            raise EditError(f"'{shorten(key)}' is not a field of a relationship{did_you_mean(key, Relationship.keys())}")
    want = ("team", "client") if kind == "knows" else ("client", "client")
    _person(doc, source, want[0], f"{kind} from")
    _person(doc, target, want[1], f"{kind} to")
    existing = doc.relationship(source, kind, target)
    if existing is not None:
        line = doc.lines.line_of(existing.start) + 1
        raise EditError(
            f"'{source} {kind} {target}' is already in the map at line {line}; "
            f"change it with: relmap set FILE {source}:{kind}:{target} FIELD=VALUE"
        )
    patch = doc.append_item("relationships", Relationship, values, _anchor_for(doc, source, kind))
    doc.expect("rel", source, kind, target)
    return [Note(f"{source} {kind} {target}: added", anchor=patch)]


def _anchor_for(doc: Document, source: str, kind: str) -> Mapping | None:
    """Where a new relationship goes: after the last of the same kind from the same person, else of the kind."""
    same_kind = [item for item in doc.items("relationships") if item.text("kind") == kind]
    same_source = [item for item in same_kind if item.text("from") == source]
    return (same_source or same_kind or [None])[-1]


def _group_end(doc: Document, section: str, key: str, values: dict[str, Any]) -> Mapping | None:
    """The last item with the same `key` (function, owner): a new one joins its group.

    Kept together, two people adding people of different functions (or
    actions of different owners) on two branches touch different lines,
    and git merges them without a conflict.
    """
    wanted = values.get(key)
    if not isinstance(wanted, str):
        return None
    same = [item for item in doc.items(section) if item.text(key) == wanted]
    return same[-1] if same else None


def _add_action(doc: Document, change: AddAction) -> list[Note]:
    values = dict(change.values)
    for key in values:
        if field_of(Action, key) is None:
            raise EditError(f"'{shorten(key)}' is not a field of an action{did_you_mean(key, Action.keys())}")
    if "id" not in values:
        owner = values.get("owner")
        ids = [item.text("id") or "" for item in doc.items("actions")]
        values["id"] = next_action_id(ids, owner if isinstance(owner, str) else None)
    elif doc.action(values["id"]) is not None:
        raise EditError(f"action id '{values['id']}' is already used")
    owner = values.get("owner")
    if isinstance(owner, str):
        _person(doc, owner, "team", "owner")
    for person in values.get("with") or []:
        _person(doc, person, "client", "with")
    patch = doc.append_item("actions", Action, values, _group_end(doc, "actions", "owner", values))
    doc.expect("action", values["id"])
    return [Note(f"action {values['id']}: added", anchor=patch)]


def next_action_id(ids: Sequence[str], owner: str | None) -> str:
    """A new action's id: the owner's next number (`kim-3` after `kim-1`, `kim-2`).

    An id of the owner's own: two colleagues adding actions on two branches
    never pick the same one, so the merged map stays valid.
    """
    prefix = f"{owner}-" if owner else "a"
    taken = set(ids)
    numbers = [int(text[len(prefix) :]) for text in ids if text.startswith(prefix) and text[len(prefix) :].isdigit()]
    number = max(numbers, default=0) + 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _log_contact(doc: Document, change: LogContact) -> list[Note]:
    _, ours = _person(doc, change.ours, "team", "--by")
    _, theirs = _person(doc, change.theirs, "client", "--with")
    name = f"{change.ours} knows {change.theirs}"
    for person, entry in ((change.ours, ours), (change.theirs, theirs)):
        left = _written_date(entry, "left")
        if left is not None and change.on > left:
            raise EditError(
                f"{person} left on {left}: an interaction on {change.on} belongs with their new company, "
                "not in this map"
            )
    entry = doc.relationship(change.ours, "knows", change.theirs)
    if entry is not None:
        doc.touch(entry)
    if entry is None:
        if not change.add:
            return [Note(f"{name}: no knows line to move forward (relmap log adds one)", changed=False)]
        values: dict[str, Any] = {
            "from": change.ours,
            "kind": "knows",
            "to": change.theirs,
            "strength": change.strength or change.new_strength,
            "last": change.on,
        }
        if change.note:
            values["note"] = change.note
        patch = doc.append_item("relationships", Relationship, values, _anchor_for(doc, change.ours, "knows"))
        doc.expect("rel", change.ours, "knows", change.theirs)
        return [Note(f"{name}: added ({values['strength']}), last {change.on}", anchor=patch)]
    sets: dict[str, Any] = {}
    notes: list[Note] = []
    last = _written_date(entry, "last")
    if last is None or change.on > last or (change.force and change.on != last):
        sets["last"] = change.on
        if change.note:
            sets["note"] = change.note
    elif change.on == last:
        if change.note:
            sets["note"] = change.note
    else:
        typo = " and after today: a typo?" if change.today is not None and last > change.today else ""
        notes.append(
            Note(
                f"{name}: last stays {last}, later than {change.on}{typo} (--force sets it back)",
                changed=False,
                anchor=entry.start,
            )
        )
    if change.strength and change.strength != (entry.text("strength") or "good"):
        sets["strength"] = change.strength
    if not sets and not notes:
        return [Note(f"{name}: already up to date (last {last})", changed=False, anchor=entry.start)]
    if sets:
        notes += _set_fields(doc, SetFields(RelationshipRef(change.ours, "knows", change.theirs), sets))
    return notes


def _mark_done(doc: Document, change: MarkDone) -> list[Note]:
    entry = _action(doc, change.action)
    doc.touch(entry)
    status = entry.text("status") or "open"
    done = _written_date(entry, "done")
    sets: dict[str, Any] = {}
    if status != "done":
        sets = {"status": "done", "done": change.on}
    elif change.replace_date and done != change.on:
        sets = {"done": change.on}
    if not sets:
        when = f" on {done}" if done else ""
        return [Note(f"action {change.action}: already done{when}", changed=False, anchor=entry.start)]
    notes = _set_fields(doc, SetFields(ActionRef(change.action), sets))
    if change.log_contacts:
        owner = entry.text("owner")
        people = entry.get("with")
        for person in _current_list(people) if owner else []:
            notes += _log_contact(doc, LogContact(owner or "", person, change.on, add=False))
    return notes


APPLIERS: dict[type[Any], Callable[[Document, Any], list[Note]]] = {
    SetFields: _set_fields,
    SetText: _set_text,
    AddPerson: _add_person,
    AddRelationship: _add_relationship,
    AddAction: _add_action,
    LogContact: _log_contact,
    MarkDone: _mark_done,
}
