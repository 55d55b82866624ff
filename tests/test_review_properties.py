"""Generated valid maps: plan, people, portfolio figures and the report never crash, never vary,
and keep their promises (every open action once, every client person once, counts within bounds)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings

from relmap_cli.analysis.health import account_health
from relmap_cli.analysis.people import list_people
from relmap_cli.analysis.plan import combine, plan_account
from relmap_cli.analysis.review import review_account
from relmap_cli.format.validator import validate_map
from relmap_cli.graph import build_graph
from relmap_cli.render.report import report_html, report_redacted_html
from relmap_cli.render.report_md import report_markdown

from .strategies import account_maps

TODAY = date(2026, 11, 23)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(account_maps())
def test_the_review_views_never_crash_and_keep_their_promises(data: dict) -> None:
    model = validate_map(data)
    runs = []
    for _ in range(2):
        graph = build_graph(model, TODAY)
        plan = combine([plan_account(graph, "map.yaml", TODAY)], TODAY, 30)
        runs.append((plan, account_health(graph, TODAY), list_people(graph, TODAY, by="ease")))
    assert runs[0] == runs[1]
    plan, health, people = runs[0]
    open_actions = [a.id for a in model.actions if a.status == "open"]
    assert sorted(item.action.id for item in plan.items) == sorted(open_actions)
    dated = [item.action.due for item in plan.items if item.action.due is not None]
    assert dated == sorted(dated)
    assert all(item.action.due is not None for item in plan.items[: len(dated)])
    untouched = {person.person for person in plan.untouched}
    reminded = {reminder.person for reminder in plan.reminders}
    planned = {person for item in plan.items for person in item.action.with_}
    assert not untouched & reminded and not (untouched | reminded) & planned
    assert 0 <= health.reached <= health.key_players and 0 <= health.overdue <= health.open
    assert health.status in (0, 1, 2, 3)
    current = [p.id for p in model.client if p.left is None or p.left > TODAY]
    assert sorted(row.person.id for row in people.rows) == sorted(current)
    ranks = [row.ease for row in people.rows if row.ease is not None]
    assert ranks == list(range(1, people.approachable + 1))
    review = review_account(graph, "map.yaml", TODAY, "backward", None)
    html, markdown = report_html(review, None, 15), report_markdown(review, None, 15)
    redacted = report_redacted_html(graph, TODAY.isoformat())
    assert html.startswith("<!DOCTYPE html>") and redacted.startswith("<!DOCTYPE html>")
    assert markdown.startswith("# Account plan: ")
    for page in (html, markdown, redacted):  # map text never reaches a page raw
        assert not any(ord(c) < 32 and c not in "\n" for c in page)
