"""The picture of a map: an org chart of the client, our team beneath, the lines between.

`DIAGRAM_FORMATS` maps a `--to` name to a function of the account graph (and
an optional `View`: a part of the map, or a redacted picture) that returns
the document as text. SVG and HTML share one layout; Mermaid and DOT carry
the same people and lines for tools that lay them out themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from ...graph import AccountGraph
from .scene import build_scene
from .view import View, view_problem

__all__ = ["DIAGRAM_FORMATS", "View", "view_problem"]


def to_html(graph: AccountGraph, view: View | None = None) -> str:
    """One self-contained, offline HTML page with hover details."""
    from .html import render_html

    return render_html(build_scene(graph, view))


def to_svg(graph: AccountGraph, view: View | None = None) -> str:
    """A standalone SVG file."""
    from .svg import render_svg

    return render_svg(build_scene(graph, view))


def to_mermaid(graph: AccountGraph, view: View | None = None) -> str:
    """A Mermaid flowchart, as GitHub renders it in Markdown."""
    from .mermaid import render_mermaid

    return render_mermaid(build_scene(graph, view))


def to_dot(graph: AccountGraph, view: View | None = None) -> str:
    """A Graphviz DOT digraph."""
    from .dot import render_dot

    return render_dot(build_scene(graph, view))


DIAGRAM_FORMATS: dict[str, Callable[..., str]] = {  # (graph, view=None) -> text
    "html": to_html,
    "svg": to_svg,
    "mermaid": to_mermaid,
    "dot": to_dot,
}
