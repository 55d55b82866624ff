"""What every gap rule reads: the graph, the counterpart rule, the plan, the coalitions.

One `Context` per report. It also remembers which meetings the report has
already proposed, and whom it first asked to meet each client person, so that
later rules neither propose them again nor name someone else; and it turns a
rule's draft into a finding that knows the plan (an open action that
addresses it lowers its severity one step). Pure: no I/O.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ...format.model import Action, ClientPerson
from ...graph import AccountGraph, Contact
from ..counterparts import CounterpartRule
from .engagement import is_thread
from .report import Finding, one_step_lower

if TYPE_CHECKING:
    from ..coalitions import Standing

DECIDING = frozenset({"decision-maker", "budget-holder"})
SUPPORTIVE = frozenset({"champion", "supporter"})
HORIZON_DAYS = 90
COACH_INFLUENCE = 2  # a champion of this influence or less is a coach, not a champion


def roles_text(person: ClientPerson) -> str:
    """`decision-maker, influence 5` or just `influence 4`."""
    return ", ".join([*person.roles, f"influence {person.influence}"])


def economic_buyer(person: ClientPerson) -> bool:
    """A decision maker or budget holder."""
    return not DECIDING.isdisjoint(person.roles)


class Context:
    """The account as the gap rules see it, as of the graph's `today`."""

    def __init__(self, graph: AccountGraph, horizon: int = HORIZON_DAYS, *, merging: bool = True) -> None:
        self.graph = graph
        self.horizon = horizon
        self.merging = merging  # False: one finding per person, as `diff` compares them
        self.rule = CounterpartRule(graph)
        self.order = {person_id: position for position, person_id in enumerate(graph.client)}
        self.team = graph.active_team()
        self.by_function: dict[str, list[str]] = {}  # our function -> our current people, file order
        self.by_topic: dict[str, list[str]] = {}  # a topic -> our current people who have it
        for member in self.team:
            if member.function is not None:
                self.by_function.setdefault(member.function, []).append(member.id)
            for topic in dict.fromkeys(member.topics):
                self.by_topic.setdefault(topic, []).append(member.id)
        self.people = [p for p in graph.active_client() if not p.placeholder]
        self.key_players = [p for p in self.people if p.is_key_player]
        champions = [p for p in self.people if p.stance == "champion"]
        self.champions = [p for p in champions if p.influence > COACH_INFLUENCE]  # a coach is no champion
        self.coaches = [p for p in champions if p.influence <= COACH_INFLUENCE]
        self._sharers: dict[frozenset[str], list[str]] = {}
        self._threads: dict[str, list[Contact]] = {}
        self.proposed_to: dict[str, set[str]] = {}  # theirs -> the ones of ours the report already asks to meet them
        self.chosen: dict[str, str] = {}  # theirs -> the one of ours the report first asked to meet them
        self.answered: dict[str, str] = {}  # detractor -> the buyer whose red flag asks to answer them
        self._standings: dict[str, Standing] | None = None
        self.open_actions: dict[str, list[Action]] = {}
        for action in graph.model.actions:
            if action.status == "open" and graph.active(action.owner):
                for person_id in dict.fromkeys(action.with_):
                    self.open_actions.setdefault(person_id, []).append(action)

    def propose(self, ours: str, theirs: str) -> None:
        """Remember that the report asks `ours` to meet `theirs`; the first one asked is who meets them."""
        self.proposed_to.setdefault(theirs, set()).add(ours)
        self.chosen.setdefault(theirs, ours)

    # -- words ---------------------------------------------------------------------
    def name(self, person_id: str) -> str:
        """A person's name (or a placeholder's title)."""
        return self.graph.label(person_id)

    def strongest_first(self, ids: list[str]) -> list[str]:
        """Client ids by influence, then file order (our ids keep their place at the end)."""
        client = self.graph.client
        return sorted(
            dict.fromkeys(ids),
            key=lambda i: (i not in client, -client[i].influence if i in client else 0, self.order.get(i, 0)),
        )

    def sharers(self, topics: frozenset[str]) -> list[str]:
        """Our current people who share any of `topics`: most shared first, then file order (kept per set)."""
        found = self._sharers.get(topics)
        if found is None:
            counts: dict[str, int] = {}
            for topic in topics:
                for member in self.by_topic.get(topic, ()):
                    counts[member] = counts.get(member, 0) + 1
            position = {member.id: number for number, member in enumerate(self.team)} if counts else {}
            found = self._sharers[topics] = sorted(counts, key=lambda member: (-counts[member], position[member]))
        return found

    # -- contacts --------------------------------------------------------------------
    def threads_of(self, person_id: str) -> list[Contact]:
        """Our good and strong contacts with a client person, from people still here (kept: read it only)."""
        found = self._threads.get(person_id)
        if found is None:
            found = self._threads[person_id] = [c for c in self.graph.active_contacts_of(person_id) if is_thread(c)]
        return found

    def hostile(self, person_id: str) -> set[str]:
        """Our people on bad terms (a negative contact) with a client person."""
        return {c.ours for c in self.graph.contacts_of.get(person_id, []) if c.strength == "negative"}

    def standing(self, person_id: str) -> Standing | None:
        """Where the coalition model places a current client person."""
        if self._standings is None:
            from ..coalitions import place_people

            self._standings = {s.person: s for s in place_people(self.graph)}
        return self._standings.get(person_id)

    def leaving_soon(self, person: ClientPerson) -> bool:
        """True when the person's announced departure falls within the horizon."""
        if self.today is None or person.left is None or not self.graph.leaving(person):
            return False
        return (person.left - self.today).days <= self.horizon

    @property
    def today(self) -> date | None:
        """The day the report judges dates against."""
        return self.graph.today

    # -- the plan ---------------------------------------------------------------------
    def plan_for(
        self, subjects: tuple[str, ...], actor: str | None = None, not_by: str | None = None, *, every: bool = False
    ) -> list[Action]:
        """Open actions with one of `subjects` (all of them, with `every`), owned by `actor` when given.

        `not_by` leaves out actions owned by that colleague (a second thread
        cannot come from the one who holds the first).
        """
        found: dict[str, Action] = {}
        for person_id in subjects:
            mine = [
                action
                for action in self.open_actions.get(person_id, [])
                if (actor is None or action.owner == actor) and action.owner != not_by
            ]
            if every and not mine:
                return []
            for action in mine:
                found.setdefault(action.id, action)
        return list(found.values())

    def planned_meeting(self, person_id: str, ask: str | None = None, not_by: str | None = None) -> Action | None:
        """Another colleague's open action with a client person, for a suggestion that asks `ask` to act.

        None when `ask` has an open action with them (that one is the plan)
        or nobody else has one. Never an action owned by `not_by`, nor by
        someone on bad terms with the person. First in the file on ties.
        """
        actions = self.open_actions.get(person_id, [])
        if ask is not None and any(action.owner == ask for action in actions):
            return None
        hostile = self.hostile(person_id)
        return next((a for a in actions if a.owner not in (ask, not_by) and a.owner not in hostile), None)

    def planned_words(self, action: Action, person_id: str) -> str:
        """`George Adeyemi's planned meeting with Markus Feld (a3)`."""
        return f"{self.name(action.owner)}'s planned meeting with {self.name(person_id)} ({action.id})"

    def at_planned(self, ours: str, theirs: str) -> str:
        """` at the planned meeting (a3)` when `ours` has an open action with `theirs`, else nothing."""
        own = self.plan_for((theirs,), ours)
        return f" at the planned meeting ({own[0].id})" if own else ""

    def plan_note(self, actions: list[Action]) -> str:
        """`planned: a3, Dr. Li Chen, due 2026-12-15 (overdue)`."""
        parts = []
        for action in actions:
            text = f"{action.id}, {self.name(action.owner)}"
            if action.due is not None:
                late = self.today is not None and action.due < self.today
                text += f", due {action.due.isoformat()}" + (" (overdue)" if late else "")
            parts.append(text)
        return "planned: " + "; ".join(parts)

    def finding(
        self,
        kind: str,
        severity: str,
        people: tuple[str, ...],
        message: str,
        suggestion: str,
        weight: float = 0,
        *,
        subjects: tuple[str, ...] = (),
        actor: str | None = None,
        not_by: str | None = None,
        every: bool = False,
        about: tuple[str, ...] = (),
    ) -> Finding:
        """A finding that knows the plan: an open action with `subjects` (by `actor`, if given) lowers it a step.

        With `every`, each of the subjects needs an action of their own.
        """
        actions = self.plan_for(subjects, actor, not_by, every=every) if subjects else []
        if not actions:
            return Finding(kind, severity, people, message, suggestion, weight=weight, about=about)
        return Finding(
            kind,
            one_step_lower(severity),
            people,
            message,
            suggestion,
            planned=tuple(action.id for action in actions),
            plan_note=self.plan_note(actions),
            weight=weight,
            about=about,
        )

    def is_planned(self, subjects: tuple[str, ...], actor: str | None = None, not_by: str | None = None) -> bool:
        """True when an open action addresses a finding about `subjects`."""
        return bool(self.plan_for(subjects, actor, not_by))
