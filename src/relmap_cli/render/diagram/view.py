"""Which part of a map the picture draws, and for whom: `--focus`, `--depth`, `--function`, `--redact`.

A focus keeps one person and everyone within `depth` lines of them. Lines
between the client's people (reporting, sway, antagonism) carry the walk on;
our people are ends, never bridges: a colleague who knows half the account
would otherwise pull all of it in. `--function` keeps the client's people of
those functions. Either way our people who know someone shown are kept, so
the coverage stays visible. Pure functions over the account graph; no I/O.
"""

from collections import deque

from ...graph import AccountGraph
from ...tuples import NamedTuple


class View(NamedTuple):
    """What to draw: the whole map, or a part of it; with every fact, or redacted."""

    focus: str | None = None  # a person id
    depth: int = 1
    functions: tuple[str, ...] = ()
    redact: bool = False  # no stances, influence, notes, interests or antagonism: safe beyond the account team

    @property
    def whole(self) -> bool:
        """True when every person is drawn."""
        return self.focus is None and not self.functions


def view_problem(graph: AccountGraph, view: View) -> str | None:
    """Why `view` cannot be drawn from this map (an unknown id or function), or None."""
    if view.focus is not None and view.focus not in graph.team and view.focus not in graph.client:
        from ...load.hints import did_you_mean

        known = [*graph.team, *graph.client]
        return f"--focus {view.focus}: no person with that id in the map{did_you_mean(view.focus, known)}"
    present = {person.function for person in graph.client.values() if person.function}
    unknown = [function for function in view.functions if function not in present]
    if unknown:
        listed = ", ".join(sorted(present)) or "none"
        return f"--function {unknown[0]}: no client person has that function (the map has: {listed})"
    return None


def _neighbours(graph: AccountGraph) -> dict[str, set[str]]:
    """Every person's neighbours over any line, as the picture draws them."""
    links: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        links.setdefault(a, set()).add(b)
        links.setdefault(b, set()).add(a)

    for person in graph.client.values():
        if person.reports_to is not None:
            link(person.id, person.reports_to)
    for rel in graph.model.relationships:
        link(rel.source, rel.target)
    return links


def shown_people(graph: AccountGraph, view: View) -> set[str]:
    """The ids of the people the view draws (all of them for the whole map)."""
    everyone = {*graph.team, *graph.client}
    if view.whole:
        return everyone
    kept = set(everyone)
    links = _neighbours(graph)
    if view.focus is not None:
        distance = {view.focus: 0}
        queue = deque([view.focus])
        while queue:
            person = queue.popleft()
            if person in graph.team and person != view.focus:
                continue  # one of ours ends a walk: never a bridge between their contacts
            if distance[person] == view.depth:
                continue
            for other in sorted(links.get(person, ())):
                if other not in distance:
                    distance[other] = distance[person] + 1
                    queue.append(other)
        kept = set(distance)
    if view.functions:
        wanted = set(view.functions)
        kept = {
            person
            for person in kept
            if person in graph.team or graph.client[person].function in wanted or person == view.focus
        }
    client = {person for person in kept if person in graph.client}
    # our people are kept when they know someone shown (or are the focus)
    ours = {rel.source for rel in graph.model.relationships if rel.kind == "knows" and rel.target in client}
    return client | ours | ({view.focus} if view.focus in graph.team else set())


def describe_view(graph: AccountGraph, view: View, shown: int, total: int) -> str | None:
    """The words for the part drawn (`around Maria Lopez, 2 steps · procurement`), or None for the whole map."""
    if view.whole:
        return None
    parts = []
    if view.focus is not None:
        steps = "1 step" if view.depth == 1 else f"{view.depth} steps"
        parts.append(f"around {graph.label(view.focus)}, {steps}")
    if view.functions:
        parts.append(" and ".join(view.functions))
    return f"{' · '.join(parts)}: {shown} of {total} people"
