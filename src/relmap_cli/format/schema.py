"""The JSON Schema of the account-map format, derived from the `model` declarations.

For editors and the YAML language server: completion, hover text and inline
errors while a map is edited. Every property carries its description.
"""

from __future__ import annotations

from typing import Any

from .model import CADENCE_PATTERN, ID_PATTERN, AccountMap, Field, Kind, Record

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _kind(kind: Kind, defs: dict[str, Any]) -> dict[str, Any]:
    if kind.name == "text":
        return {"type": "string", "minLength": 1}
    if kind.name == "id":
        return {"type": "string", "pattern": ID_PATTERN}
    if kind.name == "cadence":
        return {"type": "string", "pattern": CADENCE_PATTERN}
    if kind.name == "date":
        return {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    if kind.name == "bool":
        return {"type": "boolean"}
    if kind.name == "int":
        bounds = {"minimum": kind.ge, "maximum": kind.le}
        return {"type": "integer", **{key: value for key, value in bounds.items() if value is not None}}
    if kind.name == "choice":
        return {"type": "string", "enum": list(kind.choices)}
    if kind.name == "list":
        assert kind.item is not None
        return {"type": "array", "items": _kind(kind.item, defs)}
    assert kind.record is not None
    _define(kind.record, defs)
    return {"$ref": f"#/$defs/{kind.record.__name__}"}


def _property(spec: Field, defs: dict[str, Any]) -> dict[str, Any]:
    schema = _kind(spec.kind, defs)
    if "$ref" in schema:
        schema = {"allOf": [schema]}
    schema["description"] = spec.doc
    if not spec.required and spec.default is not None:
        schema["default"] = list(spec.default) if isinstance(spec.default, tuple) else spec.default
    return schema


def _object(cls: type[Record], defs: dict[str, Any]) -> dict[str, Any]:
    properties = {spec.alias or name: _property(spec, defs) for name, spec in cls.FIELDS.items()}
    required = [spec.alias or name for name, spec in cls.FIELDS.items() if spec.required]
    schema: dict[str, Any] = {
        "type": "object",
        "title": cls.__name__,
        "description": (cls.__doc__ or "").strip(),
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def _define(cls: type[Record], defs: dict[str, Any]) -> None:
    if cls.__name__ not in defs:
        defs[cls.__name__] = {}  # reserve first: records may nest
        defs[cls.__name__] = _object(cls, defs)


def build_schema() -> dict[str, Any]:
    """The format as JSON Schema (draft 2020-12), with a description on every property."""
    defs: dict[str, Any] = {}
    top = _object(AccountMap, defs)
    top["title"] = "relmap account map"
    top["description"] = "One client account: its people, how they sway each other, and our plan (format version 1)."
    return {"$schema": SCHEMA_DIALECT, **top, "$defs": dict(sorted(defs.items()))}
