"""The pieces suggestions are made of: agendas, introductions, counterparts, takeovers.

Each function answers one question a KAM asks ("who could introduce us?",
"who takes this contact over?") with ids and words; the rules put them
into sentences. Pure: no I/O.
"""

from datetime import date

from ...format.model import ClientPerson, TeamMember
from ...graph import WEIGHTS, Contact, Sway
from ...tuples import NamedTuple
from ..counterparts import shared_topics
from ..words import join_names
from .context import Context


class Approach(NamedTuple):
    """How to get a first thread to someone: the sentence, who of ours it asks, and how."""

    text: str
    mode: str  # weak | intro | counterpart | owner | none
    ask: str | None = None  # the one of ours asked to act
    why: str = ""  # the counterpart reason, for merging like with like


def agenda(ctx: Context, ours: str, person: ClientPerson, first: str = "") -> str:
    """` (shared topics: a, b)`, ` (their topics: a, b)` or nothing; `first` goes in the same brackets."""
    shared = shared_topics(ctx.graph.team[ours], person)
    if shared:
        topics = f"shared topics: {', '.join(shared)}"
    elif person.topics:
        topics = f"their topics: {', '.join(person.topics)}"
    else:
        topics = ""
    inside = "; ".join(part for part in (first, topics) if part)
    return f" ({inside})" if inside else ""


def meeting(ctx: Context, ours: str, person: ClientPerson) -> str:
    """What the two should meet about: shared topics, their topics, or a first meeting."""
    shared = shared_topics(ctx.graph.team[ours], person)
    if shared:
        return f"a brainstorm on {join_names(shared)}"
    if person.topics:
        return f"a meeting on {join_names(list(person.topics))}, their topics"
    return "a first meeting to learn their priorities"


def counterparts_for(
    ctx: Context, person: ClientPerson, exclude: frozenset[str] | set[str] = frozenset()
) -> list[TeamMember]:
    """Our people who should know the person, topic sharers first, without anyone on bad terms with them."""
    hostile = ctx.hostile(person.id)
    return [m for m in ctx.rule.candidates(person) if m.id not in exclude and m.id not in hostile]


def topic_sharer(ctx: Context, person: ClientPerson, exclude: set[str]) -> TeamMember | None:
    """The colleague who shares most of the person's topics (none if nobody shares one)."""
    hostile = ctx.hostile(person.id)
    for member in ctx.sharers(frozenset(person.topics)):
        if member not in exclude and member not in hostile:
            return ctx.graph.team[member]
    return None


def edge_words(ctx: Context, sway: Sway) -> str:
    """A sway edge in the map's words: `Markus Feld reports to Dr. Helen Brandt (strong)`."""
    return sway.describe(ctx.name)


def _strength_rank(contact: Contact) -> tuple[float, int]:
    return (-WEIGHTS[contact.strength], -(contact.last or date.min).toordinal())


def reach_avoiding(ctx: Context, person_id: str, hostile: set[str]) -> Contact | None:
    """Our best thread to a current, non-detractor client person, from someone not in `hostile`."""
    person = ctx.graph.client[person_id]
    if person.placeholder or person.stance == "detractor" or ctx.graph.gone(person):
        return None
    threads = [c for c in ctx.threads_of(person_id) if c.ours not in hostile]
    return min(threads, key=lambda c: (*_strength_rank(c), c.ours)) if threads else None


def close_reached(ctx: Context, person: ClientPerson) -> list[tuple[str, Sway, Contact]]:
    """People close to the person whom we reach, best first: (their id, the edge, our contact).

    Close means, in this order: their direct reports, people who defer to
    them, people they listen to (defer to or are influenced by).
    """
    groups: list[list[tuple[str, Sway]]] = [[], [], []]
    for sway in ctx.graph.sway_out.get(person.id, []):
        if sway.kind == "reports-to":
            groups[0].append((sway.follower, sway))
        elif sway.kind == "defers-to":
            groups[1].append((sway.follower, sway))
    groups[2] = [(sway.leader, sway) for sway in ctx.graph.sway_in.get(person.id, [])]
    found: list[tuple[str, Sway, Contact]] = []
    seen: set[str] = set()
    hostile = ctx.hostile(person.id)  # nobody on bad terms with the person asks for the introduction
    for group in groups:
        reached = []
        for other, sway in group:
            contact = reach_avoiding(ctx, other, hostile)
            if contact is not None and other not in seen:
                reached.append((other, sway, contact))
        reached.sort(
            key=lambda item: (*_strength_rank(item[2]), -ctx.graph.client[item[0]].influence, ctx.order[item[0]])
        )
        for item in reached:
            seen.add(item[0])
            found.append(item)
    return found


def approach(ctx: Context, person: ClientPerson, contacts: list[Contact]) -> Approach:
    """A first thread to an uncovered person: build on a weak contact, an introduction, or a counterpart."""
    fits = {m.id for m in ctx.rule.candidates(person)}
    weak = [c for c in contacts if c.strength == "weak"]
    if weak:
        contact = min(weak, key=lambda c: (c.ours not in fits, -(c.last or date.min).toordinal(), c.index))
        when = f"last met {contact.last.isoformat()}" if contact.last else ""
        text = f"Have {ctx.name(contact.ours)} build on the weak contact{agenda(ctx, contact.ours, person, when)}"
        return Approach(text, "weak", contact.ours)
    close = close_reached(ctx, person)
    if close:
        other, sway, contact = close[0]
        text = (
            f"Have {ctx.name(contact.ours)} ask {ctx.name(other)} ({contact.strength} contact) for an introduction "
            f"to {person.label}: {edge_words(ctx, sway)}"
        )
        return Approach(text, "intro", contact.ours)
    members = counterparts_for(ctx, person, {c.ours for c in contacts})
    if members:
        member = members[0]
        why = ctx.rule.why(member, person)
        text = f"Introduce {member.name} ({why}) to {person.label}{agenda(ctx, member.id, person)}"
        return Approach(text, "counterpart", member.id, why)
    owner = ctx.graph.model.account.owner
    if ctx.graph.active(owner) and owner not in ctx.hostile(person.id):
        text = (
            f"Have {ctx.name(owner)} (account owner) meet {person.label}{agenda(ctx, owner, person)}: nobody of ours "
            "pairs with them by function or level, and we reach nobody close to them"
        )
        return Approach(text, "owner", owner, "account owner")
    return Approach(
        f"Find who on our side can meet {person.label}: nobody of ours pairs with them by function or level, "
        "and we reach nobody close to them",
        "none",
    )


def takeover(ctx: Context, person: ClientPerson, ours: str) -> list[tuple[str, str]]:
    """Who could take a bad contact over, in order, each colleague once: (team id, why them).

    One of ours who already has a thread to the person; one of the same
    function as the colleague on bad terms; one who reaches someone the
    person defers to or listens to; failing all three, a counterpart of the
    person. Never someone on bad terms with them.
    """
    hostile = ctx.hostile(person.id)
    chosen: dict[str, str] = {}
    for contact in sorted(ctx.threads_of(person.id), key=_strength_rank):
        if contact.ours not in hostile:
            chosen.setdefault(contact.ours, f"already knows {person.label}, {contact.strength}")
    function = ctx.graph.team[ours].function
    for member in ctx.by_function.get(function or "", ()):
        if member not in hostile and member not in chosen:
            chosen[member] = f"same function as {ctx.name(ours)}"
            break
    for sway in sorted(ctx.graph.sway_in.get(person.id, []), key=lambda s: (-s.weight, ctx.order[s.leader])):
        reached = ctx.graph.reach(sway.leader)
        if reached is None or reached.ours in hostile or reached.ours in chosen:
            continue
        relation = {"reports-to": "reports to", "defers-to": "defers to"}.get(sway.kind, "listens to")
        chosen[reached.ours] = f"already reaches {ctx.name(sway.leader)}, whom {person.label} {relation}"
        break
    if not chosen:
        # nobody of the three kinds: a counterpart of the person by the counterpart rule
        for candidate in counterparts_for(ctx, person, {ours}):
            chosen[candidate.id] = ctx.rule.why(candidate, person)
            break
    return list(chosen.items())


def mediator(ctx: Context, person: ClientPerson) -> tuple[str, Contact] | None:
    """Someone the person listens to whom any of ours reaches: who could set up a neutral meeting."""
    for sway in sorted(ctx.graph.sway_in.get(person.id, []), key=lambda s: (-s.weight, ctx.order[s.leader])):
        contact = ctx.graph.reach(sway.leader)
        if contact is not None:
            return sway.leader, contact
    return None


def pull_words(ctx: Context, person: ClientPerson) -> str:
    """The strongest pulls on a person, as `Markus Feld is influenced by Tomasz Wierzbicki`."""
    standing = ctx.standing(person.id)
    if standing is None:
        return ""
    return join_names([f"{person.label} {pull.relation} {ctx.name(pull.person)}" for pull in standing.pulled_by])
