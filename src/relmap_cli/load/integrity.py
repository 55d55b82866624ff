"""Rules that need the whole map: ids, references, sides, duplicates, cycles.

Runs on validated items (each with its index in the file) so that one bad
person does not hide the problems of the others. Returns problems; no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..format.model import MAX_REVIEW_DAYS, Account, Action, ClientPerson, Relationship, TeamMember, cadence_days
from .hints import Suggester, shorten
from .limits import MAX_PROBLEMS
from .problems import Problem, ProblemLog, Severity
from .yamltree import Pos, YList, YMap

_SIDE_WORD = {"team": "member of our team", "client": "client person"}
# "Did you mean" hints per file: no more than the problems a file lists
MAX_HINTS = MAX_PROBLEMS


class Items:
    """The validated items of a map, each with its index in its section."""

    def __init__(
        self,
        account: Account | None,
        team: list[tuple[int, TeamMember]] | None = None,
        client: list[tuple[int, ClientPerson]] | None = None,
        relationships: list[tuple[int, Relationship]] | None = None,
        actions: list[tuple[int, Action]] | None = None,
        interest_ids: list[tuple[int, str]] | None = None,
    ) -> None:
        self.account = account
        self.team = team or []
        self.client = client or []
        self.relationships = relationships or []
        self.actions = actions or []
        self.interest_ids = interest_ids or []
        # people whose entry failed the schema, by id -> side: still known, so
        # references to them do not cascade into unknown-ref errors
        self.ghost_sides: dict[str, str] = {}
        # (section, index, key) of values the schema rejected: rules that read them are skipped
        self.dropped: set[tuple[str, int, str]] = set()


def check_integrity(items: Items, root: YMap, path: str) -> ProblemLog:
    """Every whole-map rule of the format, each problem at the value at fault."""
    checker = _Checker(items, root, path)
    checker.run()
    return checker.problems


class _Checker:
    def __init__(self, items: Items, root: YMap, path: str) -> None:
        self.items = items
        self.root = root
        self.path = path
        self.problems = ProblemLog()
        self.sides: dict[str, str] = {}
        self.known: dict[str, str] = {}
        self.hints_left = MAX_HINTS
        self.suggesters: dict[str, Suggester] = {}  # built on the first unknown reference

    # -- positions and reporting ------------------------------------------
    def at(self, section: str, index: int, key: str | None = None, *, at_key: bool = False) -> Pos:
        """Where item `index` of `section` (or one of its keys or values) is written."""
        entries = self.root.get(section)
        if not isinstance(entries, YList) or index >= len(entries):
            return self.root.pos()
        entry = entries[index]
        if key is None or not isinstance(entry, YMap):
            return entries.item_pos(index)
        return entry.key_pos(key) if at_key else entry.value_pos(key)

    def report(self, pos: Pos, rule: str, message: str) -> None:
        self.problems.append(Problem(self.path, pos.line, pos.column, rule, message))

    def check_ref(self, where: Pos | Callable[[], Pos], ref: str, want: str, what: str) -> bool:
        """Report `ref` if it names nobody, or somebody on the wrong side.

        `where` may be a function: positions are only looked up for problems.
        """
        side = self.known.get(ref)
        if side == want:
            return True
        pos = where() if callable(where) else where
        if not self.problems.listed(self.path, pos.line, pos.column):
            self.problems.count(Severity.ERROR)  # not listed, so not worded either
            return False
        if side is None:
            self.report(pos, "unknown-ref", f"{what} '{shorten(ref)}' is not defined{self.hint(ref, want)}")
            return False
        self.report(
            pos, "wrong-side", f"{what} '{shorten(ref)}' must be a {_SIDE_WORD[want]}, but is a {_SIDE_WORD[side]}"
        )
        return False

    def hint(self, ref: str, want: str) -> str:
        """A "did you mean" among the ids of side `want` (any id if that side has none)."""
        self.hints_left -= 1
        if self.hints_left < 0:
            return ""
        if want not in self.suggesters:
            ids = [i for i, side in self.known.items() if side == want] or list(self.known)
            self.suggesters[want] = Suggester(ids)
        return self.suggesters[want].hint(ref)

    def check_owner(self, pos: Pos, owner: str, what: str) -> None:
        if self.known.get(owner) == "client":
            self.report(pos, "owner-not-team", f"{what} '{shorten(owner)}' is a client person; owners are on our team")
        else:
            self.check_ref(pos, owner, "team", what)

    # -- the rules ----------------------------------------------------------
    def run(self) -> None:
        self.check_ids()
        self.known = {**self.items.ghost_sides, **self.sides}
        if self.items.account is not None:
            account = self.root.get("account")
            pos = account.value_pos("owner") if isinstance(account, YMap) else self.root.pos()
            self.check_owner(pos, self.items.account.owner, "owner")
            cadence = self.items.account.review_every
            # more digits than any cadence up to the limit has: too long, and too big to turn into a number
            if cadence is not None and (len(cadence) > 7 or cadence_days(cadence) > MAX_REVIEW_DAYS):
                pos = account.value_pos("review_every") if isinstance(account, YMap) else self.root.pos()
                self.report(
                    pos,
                    "value",
                    f"review_every must be at most 100 years ({MAX_REVIEW_DAYS} days), not {shorten(cadence)}",
                )
        self.check_people()
        self.check_successors()
        self.check_relationships()
        self.check_actions()

    def check_ids(self) -> None:
        """Ids unique across team and client, and among actions and interests."""
        first_line: dict[str, int] = {}
        people: list[tuple[str, int, TeamMember | ClientPerson]] = [
            *(("team", index, person) for index, person in self.items.team),
            *(("client", index, person) for index, person in self.items.client),
        ]
        for section, index, person in people:
            pos = self.at(section, index, "id")
            if person.id in self.sides:
                message = f"id '{shorten(person.id)}' is already used at line {first_line[person.id]}"
                self.report(pos, "duplicate-id", message)
            else:
                self.sides[person.id] = section
                first_line[person.id] = pos.line
        action_ids = [(index, action.id) for index, action in self.items.actions]
        for section, pairs in (("actions", action_ids), ("interests", self.items.interest_ids)):
            seen: dict[str, int] = {}
            for index, item_id in pairs:
                pos = self.at(section, index, "id")
                if item_id in seen:
                    self.report(
                        pos,
                        "duplicate-id",
                        f"{section[:-1]} id '{shorten(item_id)}' is already used at line {seen[item_id]}",
                    )
                else:
                    seen[item_id] = pos.line

    def check_repeats(self, section: str, index: int, key: str, values: list[str], what: str) -> None:
        """A list such as `roles`, `topics` or `with` names each value once."""
        seen: set[str] = set()
        entries = self.root[section][index].get(key)
        for number, value in enumerate(values):
            if value in seen:
                pos = entries.item_pos(number) if isinstance(entries, YList) else self.at(section, index, key)
                self.report(pos, "duplicate-value", f"{what} '{shorten(value)}' is listed twice")
            seen.add(value)

    def check_people(self) -> None:
        """Names of client people, repeated list values, `reports_to` references and cycles."""
        interests = {interest_id for _, interest_id in self.items.interest_ids}
        suggest_interest: Suggester | None = None
        for index, member in self.items.team:
            self.check_repeats("team", index, "topics", member.topics, "topic")
        boss: dict[str, str] = {}
        boss_pos: dict[str, Pos] = {}
        for index, person in self.items.client:
            if (
                person.name is None
                and not person.placeholder
                and ("client", index, "placeholder") not in self.items.dropped
            ):
                self.report(
                    self.at("client", index),
                    "missing-key",
                    f"client person '{shorten(person.id)}' needs 'name' "
                    "(or 'placeholder: true' for a position not yet filled)",
                )
            if person.placeholder and person.name is not None:
                self.report(
                    self.at("client", index, "placeholder"),
                    "placeholder-named",
                    f"'{shorten(person.id)}' has a name, so the position is filled: remove 'placeholder: true'",
                )
            self.check_repeats("client", index, "roles", person.roles, "role")
            self.check_repeats("client", index, "topics", person.topics, "topic")
            self.check_repeats("client", index, "cares_about", person.cares_about, "interest")
            entries = self.root["client"][index].get("cares_about")
            for number, interest in enumerate(person.cares_about):
                if interest not in interests:
                    pos = entries.item_pos(number) if isinstance(entries, YList) else self.at("client", index)
                    self.hints_left -= 1
                    hint = ""
                    if self.hints_left >= 0:
                        suggest_interest = suggest_interest or Suggester(interests)
                        hint = suggest_interest.hint(interest)
                    self.report(
                        pos, "unknown-ref", f"cares_about '{shorten(interest)}' is not one of our interests{hint}"
                    )
            if person.reports_to is None:
                continue
            pos = self.at("client", index, "reports_to")
            if person.reports_to == person.id:
                self.report(pos, "self-link", f"'{shorten(person.id)}' cannot report to themself")
            elif self.check_ref(pos, person.reports_to, "client", "reports_to"):
                boss[person.id] = person.reports_to
                boss_pos[person.id] = pos
        for start in find_cycle_starts(boss):
            cycle = [start]
            while boss[cycle[-1]] != start:
                cycle.append(boss[cycle[-1]])
            chain = " -> ".join([*cycle, start])
            self.report(boss_pos[start], "reports-to-cycle", f"reports_to goes round in a circle: {chain}")

    def check_successors(self) -> None:
        """A successor is someone else on the same side, named for a person who left."""
        people: list[tuple[str, int, TeamMember | ClientPerson]] = [
            *(("team", index, person) for index, person in self.items.team),
            *(("client", index, person) for index, person in self.items.client),
        ]
        for section, index, person in people:
            if person.successor is None:
                continue
            pos = partial(self.at, section, index, "successor")
            if person.successor == person.id:
                self.report(pos(), "self-link", f"'{shorten(person.id)}' cannot be their own successor")
            elif self.check_ref(pos, person.successor, section, "successor") and person.left is None:
                self.report(
                    self.at(section, index, "successor", at_key=True),
                    "not-applicable",
                    f"successor only applies to someone who left: give '{shorten(person.id)}' a 'left' date",
                )

    def check_relationships(self) -> None:
        """Sides of each kind, self links, fields that do not apply, duplicates, contradictions."""
        seen: dict[tuple[str, str, str], int] = {}
        sway: dict[frozenset[str], int] = {}  # pair -> first defers-to or influences between them
        opposed: dict[frozenset[str], int] = {}
        left = {person.id: person.left for _, person in self.items.client if person.left is not None}
        for index, rel in self.items.relationships:
            want_from = "team" if rel.kind == "knows" else "client"
            source_ok = self.check_ref(
                partial(self.at, "relationships", index, "from"), rel.source, want_from, f"{rel.kind} from"
            )
            if rel.source == rel.target:
                pos = self.at("relationships", index, "to")
                self.report(pos, "self-link", f"'{shorten(rel.source)}' {rel.kind} themself")
                continue
            target_ok = self.check_ref(
                partial(self.at, "relationships", index, "to"), rel.target, "client", f"{rel.kind} to"
            )
            self.check_fields(index, rel)
            if not (source_ok and target_ok):
                continue
            key = (rel.source, rel.kind, rel.target)
            if rel.kind == "opposes" and rel.target < rel.source:
                key = (rel.target, rel.kind, rel.source)  # opposition is mutual
            if key in seen:
                first = self.at("relationships", seen[key]).line
                self.report(
                    self.at("relationships", index),
                    "duplicate-relationship",
                    f"'{shorten(rel.source)} {rel.kind} {shorten(rel.target)}' is already stated at line {first}",
                )
            else:
                seen[key] = index
            if rel.kind == "knows" and rel.last is not None and rel.target in left and rel.last > left[rel.target]:
                self.report(
                    self.at("relationships", index, "last"),
                    "value",
                    f"last {rel.last} is after '{shorten(rel.target)}' left ({left[rel.target]}): "
                    "an interaction after someone left belongs with their new company",
                )
            if rel.kind in ("defers-to", "opposes"):
                pair = frozenset((rel.source, rel.target))
                mine, other = (sway, opposed) if rel.kind == "defers-to" else (opposed, sway)
                mine.setdefault(pair, index)
                if pair in other:
                    first = self.at("relationships", other[pair]).line
                    self.report(
                        self.at("relationships", index),
                        "contradiction",
                        f"'{shorten(rel.source)}' and '{shorten(rel.target)}' cannot both defer to and oppose "
                        "each other "
                        f"(see line {first}): keep the one that is true",
                    )

    def check_fields(self, index: int, rel: Relationship) -> None:
        """`negative` only on knows; `basis` only on defers-to; `last` only on knows."""
        if rel.kind != "knows" and rel.strength == "negative":
            self.report(
                self.at("relationships", index, "strength"),
                "value",
                "strength 'negative' only applies to knows; for antagonism use kind: opposes",
            )
        if rel.basis is not None and rel.kind != "defers-to":
            pos = self.at("relationships", index, "basis", at_key=True)
            self.report(pos, "not-applicable", f"basis only applies to defers-to, not to {rel.kind}")
        if rel.last is not None and rel.kind != "knows":
            pos = self.at("relationships", index, "last", at_key=True)
            self.report(pos, "not-applicable", f"last only applies to knows, not to {rel.kind}")

    def check_actions(self) -> None:
        """Action owners on our team; participants among the client's people."""
        for index, action in self.items.actions:
            self.check_owner(self.at("actions", index, "owner"), action.owner, "action owner")
            entries = self.root["actions"][index].get("with")
            for number, person in enumerate(action.with_):
                pos = entries.item_pos(number) if isinstance(entries, YList) else self.at("actions", index, "with")
                self.check_ref(pos, person, "client", "action participant")
            self.check_repeats("actions", index, "with", action.with_, "participant")
            if action.done is not None and action.status != "done":
                self.report(
                    self.at("actions", index, "done", at_key=True),
                    "not-applicable",
                    f"action '{shorten(action.id)}' has a done date but status {action.status}: set status: done",
                )


def find_cycle_starts(boss: dict[str, str]) -> list[str]:
    """One member of each cycle of a person -> boss mapping, first met in order."""
    state: dict[str, int] = {}  # 1: on the current walk, 2: finished
    starts: list[str] = []
    for origin in boss:
        walk: list[str] = []
        node: str | None = origin
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = boss.get(node)
        if node is not None and state[node] == 1:
            starts.append(node)
        for visited in walk:
            state[visited] = 2
    return starts
