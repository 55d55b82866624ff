"""The pydantic-core validators of the format, built once per process from `model`.

Data in (plain YAML data from `yamltree`), records out, or pydantic's list
of errors with their locations. No I/O, no messages: `schema_errors` words them.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import SchemaValidator
from pydantic_core import core_schema as cs

from .model import (
    CADENCE_PATTERN,
    ID_PATTERN,
    AccountMap,
    Field,
    Kind,
    Record,
    to_bool,
    to_date,
    to_int,
)


def kind_schema(kind: Kind) -> cs.CoreSchema:
    """The core schema of one kind of value."""
    # written as the dicts `pydantic_core.core_schema`'s helpers return: a map's commands build
    # them in every process, and the helpers' keyword handling is most of their cost
    if kind.name == "text":
        return {"type": "str", "min_length": 1, "strict": True}
    if kind.name == "id":
        return {"type": "str", "pattern": ID_PATTERN, "strict": True}
    if kind.name == "cadence":
        return {"type": "str", "pattern": CADENCE_PATTERN, "strict": True}
    if kind.name == "int":
        number: cs.IntSchema = {"type": "int", "strict": True}
        if kind.ge is not None:
            number["ge"] = kind.ge
        if kind.le is not None:
            number["le"] = kind.le
        return _before(to_int, number)
    if kind.name == "bool":
        return _before(to_bool, {"type": "bool", "strict": True})
    if kind.name == "date":
        return {"type": "function-plain", "function": {"type": "no-info", "function": to_date}}
    if kind.name == "choice":
        return {"type": "literal", "expected": list(kind.choices)}
    if kind.name == "list":
        assert kind.item is not None
        return {"type": "list", "items_schema": kind_schema(kind.item)}
    if kind.name == "record":
        assert kind.record is not None
        return record_schema(kind.record)
    raise ValueError(f"unknown kind {kind.name}")


def _before(function: Any, schema: cs.CoreSchema) -> cs.BeforeValidatorFunctionSchema:
    return {"type": "function-before", "function": {"type": "no-info", "function": function}, "schema": schema}


def field_schema(spec: Field) -> cs.ModelField:
    """One field: its kind, made optional with a default where it has one."""
    schema = kind_schema(spec.kind)
    if not spec.required:
        default = spec.default
        # a key written with an empty value means "the default" (or none, where that is the default)
        schema = {"type": "nullable", "schema": schema} if default is None else _before(_blank_to(default), schema)
        if isinstance(default, tuple):
            schema = {"type": "default", "schema": schema, "default_factory": list}
        else:
            schema = {"type": "default", "schema": schema, "default": default}
    field: cs.ModelField = {"type": "model-field", "schema": schema}
    if spec.alias is not None:
        field["validation_alias"] = spec.alias
    return field


def _blank_to(default: Any) -> Any:
    def blank_to_default(value: Any) -> Any:
        if value is None:
            return list(default) if isinstance(default, tuple) else default
        return value

    return blank_to_default


def record_schema(cls: type[Record]) -> cs.ModelSchema:
    """A record class as a pydantic-core model schema that forbids unknown keys."""
    fields = {name: field_schema(spec) for name, spec in cls.FIELDS.items()}
    inner: cs.ModelFieldsSchema = {"type": "model-fields", "fields": fields, "extra_behavior": "forbid"}
    return {"type": "model", "cls": cls, "schema": inner, "extra_behavior": "forbid"}


_COMPILED: dict[str, SchemaValidator] = {}


def validator_for(cls: type[Record]) -> SchemaValidator:
    """The compiled validator of a record class (built on first use, then kept)."""
    if cls.__qualname__ not in _COMPILED:
        _COMPILED[cls.__qualname__] = SchemaValidator(record_schema(cls))
    return _COMPILED[cls.__qualname__]


def validate(cls: type[Record], data: Any) -> Any:
    """Validate `data` as `cls`; raises pydantic_core.ValidationError."""
    return validator_for(cls).validate_python(data)


def validate_map(data: Any) -> AccountMap:
    """Validate a whole map; raises pydantic_core.ValidationError."""
    result: AccountMap = validate(AccountMap, data)
    return result
