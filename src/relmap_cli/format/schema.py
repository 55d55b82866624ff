"""The JSON Schema of the account-map format, derived from the `model` declarations.

For editors and the YAML language server: completion, hover text and inline
errors while a map is edited. Editors read YAML 1.2, where `2024` is a
number and `no` is text; relmap reads every scalar as text and lets each
field decide. So the schema admits what relmap admits as an editor would see
it (a name may be `2024`, a blank `stance:` means the default, a quoted
`"4"` is an influence), and states every rule about one entry that JSON
Schema can express: value ranges, real calendar dates, and the conditions
between keys of one entry (`if`/`then`). Rules that compare entries (ids,
references, duplicates, cycles) need the whole map: `relmap validate`
checks those. No I/O.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from .model import (
    DAYS_PER_UNIT,
    ID_PATTERN,
    MAX_REVIEW_DAYS,
    Account,
    AccountMap,
    Action,
    ClientInterests,
    ClientPerson,
    Counterpart,
    Field,
    Interest,
    Kind,
    Record,
    Relationship,
    TeamMember,
)

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
HOME = "https://github.com/relmap/relmap"


def schema_url(version: str = __version__) -> str:
    """Where the schema of this relmap release is published (its `$id`)."""
    return f"https://raw.githubusercontent.com/relmap/relmap/v{version}/relmap.schema.json"


# What hover shows as the name of each kind of entry.
TITLES: dict[type[Record], str] = {
    AccountMap: "Account map",
    Account: "Account",
    Interest: "Our interest",
    TeamMember: "Our person",
    ClientPerson: "Client person",
    ClientInterests: "What drives them",
    Relationship: "Relationship",
    Counterpart: "Counterpart pair",
    Action: "Action",
}

# Shown beside each word when an editor offers the choices of a field.
CHOICE_NOTES: dict[str, str] = {
    "champion": "actively advocates for us",
    "supporter": "on our side, but has not acted for us yet",
    "neutral": "neither for nor against us",
    "detractor": "has created roadblocks or friction for us",
    "unknown": "we do not know yet where they stand",
    "decision-maker": "has the most say on the decision",
    "budget-holder": "has the financial stake",
    "influencer": "sways the people who decide",
    "resource-controller": "controls the resources that drive action",
    "gatekeeper": "can raise concerns or put up roadblocks",
    "user": "works with what we supply",
    "technical": "judges the technical fit",
    "defers-to": "from follows to's lead (client to client)",
    "influences": "from sways to (client to client)",
    "opposes": "antagonism between two client people",
    "knows": "our person's relationship with theirs (team to client)",
    "strong": "counts 1.0",
    "good": "counts 0.7 (the default)",
    "weak": "counts 0.4: a contact to build up, not a thread",
    "negative": "knows only: a relationship that hurts",
    "bow-tie": "one of ours holds most of the contact",
    "one-on-many": "many of ours funnel into one of theirs",
    "cotton-reel": "several threads, few function pairs",
    "diamond": "function-to-function threads, team on team",
}

# YAML 1.2 reads an unquoted `2024`, `1.5` or `true` as a number or a boolean;
# relmap reads it as the text it is, so text and ids admit those too.
SCALAR = ["string", "number", "boolean"]
TRUE_WORDS = ["true", "True", "TRUE"]
BOOLEAN_TEXT = "^(?:true|True|TRUE|false|False|FALSE)$"
_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"  # 0001-9999
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
DATE_PATTERN = (
    f"^(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    f"|{_LEAP_YEAR}-02-29)$"
)


def number_pattern(low: int, high: int | None = None) -> str:
    """A regular expression for the decimal numbers `low`..`high` (no `high`: from 1 up)."""
    if high is None:
        assert low == 1
        return "[1-9][0-9]*"
    assert 1 <= low <= high
    parts = []
    while low <= high:
        step = 1  # the widest block low..low+n*step-1 that is "a prefix, a digit range, then any digits"
        while low % (step * 10) == 0 and low + step * 10 - 1 <= high:
            step *= 10
        count = 1
        while (low // step) % 10 + count <= 9 and low + (count + 1) * step - 1 <= high:
            count += 1
        width = len(str(step)) - 1
        digits = str(low)
        first, last = int(digits[-width - 1]), int(digits[-width - 1]) + count - 1
        middle = str(first) if first == last else f"[{first}-{last}]"
        parts.append(
            digits[: -width - 1] + middle + ("" if width == 0 else "[0-9]" if width == 1 else f"[0-9]{{{width}}}")
        )
        low += count * step
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


CADENCE_LIMIT_PATTERN = (
    "^(?:"
    + "|".join(f"{number_pattern(1, MAX_REVIEW_DAYS // days)}{unit}" for unit, days in DAYS_PER_UNIT.items())
    + ")$"
)


def hidden(*types: str) -> dict[str, Any]:
    """Admit values of `types` without offering them: editors suggest what `type` and `enum` name, never `not`."""
    # (the description keeps hover from listing this branch beside the real one)
    return {"description": f"also {' or '.join(types)}", "not": {"not": {"type": list(types)}}}


def _value(kind: Kind, defs: dict[str, Any], quiet: tuple[str, ...] = ()) -> dict[str, Any]:
    """What one value of `kind` may be, as an editor reads YAML 1.2.

    `quiet` types are admitted too without being offered in completion: null
    for a key that may be left blank, and booleans for text (`name: true`
    is the text "true" to relmap; an editor need not suggest it).
    """
    shape = _shape(kind, defs)
    if kind.name in ("text", "id"):
        quiet = ("boolean", *quiet)
    return {"anyOf": [shape, hidden(*quiet)]} if quiet else shape


def _shape(kind: Kind, defs: dict[str, Any]) -> dict[str, Any]:
    if kind.name == "text":  # `2024` is a number to an editor, text to relmap
        return {"type": ["string", "number"], "minLength": 1}
    if kind.name == "id":  # and so is an id `0123`
        return {"type": ["string", "number"], "pattern": ID_PATTERN, "patternErrorMessage": _ID_ADVICE}
    if kind.name == "cadence":
        return {"type": "string", "pattern": CADENCE_LIMIT_PATTERN, "patternErrorMessage": _CADENCE_ADVICE}
    if kind.name == "date":
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN, "patternErrorMessage": _DATE_ADVICE}
    if kind.name == "bool":  # a quoted "true" is still true to relmap
        return {"type": ["boolean", "string"], "pattern": BOOLEAN_TEXT, "patternErrorMessage": _BOOLEAN_ADVICE}
    if kind.name == "int":  # and a quoted "4" is 4
        low, high = kind.ge or 1, kind.le
        schema: dict[str, Any] = {"type": ["integer", "string"], "minimum": low}
        if high is not None:
            schema["maximum"] = high
        schema["pattern"] = f"^\\+?0*{number_pattern(low, high)}$"
        schema["patternErrorMessage"] = f"Write a whole number from {low}" + (f" to {high}." if high else " up.")
        return schema
    if kind.name == "choice":
        schema = {"type": "string", "enum": list(kind.choices)}
        notes = [CHOICE_NOTES.get(choice, "") for choice in kind.choices]
        if any(notes):
            schema["markdownEnumDescriptions"] = notes
        return schema
    if kind.name == "list":
        assert kind.item is not None
        return {"type": "array", "items": _value(kind.item, defs)}
    assert kind.record is not None
    _define(kind.record, defs)
    return {"$ref": f"#/$defs/{kind.record.__name__}"}


_ID_ADVICE = "Not a valid id: use only letters, digits, '.', '_' and '-'."
_CADENCE_ADVICE = "Not a cadence: write it like 30d, 6w, 3m or 1y (at most 100 years)."
_DATE_ADVICE = "Not a real date: write it as YYYY-MM-DD."
_BOOLEAN_ADVICE = "Write true or false (yes, no, on and off are words, not booleans)."
# the lists in which relmap refuses to see the same value twice
UNIQUE_LISTS = {
    (ClientPerson, "roles"),
    (ClientPerson, "topics"),
    (TeamMember, "topics"),
    (ClientPerson, "cares_about"),
    (Action, "with"),
}


def _property(cls: type[Record], key: str, spec: Field, defs: dict[str, Any]) -> dict[str, Any]:
    # a key written with no value means "the default", so optional keys admit null
    schema = _value(spec.kind, defs, () if spec.required else ("null",))
    if (cls, key) in UNIQUE_LISTS:
        schema["anyOf"][0]["uniqueItems"] = True
    if "$ref" in schema:  # a $ref beside a description: some editors ignore one of them
        schema = {"allOf": [schema]}
    if not spec.required and spec.default is not None:
        schema["default"] = list(spec.default) if isinstance(spec.default, tuple) else spec.default
    schema["description"] = spec.doc.replace("`", "")
    schema["markdownDescription"] = spec.doc
    return schema


def _object(cls: type[Record], defs: dict[str, Any]) -> dict[str, Any]:
    keys = {spec.alias or name: spec for name, spec in cls.FIELDS.items()}
    properties = {key: _property(cls, key, spec, defs) for key, spec in keys.items()}
    required = [key for key, spec in keys.items() if spec.required]
    doc = (cls.__doc__ or "").strip()
    schema: dict[str, Any] = {
        "type": "object",
        "title": TITLES[cls],
        "description": doc.replace("`", ""),
        "markdownDescription": doc,
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    rules = CONDITIONS.get(cls)
    if rules:
        schema["allOf"] = rules
    return schema


def _define(cls: type[Record], defs: dict[str, Any]) -> None:
    if cls.__name__ not in defs:
        defs[cls.__name__] = {}  # reserve first: records may nest
        defs[cls.__name__] = _object(cls, defs)


# -- rules between the keys of one entry -------------------------------------------
def _given(key: str) -> dict[str, Any]:
    """`key` is written with a value (a blank value means it is not given)."""
    return {"required": [key], "properties": {key: {"not": {"type": "null"}}}}


def _absent(key: str, message: str) -> dict[str, Any]:
    """`key` must be left out (or blank)."""
    return {"properties": {key: {"type": "null", "errorMessage": message}}}


def _kind_is(*kinds: str) -> dict[str, Any]:
    return {"required": ["kind"], "properties": {"kind": {"enum": list(kinds)}}}


_SUCCESSOR_NEEDS_LEFT = {
    "if": _given("successor"),
    "then": {**_given("left"), "errorMessage": "successor only applies to someone who left: add a 'left' date"},
}
CONDITIONS: dict[type[Record], list[dict[str, Any]]] = {
    Relationship: [
        {
            "if": {"not": _kind_is("knows")},
            "then": {
                "properties": {
                    "strength": {
                        "enum": ["strong", "good", "weak", None],
                        "errorMessage": "strength 'negative' only applies to knows; for antagonism use kind: opposes",
                    }
                }
            },
        },
        {"if": {"not": _kind_is("defers-to")}, "then": _absent("basis", "basis only applies to defers-to")},
        {"if": {"not": _kind_is("knows")}, "then": _absent("last", "last only applies to knows")},
    ],
    ClientPerson: [
        {
            "if": {"required": ["placeholder"], "properties": {"placeholder": {"enum": [True, *TRUE_WORDS]}}},
            "then": _absent("name", "a named person is not a placeholder: remove 'placeholder: true'"),
            "else": _given("name"),
        },
        _SUCCESSOR_NEEDS_LEFT,
    ],
    TeamMember: [_SUCCESSOR_NEEDS_LEFT],
    Action: [
        {
            "if": _given("done"),
            "then": {
                "required": ["status"],
                "properties": {
                    "status": {"const": "done", "errorMessage": "an action with a done date has status: done"}
                },
            },
        },
    ],
}


def schema_text() -> str:
    """The schema as the JSON text of `relmap.schema.json`."""
    import json

    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def build_schema() -> dict[str, Any]:
    """The format as JSON Schema (draft 2020-12), with a description on every property."""
    defs: dict[str, Any] = {}
    top = _object(AccountMap, defs)
    version = top["properties"]["relmap"]
    top["properties"]["relmap"] = {
        "enum": [1, "1"],
        **{key: version[key] for key in ("description", "markdownDescription")},
    }
    top["description"] = top["markdownDescription"] = (
        "One client account: its people, how they sway each other, and our plan (format version 1). "
        f"Documented at {HOME}#the-map-format"
    )
    return {"$schema": SCHEMA_DIALECT, "$id": schema_url(), **top, "$defs": dict(sorted(defs.items()))}
