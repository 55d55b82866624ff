"""`relmap schema`: the JSON Schema of the file format, for editors."""

from typing import Annotated

import typer

from .common import command_app, note, output_target, write_output

app = command_app()


@app.command()
def schema(
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write the schema to this file (- for stdout) instead of stdout."),
    ] = None,
) -> None:
    """Print the JSON Schema of the account-map format.

    Point the YAML language server at it (VS Code's YAML extension, Neovim,
    Helix ...) to get completion and inline errors while editing a map: the
    first line of a map made by `relmap init` already does.

    Example: relmap schema --output relmap.schema.json
    """
    from ..format.schema import schema_text

    target = output_target(output) if output is not None else None
    write_output(target, schema_text())
    if target is not None:
        note(f"wrote {output}")
