"""`relmap people`: every filter and sort on an inline map, and CSV that a spreadsheet cannot execute."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from .conftest import run

ACCOUNT = """\
relmap: 1
account: {name: Acme, owner: kim}
team:
  - {id: kim, name: Kim Park, function: sales, level: manager}
  - {id: chen, name: Li Chen, function: r-and-d, level: director}
client:
  - {id: anna, name: Anna Keller, title: Chief Executive Officer, function: executive, level: executive,
     roles: [decision-maker], stance: neutral, influence: 5}
  - {id: maria, name: Maria Lopez, title: Chief Procurement Officer, function: procurement, level: executive,
     roles: [decision-maker, budget-holder], stance: supporter, influence: 4, reports_to: anna}
  - {id: joe, name: Joe Hart, function: procurement, level: manager, roles: [influencer], stance: champion,
     influence: 2, reports_to: maria}
  - {id: raj, name: Raj Patel, function: r-and-d, level: vp, stance: detractor, influence: 4, reports_to: anna}
  - {id: fin, name: '=HYPERLINK("http://evil.example")', title: '@SUM(A1)', function: finance, level: staff,
     notes: '+cmd|calc'}
  - {id: paul, name: Paul Richter, function: procurement, level: director, stance: champion, left: 2026-01-31}
relationships:
  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-11-20}
  - {from: kim, kind: knows, to: joe, strength: good, last: 2026-10-01}
  - {from: chen, kind: knows, to: raj, strength: weak, last: 2026-06-01}
  - {from: kim, kind: knows, to: anna, strength: weak}
"""


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    path = tmp_path / "acme.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")
    return path


def ids(acme: Path, *args: str) -> list[str]:
    result = run(["people", str(acme), "--today", "2026-12-02", "-f", "json", *args])
    assert result.exit_code == 0, result.stderr
    return [person["person"] for person in json.loads(result.stdout)["people"]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ["anna", "maria", "joe", "raj", "fin"]),  # the map's order; people who left are history
        (["--left"], ["anna", "maria", "joe", "raj", "fin", "paul"]),
        (["--function", "procurement"], ["maria", "joe"]),
        (["--function", "procurement", "--function", "finance"], ["maria", "joe", "fin"]),
        (["--level", "executive"], ["anna", "maria"]),
        (["--role", "decision-maker"], ["anna", "maria"]),
        (["--role", "influencer", "--role", "budget-holder"], ["maria", "joe"]),
        (["--stance", "champion", "--stance", "detractor"], ["joe", "raj"]),
        (["--uncovered"], ["anna", "raj", "fin"]),  # weak contacts are not threads
        (["--function", "procurement", "--left", "--stance", "champion"], ["joe", "paul"]),
        (["--sort", "name"], ["fin", "anna", "joe", "maria", "raj"]),  # '=' sorts before letters
        (["--sort", "influence"], ["anna", "maria", "raj", "fin", "joe"]),  # ties in the map's order
        (["--sort", "last"], ["anna", "fin", "raj", "joe", "maria"]),  # undated or never met first
        (["--sort", "ease"], ["joe", "maria", "anna", "fin", "raj"]),  # champion, supporter, neutral, ...
        (["--uncovered", "--sort", "influence"], ["anna", "raj", "fin"]),
    ],
)
def test_filters_and_sorts(acme: Path, args: list[str], expected: list[str]) -> None:
    assert ids(acme, *args) == expected


def test_each_row_says_how_we_know_the_person(acme: Path) -> None:
    result = run(["people", str(acme), "--today", "2026-12-02", "-f", "json"])
    people = {person["person"]: person for person in json.loads(result.stdout)["people"]}
    maria = people["maria"]
    assert (maria["best_contact"], maria["strength"], maria["last"], maria["age_days"]) == (
        "kim",
        "strong",
        "2026-11-20",
        12,
    )
    assert (maria["threads"], maria["bucket"], maria["ease"], maria["ease_band"]) == (1, "furthers", 2, "easy")
    assert (people["raj"]["age_days"], people["raj"]["threads"], people["raj"]["bucket"]) == (184, 0, "hinders")
    assert (people["anna"]["best_contact"], people["anna"]["age_days"]) == ("kim", None)
    assert people["fin"]["best_contact"] is None
    assert [people[p]["ease_band"] for p in ("joe", "maria", "anna", "fin", "raj")] == [
        "easy",
        "easy",
        "medium",
        "medium",
        "hard",
    ]


def test_the_table_shows_contact_age_bucket_and_ease(acme: Path) -> None:
    result = run(["people", str(acme), "--today", "2026-12-02", "--function", "procurement"])
    lines = result.stdout.splitlines()
    assert lines[0] == "Acme: 2 of 5 client people"
    assert lines[3].split() == ["Maria", "Lopez", "procurement", "DM", "BH", "supporter", "Kim", "Park", "furthers"]
    assert lines[4].split() == ["Chief", "Procurement", "Officer", "executive", "influence", "4", "strong,", "12d",
                                "ago", "2/5", "easy"]  # fmt: skip
    assert lines[5].split() == ["1", "thread"]


def test_csv_reads_back_and_no_cell_starts_a_formula(acme: Path) -> None:
    result = run(["people", str(acme), "--today", "2026-12-02", "-f", "csv", "--sort", "name"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["person"] for row in rows] == ["fin", "anna", "joe", "maria", "raj"]
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["title"] == "'@SUM(A1)"
    assert rows[3]["roles"] == "decision-maker; budget-holder" and rows[3]["age_days"] == "12"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_markdown_is_one_table(acme: Path) -> None:
    result = run(["people", str(acme), "--today", "2026-12-02", "-f", "markdown", "--stance", "champion"])
    lines = result.stdout.splitlines()
    assert lines[:3] == ["## People: Acme", "", "1 of 5 client people."]
    assert lines[6] == (
        "| Joe Hart |  | procurement | manager | influencer | champion | 2 | Kim Park, good, 62d ago | 1 | "
        "furthers | 1/5 easy |"
    )


def test_an_unknown_function_is_a_usage_error_naming_the_ones_there_are(acme: Path) -> None:
    result = run(["people", str(acme), "--function", "procurment"])
    assert result.exit_code == 2
    assert (
        "--function procurment: no client person has that function "
        "(functions: executive, finance, procurement, r-and-d)" in result.stderr
    )


def test_an_unknown_level_is_refused_by_the_option(acme: Path) -> None:
    result = run(["people", str(acme), "--level", "boss"])
    assert result.exit_code == 2 and "boss" in result.stderr
