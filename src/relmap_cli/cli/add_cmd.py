"""`relmap add`: a new person, relationship or action, written in the style of its neighbours."""

from enum import StrEnum
from typing import Annotated, Any

import typer

from .common import command_app, fail_usage
from .editing import DryRunOption, run_edit

app = command_app()


class What(StrEnum):
    """What `relmap add` adds."""

    person = "person"
    relationship = "relationship"
    action = "action"


# option -> (field it sets, the kinds it applies to)
_OPTIONS: dict[str, tuple[str, tuple[What, ...]]] = {
    "name": ("name", (What.person,)),
    "title": ("title", (What.person,)),
    "function": ("function", (What.person,)),
    "level": ("level", (What.person,)),
    "roles": ("roles", (What.person,)),
    "stance": ("stance", (What.person,)),
    "influence": ("influence", (What.person,)),
    "reports_to": ("reports_to", (What.person,)),
    "email": ("email", (What.person,)),
    "strength": ("strength", (What.relationship,)),
    "basis": ("basis", (What.relationship,)),
    "last": ("last", (What.relationship,)),
    "note": ("note", (What.relationship,)),
    "owner": ("owner", (What.action,)),
    "with_": ("with", (What.action,)),
    "activity": ("activity", (What.action,)),
    "goal": ("goal", (What.action,)),
    "due": ("due", (What.action,)),
}


def _option(help_text: str, *names: str) -> Any:
    return typer.Option(*names, help=help_text, show_default=False)


@app.command()
def add(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The map file to add to.")],
    what: Annotated[What, typer.Argument(metavar="person|relationship|action", help="What to add.")],
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID | FROM KIND TO] [FIELD=VALUE]...",
            help="person: its id; relationship: FROM KIND TO (or FROM:KIND:TO); action: an id (default: the "
            "owner's next, kim-1, kim-2, ...); then any other fields as FIELD=VALUE.",
        ),
    ] = None,
    team: Annotated[bool, typer.Option("--team", help="person: one of ours (default: the client's).")] = False,
    name: Annotated[str | None, _option("person: full name.")] = None,
    title: Annotated[str | None, _option("person: job title.")] = None,
    function: Annotated[str | None, _option("person: function slug (procurement, r-and-d, ...).")] = None,
    level: Annotated[str | None, _option("person: executive, vp, director, manager or staff.")] = None,
    roles: Annotated[str | None, _option("person: roles, comma-separated (decision-maker, ...).")] = None,
    stance: Annotated[str | None, _option("person: champion, supporter, neutral, detractor or unknown.")] = None,
    influence: Annotated[str | None, _option("person: 1 to 5.")] = None,
    reports_to: Annotated[str | None, _option("person: the id they report to.", "--reports-to")] = None,
    email: Annotated[str | None, _option("person: e-mail address.")] = None,
    strength: Annotated[str | None, _option("relationship: strong, good, weak (knows: or negative).")] = None,
    basis: Annotated[str | None, _option("relationship: defers-to's basis (authority, expertise, ...).")] = None,
    last: Annotated[str | None, _option("relationship: knows' last interaction (YYYY-MM-DD).")] = None,
    note: Annotated[str | None, _option("relationship: what it (or its last interaction) is about.")] = None,
    owner: Annotated[str | None, _option("action: who of ours does it.")] = None,
    with_: Annotated[list[str] | None, _option("action: the client people it involves (repeat, or a,b).", "--with")] = None,
    activity: Annotated[str | None, _option("action: brainstorm, educate, share-momentum, social, meeting, other.")] = None,
    goal: Annotated[str | None, _option("action: what it should achieve.")] = None,
    due: Annotated[str | None, _option("action: when it is due (YYYY-MM-DD).")] = None,
    dry_run: DryRunOption = False,
) -> None:
    """Add a person, a relationship or an action; the new line copies its neighbours' style.

    Every field can be given as an option (the common ones) or as
    FIELD=VALUE. The edited map is validated before it is written: an
    unknown id, a duplicate or a value the format does not allow is refused
    with the reason. Exit 0 when written, 2 when refused.

    Example: relmap add acme.yaml person ines --name "Ines Berger" --title "Head of Sustainability" --level director
    """
    from ..edit import AddAction, AddPerson, AddRelationship, EditError
    from ..edit.address import parse_assignment
    from ..edit.values import parse_value
    from ..format.model import Action, ClientPerson, Relationship, TeamMember

    given = {
        "name": name, "title": title, "function": function, "level": level, "roles": roles, "stance": stance,
        "influence": influence, "reports_to": reports_to, "email": email, "strength": strength, "basis": basis,
        "last": last, "note": note, "owner": owner, "activity": activity, "goal": goal, "due": due,
        "with_": ",".join(with_) if with_ else None,
    }  # fmt: skip
    rest = list(args or [])
    if team and what is not What.person:
        fail_usage("--team applies to adding a person")
    record = {What.person: TeamMember if team else ClientPerson, What.relationship: Relationship}.get(what, Action)
    words = {What.person: "a person", What.relationship: "a relationship", What.action: "an action"}
    texts: dict[str, str] = {}
    try:
        if what is What.person:
            if not rest or "=" in rest[0]:
                fail_usage("add person needs the new person's id: relmap add FILE person ID ...")
            texts["id"] = rest.pop(0)
        elif what is What.relationship:
            head = rest[0].split(":") if rest and rest[0].count(":") == 2 else rest[:3]
            del rest[: 1 if rest and rest[0].count(":") == 2 else 3]
            if len(head) != 3 or any("=" in part for part in head):
                fail_usage("add relationship needs FROM KIND TO (or FROM:KIND:TO), e.g. kim knows maria")
            texts.update({"from": head[0], "kind": head[1], "to": head[2]})
        elif rest and "=" not in rest[0]:
            texts["id"] = rest.pop(0)
        for option, value in given.items():
            if value is None:
                continue
            key, kinds = _OPTIONS[option]
            if what not in kinds:
                fail_usage(f"--{option.rstrip('_').replace('_', '-')} does not apply to {words[what]}")
            texts[key] = value
        for text in rest:
            assignment = parse_assignment(text)
            if assignment.op != "=":
                fail_usage(f"{text}: a new entry takes FIELD=VALUE")
            if assignment.key in texts:
                fail_usage(f"{assignment.key} is given twice")
            texts[assignment.key] = assignment.text
        values = {key: parse_value(record, key, text, words[what]) for key, text in texts.items()}
    except EditError as error:
        fail_usage(str(error))
    if what is What.person:
        change: Any = AddPerson("team" if team else "client", values)
    elif what is What.relationship:
        change = AddRelationship(values)
    else:
        change = AddAction(values)
    run_edit(file, [change], dry_run=dry_run)
