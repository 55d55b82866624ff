"""`relmap schema`: the JSON Schema of the file format, for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import command_app, fail_usage, note

app = command_app()


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the schema to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the account-map format.

    Point the YAML language server at it (VS Code's YAML extension, Neovim,
    Helix ...) to get completion and inline errors while editing a map: the
    first line of a map made by `relmap init` already does.

    Example: relmap schema --output relmap.schema.json
    """
    import json

    from ..save import WriteError, write_replace
    from ..schema import build_schema

    text = json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        write_replace(output, text)
    except WriteError as error:
        fail_usage(str(error))
    note(f"wrote {output}")
