"""The gap report: where relationships are missing, thin, hostile, politically at risk or gone.

Pure functions over the account graph; findings speak in person ids and
carry a one-line message and a concrete suggestion, most important first.
Each rule lives in its own module (`redflags`, `departures`, `roles`,
`coverage`, `pairing`, `target`); `context` holds what they share and the
plan, `select` the filters a reader applies. The same advice is given once.
"""

from __future__ import annotations

from ...format.model import target_model
from ...graph import AccountGraph
from ..words import names_pattern
from .context import HORIZON_DAYS, SUPPORTIVE, Context
from .coverage import bow_tie, negatives, single_threaded, uncovered
from .departures import departed
from .engagement import account_shape, bow_tie_holder, engagement_model, live_contacts
from .pairing import missing_counterparts, white_space
from .redflags import red_flags
from .report import KINDS, SEVERITIES, STATUS_TEXT, Finding, GapReport, sort_key
from .roles import missing_roles, placeholders, unknown_stances
from .select import Selection, people_caring, select_findings
from .target import model_findings

__all__ = [
    "HORIZON_DAYS",
    "KINDS",
    "SEVERITIES",
    "STATUS_TEXT",
    "Finding",
    "GapReport",
    "Selection",
    "bow_tie_holder",
    "engagement_model",
    "find_gaps",
    "live_contacts",
    "map_status",
    "people_caring",
    "select_findings",
]


def find_gaps(graph: AccountGraph, horizon: int = HORIZON_DAYS, *, merging: bool = True) -> GapReport:
    """Every gap of the map as of the graph's `today`, most important first.

    `horizon` is how many days ahead an announced departure is a red flag.
    `merging=False` keeps one finding per person (what `diff` compares).
    """
    ctx = Context(graph, horizon, merging=merging)
    shape = account_shape(graph, ctx.rule)
    model = shape.model()
    findings = red_flags(ctx) + departed(ctx) + missing_roles(ctx)
    # the rules that propose meetings run in this order, so that later ones do not repeat earlier ones
    findings += uncovered(ctx) + single_threaded(ctx) + negatives(ctx) + bow_tie(ctx, shape)
    findings += model_findings(ctx, shape, model) + missing_counterparts(ctx) + white_space(ctx)
    findings += unknown_stances(ctx) + placeholders(ctx)
    ordered = _once(sorted(findings, key=sort_key)) if merging else sorted(findings, key=sort_key)
    return GapReport(
        account=graph.model.account.name,
        model=model,
        target_model=target_model(graph.model.account),
        status=map_status(graph),
        findings=_with_asks(graph, ordered),
    )


def _with_asks(graph: AccountGraph, findings: list[Finding]) -> list[Finding]:
    """Each finding with the colleagues its suggestion names (the longest name wins where names overlap)."""
    names: dict[str, list[str]] = {}
    for member in graph.active_team():
        names.setdefault(member.name, []).append(member.id)
    if not names:
        return findings
    pattern = names_pattern(names)
    kept = []
    for finding in findings:
        named = [member for found in pattern.finditer(finding.suggestion) for member in names[found.group()]]
        if named:
            finding = finding._replace(asks=tuple(dict.fromkeys(named)))
        kept.append(finding)
    return kept


class _Joined:
    """The findings that share one suggestion, gathered as they come (joined once, at the end)."""

    __slots__ = ("first", "message_length", "messages", "notes", "people", "planned")

    def __init__(self, first: Finding) -> None:
        self.first = first
        self.messages = [first.message]
        self.message_length = len(first.message)
        self.people = dict.fromkeys(first.people)
        self.planned = dict.fromkeys(first.planned)
        self.notes = [first.plan_note.removeprefix("planned: ")] if first.plan_note else []

    def add(self, finding: Finding) -> None:
        # the same message again says nothing new (compared with all of them joined, as the finding reads)
        if len(finding.message) != self.message_length or finding.message != "; ".join(self.messages):
            self.messages.append(finding.message)
            self.message_length += len(finding.message) + 2
        self.people.update(dict.fromkeys(finding.people))
        self.planned.update(dict.fromkeys(finding.planned))
        if finding.plan_note:
            note = finding.plan_note.removeprefix("planned: ")
            if not self.notes or note != "; ".join(self.notes):
                self.notes.append(note)

    def finding(self) -> Finding:
        return self.first._replace(
            people=tuple(self.people),
            message="; ".join(self.messages),
            planned=tuple(self.planned),
            plan_note="planned: " + "; ".join(self.notes) if self.notes else "",
        )


def _once(findings: list[Finding]) -> list[Finding]:
    """One finding per piece of advice: a later finding with the same suggestion joins the first."""
    joined: dict[str, _Joined | Finding] = {}
    for finding in findings:
        earlier = joined.get(finding.suggestion)
        if earlier is None:
            joined[finding.suggestion] = finding  # most advice is given once: no gathering for it
        elif isinstance(earlier, _Joined):
            earlier.add(finding)
        else:
            gathered = joined[finding.suggestion] = _Joined(earlier)
            gathered.add(finding)
    return [entry.finding() if isinstance(entry, _Joined) else entry for entry in joined.values()]


def map_status(graph: AccountGraph) -> int:
    """0 no client people, 1 no key players, 2 none supportive, 3 supportive key players."""
    people = [p for p in graph.active_client() if not p.placeholder]
    if not people:
        return 0
    key_players = [p for p in people if p.is_key_player]
    if not key_players:
        return 1
    return 3 if any(p.stance in SUPPORTIVE for p in key_players) else 2
