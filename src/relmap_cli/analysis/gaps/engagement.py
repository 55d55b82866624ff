"""Threads, contact strength and the engagement model (bow tie to diamond).

A thread is a `knows` at good or strong between people still there; live
contact strength also counts weak contacts (strong 1.0, good 0.7, weak 0.4),
never negative ones or people who left. Strength is summed in tenths, so
"more than half" is exact. Pure functions over the graph; no I/O.
"""

from __future__ import annotations

from collections import Counter

from ...format.model import MODELS
from ...graph import REACHING, AccountGraph, Contact
from ..counterparts import CounterpartRule

TENTHS = {"strong": 10, "good": 7, "weak": 4}
LADDER = ("none", *MODELS)  # simplest first


def live_contacts(graph: AccountGraph) -> list[Contact]:
    """Contacts that count: both people still there, and not negative."""
    return [
        contact
        for contacts in graph.contacts_by.values()
        for contact in contacts
        if contact.strength in TENTHS and graph.active(contact.ours) and graph.active(contact.theirs)
    ]


def is_thread(contact: Contact) -> bool:
    """A good or strong contact (the caller checks both people are still there)."""
    return contact.strength in REACHING


def function_pair(rule: CounterpartRule, contact: Contact) -> tuple[str, str] | None:
    """The function-to-function pair a contact connects, if any.

    Executive to executive, the same function, or a counterparts pair.
    """
    ours, theirs = rule.graph.team[contact.ours], rule.graph.client[contact.theirs]
    if ours.level == "executive" and theirs.level == "executive":
        return ("executive", "executive")
    if rule.pairs_functions(ours.function, theirs.function):
        return (ours.function or "", theirs.function or "")
    return None


class Shape:
    """How our contact strength is spread: by our people, by theirs, in function pairs."""

    def __init__(self, order: dict[str, int]) -> None:
        self.ours: Counter[str] = Counter()
        self.theirs: Counter[str] = Counter()
        self.total = 0
        self.threads = 0
        self.pairs: set[tuple[str, str]] = set()
        self.order = order  # file order of our people, for ties

    def add(self, ours: str, theirs: str, tenths: int, thread: bool, pair: tuple[str, str] | None) -> None:
        """Count one contact (or the extra strength of a contact made stronger)."""
        self.ours[ours] += tenths
        self.theirs[theirs] += tenths
        self.total += tenths
        if thread:
            self.threads += 1
            if pair is not None:
                self.pairs.add(pair)

    def holder(self) -> str | None:
        """The one of ours who holds more than half of the strength: the bow tie's knot."""
        if not self.ours:
            return None
        best = min(self.ours, key=lambda ours: (-self.ours[ours], self.order.get(ours, 0), ours))
        return best if self.ours[best] * 2 > self.total else None

    def funnel(self) -> str | None:
        """The one of theirs who receives more than half of the strength."""
        if not self.theirs:
            return None
        best = min(self.theirs, key=lambda theirs: (-self.theirs[theirs], theirs))
        return best if self.theirs[best] * 2 > self.total else None

    def model(self) -> str:
        """none, bow-tie, one-on-many, diamond or cotton-reel, in that order of tests."""
        if not self.threads:
            return "none"
        if self.holder() is not None:
            return "bow-tie"
        if self.funnel() is not None:
            return "one-on-many"
        return "diamond" if len(self.pairs) >= 3 else "cotton-reel"

    def share(self, ours: str) -> int:
        """Percent of the live strength one of ours holds."""
        return round(100 * self.ours[ours] / self.total) if self.total else 0


def account_shape(graph: AccountGraph, rule: CounterpartRule) -> Shape:
    """The shape of the account's live contacts."""
    shape = Shape(order={member_id: position for position, member_id in enumerate(graph.team)})
    for contact in live_contacts(graph):
        thread = is_thread(contact)
        shape.add(
            contact.ours,
            contact.theirs,
            TENTHS[contact.strength],
            thread,
            function_pair(rule, contact) if thread else None,
        )
    return shape


def engagement_model(graph: AccountGraph, rule: CounterpartRule | None = None) -> str:
    """The engagement model inferred from the threads (bow tie to diamond, or none)."""
    return account_shape(graph, rule or CounterpartRule(graph)).model()


def bow_tie_holder(graph: AccountGraph, rule: CounterpartRule | None = None) -> str | None:
    """The one of ours who holds more than half of the live contact strength, if anyone."""
    return account_shape(graph, rule or CounterpartRule(graph)).holder()


def short_of(model: str, target: str) -> bool:
    """True when `model` is a simpler model than `target`."""
    return LADDER.index(model) < LADDER.index(target)


def next_step(model: str, target: str) -> str:
    """The model one step from `model` towards `target`.

    The road is none, bow-tie, cotton-reel, diamond; one-on-many (many of ours
    funnelling into one of theirs) is a step only for an account that aims for it.
    """
    if model == "none":
        return "bow-tie"
    if target == "one-on-many" and model == "bow-tie":
        return "one-on-many"
    road = ("bow-tie", "cotton-reel", "diamond")
    if model == "one-on-many":
        return "cotton-reel"
    return road[min(road.index(model) + 1, len(road) - 1)]
