"""The counterpart rule's findings: pairs that should know each other, and white space.

A client person whom the report already sends one of their counterparts
(to cover them, as a second thread, to spread a bow tie) gets no other
counterpart proposed; one whom it sends someone else is met by the pair at
that meeting. The pairs that ask the same one of ours to meet several
people are one finding, strongest first. Pure: no I/O.
"""

from __future__ import annotations

from itertools import islice

from ...format.model import ClientPerson, TeamMember
from ...graph import REACHING
from ..words import join_first, join_names
from .advice import agenda, meeting
from .context import Context
from .report import SEVERITY_ORDER, Finding

HIGH_LEVELS = frozenset({"executive", "vp", "director"})
NAMED_OTHERS = 3  # "also A, B, C and 12 others": the rest are counted, not listed


def _job(person: ClientPerson | TeamMember) -> str:
    return person.title or person.function or person.level or person.id


def missing_counterparts(ctx: Context) -> list[Finding]:
    """Our X should know their Y (the counterpart rule) and there is no `knows` between them."""
    pairs: list[tuple[TeamMember, ClientPerson, list[TeamMember], int, str]] = []
    for person in ctx.people:
        candidates, ids = ctx.rule.candidates(person), ctx.rule.candidate_ids(person)
        if not candidates:
            continue
        contacts = ctx.graph.active_contacts_of(person.id)
        known_by = {c.ours for c in contacts}
        if not ids.isdisjoint(ctx.proposed_to.get(person.id, ())):
            continue  # the report already sends one of their counterparts to them: one is enough to ask for
        count = len(ids - known_by)  # those of ours who should know them and do not
        if not count:
            continue
        # the first of them, and the next few to name beside (not all: a team can be hundreds strong)
        missing = list(islice((m for m in candidates if m.id not in known_by), NAMED_OTHERS + 2))
        member, others = missing[0], missing[1:] if count <= NAMED_OTHERS + 2 else missing[1 : NAMED_OTHERS + 1]
        # a pair still missing matters less once a counterpart of theirs already reaches them
        reaching = {c.ours for c in contacts if c.strength in REACHING}
        covered = not ids.isdisjoint(reaching)
        important = person.is_key_player or ctx.rule.why(member, person).startswith("exec")
        pairs.append((member, person, others, count - 1, "warning" if important and not covered else "info"))
    groups: dict[str, list[tuple[TeamMember, ClientPerson, list[TeamMember], int, str]]] = {}
    findings = []
    for pair in pairs:
        member, person = pair[0], pair[1]
        host = ctx.chosen.get(person.id)
        if host is not None and host != member.id:
            findings.append(_one(ctx, *pair, host=host))  # the report already sends someone else: join them
        elif ctx.merging and not ctx.is_planned((person.id,), member.id):
            groups.setdefault(member.id, []).append(pair)
        else:
            findings.append(_one(ctx, *pair))
    for group in groups.values():
        findings.append(_one(ctx, *group[0]) if len(group) == 1 else _several(ctx, group))
    return findings


def _one(
    ctx: Context,
    member: TeamMember,
    person: ClientPerson,
    others: list[TeamMember],
    count: int,
    severity: str,
    host: str | None = None,
) -> Finding:
    """One pair; with `host`, the colleague the report already sends to the person, whom the pair joins.

    `others`: the next of ours who should know the person too, as many as are named; `count`: all of them.
    """
    also = f"; also {join_first([m.name for m in others], most=NAMED_OTHERS, total=count)}" if others else ""
    if host is None:
        suggestion = f"Bring {member.name} and {person.label} together: {meeting(ctx, member.id, person)}"
    else:
        hosted = ctx.plan_for((person.id,), host)
        knows = any(c.ours == host for c in ctx.graph.active_contacts_of(person.id))
        kind, first = ("planned", hosted[0].id) if hosted else ("next" if knows else "first", "")
        where = f"{ctx.name(host)}'s {kind} meeting with {person.label}"
        suggestion = f"Bring {member.name} to {where}{agenda(ctx, member.id, person, first)}"
    return ctx.finding(
        "missing-counterpart",
        severity,
        (member.id, *(m.id for m in others), person.id),
        f"{member.name} ({_job(member)}) and {person.label} ({_job(person)}) should know each other "
        f"({ctx.rule.why(member, person)}) but do not{also}",
        suggestion,
        person.influence,
        subjects=(person.id,),
        actor=member.id,
        about=(member.id, person.id),
    )


def _several(ctx: Context, group: list[tuple[TeamMember, ClientPerson, list[TeamMember], int, str]]) -> Finding:
    member = group[0][0]
    group = sorted(group, key=lambda pair: (-pair[1].influence, ctx.order[pair[1].id]))
    reasons = {ctx.rule.why(member, person) for _, person, *_ in group}
    same = len(reasons) == 1
    people = join_names(
        [
            f"{person.label} ({_job(person)}{'' if same else ', ' + ctx.rule.why(member, person)})"
            for _, person, *_ in group
        ]
    )
    reason = f", {reasons.pop()}," if same else ""
    meetings = {meeting(ctx, member.id, person) for _, person, *_ in group}
    if len(meetings) == 1:
        agendas = f"{join_names([person.label for _, person, *_ in group])}: {meetings.pop()}"
    else:
        agendas = join_names([f"{person.label} ({meeting(ctx, member.id, person)})" for _, person, *_ in group])
    return Finding(
        "missing-counterpart",
        min((pair[4] for pair in group), key=SEVERITY_ORDER.__getitem__),
        (member.id, *(person.id for _, person, *_ in group)),
        f"{member.name} ({_job(member)}) should know {people}{reason} but does not",
        f"Bring {member.name} together with {agendas}",
        weight=group[0][1].influence,
    )


def white_space(ctx: Context) -> list[Finding]:
    """Client functions led at director level or above that nobody of ours pairs with."""
    found: dict[str, list[ClientPerson]] = {}
    for person in ctx.graph.active_client():
        if person.level in HIGH_LEVELS and person.function and not ctx.rule.candidates(person):
            found.setdefault(person.function, []).append(person)
    ours = {m.function for m in ctx.graph.active_team()}
    findings = []
    for function, people in found.items():
        paired = [function, *ctx.rule.pairs.get(function, ())]
        staffed = [f for f in paired if f in ours]
        names = join_names([p.label for p in people])
        if staffed:
            detail = f"our {join_names(staffed)} people are more than one level away"
            remedy = f"someone in {join_names(staffed)} at a similar level"
        else:
            detail = f"we have no {' or '.join(paired)} people"
            remedy = f"someone in {' or '.join(paired)} at a similar level"
            if len(paired) == 1:
                remedy += f", or add a counterparts pair mapping one of our functions to {function}"
        findings.append(
            Finding(
                "no-counterpart",
                "warning",
                tuple(p.id for p in people),
                f"Nobody on our side pairs with their {function} leadership ({names}): {detail}",
                f"Name a counterpart for {names}: {remedy}",
                weight=max(p.influence for p in people),
            )
        )
    return findings
