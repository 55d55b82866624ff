"""Properties of edits on any valid map, written in any mix of styles with comments everywhere.

For any generated map (tests/strategies.py) laid out with random flow and
block entries and comments, and any sequence of valid edits: the edited
map validates and loads to the map the edits describe, every comment is
still there in the same order, and the only lines that changed belong to
the entries the edits name. And for any text, the way edits write a value
reads back as the same text.
"""

from __future__ import annotations

import copy
import difflib
import re
from datetime import date
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relmap_cli.edit import (
    AccountRef,
    AddPerson,
    AddRelationship,
    LogContact,
    MarkDone,
    PersonRef,
    RelationshipRef,
    SetFields,
    apply_changes,
)
from relmap_cli.edit.scalars import render_text
from relmap_cli.format.dump import dump_data
from relmap_cli.format.model import STANCES, as_data
from relmap_cli.load.loader import load_text
from relmap_cli.load.yamltree import parse_yaml

from .strategies import account_maps, ids, texts

SECTIONS = ("team", "client", "relationships", "counterparts", "actions")
PLAIN_KEYS = {"kind", "strength", "basis", "stance", "level", "function", "activity", "status", "horizon", "intent"}


def scalar(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(key, item) for item in value) + "]"
    if key in PLAIN_KEYS or key in ("last", "left", "due", "reviewed") or re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return value
    return yaml.dump(value, default_style='"', width=10**9, allow_unicode=True).rstrip("\n")


@st.composite
def laid_out(draw: Any) -> tuple[dict[str, Any], str, dict[tuple[Any, ...], tuple[int, int]]]:
    """A valid map, its text in random styles with comments, and the lines each entry takes."""
    data = draw(account_maps())
    lines: list[str] = []
    spans: dict[tuple[Any, ...], tuple[int, int]] = {}
    comment = iter(range(10**6))

    def maybe_comment(indent: str) -> None:
        if draw(st.booleans()):
            lines.append(f"{indent}# c{next(comment)}")

    def trailing() -> str:
        return f"   # t{next(comment)}" if draw(st.booleans()) else ""

    maybe_comment("")
    lines.append("relmap: 1" + trailing())
    first = len(lines)
    if draw(st.booleans()):
        pairs = ", ".join(f"{k}: {scalar(k, v)}" for k, v in data["account"].items())
        lines.append("account: {" + pairs + "}" + trailing())
    else:
        lines.append("account:" + trailing())
        for key, value in data["account"].items():
            maybe_comment("  ")
            lines.append(f"  {key}: {scalar(key, value)}" + trailing())
    spans[("account",)] = (first, len(lines) - 1)
    for section in SECTIONS:
        if section not in data:
            continue
        items = data[section]
        maybe_comment("")
        start = len(lines)
        if not items:
            lines.append(f"{section}: []" + trailing())
            spans[(section,)] = (start, start)
            continue
        lines.append(f"{section}:" + trailing())
        spans[(section,)] = (start, start)
        for index, item in enumerate(items):
            maybe_comment("  ")
            first = len(lines)
            pairs = [f"{k}: {scalar(k, v)}" for k, v in item.items()]
            if draw(st.booleans()):
                lines.append("  - {" + ", ".join(pairs) + "}" + trailing())
            else:
                lines.append("  - " + pairs[0] + trailing())
                lines.extend("    " + pair + trailing() for pair in pairs[1:])
            spans[(section, _key(section, item, index))] = (first, len(lines) - 1)
    maybe_comment("")
    return data, "\n".join(lines) + "\n", spans


def _key(section: str, item: dict[str, Any], index: int) -> Any:
    if section == "relationships":
        return (item["from"], item["kind"], item["to"])
    return item.get("id", index)


@st.composite
def edits(draw: Any, data: dict[str, Any]) -> tuple[list[Any], dict[str, Any], set[tuple[Any, ...]]]:
    """Valid changes for `data`, the data they should give, and the entries they may rewrite."""
    expected = copy.deepcopy(data)
    changes: list[Any] = []
    touched: set[tuple[Any, ...]] = set()
    team = [person["id"] for person in data["team"]]
    taken = set(team) | {person["id"] for person in data["client"]}
    for _ in range(draw(st.integers(1, 6))):
        clients = [person["id"] for person in expected["client"]]
        kind = draw(st.sampled_from(["set-person", "log", "add-person", "done", "account", "strength", "know"]))
        if kind == "set-person" and clients:
            person = draw(st.sampled_from(clients))
            values = {"stance": draw(st.sampled_from(STANCES)), "influence": draw(st.integers(1, 5))}
            changes.append(SetFields(PersonRef(person), values))
            _find(expected, "client", person).update(values)
            touched.add(("client", person))
        elif kind == "log" and clients:
            ours, theirs = draw(st.sampled_from(team)), draw(st.sampled_from(clients))
            gone = [p["left"] for p in (*expected["team"], *expected["client"]) if p["id"] in (ours, theirs) and "left" in p]
            day = min([date.fromisoformat(d) for d in gone], default=date(2031, 6, 1))
            changes.append(LogContact(ours, theirs, day))
            line = next((r for r in expected["relationships"] if (r["from"], r["kind"], r["to"]) == (ours, "knows", theirs)), None)
            if line is None:
                expected["relationships"].append({"from": ours, "kind": "knows", "to": theirs, "strength": "weak", "last": day.isoformat()})
                touched.add(("relationships",))  # `relationships: []` becomes a block list
            else:
                if "last" not in line or day.isoformat() > line["last"]:
                    line["last"] = day.isoformat()
                touched.add(("relationships", (ours, "knows", theirs)))
        elif kind == "add-person":
            person = draw(ids.filter(lambda new: new not in taken))
            taken.add(person)
            name = draw(texts)
            changes.append(AddPerson("client", {"id": person, "name": name}))
            expected["client"].append({"id": person, "name": name})
            touched.add(("client",))
        elif kind == "done" and expected.get("actions"):
            action = draw(st.sampled_from([a["id"] for a in expected["actions"]]))
            day = draw(st.dates(date(2020, 1, 1), date(2030, 1, 1)))
            changes.append(MarkDone(action, day))
            _find(expected, "actions", action).update(status="done", done=day.isoformat())
            touched.add(("actions", action))
        elif kind == "account":
            tier = draw(st.integers(1, 3))
            changes.append(SetFields(AccountRef(), {"tier": tier}))
            expected["account"]["tier"] = tier
            touched.add(("account",))
        elif kind == "strength" and expected["relationships"]:
            line = draw(st.sampled_from(expected["relationships"]))
            choices = ["strong", "good", "weak"] + (["negative"] if line["kind"] == "knows" else [])
            strength = draw(st.sampled_from(choices))
            changes.append(SetFields(RelationshipRef(line["from"], line["kind"], line["to"]), {"strength": strength}))
            line["strength"] = strength
            touched.add(("relationships", (line["from"], line["kind"], line["to"])))
        elif kind == "know" and clients:
            ours, theirs = draw(st.sampled_from(team)), draw(st.sampled_from(clients))
            keys = {(r["from"], r["kind"], r["to"]) for r in expected["relationships"]}
            if (ours, "knows", theirs) not in keys:
                changes.append(AddRelationship({"from": ours, "kind": "knows", "to": theirs, "strength": "good"}))
                expected["relationships"].append({"from": ours, "kind": "knows", "to": theirs, "strength": "good"})
                touched.add(("relationships",))
    return changes, expected, touched


def _find(data: dict[str, Any], section: str, item_id: str) -> dict[str, Any]:
    return next(item for item in data[section] if item["id"] == item_id)


def normal(data: dict[str, Any]) -> dict[str, Any]:
    """A map's data with its lists in a fixed order: edits place new lines beside their kind."""
    return {key: sorted(value, key=repr) if isinstance(value, list) else value for key, value in data.items()}


def comments(text: str) -> list[str]:
    return re.findall(r"# [ct]\d+", text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_any_valid_edits_change_only_their_lines_and_give_the_expected_map(data: st.DataObject) -> None:
    original, text, spans = data.draw(laid_out())
    assert load_text(text).problems == [], text
    changes, expected, touched = data.draw(edits(original))
    result = apply_changes(text, changes, "map.yaml")
    assert result.ok, [problem.message for problem in result.problems]
    edited = load_text(result.after).model
    wanted = load_text(dump_data(expected)).model
    assert edited is not None and wanted is not None
    assert normal(as_data(edited)) == normal(as_data(wanted))
    assert comments(result.after) == comments(text)
    allowed: set[int] = set()
    for key in touched:
        first, last = spans.get(key, spans.get(key[:1], (-1, -2)))
        allowed.update(range(first, last + 1))
    old, new = text.splitlines(), result.after.splitlines()
    for tag, start, end, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            assert set(range(start, end)) <= allowed, (tag, old[start:end], changes)


@given(texts, st.booleans(), st.sampled_from(["", '"', "'"]))
def test_a_value_written_by_an_edit_reads_back_as_the_same_text(value: str, flow: bool, quote: str) -> None:
    written = render_text(value, flow=flow, quote=quote)
    document = f"key: {{a: {written}}}\n" if flow else f"key: {written}\n"
    loaded, problems = parse_yaml(document, "value.yaml")  # as relmap reads it: scalars stay text
    assert problems == []
    assert (loaded["key"]["a"] if flow else loaded["key"]) == value


def test_the_characters_only_quotes_can_write_are_all_ones_isprintable_refuses() -> None:
    """Printable text skips the character classes of `plain_ok` and `single_quoted`: at no code point may that differ."""
    from relmap_cli.edit.scalars import _NOT_PLAIN, _ONLY_ESCAPED, plain_ok, single_quoted

    for characters in (_NOT_PLAIN, _ONLY_ESCAPED):
        pattern = re.compile(characters)
        assert [code for code in range(0x110000) if pattern.match(chr(code)) and chr(code).isprintable()] == []
    assert [plain_ok(text, flow=False) for text in ("Ana Müller", "Ana\u00a0Müller", "a\x85b", "a\ufeffb")] == [
        True, True, False, False,
    ]
    assert [single_quoted(text) for text in ("it's", "tab\there", "line\u2028break")] == ["'it''s'", None, None]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(laid_out())
def test_fmt_of_any_map_is_idempotent_keeps_its_meaning_and_every_comment(case: Any) -> None:
    from relmap_cli.edit.fmt import format_map

    _, text, _ = case
    once = format_map(text, "map.yaml")
    assert once.problems == []
    assert format_map(once.after, "map.yaml").after == once.after
    before, after = load_text(text).model, load_text(once.after).model
    assert before is not None and after is not None and as_data(before) == as_data(after)
    assert sorted(comments(once.after)) == sorted(comments(text))


PIECES = st.sampled_from(
    [
        "relmap: 1\n", "account: {name: A, owner: k}\n", "account:\n", "  name: x\n", "  owner: k\n",
        "team:\n", "client:\n", "relationships:\n", "actions:\n", "  - ", "{", "}", "[", "]", ", ", ": ",
        "id: k", "id: m", "name: N", "from: k", "to: m", "kind: knows", "last: 2026-01-01", "owner: k",
        "goal: g", "id: a1", "[]", "&a ", "*a", "!!int ", "? ", "|\n", ">\n", "'", '"', "#", " # c", "\t",
        "\r\n", "\n", "\ufeff", "2026-02-30", "\x85", "\u2028", "é", "---\n", "...\n",
    ]
)  # fmt: skip
FUZZ_CHANGES = [
    LogContact("k", "m", date(2026, 11, 20)),
    SetFields(PersonRef("m"), {"stance": "champion", "influence": 5}),
    SetFields(AccountRef(), {"tier": 1}),
    AddPerson("client", {"id": "new", "name": "New"}),
    AddRelationship({"from": "k", "kind": "knows", "to": "m"}),
    MarkDone("a1", date(2026, 11, 20)),
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=50).map("".join), st.sampled_from(FUZZ_CHANGES))
def test_on_any_text_edits_and_fmt_refuse_or_succeed_but_never_crash(text: str, change: Any) -> None:
    from relmap_cli.edit import EditError
    from relmap_cli.edit.fmt import format_map

    try:
        result = apply_changes(text, [change], "fuzz.yaml")
    except EditError:
        pass
    else:
        if result.ok:
            assert load_text(result.after).problems == []
        else:
            assert result.after == text and result.problems
    formatted = format_map(text, "fuzz.yaml")
    if not formatted.problems:
        assert load_text(formatted.after).problems == []
