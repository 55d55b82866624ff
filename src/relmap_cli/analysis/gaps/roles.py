"""Roles and stances: no decision maker, budget holder or champion; a coach; unknown stances; placeholders.

Unknown stances matter for key players and for anyone the coalition model
pulls into `hinders` or flags as a pivot. Pure: no I/O.
"""

from __future__ import annotations

from ...format.model import ClientPerson
from ..words import join_first, join_names
from .advice import close_reached, edge_words, pull_words
from .context import COACH_INFLUENCE, DECIDING, Context, roles_text
from .report import Finding


def missing_roles(ctx: Context) -> list[Finding]:
    """No decision maker, no budget holder, no champion; a champion too weak to carry a decision."""
    findings = []
    placeholders = [p for p in ctx.graph.active_client() if p.placeholder]
    # the missing roles, grouped by the unfilled position that holds them (None: no position known)
    missing: dict[str | None, list[str]] = {}
    for role in ("decision-maker", "budget-holder"):
        if not any(role in p.roles for p in ctx.people):
            position = next((p.id for p in placeholders if role in p.roles), None)
            missing.setdefault(position, []).append(role)
    for position, roles in missing.items():
        words = " or ".join(role.replace("-", " ") for role in roles)
        severity = "error" if "decision-maker" in roles else "warning"
        if position is not None:
            label = ctx.name(position)
            findings.append(
                ctx.finding(
                    "missing-role",
                    severity,
                    (position,),
                    f"No identified {words}; the position {label} is still a placeholder",
                    f"Find out who holds {label}",
                    30,
                    subjects=(position,),
                )
            )
            continue
        marks = " and ".join(roles)
        findings.append(
            Finding(
                "missing-role",
                severity,
                (),
                f"No identified {words}",
                f"Ask your best contact who signs off: mark that person's roles with {marks}",
                weight=30,
            )
        )
    champions = [p for p in ctx.people if p.stance == "champion"]
    if not champions:
        supporters = sorted(
            (p for p in ctx.people if p.stance == "supporter"), key=lambda p: (-p.influence, ctx.order[p.id])
        )
        if supporters:
            best = supporters[0]
            suggestion = f"Grow {best.label} (supporter, influence {best.influence}) into a champion"
        else:
            suggestion = "Find someone who will actively advocate for us"
        subjects = (supporters[0].id,) if supporters else ()
        findings.append(
            ctx.finding(
                "missing-role",
                "warning",
                subjects,
                "No champion: nobody actively advocates for us",
                suggestion,
                20,
                subjects=subjects,
                about=("no-champion",),
            )
        )
    # the same for every coach: ordered once, not once per coach
    strong = sorted(
        (c for c in champions if c.influence > COACH_INFLUENCE), key=lambda c: (-c.influence, ctx.order[c.id])
    )
    by_influence = sorted(
        (p for p in ctx.people if p.stance == "supporter"), key=lambda p: (-p.influence, ctx.order[p.id])
    )
    coaches = [coach for coach in champions if coach.influence <= COACH_INFLUENCE]
    names = join_first([f"{c.label} (influence {c.influence})" for c in strong]) if coaches else ""
    for coach in coaches:
        findings.append(_coach(ctx, coach, (strong, names), by_influence))
    return findings


def _coach(
    ctx: Context,
    coach: ClientPerson,
    champions: tuple[list[ClientPerson], str],
    by_influence: list[ClientPerson],
) -> Finding:
    """A champion with influence 2 or less: who they could help us win, or the champions we already have.

    `champions`: those of influence 3 or more, strongest first, and their names as one text;
    `by_influence`: the supporters, most influential first.
    """
    strong, names = champions
    message = f"{coach.label} is a coach, not a champion: influence {coach.influence} is too low to carry a decision"
    swayed = [
        sway
        for sway in ctx.graph.sway_out.get(coach.id, [])
        if ctx.graph.client[sway.follower].influence > coach.influence
        and ctx.graph.client[sway.follower].stance != "champion"
        and not ctx.graph.client[sway.follower].placeholder
    ]
    if swayed:
        sway = min(swayed, key=lambda s: (-ctx.graph.client[s.follower].influence, -s.weight, ctx.order[s.follower]))
        target = ctx.graph.client[sway.follower]
        return ctx.finding(
            "missing-role",
            "warning",
            (coach.id, target.id),
            message,
            f"Ask {coach.label} to help win {target.label} (influence {target.influence}), who could champion us: "
            f"{edge_words(ctx, sway)}",
            10,
            subjects=(target.id,),
            about=("coach", coach.id),
        )
    if strong:
        verb = "champions" if len(strong) == 1 else "champion"
        return Finding(
            "missing-role",
            "info",
            (coach.id,),
            message,
            f"Use {coach.label} as a guide to their part of the organisation: {names} already {verb} us",
            weight=10,
            about=("coach", coach.id),
        )
    if by_influence and by_influence[0].influence > coach.influence:
        best = by_influence[0]
        return ctx.finding(
            "missing-role",
            "warning",
            (coach.id, best.id),
            message,
            f"Use {coach.label} as a guide, and grow {best.label} (supporter, influence {best.influence}) into a "
            "champion who can carry the decision",
            10,
            subjects=(best.id,),
            about=("coach", coach.id),
        )
    return Finding(
        "missing-role",
        "warning",
        (coach.id,),
        message,
        f"Use {coach.label} as a guide and look for a champion with more influence",
        weight=10,
        about=("coach", coach.id),
    )


def unknown_stances(ctx: Context) -> list[Finding]:
    """People whose stance is unknown although it matters: key players, people in hinders, pivots."""
    findings = []
    for person in ctx.people:
        if person.stance != "unknown":
            continue
        standing = ctx.standing(person.id)
        hinders = standing is not None and standing.bucket == "hinders"
        pivot = standing is not None and standing.pivot
        if not (person.is_key_player or hinders or pivot):
            continue
        reasons = []
        if person.is_key_player:
            reasons.append("a key player")
        if hinders and standing is not None:
            pulls = pull_words(ctx, person)
            reasons.append(f"pulled into hinders ({standing.score:+.2f}{': ' + pulls if pulls else ''})")
        if pivot:
            reasons.append("a pivot who can swing the decision")
        suggestion, actor = _stance_suggestion(ctx, person)
        findings.append(
            ctx.finding(
                "unknown-stance",
                "warning",
                (person.id,),
                f"{person.label} ({roles_text(person)}) is a key player whose stance is unknown"
                if reasons == ["a key player"]
                else f"{person.label} ({roles_text(person)}) is {join_names(reasons)}, and their stance is unknown",
                suggestion,
                person.influence + (1 if hinders or pivot else 0),
                subjects=(person.id,),
                actor=actor,
            )
        )
    return findings


def _stance_suggestion(ctx: Context, person: ClientPerson) -> tuple[str, str | None]:
    """How to find out where someone stands, and the one of ours it asks (None: anyone).

    Ask the colleague who knows them; else have someone we reach close to
    them tell us; else the meeting the report already proposes. A colleague
    asked who has no meeting with them planned gives way to one who has.
    """
    contact = ctx.graph.best_contact(person.id)
    close = close_reached(ctx, person)
    proposed = min(ctx.proposed_to.get(person.id, ()), key=ctx.rule.order.__getitem__, default=None)  # file order
    if contact is not None and contact.strength != "negative":
        ask: str | None = contact.ours
        text = f"Ask {ctx.name(contact.ours)} where {person.label} stands and record it"
    elif close:
        other, _, via = close[0]
        ask = via.ours
        text = f"Have {ctx.name(via.ours)} ask {ctx.name(other)} how {person.label} sees us, and record it"
    elif proposed is not None:
        ask = proposed
        text = f"Have {ctx.name(proposed)} find out where {person.label} stands at the first meeting, and record it"
    else:
        ask, text = None, f"Find out where {person.label} stands before the decision is made"
    own = ctx.plan_for((person.id,), ask) if ask is not None else []
    if own and text.endswith("at the first meeting, and record it"):
        text = text.replace("at the first meeting", f"at the planned meeting ({own[0].id})")
    planned = ctx.planned_meeting(person.id, ask)
    if planned is not None:
        owner, meeting = ctx.name(planned.owner), f"the planned meeting ({planned.id})"
        return f"Have {owner} find out where {person.label} stands at {meeting}, and record it", planned.owner
    return text, ask


def placeholders(ctx: Context) -> list[Finding]:
    """Positions we know exist but whose holder we have not identified, one finding per person to ask."""
    groups: dict[str | None, list[ClientPerson]] = {}
    for person in ctx.graph.active_client():
        if person.placeholder:
            boss = person.reports_to if person.reports_to and ctx.graph.active(person.reports_to) else None
            groups.setdefault(boss if ctx.merging else person.id, []).append(person)
    findings = []
    for people in groups.values():
        boss = people[0].reports_to if people[0].reports_to and ctx.graph.active(people[0].reports_to) else None
        key = any(DECIDING.intersection(p.roles) or "gatekeeper" in p.roles for p in people)
        hint = (
            f"Ask {ctx.name(boss)}'s office or our best contact who holds the role"
            if boss
            else "Ask your main contact for the org chart and who holds the role"
        )
        if len(people) == 1:
            message = f"{people[0].label} is a position we know exists but have not identified"
        else:
            message = f"{join_names([p.label for p in people])} are positions we know exist but have not identified"
            hint = hint.replace("the role", "each role")
        ids = tuple(p.id for p in people)
        findings.append(
            ctx.finding(
                "placeholder",
                "warning" if key else "info",
                ids,
                message,
                hint,
                max(p.influence for p in people),
                subjects=ids,
            )
        )
    return findings
