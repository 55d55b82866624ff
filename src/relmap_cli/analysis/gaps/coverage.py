"""Who knows whom: uncovered key players, single threads, the bow tie, negative contacts.

Findings that ask the same one of ours to meet several people become one
finding naming them all, strongest first (planned findings stay apart: the
plan already speaks for them). Pure: no I/O.
"""

from collections.abc import Callable

from ...format.model import ClientPerson
from ...graph import Contact
from ...tuples import NamedTuple
from ..words import join_names
from .advice import Approach, agenda, approach, counterparts_for, mediator, takeover, topic_sharer
from .context import Context, economic_buyer, roles_text
from .engagement import Shape, is_thread, live_contacts
from .report import SEVERITY_ORDER, Finding


class Draft(NamedTuple):
    """A finding about one client person, before findings that ask the same colleague are merged."""

    person: ClientPerson
    severity: str
    ask: str | None  # the one of ours the suggestion asks to act
    group: str | None  # drafts with the same group and ask merge; None never merges
    message: str
    suggestion: str
    fragment: str  # what the merged suggestion says about this person
    holder: str | None = None  # single-threaded: the one thread's holder


def merge(
    ctx: Context, kind: str, drafts: list[Draft], combine: Callable[[list[Draft]], tuple[str, str]]
) -> list[Finding]:
    """One finding per draft, except that unplanned drafts asking the same colleague the same way merge."""
    groups: dict[tuple[str, str], list[Draft]] = {}
    singles: list[Draft] = []
    for draft in drafts:
        if not ctx.merging or draft.group is None or draft.ask is None or ctx.is_planned(*_plan_key(kind, draft)):
            singles.append(draft)
        else:
            groups.setdefault((draft.group, draft.ask), []).append(draft)
    findings = [_single(ctx, kind, draft) for draft in singles]
    for (_, ask), members in groups.items():
        if len(members) == 1:
            findings.append(_single(ctx, kind, members[0]))
            continue
        members.sort(key=lambda d: (-d.person.influence, ctx.order[d.person.id]))
        message, suggestion = combine(members)
        severity = min((d.severity for d in members), key=SEVERITY_ORDER.__getitem__)
        holders = [d.holder for d in members if d.holder]
        people = tuple(dict.fromkeys([*(d.person.id for d in members), *holders, ask]))
        findings.append(Finding(kind, severity, people, message, suggestion, weight=members[0].person.influence))
    return findings


def _plan_key(kind: str, draft: Draft) -> tuple[tuple[str, ...], str | None, str | None]:
    """(subjects, actor, not_by): only the colleague a finding asks to act plans it; never the holder's meeting."""
    return (draft.person.id,), draft.ask, draft.holder


def _single(ctx: Context, kind: str, draft: Draft) -> Finding:
    subjects, actor, not_by = _plan_key(kind, draft)
    people = tuple(dict.fromkeys(p for p in (draft.person.id, draft.holder, draft.ask) if p))
    return ctx.finding(
        kind,
        draft.severity,
        people,
        draft.message,
        draft.suggestion,
        draft.person.influence,
        subjects=subjects,
        actor=actor,
        not_by=not_by,
        about=(draft.person.id,),
    )


# -- uncovered ---------------------------------------------------------------------------------
def coverage_words(ctx: Context, contacts: list[Contact]) -> str:
    """What we have with someone we do not reach: nothing, or contacts that are not threads."""
    if not contacts:
        return "none of our people knows them"
    known = [
        f"{ctx.name(c.ours)} (weak: a thread to build up)"
        if c.strength == "weak"
        else f"{ctx.name(c.ours)} ({c.strength})"
        for c in contacts
    ]
    return f"only {join_names(known)} on our side"


def uncovered(ctx: Context) -> list[Finding]:
    """Key players none of ours knows at good or strong, with a way to a first thread."""
    drafts = []
    for person in ctx.key_players:
        contacts = ctx.graph.active_contacts_of(person.id)
        if any(is_thread(c) for c in contacts):
            continue
        way = _first_thread(ctx, person, contacts)
        words = coverage_words(ctx, contacts)
        drafts.append(
            Draft(
                person,
                "error" if economic_buyer(person) else "warning",
                way.ask,
                f"{way.mode}:{way.why}" if way.mode in ("weak", "counterpart", "owner") else None,
                f"{person.label} ({roles_text(person)}) is not covered: {words}",
                way.text,
                _fragment(ctx, person, way, contacts),
            )
        )
    return merge(ctx, "uncovered", drafts, lambda group: _combine_uncovered(ctx, group))


def _first_thread(ctx: Context, person: ClientPerson, contacts: list[Contact]) -> Approach:
    """The way to a first thread, agreeing with what the report already asks about the person.

    Someone leaving soon: whoever takes over (the red flag says so). A red
    flag already asks one of ours to meet them: that meeting. Another
    colleague's meeting with them is in the plan: that meeting. Else the
    approach in the order 3.1 gives.
    """
    if ctx.leaving_soon(person) and person.left is not None:
        return Approach(
            f"They leave on {person.left.isoformat()}: put the effort into whoever takes over (see the red flag)",
            "leaving",
        )
    chosen = ctx.chosen.get(person.id)
    if chosen is not None:
        own = ctx.plan_for((person.id,), chosen)
        if own:
            text = f"Make {ctx.planned_words(own[0], person.id)} the first thread (see the red flag)"
        else:
            text = f"Make {ctx.name(chosen)}'s meeting with {person.label} (see the red flag) the first thread"
        return Approach(text, "proposed", chosen)
    way = approach(ctx, person, contacts)
    planned = ctx.planned_meeting(person.id, way.ask)
    if planned is not None:
        text = f"Make {ctx.planned_words(planned, person.id)} the first thread{agenda(ctx, planned.owner, person)}"
        way = Approach(text, "planned", planned.owner)
    if way.ask is not None:
        ctx.propose(way.ask, person.id)
    return way


def _fragment(ctx: Context, person: ClientPerson, way: Approach, contacts: list[Contact]) -> str:
    if way.mode == "weak" and way.ask is not None:
        contact = next(c for c in contacts if c.ours == way.ask and c.strength == "weak")
        when = f"last met {contact.last.isoformat()}" if contact.last else ""
        return person.label + agenda(ctx, way.ask, person, when)
    return person.label + (agenda(ctx, way.ask, person) if way.ask else "")


def _combine_uncovered(ctx: Context, group: list[Draft]) -> tuple[str, str]:
    words = {coverage_words(ctx, ctx.graph.active_contacts_of(d.person.id)) for d in group}
    who = join_names([f"{d.person.label} ({roles_text(d.person)})" for d in group])
    if len(words) == 1:
        message = f"{who} are not covered: {words.pop()}"
    else:
        message = f"{who} are not covered: we have no good or strong contact with any of them"
    ask = ctx.name(group[0].ask or "")
    fragments = join_names([d.fragment for d in group])
    mode, why = (group[0].group or ":").split(":", 1)
    if mode == "weak":
        return message, f"Have {ask} build on the weak contacts with {fragments}"
    if mode == "owner":
        return message, f"Have {ask} (account owner) meet {fragments}: nobody of ours pairs with them"
    return message, f"Introduce {ask} ({why}) to {fragments}"


# -- single-threaded ------------------------------------------------------------------------------
def single_threaded(ctx: Context) -> list[Finding]:
    """Key players with exactly one thread, and who could add a second."""
    drafts = []
    for person in ctx.key_players:
        contacts = ctx.graph.active_contacts_of(person.id)
        threads = [c for c in contacts if is_thread(c)]
        if len(threads) != 1:
            continue
        holder = threads[0]
        weak = [c for c in contacts if c.strength == "weak"]
        message = f"{person.label} ({roles_text(person)}) has one thread: {ctx.name(holder.ours)} ({holder.strength})"
        if weak:
            message += f"; {join_names([ctx.name(c.ours) for c in weak])} only weak: a thread to build up"
        ask, group, suggestion = _second_thread(ctx, person, holder, weak)
        if ctx.leaving_soon(person) and person.left is not None:
            ask, group = None, None
            suggestion = (
                f"They leave on {person.left.isoformat()}: ask {ctx.name(holder.ours)} to meet whoever takes over "
                "(see the red flag)"
            )
        if ask is not None:
            ctx.propose(ask, person.id)
        fragment = (
            f"{ctx.name(holder.ours)}'s next meeting with {person.label}{agenda(ctx, ask, person) if ask else ''}"
        )
        drafts.append(Draft(person, "warning", ask, group, message, suggestion, fragment, holder.ours))
    return merge(ctx, "single-threaded", drafts, lambda group: _combine_second_threads(ctx, group))


def _second_thread(
    ctx: Context, person: ClientPerson, holder: Contact, weak: list[Contact]
) -> tuple[str | None, str | None, str]:
    """(colleague asked, merge group, suggestion) for a second thread."""
    if weak:
        contact = weak[0]
        when = f"last met {contact.last.isoformat()}" if contact.last else ""
        return (
            contact.ours,
            None,
            f"Add a second thread: have {ctx.name(contact.ours)} build up their weak contact"
            f"{agenda(ctx, contact.ours, person, when)}",
        )
    known = {c.ours for c in ctx.graph.active_contacts_of(person.id)}
    members = counterparts_for(ctx, person, known)
    member = members[0] if members else topic_sharer(ctx, person, known)
    meeting = f"{ctx.name(holder.ours)}'s next meeting with {person.label}"
    if member is None:
        return None, None, f"Add a second thread: take a colleague to {meeting}"
    why = f" ({ctx.rule.why(member, person)})" if members else ""
    return (
        member.id,
        f"second:{why}",
        f"Add a second thread: bring {member.name}{why} to {meeting}{agenda(ctx, member.id, person)}",
    )


def _combine_second_threads(ctx: Context, group: list[Draft]) -> tuple[str, str]:
    who = join_names([f"{d.person.label} ({roles_text(d.person)}) through {ctx.name(d.holder or '')}" for d in group])
    why = (group[0].group or ":").split(":", 1)[1]
    meetings = join_names([d.fragment for d in group])
    return f"Each has one thread: {who}", f"Add second threads: bring {ctx.name(group[0].ask or '')}{why} to {meetings}"


# -- the bow tie -----------------------------------------------------------------------------------
def bow_tie(ctx: Context, shape: Shape) -> list[Finding]:
    """One of ours holds more than half of the live contact strength."""
    holder = shape.holder()
    if holder is None:
        return []
    mine = [c for c in live_contacts(ctx.graph) if c.ours == holder]
    total = len(live_contacts(ctx.graph))
    alone = sorted(
        {c.theirs for c in mine if all(o.ours == holder for o in ctx.threads_of(c.theirs))},
        key=lambda t: (-ctx.graph.client[t].influence, ctx.order[t]),
    )
    message = (
        f"{ctx.name(holder)} holds {shape.share(holder)}% of the account's live contact strength "
        f"({len(mine)} of {total} contacts): a bow tie that hangs on one person"
    )
    introductions: dict[str, list[str]] = {}
    already: list[str] = []
    for theirs in alone:
        person = ctx.graph.client[theirs]
        if ctx.proposed_to.get(theirs, set()) - {holder}:
            already.append(person.label)
            continue
        if ctx.chosen.get(theirs) == holder and not ctx.threads_of(theirs):
            continue  # the report asks the holder for the first thread: nobody else is sent to them
        members = counterparts_for(ctx, person, {holder})
        if not members:
            continue
        introductions.setdefault(members[0].id, []).append(person.label)
        ctx.propose(members[0].id, theirs)
    if introductions:
        pairs = [f"{ctx.name(member)} to {join_names(people)}" for member, people in list(introductions.items())[:3]]
        suggestion = f"Spread the contacts: introduce {'; '.join(pairs)}"
    elif already:
        suggestion = (
            f"Spread the contacts: the meetings suggested for {join_names(already[:3])} also share the load"
        )
    elif alone:
        others = [t for t in alone if not (ctx.chosen.get(t) == holder and not ctx.threads_of(t))] or alone
        suggestion = f"Spread the contacts: introduce colleagues to {join_names([ctx.name(t) for t in others[:3]])}"
    else:
        suggestion = f"Spread the contacts: let colleagues take over some of {ctx.name(holder)}'s meetings"
    asked = tuple(member for member in introductions if member != holder)
    return [Finding("single-threaded", "warning", (holder, *asked), message, suggestion, weight=0, about=(holder,))]


# -- negative --------------------------------------------------------------------------------------
def negatives(ctx: Context) -> list[Finding]:
    """Negative contacts, one finding per client person, with who could take over."""
    findings = []
    by_person: dict[str, list[Contact]] = {}
    for contacts in ctx.graph.contacts_by.values():
        for contact in contacts:
            if contact.strength == "negative" and ctx.graph.active(contact.ours) and ctx.graph.active(contact.theirs):
                by_person.setdefault(contact.theirs, []).append(contact)
    for theirs, contacts in by_person.items():
        person = ctx.graph.client[theirs]
        contacts.sort(key=lambda c: c.index)
        ours = [c.ours for c in contacts]
        names = join_names([ctx.name(o) for o in ours])
        if len(ours) == 1:
            message = f"{names} and {person.label} have a negative relationship"
        else:
            message = f"{names} have a negative relationship with {person.label}"
        notes = [ctx.graph.model.relationships[c.index].note for c in contacts]
        written = [note for note in notes if note]
        if written:
            message += f": {' / '.join(written)}"
        options = takeover(ctx, person, ours[0])
        if options:
            named = " or ".join(f"{ctx.name(member)} ({why})" for member, why in options)
            suggestion = f"Let {named} take over the contact with {person.label}"
            actor: str | None = options[0][0]
            for member, _ in options:
                ctx.propose(member, theirs)
        else:
            actor = None
            go_between = mediator(ctx, person)
            if go_between is not None:
                leader, via = go_between
                suggestion = (
                    f"Nobody else of ours can take it over: ask {ctx.name(leader)}, whom {person.label} listens to and "
                    f"{ctx.name(via.ours)} knows ({via.strength}), to help reset it in a neutral setting"
                )
            else:
                suggestion = (
                    f"Find a colleague to take over the contact with {person.label}, or a neutral setting to reset it"
                )
        findings.append(
            ctx.finding(
                "negative",
                "error" if person.is_key_player else "warning",
                (theirs, *ours, *(m for m, _ in options[:1])),
                message,
                suggestion,
                person.influence,
                subjects=(theirs,),
                actor=actor,
                about=(theirs, *sorted(ours)),
            )
        )
    return findings
