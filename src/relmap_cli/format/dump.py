"""Model -> YAML text in the map format (the inverse of `load`); no I/O."""

from __future__ import annotations

from typing import Any

from .model import AccountMap, as_data

# YAML reads these as line breaks; outside double quotes they would not survive
_LINE_BREAKS = frozenset("\x85\u2028\u2029")


def dump_map(model: AccountMap) -> str:
    """The map as block-style YAML that `load_text` reads back to an equal model."""
    return dump_data(as_data(model))


def dump_data(data: Any) -> str:
    """Plain data (mappings, lists, text, numbers) as block-style YAML."""
    import yaml

    class Dumper(yaml.SafeDumper):  # a local subclass: add_representer would change every SafeDumper
        pass

    def represent_str(dumper: yaml.SafeDumper, value: str) -> Any:
        style = '"' if _LINE_BREAKS.intersection(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, represent_str)
    text: str = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text
