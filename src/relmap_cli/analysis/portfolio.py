"""The portfolio: one row per account with its health, riskiest first.

A map that does not load is a row too, with its errors: it sorts
first, since nothing else about that account can be trusted until it is
fixed. The order is documented in `risk_key`. Pure; no I/O.
"""

from datetime import date

from ..format.model import AccountMap
from ..graph import build_graph
from ..load.problems import RANK, Problem, Severity
from ..tuples import NamedTuple
from .health import Health, account_health
from .staleness import Thresholds, check_map


class Row(NamedTuple):
    """One account of the portfolio: its health, or why its map cannot be read."""

    path: str
    account: str | None  # None when even the name cannot be read
    health: Health | None
    errors: int  # validation errors
    worst: Severity | None  # the worst finding `relmap check` reports for this map
    problems: tuple[Problem, ...] = ()  # a map that does not load: its first SHOWN_PROBLEMS errors, in file order

    @property
    def name(self) -> str:
        """The account's name, or the file's path when the map does not say."""
        return self.account or self.path


def judge_account(path: str, model: AccountMap, today: date, thresholds: Thresholds | None = None) -> Row:
    """The row of a valid map as of `today`."""
    thresholds = thresholds or Thresholds()
    health = account_health(build_graph(model, today), today, thresholds)
    findings = check_map(model, today, thresholds)
    worst = max((finding.severity for finding in findings), key=RANK.__getitem__, default=None)
    return Row(path, model.account.name, health, 0, worst)


SHOWN_PROBLEMS = 3  # a row says what is wrong; `relmap validate` lists it all


def broken_account(path: str, account: str | None, problems: list[Problem]) -> Row:
    """The row of a map that does not load, with its first errors."""
    first = tuple(sorted(problems, key=Problem.sort_key)[:SHOWN_PROBLEMS])
    return Row(path, account, None, len(problems), Severity.ERROR, first)


def risk_key(row: Row) -> tuple[object, ...]:
    """Riskiest first: an unreadable map; then the most red flags and champions at risk; the lowest
    status; the smallest share of key players reached; the most stale contacts and overdue actions;
    the review due soonest (never reviewed first); then tier 1 before 3, and the name."""
    health = row.health
    if health is None:
        return (0, -row.errors, row.name.casefold(), row.path)
    share = health.reached / health.key_players if health.key_players else 0.0
    review = health.next_review_days if health.next_review_days is not None else -(10**6)
    return (
        1,
        -(len(health.red_flags) + len(health.champion_risks)),
        health.status,
        share,
        -(health.stale + health.overdue),
        review,
        health.tier,
        row.name.casefold(),
        row.path,
    )


def rank_accounts(rows: list[Row]) -> list[Row]:
    """The rows, riskiest first (see `risk_key`)."""
    return sorted(rows, key=risk_key)
