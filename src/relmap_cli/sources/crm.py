"""A CRM contacts export against a map: who is new, what changed, what could not be matched.

People are matched by `crm_id`, then by `email` (case-insensitively). A
contact matched by neither but with the name of someone in the map is a
possible duplicate, reported and never added a second time. New people get
an id from their surname, a `level` from their title and a `function` from
their department, both reported as guesses. Matched people get a changed
title, a reporting line, a missing e-mail or crm_id. Nothing is ever
removed: people missing from the export are listed. `ReportsToId` becomes
`reports_to` when it names someone of the map or of the export; otherwise it
is reported, not invented. Pure functions; no I/O.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from ..format.model import AccountMap, ClientPerson
from ..tuples import NamedTuple
from .columns import Columns
from .csvfile import Table
from .titles import infer_function, infer_level, slug

# salutations that are part of how a person is named in a map (the others are left out)
_ACADEMIC = re.compile(r"^(?:dr|prof|professor|univ\.?-prof|pd|priv\.?-doz)\.?(?:\s+dr\.?)*$", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:(?:dr|prof|professor|mr|mrs|ms|miss|mx|sir|dame|herr|frau|m|mme|mlle)\.?\s+)+", re.I)


class Contact(NamedTuple):
    """One person of the export, its cells cleaned."""

    line: int
    crm_id: str
    name: str
    title: str
    department: str
    email: str
    reports_to: str  # the manager's crm_id


@dataclass
class Added:
    """A new client person: the fields written, and which were guessed from what."""

    id: str
    line: int
    values: dict[str, str]
    inferred: dict[str, str] = field(default_factory=dict)  # field -> what it was read from (title, department)


class Changed(NamedTuple):
    """One field of a matched person that the export changes."""

    id: str
    line: int
    field: str
    before: str | None
    after: str


class Matched(NamedTuple):
    """A contact matched to a person of the map, and how."""

    id: str
    line: int
    by: str  # crm_id | email


class Duplicate(NamedTuple):
    """A contact with the name of someone in the map but neither their crm_id nor their e-mail."""

    line: int
    name: str
    person: str
    fields: dict[str, str]  # what the export would add or change on that person

    def suggestion(self, path: str) -> str:
        """The command that makes it a match on the next import (if it is the same person)."""
        sets = " ".join(_shell_word(f"{key}={value}") for key, value in self.fields.items())
        return f"relmap set {_shell_word(path)} {self.person} {sets}".rstrip()


class Unresolved(NamedTuple):
    """A reporting line the map cannot take: the manager is in neither the export nor the map, or a cycle."""

    line: int
    name: str
    person: str | None  # the map id of the contact, when it has one
    reports_to: str  # the crm_id the export names
    why: str


class Skipped(NamedTuple):
    """A row that was not imported, and why."""

    line: int
    reason: str


@dataclass
class ImportPlan:
    """What importing an export into a map does: the people to add, the fields to change, what to report."""

    source: str
    added: list[Added] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    matched: list[Matched] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # client ids of the map the export does not list
    level_hints: list[tuple[str, str, str]] = field(default_factory=list)  # (id, level in the map, new title's)
    placeholders: list[tuple[str, str]] = field(default_factory=list)  # (new id, a placeholder with its title)


def _shell_word(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z0-9._@%+=:,/-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def read_contacts(table: Table, columns: Columns) -> tuple[list[Contact], list[Skipped]]:
    """The export's rows as contacts; rows without a name or without anything to match them by are skipped."""
    contacts: list[Contact] = []
    skipped: list[Skipped] = []
    for row in table.rows:
        cells = row.cells

        def get(field_name: str, cells: dict[str, str] = cells) -> str:
            return columns.value(cells, field_name)

        name = " ".join(part for part in (get("first_name"), get("last_name")) if part) or get("name")
        salutation = get("salutation")
        if name and salutation and _ACADEMIC.match(salutation) and not name.lower().startswith(salutation.lower()):
            name = f"{salutation} {name}"
        contact = Contact(row.line, get("crm_id"), name, get("title"), get("department"), get("email"),
                          get("reports_to"))  # fmt: skip
        if row.short:
            skipped.append(
                Skipped(row.line, f"only {len(row.cells)} of {len(table.columns)} columns: the line is cut short")
            )
        elif not contact.name:
            skipped.append(Skipped(row.line, "no name"))
        elif not contact.crm_id and not contact.email:
            skipped.append(
                Skipped(row.line, f"{contact.name}: no id and no e-mail to match them by on the next import")
            )
        else:
            contacts.append(contact)
    return contacts, skipped


def name_key(name: str) -> tuple[str, ...]:
    """A name for comparing: no titles, accents, case or punctuation; the parts in order ('Dr. Jürgen Strauß')."""
    text = _HONORIFIC.sub("", name.strip().lstrip("=+-@ \t"))
    return tuple(sorted(part for part in slug(text).split("-") if part))


def plan_import(
    model: AccountMap, contacts: list[Contact], source: str, skipped: list[Skipped], today: date
) -> ImportPlan:
    """Everything the export changes in the map (as `edit` changes) and everything to report.

    People who left before `today` are not expected in the export.
    """
    plan = ImportPlan(source, skipped=list(skipped))
    client = {person.id: person for person in model.client}
    by_crm = {person.crm_id: person.id for person in model.client if person.crm_id}
    by_email = {person.email.casefold(): person.id for person in model.client if person.email}
    ours = {person.email.casefold(): person.id for person in model.team if person.email}
    by_name: dict[tuple[str, ...], str] = {}
    for person in model.client:
        if person.name and not person.placeholder:
            by_name.setdefault(name_key(person.name), person.id)
    taken = {person.id for person in model.team} | set(client) | {action.id for action in model.actions}
    functions = frozenset(person.function for person in [*model.client, *model.team] if person.function)

    seen: dict[str, int] = {}  # map id -> the line that matched it
    export_ids: dict[str, str] = {}  # the export's crm_id -> map id (matched, duplicate or added)
    placed: list[tuple[Contact, str, str]] = []  # (contact, map id, how: crm_id | email | name | new)
    for contact in contacts:
        person_id, how = None, ""
        if contact.crm_id and contact.crm_id in by_crm:
            person_id, how = by_crm[contact.crm_id], "crm_id"
        elif contact.email and contact.email.casefold() in by_email:
            person_id, how = by_email[contact.email.casefold()], "email"
        elif contact.email and contact.email.casefold() in ours:
            plan.skipped.append(Skipped(contact.line, f"{contact.name}: {contact.email} is one of our people"))
            continue
        elif name_key(contact.name) in by_name:
            person_id, how = by_name[name_key(contact.name)], "name"
        if person_id is not None and person_id in seen:
            plan.skipped.append(Skipped(contact.line, f"{contact.name}: {person_id} again (line {seen[person_id]})"))
            continue
        if person_id is None:
            person_id, how = _new_id(contact, taken), "new"
            taken.add(person_id)
        seen[person_id] = contact.line
        if contact.crm_id:
            export_ids.setdefault(contact.crm_id, person_id)
        placed.append((contact, person_id, how))

    managers = {person.id: person.reports_to for person in model.client if person.reports_to}
    for contact, person_id, how in placed:
        current = client[person_id].reports_to if person_id in client else None
        manager = _manager(contact, person_id, current, by_crm, export_ids, plan)
        if manager is not None and _closes_cycle(managers, person_id, manager):
            plan.unresolved.append(
                Unresolved(
                    contact.line,
                    contact.name,
                    person_id,
                    contact.reports_to,
                    f"reports_to {manager} would close a circle of reporting lines",
                )
            )
            manager = None
        if how == "new":
            _add(plan, contact, person_id, manager, functions)
            if manager is not None:
                managers[person_id] = manager
        elif how == "name":
            _duplicate(plan, contact, client[person_id], manager)
        else:
            plan.matched.append(Matched(person_id, contact.line, how))
            if _update(plan, contact, client[person_id], manager) and manager is not None:
                managers[person_id] = manager
    open_positions = {
        " ".join(person.title.casefold().split()): person.id
        for person in model.client
        if person.placeholder and person.title
    }
    for item in plan.added:
        title = " ".join(item.values.get("title", "").casefold().split())
        if title in open_positions:
            plan.placeholders.append((item.id, open_positions[title]))
    listed = {person_id for _, person_id, _ in placed}
    plan.missing = [
        person.id
        for person in model.client
        if person.id not in listed and not person.placeholder and (person.left is None or person.left >= today)
    ]
    return plan


def _new_id(contact: Contact, taken: set[str]) -> str:
    """An id in the style most maps use: the surname, then surname-initial, then numbered."""
    parts = [part for part in slug(_HONORIFIC.sub("", contact.name)).split("-") if part]
    local = slug(contact.email.split("@")[0]) if contact.email else ""
    base = parts[-1] if parts else local or slug(contact.crm_id) or "person"
    candidates = [base]
    if len(parts) > 1:
        candidates += [f"{base}-{parts[0][0]}", f"{parts[0]}-{base}"]
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _manager(
    contact: Contact,
    person_id: str,
    current: str | None,
    by_crm: dict[str, str],
    export_ids: dict[str, str],
    plan: ImportPlan,
) -> str | None:
    """The map id the contact reports to, or None (a line outside the export and the map is reported)."""
    if not contact.reports_to or contact.reports_to == contact.crm_id:
        return None
    manager = by_crm.get(contact.reports_to) or export_ids.get(contact.reports_to)
    if manager is None:
        kept = f"reports_to stays {current}" if current else "no reports_to written"
        plan.unresolved.append(
            Unresolved(
                contact.line, contact.name, person_id, contact.reports_to, f"in neither the export nor the map; {kept}"
            )
        )
        return None
    return manager if manager != person_id else None


def _closes_cycle(managers: dict[str, str], person_id: str, manager: str) -> bool:
    current: str | None = manager
    steps = 0
    while current is not None and steps <= len(managers):
        if current == person_id:
            return True
        current = managers.get(current)
        steps += 1
    return False


def _add(plan: ImportPlan, contact: Contact, person_id: str, manager: str | None, functions: frozenset[str]) -> None:
    values: dict[str, str] = {"id": person_id, "name": contact.name}
    inferred: dict[str, str] = {}
    if contact.title:
        values["title"] = contact.title
        values["level"] = infer_level(contact.title)
        inferred["level"] = "title"
    function, origin = infer_function(contact.department, contact.title, functions)
    if function:
        values["function"] = function
        inferred["function"] = origin
    if contact.email:
        values["email"] = contact.email
    if contact.crm_id:
        values["crm_id"] = contact.crm_id
    if manager is not None:
        values["reports_to"] = manager
    plan.added.append(Added(person_id, contact.line, values, inferred))


def _duplicate(plan: ImportPlan, contact: Contact, person: ClientPerson, manager: str | None) -> None:
    fields: dict[str, str] = {}
    if contact.crm_id and not person.crm_id:
        fields["crm_id"] = contact.crm_id
    if contact.email and not person.email:
        fields["email"] = contact.email
    if contact.title and contact.title != person.title:
        fields["title"] = contact.title
    if manager is not None and manager != person.reports_to:
        fields["reports_to"] = manager
    plan.duplicates.append(Duplicate(contact.line, contact.name, person.id, fields))


def _update(plan: ImportPlan, contact: Contact, person: ClientPerson, manager: str | None) -> bool:
    """Note the fields the export changes on a matched person; True if its reporting line changes."""
    sets: dict[str, str] = {}
    if contact.title and contact.title != person.title:
        sets["title"] = contact.title
        if person.level and infer_level(contact.title) != person.level:
            plan.level_hints.append((person.id, person.level, infer_level(contact.title)))
    if contact.email and (person.email or "").casefold() != contact.email.casefold():
        sets["email"] = contact.email
    if contact.crm_id and contact.crm_id != person.crm_id:
        sets["crm_id"] = contact.crm_id
    if manager is not None and manager != person.reports_to:
        sets["reports_to"] = manager
    for key, value in sets.items():
        plan.changed.append(Changed(person.id, contact.line, key, getattr(person, key), value))
    return "reports_to" in sets
