"""`relmap import`: people from a CRM contacts export, into a new map or an existing one."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from ..analysis.words import plural
from .common import TodayOption, command_app, fail_usage, note, parse_today
from .editing import DryRunOption

if TYPE_CHECKING:
    from ..edit import Change
    from ..sources.crm import ImportPlan

app = command_app()


class ImportFormat(StrEnum):
    """What `relmap import` reports in."""

    table = "table"
    json = "json"


NEW_MAP = """\
# {comment}: people imported from {source}.
relmap: 1
account:
  name: {name}
  owner: {owner}
team:
  - {{id: {owner}, name: {owner_name}}}
client: []
"""


@app.command("import")
def import_(
    export: Annotated[str, typer.Argument(metavar="FILE.csv", help="The contacts export (CSV), or - for stdin.")],
    into: Annotated[str | None, typer.Option("--into", metavar="MAP", help="The map to update.")] = None,
    new: Annotated[
        str | None, typer.Option("--new", metavar="NAME", help="Start a new map for the account NAME.")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="--new: our key account manager's id.")] = None,
    owner_name: Annotated[str | None, typer.Option(help="--new: their name (default: the id).")] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="--new: the file to write (default: NAME as a slug + .yaml).")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="salesforce|hubspot|MAPPING",
            help="Which CRM wrote it, or a mapping file for any other (default: told by the columns).",
        ),
    ] = None,
    output_format: Annotated[ImportFormat, typer.Option("--format", "-f", help="table or json.")] = ImportFormat.table,
    dry_run: DryRunOption = False,
    today: TodayOption = None,
) -> None:
    """Import the client's people from a CRM contacts export (CSV).

    Salesforce (Id, FirstName, LastName, Title, Department, Email,
    ReportsToId) and HubSpot (Record ID, First Name, Last Name, Job Title,
    Email) exports are recognised by their columns; any other CRM's through
    a mapping file (--from MAPPING, see the README). UTF-8 with or without
    a BOM, and Windows-1252, are read.

    People are matched by crm_id, then by e-mail (case-insensitively). New
    people are added with a level guessed from the title and a function from
    the department (both reported); matched people get changed titles,
    reporting lines, missing e-mails and crm_ids. Nobody is ever removed:
    people missing from the export, namesakes that may be duplicates, and
    reporting lines to people outside the export are reported instead. The
    map keeps its comments and layout; --dry-run shows the diff. Exit 0 when
    written (or nothing to do), 2 when refused.

    Example: relmap import contacts.csv --into acme.yaml --dry-run
    """
    from ..edit import apply_changes
    from ..sources.columns import PRESETS, MappingError, detect_source, parse_mapping, resolve_columns
    from ..sources.crm import plan_import, read_contacts
    from ..sources.csvfile import CsvError, read_table
    from .editing import read_map
    from .sourcing import apply_or_refuse, located_error, read_export, valid_model, write_result

    if (into is None) == (new is None):
        fail_usage("name the map: --into MAP (an existing one) or --new NAME --owner ID (a new one)")
    if into is not None and (owner or owner_name or output):
        fail_usage("--owner, --owner-name and --output go with --new; --into updates the map as it is")
    wanted: dict[str, tuple[str, ...]] | None = None
    label = source
    if source is not None and source.lower() in PRESETS:
        label = source.lower()
        wanted = PRESETS[label]
    elif source is not None:
        mapping = read_export(source, "mapping file")
        try:
            wanted = parse_mapping(mapping.decode("utf-8"))
        except UnicodeDecodeError:
            located_error(source, 0, "a mapping file is UTF-8 text", "mapping file")
        except MappingError as error:
            located_error(source, error.line, error.message, "mapping file")
        label = Path(source).name
    try:
        table = read_table(read_export(export, "CRM export"))
    except CsvError as error:
        located_error(export, error.line, error.message, "CRM export")
    if wanted is None:
        label = detect_source(table.columns)
        if label is None:
            shown = ", ".join(table.columns[:8]) + (", ..." if len(table.columns) > 8 else "")
            located_error(
                export, 1,
                f"these columns ({shown}) are not a Salesforce or HubSpot export: "
                "pass --from salesforce, --from hubspot or --from MAPPING (a mapping file, see the README)",
                "CRM export",
            )  # fmt: skip
        wanted = PRESETS[label]
    assert label is not None
    try:
        columns = resolve_columns(table.columns, label, wanted)
    except MappingError as error:
        located_error(export, error.line, error.message, "CRM export")
    contacts, skipped = read_contacts(table, columns)

    original: bytes | None
    if into is not None:
        path = into
        original, text = read_map(into)
    else:
        assert new is not None
        path, text = _new_map(new, owner, owner_name, output, export)
        original = None
    model = valid_model(text, path)
    plan = plan_import(model, contacts, label, skipped, parse_today(today))
    changes = _changes(plan)
    result = apply_or_refuse(text, changes, path) if changes else apply_changes(text, [], path)
    diff = ""
    if dry_run:
        from ..edit import unified_diff

        diff = unified_diff("" if original is None else result.before, result.after, path)
    _REPORTS[output_format](plan, path, export, table.encoding, len(contacts), diff, sys.stdout)
    summary = f"{plural(len(plan.added), 'person', 'people')} added, {plural(len(plan.changed), 'field')} changed"
    if dry_run:
        note(f"{path}: not written (dry run; {summary})")
    elif original is None or result.changed:
        write_result(path, result, original, summary)
    else:
        note(f"{path}: nothing to change")


def _changes(plan: "ImportPlan") -> "list[Change]":
    """The edits that write the plan: each new person, then the changed fields of each matched one."""
    from ..edit import AddPerson, PersonRef, SetFields

    changes: list[Change] = [AddPerson("client", dict(item.values)) for item in plan.added]
    fields: dict[str, dict[str, str]] = {}
    for item in plan.changed:
        fields.setdefault(item.id, {})[item.field] = item.after
    changes += [SetFields(PersonRef(person), values) for person, values in fields.items()]
    return changes


def _new_map(name: str, owner: str | None, owner_name: str | None, output: str | None, export: str) -> tuple[str, str]:
    """The path and text of a new map: the account, its owner on our team, no client people yet."""
    import re

    from ..format.model import ID_PATTERN
    from .init_cmd import _comment_text, _slug, _yaml_string

    if not name.strip():
        fail_usage("--new needs the account's name")
    if owner is None:
        fail_usage("--new needs --owner: our key account manager's id (the first member of the team)")
    if not re.fullmatch(ID_PATTERN, owner):
        fail_usage(f"--owner must be an id (letters, digits, '.', '_', '-'), not '{_comment_text(owner)}'")
    path = output if output is not None else f"{_slug(name)}.yaml"
    if Path(path).exists():
        fail_usage(f"{path} already exists; import into it with --into {path}, or choose another --output")
    text = NEW_MAP.format(
        comment=_comment_text(" ".join(name.split())),
        source=_comment_text(Path(export).name if export != "-" else "standard input"),
        name=_yaml_string(name),
        owner=owner,
        owner_name=_yaml_string(owner_name or owner),
    )
    return path, text


# -- reports ------------------------------------------------------------------------
def _shown(text: str | None) -> str:
    """A value from the export or the map for a table cell: one line, inert, never a formula."""
    from ..render.safe import clean_line, neutralize_formula

    return neutralize_formula(clean_line(text)) if text else "-"


def _render_table(
    plan: "ImportPlan", path: str, export: str, encoding: str, count: int, diff: str, out: TextIO
) -> None:
    import textwrap

    from ..render.console import output_width
    from ..render.safe import clean, clean_line
    from ..render.table import Cell, Column, Report, print_report
    from ..sources.columns import PRESET_NAMES

    source = PRESET_NAMES.get(plan.source, plan.source)
    coded = {"utf-8-sig": "UTF-8 with BOM", "utf-8": "UTF-8", "cp1252": "Windows-1252"}.get(encoding, encoding)
    headline = clean_line(f"{export} ({source}, {coded}, {plural(count, 'contact')}) into {path}")
    out.write(textwrap.fill(headline, output_width(out), break_on_hyphens=False) + "\n\n")
    added = Report(
        f"Added: {plural(len(plan.added), 'person', 'people')}" if plan.added else "Added: nobody",
        [
            Column("id"),
            Column("name"),
            Column("title", flexible=True),
            Column("level"),
            Column("function"),
            Column("reports to"),
        ],
        empty="",
    )
    for item in plan.added:
        values = item.values
        function = values.get("function")
        if function and item.inferred.get("function") == "title":
            function += " (title)"
        added.rows.append(
            [
                Cell(clean_line(item.id)),
                Cell(_shown(values.get("name"))),
                Cell(_shown(values.get("title"))),
                Cell(values.get("level", "-")),
                Cell(clean_line(function or "-")),
                Cell(clean_line(values.get("reports_to", "-"))),
            ]
        )
    if plan.added:
        added.after.append(
            (
                "Level is guessed from the title, function from the department (or the title, where marked): "
                f"check them, e.g. relmap set {path} {plan.added[0].id} level=... function=...",
                "dim",
            )
        )
    for person, placeholder in plan.placeholders:
        added.after.append(
            (
                f"{person} has the title of the placeholder {placeholder}: if they hold that position, "
                f"move {placeholder}'s lines to {person} and remove the placeholder",
                None,
            )
        )
    print_report(out, added)
    changed = Report(
        f"Changed: {plural(len(plan.changed), 'field')}" if plan.changed else "Changed: nothing",
        [Column("person"), Column("field"), Column("before → after", flexible=True), Column("line")],
        empty="",
    )
    for item in plan.changed:
        changed.rows.append(
            [
                Cell(clean_line(item.id)),
                Cell(item.field),
                Cell(f"{_shown(item.before)} → {_shown(item.after)}"),
                Cell(str(item.line)),
            ]
        )
    for person, level, reads in plan.level_hints:
        changed.after.append(
            (
                f"{person}: level stays {level}; the new title reads as {reads} "
                f"(relmap set {path} {person} level={reads} if so)",
                "dim",
            )
        )
    out.write("\n")
    print_report(out, changed)
    unmatched = Report(
        "Could not match",
        [Column("line"), Column("contact"), Column("why", flexible=True)],
        empty="Every contact matched or was added.",
    )
    for dup in plan.duplicates:
        why = f"same name as {dup.person} in the map, but no crm_id or e-mail to match: not added"
        if dup.fields:
            why += f"; if it is the same person: {dup.suggestion(path)}"
        unmatched.rows.append([Cell(str(dup.line)), Cell(_shown(dup.name)), Cell(clean_line(why))])
    for line in plan.unresolved:
        unmatched.rows.append(
            [
                Cell(str(line.line)),
                Cell(_shown(line.name)),
                Cell(clean_line(f"reports to {line.reports_to}: {line.why}")),
            ]
        )
    for skip in plan.skipped:
        unmatched.rows.append([Cell(str(skip.line)), Cell("-"), Cell(clean_line(f"skipped: {skip.reason}"))])
    unmatched.rows.sort(key=lambda row: int(row[0].text))
    if plan.missing:
        unmatched.after.append(
            (f"Not in the export ({len(plan.missing)}, kept in the map): " + ", ".join(plan.missing), None)
        )
    out.write("\n")
    print_report(out, unmatched)
    if diff:
        out.write("\n" + clean(diff))


def _render_json(plan: "ImportPlan", path: str, export: str, encoding: str, count: int, diff: str, out: TextIO) -> None:
    from ..render.json_ import write_json

    document: dict[str, Any] = {
        "map": path,
        "export": export,
        "source": plan.source,
        "encoding": encoding,
        "contacts": count,
        "added": [
            {**{key: item.values.get(key) for key in ("id", "name", "title", "level", "function", "email", "crm_id",
                                                     "reports_to")},
             "line": item.line, "inferred": item.inferred}
            for item in plan.added
        ],
        "changed": [
            {"id": item.id, "field": item.field, "before": item.before, "after": item.after, "line": item.line}
            for item in plan.changed
        ],
        "matched": [{"id": item.id, "by": item.by, "line": item.line} for item in plan.matched],
        "possible_duplicates": [
            {"line": dup.line, "name": dup.name, "person": dup.person, "fields": dup.fields,
             "suggestion": dup.suggestion(path)}
            for dup in plan.duplicates
        ],
        "unresolved_reports_to": [
            {"line": item.line, "name": item.name, "person": item.person, "reports_to": item.reports_to,
             "why": item.why}
            for item in plan.unresolved
        ],
        "missing": plan.missing,
        "skipped": [{"line": item.line, "reason": item.reason} for item in plan.skipped],
        "fills_placeholder": [{"id": person, "placeholder": held} for person, held in plan.placeholders],
        "level_hints": [
            {"id": person, "level": level, "title_reads": reads} for person, level, reads in plan.level_hints
        ],
    }  # fmt: skip
    if diff:
        document["diff"] = diff
    write_json(out, document)


_REPORTS = {ImportFormat.table: _render_table, ImportFormat.json: _render_json}
