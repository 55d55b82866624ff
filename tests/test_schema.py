"""`relmap schema`: a JSON Schema editors can use, describing every field."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from relmap_cli.format.schema import DATE_PATTERN, build_schema, number_pattern
from relmap_cli.load.loader import load_text

from .conftest import ROOT, run
from .yaml12 import read_yaml12


def properties(schema: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every (path, property schema) in the schema, nested definitions included (not the conditions)."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(schema, dict):
        for name, prop in schema.get("properties", {}).items():
            found.append((f"{path}.{name}", prop))
        for key, value in schema.items():
            if key not in ("properties", "if", "then", "else"):
                found.extend(properties(value, f"{path}/{key}"))
    elif isinstance(schema, list):
        for item in schema:
            found.extend(properties(item, path))
    return found


def test_schema_command_prints_the_schema_as_json() -> None:
    result = run(["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == build_schema()


def test_every_property_has_a_description() -> None:
    props = properties(build_schema())
    assert len(props) > 60
    missing = [path for path, prop in props if not prop.get("description")]
    assert missing == []


def test_schema_is_valid_draft_2020_12_and_forbids_unknown_keys() -> None:
    schema = build_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "https://raw.githubusercontent.com/relmap/relmap/v0.2.0/relmap.schema.json"
    assert schema["additionalProperties"] is False
    assert all(definition["additionalProperties"] is False for definition in schema["$defs"].values())
    assert schema["required"] == ["relmap", "account"]
    client = schema["$defs"]["ClientPerson"]["properties"]
    assert client["stance"]["anyOf"][0]["enum"] == ["champion", "supporter", "neutral", "detractor", "unknown"]
    assert client["influence"] == {
        "anyOf": [
            {
                "type": ["integer", "string"],
                "minimum": 1,
                "maximum": 5,
                "pattern": "^\\+?0*[1-5]$",
                "patternErrorMessage": "Write a whole number from 1 to 5.",
            },
            {"description": "also null", "not": {"not": {"type": ["null"]}}},
        ],
        "default": 3,
        "description": "Influence on the decision, 1 (little) to 5 (decisive).",
        "markdownDescription": "Influence on the decision, 1 (little) to 5 (decisive).",
    }
    assert "from" in schema["$defs"]["Relationship"]["properties"]
    assert "with" in schema["$defs"]["Action"]["properties"]


def test_hover_titles_and_descriptions_are_for_people_not_programmers() -> None:
    schema = build_schema()
    titles = [schema["title"], *(definition["title"] for definition in schema["$defs"].values())]
    assert sorted(titles) == [
        "Account",
        "Account map",
        "Action",
        "Client person",
        "Counterpart pair",
        "Our interest",
        "Our person",
        "Relationship",
        "What drives them",
    ]
    cares = schema["$defs"]["ClientPerson"]["properties"]["cares_about"]
    assert cares["markdownDescription"] == "Ids from `interests` (ours) this person has a stake in."
    assert cares["description"] == "Ids from interests (ours) this person has a stake in."  # plain text: no backticks


def editor(text: str) -> list[str]:
    """The schema's verdict on a map read as an editor reads it (YAML 1.2)."""
    validator = jsonschema.Draft202012Validator(build_schema(), format_checker=jsonschema.FormatChecker())
    return sorted(error.message for error in validator.iter_errors(read_yaml12(text)))


TEAM = "relmap: 1\nteam: [{id: kim, name: Kim}]\n"
ACCOUNT = "account: {name: Acme, owner: kim}\n"


def snippet(body: str) -> str:
    """A small map around `body` (which may bring its own `account`)."""
    return TEAM + ("" if body.startswith("account") else ACCOUNT) + body + "\n"


@pytest.mark.parametrize(
    "body",
    [
        "client: [{id: 0123, name: 2024, stance: , influence: '4', placeholder: \"false\"}]",  # YAML 1.1 traps
        "client: [{id: maria, name: true, roles: , topics: [0x1F, 1e3], level: }]",
        "client: [{id: tbd, title: Head of R&D, placeholder: True}]",  # no name needed
        "client: [{id: tbd, name: , placeholder: true}]",  # a blank name is no name
        "client: [{id: maria, name: M, left: 2028-02-29, successor: }]",
        "account: {name: 1.50, owner: kim, tier: '03', review_every: 36500d, intent: , reviewed: 2026-11-23}",
        "relationships:\n  - {from: kim, kind: knows, to: maria, strength: negative, last: 2000-02-29}",
        "relationships: [{from: a, kind: defers-to, to: b, basis: expertise, strength: }]",
        "actions: [{id: a1, owner: kim, goal: G, status: done, done: 2026-11-01, with: [maria]}]",
        "actions: [{id: a1, owner: kim, goal: G, done: , status: open}]",
    ],
)
def test_what_relmap_accepts_an_editor_accepts(body: str) -> None:
    text = snippet(body)
    # references to people this snippet does not define aside, relmap accepts it
    assert {problem.rule for problem in load_text(text).problems} <= {"unknown-ref"}
    assert editor(text) == []


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("client: [{id: maria, name: M, influence: 6}]", "value"),
        ("client: [{id: maria, name: M, influence: '06'}]", "value"),
        ("client: [{id: maria, name: M, placeholder: yes}]", "type"),
        ("client: [{id: maria, title: Buyer}]", "missing-key"),
        ("client: [{id: maria, name: M, placeholder: true}]", "placeholder-named"),
        ("client: [{id: maria, name: M, roles: [user, user]}]", "duplicate-value"),
        ("client: [{id: maria, name: M, successor: eva}, {id: eva, name: Eva}]", "not-applicable"),
        ("client: [{id: maria, name: M, left: 2027-02-29}]", "date"),
        ("client: [{id: maria, name: M, left: 0000-01-01}]", "date"),
        ("client: [{id: 'a b', name: M}]", "value"),
        ("account: {name: Acme, owner: kim, review_every: 36501d}", "value"),
        ("account: {name: Acme, owner: kim, review_every: 101y}", "value"),
        ("account: {name: Acme, owner: kim, review_every: 090d}", "value"),
        ("account: {name: '', owner: kim}", "value"),
        ("relationships: [{from: a, kind: influences, to: b, strength: negative}]", "value"),
        ("relationships: [{from: a, kind: influences, to: b, basis: respect}]", "not-applicable"),
        ("relationships: [{from: a, kind: opposes, to: b, last: 2026-01-01}]", "not-applicable"),
        ("actions: [{id: a1, owner: kim, goal: G, done: 2026-11-01}]", "not-applicable"),
    ],
)
def test_what_relmap_rejects_in_one_entry_an_editor_rejects(body: str, rule: str) -> None:
    text = snippet(body)
    assert rule in {problem.rule for problem in load_text(text).problems}
    assert editor(text) != []


@pytest.mark.parametrize(
    "body",
    [
        "account: {name: Acme, owner: kim, tier: 0x1}",  # hexadecimal 1
        "account: {name: Acme, owner: kim, tier: 1.0}",  # 1.0 is the number 1
        "client: [{id: +5, name: M}]",  # the number 5
    ],
)
def test_notations_a_schema_cannot_tell_from_a_plain_number(body: str) -> None:
    # YAML 1.2 turns these into the same number as `1` or `5` before any schema sees them, so an
    # editor accepts them; relmap reads the text as written and asks for a plain whole number or id.
    text = snippet(body)
    assert load_text(text).problems != []
    assert editor(text) == []


def test_number_patterns_match_exactly_their_range() -> None:
    for low, high in [(1, 1), (1, 5), (1, 3), (1, 100), (1, 1216), (1, 5214), (1, 36500), (7, 123), (99, 1001)]:
        pattern = re.compile(f"^(?:{number_pattern(low, high)})$")
        assert [n for n in range(high * 2 + 20) if pattern.match(str(n))] == list(range(low, high + 1))
        assert not pattern.match(f"0{low}")


def test_the_date_pattern_admits_exactly_the_calendar() -> None:
    pattern = re.compile(DATE_PATTERN)
    for year in [*range(30), 100, 200, 400, 1600, 1700, 1900, 2000, 2023, 2024, 2100, 2400, 9999]:
        for month in range(14):
            for day in range(33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                try:
                    real = date.fromisoformat(text).year > 0
                except ValueError:
                    real = False
                assert bool(pattern.match(text)) == real, text


def test_schema_rejects_what_relmap_rejects() -> None:
    validator = jsonschema.Draft202012Validator(build_schema())
    bad = {"relmap": 1, "account": {"name": "A", "owner": "k", "teir": 1}}
    assert [error.message for error in validator.iter_errors(bad)] == [
        "Additional properties are not allowed ('teir' was unexpected)"
    ]


def test_committed_schema_file_is_current() -> None:
    committed = json.loads((ROOT / "relmap.schema.json").read_text(encoding="utf-8"))
    assert committed == build_schema(), "run: relmap schema --output relmap.schema.json"


def test_schema_output_option_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "relmap.schema.json"
    result = run(["schema", "--output", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == build_schema()
    assert result.stderr == f"wrote {target}\n"
