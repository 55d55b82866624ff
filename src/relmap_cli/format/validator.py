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
    if kind.name == "text":
        return cs.str_schema(min_length=1, strict=True)
    if kind.name == "id":
        return cs.str_schema(pattern=ID_PATTERN, strict=True)
    if kind.name == "cadence":
        return cs.str_schema(pattern=CADENCE_PATTERN, strict=True)
    if kind.name == "int":
        return cs.no_info_before_validator_function(to_int, cs.int_schema(ge=kind.ge, le=kind.le, strict=True))
    if kind.name == "bool":
        return cs.no_info_before_validator_function(to_bool, cs.bool_schema(strict=True))
    if kind.name == "date":
        return cs.no_info_plain_validator_function(to_date)
    if kind.name == "choice":
        return cs.literal_schema(list(kind.choices))
    if kind.name == "list":
        assert kind.item is not None
        return cs.list_schema(kind_schema(kind.item))
    if kind.name == "record":
        assert kind.record is not None
        return record_schema(kind.record)
    raise ValueError(f"unknown kind {kind.name}")


def field_schema(spec: Field) -> cs.ModelField:
    """One field: its kind, made optional with a default where it has one."""
    schema = kind_schema(spec.kind)
    if not spec.required:
        default = spec.default
        if default is None:
            schema = cs.nullable_schema(schema)
        else:  # a key written with an empty value means "the default"
            schema = cs.no_info_before_validator_function(_blank_to(default), schema)
        if isinstance(default, tuple):
            schema = cs.with_default_schema(schema, default_factory=list)
        else:
            schema = cs.with_default_schema(schema, default=default)
    return cs.model_field(schema, validation_alias=spec.alias)


def _blank_to(default: Any) -> Any:
    def blank_to_default(value: Any) -> Any:
        if value is None:
            return list(default) if isinstance(default, tuple) else default
        return value

    return blank_to_default


def record_schema(cls: type[Record]) -> cs.ModelSchema:
    """A record class as a pydantic-core model schema that forbids unknown keys."""
    fields = {name: field_schema(spec) for name, spec in cls.FIELDS.items()}
    return cs.model_schema(cls, cs.model_fields_schema(fields, extra_behavior="forbid"), extra_behavior="forbid")


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
