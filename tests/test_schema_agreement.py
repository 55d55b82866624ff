"""The JSON Schema and `relmap validate` agree on every map of the corpora and the examples.

Read as an editor reads YAML (1.2), every map relmap accepts satisfies the
schema, and every entry relmap faults, the schema faults too, except for
the rules listed in `schema_agreement`: YAML-level ones (the editor's parser
has its own) and the ones that compare values, which JSON Schema cannot
express. The real language server is tested the same way in
test_langserver.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from relmap_cli.format.schema import build_schema
from relmap_cli.load.loader import load_map

from .conftest import DATA, EXAMPLES, ROOT
from .schema_agreement import WHOLE_MAP_RULES, YAML_RULES, Comparison, compare, schema_entries
from .yaml12 import Unreadable, read_yaml12

MAPS = sorted([*DATA.rglob("*.yaml"), *EXAMPLES.glob("*.yaml")])


def judge(path: Path) -> Comparison:
    loaded = load_map(str(path))
    text = path.read_bytes().decode("utf-8", "replace")
    try:
        data = read_yaml12(path.read_bytes().decode("utf-8-sig"))
    except (Unreadable, UnicodeDecodeError):
        faults = None
    else:
        faults = schema_entries(build_schema(), data)
    return compare(str(path.relative_to(ROOT)), text, loaded.problems, faults)


@pytest.mark.parametrize("path", MAPS, ids=[str(p.relative_to(ROOT)) for p in MAPS])
def test_schema_and_validate_agree(path: Path) -> None:
    assert judge(path).unexplained == []


def test_the_corpora_are_all_compared() -> None:
    assert len(MAPS) >= 40


def test_the_only_differences_are_the_listed_rules() -> None:
    allowed: set[str] = set()
    for path in MAPS:
        allowed |= judge(path).allowed
    # every whole-map rule occurs in the corpora, and each is a difference the schema leaves to relmap
    assert set(WHOLE_MAP_RULES) <= allowed
    assert allowed <= set(WHOLE_MAP_RULES) | set(YAML_RULES) | {"value"}
