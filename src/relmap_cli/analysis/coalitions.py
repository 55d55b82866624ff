"""Coalitions: who furthers our interests, who hinders them, and who can swing.

The influence model is Friedkin-Johnsen opinion dynamics over the sway graph.
Every current client person i holds an opinion x_i in [-1, 1]; they start at
the opinion their stance states (s_i) and are pulled by the people they defer
to or are influenced by, and pushed away from the people they oppose:

    x_i <- lambda_i * sum_j W_ij * x_j + (1 - lambda_i) * s_i

- s_i by stance: champion +1, supporter +0.5, neutral 0, unknown 0, detractor -1.
- lambda_i, how far others can move them: champion 0.2 (committed to us),
  supporter 0.4, neutral 0.7, unknown 0.8, detractor 0.4 (a grievance can be
  worked on, so a detractor among our supporters comes within reach);
  0 for someone nobody sways.
- a_ij = weight(strength) * influence_j / 5 for each edge where j sways i
  (reports_to counts as strong deference); -0.7 * influence_j / 5 when i and
  j oppose each other. W_ij = a_ij / sum_k |a_ik| (rows sum to 1 in absolute).
- iterate (Gauss-Seidel, file order) until no opinion moves more than 1e-9.

Buckets are decided on the score as printed (rounded to two decimals), so a
table never contradicts the thresholds: a champion or supporter furthers and
a detractor hinders, directly (their own stance). A neutral or unknown person
furthers when the printed score is +0.15 or more and hinders at -0.15 or
less, indirectly; otherwise they are swing. An unknown person the model moved
(someone sways or opposes them) is `inferred`: confirm their stance. A swing
person with influence >= 4, or whom two or more people defer to, is a pivot.

Coalitions are the connected groups of people who sway each other and lean
the same way; the leader is the most influential direct member (their own
stance leans that way), or the most influential member when all are
indirect. `attention` lists, most important first: decision makers and
budget holders in hinders; supporters and champions pulled below zero (at
risk); detractors above -0.5 (within reach); pivots. Pure: no I/O.
"""

from ..format.model import ClientPerson
from ..graph import WEIGHTS, AccountGraph
from ..tuples import NamedTuple
from .words import join_names

OPINION = {"champion": 1.0, "supporter": 0.5, "neutral": 0.0, "unknown": 0.0, "detractor": -1.0}
# a champion has committed to us; a supporter or a detractor can still be moved (a grievance can be worked on)
SUSCEPTIBILITY = {"champion": 0.2, "supporter": 0.4, "neutral": 0.7, "unknown": 0.8, "detractor": 0.4}
OPPOSITION_WEIGHT = 0.7
THRESHOLD = 0.15
WITHIN_REACH = -0.5  # a detractor scoring above this is pulled our way enough to be won
TOLERANCE = 1e-9
MAX_ROUNDS = 1000
DIRECT_BUCKET = {"champion": "furthers", "supporter": "furthers", "detractor": "hinders"}
BUCKET_ORDER = {"furthers": 0, "hinders": 1, "swing": 2}
ATTENTION_KINDS = ("hinders", "at-risk", "within-reach", "pivot")  # in the order they are listed


class Pull(NamedTuple):
    """One person's share in moving another's opinion."""

    person: str
    relation: str  # "defers to", "reports to", "is influenced by", "opposes" (joined with "and" for several)
    amount: float  # the share of the score this person's edges contribute, rounded to two decimals


class Standing(NamedTuple):
    """Where one current client person stands.

    `bucket` furthers | hinders | swing; `how` direct (their own stance) or
    indirect (a neutral or unknown person the model pulled there); `score`
    the net opinion, rounded to the two decimals the bucket was decided on;
    `pivot` a swing person who can tip the balance; `inferred` an unknown
    stance the model alone placed (confirm it); `pulled_by` the two people who
    pull hardest, strongest first; `followers` how many people defer or report to them.
    """

    person: str
    bucket: str
    how: str
    score: float
    pivot: bool
    inferred: bool = False
    pulled_by: tuple[Pull, ...] = ()
    followers: int = 0


class Coalition(NamedTuple):
    """People who sway each other and lean the same way, and who leads them."""

    leader: str
    members: tuple[str, ...]
    bucket: str


class Attention(NamedTuple):
    """Something in the coalition picture to act on.

    `kind` is one of ATTENTION_KINDS: `hinders` (a decision maker or budget
    holder in hinders), `at-risk` (a supporter or champion pulled below zero),
    `within-reach` (a detractor above -0.5), `pivot`. `people` names the person
    first, then those pulling them that way.
    """

    kind: str
    people: tuple[str, ...]
    message: str


class CoalitionReport(NamedTuple):
    """Every current client person's standing (file order), the coalitions, and what needs attention."""

    account: str
    people: list[Standing]
    coalitions: list[Coalition]
    attention: list[Attention]

    def standing(self, person: str) -> Standing | None:
        """The standing of one client person, or None for someone not bucketed (left, unknown id)."""
        return next((standing for standing in self.people if standing.person == person), None)


def printed(score: float) -> float:
    """The score as every output prints it: two decimals, and never -0.00."""
    return round(score, 2) + 0.0


def find_coalitions(graph: AccountGraph) -> CoalitionReport:
    """Bucket every current client person, group them into coalitions, and say what needs attention.

    The one entry point for the whole picture; `place_people` and
    `find_attention` give its parts without the coalitions (and without
    the grouping).
    """
    people = graph.active_client()
    index = {person.id: number for number, person in enumerate(people)}
    standings = place_people(graph)
    return CoalitionReport(
        graph.model.account.name,
        standings,
        _group(graph, people, standings, index),
        find_attention(graph, standings),
    )


def place_people(graph: AccountGraph) -> list[Standing]:
    """Every current client person's standing under the influence model, in file order."""
    people = graph.active_client()
    index = {person.id: number for number, person in enumerate(people)}
    stance = [person.stance for person in people]
    initial = [OPINION[s] for s in stance]

    # incoming pulls of each person: (j, raw weight a_ij, relation)
    incoming: list[list[tuple[int, float, str]]] = [[] for _ in people]
    for number, person in enumerate(people):
        for sway in graph.sway_in.get(person.id, []):
            j = index[sway.leader]
            relation = {"reports-to": "reports to", "defers-to": "defers to"}.get(sway.kind, "is influenced by")
            incoming[number].append((j, WEIGHTS[sway.strength] * people[j].influence / 5, relation))
        for other in graph.opposes.get(person.id, []):
            j = index[other]
            incoming[number].append((j, -OPPOSITION_WEIGHT * people[j].influence / 5, "opposes"))

    rows: list[list[tuple[int, float]]] = []
    for pulls in incoming:
        total = sum(abs(a) for _, a, _ in pulls)
        rows.append([(j, a / total) for j, a, _ in pulls] if total else [])
    susceptibility = [SUSCEPTIBILITY[s] if rows[i] else 0.0 for i, s in enumerate(stance)]
    opinion = _settle(initial, rows, susceptibility)

    followers = [0] * len(people)
    for person in people:
        # people, not edges: reports_to and defers-to to the same person count once
        for leader in {sway.leader for sway in graph.sway_in.get(person.id, []) if sway.kind != "influences"}:
            followers[index[leader]] += 1

    standings = []
    for i, person in enumerate(people):
        score = printed(opinion[i])
        if person.stance in DIRECT_BUCKET:
            bucket, how = DIRECT_BUCKET[person.stance], "direct"
        elif score >= THRESHOLD:
            bucket, how = "furthers", "indirect"
        elif score <= -THRESHOLD:
            bucket, how = "hinders", "indirect"
        else:
            bucket, how = "swing", "direct"
        pivot = bucket == "swing" and (person.influence >= 4 or followers[i] >= 2)
        inferred = person.stance == "unknown" and not person.placeholder and bool(rows[i])
        shares = _pulls(incoming[i], rows[i], opinion, people, susceptibility[i])
        standings.append(Standing(person.id, bucket, how, score, pivot, inferred, shares, followers[i]))
    return standings


def _settle(initial: list[float], rows: list[list[tuple[int, float]]], susceptibility: list[float]) -> list[float]:
    """Friedkin-Johnsen fixed point by Gauss-Seidel sweeps in file order."""
    opinion = list(initial)
    movable = [i for i, row in enumerate(rows) if row]
    for _ in range(MAX_ROUNDS):
        moved = 0.0
        for i in movable:
            pulled = sum(w * opinion[j] for j, w in rows[i])
            value = susceptibility[i] * pulled + (1.0 - susceptibility[i]) * initial[i]
            moved = max(moved, abs(value - opinion[i]))
            opinion[i] = value
        if moved < TOLERANCE:
            break
    return opinion


def _pulls(
    pulls: list[tuple[int, float, str]],
    row: list[tuple[int, float]],
    opinion: list[float],
    people: list[ClientPerson],
    susceptibility: float,
) -> tuple[Pull, ...]:
    """The two people who move a person's opinion most, strongest first (one person's edges add up).

    Each amount is that person's share of the score, susceptibility x W_ij x x_j: the shares and the
    person's own (1 - susceptibility) x stance add up to the score.
    """
    total: dict[int, float] = {}
    relations: dict[int, list[str]] = {}
    for (j, _, relation), (_, w) in zip(pulls, row, strict=True):
        total[j] = total.get(j, 0.0) + susceptibility * w * opinion[j]
        relations.setdefault(j, []).append(relation)
    shares = [
        Pull(people[j].id, " and ".join(dict.fromkeys(relations[j])), printed(amount))
        for j, amount in total.items()
        if printed(amount) != 0
    ]
    shares.sort(key=lambda pull: (-abs(pull.amount), pull.person))
    return tuple(shares[:2])


def _group(
    graph: AccountGraph,
    people: list[ClientPerson],
    standings: list[Standing],
    index: dict[str, int],
) -> list[Coalition]:
    """Connected groups of same-leaning people linked by sway, each with a leader."""
    bucket = {standing.person: standing.bucket for standing in standings}
    direct = {standing.person for standing in standings if standing.how == "direct"}
    parent = {p.id: p.id for p in people if bucket[p.id] != "swing"}

    def root(person_id: str) -> str:
        while parent[person_id] != person_id:
            parent[person_id] = parent[parent[person_id]]  # path halving
            person_id = parent[person_id]
        return person_id

    for edges in graph.sway_out.values():
        for sway in edges:
            if bucket[sway.leader] == bucket[sway.follower] != "swing":
                parent[root(sway.leader)] = root(sway.follower)
    components: dict[str, list[str]] = {}
    for person_id in parent:  # file order, so each component's members come out in file order
        components.setdefault(root(person_id), []).append(person_id)
    followers = {standing.person: standing.followers for standing in standings}
    coalitions = []
    for members in components.values():
        leader = min(
            members,
            key=lambda person_id: (
                person_id not in direct,  # someone whose own stance leans this way leads
                -people[index[person_id]].influence,
                -followers[person_id],
                index[person_id],
            ),
        )
        coalitions.append(Coalition(leader, tuple(members), bucket[leader]))
    coalitions.sort(
        key=lambda c: (BUCKET_ORDER[c.bucket], -len(c.members), -people[index[c.leader]].influence, index[c.leader])
    )
    return coalitions


# -- what needs attention ------------------------------------------------------------------
def find_attention(graph: AccountGraph, standings: list[Standing]) -> list[Attention]:
    """The lines to act on first, in the order of ATTENTION_KINDS, then most influential first."""
    found: list[tuple[int, int, int, Attention]] = []
    for number, standing in enumerate(standings):
        person = graph.client[standing.person]
        for kind in _kinds(person, standing):
            item = _attention(graph, person, standing, kind)
            found.append((ATTENTION_KINDS.index(kind), -person.influence, number, item))
    return [item for *_, item in sorted(found, key=lambda entry: entry[:3])]


def _kinds(person: ClientPerson, standing: Standing) -> list[str]:
    kinds = []
    if standing.bucket == "hinders" and {"decision-maker", "budget-holder"} & set(person.roles):
        kinds.append("hinders")
    if person.stance in ("champion", "supporter") and standing.score < 0:
        kinds.append("at-risk")
    if person.stance == "detractor" and standing.score > WITHIN_REACH:
        kinds.append("within-reach")
    if standing.pivot:
        kinds.append("pivot")
    return kinds


def _attention(graph: AccountGraph, person: ClientPerson, standing: Standing, kind: str) -> Attention:
    name, score = person.label, f"{standing.score:+.2f}"
    sign = 1 if kind == "within-reach" else -1
    pullers = [pull for pull in standing.pulled_by if kind == "pivot" or pull.amount * sign > 0]
    by = join_names(
        [
            f"{'opposing ' * (pull.relation == 'opposes')}{graph.label(pull.person)} ({pull.amount:+.2f})"
            for pull in pullers
        ]
    )
    roles = join_names([role.replace("-", " ") for role in ("decision-maker", "budget-holder") if role in person.roles])
    if kind == "hinders":
        if standing.how == "direct":
            message = f"{name} ({roles}) is a detractor and hinders ({score})"
        else:
            message = f"{name} ({roles}) is pulled into hinders ({score})" + (f" by {by}" if by else "")
    elif kind == "at-risk":
        message = f"{name}, a {person.stance}, is pulled below zero ({score})" + (f" by {by}" if by else "")
    elif kind == "within-reach":
        verb = "pulls" if len(pullers) == 1 else "pull"
        message = f"{name}, a detractor, is within reach ({score})" + (f": {by} {verb} them our way" if by else "")
    else:
        reasons = [roles] if roles else []
        reasons += [f"influence {person.influence}"] if person.influence >= 4 else []
        if standing.followers >= 2:
            reasons.append(f"{standing.followers} people defer to them")
        who = f"{name}, a position the map has no name for yet," if person.placeholder else name
        message = f"{who} can swing either way ({score}; {', '.join(reasons)})"
        if by:
            message += f": pulled by {by}"
    if standing.inferred:
        message += "; their stance is unknown: confirm it"
    elif person.stance == "unknown" and not person.placeholder:
        message += "; nobody mapped sways them and their stance is unknown: find out where they stand"
    return Attention(kind, (person.id, *(pull.person for pull in pullers)), message)
