"""`relmap matrix`: the whiteboard grid, grouped by function, whole at every width."""

from __future__ import annotations

import json
import re

import pytest

from relmap_cli.analysis.matrix import build_matrix
from relmap_cli.render.matrix import key_of, matrix_reports
from relmap_cli.render.table import format_plain

from .conftest import graph_of, run

MAP = """\
relmap: 1
account: {name: Acme, owner: kim}
team:
  - {id: kim, name: Kim Park, function: sales}
  - {id: mei, name: Mei Lin, function: it}
  - {id: gone, name: Old Timer, left: 2026-01-01}
client:
  - {id: ann, name: Ann Ames, function: it, level: manager}
  - {id: bob, name: Bob Birch, function: procurement, level: executive, roles: [decision-maker]}
  - {id: cat, name: Cat Cole, function: it, level: executive, influence: 4}
  - {id: dan, name: Dan Dee}
  - {id: eve, name: Eve Ek, function: procurement, level: staff, left: 2026-02-01}
relationships:
  - {from: kim, kind: knows, to: bob, strength: strong, last: 2026-10-01}
  - {from: mei, kind: knows, to: bob, strength: weak, last: 2026-10-05}
  - {from: mei, kind: knows, to: ann, strength: good}
  - {from: kim, kind: knows, to: cat, strength: negative, last: 2026-09-01}
  - {from: gone, kind: knows, to: dan, strength: strong, last: 2026-11-01}
"""


def text_at(width: int, source: str = MAP) -> str:
    graph = graph_of(source)
    return "".join(format_plain(report, width) for report in matrix_reports(build_matrix(graph), graph, width))


def test_their_people_are_grouped_by_function_then_level_and_leavers_are_out() -> None:
    matrix = build_matrix(graph_of(MAP))
    assert [(group.function, group.theirs) for group in matrix.groups] == [
        ("it", ["cat", "ann"]),
        ("procurement", ["bob"]),
        (None, ["dan"]),
    ]
    assert matrix.ours == ["kim", "mei"]
    contact = matrix.last_contact("bob")
    assert contact is not None and (contact.ours, str(contact.last)) == ("mei", "2026-10-05")
    assert matrix.last_contact("ann") is None  # known, but never dated
    assert matrix.last_contact("dan") is None  # only by someone of ours who left


def test_the_grid_by_id_when_it_fits() -> None:
    assert text_at(100) == (
        "Acme: who knows whom\n"
        "theirs \\ ours   level   kim mei   last contact\n"
        "────────────────────────────────────────────────\n"
        "it\n"
        "  Cat Cole *    exec     N   ·    2026-09-01 kim\n"
        "  Ann Ames      mgr      ·   G    no date\n"
        "procurement\n"
        "  Bob Birch *   exec     S   W    2026-10-05 mei\n"
        "(no function)\n"
        "  Dan Dee                ·   ·\n"
        "S strong · G good · W weak · N negative · · not known · * key player\n"
        "levels: exec executive · mgr manager\n"
        "\n"
        "Our people:\n"
        "id    name       function\n"
        "─────────────────────────\n"
        "kim   Kim Park   sales\n"
        "mei   Mei Lin    it\n"
    )


def test_keys_head_the_columns_when_the_ids_do_not_fit() -> None:
    lines = text_at(44).splitlines()
    assert lines[1:5] == [
        "theirs \\ ours   level   a b   last contact",
        "──────────────────────────────────────────",
        "it",
        "  Cat Cole *    exec    N ·   2026-09-01 a",
    ]
    assert lines[-4:] == [
        "key   id    name       function",
        "───────────────────────────────",
        "a     kim   Kim Park   sales",
        "b     mei   Mei Lin    it",
    ]


def test_a_terminal_too_narrow_for_a_grid_lists_who_knows_whom() -> None:
    assert text_at(30) == (
        "Acme: who knows whom\n"
        "\n"
        "it\n"
        "  Cat Cole *\n"
        "    level: exec\n"
        "    known by:\n"
        "      kim negative 2026-09-01\n"
        "\n"
        "  Ann Ames\n"
        "    level: mgr\n"
        "    known by:\n"
        "      mei good\n"
        "\n"
        "procurement\n"
        "  Bob Birch *\n"
        "    level: exec\n"
        "    known by:\n"
        "      kim strong 2026-10-01;\n"
        "      mei weak 2026-10-05\n"
        "\n"
        "(no function)\n"
        "  Dan Dee\n"
        "    known by:\n"
        "      nobody\n"
        "\n"
        "* key player\n"
        "levels: exec executive · mgr\n"
        "manager\n"
        "\n"
        "Our people:\n"
        "id    name       function\n"
        "─────────────────────────\n"
        "kim   Kim Park   sales\n"
        "mei   Mei Lin    it\n"
    )


def many_of_ours(count: int) -> str:
    team = "\n".join(f"  - {{id: colleague-{n:02d}, name: Colleague {n}}}" for n in range(count))
    knows = "\n".join(
        f"  - {{from: colleague-{n:02d}, kind: knows, to: p{n % 3}, strength: good, last: 2026-10-{n + 1:02d}}}"
        for n in range(count)
    )
    client = "\n".join(f"  - {{id: p{n}, name: Person {n}, function: it, level: director}}" for n in range(3))
    return f"relmap: 1\naccount: {{name: Big, owner: colleague-00}}\nteam:\n{team}\nclient:\n{client}\n" + (
        f"relationships:\n{knows}\n"
    )


def test_ours_are_split_into_panels_and_none_is_left_out() -> None:
    text = text_at(60, many_of_ours(30))
    headings = re.findall(r"^ours .*$", text, re.MULTILINE)
    assert headings == [
        "ours a to f (1 of 5)",
        "ours g to l (2 of 5)",
        "ours m to r (3 of 5)",
        "ours s to x (4 of 5)",
        "ours y to ad (5 of 5)",
    ]
    headers = [line.split()[4:-2] for line in text.splitlines() if line.startswith("theirs")]
    assert [key for keys in headers for key in keys] == [key_of(n) for n in range(30)]  # each once, in order
    for panel in text.split("\nours ")[1:]:  # each panel repeats every one of their people
        assert all(f"Person {n}" in panel for n in range(3))
    for n in range(30):  # and every one of ours is in the key table
        assert re.search(rf"^{key_of(n)} +colleague-{n:02d} +Colleague {n}$", text, re.MULTILINE)
    assert max(len(line) for line in text.splitlines()) <= 60


def test_a_grid_too_big_for_any_whiteboard_lists_who_knows_whom() -> None:
    # 120 of ours x 220 of theirs: panels of the grid would repeat all 220 rows about 20 times
    team = "\n".join(f"  - {{id: c{n:03d}, name: Colleague {n}}}" for n in range(120))
    client = "\n".join(f"  - {{id: p{n:03d}, name: Person {n}, function: it}}" for n in range(220))
    knows = "\n".join(f"  - {{from: c{n % 120:03d}, kind: knows, to: p{n:03d}, strength: good}}" for n in range(220))
    text = text_at(
        80,
        f"relmap: 1\naccount: {{name: Big, owner: c000}}\nteam:\n{team}\nclient:\n{client}\n"
        f"relationships:\n{knows}\n",
    )
    assert not re.search(r"^ours .* \(1 of \d+\)$", text, re.MULTILINE)
    said = " ".join(text.split())
    assert "120 of ours would take 9 grid panels at 80 columns: each of theirs lists who knows them instead" in said
    for n in range(220):  # each of theirs once, with who knows them
        assert len(re.findall(rf"Person {n}\b", text)) == 1
    assert re.search(r"^  Person 101 +c101 good$", text, re.MULTILINE)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_the_cells_are_where_the_relationships_are() -> None:
    panel = text_at(60, many_of_ours(30)).split("\nours ")[1]
    header = next(line for line in panel.splitlines() if line.startswith("theirs"))
    row = next(line for line in panel.splitlines() if line.startswith("  Person 1 "))
    marks = {match.group(): row[match.start()] for match in re.finditer(r"(?<= )[a-f](?= )", header)}
    assert marks == {"a": "·", "b": "G", "c": "·", "d": "·", "e": "G", "f": "·"}  # colleagues 1 and 4
    assert row.endswith("2026-10-29 ac")  # the newest contact: colleague 28, in the last panel


def test_key_of_counts_like_spreadsheet_columns() -> None:
    assert [key_of(n) for n in (0, 25, 26, 27, 51, 52, 701, 702)] == ["a", "z", "aa", "ab", "az", "ba", "zz", "aaa"]


def test_json_carries_groups_levels_and_the_newest_contact() -> None:
    result = run(["matrix", "-", "--format", "json", "--today", "2026-12-01"], stdin=MAP)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert [(p["id"], p["function"], p["level"], p["last"], p["last_by"]) for p in document["theirs"]] == [
        ("cat", "it", "executive", "2026-09-01", "kim"),
        ("ann", "it", "manager", None, None),
        ("bob", "procurement", "executive", "2026-10-05", "mei"),
        ("dan", None, None, None, None),
    ]
    assert [(c["ours"], c["theirs"], c["strength"]) for c in document["cells"]] == [
        ("kim", "cat", "negative"),
        ("kim", "bob", "strong"),
        ("mei", "ann", "good"),
        ("mei", "bob", "weak"),
    ]


def test_markdown_has_the_function_level_and_last_contact() -> None:
    result = run(["matrix", "-", "--format", "markdown"], stdin=MAP)
    lines = result.stdout.splitlines()
    assert lines[2] == "| theirs \\ ours | function | level | Kim Park | Mei Lin | last contact |"
    assert lines[4] == "| Cat Cole \\* | it | executive | negative |  | 2026-09-01 Kim Park |"
    assert lines[7] == "| Dan Dee |  |  |  |  |  |"


@pytest.mark.parametrize("width", [20, 30, 44, 60, 100])
def test_a_map_with_nobody_of_ours_still_lists_their_people(width: int) -> None:
    source = "relmap: 1\naccount: {name: A, owner: kim}\nteam: [{id: kim, name: Kim, left: 2020-01-01}]\n"
    text = text_at(width, source + "client: [{id: x, name: Xu Li}]\n")
    assert "Xu Li" in text
    assert max(len(line) for line in text.splitlines()) <= width
