"""The schema in a real editor: the YAML language server, driven over stdio as VS Code drives it.

Needs Node.js and yaml-language-server (`RELMAP_YAML_LANGUAGE_SERVER`, which
.ci/run sets after fetching a pinned version from npm); skipped otherwise.
The server reads YAML 1.2 and applies the schema by itself, so these tests
see exactly the squiggles, completions and hover texts a user sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from relmap_cli.load.loader import load_map
from relmap_cli.load.yamltree import Pos, parse_yaml

from .conftest import ROOT, run
from .langserver import SERVER_ENV, LanguageServer, server_command
from .schema_agreement import Entry, compare, entry_at
from .test_schema_agreement import MAPS

COMMAND = server_command()
pytestmark = pytest.mark.skipif(
    COMMAND is None,
    reason=f"the YAML language server is not installed: set {SERVER_ENV} to its bin/yaml-language-server "
    "(.ci/run fetches a pinned version from npm when npm is reachable)",
)
SCHEMA = ROOT / "relmap.schema.json"
HEAD = f"# yaml-language-server: $schema={SCHEMA.as_uri()}\nrelmap: 1\naccount: {{name: Acme, owner: kim}}\n"
ERROR = 1  # LSP DiagnosticSeverity.Error


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    assert COMMAND is not None
    # maps without a schema line get the schema by file name, as a user's settings.json would give it
    with LanguageServer(COMMAND, {"schemas": {SCHEMA.as_uri(): "*.yaml"}}) as language_server:
        yield language_server


def schema_faults(server: LanguageServer, path: Path, text: str) -> set[Entry] | None:
    """The entries the server's schema diagnostics point into; None when the editor cannot read the YAML."""
    diagnostics = server.diagnose(path.as_uri(), text)
    if any(d["severity"] == ERROR and not str(d.get("source", "")).startswith("yaml-schema") for d in diagnostics):
        return None
    root, _ = parse_yaml(text, str(path))
    return {
        entry_at(root, Pos(d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1))
        for d in diagnostics
        if str(d.get("source", "")).startswith("yaml-schema")
    }


@pytest.mark.parametrize("path", MAPS, ids=[str(p.relative_to(ROOT)) for p in MAPS])
def test_the_language_server_agrees_with_validate(server: LanguageServer, path: Path) -> None:
    loaded = load_map(str(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:  # an editor shows it as garbage; relmap says it is not UTF-8
        assert [problem.rule for problem in loaded.problems] == ["encoding"]
        return
    comparison = compare(str(path.relative_to(ROOT)), text, loaded.problems, schema_faults(server, path, text))
    assert comparison.unexplained == []


def test_what_yaml_11_would_misread_raises_no_squiggle(server: LanguageServer) -> None:
    text = HEAD.replace("name: Acme", "name: 2024") + (
        "team:\n"
        "  - {id: kim, name: Kim, topics: }\n"
        "client:\n"
        "  - {id: 0123, name: no, stance: , influence: '4', placeholder: \"false\"}\n"
        "  - id: maria\n"
        "    name: true\n"
        "    level:\n"
        "    roles:\n"
        "relationships:\n"
        "  - {from: kim, kind: knows, to: 0123, last: 2028-02-29}\n"
    )
    assert load_map_text(text) == []
    assert server.diagnose("file:///tmp/yaml11.yaml", text) == []


def load_map_text(text: str) -> list[str]:
    from relmap_cli.load.loader import load_text

    return [problem.message for problem in load_text(text).problems]


def messages(server: LanguageServer, text: str) -> list[tuple[int, str]]:
    return sorted(
        (d["range"]["start"]["line"], d["message"]) for d in server.diagnose("file:///tmp/messages.yaml", text)
    )


def test_squiggles_say_what_to_write(server: LanguageServer) -> None:
    text = HEAD + (
        "client:\n"
        "  - {id: maria, name: Maria, influence: 7, placeholder: yes}\n"
        "  - {id: tbd, title: Head of R&D, placeholder: true, name: Eva, left: 2026-02-30, successor: maria}\n"
        "relationships:\n"
        "  - {from: maria, kind: influences, to: tbd, strength: negative, last: 2026-01-01}\n"
    )
    assert messages(server, text) == [
        (4, "Value is above the maximum of 5."),
        (4, "Write true or false (yes, no, on and off are words, not booleans)."),
        (5, "Not a real date: write it as YYYY-MM-DD."),
        (5, "a named person is not a placeholder: remove 'placeholder: true'"),
        (7, "last only applies to knows"),
        (7, "strength 'negative' only applies to knows; for antagonism use kind: opposes"),
    ]


def labels(items: list[dict[str, Any]]) -> list[str]:
    return [item["label"] for item in items]


def complete(server: LanguageServer, body: str) -> list[str]:
    """Labels offered where `|` stands in `body` (appended to a map's first lines)."""
    text = HEAD + body
    line = text[: text.index("|")].count("\n")
    column = text.index("|") - (text.rfind("\n", 0, text.index("|")) + 1)
    return labels(server.complete("file:///tmp/complete.yaml", text.replace("|", ""), line, column))


STANCES = ["champion", "supporter", "neutral", "detractor", "unknown"]


def test_completion_offers_the_keys_of_an_entry_in_block_and_flow_style(server: LanguageServer) -> None:
    block = complete(server, "client:\n  - id: maria\n    name: Maria\n    st|\n")
    flow = complete(server, "client:\n  - {id: maria, name: Maria, st|}\n")
    for offered in (block, flow):
        assert {"stance", "influence", "roles", "reports_to", "cares_about", "placeholder"} <= set(offered)
        assert "id" not in offered and "name" not in offered  # already written
    top = complete(server, "cl|\n")
    assert {"client", "team", "relationships", "actions", "counterparts_default"} <= set(top)


def test_completion_offers_the_words_of_a_field_and_no_null(server: LanguageServer) -> None:
    assert sorted(complete(server, "client:\n  - id: maria\n    stance: |\n")) == sorted(STANCES)
    assert sorted(complete(server, "client:\n  - {id: maria, stance: |}\n")) == sorted(STANCES)
    kinds = complete(server, "relationships:\n  - {from: kim, kind: |, to: maria}\n")
    assert sorted(kinds) == ["defers-to", "influences", "knows", "opposes"]
    roles = ["budget-holder", "decision-maker", "gatekeeper", "influencer", "resource-controller", "technical", "user"]
    assert sorted(complete(server, "client:\n  - {id: maria, roles: [|]}\n")) == roles
    assert sorted(complete(server, "client:\n  - id: maria\n    roles:\n      - |\n")) == roles
    assert sorted(complete(server, "client:\n  - id: maria\n    placeholder: |\n")) == ["false", "true"]
    assert complete(server, "client:\n  - id: maria\n    name: |\n") == []  # text: no true/false/null offered


def hover(server: LanguageServer, body: str) -> str:
    text = HEAD + body
    line = text[: text.index("|")].count("\n")
    column = text.index("|") - (text.rfind("\n", 0, text.index("|")) + 1)
    return server.hover("file:///tmp/hover.yaml", text.replace("|", ""), line, column)


def test_hover_names_the_entry_in_plain_words_and_renders_markdown(server: LanguageServer) -> None:
    shown = hover(server, "client:\n  - id: maria\n    sta|nce: champion\n")
    assert shown.startswith("#### Client person\n\nchampion, supporter, neutral, detractor or unknown.")
    assert "* `champion`: actively advocates for us" in shown
    cares = hover(server, "client:\n  - id: maria\n    cares_ab|out: []\n")
    assert "Ids from `interests` (ours) this person has a stake in." in cares  # code, not \\`escaped\\`
    assert "ClientPerson" not in shown + cares
    assert hover(server, "te|am: []\n").startswith("#### Account map\n\nOur people.")


def test_a_map_fresh_from_init_loads_its_schema_and_completes(server: LanguageServer, tmp_path: Path) -> None:
    target = tmp_path / "maps" / "acme.yaml"
    target.parent.mkdir()
    assert run(["init", "Acme Chemicals", "--output", str(target), "--today", "2026-11-23"]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert server.diagnose(target.as_uri(), text) == []  # no "Unable to load schema", no squiggle
    lines = text.splitlines(keepends=True)
    at = lines.index("    placeholder: true         # a position we know exists; replace with a name once known\n") + 1
    edited = "".join([*lines[:at], "    sta\n", *lines[at:]])
    assert "stance" in labels(server.complete(target.as_uri(), edited, at, 7))
