"""JSON output shared by every command: stable, UTF-8, dates as ISO strings."""

from __future__ import annotations

import json
from datetime import date
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_json(document: Any) -> str:
    """The document as indented JSON with a final newline; same input, same bytes."""
    return json.dumps(document, indent=2, ensure_ascii=False, default=_default) + "\n"
