"""The positioned YAML reader: text stays text, positions are exact."""

from __future__ import annotations

from relmap_cli.load.loader import decode_source
from relmap_cli.load.yamltree import ALIAS, YList, YMap, parse_yaml


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
