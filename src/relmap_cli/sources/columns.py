"""Which column of an export holds which field: Salesforce's and HubSpot's, or a mapping file's.

A mapping file is a small YAML mapping from a field to the column that
holds it, for any other CRM:

    # Pipedrive people export
    crm_id: Person - ID
    first_name: Person - First name
    last_name: Person - Last name
    title: Person - Job title
    email: Person - Email
    reports_to: Person - Manager ID

Fields: crm_id, name (or first_name and last_name), salutation, title,
department, email, reports_to (the manager's crm_id). A contact needs a
crm_id or an email, and a name. Column names match without regard to case
or surrounding spaces. No I/O.
"""

import re

from ..load.hints import did_you_mean, shorten
from ..tuples import NamedTuple
from .errors import SourceError

FIELDS = ("crm_id", "name", "first_name", "last_name", "salutation", "title", "department", "email", "reports_to")

# field -> the column names each CRM writes for it (API names and report labels)
SALESFORCE = {
    "crm_id": ("Id", "Contact ID", "Contact Id"),
    "name": ("Name", "Full Name"),
    "first_name": ("FirstName", "First Name"),
    "last_name": ("LastName", "Last Name"),
    "salutation": ("Salutation",),
    "title": ("Title",),
    "department": ("Department",),
    "email": ("Email",),
    "reports_to": ("ReportsToId", "Reports To ID", "Reports To Id"),
}
HUBSPOT = {
    "crm_id": ("Record ID", "Contact ID", "Record ID - Contact"),
    "name": ("Full Name", "Name"),
    "first_name": ("First Name", "First name"),
    "last_name": ("Last Name", "Last name"),
    "title": ("Job Title", "Job title"),
    "department": ("Department",),
    "email": ("Email", "Email Address"),
}
PRESETS = {"salesforce": SALESFORCE, "hubspot": HUBSPOT}
PRESET_NAMES = {"salesforce": "Salesforce", "hubspot": "HubSpot"}


class MappingError(SourceError):
    """A mapping file that cannot be used; `line` is where (1-based), 0 for the whole file."""


class Columns(NamedTuple):
    """Field -> the name of its column in the export (as the header writes it)."""

    source: str  # salesforce, hubspot, or the mapping file's name
    names: dict[str, str]

    def value(self, cells: dict[str, str], field_name: str) -> str:
        """The value of a field in a row's cells ('' when the export has no such column)."""
        column = self.names.get(field_name)
        return cells.get(column, "") if column is not None else ""


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def detect_source(columns: list[str]) -> str | None:
    """Which CRM wrote this header: 'salesforce', 'hubspot', or None."""
    names = {_key(name) for name in columns}
    if "id" in names and names & {"firstname", "lastname"}:
        return "salesforce"
    if "contact id" in names and "title" in names:  # a Salesforce report, with its column labels
        return "salesforce"
    if "record id" in names or ({"first name", "last name"} <= names and "job title" in names):
        return "hubspot"
    return None


def resolve_columns(columns: list[str], source: str, wanted: dict[str, tuple[str, ...]]) -> Columns:
    """Find each field's column; raise `MappingError` when a contact could not be read."""
    position: dict[str, str] = {}
    for name in columns:
        position.setdefault(_key(name), name)
    index: dict[str, str] = {}
    for field_name, names in wanted.items():
        for name in names:
            if _key(name) in position:
                index[field_name] = position[_key(name)]
                break
    label = PRESET_NAMES.get(source, source)
    missing = []
    if "crm_id" not in index and "email" not in index:
        missing.append(" or ".join(wanted.get("crm_id", ("crm_id",))[:1] + wanted.get("email", ("email",))[:1]))
    if "name" not in index and "last_name" not in index:
        missing.append(wanted.get("last_name", wanted.get("name", ("name",)))[0])
    if missing:
        found = ", ".join(shorten(name, 30) for name in columns[:12]) + (", ..." if len(columns) > 12 else "")
        raise MappingError(
            f"the header has no {' and no '.join(missing)} column for a {label} export (its columns: {found})", 1
        )
    return Columns(source, index)


def parse_mapping(text: str) -> dict[str, tuple[str, ...]]:
    """A mapping file's text as field -> (column,); raise `MappingError` with the line of what is wrong."""
    found: dict[str, tuple[str, ...]] = {}
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not line:
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not colon or not key:
            raise MappingError(f"expected 'field: Column name', not '{shorten(raw.strip(), 40)}'", number)
        if key not in FIELDS:
            raise MappingError(
                f"'{shorten(key, 30)}' is not a field relmap imports{did_you_mean(key, FIELDS)} "
                f"(fields: {', '.join(FIELDS)})",
                number,
            )
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if not value:
            raise MappingError(f"{key}: name the column that holds it", number)
        if key in found:
            raise MappingError(f"{key} is given twice", number)
        found[key] = (value,)
    if not found:
        raise MappingError("the mapping file names no columns (write 'field: Column name' lines)")
    if "crm_id" not in found and "email" not in found:
        raise MappingError("the mapping needs a crm_id or an email column, to match people on the next import")
    if "name" not in found and "last_name" not in found:
        raise MappingError("the mapping needs a name column (name, or first_name and last_name)")
    return found
