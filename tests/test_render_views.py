"""`relmap render --focus / --depth / --function / --redact`: the part drawn, and nothing that must stay in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relmap_cli.render.diagram import DIAGRAM_FORMATS, View, style
from relmap_cli.render.diagram.scene import build_scene

from .conftest import graph_of, run

ACCOUNT = """
relmap: 1
account: {name: Orbit Foods, owner: kim, vision: SECRET-VISION-5521, tier: 1, intent: high}
interests:
  - {id: win, text: SECRET-OUR-INTEREST-3390}
team:
  - {id: kim, name: Kim Park, function: sales, notes: SECRET-OUR-NOTE-1188}
  - {id: chen, name: Li Chen, function: r-and-d}
client:
  - {id: anna, name: Anna Keller, title: CEO, function: executive, level: executive, stance: champion, influence: 5,
     roles: [decision-maker], notes: SECRET-NOTE-7781, cares_about: [win]}
  - {id: maria, name: Maria Lopez, title: CPO, function: procurement, level: executive, reports_to: anna,
     stance: supporter, influence: 4, interests: {needs: [SECRET-NEED-4411], fears: [SECRET-FEAR-2290],
     concerns: [SECRET-CONCERN-6612], success: SECRET-SUCCESS-9034}}
  - {id: joe, name: Joe Hart, title: Buyer, function: procurement, level: manager, reports_to: maria,
     stance: detractor, influence: 2}
  - {id: ben, name: Ben Ortiz, title: Clerk, function: procurement, level: staff, reports_to: joe, stance: neutral}
  - {id: raj, name: Raj Patel, title: Head of Labs, function: r-and-d, level: director, stance: unknown, influence: 1}
  - {id: lee, name: Sue Lee, title: Lab Lead, function: r-and-d, level: manager, stance: neutral, influence: 3}
relationships:
  - {from: raj, kind: influences, to: anna, strength: strong}
  - {from: lee, kind: opposes, to: raj, note: SECRET-REL-NOTE-4471}
  - {from: kim, kind: knows, to: maria, strength: strong, last: 2026-10-01, note: SECRET-REL-NOTE-5582}
  - {from: chen, kind: knows, to: raj, strength: good, last: 2026-09-01}
  - {from: chen, kind: knows, to: lee, strength: weak, last: 2026-08-01}
"""


def shown(view: View) -> list[str]:
    return [node.person_id for node in build_scene(graph_of(ACCOUNT), view).nodes]


def test_a_focus_keeps_the_people_one_line_away_and_our_people_who_know_them() -> None:
    # maria's lines: anna (her manager), joe (her report), kim (knows her); chen knows none of those
    assert shown(View(focus="maria")) == ["kim", "anna", "maria", "joe"]


def test_a_deeper_focus_walks_their_lines_but_never_through_one_of_ours() -> None:
    # two lines: anna -> raj (influences her), joe -> ben; kim knows only maria, so kim is no bridge
    # to anyone; chen comes in because he knows raj; lee opposes raj, three lines from maria: out
    assert shown(View(focus="maria", depth=2)) == ["kim", "chen", "anna", "maria", "joe", "ben", "raj"]


def test_a_focus_on_one_of_ours_draws_their_contacts() -> None:
    assert shown(View(focus="chen")) == ["chen", "raj", "lee"]


def test_a_function_keeps_its_people_and_our_people_who_know_them() -> None:
    assert shown(View(functions=("r-and-d",))) == ["chen", "raj", "lee"]
    assert shown(View(functions=("executive", "r-and-d"))) == ["chen", "anna", "raj", "lee"]


def test_the_part_drawn_is_named_in_the_picture(tmp_path: Path) -> None:
    path = tmp_path / "orbit.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")
    svg = run(["render", str(path), "--to", "svg", "--focus", "maria", "--depth", "2"]).stdout
    assert ">Showing around Maria Lopez, 2 steps: 7 of 8 people</text>" in svg
    dot = run(["render", str(path), "--to", "dot", "--function", "r-and-d"]).stdout
    assert "showing r-and-d: 3 of 8 people" in dot
    mermaid = run(["render", str(path), "--to", "mermaid", "--function", "r-and-d"]).stdout
    assert "  %% showing r-and-d#58; 3 of 8 people\n" in mermaid
    assert "Sue Lee" in mermaid and "Anna Keller" not in mermaid


def test_unknown_people_and_functions_are_usage_errors(tmp_path: Path) -> None:
    path = tmp_path / "orbit.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")
    result = run(["render", str(path), "--focus", "mria"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "relmap: error: --focus mria: no person with that id in the map (did you mean 'maria'?)\n"
    result = run(["render", str(path), "--function", "sales"])  # ours, not theirs
    assert result.exit_code == 2
    assert result.stderr == (
        "relmap: error: --function sales: no client person has that function "
        "(the map has: executive, procurement, r-and-d)\n"
    )
    result = run(["render", str(path), "--depth", "2"])
    assert result.exit_code == 2 and result.stderr == "relmap: error: --depth needs --focus ID: the person to start from\n"


# -- redaction -------------------------------------------------------------------------------
SECRETS = re.compile(r"SECRET-[A-Z-]+-\d+")
STANCE_WORDS = re.compile(r"champion|supporter|detractor|neutral|unknown|stance", re.IGNORECASE)
# sway lines ("influences", "influenced by") and the influencer role stay
INFLUENCE = re.compile(r"influence(?!s|d by|r)|of 5\b", re.IGNORECASE)
ANTAGONISM = re.compile(r"opposes|antagonism|x--x", re.IGNORECASE)
BUCKETS = re.compile(r"furthers|hinders|swing", re.IGNORECASE)
# the colours only a stance uses (the grey of "unknown" also draws placeholders)
STANCE_COLOURS = {
    colour.lower()
    for stance, palette in style.STANCES.items()
    for colour in (palette.fill, palette.stroke)
    if stance != "unknown" or colour == palette.fill
}


@pytest.mark.parametrize("to", sorted(DIAGRAM_FORMATS))
def test_a_redacted_picture_holds_none_of_the_dropped_values(to: str, tmp_path: Path) -> None:
    path = tmp_path / "orbit.yaml"
    path.write_text(ACCOUNT, encoding="utf-8")
    full = run(["render", str(path), "--to", to]).stdout
    result = run(["render", str(path), "--to", to, "--redact"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    # the full picture has them all (so the patterns below do find what they look for) ...
    assert STANCE_WORDS.search(full) and INFLUENCE.search(full) and ANTAGONISM.search(full)
    assert bool(SECRETS.search(full)) == (to in ("html", "svg"))  # notes and interests are in the hover cards
    # ... the redacted one has none
    assert SECRETS.findall(text) == []
    assert STANCE_WORDS.findall(text) == []
    assert INFLUENCE.findall(text) == []
    assert ANTAGONISM.findall(text) == []
    assert BUCKETS.findall(text) == []
    assert STANCE_COLOURS.isdisjoint(colour.lower() for colour in re.findall(r"#[0-9a-fA-F]{6}", text))
    assert style.OPPOSES.color not in text
    assert "Intent" not in text and "Tier" not in text
    # who sways whom is the team's reading of their politics: gone too
    assert re.findall(r"\binfluences\b|\bdefers\b", text) == []
    # what is safe stays: every person, the org chart, our contacts and their strength
    for name in ("Anna Keller", "Maria Lopez", "Joe Hart", "Ben Ortiz", "Raj Patel", "Sue Lee", "Kim Park", "Li Chen"):
        assert name in text
    assert "strong" in text and "weak" in text


def test_a_redacted_svg_sizes_every_box_alike() -> None:
    from relmap_cli.render.diagram.layout import build_layout

    scene = build_scene(graph_of(ACCOUNT), View(redact=True))
    widths = {box.w for key, box in build_layout(scene).boxes.items() if scene.node(key).side == "client"}
    assert len(widths) == 1  # box size was influence: one size for everyone
    assert [edge.kind for edge in scene.edges].count("opposes") == 0
