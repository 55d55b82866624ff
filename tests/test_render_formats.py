"""`relmap render` output: golden Mermaid and DOT, and map text shown as text in every format."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from relmap_cli.format.model import AccountMap
from relmap_cli.format.validator import validate_map
from relmap_cli.graph import build_graph
from relmap_cli.load.loader import load_text
from relmap_cli.render.diagram import DIAGRAM_FORMATS
from relmap_cli.render.diagram.mermaid import mermaid_text
from relmap_cli.render.safe import clean_line

from .conftest import DATA, EXAMPLES, ROOT
from .strategies import account_maps

GOLDEN = ROOT / "tests" / "golden"
EXAMPLE_NAMES = sorted(path.stem for path in EXAMPLES.glob("*.yaml"))
HOSTILE = DATA / "valid" / "hostile-text.yaml"
SVG = "{http://www.w3.org/2000/svg}"
UPDATE = os.environ.get("RELMAP_UPDATE_GOLDEN") == "1"


def load_model(path: Path) -> AccountMap:
    loaded = load_text(path.read_text(encoding="utf-8"), path.name)
    assert loaded.problems == [] and loaded.model is not None
    return loaded.model


def render(path: Path, to: str) -> str:
    return DIAGRAM_FORMATS[to](build_graph(load_model(path)))


def names(path: Path) -> list[str]:
    """Every person's name (or a placeholder's title) as the picture shows it."""
    model = load_model(path)
    return [clean_line(person.label) for person in [*model.team, *model.client]]


# -- golden files ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
@pytest.mark.parametrize("to,suffix", [("mermaid", ".mmd"), ("dot", ".dot")])
def test_examples_match_their_golden_files(name: str, to: str, suffix: str) -> None:
    """Regenerate on purpose only: RELMAP_UPDATE_GOLDEN=1 python -m pytest tests/test_render_formats.py"""
    text = render(EXAMPLES / f"{name}.yaml", to)
    golden = GOLDEN / f"{name}{suffix}"
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}: run with RELMAP_UPDATE_GOLDEN=1 once"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("to", sorted(DIAGRAM_FORMATS))
def test_the_same_map_gives_the_same_bytes(to: str) -> None:
    assert render(EXAMPLES / "acme.yaml", to) == render(EXAMPLES / "acme.yaml", to)


# -- SVG ------------------------------------------------------------------------------------
def svg_root(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


@pytest.mark.parametrize("path", [*(EXAMPLES / f"{n}.yaml" for n in EXAMPLE_NAMES), HOSTILE], ids=lambda p: p.stem)
def test_svg_is_well_formed_and_only_drawing(path: Path) -> None:
    root = svg_root(render(path, "svg"))
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "defs", "marker", "path", "style", "rect", "text", "tspan", "g", "line", "circle"}
    for element in root.iter():
        assert not any(name.startswith("on") or "href" in name for name in element.attrib), element.attrib


def drawn_lines(group: ET.Element, css: str) -> list[str]:
    """The text of a person's lines of one class (`name`, `pname`, `job`), top to bottom."""
    return [text.text or "" for text in group.iter(f"{SVG}text") if css in (text.get("class") or "").split()]


def joined(lines: list[str]) -> str:
    """Wrapped lines put back together: a space between lines, none after a line broken at a hyphen."""
    out = ""
    for line in lines:
        out += line if not out or out.endswith("-") else " " + line
    return out


def drawn_names(root: ET.Element) -> list[str]:
    """Every person's name as drawn (its lines joined)."""
    people = [g for g in root.iter(f"{SVG}g") if "person" in (g.get("class") or "").split()]
    return [joined(drawn_lines(g, "name") or drawn_lines(g, "pname")) for g in people]


def test_svg_shows_every_name_and_a_tooltip_with_the_details() -> None:
    root = svg_root(render(EXAMPLES / "acme.yaml", "svg"))
    drawn = drawn_names(root)
    for name in names(EXAMPLES / "acme.yaml"):
        assert name in drawn
    maria = next(g for g in root.iter(f"{SVG}g") if g.get("data-key") == "p7")
    tooltip = maria.find(f"{SVG}title")
    assert tooltip is not None and tooltip.text is not None
    lines = tooltip.text.splitlines()
    assert lines[:2] == ["Maria Lopez", "Chief Procurement Officer — Procurement · Executive"]
    for line in (
        "stance: supporter",
        "influence: 4 of 5",
        "roles: decision-maker, budget-holder",
        "topics: cost, supply-security",
        "last contact: 2026-10-20",
        "known by: Kim Park (strong, last 2026-10-20)",
    ):
        assert line in lines


def test_svg_has_a_title_with_the_account_and_review_date_and_a_legend() -> None:
    root = svg_root(render(EXAMPLES / "acme.yaml", "svg"))
    texts = ["".join(text.itertext()) for text in root.iter(f"{SVG}text")]
    assert texts[0] == "Acme Chemicals — relationship map"
    assert texts[1].startswith("Reviewed 2026-10-01 · Account owner Kim Park")
    for heading in ("STANCE", "PEOPLE", "THEIR LINES", "OUR CONTACTS", "ROLES"):
        assert heading in texts
    for label in ("champion", "detractor", "position to fill (holder not identified)", "left the company", "negative"):
        assert label in texts


def test_svg_keeps_hostile_text_as_text() -> None:
    root = svg_root(render(HOSTILE, "svg"))
    tooltips = [title.text or "" for title in root.iter(f"{SVG}title")]
    for name in names(HOSTILE):
        assert any(tip.splitlines()[0] == name for tip in tooltips), name
    raw = render(HOSTILE, "svg")
    assert "\x1b" not in raw and "\x07" not in raw and "\u202e" not in raw
    assert "\\x1b[31mred\\x07" in raw  # control characters are shown, escaped


# -- HTML -----------------------------------------------------------------------------------
class PageParser(HTMLParser):
    """The elements of a page, the text of its scripts and its policy."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.policy = ""
        self._in: str | None = None
        self._attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.policy = values.get("content") or ""
        if tag in ("script", "style"):
            self._in, self._attrs = tag, values
            if tag == "script":
                self.scripts.append((values, ""))
            else:
                self.styles.append("")

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._in == "style":
            self.styles[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None


def parse_page(text: str) -> PageParser:
    parser = PageParser()
    parser.feed(text)
    parser.close()
    return parser


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_html_is_one_file_that_loads_nothing() -> None:
    text = render(EXAMPLES / "acme.yaml", "html")
    page = parse_page(text)
    no_namespace = text.replace('xmlns="http://www.w3.org/2000/svg"', "")  # a name, never fetched
    # the only references are to the page itself: the printed pages draw the picture again with `<use href="#...">`
    assert not re.search(r"src\s*=|href\s*=\s*\"(?!#relmap-drawing\")|https?:|url\((?!#)|@import", no_namespace)
    assert no_namespace.count('<use href="#relmap-drawing"/>') == no_namespace.count('<svg class="sheet"') >= 1
    assert {"img", "link", "iframe", "object", "embed", "foreignobject"}.isdisjoint(page.tags)
    # the policy forbids everything but the page's own inline style and script
    assert page.policy.startswith("default-src 'none'; ")
    assert f"style-src {sha256(page.styles[0])};" in page.policy
    code = [body for attrs, body in page.scripts if attrs.get("type") is None]
    assert len(code) == 1 and f"script-src {sha256(code[0])};" in page.policy
    assert "connect-src 'none'" in page.policy and "img-src 'none'" in page.policy


def test_html_carries_every_persons_details_as_json() -> None:
    page = parse_page(render(EXAMPLES / "acme.yaml", "html"))
    data = json.loads(next(body for attrs, body in page.scripts if attrs.get("type") == "application/json"))
    assert sorted(card["name"] for card in data.values()) == sorted(names(EXAMPLES / "acme.yaml"))
    assert dict(map(tuple, data["p7"]["rows"]))["last contact"] == "2026-10-20"


def test_html_keeps_hostile_text_as_text() -> None:
    text = render(HOSTILE, "html")
    page = parse_page(text)
    assert page.tags.count("script") == 2 and "img" not in page.tags and "b" not in page.tags
    data_text = next(body for attrs, body in page.scripts if attrs.get("type") == "application/json")
    assert "<" not in data_text and ">" not in data_text and "&" not in data_text
    assert "\u2028" not in data_text and "\u2029" not in data_text
    cards = json.loads(data_text)
    assert sorted(card["name"] for card in cards.values()) == sorted(names(HOSTILE))
    assert "</script><script>alert(2)</script> #quot; &lt; \\u2029 end" in [
        value for card in cards.values() for _, value in card["rows"]
    ]


# -- Mermaid --------------------------------------------------------------------------------
MERMAID_LINE = re.compile(
    r"""^(?:flowchart\ TB
    |\ \ %%\ [^\n]*
    |\ \ subgraph\ (?:f\d+|ours)\["[^"]*"\]
    |\ \ end
    |\ \ \ \ p\d+(?:\["[^"]*"\]|\("[^"]*"\))
    |\ \ p\d+\ (?:---|-->|-\.->|-\.-|x--x)(?:\|"[^"]*"\|)?\ p\d+
    |\ \ p\d+\ ~~~\ p\d+
    |\ \ classDef\ [a-z]+\ [a-z0-9:#,.\ -]+
    |\ \ class\ p\d+(?:,p\d+)*\ [a-z]+
    |\ \ linkStyle\ \d+(?:,\d+)*\ [a-z0-9:#,.\ -]+)$""",
    re.VERBOSE,
)


@pytest.mark.parametrize("path", [*(EXAMPLES / f"{n}.yaml" for n in EXAMPLE_NAMES), HOSTILE], ids=lambda p: p.stem)
def test_mermaid_lines_have_only_the_expected_shapes(path: Path) -> None:
    text = render(path, "mermaid")
    for line in text.splitlines():
        assert MERMAID_LINE.match(line), line
    links = [line for line in text.splitlines() if re.match(r"  p\d+ (?:---|-->|-\.->|-\.-|x--x)", line)]
    styled = {
        int(i) for line in text.splitlines() if line.startswith("  linkStyle") for i in line.split()[1].split(",")
    }
    assert styled == set(range(len(links)))  # every link styled, by its index


def test_mermaid_labels_escape_everything_that_could_be_syntax() -> None:
    assert mermaid_text('a "b" --> c]; %%{x}%% <img> #quot; &amp;') == (
        "a #34;b#34; --#62; c#93;#59; #37;#37;#123;x#125;#37;#37; #60;img#62; #35;quot#59; #38;amp#59;"
    )
    assert mermaid_text("Mette Sørensen, R&D (Oslo)") == "Mette Sørensen, R#38;D (Oslo)"
    assert mermaid_text("bell\x07") == "bell#92;x07"
    text = render(HOSTILE, "mermaid")
    for label in re.findall(r'"([^"]*)"', text):
        bare = re.sub(r"#\d+;", "", label.replace("<br/>", ""))  # without our line breaks and entity codes
        assert not re.search(r"[<>&%{}\[\];#`]", bare), label
    assert "%%{" not in text


def test_mermaid_keeps_the_org_chart_top_down() -> None:
    text = render(EXAMPLES / "acme.yaml", "mermaid")
    # raj (p11) influences anna (p6), his boss: written from the top, the label says it points up
    assert '  p6 ---|"▲ influences (good)"| p11' in text
    assert '  p7 -->|"influences (weak)"| p10' in text  # maria influences frank, a peer: an ordinary arrow
    assert '  p6 -.->|"defers to (good, expertise)"| p10' in text  # anna defers to frank, drawn downwards
    assert '  p11 x--x|"opposes"| p13' in text
    assert '  p7 ---|"strong, 2026-10-20"| p0' in text  # their person first: our team below


ACRONYM_FUNCTIONS = {
    "it": "IT",
    "r-and-d": "R&D",
    "hr": "HR",
    "qa": "QA",
    "m-and-a": "M&A",
    "supply-chain": "Supply chain",
    "ehs-and-quality": "EHS & quality",
    "sales_emea": "Sales EMEA",
    "operations": "Operations",
}


def test_function_headings_keep_acronyms_in_capitals_in_the_picture_and_in_mermaid() -> None:
    from relmap_cli.render.diagram.scene import function_label

    assert {slug: function_label(slug) for slug in ACRONYM_FUNCTIONS} == ACRONYM_FUNCTIONS
    assert function_label(None) == "Function not set"
    people = "\n".join(
        f"  - {{id: c{index}, name: Person {index}, function: {slug}, level: manager}}"
        for index, slug in enumerate(ACRONYM_FUNCTIONS)
    )
    head = "relmap: 1\naccount: {name: Heads, owner: us}\nteam:\n  - {id: us, name: Us}\nclient:\n"
    model = validate_map(yaml.safe_load(head + people + "\n"))
    graph = build_graph(model)
    root = svg_root(DIAGRAM_FORMATS["svg"](graph))
    headings = [text.text for text in root.iter(f"{SVG}text") if "column-label" in (text.get("class") or "").split()]
    assert sorted(headings) == sorted(ACRONYM_FUNCTIONS.values())  # the picture's column headings
    mermaid = DIAGRAM_FORMATS["mermaid"](graph)
    subgraphs = re.findall(r'^  subgraph f\d+\["([^"]*)"\]$', mermaid, flags=re.MULTILINE)
    assert subgraphs == [mermaid_text(label) for label in ACRONYM_FUNCTIONS.values()]  # file order
    assert "R#38;D" in subgraphs and "IT" in subgraphs and "M#38;A" in subgraphs


# -- DOT ------------------------------------------------------------------------------------
def graphviz(dot_text: str) -> ET.Element:
    result = subprocess.run(["dot", "-Tsvg"], input=dot_text.encode(), capture_output=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    return ET.fromstring(result.stdout)


needs_graphviz = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")


@needs_graphviz
@pytest.mark.parametrize("path", [*(EXAMPLES / f"{n}.yaml" for n in EXAMPLE_NAMES), HOSTILE], ids=lambda p: p.stem)
def test_graphviz_draws_the_dot_output_with_every_name_as_text(path: Path) -> None:
    root = graphviz(render(path, "dot"))
    drawn = [text.text for text in root.iter(f"{SVG}text")]
    for name in names(path):
        assert name in drawn
    assert not any(element.tag.removeprefix(SVG) in ("image", "a", "foreignObject") for element in root.iter())


def test_dot_quotes_every_id_and_label() -> None:
    text = render(HOSTILE, "dot")
    assert '"p0" [label="</script><img src=x onerror=alert(1)>\\n[bold]x[/] \\\\x1b[31mred\\\\x07"' in text
    assert '"p1" [label="\\"; a -> b; \\\\N\\nx\\" [label=<<b>y</b>>]"' in text
    outside_strings = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    assert "<" not in outside_strings  # no HTML-like label anywhere: map text only ever inside quotes


# -- any map --------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(account_maps())
def test_any_valid_map_renders_in_every_format(data: dict[str, object]) -> None:
    graph = build_graph(validate_map(data))
    outputs = {to: render_one(graph, to) for to in DIAGRAM_FORMATS}
    svg_root(outputs["svg"])
    parse_page(outputs["html"])
    for line in outputs["mermaid"].splitlines():
        assert MERMAID_LINE.match(line), line


def render_one(graph: object, to: str) -> str:
    text = DIAGRAM_FORMATS[to](graph)  # type: ignore[arg-type]
    text.encode("utf-8")  # writable as UTF-8: no lone surrogates
    return text


def test_the_readme_shows_the_real_mermaid_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```mermaid\n(.*?)^```$", readme, re.MULTILINE | re.DOTALL)
    assert block is not None
    assert block.group(1) == render(EXAMPLES / "starter.yaml", "mermaid")
    # an absolute address, so the picture shows wherever the README is read (an index, an sdist)
    image = "https://raw.githubusercontent.com/relmap/relmap/main/docs/acme.png"
    assert f"![The Acme Chemicals example as relmap render draws it]({image})" in readme
    assert (ROOT / "docs" / "acme.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


# -- realistic accounts through Graphviz ------------------------------------------------------
ORG_SIZES = (10, 30, 80, 150)


def org_text(people: int) -> str:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import org_map

    return org_map(people)


def org_graph(people: int) -> object:
    from datetime import date

    loaded = load_text(org_text(people), f"org{people}.yaml")
    assert loaded.problems == [] and loaded.model is not None
    return build_graph(loaded.model, date(2026, 11, 20))


def declared_rows(dot_text: str) -> list[list[str]]:
    """The node ids of each `rank=same` row the DOT text declares, top-down (legend rows last)."""
    rows: list[list[str]] = []
    inside = False
    for line in dot_text.splitlines():
        if "rank=same;" in line:
            rows.append([])
            inside = True
        elif line.strip() == "}":
            inside = False
        elif inside:
            rows[-1].append(line.split('"')[1])
    return rows


def plain_positions(plain: str) -> dict[str, float]:
    """Node name -> y, from `dot -Tplain` output (y grows upwards)."""
    return {parts[1].strip('"'): float(parts[3]) for parts in (line.split() for line in plain.splitlines()) if parts[0] == "node"}


def assert_rows_kept(dot_text: str, plain: str) -> None:
    rows = declared_rows(dot_text)
    y = plain_positions(plain)
    heights = []
    for row in rows:
        ys = {round(y[node], 2) for node in row}
        assert len(ys) == 1, (row, ys)  # every declared row on one y
        heights.append(ys.pop())
    assert heights == sorted(heights, reverse=True) and len(set(heights)) == len(heights)  # rows in order


@needs_graphviz
@pytest.mark.parametrize("people", ORG_SIZES)
def test_graphviz_keeps_every_row_of_a_realistic_account(people: int) -> None:
    text = DIAGRAM_FORMATS["dot"](org_graph(people))  # type: ignore[arg-type]
    result = subprocess.run(["dot", "-Tplain"], input=text.encode(), capture_output=True, check=False, timeout=120)
    assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()
    assert_rows_kept(text, result.stdout.decode())
    assert len(declared_rows(text)) >= 5


WASM_GRAPHVIZ = os.environ.get("RELMAP_WASM_GRAPHVIZ")  # node_modules holding @hpcc-js/wasm-graphviz (.ci/run)


@pytest.mark.skipif(
    not WASM_GRAPHVIZ or shutil.which("node") is None,
    reason="the current Graphviz is not installed: set RELMAP_WASM_GRAPHVIZ to a node_modules holding "
    "@hpcc-js/wasm-graphviz (.ci/run fetches a pinned version from npm when npm is reachable)",
)
@pytest.mark.parametrize("people", ORG_SIZES)
def test_the_current_graphviz_keeps_every_row_too(people: int) -> None:
    text = DIAGRAM_FORMATS["dot"](org_graph(people))  # type: ignore[arg-type]
    result = subprocess.run(
        ["node", str(Path(__file__).parent / "graphviz_wasm.mjs")],
        input=text.encode(),
        capture_output=True,
        check=False,
        timeout=120,
        env={**os.environ, "NODE_PATH": str(WASM_GRAPHVIZ)},
    )
    assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()
    assert_rows_kept(text, result.stdout.decode())


@needs_graphviz
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_graphviz_keeps_the_rows_of_the_examples_without_a_warning(name: str) -> None:
    text = render(EXAMPLES / f"{name}.yaml", "dot")
    result = subprocess.run(["dot", "-Tplain"], input=text.encode(), capture_output=True, check=False, timeout=60)
    assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()
    assert_rows_kept(text, result.stdout.decode())


def test_dot_has_a_legend_beneath_the_map() -> None:
    text = render(EXAMPLES / "acme.yaml", "dot")
    for words in ("champion", "placeholder", "our team", "reports to", "influences", "defers to", "opposes", "knows: strong"):
        assert f'label="{words}"' in text
    assert '"row0" -> "row1" -> ' in text and '"team_row" -> "legend0" [style=invis];' in text
