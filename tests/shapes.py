"""The documented JSON shapes of the analysis commands, as JSON Schemas.

Extra keys are allowed; these must be there, with these types.
"""

from __future__ import annotations

from typing import Any

IDS = {"type": "array", "items": {"type": "string"}}


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": list(properties), "properties": properties}


MODELS = ["bow-tie", "one-on-many", "cotton-reel", "diamond"]
GAPS = obj(
    account={"type": "string"},
    model={"enum": ["none", *MODELS]},
    target_model={"enum": MODELS},
    status={"enum": [0, 1, 2, 3]},
    findings={
        "type": "array",
        "items": obj(
            kind={
                "enum": [
                    "red-flag",
                    "departed",
                    "missing-role",
                    "uncovered",
                    "negative",
                    "single-threaded",
                    "model",
                    "missing-counterpart",
                    "no-counterpart",
                    "unknown-stance",
                    "placeholder",
                ]
            },
            severity={"enum": ["error", "warning", "info"]},
            people=IDS,
            message={"type": "string"},
            suggestion={"type": "string"},
            planned=IDS,
        ),
    },
)

COALITIONS = obj(
    account={"type": "string"},
    attention={
        "type": "array",
        "items": obj(
            kind={"enum": ["hinders", "at-risk", "within-reach", "pivot"]}, people=IDS, message={"type": "string"}
        ),
    },
    people={
        "type": "array",
        "items": obj(
            person={"type": "string"},
            bucket={"enum": ["furthers", "hinders", "swing"]},
            how={"enum": ["direct", "indirect"]},
            score={"type": "number", "minimum": -1, "maximum": 1},
            pivot={"type": "boolean"},
            inferred={"type": "boolean"},
        ),
    },
    coalitions={
        "type": "array",
        "items": obj(leader={"type": "string"}, members=IDS, bucket={"enum": ["furthers", "hinders"]}),
    },
)

SEQUENCE = obj(
    account={"type": "string"},
    strategy={"enum": ["bootstrap", "pyramid", "backward"]},
    target={"type": ["string", "null"]},
    steps={"type": "array", "items": obj(person={"type": "string"}, why={"type": "string"}, via=IDS)},
    warnings={
        "type": "array",
        "items": obj(kind={"type": "string"}, people=IDS, message={"type": "string"}),
    },
)

MATRIX = obj(
    account={"type": "string"},
    ours={"type": "array", "items": obj(id={"type": "string"}, name={"type": "string"})},
    theirs={
        "type": "array",
        "items": obj(id={"type": "string"}, name={"type": "string"}, key_player={"type": "boolean"}),
    },
    cells={
        "type": "array",
        "items": obj(
            ours={"type": "string"},
            theirs={"type": "string"},
            strength={"enum": ["strong", "good", "weak", "negative"]},
            last={"type": ["string", "null"]},
        ),
    },
)
