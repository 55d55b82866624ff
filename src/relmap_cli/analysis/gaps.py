"""The gap report: where relationships are missing, thin, hostile or out of date.

Pure functions over the account graph; findings speak in person ids and carry
a one-line message and a concrete suggestion. Ordered most important first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..graph import REACHING, AccountGraph, Contact
from ..format.model import ClientPerson
from .counterparts import CounterpartRule
from .words import join_names

# kinds in the order a KAM should read them when severities are equal
KINDS = (
    "departed",
    "missing-role",
    "uncovered",
    "negative",
    "single-threaded",
    "missing-counterpart",
    "no-counterpart",
    "unknown-stance",
    "placeholder",
)
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SUPPORTIVE = frozenset({"champion", "supporter"})
DECIDING = frozenset({"decision-maker", "budget-holder"})
HIGH_LEVELS = frozenset({"executive", "vp", "director"})
STATUS_TEXT = {
    0: "no client people mapped",
    1: "no key players identified",
    2: "key players identified, none supportive",
    3: "supportive key players",
}


@dataclass(frozen=True)
class Finding:
    """One gap: what kind, how bad, who, what is wrong and what to do."""

    kind: str
    severity: str
    people: tuple[str, ...]
    message: str
    suggestion: str
    weight: int = 0  # importance within a kind: the client person's influence


@dataclass(frozen=True)
class GapReport:
    """The gaps of one account with its engagement model and map status."""

    account: str
    model: str
    status: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def status_text(self) -> str:
        """The status in words."""
        return STATUS_TEXT[self.status]


def find_gaps(graph: AccountGraph) -> GapReport:
    """Every gap of the map as of the graph's `today`, most important first."""
    finder = _GapFinder(graph)
    findings = finder.run()
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], KINDS.index(f.kind), -f.weight, f.people))
    return GapReport(
        account=graph.model.account.name,
        model=engagement_model(graph, finder.rule),
        status=map_status(graph),
        findings=findings,
    )


def map_status(graph: AccountGraph) -> int:
    """0 no client people, 1 no key players, 2 none supportive, 3 supportive key players."""
    people = [p for p in graph.active_client() if not p.placeholder]
    if not people:
        return 0
    key_players = [p for p in people if p.is_key_player]
    if not key_players:
        return 1
    return 3 if any(p.stance in SUPPORTIVE for p in key_players) else 2


def live_contacts(graph: AccountGraph) -> list[Contact]:
    """Contacts that count: both people still there, and not negative."""
    return [
        contact
        for contacts in graph.contacts_by.values()
        for contact in contacts
        if contact.strength != "negative" and graph.active(contact.ours) and graph.active(contact.theirs)
    ]


def bow_tie_holder(graph: AccountGraph) -> tuple[str, int, int] | None:
    """(our person, their contacts, all contacts) when one of ours holds most of them."""
    contacts = live_contacts(graph)
    if len(contacts) < 2:
        return None
    counts = Counter(contact.ours for contact in contacts)
    order = {member_id: position for position, member_id in enumerate(graph.team)}
    holder, held = min(counts.items(), key=lambda item: (-item[1], order[item[0]]))
    return (holder, held, len(contacts)) if held * 2 > len(contacts) else None


def engagement_model(graph: AccountGraph, rule: CounterpartRule | None = None) -> str:
    """`none`, `bow-tie` (one of ours carries the account), `diamond` (several
    function-to-function pairs), or `cotton-reel` (several threads, few pairs)."""
    contacts = live_contacts(graph)
    if not contacts:
        return "none"
    if bow_tie_holder(graph) is not None or len({c.ours for c in contacts}) == 1:
        return "bow-tie"
    rule = rule or CounterpartRule(graph)
    pairs = set()
    for contact in contacts:
        ours, theirs = graph.team[contact.ours], graph.client[contact.theirs]
        if ours.id in rule.candidate_ids(theirs):
            pairs.add((ours.function or ours.level, theirs.function or theirs.level))
    return "diamond" if len(pairs) >= 3 else "cotton-reel"


def _day(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def _roles(person: ClientPerson) -> str:
    """`decision-maker, influence 5` or just `influence 4`."""
    return ", ".join([*person.roles, f"influence {person.influence}"])


class _GapFinder:
    def __init__(self, graph: AccountGraph) -> None:
        self.graph = graph
        self.rule = CounterpartRule(graph)
        self.findings: list[Finding] = []
        self.people = [p for p in graph.active_client() if not p.placeholder]
        self.key_players = [p for p in self.people if p.is_key_player]

    def name(self, person_id: str) -> str:
        return self.graph.label(person_id)

    def add(
        self, kind: str, severity: str, people: tuple[str, ...], message: str, suggestion: str, weight: int = 0
    ) -> None:
        self.findings.append(Finding(kind, severity, people, message, suggestion, weight))

    def run(self) -> list[Finding]:
        self.departed()
        self.missing_roles()
        for person in self.key_players:
            self.coverage(person)
            if person.stance == "unknown":
                self.add(
                    "unknown-stance",
                    "warning",
                    (person.id,),
                    f"{person.label} ({_roles(person)}) is a key player whose stance is unknown",
                    self.stance_suggestion(person),
                    person.influence,
                )
        self.negatives()
        self.bow_tie()
        self.counterparts()
        self.placeholders()
        return self.findings

    # -- who knows whom -----------------------------------------------------------
    def coverage(self, person: ClientPerson) -> None:
        """uncovered (nobody good or strong) and single-threaded (exactly one thread)."""
        contacts = self.graph.active_contacts_of(person.id)
        threads = [c for c in contacts if c.strength != "negative"]
        if not any(c.strength in REACHING for c in contacts):
            severity = "error" if DECIDING.intersection(person.roles) else "warning"
            self.add(
                "uncovered",
                severity,
                (person.id,),
                f"{person.label} ({_roles(person)}) is not covered: {self.coverage_words(contacts)}",
                self.approach_suggestion(person, contacts),
                person.influence,
            )
        elif len(threads) == 1:
            ours = threads[0].ours
            self.add(
                "single-threaded",
                "warning",
                (person.id, ours),
                f"{person.label} ({_roles(person)}) is known only by {self.name(ours)}",
                self.second_thread_suggestion(person, ours),
                person.influence,
            )

    def coverage_words(self, contacts: list[Contact]) -> str:
        if not contacts:
            return "none of our people knows them"
        known = [f"{self.name(c.ours)} ({c.strength})" for c in contacts]
        return f"only {join_names(known)} on our side"

    def approach_suggestion(self, person: ClientPerson, contacts: list[Contact]) -> str:
        weak = [c for c in contacts if c.strength == "weak"]
        if weak:
            contact = weak[0]
            when = f", last met {contact.last.isoformat()}" if contact.last else ""
            return f"Have {self.name(contact.ours)} build on the weak contact{when}{self.agenda(contact.ours, person)}"
        candidates = [m for m in self.rule.candidates(person) if all(c.ours != m.id for c in contacts)]
        if candidates:
            member = candidates[0]
            return (
                f"Introduce {member.name} ({self.rule.why(member, person)}) to {person.label}"
                f"{self.agenda(member.id, person)}"
            )
        broker = self.broker(person)
        if broker is not None:
            leader, contact = broker
            return (
                f"Ask {self.name(leader)}, whom {person.label} listens to and {self.name(contact.ours)} knows "
                f"({contact.strength}), for an introduction"
            )
        return f"Find who on our side can meet {person.label}: nobody pairs by function or level yet"

    def broker(self, person: ClientPerson) -> tuple[str, Contact] | None:
        """Someone the person defers to or is influenced by, whom we reach."""
        for sway in sorted(self.graph.sway_in.get(person.id, []), key=lambda s: (-s.weight, s.leader)):
            contact = self.graph.reach(sway.leader)
            if contact is not None:
                return sway.leader, contact
        return None

    def shared_topics(self, ours: str, person: ClientPerson) -> list[str]:
        """Their topics that one of ours also has, in their order."""
        mine = self.graph.team[ours].topics
        return [topic for topic in person.topics if topic in mine]

    def agenda(self, ours: str, person: ClientPerson) -> str:
        shared = self.shared_topics(ours, person)
        if shared:
            return f" (shared topics: {', '.join(shared)})"
        if person.topics:
            return f" (their topics: {', '.join(person.topics)})"
        return ""

    def second_thread_suggestion(self, person: ClientPerson, ours: str) -> str:
        others = [m for m in self.rule.candidates(person) if m.id != ours]
        if others:
            member = others[0]
            return (
                f"Add a second thread: bring {member.name} ({self.rule.why(member, person)}) "
                f"to {self.name(ours)}'s next meeting with {person.label}{self.agenda(member.id, person)}"
            )
        by_topics = sorted(
            (
                (len(set(person.topics) & set(member.topics)), member)
                for member in self.graph.active_team()
                if member.id != ours
            ),
            key=lambda item: -item[0],
        )
        if by_topics and by_topics[0][0]:
            member = by_topics[0][1]
            return (
                f"Add a second thread: bring {member.name} to {self.name(ours)}'s next meeting with "
                f"{person.label}{self.agenda(member.id, person)}"
            )
        return f"Add a second thread: take a colleague to {self.name(ours)}'s next meeting with {person.label}"

    def bow_tie(self) -> None:
        holder = bow_tie_holder(self.graph)
        if holder is None:
            return
        ours, held, total = holder
        share = round(100 * held / total)
        mine = sorted(
            {c.theirs for c in live_contacts(self.graph) if c.ours == ours},
            key=lambda i: (-self.graph.client[i].influence, i),
        )
        introductions: dict[str, list[str]] = {}
        for theirs in mine:
            others = [m for m in self.rule.candidates(self.graph.client[theirs]) if m.id != ours]
            if others:
                introductions.setdefault(others[0].name, []).append(self.name(theirs))
        if introductions:
            pairs = [f"{member} to {join_names(people)}" for member, people in list(introductions.items())[:3]]
            suggestion = f"Spread the contacts: introduce {'; '.join(pairs)}"
        else:
            suggestion = f"Spread the contacts: introduce colleagues to {join_names([self.name(t) for t in mine[:3]])}"
        self.add(
            "single-threaded",
            "warning",
            (ours,),
            f"{self.name(ours)} holds {held} of the account's {total} contacts ({share}%): a bow tie that "
            "hangs on one person",
            suggestion,
            0,
        )

    def negatives(self) -> None:
        for contacts in self.graph.contacts_by.values():
            for contact in contacts:
                if contact.strength != "negative":
                    continue
                if not (self.graph.active(contact.ours) and self.graph.active(contact.theirs)):
                    continue
                person = self.graph.client[contact.theirs]
                severity = "error" if person.is_key_player else "warning"
                self.add(
                    "negative",
                    severity,
                    (person.id, contact.ours),
                    f"{self.name(contact.ours)} and {person.label} have a negative relationship",
                    self.takeover_suggestion(person, contact.ours),
                    person.influence,
                )

    def takeover_suggestion(self, person: ClientPerson, ours: str) -> str:
        """A colleague of the same function, or one who reaches someone the person defers to."""
        options: list[str] = []
        # nobody whose own relationship with the person is negative can take it over
        hostile = {c.ours for c in self.graph.contacts_of.get(person.id, []) if c.strength == "negative"}
        colleague_function = self.graph.team[ours].function
        for member in self.graph.active_team():
            if member.id not in hostile and colleague_function and member.function == colleague_function:
                options.append(f"{member.name} (same function as {self.name(ours)})")
                break
        for sway in sorted(self.graph.sway_in.get(person.id, []), key=lambda s: (-s.weight, s.leader)):
            contact = self.graph.reach(sway.leader)
            if contact is not None and contact.ours not in hostile:
                relation = (
                    "reports to"
                    if sway.kind == "reports-to"
                    else "defers to"
                    if sway.kind == "defers-to"
                    else "listens to"
                )
                options.append(
                    f"{self.name(contact.ours)} (already reaches {self.name(sway.leader)}, "
                    f"whom {person.label} {relation})"
                )
                break
        if not options:
            return f"Find a colleague to take over the contact with {person.label}, or a neutral setting to reset it"
        return f"Let {' or '.join(options)} take over the contact with {person.label}"

    # -- roles and stances ----------------------------------------------------------
    def missing_roles(self) -> None:
        placeholders = [p for p in self.graph.active_client() if p.placeholder]
        for role, severity in (("decision-maker", "error"), ("budget-holder", "warning")):
            if any(role in p.roles for p in self.people):
                continue
            open_positions = [p for p in placeholders if role in p.roles]
            where = f"; the position {open_positions[0].label} is still a placeholder" if open_positions else ""
            suggestion = (
                f"Find out who holds {open_positions[0].label}"
                if open_positions
                else f"Ask your best contact who signs off: mark that person's roles with {role}"
            )
            self.add(
                "missing-role",
                severity,
                tuple(p.id for p in open_positions),
                f"No identified {role.replace('-', ' ')}{where}",
                suggestion,
                30,
            )
        champions = [p for p in self.people if p.stance == "champion"]
        if not champions:
            supporters = sorted((p for p in self.people if p.stance == "supporter"), key=lambda p: (-p.influence, p.id))
            suggestion = (
                f"Grow {supporters[0].label} (supporter, influence {supporters[0].influence}) into a champion"
                if supporters
                else "Find someone who will actively advocate for us"
            )
            self.add("missing-role", "warning", (), "No champion: nobody actively advocates for us", suggestion, 20)
        for champion in champions:
            if champion.influence <= 2:
                self.add(
                    "missing-role",
                    "warning",
                    (champion.id,),
                    f"{champion.label} is a coach, not a champion: influence {champion.influence} is too low to "
                    "carry a decision",
                    self.coach_suggestion(champion),
                    10,
                )

    def coach_suggestion(self, coach: ClientPerson) -> str:
        leaders = sorted(self.graph.sway_in.get(coach.id, []), key=lambda s: (-s.weight, s.leader))
        for sway in leaders:
            leader = self.graph.client[sway.leader]
            if leader.influence > coach.influence:
                return (
                    f"Ask {coach.label} to help win {leader.label} (influence {leader.influence}), "
                    "who could champion us"
                )
        return f"Use {coach.label} as a guide and look for a champion with more influence"

    def stance_suggestion(self, person: ClientPerson) -> str:
        contact = self.graph.best_contact(person.id)
        if contact is not None and contact.strength != "negative":
            return f"Ask {self.name(contact.ours)} where {person.label} stands and record it"
        broker = self.broker(person)
        if broker is not None:
            leader, _ = broker
            return f"Ask {self.name(leader)} how {person.label} sees us"
        return f"Find out where {person.label} stands before the decision is made"

    # -- the counterpart rule ---------------------------------------------------------
    def counterparts(self) -> None:
        white_space: dict[str, list[ClientPerson]] = {}
        for person in self.graph.active_client():
            candidates = self.rule.candidates(person)
            if person.level in HIGH_LEVELS and person.function and not candidates:
                white_space.setdefault(person.function, []).append(person)
            if person.placeholder or not candidates:
                continue
            contacts = self.graph.active_contacts_of(person.id)
            known_by = {c.ours for c in contacts}
            missing = [m for m in candidates if m.id not in known_by]
            if not missing:
                continue
            member, others = missing[0], missing[1:]
            also = f"; also {join_names([m.name for m in others])}" if others else ""
            # a pair still missing matters less once a counterpart of theirs already reaches them
            reaching = {c.ours for c in contacts if c.strength in REACHING}
            covered = any(m.id in reaching for m in candidates)
            important = person.is_key_player or self.rule.why(member, person).startswith("exec")
            self.add(
                "missing-counterpart",
                "warning" if important and not covered else "info",
                (member.id, *(m.id for m in others), person.id),
                f"{member.name} ({member.title or member.function}) and {person.label} "
                f"({person.title or person.function}) should know each other ({self.rule.why(member, person)}) "
                f"but do not{also}",
                f"Bring {member.name} and {person.label} together{self.meeting(member.id, person)}",
                person.influence,
            )
        for function, people in white_space.items():
            paired = [function, *self.rule.pairs.get(function, ())]
            ours = {m.function for m in self.graph.active_team()}
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
            self.add(
                "no-counterpart",
                "warning",
                tuple(p.id for p in people),
                f"Nobody on our side pairs with their {function} leadership ({names}): {detail}",
                f"Name a counterpart for {names}: {remedy}",
                max(p.influence for p in people),
            )

    def meeting(self, ours: str, person: ClientPerson) -> str:
        shared = self.shared_topics(ours, person)
        if shared:
            return f": a brainstorm on {join_names(shared)}"
        if person.topics:
            return f": a meeting on their topics ({', '.join(person.topics)})"
        return ": a first meeting to learn their priorities"

    # -- unfilled and departed ----------------------------------------------------------
    def placeholders(self) -> None:
        for person in self.graph.active_client():
            if not person.placeholder:
                continue
            key = bool(DECIDING.intersection(person.roles) or "gatekeeper" in person.roles)
            boss = person.reports_to
            hint = (
                f"Ask {self.name(boss)}'s office or our best contact who holds the role"
                if boss
                else "Ask your main contact for the org chart and who holds the role"
            )
            self.add(
                "placeholder",
                "warning" if key else "info",
                (person.id,),
                f"{person.label} is a position we know exists but have not identified",
                hint,
                person.influence,
            )

    def links_to_departed(self, gone: set[str]) -> dict[str, list[tuple[str, str]]]:
        """Sway and opposition lines that still name someone who left: (other person, words)."""
        verbs = {
            "defers-to": ("defer to", "defers to"),
            "influences": ("influence", "influences"),
            "opposes": ("oppose", "opposes"),
        }
        linked: dict[str, list[tuple[str, str]]] = {}
        for rel in self.graph.model.relationships:
            if rel.kind not in verbs:
                continue
            plural, singular = verbs[rel.kind]
            if rel.source in gone and rel.target not in gone:
                words = f"they still {plural} {self.name(rel.target)}"
                linked.setdefault(rel.source, []).append((rel.target, words))
            elif rel.target in gone and rel.source not in gone:
                words = f"{self.name(rel.source)} still {singular} them"
                linked.setdefault(rel.target, []).append((rel.source, words))
        return linked

    def departed(self) -> None:
        gone = [p for p in self.graph.client.values() if self.graph.gone(p)]
        reports: dict[str, list[str]] = {}
        for active in self.graph.active_client():
            if active.reports_to is not None:
                reports.setdefault(active.reports_to, []).append(active.id)
        linked = self.links_to_departed({p.id for p in gone})
        for person in gone:
            when = _day(person.left)
            if person.stance == "champion":
                self.add(
                    "departed",
                    "error",
                    (person.id,),
                    f"Our champion {person.label} left on {when}",
                    "Find and win a new champion; ask who takes over their work and set their stance to neutral",
                    person.influence + 10,
                )
            links = [c.ours for c in self.graph.contacts_of.get(person.id, [])]
            followers = reports.get(person.id, [])
            sways = linked.get(person.id, [])
            if links or followers or sways:
                parts = []
                if links:
                    parts.append(
                        f"{join_names([self.name(o) for o in links])} still know{'s' * (len(links) == 1)} them"
                    )
                if followers:
                    who = join_names([self.name(f) for f in followers])
                    parts.append(f"{who} still report{'s' * (len(followers) == 1)} to them")
                parts.extend(description for _, description in sways)
                others = [other for other, _ in sways if other not in followers]
                self.add(
                    "departed",
                    "warning",
                    (person.id, *links, *followers, *others),
                    f"{person.label} left on {when} but {'; '.join(parts)}",
                    "Move these relationships to their successor, or remove them from the map",
                    person.influence,
                )
        self.leaving()
        owner = self.graph.model.account.owner
        member = self.graph.team[owner]
        if member.left is not None:
            verb = "left" if self.graph.gone(member) else "is leaving"
            self.add(
                "departed",
                "error" if self.graph.gone(member) else "warning",
                (owner,),
                f"The account owner {member.name} {verb} on {_day(member.left)}",
                "Name a new owner in account.owner and hand over their contacts",
                20,
            )
        for action in self.graph.model.actions:
            member = self.graph.team[action.owner]
            if action.status == "open" and self.graph.gone(member) and action.owner != owner:
                self.add(
                    "departed",
                    "warning",
                    (action.owner,),
                    f"Action {action.id} ({action.goal}) is owned by {member.name}, who left on {_day(member.left)}",
                    f"Give action {action.id} a new owner",
                )
        for member in self.graph.team.values():
            if member.left is None or member.id == owner:
                continue
            links = [c.theirs for c in self.graph.contacts_by.get(member.id, []) if self.graph.active(c.theirs)]
            if links:
                verb, remedy = ("left", "Hand") if self.graph.gone(member) else ("is leaving", "Before then, hand")
                self.add(
                    "departed",
                    "warning",
                    (member.id, *links),
                    f"{member.name} {verb} on {_day(member.left)} but still holds the contacts with "
                    f"{join_names([self.name(t) for t in links])}",
                    f"{remedy} these contacts to a colleague and record the new relationships",
                )

    def leaving(self) -> None:
        """Announced departures (a `left` date after today) of champions and key players."""
        for person in self.graph.client.values():
            champion = person.stance == "champion"
            if not self.graph.leaving(person) or not (champion or person.is_key_player):
                continue
            when = _day(person.left)
            self.add(
                "departed",
                "error" if champion else "warning",
                (person.id,),
                f"{'Our champion' if champion else 'Key player'} {person.label} is leaving on {when}",
                f"Before {when}, find out who takes over their work and meet them"
                + ("; start winning a new champion now" if champion else ""),
                person.influence + (10 if champion else 0),
            )
