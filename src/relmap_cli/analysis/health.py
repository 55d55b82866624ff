"""An account's health in figures: coverage, champions, red flags, staleness, the plan.

The one place `portfolio`, `trend` and `report` get their numbers from, so
a figure means the same in every view. It adds no rule of its own: the
figures count what `gaps`, `coalitions` and `check` already find. Pure; no I/O.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..format.model import ClientPerson, review_days, target_model
from ..graph import REACHING, AccountGraph
from ..tuples import NamedTuple
from . import gaps as gaps_module
from .coalitions import CoalitionReport, find_coalitions
from .gaps import Finding, GapReport, find_gaps, live_contacts
from .staleness import Thresholds, check_contacts

LEAVING_HORIZON = 90  # days: an announced departure inside it is a red flag
ECONOMIC = frozenset({"decision-maker", "budget-holder"})  # the roles of an economic buyer


class ChampionRisk(NamedTuple):
    """A champion we may lose: `left`, `leaving` (an announced date) or `at-risk` (pulled below zero)."""

    person: str
    risk: str


@dataclass(frozen=True)
class Health:
    """The figures of one account as of one day."""

    account: str
    tier: int
    status: int
    model: str
    target_model: str
    key_players: int
    reached: int
    threads: int
    champions: int
    champion_risks: tuple[ChampionRisk, ...]
    red_flags: tuple[Finding, ...]
    stale: int
    open: int
    overdue: int
    next_review_days: int | None  # negative when the review is overdue; None when never reviewed
    gaps: GapReport = field(repr=False, compare=False)
    coalitions: CoalitionReport = field(repr=False, compare=False)


def key_players(graph: AccountGraph) -> list[ClientPerson]:
    """Current, identified key players, in file order (placeholders are `gaps`' business)."""
    return [person for person in graph.active_client() if not person.placeholder and person.is_key_player]


def thread_count(graph: AccountGraph) -> int:
    """Good or strong contacts between people who are both still there."""
    return sum(1 for contact in live_contacts(graph) if contact.strength in REACHING)


def account_health(graph: AccountGraph, today: date, thresholds: Thresholds | None = None) -> Health:
    """Every figure of the account as of `today` (the graph must be built for the same day)."""
    model = graph.model
    report = find_gaps(graph)
    coalitions = find_coalitions(graph)
    players = key_players(graph)
    actions = [action for action in model.actions if action.status == "open"]
    stale = [f for f in check_contacts(graph, today, thresholds or Thresholds()) if f.rule == "contact-stale"]
    reviewed = model.account.reviewed
    next_review = None
    if reviewed is not None:
        next_review = (reviewed + timedelta(days=review_days(model.account)) - today).days
    return Health(
        account=model.account.name,
        tier=model.account.tier,
        status=report.status,
        model=report.model,
        target_model=target_model(model.account),
        key_players=len(players),
        reached=sum(1 for person in players if graph.reach(person.id) is not None),
        threads=thread_count(graph),
        champions=sum(1 for person in graph.active_client() if person.stance == "champion"),
        champion_risks=champion_risks(graph, coalitions),
        red_flags=tuple(red_flags(graph, report, coalitions)),
        stale=len(stale),
        open=len(actions),
        overdue=sum(1 for action in actions if action.due is not None and action.due < today),
        next_review_days=next_review,
        gaps=report,
        coalitions=coalitions,
    )


def champion_risks(graph: AccountGraph, coalitions: CoalitionReport) -> tuple[ChampionRisk, ...]:
    """Champions who left, who announced they are leaving, or whom the sway graph pulls below zero."""
    score = {standing.person: standing.score for standing in coalitions.people}
    risks = []
    for person in graph.client.values():
        if person.stance != "champion":
            continue
        if graph.gone(person):
            risks.append(ChampionRisk(person.id, "left"))
        elif graph.leaving(person):
            risks.append(ChampionRisk(person.id, "leaving"))
        elif score.get(person.id, 0.0) < 0:
            risks.append(ChampionRisk(person.id, "at-risk"))
    return tuple(risks)


def red_flags(graph: AccountGraph, report: GapReport, coalitions: CoalitionReport) -> list[Finding]:
    """The red-flag findings of the gap report.

    A gap report that knows the `red-flag` kind is the one source. Before
    that, the same rules (SPEC 3.1) are read off the coalition model here.
    """
    if "red-flag" in gaps_module.KINDS:
        return [finding for finding in report.findings if finding.kind == "red-flag"]
    return _red_flags_from_coalitions(graph, coalitions)


def _red_flags_from_coalitions(graph: AccountGraph, coalitions: CoalitionReport) -> list[Finding]:
    standing = {item.person: item for item in coalitions.people}
    people = [person for person in graph.active_client() if not person.placeholder]
    economic = {person.id for person in people if ECONOMIC.intersection(person.roles)}
    flags: dict[tuple[str, ...], Finding] = {}

    def flag(people_ids: tuple[str, ...], message: str, suggestion: str, weight: int) -> None:
        severity = "error" if economic.intersection(people_ids) else "warning"
        flags.setdefault(people_ids, Finding("red-flag", severity, people_ids, message, suggestion, weight))

    name = graph.label
    for person in people:
        here = standing.get(person.id)
        if person.id in economic:
            for sway in graph.sway_in.get(person.id, []):
                leader = graph.client[sway.leader]
                if leader.stance == "detractor":
                    flag(
                        (leader.id, person.id),
                        f"Detractor {leader.label} sways {person.label}: {sway.describe(name)}",
                        f"Win over or work around {leader.label} before {person.label} decides",
                        person.influence + 10,
                    )
            if here is not None and here.bucket == "hinders":
                flag(
                    (person.id,),
                    f"{person.label} ({', '.join(person.roles)}) hinders our interests (score {here.score:+.2f})",
                    f"Find out what {person.label} holds against us and who can change their mind",
                    person.influence + 10,
                )
            for other in graph.opposes.get(person.id, []):
                if graph.client[other].stance == "champion":
                    flag(
                        (other, person.id),
                        f"Our champion {name(other)} and {person.label} oppose each other",
                        f"Do not let {name(other)} carry our case to {person.label}; find another advocate",
                        person.influence + 5,
                    )
        if here is not None and person.stance in ("champion", "supporter") and here.score < 0:
            flag(
                (person.id,),
                f"{person.stance.capitalize()} {person.label} is at risk: pulled below zero (score {here.score:+.2f})",
                f"Shore up {person.label} and answer the doubts of those who pull them",
                person.influence,
            )
        if here is not None and here.pivot and graph.reach(person.id) is None:
            flag(
                (person.id,),
                f"Pivot {person.label} can swing either way and none of our people reaches them",
                f"Build a good contact with {person.label} before the other side does",
                person.influence,
            )
        if graph.leaving(person) and (person.is_key_player or person.stance == "champion") and graph.today:
            days = (person.left - graph.today).days if person.left else 0
            if days <= LEAVING_HORIZON:
                flag(
                    (person.id,),
                    f"{person.label} leaves on {person.left} (in {days} days)",
                    f"Before then, find out who takes over from {person.label} and meet them",
                    person.influence + 5,
                )
    return sorted(flags.values(), key=lambda f: (f.severity != "error", -f.weight, f.people))
