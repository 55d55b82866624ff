"""`relmap set`: change fields of a person, a relationship, an action or the account."""

from typing import Annotated

import typer

from .common import command_app, fail_usage
from .editing import DryRunOption, run_edit

app = command_app()


@app.command(name="set")
def set_fields(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The map file to update.")],
    target: Annotated[
        str,
        typer.Argument(
            metavar="WHAT",
            help="A person's or action's id, account, or FROM:KIND:TO (kim:knows:maria); "
            "person:ID or action:ID when an id names both.",
        ),
    ],
    assignments: Annotated[
        list[str],
        typer.Argument(
            metavar="FIELD=VALUE...",
            help="FIELD=VALUE; FIELD= removes the field; FIELD+=A,B and FIELD-=A change a list; "
            "interests.needs=... for a client's interests.",
        ),
    ],
    dry_run: DryRunOption = False,
) -> None:
    """Change fields of one thing in the map, keeping everything else as it is written.

    Values are read by the field: a date as YYYY-MM-DD, influence as a
    number, roles and topics as comma-separated lists. The edited map is
    validated before it is written: a value the format does not allow is
    refused with the reason. Exit 0 when written, 2 when refused.

    Example: relmap set acme.yaml maria stance=champion influence=5 roles+=budget-holder
    """
    from ..edit import EditError, SetText
    from ..edit.address import parse_assignment, parse_target

    try:
        change = SetText(parse_target(target), tuple(parse_assignment(text) for text in assignments))
    except EditError as error:
        fail_usage(str(error))
    run_edit(file, [change], dry_run=dry_run)
