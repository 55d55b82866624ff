"""The client's people as a list to sort and filter: who they are, how we know them, how easy they are.

Each row gathers what other analyses already say about one person: our best
contact (the strongest, then the most recent) and how long ago it was, how
many threads we have, their coalition bucket, and their place in the
bootstrap order (easiest first), cut into thirds as easy, medium and hard.
Pure; no I/O.
"""

from datetime import date

from ..format.model import ClientPerson
from ..graph import REACHING, AccountGraph, Contact
from ..tuples import NamedTuple
from .coalitions import find_coalitions
from .sequence import plan_sequence

SORTS = ("name", "influence", "last", "ease")
BANDS = ("easy", "medium", "hard")


class PersonRow(NamedTuple):
    """One client person and what the map says about our relationship with them."""

    person: ClientPerson
    best: Contact | None
    age: int | None  # days since the best contact's last interaction; None when undated or no contact
    threads: int
    bucket: str | None  # None for a placeholder or someone who left
    ease: int | None  # 1 = the easiest to win; None when they cannot be approached
    band: str | None


class PeopleList(NamedTuple):
    """The rows to show, and what they are out of."""

    rows: list[PersonRow]
    total: int  # client people in the map who have not left
    approachable: int  # people in the bootstrap order: the `of` of every ease rank


class Filters(NamedTuple):
    """What `relmap people` keeps; an empty tuple keeps everyone."""

    functions: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    uncovered: bool = False  # only people none of ours knows at good or strong
    departed: bool = False  # also people who left


def list_people(graph: AccountGraph, today: date, filters: Filters | None = None, by: str | None = None) -> PeopleList:
    """The client people that pass `filters`, sorted `by` one of SORTS (default: file order)."""
    rows = every_person(graph, today)
    kept = [row for row in rows if keep(row, filters or Filters(), graph)]
    return PeopleList(
        sort_rows(kept, by) if by else kept,
        total=len(graph.active_client()),
        approachable=sum(1 for row in rows if row.ease is not None),
    )


def every_person(graph: AccountGraph, today: date) -> list[PersonRow]:
    """Every client person (people who left too), in file order."""
    buckets = {standing.person: standing.bucket for standing in find_coalitions(graph).people}
    order = [step.person for step in plan_sequence(graph, "bootstrap").steps]
    ease = {person_id: number for number, person_id in enumerate(order, start=1)}
    rows = []
    for person in graph.client.values():
        best = graph.best_contact(person.id)
        age = (today - best.last).days if best is not None and best.last is not None else None
        threads = sum(1 for c in graph.active_contacts_of(person.id) if c.strength in REACHING)
        rank = ease.get(person.id)
        band = BANDS[min(2, 3 * (rank - 1) // len(order))] if rank is not None else None
        rows.append(PersonRow(person, best, age, threads, buckets.get(person.id), rank, band))
    return rows


def keep(row: PersonRow, filters: Filters, graph: AccountGraph) -> bool:
    """Whether a row passes every filter."""
    person = row.person
    if graph.gone(person) and not filters.departed:
        return False
    if filters.functions and person.function not in filters.functions:
        return False
    if filters.levels and person.level not in filters.levels:
        return False
    if filters.roles and not set(filters.roles).intersection(person.roles):
        return False
    if filters.stances and person.stance not in filters.stances:
        return False
    return not (filters.uncovered and row.threads)


def sort_rows(rows: list[PersonRow], by: str) -> list[PersonRow]:
    """Rows by name (A-Z), influence (highest first), last (longest ago or never first) or ease (easiest first).

    Ties keep file order; rows without a value (no contact date, no ease) go
    where a KAM would look for them: never-met first under `last`, the
    unapproachable last under `ease`.
    """
    if by == "name":
        return sorted(rows, key=lambda row: row.person.label.casefold())
    if by == "influence":
        return sorted(rows, key=lambda row: -row.person.influence)
    if by == "last":
        return sorted(rows, key=lambda row: -row.age if row.age is not None else -(10**9))
    if by == "ease":
        return sorted(rows, key=lambda row: row.ease if row.ease is not None else 10**9)
    raise ValueError(f"unknown sort {by!r}")
