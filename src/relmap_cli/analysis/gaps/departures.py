"""People who left but still count in the map, and departures announced beyond the horizon.

With a `successor` the advice names them; without one it says to find out
who took over. A champion who left is a lead at their new company.
Departures within the horizon are red flags (see `redflags`). Pure: no I/O.
"""

from __future__ import annotations

from datetime import date

from ...format.model import ClientPerson, Person
from ..words import join_first, join_names, plural
from .context import Context
from .report import Finding


def _day(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def successor(ctx: Context, person: Person) -> str | None:
    """Who took over from someone who left, if the map says and they are still here."""
    if person.successor is None or not ctx.graph.active(person.successor):
        return None
    return person.successor


def unfilled(ctx: Context, heir: str) -> bool:
    """True when the successor is a position whose holder we have not identified."""
    person = ctx.graph.client.get(heir)
    return person is not None and person.placeholder


def departed(ctx: Context) -> list[Finding]:
    """Client people, our owner, action owners and colleagues who left (or are leaving) but still count."""
    findings = []
    gone = [p for p in ctx.graph.client.values() if ctx.graph.gone(p)]
    linked = _links_to(ctx, {p.id for p in gone})
    for person in gone:
        links = linked.get(person.id, [])
        if person.stance == "champion":
            # one finding for the champion and the lines still tied to them (`diff` keeps the two apart)
            findings.append(_champion_left(ctx, person, links if ctx.merging else []))
            if ctx.merging:
                continue
        if links:
            findings.append(_still_linked(ctx, person, links))
    findings += _team(ctx)
    for person in ctx.graph.client.values():
        if not ctx.graph.leaving(person) or not (person.stance == "champion" or person.is_key_player):
            continue
        if ctx.today is None or person.left is None or (person.left - ctx.today).days > ctx.horizon:
            findings.append(_leaving_later(ctx, person))
    return findings


def _first_labels(people: list[ClientPerson]) -> str:
    """The first three people's names and how many more, or all four (see `join_first`)."""
    return join_first([p.label for p in people[:4]], 3, len(people))


def _champion_left(ctx: Context, person: ClientPerson, links: list[tuple[str, str]]) -> Finding:
    """A champion who left: a lead elsewhere, who took over, and the lines still tied to them (`links`)."""
    others, coaches = ctx.champions, ctx.coaches  # a coach is no champion (see missing-role)
    heir = successor(ctx, person)
    parts = [f"Follow {person.label} to their new company as a lead"]
    move = "move these relationships to them or remove them from the map" if links else ""
    if heir is not None and unfilled(ctx, heir):
        found = f"find out who holds {ctx.name(heir)}, the position that took over their work, and meet them"
        parts.append(f"{found}, then {move}" if move else found)
    elif heir is not None:
        parts.append(f"{ctx.name(heir)} took over their work: {_win(ctx, heir)}")
        if move:
            parts.append(move.replace("to them", f"to {ctx.name(heir)}"))
    else:
        parts.append(f"find out who took over their work, then {move}" if move else "find out who took over their work")
    if not others:
        parts.append("find a new champion")
    parts.append(f"then set {person.label}'s stance to neutral, so the map stops counting them")
    remaining = ""
    if others:
        remaining = f"; {_first_labels(others)} still champion{'s' * (len(others) == 1)} us"
    elif coaches:
        kind = "remains, a coach" if len(coaches) == 1 else "remain, coaches"
        remaining = f"; only {_first_labels(coaches)} {kind}"
    tied = f"; {_tied(links)}" if links else ""
    return ctx.finding(
        "departed",
        "warning" if others else "error",
        tuple(dict.fromkeys([person.id, *([heir] if heir else []), *(other for other, _ in links)])),
        f"Our champion {person.label} left on {_day(person.left)}{remaining}{tied}",
        "; ".join(parts),
        person.influence + 10,
        subjects=(heir,) if heir else (),
        about=("champion-left", person.id),
    )


def _win(ctx: Context, heir: str) -> str:
    """How to win the successor, in a few words."""
    person = ctx.graph.client.get(heir)
    if person is None:
        return f"hand {ctx.name(heir)} the relationship"
    if person.stance == "champion":
        return "they already champion us"
    contact = ctx.graph.best_contact(heir)
    known = f", {ctx.name(contact.ours)}'s contact is {contact.strength}" if contact else ", none of ours knows them"
    return f"win them over ({person.stance} today{known})"


def _links_to(ctx: Context, gone: set[str]) -> dict[str, list[tuple[str, str]]]:
    """Lines that still tie someone who left to people still here: (other person, words)."""
    verbs = {
        "defers-to": ("defer to", "defers to"),
        "influences": ("influence", "influences"),
        "opposes": ("oppose", "opposes"),
    }
    linked: dict[str, list[tuple[str, str]]] = {}
    knowing: dict[str, list[str]] = {}
    for contacts in ctx.graph.contacts_by.values():
        for contact in contacts:
            if contact.theirs in gone and ctx.graph.active(contact.ours):
                knowing.setdefault(contact.theirs, []).append(contact.ours)
    for theirs, ours in knowing.items():
        verb = "knows" if len(ours) == 1 else "know"
        words = f"{join_names([ctx.name(o) for o in ours])} still {verb} them"
        linked.setdefault(theirs, []).extend((o, words) for o in ours)
    for person in ctx.graph.active_client():
        if person.reports_to in gone:
            linked.setdefault(person.reports_to, []).append((person.id, f"{person.label} still reports to them"))
    for rel in ctx.graph.model.relationships:
        if rel.kind not in verbs:
            continue
        plural, singular = verbs[rel.kind]
        if rel.source in gone and rel.target not in gone and ctx.graph.active(rel.target):
            linked.setdefault(rel.source, []).append((rel.target, f"they still {plural} {ctx.name(rel.target)}"))
        elif rel.target in gone and rel.source not in gone and ctx.graph.active(rel.source):
            linked.setdefault(rel.target, []).append((rel.source, f"{ctx.name(rel.source)} still {singular} them"))
    return linked


TIED_SHOWN = 8  # lines of someone who left, in words; the rest are counted (a hub can have thousands)


def _tied(links: list[tuple[str, str]]) -> str:
    """The lines still tied to someone who left, in words; `they still influence A and B` once per verb."""
    objects: dict[str, list[str]] = {}
    for _, words in links:
        if words.startswith("they still "):
            verb, _, other = words.removeprefix("they still ").partition(" ")
            objects.setdefault(f"they still {verb}", []).append(other)
        else:
            objects.setdefault(words, [])
    clauses = [(f"{words} {join_first(list(dict.fromkeys(others)))}", len(others)) if others else (words, 1)
               for words, others in objects.items()]  # fmt: skip
    shown = "; ".join(text for text, _ in clauses[:TIED_SHOWN])
    rest = sum(count for _, count in clauses[TIED_SHOWN:])
    return shown + (f"; and {plural(rest, 'more line')} to them" if rest else "")


def _still_linked(ctx: Context, person: ClientPerson, links: list[tuple[str, str]]) -> Finding:
    heir = successor(ctx, person)
    if heir is not None and unfilled(ctx, heir):
        advice = (
            f"Find out who holds {ctx.name(heir)}, the position that took over their work, then move these "
            "relationships to them or remove them from the map"
        )
    elif heir is not None:
        advice = f"Move these relationships to {ctx.name(heir)}, who took over their work, or remove them from the map"
    else:
        advice = "Find out who took over their work, then move these relationships to them or remove them from the map"
    return Finding(
        "departed",
        "warning",
        tuple(dict.fromkeys([person.id, *(other for other, _ in links)])),
        f"{person.label} left on {_day(person.left)} but {_tied(links)}",
        advice,
        weight=person.influence,
        about=("links", person.id),
    )


def _team(ctx: Context) -> list[Finding]:
    """Our owner, action owners and colleagues who left or are leaving."""
    findings = []
    owner = ctx.graph.model.account.owner
    member = ctx.graph.team[owner]
    if member.left is not None:
        gone = ctx.graph.gone(member)
        heir = successor(ctx, member)
        findings.append(
            Finding(
                "departed",
                "error" if gone else "warning",
                (owner, *([heir] if heir else [])),
                f"The account owner {member.name} {'left' if gone else 'is leaving'} on {_day(member.left)}",
                f"Make {ctx.name(heir)} the owner in account.owner and hand over the contacts"
                if heir
                else "Name a new owner in account.owner and hand over their contacts",
                weight=20,
                about=("owner", owner),
            )
        )
    for action in ctx.graph.model.actions:
        member = ctx.graph.team[action.owner]
        if action.status == "open" and ctx.graph.gone(member) and action.owner != owner:
            heir = successor(ctx, member)
            findings.append(
                Finding(
                    "departed",
                    "warning",
                    (action.owner, *([heir] if heir else [])),
                    f"Action {action.id} ({action.goal}) is owned by {member.name}, who left on {_day(member.left)}",
                    f"Give action {action.id} to {ctx.name(heir)}, who took over their work"
                    if heir
                    else f"Give action {action.id} a new owner",
                    about=("action", action.id),
                )
            )
    for member in ctx.graph.team.values():
        if member.left is None or member.id == owner:
            continue
        links = [c.theirs for c in ctx.graph.contacts_by.get(member.id, []) if ctx.graph.active(c.theirs)]
        if not links:
            continue
        gone = ctx.graph.gone(member)
        heir = successor(ctx, member)
        to = f"{ctx.name(heir)}, who took over their work," if heir else "a colleague"
        findings.append(
            Finding(
                "departed",
                "warning",
                (member.id, *links, *([heir] if heir else [])),
                f"{member.name} {'left' if gone else 'is leaving'} on {_day(member.left)} but still holds the contacts "
                f"with {join_names([ctx.name(t) for t in links])}",
                f"{'Hand' if gone else 'Before then, hand'} these contacts to {to} and record the new relationships",
                about=("contacts", member.id),
            )
        )
    return findings


def _leaving_later(ctx: Context, person: ClientPerson) -> Finding:
    """An announced departure beyond the red-flag horizon: time to prepare."""
    champion = person.stance == "champion"
    heir = successor(ctx, person)
    when = _day(person.left)
    advice = (
        f"Before {when}, get to know {ctx.name(heir)}, who takes over their work"
        if heir and not unfilled(ctx, heir)
        else f"Before {when}, find out who takes over their work and meet them"
    )
    return ctx.finding(
        "departed",
        "info",
        (person.id, *([heir] if heir else [])),
        f"{'Our champion' if champion else 'Key player'} {person.label} is leaving on {when}",
        advice,
        person.influence,
        subjects=(person.id, *([heir] if heir else [])),
        about=("leaving", person.id),
    )
