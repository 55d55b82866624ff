"""What an account review document gathers: every analysis of one map, as of one day.

The report adds no rule of its own: health, gaps, coalitions, the sequence
and the plan are the commands' own results. The one thing done here is
putting the findings under the colleague who should act on them. Pure; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..graph import AccountGraph
from .gaps import Finding
from .health import Health, account_health
from .plan import Plan, combine, named_colleague, plan_account
from .sequence import Sequence, plan_sequence


@dataclass(frozen=True)
class Review:
    """One account's analyses, ready to be written up."""

    graph: AccountGraph
    today: date
    health: Health
    sequence: Sequence
    plan: Plan


def review_account(graph: AccountGraph, path: str, today: date, strategy: str, target: str | None) -> Review:
    """Every analysis the report shows (the graph must be built for `today`)."""
    plan = plan_account(graph, path, today)
    return Review(
        graph=graph,
        today=today,
        health=account_health(graph, today),
        sequence=plan_sequence(graph, strategy, target),
        plan=combine([plan], today, plan.reminder_days),
    )


def actor(finding: Finding, graph: AccountGraph) -> str:
    """The id of the colleague a finding asks to act: the first of ours its suggestion names.

    A finding that says who acts (`ours`) is taken at its word. Otherwise
    it is the first of our current people named in the suggestion (at one
    place the longest name wins, so "Kim Park" beats "Kim"); then the first
    of ours the finding is about (who holds a contact to hand over); else the
    account owner, who answers for the map.
    """
    named = getattr(finding, "ours", None)
    if isinstance(named, str) and named in graph.team:
        return named
    named = named_colleague(finding, graph)
    if named is not None:
        return named
    ours = [person for person in finding.people if person in graph.team and graph.active(person)]
    return ours[0] if ours else graph.model.account.owner


def by_actor(findings: list[Finding], graph: AccountGraph) -> list[tuple[str, list[Finding]]]:
    """Findings under the colleague who should act, colleagues in order of their first finding."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(actor(finding, graph), []).append(finding)
    return list(groups.items())
