"""`relmap init`: a new, valid, commented map to fill in; never overwrites.

Everything the user passes ends up as data or refused: the account name as
a quoted YAML string with every unprintable character escaped, file names
and schema locations in comments only as one line of printable text.
"""

import re
from pathlib import Path
from typing import Annotated

import typer

from .common import command_app, fail_usage, note, output_target, parse_today, write_output

SCHEMA_FILE = "relmap.schema.json"

# Lines that start `# -` or `#   key:` are examples: removing the `# ` keeps the
# file valid YAML, so no section may end in a value that an example would follow.
TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Relationship map for {name_comment}.
# Fill it in, then run: relmap validate {file_comment} && relmap gaps {file_comment}
# Lines starting "# -" or "#   key:" are examples: delete the "# " to use one.
relmap: 1
account:
  name: {name}
  {owner_line}# our key account manager: an id from `team` below
  vision: Where we want this account to be in three years
  tier: 2                     # 1 strategic .. 3; sets the default review cadence (30d, 90d, 180d)
  reviewed: {today}        # date of the last full review of this map
  review_every: 90d           # Nd | Nw | Nm | Ny
  intent: medium              # our strategic intent: low | medium | high
  # client_intent: medium     # how much the client wants a deeper relationship: low | medium | high
  # target_model: diamond     # the model we work towards: bow-tie | one-on-many | cotton-reel | diamond

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
  #   cares_about: [first-win]  # ids from `interests` above that matter to them
  #   left: {today}        # once they leave the company: the day they left ...
  #   successor: decision-maker  # ... and who took over their work

relationships:                # from KIND to: defers-to, influences, opposes (theirs), knows (ours to theirs)
  # - {{from: jane, kind: defers-to, to: decision-maker, basis: expertise}}
  # - {{from: jane, kind: influences, to: decision-maker, strength: strong}}  # strong | good | weak
  # - {{from: {owner}, kind: knows, to: jane, strength: good, last: {today}, note: First call}}  # or negative

counterparts:                 # pairs of functions whose people should know each other, besides the same
  # - {{ours: r-and-d, theirs: sustainability}}   # function and the defaults (sales-procurement, service-operations)
# counterparts_default: false # no default pairs

actions:                      # the plan; activity: brainstorm | educate | share-momentum | social | meeting | other
  # - {{id: a1, owner: {owner}, with: [jane], activity: meeting, goal: Meet the buyer, due: {today}}}
  # - {{id: a0, owner: {owner}, with: [jane], activity: social, goal: Coffee at the fair, status: done, done: {today}}}
"""

# What YAML allows in a file (its printable set); everything else is escaped or refused.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What starts a new line for YAML or for some viewer: never inside a comment.
_LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")


def _slug(text: str) -> str:
    """A file name from an account name: 'Ünïcødé & Co' -> 'unicode-co' (letters without an ASCII form drop)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "account"


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `text` (YAML escapes, not JSON's)."""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(f"{_UNPRINTABLE.pattern}|{_LINE_BREAKS.pattern}|\t", lambda m: _escape(m.group()), body) + '"'


def _comment_text(text: str) -> str:
    """Text for a comment: one line of printable characters, control characters shown escaped."""
    from ..render.safe import clean_line

    return _UNPRINTABLE.sub(lambda match: _escape(match.group()), clean_line(text))


def _not_utf8(text: str) -> str | None:
    """Why `text` (an argument, decoded with surrogate escapes) is not UTF-8, or None if it is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        byte = ord(text[error.start]) & 0xFF
        return f"byte 0x{byte:02X} at position {error.start + 1} is not UTF-8; pass it as UTF-8 text"
    return None


def _schema_line(target: Path | None) -> tuple[str, Path | None]:
    """What the first line points at, and the schema file to write beside the map (None: none needed).

    An existing `relmap.schema.json` beside the map or in a folder above it
    (up to the repository's top) is used; otherwise one is written beside
    the map, so an editor completes the new map at once, offline. A map
    printed to stdout points at the schema published for this release.
    """
    from ..format.schema import schema_url

    if target is None:
        return schema_url(), None
    start = target.parent.absolute()
    folders = [start, *start.parents]
    top = next((index for index, folder in enumerate(folders) if (folder / ".git").exists()), 0)
    for folder in folders[: top + 1]:
        if (folder / SCHEMA_FILE).is_file():
            return Path(*[".."] * folders.index(folder), SCHEMA_FILE).as_posix(), None
    return SCHEMA_FILE, target.parent / SCHEMA_FILE


app = command_app()


@app.command()
def init(
    name: Annotated[str, typer.Argument(help="The account's name (or a path ending .yaml/.yml).")],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Where to write (default: NAME as a slug + .yaml; - for stdout)."),
    ] = None,
    owner: Annotated[str, typer.Option(help="Your id: the account owner, first member of `team`.")] = "me",
    schema: Annotated[
        str | None,
        typer.Option(
            help="Schema URL or path for the first line (default: a relmap.schema.json beside the map "
            "or above it, else one written beside it).",
        ),
    ] = None,
    today: Annotated[str | None, typer.Option(help="Date to write as `reviewed` (YYYY-MM-DD).")] = None,
) -> None:
    """Write a new, valid, commented map to fill in. Never overwrites a file.

    The map's first line points editors at the JSON Schema, so they complete
    keys and values at once; without a relmap.schema.json beside the map or
    in a folder above it, one is written beside the map.

    Example: relmap init "Acme Chemicals" --owner kim
    """
    from ..format.model import ID_PATTERN

    for what, value in (("the account name", name), ("--owner", owner), ("--schema", schema or "")):
        problem = _not_utf8(value)
        if problem:
            fail_usage(f"{what}: {problem}")
    if not name.strip():
        fail_usage("the account name must not be empty")
    if not re.fullmatch(ID_PATTERN, owner):
        fail_usage(f"--owner must be an id (letters, digits, '.', '_', '-'), not '{_comment_text(owner)}'")
    if schema is not None and (not schema.strip() or _comment_text(schema) != schema):
        fail_usage(f"--schema must be one line of printable text (a URL or a path), not '{_comment_text(schema)}'")
    if output is None and name.endswith((".yaml", ".yml")):
        output, name = name, Path(name).stem
    target = output_target(output) if output is not None else Path(f"{_slug(name)}.yaml")
    schema_file = None
    if schema is None:
        schema, schema_file = _schema_line(target)
    file_name = _comment_text(target.name) if target is not None else "FILE"
    text = TEMPLATE.format(
        schema=schema,
        name=_yaml_string(name),
        name_comment=_comment_text(" ".join(name.split())),
        file_comment=file_name,
        owner=owner,
        owner_line=f"owner: {owner}".ljust(28),
        today=parse_today(today).isoformat(),
    )
    write_output(target, text, new=True)
    if target is None:
        return
    note(f"wrote {target}: fill it in, then run 'relmap validate {target}'")
    if schema_file is not None:
        from ..files.save import WriteError, write_new
        from ..format.schema import schema_text

        try:
            write_new(schema_file, schema_text())
        except WriteError as error:  # the map is written; the schema is a convenience
            note(f"relmap: warning: {error}; for completion in your editor: relmap schema --output {schema_file}")
        else:
            note(f"wrote {schema_file}: the schema its first line names, for completion in your editor")
