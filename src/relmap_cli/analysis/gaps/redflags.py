"""Red flags: the political risks an account review (Blue Sheet, MEDDPICC) starts with.

From the coalition model and the sway graph: a detractor who sways an
economic buyer (a decision maker or budget holder), an economic buyer in
`hinders`, a champion or supporter pulled below zero, a pivot we do not
reach, a champion at odds with an economic buyer, and a key player or
champion leaving within the horizon. Each names the edges behind it and a
next step. Errors when an economic buyer is involved, else warnings.
Pure: no I/O.
"""

from __future__ import annotations

from ...format.model import ClientPerson
from ...graph import Contact
from ..words import join_names
from .advice import agenda, close_reached, counterparts_for, edge_words, pull_words
from .context import COACH_INFLUENCE, SUPPORTIVE, Context, economic_buyer, roles_text
from .departures import successor, unfilled
from .report import Finding


def buyer_words(person: ClientPerson) -> str:
    """`budget holder`, `decision maker and budget holder`."""
    return join_names([role.replace("-", " ") for role in person.roles if role in ("decision-maker", "budget-holder")])


def red_flags(ctx: Context) -> list[Finding]:
    """Every red flag of the account."""
    findings = []
    # the most influential buyers first: a detractor's meeting is proposed on the first flag that needs it
    for person in sorted(ctx.people, key=lambda p: (-p.influence, ctx.order[p.id])):
        if economic_buyer(person):
            findings += _buyer_at_risk(ctx, person)
            findings += _champion_at_odds(ctx, person)
        else:
            findings += _pivot_out_of_reach(ctx, person)
        findings += _supporter_at_risk(ctx, person)
    findings += _leaving_soon(ctx)
    return findings


def _meet_who(ctx: Context, person: ClientPerson) -> tuple[str, Contact | None]:
    """Who of ours should talk to someone: our best thread to them, else who the plan already sends.

    Without either: our weak contact, a counterpart, the account owner.
    """
    threads = ctx.threads_of(person.id)
    if threads:
        best = min(threads, key=lambda c: (c.strength != "strong", c.index))
        return best.ours, best
    planned = ctx.planned_meeting(person.id)
    if planned is not None:
        known = (c for c in ctx.graph.active_contacts_of(person.id) if c.ours == planned.owner)
        return planned.owner, next(known, None)
    contact = ctx.graph.best_contact(person.id)
    if contact is not None and contact.strength == "weak":
        return contact.ours, contact
    members = counterparts_for(ctx, person)
    if members:
        return members[0].id, None
    return ctx.graph.model.account.owner, None


def _our_case(ctx: Context, buyer: ClientPerson, against: set[str]) -> str | None:
    """How to make our case to an economic buyer: a supportive voice they listen to, or our own thread.

    None when we have neither: getting a thread to them is the advice of `uncovered`.
    """
    for other, sway, via in close_reached(ctx, buyer):
        if other in against or sway.follower != buyer.id:
            continue
        standing = ctx.standing(other)
        if ctx.graph.client[other].stance in SUPPORTIVE or (standing is not None and standing.bucket == "furthers"):
            known = f"{ctx.name(via.ours)} knows them, {via.strength}"
            return f"make our case to {buyer.label} through {ctx.name(other)} ({known})"
    threads = ctx.threads_of(buyer.id)
    if threads:
        best = min(threads, key=lambda c: (c.strength != "strong", c.index))
        return f"have {ctx.name(best.ours)} take our case to {buyer.label} first"
    return None


def _voices(ctx: Context, person: ClientPerson) -> str:
    """Who a person we do not reach listens to, and how to win them through the friendly ones."""
    leaders = sorted(ctx.graph.sway_in.get(person.id, []), key=lambda s: (-s.weight, ctx.order[s.leader]))
    voices = [f"{ctx.name(s.leader)} ({ctx.graph.client[s.leader].stance})" for s in leaders[:3]]
    for sway in leaders:
        leader = ctx.graph.client[sway.leader]
        contact = ctx.graph.reach(leader.id)
        if leader.stance in SUPPORTIVE and contact is not None:
            return (
                f"win {person.label} through those they listen to: {join_names(voices)}; start with "
                f"{leader.label}, whom {ctx.name(contact.ours)} knows ({contact.strength})"
            )
    if voices:
        return f"win {person.label}: they listen to {join_names(voices)}, and we reach none of them yet"
    ours, _ = _meet_who(ctx, person)
    ctx.propose(ours, person.id)
    when = ctx.at_planned(ours, person.id)
    return f"win {person.label}: {ctx.name(ours)} should meet them{when}{agenda(ctx, ours, person)}"


def _pivot_words(ctx: Context, person: ClientPerson) -> str | None:
    """`a pivot we do not reach (influence 5, 2 people defer to them)`, when the model says so."""
    standing = ctx.standing(person.id)
    if standing is None or not standing.pivot or ctx.graph.reach(person.id) is not None:
        return None
    why = []
    if person.influence >= 4:
        why.append(f"influence {person.influence}")
    if standing.followers >= 2:
        why.append(f"{standing.followers} people defer to them")
    return f"a pivot we do not reach ({join_names(why)}; swing at {standing.score:+.2f})"


def _buyer_at_risk(ctx: Context, buyer: ClientPerson) -> list[Finding]:
    """A detractor sways the economic buyer, the model puts them in hinders, or they are a pivot we do not reach."""
    detractors = [
        sway for sway in ctx.graph.sway_in.get(buyer.id, []) if ctx.graph.client[sway.leader].stance == "detractor"
    ]
    detractors.sort(key=lambda s: (-s.weight, -ctx.graph.client[s.leader].influence, ctx.order[s.leader]))
    standing = ctx.standing(buyer.id)
    hinders = standing is not None and standing.bucket == "hinders"
    pivot = _pivot_words(ctx, buyer)
    if not detractors and not hinders and pivot is None:
        return []
    if not detractors and pivot is None and buyer.stance == "detractor" and buyer.id in ctx.answered:
        return []  # the flag on the buyer they sway already names them and asks to answer them
    role = buyer_words(buyer)
    leaders = list(dict.fromkeys(s.leader for s in detractors))
    parts = []
    if detractors:
        names = join_names(
            [
                ctx.name(leader)
                + (f" ({buyer_words(ctx.graph.client[leader])})" if economic_buyer(ctx.graph.client[leader]) else "")
                for leader in leaders
            ]
        )
        parts.append(
            f"Detractor{'s' * (len(leaders) > 1)} {names} sway{'s' * (len(leaders) == 1)} {role} {buyer.label}: "
            + "; ".join(edge_words(ctx, s) for s in detractors)
        )
    if hinders and standing is not None:
        if buyer.stance == "detractor":
            parts.append(f"{role} {buyer.label} is a detractor")
        else:
            why = pull_words(ctx, buyer)
            parts.append(
                f"the coalition model puts {buyer.label if parts else role + ' ' + buyer.label} in hinders "
                f"({standing.score:+.2f})" + (f": {why}" if why and not detractors else "")
            )
    if pivot is not None:
        parts.append(f"{role} {buyer.label} is {pivot}" if not parts else f"{buyer.label} is {pivot}")
    steps = []
    for leader in leaders[:2]:
        if leader in ctx.answered:
            steps.append(f"answer {ctx.name(leader)}'s objection (see the flag on {ctx.name(ctx.answered[leader])})")
            continue
        ours, _ = _meet_who(ctx, ctx.graph.client[leader])
        ctx.propose(ours, leader)
        ctx.answered[leader] = buyer.id
        steps.append(
            f"have {ctx.name(ours)} meet {ctx.name(leader)} to hear and answer the objection"
            f"{agenda(ctx, ours, ctx.graph.client[leader])}"
        )
    if buyer.stance == "detractor" and buyer.id in ctx.answered:
        steps.append(f"answer their objection (see the flag on {ctx.name(ctx.answered[buyer.id])})")
    elif buyer.stance == "detractor":
        ours, _ = _meet_who(ctx, buyer)
        ctx.propose(ours, buyer.id)
        ctx.answered[buyer.id] = buyer.id
        steps.append(f"have {ctx.name(ours)} find out what drives {buyer.label}'s opposition and address it")
    case = _our_case(ctx, buyer, set(leaders))
    if case is not None:
        steps.append(case)
    elif pivot is not None:
        steps.append(_voices(ctx, buyer))
    elif not steps:
        steps.append(f"get a thread to {buyer.label} before the decision")
    # the risk is the detractor's pull: a plan addresses it when it engages them (or the buyer, if no one pulls)
    return [
        ctx.finding(
            "red-flag",
            "error",
            (buyer.id, *leaders),
            _sentence("; ".join(parts)),
            _sentence("; ".join(steps)),
            buyer.influence + 5,
            subjects=tuple(leaders) or (buyer.id,),
            every=True,
            about=("buyer", buyer.id),
        )
    ]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _champion_at_odds(ctx: Context, buyer: ClientPerson) -> list[Finding]:
    """Our champion and an economic buyer oppose each other."""
    findings = []
    for other in ctx.graph.opposes.get(buyer.id, []):
        champion = ctx.graph.client[other]
        if champion.stance != "champion":
            continue
        case = _our_case(ctx, buyer, {champion.id}) or f"get a thread to {buyer.label} of our own"
        findings.append(
            ctx.finding(
                "red-flag",
                "error",
                (buyer.id, champion.id),
                f"Our champion {champion.label} and {buyer_words(buyer)} {buyer.label} oppose each other",
                f"Do not let {champion.label} carry our case to {buyer.label}: {case}",
                buyer.influence + 4,
                subjects=(buyer.id,),
            )
        )
    return findings


def _supporter_at_risk(ctx: Context, person: ClientPerson) -> list[Finding]:
    """A champion or supporter whom the people around them pull below zero."""
    standing = ctx.standing(person.id)
    if person.stance not in SUPPORTIVE or standing is None or standing.score >= 0:
        return []
    pulls = [pull for pull in standing.pulled_by if pull.amount < 0]
    pullers = [pull.person for pull in pulls]
    ours, contact = _meet_who(ctx, person)
    ctx.propose(ours, person.id)
    when = "should meet them soon" if contact is not None else "should get to know them"
    # someone of ours pulls them down only through an antagonism: keep the two apart rather than "win back"
    rivals = [p.person for p in pulls if ctx.graph.client[p.person].stance in SUPPORTIVE]
    winners = [p for p in pullers if p not in rivals]
    names = join_names([ctx.name(p) for p in winners])
    against = f" before {names} win{'s' * (len(winners) == 1)} them over" if winners else ""
    apart = f", apart from {join_names([ctx.name(p) for p in rivals])}, whom they oppose" if rivals else ""
    return [
        ctx.finding(
            "red-flag",
            "error" if economic_buyer(person) else "warning",
            (person.id, *pullers),
            f"Our {person.stance} {person.label} is at risk: the coalition model pulls them to {standing.score:+.2f}"
            + (f" ({pull_words(ctx, person)})" if standing.pulled_by else ""),
            f"Shore up {person.label}{against}: {ctx.name(ours)} {when}{agenda(ctx, ours, person)}{apart}",
            person.influence + 3,
            subjects=(person.id,),
            about=("at-risk", person.id),
        )
    ]


def _pivot_out_of_reach(ctx: Context, person: ClientPerson) -> list[Finding]:
    """A swing person who can tip the decision, and none of ours reaches them."""
    pivot = _pivot_words(ctx, person)
    if pivot is None:
        return []
    return [
        ctx.finding(
            "red-flag",
            "warning",
            (person.id,),
            f"{person.label} ({roles_text(person)}) is {pivot}",
            f"Before the decision, {_voices(ctx, person)}",
            person.influence + 2,
            subjects=(person.id,),
            about=("pivot", person.id),
        )
    ]


def _leaving_soon(ctx: Context) -> list[Finding]:
    """A key player or champion whose `left` date falls within the horizon."""
    findings: list[Finding] = []
    if ctx.today is None:
        return findings
    for person in ctx.graph.client.values():
        champion = person.stance == "champion"
        if not ctx.graph.leaving(person) or not (champion or person.is_key_player) or person.left is None:
            continue
        days = (person.left - ctx.today).days
        if days > ctx.horizon:
            continue
        when = person.left.isoformat()
        heir = successor(ctx, person)
        others = [
            p for p in ctx.people if p.stance == "champion" and p.id != person.id and p.influence > COACH_INFLUENCE
        ]
        if heir is not None and not unfilled(ctx, heir):
            advice = f"Before {when}, ask {person.label} to introduce us to {ctx.name(heir)}, who takes over their work"
        else:
            advice = f"Before {when}, find out who takes over their work and meet them"
        if champion and not others:
            advice += "; start winning a new champion now"
        if champion:
            advice += f"; stay in touch with {person.label}: a lead at their next company"
        findings.append(
            ctx.finding(
                "red-flag",
                "error" if economic_buyer(person) else "warning",
                (person.id, *([heir] if heir else [])),
                f"{'Our champion' if champion else 'Key player'} {person.label} is leaving on {when} (in {days} days)",
                advice,
                person.influence + 1,
                subjects=(person.id, *([heir] if heir else [])),
                about=("leaving", person.id),
            )
        )
    return findings
