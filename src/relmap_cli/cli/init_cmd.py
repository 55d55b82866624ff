"""`relmap init`: a new, valid, commented map to fill in; never overwrites."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from .common import command_app, fail_usage, note, output_target, parse_today, write_output

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Relationship map for {name_comment}.
# Fill it in, then run: relmap validate {file_comment} && relmap gaps {file_comment}
relmap: 1
account:
  name: {name}
  {owner_line}# our key account manager: an id from `team` below
  vision: Where we want this account to be in three years
  tier: 2                     # 1 strategic .. 3; sets the default review cadence (30d, 90d, 180d)
  reviewed: {today}        # date of the last full review of this map
  review_every: 90d           # Nd | Nw | Nm | Ny
  intent: medium              # our strategic intent: low | medium | high

interests:                    # what WE want from this account (horizon: short | mid | long)
  - {{id: first-win, text: The first thing we want to win here, horizon: mid, priority: 1}}

team:                         # our people; ids are unique across team and client
  - {{id: {owner}, name: Your Name, title: Key Account Manager, function: sales, level: manager}}

client:                       # their people; level: executive | vp | director | manager | staff
  - id: decision-maker
    title: Who signs the deal?
    function: procurement
    level: director
    roles: [decision-maker]   # decision-maker, budget-holder, influencer, resource-controller,
                              # gatekeeper, user, technical
    placeholder: true         # a position we know exists; replace with a name once known
  # - id: jane
  #   name: Jane Doe
  #   title: Head of Procurement
  #   function: procurement
  #   level: director
  #   roles: [budget-holder]
  #   stance: unknown         # champion | supporter | neutral | detractor | unknown
  #   influence: 3            # 1 .. 5
  #   reports_to: decision-maker
  #   topics: [cost, supply-security]

relationships:                # one per line: from KIND to
  # - {{from: jane, kind: defers-to, to: decision-maker, basis: expertise}}
  # - {{from: jane, kind: influences, to: decision-maker, strength: strong}}
  # - {{from: jane, kind: opposes, to: someone-else}}
  # - {{from: {owner}, kind: knows, to: jane, strength: good, last: {today}}}   # strong | good | weak | negative
  []

counterparts:                 # extra pairs of functions whose people should know each other
  - {{ours: sales, theirs: procurement}}
  # - {{ours: service, theirs: operations}}

actions:                      # the plan; activity: brainstorm | educate | share-momentum | social | meeting | other
  # - {{id: a1, owner: {owner}, with: [jane], activity: meeting, goal: Meet the buyer, due: {today}}}
  []
"""


def _slug(text: str) -> str:
    """A file name from an account name: 'Ünïcødé & Co' -> 'unicode-co' (letters without an ASCII form drop)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "account"


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are valid YAML escapes)."""
    import json

    return json.dumps(text, ensure_ascii=False)


app = command_app()


@app.command()
def init(
    name: Annotated[str, typer.Argument(help="The account's name (or a path ending .yaml/.yml).")],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Where to write (default: NAME as a slug + .yaml; - for stdout)."),
    ] = None,
    owner: Annotated[str, typer.Option(help="Your id: the account owner, first member of `team`.")] = "me",
    schema: Annotated[str, typer.Option(help="Schema URL or path for the yaml-language-server line.")] = (
        "relmap.schema.json"
    ),
    today: Annotated[str | None, typer.Option(help="Date to write as `reviewed` (YYYY-MM-DD).")] = None,
) -> None:
    """Write a new, valid, commented map to fill in. Never overwrites a file.

    Example: relmap init "Acme Chemicals" --owner kim
    """
    from ..format.model import ID_PATTERN
    from ..render.safe import clean_line

    if not name.strip():
        fail_usage("the account name must not be empty")
    if not re.match(ID_PATTERN, owner):
        fail_usage(f"--owner must be an id (letters, digits, '.', '_', '-'), not '{owner}'")
    if output is None and name.endswith((".yaml", ".yml")):
        output, name = name, Path(name).stem
    target = output_target(output) if output is not None else Path(f"{_slug(name)}.yaml")
    day = parse_today(today).isoformat()
    file_name = target.name if target is not None else "FILE"
    text = TEMPLATE.format(
        schema=schema.replace("\n", " "),
        name=_yaml_string(name),
        name_comment=clean_line(" ".join(name.split())),
        file_comment=file_name,
        owner=owner,
        owner_line=f"owner: {owner}".ljust(28),
        today=day,
    )
    write_output(target, text, new=True)
    if target is None:
        return
    note(f"wrote {target}: fill it in, then run 'relmap validate {target}'")
    if schema == "relmap.schema.json" and not (target.parent / schema).exists():
        note(f"for completion in your editor: relmap schema --output {target.parent / schema}")
