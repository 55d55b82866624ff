"""The account-map file format: record classes declared field by field; no I/O.

Each record lists its fields once (kind, default, description). From that
one declaration come the pydantic-core validator (the same Rust engine that
powers pydantic v2, driven directly so that a run does not pay ~60 ms to
import and build BaseModel classes) and the JSON Schema (`format/schema.py`).

Scalars arrive as text (see `yamltree`), so every number, boolean and date
is parsed here, by the field that wants it: `0123` stays an id, `no` stays
a word, and `2026-02-30` is a located error instead of a crash.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any, ClassVar

from ..tuples import NamedTuple

FORMAT_VERSION = 1
ID_PATTERN = r"^[A-Za-z0-9._-]+$"
CADENCE_PATTERN = r"^[1-9][0-9]*[dwmy]$"
MAX_REVIEW_DAYS = 36500  # a review cadence longer than 100 years is a typo
DAYS_PER_UNIT = {"d": 1, "w": 7, "m": 30, "y": 365}
DEFAULT_REVIEW_DAYS = {1: 30, 2: 90, 3: 180}

LEVELS = ("executive", "vp", "director", "manager", "staff")
ROLES = ("decision-maker", "budget-holder", "influencer", "resource-controller", "gatekeeper", "user", "technical")
STANCES = ("champion", "supporter", "neutral", "detractor", "unknown")
KINDS = ("defers-to", "influences", "opposes", "knows")
STRENGTHS = ("strong", "good", "weak", "negative")
BASES = ("authority", "expertise", "respect", "dependence")
ACTIVITIES = ("brainstorm", "educate", "share-momentum", "social", "meeting", "other")
STATUSES = ("open", "done", "dropped")
HORIZONS = ("short", "mid", "long")
INTENTS = ("low", "medium", "high")
MODELS = ("bow-tie", "one-on-many", "cotton-reel", "diamond")  # the four engagement models, simplest first

KEY_ROLES = frozenset({"decision-maker", "budget-holder", "gatekeeper"})

_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
REQUIRED: Any = object()


# -- how a written value becomes a Python value ---------------------------------
def _ascii_digits(text: str) -> bool:
    """Only 0-9, at least one (`str.isdigit` alone takes other scripts' digits too)."""
    return text.isascii() and text.isdigit()


def _is_int_text(text: str) -> bool:
    """`[+-]?[0-9]+`, as a regular expression's `$` reads it: one final newline may follow."""
    text = text.removesuffix("\n")
    return _ascii_digits(text[1:] if text.startswith(("+", "-")) else text)


def is_date_text(text: str) -> bool:
    """`[0-9]{4}-[0-9]{2}-[0-9]{2}`, one final newline allowed (the calendar check comes after)."""
    text = text.removesuffix("\n")
    return len(text) == 10 and text[4] == text[7] == "-" and _ascii_digits(text[:4] + text[5:7] + text[8:])


def to_int(value: Any) -> Any:
    """Read a whole number written as YAML text; leave anything else to fail."""
    if isinstance(value, str) and _is_int_text(value):
        return int(value)
    return value


def to_bool(value: Any) -> Any:
    """Accept only YAML 1.2 `true`/`false`: `yes`, `no`, `on`, `off` stay text (and a list stays a list)."""
    if not isinstance(value, (str, bool)):
        return value  # the schema says what is wrong with it
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return value


def to_date(value: Any) -> date:
    """Accept an ISO `YYYY-MM-DD` date that exists on the calendar."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not is_date_text(value):
        shown = f"'{value}'" if isinstance(value, str) else "this"
        raise ValueError(f"{shown} is not a date: write it as YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"'{value}' is not a real date ({error})") from None


# -- the field declarations -------------------------------------------------------
class Kind(NamedTuple):
    """What a field holds: one of text, id, int, bool, date, cadence, choice, list, record."""

    name: str
    choices: tuple[str, ...] = ()
    ge: int | None = None
    le: int | None = None
    item: "Kind | None" = None
    record: "type[Record] | None" = None


TEXT = Kind("text")
ID = Kind("id")
DATE = Kind("date")
BOOL = Kind("bool")
CADENCE = Kind("cadence")


def choice(options: tuple[str, ...]) -> Kind:
    """One word from a fixed vocabulary."""
    return Kind("choice", choices=options)


def whole(ge: int | None = None, le: int | None = None) -> Kind:
    """A whole number within bounds."""
    return Kind("int", ge=ge, le=le)


def list_of(item: Kind) -> Kind:
    """A YAML list of `item`."""
    return Kind("list", item=item)


def record(cls: "type[Record]") -> Kind:
    """A nested mapping validated as `cls`."""
    return Kind("record", record=cls)


class Field(NamedTuple):
    """One key of a record: what it holds, its default and what it means."""

    kind: Kind
    doc: str
    default: Any = REQUIRED
    alias: str | None = None  # the key as written, when it is a Python keyword

    @property
    def required(self) -> bool:
        """True when the key must be written."""
        return self.default is REQUIRED


def field(kind: Kind, doc: str, default: Any = REQUIRED, alias: str | None = None) -> Any:
    """Declare a field on a record class (typed `Any` so annotations stay readable)."""
    return Field(kind, doc, default, alias)


class Record:
    """A validated, read-only record; subclasses declare `Field`s as class attributes."""

    __slots__ = ("__dict__", "__pydantic_extra__", "__pydantic_private__")
    FIELDS: ClassVar[dict[str, Field]] = {}

    # pydantic-core hands every record the set of keys it was written with.
    # relmap never reads it, and it is the largest part of a record (728 bytes
    # for five keys, against 272 for the values): a large map would hold two
    # thirds of its validated memory in them. Each is dropped as it is given.
    __pydantic_fields_set__ = property(lambda self: None, lambda self, written: None)

    def __init_subclass__(cls) -> None:
        fields = dict(getattr(cls, "FIELDS", {}))
        for name, value in list(vars(cls).items()):
            if isinstance(value, Field):
                fields[name] = value
                delattr(cls, name)  # the instance's value, never the declaration
        cls.FIELDS = fields

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash((type(self).__name__, getattr(self, "id", None)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={value!r}" for key, value in vars(self).items())
        return f"{type(self).__name__}({shown})"

    @classmethod
    def build(cls, **values: Any) -> Any:
        """An instance from already-valid values (defaults filled in), unvalidated."""
        instance = object.__new__(cls)
        data = {name: _default(spec) for name, spec in cls.FIELDS.items() if not spec.required}
        data.update(values)
        object.__setattr__(instance, "__dict__", data)
        object.__setattr__(instance, "__pydantic_extra__", None)
        object.__setattr__(instance, "__pydantic_private__", None)
        return instance

    @classmethod
    def keys(cls) -> list[str]:
        """The keys a mapping for this record may hold, as written in a file."""
        return [spec.alias or name for name, spec in cls.FIELDS.items()]

    def items(self) -> Iterator[tuple[str, Any]]:
        """(key as written, value) for every field that is set."""
        for name, spec in self.FIELDS.items():
            yield spec.alias or name, vars(self)[name]


def _default(spec: Field) -> Any:
    default = spec.default
    return list(default) if isinstance(default, (list, tuple)) else default


# -- the records ------------------------------------------------------------------
class Account(Record):
    """The account as a whole: whose it is and how often the map is reviewed."""

    name: str = field(TEXT, "The client company's name, as the team calls it.")
    owner: str = field(ID, "Our key account manager: the id of a person in `team`.")
    vision: str | None = field(TEXT, "One sentence: where we want this account to be.", None)
    tier: int = field(whole(1, 3), "1 (strategic) to 3; sets the default review cadence: 30d, 90d, 180d.", 2)
    reviewed: date | None = field(DATE, "Date of the last full review of this map (YYYY-MM-DD).", None)
    review_every: str | None = field(
        CADENCE, "Review cadence such as 30d, 6w, 3m or 1y (at most 100 years); default by tier.", None
    )
    intent: str | None = field(choice(INTENTS), "Our strategic intent for the account: low, medium or high.", None)
    client_intent: str | None = field(
        choice(INTENTS), "How much the client wants a deeper relationship: low, medium or high.", None
    )
    target_model: str | None = field(
        choice(MODELS),
        "The engagement model we work towards: bow-tie, one-on-many, cotton-reel or diamond; "
        "default from the two intents (both high: diamond; either low: bow-tie; else cotton-reel).",
        None,
    )


class Interest(Record):
    """One of OUR interests in this account."""

    id: str = field(ID, "A short unique id for the interest.")
    text: str = field(TEXT, "What we want to achieve.")
    horizon: str | None = field(choice(HORIZONS), "short (months), mid (1-3 years) or long (3+ years).", None)
    priority: int | None = field(whole(ge=1), "1 is the most important.", None)


class ClientInterests(Record):
    """What drives a client person: needs, concerns, fears and success."""

    needs: list[str] = field(list_of(TEXT), "What they need from a supplier.", ())
    concerns: list[str] = field(list_of(TEXT), "What worries them.", ())
    fears: list[str] = field(list_of(TEXT), "What they fear could go wrong.", ())
    success: str | None = field(TEXT, "How they measure their own success.", None)


class Person(Record):
    """Fields shared by our people and the client's people."""

    id: str = field(ID, "Unique across `team` and `client`: letters, digits, '.', '_' and '-'.")
    name: str | None = field(TEXT, "Full name; a client placeholder may leave it out.", None)
    title: str | None = field(TEXT, "Job title.", None)
    function: str | None = field(ID, "Function slug: procurement, r-and-d, sustainability, finance, ...", None)
    level: str | None = field(choice(LEVELS), "executive, vp, director, manager or staff.", None)
    email: str | None = field(TEXT, "E-mail address.", None)
    crm_id: str | None = field(TEXT, "The person's id in the CRM.", None)
    notes: str | None = field(TEXT, "Free notes.", None)
    topics: list[str] = field(list_of(ID), "Topic slugs, used to propose meeting agendas.", ())
    left: date | None = field(DATE, "Date the person left their company (kept for history).", None)
    successor: str | None = field(
        ID, "For someone who left: the id of whoever took over their work (same side).", None
    )

    @property
    def label(self) -> str:
        """The name, or for a placeholder its title (or id)."""
        return self.name or self.title or self.id


class TeamMember(Person):
    """One of our people."""

    name: str = field(TEXT, "Full name.")


class ClientPerson(Person):
    """One of the client's people."""

    roles: list[str] = field(list_of(choice(ROLES)), "Any of: " + ", ".join(ROLES) + ".", ())
    stance: str = field(choice(STANCES), "champion, supporter, neutral, detractor or unknown.", "unknown")
    influence: int = field(whole(1, 5), "Influence on the decision, 1 (little) to 5 (decisive).", 3)
    placeholder: bool = field(BOOL, "A position we know exists but whose holder we have not identified.", False)
    reports_to: str | None = field(
        ID, "Org-chart line; shorthand for defers-to, basis authority, strength strong.", None
    )
    interests: ClientInterests | None = field(
        record(ClientInterests), "Their needs, concerns, fears and success.", None
    )
    cares_about: list[str] = field(list_of(ID), "Ids from `interests` (ours) this person has a stake in.", ())

    @property
    def is_key_player(self) -> bool:
        """A decision maker, budget holder or gatekeeper, or influence 4 or more."""
        return self.influence >= 4 or not KEY_ROLES.isdisjoint(self.roles)


class Relationship(Record):
    """One line of the map: `from KIND to`."""

    source: str = field(ID, "Id of the person the relationship starts from.", alias="from")
    kind: str = field(choice(KINDS), "defers-to, influences, opposes (client to client) or knows (team to client).")
    target: str = field(ID, "Id of the person the relationship points to.", alias="to")
    strength: str = field(choice(STRENGTHS), "strong, good or weak; knows may also be negative.", "good")
    basis: str | None = field(choice(BASES), "defers-to only: authority, expertise, respect or dependence.", None)
    last: date | None = field(DATE, "knows only: date of the last real interaction (YYYY-MM-DD).", None)
    note: str | None = field(TEXT, "What the relationship or its last interaction was about.", None)
    notes: str | None = field(TEXT, "Free notes.", None)


class Counterpart(Record):
    """A pair of functions whose people should know each other."""

    ours: str = field(ID, "A function on our side.")
    theirs: str = field(ID, "A function on the client's side.")


class Action(Record):
    """A planned activity that grows a relationship."""

    id: str = field(ID, "A short unique id for the action.")
    owner: str = field(ID, "Who on our team does it.")
    with_: list[str] = field(list_of(ID), "The client people it involves.", (), alias="with")
    activity: str = field(choice(ACTIVITIES), "brainstorm, educate, share-momentum, social, meeting or other.", "other")
    goal: str = field(TEXT, "What the action should achieve.")
    due: date | None = field(DATE, "When it should be done (YYYY-MM-DD).", None)
    status: str = field(choice(STATUSES), "open, done or dropped.", "open")
    done: date | None = field(DATE, "The day it was done (YYYY-MM-DD).", None)
    notes: str | None = field(TEXT, "Free notes.", None)


class AccountMap(Record):
    """One client account: its people, how they sway each other, and our plan."""

    relmap: int = field(whole(FORMAT_VERSION, FORMAT_VERSION), "Format version; this relmap reads version 1.")
    account: Account = field(record(Account), "The account as a whole.")
    interests: list[Interest] = field(list_of(record(Interest)), "Our interests for this account.", ())
    team: list[TeamMember] = field(list_of(record(TeamMember)), "Our people.", ())
    client: list[ClientPerson] = field(list_of(record(ClientPerson)), "The client's people.", ())
    relationships: list[Relationship] = field(
        list_of(record(Relationship)), "One relationship per item: from, kind, to.", ()
    )
    counterparts: list[Counterpart] = field(
        list_of(record(Counterpart)), "Extra pairs of functions whose people should know each other.", ()
    )
    counterparts_default: bool = field(
        BOOL, "false turns off the default pairs: sales with procurement, service with operations.", True
    )
    actions: list[Action] = field(list_of(record(Action)), "The plan: activities that grow relationships.", ())


SECTIONS: dict[str, type[Record]] = {
    "interests": Interest,
    "team": TeamMember,
    "client": ClientPerson,
    "relationships": Relationship,
    "counterparts": Counterpart,
    "actions": Action,
}


def target_model(account: Account) -> str:
    """The engagement model we work towards: as written, or from our and the client's intent."""
    if account.target_model is not None:
        return account.target_model
    if account.intent == "high" and account.client_intent == "high":
        return "diamond"
    if "low" in (account.intent, account.client_intent):
        return "bow-tie"
    return "cotton-reel"


def cadence_days(cadence: str) -> int:
    """Days in a cadence such as `90d`, `6w`, `3m` (30 days) or `1y` (365 days)."""
    return int(cadence[:-1]) * DAYS_PER_UNIT[cadence[-1]]


def review_days(account: Account) -> int:
    """The review cadence in days: `review_every`, or the tier's default."""
    if account.review_every:
        return cadence_days(account.review_every)
    return DEFAULT_REVIEW_DAYS[account.tier]


def as_data(value: Any) -> Any:
    """A record as plain data, keys as written in a file, unset values left out."""
    if isinstance(value, Record):
        return {key: as_data(item) for key, item in value.items() if item is not None and item != []}
    if isinstance(value, list):
        return [as_data(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
