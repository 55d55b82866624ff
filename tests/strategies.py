"""Hypothesis strategies that generate valid account maps as plain data.

Every map they produce satisfies the format and the whole-map rules: ids are
unique, references point at the right side, no self links, no duplicate
relationships, no pair that both defers and opposes, no contact dated after
the person left, and `reports_to` never goes round in a circle.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from relmap_cli.format.model import ACTIVITIES, BASES, INTENTS, LEVELS, ROLES, STANCES, STATUSES

ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"
ids = st.text(ID_CHARS, min_size=1, max_size=8)
# any text a person could type, including characters YAML must quote or escape
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)).map(date.isoformat)
functions = st.sampled_from(["sales", "procurement", "r-and-d", "finance", "operations", "executive", "service"])
topics = st.lists(
    st.sampled_from(["cost", "quality", "reformulation", "uptime", "bio-resins"]), unique=True, max_size=3
)


def _optional(draw: Any, key: str, strategy: st.SearchStrategy[Any], out: dict[str, Any]) -> None:
    value = draw(st.none() | strategy)
    if value is not None:
        out[key] = value


@st.composite
def account_maps(draw: Any, max_team: int = 5, max_client: int = 9) -> dict[str, Any]:
    """A valid map as the data a YAML file would hold."""
    people = draw(st.lists(ids, min_size=1, max_size=max_team + max_client, unique=True))
    n_team = draw(st.integers(1, min(max_team, len(people))))
    team_ids, client_ids = people[:n_team], people[n_team:]

    team = []
    for person_id in team_ids:
        member: dict[str, Any] = {"id": person_id, "name": draw(texts)}
        _optional(draw, "function", functions, member)
        _optional(draw, "level", st.sampled_from(LEVELS), member)
        _optional(draw, "topics", topics, member)
        _optional(draw, "left", dates, member)
        team.append(member)

    client = []
    for index, person_id in enumerate(client_ids):
        person: dict[str, Any] = {"id": person_id}
        placeholder = draw(st.booleans())
        if placeholder:
            person["placeholder"] = True
            _optional(draw, "title", texts, person)
        else:
            person["name"] = draw(texts)
        _optional(draw, "function", functions, person)
        _optional(draw, "level", st.sampled_from(LEVELS), person)
        _optional(draw, "roles", st.lists(st.sampled_from(ROLES), unique=True, max_size=3), person)
        _optional(draw, "stance", st.sampled_from(STANCES), person)
        _optional(draw, "influence", st.integers(1, 5), person)
        _optional(draw, "topics", topics, person)
        _optional(draw, "left", dates, person)
        _optional(draw, "notes", texts, person)
        if index and draw(st.booleans()):  # only to someone earlier: no cycles
            person["reports_to"] = client_ids[draw(st.integers(0, index - 1))]
        client.append(person)

    relationships: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    left = {person["id"]: person["left"] for person in client if "left" in person}
    leaning: dict[frozenset[str], str] = {}  # a pair either defers or opposes, never both
    n_rel = draw(st.integers(0, 3 * len(people)))
    for _ in range(n_rel):
        if not client_ids:
            break
        kind = draw(st.sampled_from(["knows", "knows", "defers-to", "influences", "opposes"]))
        source = draw(st.sampled_from(team_ids if kind == "knows" else client_ids))
        target = draw(st.sampled_from(client_ids))
        key = (min(source, target), kind, max(source, target)) if kind == "opposes" else (source, kind, target)
        if source == target or key in seen:
            continue
        if kind in ("defers-to", "opposes") and leaning.setdefault(frozenset((source, target)), kind) != kind:
            continue
        seen.add(key)
        rel: dict[str, Any] = {"from": source, "kind": kind, "to": target}
        strengths = ["strong", "good", "weak", "negative"] if kind == "knows" else ["strong", "good", "weak"]
        _optional(draw, "strength", st.sampled_from(strengths), rel)
        if kind == "knows":
            _optional(draw, "last", dates.filter(lambda day, gone=left.get(target): gone is None or day <= gone), rel)
        if kind == "defers-to":
            _optional(draw, "basis", st.sampled_from(BASES), rel)
        relationships.append(rel)

    actions = []
    for number in range(draw(st.integers(0, 3))):
        action: dict[str, Any] = {"id": f"a{number}", "owner": draw(st.sampled_from(team_ids)), "goal": draw(texts)}
        if client_ids:
            _optional(draw, "with", st.lists(st.sampled_from(client_ids), unique=True, max_size=2), action)
        _optional(draw, "activity", st.sampled_from(ACTIVITIES), action)
        _optional(draw, "due", dates, action)
        _optional(draw, "status", st.sampled_from(STATUSES), action)
        actions.append(action)

    account: dict[str, Any] = {"name": draw(texts), "owner": draw(st.sampled_from(team_ids))}
    _optional(draw, "tier", st.integers(1, 3), account)
    _optional(draw, "reviewed", dates, account)
    _optional(draw, "review_every", st.sampled_from(["30d", "6w", "3m", "1y"]), account)
    _optional(draw, "intent", st.sampled_from(INTENTS), account)
    counterparts = draw(st.lists(st.fixed_dictionaries({"ours": functions, "theirs": functions}), max_size=2))
    data = {"relmap": 1, "account": account, "team": team, "client": client, "relationships": relationships}
    if actions:
        data["actions"] = actions
    if counterparts:
        data["counterparts"] = counterparts
    return data
