"""The plan as tables, JSON or Markdown (the calendar is in `ics`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TextIO

from ..analysis.plan import Plan, PlanItem
from ..analysis.words import plural
from .json_ import to_json
from .safe import clean_line, markdown_cell
from .table import Cell, Column, Report, print_report


def _accounts(plan: Plan) -> list[str]:
    return list(dict.fromkeys(plan.accounts))


def _due(item: PlanItem, today: date) -> str:
    due = item.action.due
    if due is None:
        return "no date"
    if item.overdue:
        return f"{due.isoformat()}\n{(today - due).days}d overdue"
    return due.isoformat()


def addressed_by_person(item: PlanItem) -> list[str]:
    """`Viktor Petrov: uncovered, unknown-stance`: for each person of the action, the gaps it works on."""
    lines = []
    for person, name in zip(item.action.with_, item.people, strict=True):
        kinds = list(dict.fromkeys(found.kind for found in item.addresses if person in found.people))
        if kinds:
            lines.append(f"{name}: {', '.join(kinds)}")
    others = list(dict.fromkeys(f.kind for f in item.addresses if set(f.people).isdisjoint(item.action.with_)))
    if others:
        lines.append(", ".join(others))
    return lines


def _where(accounts: list[str]) -> str:
    return accounts[0] if len(accounts) == 1 else plural(len(accounts), "account")


def _counts(plan: Plan) -> str:
    overdue = sum(1 for item in plan.items if item.overdue)
    return f"{plural(len(plan.items), 'open action')}, {overdue} overdue (as of {plan.today.isoformat()})"


def headline(plan: Plan, accounts: list[str]) -> str:
    """`Acme: 3 open actions, 1 overdue (as of 2026-12-02)`."""
    return f"{clean_line(_where(accounts))}: {_counts(plan)}"


def render_table(plan: Plan, out: TextIO) -> None:
    """The actions by date, then the key players with no planned touch, then the reminders."""
    accounts = _accounts(plan)
    several = len(accounts) > 1
    account_column = [Column("account")] if several else []
    actions = Report(
        headline(plan, accounts),
        [
            Column("due"),
            *account_column,
            Column("action"),
            Column("owner"),
            Column("with"),
            Column("goal → gaps it addresses", flexible=True),
        ],
        empty="No open actions.",
    )
    for item in plan.items:
        goal = clean_line(item.action.goal)
        addressed = [clean_line(line) for line in addressed_by_person(item)]
        text = goal + "".join(f"\n→ {line}" for line in addressed)
        actions.rows.append(
            [
                Cell(_due(item, plan.today), "bold red" if item.overdue else None),
                *([Cell(clean_line(item.account))] if several else []),
                Cell(clean_line(item.action.id)),
                Cell(clean_line(item.owner)),
                Cell("\n".join(clean_line(name) for name in item.people) or "-"),
                Cell(text, line_styles=(None, *("dim" for _ in addressed))),
            ]
        )
    print_report(out, actions)
    if plan.untouched:
        out.write("\n")
        untouched = Report(
            f"No planned touch: {plural(len(plan.untouched), 'key player')} with no open action "
            "and no thread inside its window",
            [*account_column, Column("key player"), Column("who of ours"), Column("why", flexible=True)],
        )
        for person in plan.untouched:
            untouched.rows.append(
                [
                    *([Cell(clean_line(person.account))] if several else []),
                    Cell(clean_line(person.name)),
                    Cell(clean_line(person.ours_name)),
                    Cell(clean_line(person.reason)),
                ]
            )
        print_report(out, untouched)
    if plan.reminders:
        out.write("\n")
        reminders = Report(
            f"Key contacts whose window runs out within {plan.reminder_days} days",
            [
                Column("runs out"),
                *account_column,
                Column("key player"),
                Column("who of ours"),
                Column("strength"),
                Column("last met"),
            ],
        )
        for reminder in plan.reminders:
            reminders.rows.append(
                [
                    Cell(reminder.expires.isoformat()),
                    *([Cell(clean_line(reminder.account))] if several else []),
                    Cell(clean_line(reminder.name)),
                    Cell(clean_line(reminder.ours_name)),
                    Cell(reminder.strength),
                    Cell(reminder.last.isoformat()),
                ]
            )
        print_report(out, reminders)


def plan_document(plan: Plan) -> dict[str, object]:
    """The documented JSON shape: actions, untouched (and the reminders)."""
    return {
        "today": plan.today,
        "actions": [
            {
                "path": item.path,
                "account": item.account,
                "id": item.action.id,
                "owner": item.action.owner,
                "with": list(item.action.with_),
                "activity": item.action.activity,
                "goal": item.action.goal,
                "due": item.action.due,
                "overdue": item.overdue,
                "addresses": [{"kind": found.kind, "people": list(found.people)} for found in item.addresses],
            }
            for item in plan.items
        ],
        "untouched": [
            {
                "path": person.path,
                "account": person.account,
                "person": person.person,
                "ours": person.ours,
                "reason": person.reason,
            }
            for person in plan.untouched
        ],
        "reminders": [
            {
                "path": reminder.path,
                "account": reminder.account,
                "person": reminder.person,
                "ours": reminder.ours,
                "strength": reminder.strength,
                "last": reminder.last,
                "expires": reminder.expires,
            }
            for reminder in plan.reminders
        ],
    }


def render_json(plan: Plan, out: TextIO) -> None:
    """The plan as JSON."""
    out.write(to_json(plan_document(plan)))


def markdown_lines(plan: Plan, level: str = "##") -> list[str]:
    """The plan as Markdown tables under `level` headings (the report nests them)."""
    accounts = _accounts(plan)
    several = len(accounts) > 1
    lines = [f"{level} Plan: {markdown_cell(_where(accounts))}", "", _counts(plan) + ".", ""]
    if plan.items:
        head = "| due | " + ("account | " if several else "") + "action | owner | with | goal | gaps it addresses |"
        lines += [head, "| --- " * head.count(" | ") + "| --- |"]
        for item in plan.items:
            due = item.action.due.isoformat() if item.action.due else "no date"
            if item.overdue:
                due += " (overdue)"
            cells = [
                due,
                *([markdown_cell(item.account)] if several else []),
                markdown_cell(item.action.id),
                markdown_cell(item.owner),
                markdown_cell(", ".join(item.people)) or "-",
                markdown_cell(item.action.goal),
                "; ".join(markdown_cell(line) for line in addressed_by_person(item)) or "-",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    else:
        lines.append("No open actions.")
    if plan.untouched:
        lines += ["", f"**No planned touch** ({plural(len(plan.untouched), 'key player')}):", ""]
        head = "| " + ("account | " if several else "") + "key player | who of ours | why |"
        lines += [head, "| --- " * head.count(" | ") + "| --- |"]
        for person in plan.untouched:
            cells = [
                *([markdown_cell(person.account)] if several else []),
                markdown_cell(person.name),
                markdown_cell(person.ours_name),
                markdown_cell(person.reason),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    if plan.reminders:
        lines += ["", f"**Key contacts whose window runs out within {plan.reminder_days} days:**", ""]
        head = "| runs out | " + ("account | " if several else "") + "key player | who of ours | strength | last met |"
        lines += [head, "| --- " * head.count(" | ") + "| --- |"]
        for reminder in plan.reminders:
            cells = [
                reminder.expires.isoformat(),
                *([markdown_cell(reminder.account)] if several else []),
                markdown_cell(reminder.name),
                markdown_cell(reminder.ours_name),
                reminder.strength,
                reminder.last.isoformat(),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def render_markdown(plan: Plan, out: TextIO) -> None:
    """The plan as a Markdown section."""
    out.write("\n".join(markdown_lines(plan)) + "\n")


PLAN_FORMATS: dict[str, Callable[[Plan, TextIO], None]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
}
