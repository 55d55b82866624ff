"""The positioned YAML reader: text stays text, positions are exact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from relmap_cli.load import yamltree
from relmap_cli.load.loader import decode_source, load_source, read_source
from relmap_cli.load.yamltree import ALIAS, YList, YMap, has_top_level_key, parse_yaml

from .conftest import DATA, ROOT


def test_scalars_stay_text_and_nulls_become_none() -> None:
    data, problems = parse_yaml("a: no\nb: 0123\nc: 2026-02-30\nd: ~\ne:\nf: 'null'\ng: true\n", "f.yaml")
    assert problems == []
    assert data == {"a": "no", "b": "0123", "c": "2026-02-30", "d": None, "e": None, "f": "null", "g": "true"}


def test_positions_of_keys_values_and_items() -> None:
    data, _ = parse_yaml("top:\n  - {id: x, name: é X}\n  - id: y\n", "f.yaml")
    assert isinstance(data, YMap)
    items = data["top"]
    assert isinstance(items, YList)
    assert items.item_pos(0) == (2, 5)
    assert items.item_pos(1) == (3, 5)
    assert items[0].key_pos("name") == (2, 13)
    assert items[0].value_pos("name") == (2, 19)
    assert items[1].value_pos("id") == (3, 9)


def test_duplicate_keys_name_the_first_line_while_the_mapping_grows() -> None:
    # a position looked up halfway (at the first duplicate) must still find the keys written after it
    text = "a: 1\nb: 2\na: 3\nc: 4\nd: 5\nc: 6\nb: 7\ne: 8\n"
    data, problems = parse_yaml(text, "f.yaml")
    assert [(p.line, p.column, p.message.split(";")[0]) for p in problems] == [
        (3, 1, "duplicate key 'a' (first written at line 1)"),
        (6, 1, "duplicate key 'c' (first written at line 4)"),
        (7, 1, "duplicate key 'b' (first written at line 2)"),
    ]
    assert data == {"a": "1", "b": "2", "c": "4", "d": "5", "e": "8"}
    assert [data.key_pos(key) for key in "abcde"] == [(1, 1), (2, 1), (4, 1), (5, 1), (8, 1)]
    assert [data.value_pos(key) for key in "abcde"] == [(1, 4), (2, 4), (4, 4), (5, 4), (8, 4)]
    assert data.key_pos("zz") == data.pos() == (1, 1)


def test_every_key_of_a_wide_mapping_keeps_its_own_position() -> None:
    text = "".join(f"k{i}: {'x' * (i % 7)}v{i}\n" for i in range(3000))
    data, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    assert data.key_pos("k2999") == (3000, 1)
    assert all(data.value_pos(f"k{i}") == (i + 1, len(f"k{i}: ") + 1) for i in range(0, 3000, 7))


def test_equal_values_are_one_string_in_the_tree_and_the_records() -> None:
    # a large map repeats every id in many relationships: each is held once
    data, _ = parse_yaml("relationships:\n  - {from: t1, to: c1}\n  - {from: t1, to: c2}\n", "f.yaml")
    first, second = data["relationships"]
    assert first["from"] is second["from"]
    loaded = load_source(read_source(str(ROOT / "examples" / "acme.yaml")))
    assert loaded.model is not None
    relationship = loaded.model.relationships[0]
    (person,) = [p for p in [*loaded.model.team, *loaded.model.client] if p.id == relationship.source]
    assert person.id is relationship.source
    # pydantic-core's set of the keys each record was written with is not kept
    assert relationship.__pydantic_fields_set__ is None


def test_bom_and_crlf_do_not_shift_positions() -> None:
    source = decode_source("f.yaml", "\ufeffa: 1\r\nb:\r\n  c: zz\r\n".encode())
    assert source.text is not None
    data, problems = parse_yaml(source.text, "f.yaml")
    assert problems == []
    assert data == {"a": "1", "b": {"c": "zz"}}
    assert data.key_pos("a") == (1, 1)
    assert data["b"].value_pos("c") == (3, 6)


def test_aliases_are_never_expanded() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b]\n"
    data, problems = parse_yaml(bomb, "f.yaml")
    assert data["c"] == [ALIAS, ALIAS]
    assert [(p.line, p.column, p.rule) for p in problems] == [
        (1, 4, "alias"),
        (2, 4, "alias"),
        (2, 8, "alias"),
        (3, 5, "alias"),
    ]
    assert problems[2].message == "alias '*a' (used 3 times) is not allowed in a map: write the value out in full"


def test_non_utf8_is_located() -> None:
    source = decode_source("f.yaml", b"a: 1\nname: Caf\xe9\n")
    assert source.text is None and source.problem is not None
    assert (source.problem.line, source.problem.column, source.problem.rule) == (2, 10, "encoding")


def test_control_character_is_located() -> None:
    data, problems = parse_yaml("a: 1\nb: é\x07\n", "f.yaml")
    assert data is None
    assert [(p.line, p.column, p.rule) for p in problems] == [(2, 5, "syntax")]
    assert problems[0].message == (
        "YAML syntax error: character U+0007 is not allowed in YAML (control characters are not allowed)"
    )


def test_nesting_up_to_the_limit_is_read_without_recursion() -> None:
    depth = 64
    data, problems = parse_yaml("[" * depth + "]" * depth, "f.yaml")
    assert problems == []
    for _ in range(depth - 1):
        data = data[0]
    assert data == []


def test_nesting_past_the_limit_stops_the_parse_where_it_happens() -> None:
    data, problems = parse_yaml("a:\n  b:\n" + "    " + "[" * 100 + "]" * 100 + "\n", "f.yaml")
    assert data is None
    # the root mapping, a's mapping, then 62 lists fit; the 63rd list is one too many
    assert [(p.line, p.column, p.rule) for p in problems] == [(3, 67, "too-deep")]


def test_a_tag_on_any_node_is_refused_where_it_is_written() -> None:
    text = (
        "a: !!python/object/apply:os.system [ls]\n"  # a list
        "b: !!map {x: y}\n"  # a mapping
        "!!python/name:os.system c: 1\n"  # a key
        "d: !!str 007\n"  # a string tag on a value: harmless, it says "text"
        "e: ! [x]\n"
    )
    data, problems = parse_yaml(text, "f.yaml")
    assert [(p.line, p.column, p.rule, p.message) for p in problems] == [
        (1, 4, "tag", "YAML tag '!!python/object/apply:os.system' is not allowed in a map"),
        (2, 4, "tag", "YAML tag '!!map' is not allowed in a map"),
        (3, 1, "tag", "YAML tag '!!python/name:os.system' is not allowed in a map"),
        (5, 4, "tag", "YAML tag '!' is not allowed in a map"),
    ]
    assert data["d"] == "007"


def test_line_and_paragraph_separators_and_nel_are_characters_not_line_breaks() -> None:
    # YAML 1.1 (libyaml) breaks lines at them; editors and YAML 1.2 do not.
    text = "# a note\u2028with a line separator: x\nname: A\u2028B\x85C\u2029D\nnext: [\n"
    data, problems = parse_yaml(text, "f.yaml")
    assert [(p.line, p.column, p.rule) for p in problems] == [(4, 1, "syntax")]
    data, problems = parse_yaml(text.replace("next: [\n", "next: zz\n"), "f.yaml")
    assert problems == []
    assert data == {"name": "A\u2028B\x85C\u2029D", "next": "zz"}
    assert data.key_pos("next") == (3, 1)
    assert data.value_pos("next") == (3, 7)


def test_a_map_that_already_holds_the_stand_in_characters_keeps_them() -> None:
    text = "a: \U000f0000\u2028\U000f0001\nb: x\n"
    data, problems = parse_yaml(text, "f.yaml")
    assert problems == []
    assert data == {"a": "\U000f0000\u2028\U000f0001", "b": "x"}
    assert data.key_pos("b") == (2, 1)


def test_cr_only_line_ends_count_as_lines() -> None:
    data, problems = parse_yaml("a: 1\rb: [x,\r  y]\rc: é\x07\r", "f.yaml")
    assert data is None
    assert [(p.line, p.column, p.rule) for p in problems] == [(4, 5, "syntax")]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("relmap: 1\n", True),
        ('{\n  "relmap": 1,\n  "account": {"name": "A"}\n}\n', True),  # pretty-printed JSON
        ("--- {relmap: 1, account: {name: A}}\n", True),
        ("# comment\rrelmap: 1\r", True),  # CR-only line ends
        ("? relmap\n: 1\n", True),
        ('"\\x72elmap": 1\n', True),  # an escaped key
        ("!!str relmap: 1\n", True),  # a tagged key
        ("a: {x: [1, 2]}\n? [k, l]\n: v\nrelmap: 1\n", True),  # after nested and complex keys
        ("a:\n  relmap: 1\n", False),  # not at the top level
        ("- relmap: 1\n", False),
        ("name: ci\non: push\n", False),
        ("", False),
        ("a: [\n", None),  # cannot tell: the caller falls back on the text
    ],
)
def test_is_a_map_is_decided_by_the_first_level_yaml_reads(text: str, answer: bool | None) -> None:
    assert has_top_level_key(text, "relmap") is answer


@pytest.fixture
def pure_python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse as PyYAML does where it was built without libyaml."""
    monkeypatch.setattr(yamltree, "_Parser", yaml.SafeLoader)
    monkeypatch.setattr(yamltree, "_LIBYAML", False)
    monkeypatch.setattr(yamltree, "_PARSER_HAS_DEPTH_LIMIT", None)


CORPUS = sorted((DATA / "invalid").glob("*.yaml")) + sorted((DATA / "valid").glob("*.yaml"))


@pytest.mark.usefixtures("pure_python_parser")
@pytest.mark.parametrize("path", CORPUS, ids=[f"{p.parent.name}/{p.name}" for p in CORPUS])
def test_without_libyaml_every_corpus_file_gives_the_same_problems(path: Path) -> None:
    # The same lines, place and rule; only the wording of a YAML syntax error is the parser's own.
    expected_file = path.with_suffix(".expected")
    expected = expected_file.read_text(encoding="utf-8").splitlines() if expected_file.exists() else []
    loaded = load_source(read_source(str(path)))
    shown = [f"{p.path}:{p.line}:{p.column}: {p.severity}: {p.message} [{p.rule}]" for p in loaded.problems]
    assert len(shown) == len(expected)
    for line, wanted in zip(shown, expected, strict=True):
        wanted = wanted.replace(f"tests/data/{path.parent.name}/", f"{path.parent}/")
        if "YAML syntax error:" in wanted:
            assert line.split(" error: ")[0] == wanted.split(" error: ")[0] and line.endswith("[syntax]")
        else:
            assert line == wanted


@pytest.mark.usefixtures("pure_python_parser")
@pytest.mark.parametrize(
    ("text", "where"),
    [("a: 1\nb: é\x07\n", (2, 5)), ("[" * 2000 + "]" * 2000, (1, 65)), ("a: [x\n", (2, 1))],
)
def test_without_libyaml_bad_text_is_a_located_error(text: str, where: tuple[int, int]) -> None:
    data, problems = parse_yaml(text, "f.yaml")
    assert data is None
    assert [(p.line, p.column) for p in problems] == [where]


def test_the_installed_command_runs_without_libyaml(tmp_path: Path) -> None:
    hide = (
        "import sys\n"
        "class Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name in ('yaml._yaml', '_yaml'):\n"
        "            raise ImportError('libyaml hidden')\n"
        "sys.meta_path.insert(0, Hide())\n"
        "import relmap_cli.load.yamltree as tree\n"
        "assert not tree._LIBYAML\n"
        "sys.argv = ['relmap', *sys.argv[1:]]\n"
        "from relmap_cli.cli import main\n"
        "main()\n"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"relmap: 1\naccount: {name: \x1b[31m, owner: kim}\n")
    result = subprocess.run(
        [sys.executable, "-c", hide, "validate", str(bad), str(ROOT / "examples")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        f"{bad}:2:17: error: YAML syntax error: character U+001B is not allowed in YAML "
        "(special characters are not allowed) [syntax]\n"
    )
    assert result.stderr.endswith("maps checked: 1 invalid, 1 error\n")
