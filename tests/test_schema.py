"""`relmap schema`: a JSON Schema editors can use, describing every field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from relmap_cli.format.schema import build_schema

from .conftest import EXAMPLES, ROOT, run


def properties(schema: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every (path, property schema) in the schema, nested definitions included."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(schema, dict):
        for name, prop in schema.get("properties", {}).items():
            found.append((f"{path}.{name}", prop))
        for key, value in schema.items():
            if key != "properties":
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
    assert schema["additionalProperties"] is False
    assert all(definition["additionalProperties"] is False for definition in schema["$defs"].values())
    assert schema["required"] == ["relmap", "account"]
    client = schema["$defs"]["ClientPerson"]["properties"]
    assert client["stance"]["enum"] == ["champion", "supporter", "neutral", "detractor", "unknown"]
    assert client["influence"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": 5,
        "description": "Influence on the decision, 1 (little) to 5 (decisive).",
        "default": 3,
    }
    assert "from" in schema["$defs"]["Relationship"]["properties"]
    assert "with" in schema["$defs"]["Action"]["properties"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_satisfy_the_schema(path: Path) -> None:
    # what an editor sees: YAML 1.1 typing, dates as dates, so compare as JSON would
    document = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
    jsonschema.Draft202012Validator(build_schema(), format_checker=jsonschema.FormatChecker()).validate(document)


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
