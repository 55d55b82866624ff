"""What an account review document gathers: every analysis of one map, as of one day.

The report adds no rule of its own: health, gaps, coalitions, the sequence
and the plan are the commands' own results. The one thing done here is
putting the findings under the colleague who should act on them. Pure; no I/O.
"""

from datetime import date

from ..graph import AccountGraph
from ..tuples import NamedTuple
from .gaps import Finding
from .health import Health, account_health
from .plan import Plan, actor, combine, plan_account
from .sequence import Sequence, plan_sequence


class Review(NamedTuple):
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


def by_actor(findings: list[Finding], graph: AccountGraph) -> list[tuple[str, list[Finding]]]:
    """Findings under the colleague who should act, colleagues in order of their first finding."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(actor(finding, graph), []).append(finding)
    return list(groups.items())
