"""The picture of a map: an org chart of the client, our team beneath, the lines between.

`DIAGRAM_FORMATS` maps a `--to` name to a function of the account graph that
returns the document as text. SVG and HTML share one layout; Mermaid and DOT
carry the same people and lines for tools that lay them out themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from ...graph import AccountGraph
from .scene import build_scene


def to_html(graph: AccountGraph) -> str:
    """One self-contained, offline HTML page with hover details."""
    from .html import render_html

    return render_html(build_scene(graph))


def to_svg(graph: AccountGraph) -> str:
    """A standalone SVG file."""
    from .svg import render_svg

    return render_svg(build_scene(graph))


def to_mermaid(graph: AccountGraph) -> str:
    """A Mermaid flowchart, as GitHub renders it in Markdown."""
    from .mermaid import render_mermaid

    return render_mermaid(build_scene(graph))


def to_dot(graph: AccountGraph) -> str:
    """A Graphviz DOT digraph."""
    from .dot import render_dot

    return render_dot(build_scene(graph))


DIAGRAM_FORMATS: dict[str, Callable[[AccountGraph], str]] = {
    "html": to_html,
    "svg": to_svg,
    "mermaid": to_mermaid,
    "dot": to_dot,
}
