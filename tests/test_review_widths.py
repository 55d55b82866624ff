"""plan, people, portfolio and trend tables at 200, 100, 80, 60 and 40 columns: nothing lost, nothing too wide.

The same checks as tests/test_widths.py: no line wider than the width,
every cell in its column (or in order, when the rows are stacked), and
every value of the command's JSON form somewhere in what it printed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import DATA, EXAMPLES, run
from .test_trend import repo  # noqa: F401 - the repository the trend is read from
from .test_widths import WIDTHS, cells_of, check_layout, piped, squeeze

TODAY = "2026-12-02"
ACCOUNTS = sorted((DATA / "accounts").glob("*.yaml"))


def names(path: Path) -> dict[str, str]:
    """Person id -> how tables name them."""
    from relmap_cli.load.loader import load_map

    model = load_map(str(path)).model
    assert model is not None
    return {person.id: person.label for person in [*model.team, *model.client]}


def expect_plan(args: list[str], data: dict) -> list[str]:
    label: dict[str, str] = {}
    for path in [*EXAMPLES.glob("*.yaml"), *ACCOUNTS]:
        label.update(names(path))
    found = []
    for action in data["actions"]:
        found += [action["id"], action["goal"], label[action["owner"]], *(label[p] for p in action["with"])]
        found += [action["due"] or "no date", action["account"]]
    for person in data["untouched"]:
        found += [label[person["person"]], label[person["ours"]], person["reason"]]
    for reminder in data["reminders"]:
        found += [label[reminder["person"]], label[reminder["ours"]], reminder["expires"], reminder["last"]]
    return found


def expect_people(args: list[str], data: dict) -> list[str]:
    label = names(Path(args[1]))
    found = [data["account"]]
    for person in data["people"]:
        found += [label[person["person"]], person["stance"], f"influence {person['influence']}", person["bucket"] or ""]
        found += [person["title"] or "", person["function"] or "", person["level"] or ""]
        if person["best_contact"]:
            found.append(label[person["best_contact"]])
        if person["ease"]:
            found.append(f"{person['ease']}/{data['approachable']} {person['ease_band']}")
    return found


def expect_portfolio(args: list[str], data: dict) -> list[str]:
    found = []
    for account in data["accounts"]:
        found += [account["account"], account["path"], f"{account['reached']}/{account['key_players']}"]
        found += [account["model"], account["target_model"], str(account["red_flags"]), str(account["tier"])]
    return found


CASES = [
    ("plan-examples", ["plan", str(EXAMPLES), str(DATA / "accounts")], expect_plan),
    *((f"people-{p.stem}", ["people", str(p)], expect_people) for p in [EXAMPLES / "acme.yaml", *ACCOUNTS]),
    ("portfolio", ["portfolio", str(EXAMPLES), str(DATA / "accounts")], expect_portfolio),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "args", "expect"), CASES, ids=[name for name, _, _ in CASES])
def test_tables_keep_every_value_within_the_width(name: str, args: list[str], expect: object, width: int) -> None:
    full = [*args, "--today", TODAY]
    text, reports = piped(full, width, no_color=True) if name != "portfolio" else _portfolio(full, width)
    at = 0
    for report in reports:
        printed = text[at:]
        check_layout(report, width, _one(printed, report, width))
        at += len(_one(printed, report, width)) + 1
    data = json.loads(run([*full, "-f", "json"]).stdout)
    everything = "".join(cells_of(reports))
    missing = [value for value in expect(full, data) if squeeze(value) not in everything]  # type: ignore[operator]
    assert missing == []


def _portfolio(args: list[str], width: int) -> tuple[str, list]:
    """The portfolio exits 1 when a map has an error-severity finding; `piped` wants 0."""
    from relmap_cli.render import table

    printed = []
    original = table.layout

    def recording(report: object, at: int, styled: bool = True) -> object:
        printed.append(report)
        return original(report, at, styled)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table, "layout", recording)
        result = run(args, env={"COLUMNS": str(width), "NO_COLOR": "1", "FORCE_COLOR": ""})
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout, printed


def _one(text: str, report: object, width: int) -> str:
    """The part of `text` one report printed: up to the blank line the next report starts after."""
    from relmap_cli.render import table

    lines = list(table.layout(report, width, False))  # type: ignore[arg-type]
    return "\n".join(text.split("\n")[: len(lines)]) + "\n"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_trend_table_keeps_every_value_within_the_width(repo: object, width: int) -> None:
    args = ["trend", "maps/acme.yaml", "--today", "2026-08-20"]
    text, reports = piped(args, width, no_color=True)
    check_layout(reports[0], width, text)
    data = json.loads(run([*args, "-f", "json"]).stdout)
    everything = "".join(cells_of(reports))
    for point in data["points"]:
        values = [point["date"], point["commit"][:7], point["subject"]]
        if point["status"] is not None:
            values += [point["model"], f"{point['reached']}/{point['key_players']}", str(point["threads"])]
        assert [v for v in values if squeeze(v) not in everything] == []
