"""Compare `relmap validate` with the JSON Schema, entry by entry, over one map.

Both verdicts are brought to the same grain: the entry at fault (`account`,
`client` item 3, the top level ...). relmap's problems are located by line
and column; the schema's errors by their path in the data, or, from a
language server, by line. The comparison then says where they differ and
whether each difference is one the schema cannot express.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from relmap_cli.load.problems import Problem
from relmap_cli.load.yamltree import Pos, YList, YMap, parse_yaml

Entry = tuple[Any, ...]  # () the top level, ("account",), ("client", 3), ("foo",) an unknown top-level key

# How the editor's YAML reading and relmap's differ: the schema never sees these.
YAML_RULES = {
    "syntax": "a YAML syntax error (the editor's parser reports its own)",
    "duplicate-key": "a key written twice (the editor's parser reports its own)",
    "alias": "anchors and aliases: an editor expands them, relmap refuses them (alias bombs)",
    "tag": "explicit YAML tags: an editor resolves or reports them itself",
    "encoding": "a file that is not UTF-8 text",
    "empty": "a file with no document",
    "too-deep": "nesting deeper than any map needs",
    "file-too-large": "a file larger than the size limit",
    "read-error": "a file that cannot be read",
}
# Rules that compare values with each other, within an entry or across the
# map: JSON Schema has no way to say "this value names an id defined elsewhere".
WHOLE_MAP_RULES = {
    "duplicate-id": "an id used twice",
    "unknown-ref": "a reference to an id that is not defined",
    "wrong-side": "a reference to a person on the wrong side",
    "owner-not-team": "an owner who is a client person",
    "self-link": "a relationship, report line or successor from a person to themself",
    "duplicate-relationship": "the same relationship stated twice",
    "reports-to-cycle": "reports_to lines that go round in a circle",
    "contradiction": "two people who both defer to and oppose each other",
}
_AFTER_LEFT = re.compile(r"^last \S+ is after '.*' left \(")  # a `value` problem that reads another entry


def is_whole_map(problem: Problem) -> bool:
    """A problem no schema of one entry can find."""
    return problem.rule in WHOLE_MAP_RULES or (problem.rule == "value" and bool(_AFTER_LEFT.match(problem.message)))


def entry_at(root: Any, pos: Pos) -> Entry:
    """The entry of the map that a line and column fall in."""
    if not isinstance(root, YMap) or pos == root.pos() or pos < root.pos():
        return ()
    key = None
    for name in root:
        if root.key_pos(name) <= pos:
            key = name
    if key is None:
        return ()
    value = root[key]
    if isinstance(value, YList) and value and value.item_pos(0) <= pos:
        index = 0
        for number in range(len(value)):
            if value.item_pos(number) <= pos:
                index = number
        return (key, index)
    return (key,)


def entry_of_path(path: Iterable[Any]) -> Entry:
    """The entry that a path into the data (from a JSON Schema error) belongs to."""
    steps = list(path)
    if len(steps) >= 2 and isinstance(steps[1], int):
        return (steps[0], steps[1])
    return tuple(steps[:1])


def schema_entries(schema: dict[str, Any], data: Any) -> set[Entry]:
    """The entries JSON Schema finds fault with (python-jsonschema, draft 2020-12)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    found: set[Entry] = set()
    for error in (leaf for top in validator.iter_errors(data) for leaf in _leaves(top)):
        path = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # the unknown key itself is at fault, as relmap (and an editor) point at it
            allowed = set(error.schema.get("properties", {}))
            found.update(entry_of_path([*path, key]) for key in error.instance if key not in allowed)
        else:
            found.add(entry_of_path(path))
    return found


def _leaves(error: Any) -> list[Any]:
    """The errors inside the value an `anyOf` judges (where it really is at fault), or the error itself."""
    depth = len(error.absolute_path)
    deeper = [leaf for sub in error.context or () for leaf in _leaves(sub) if len(leaf.absolute_path) > depth]
    return deeper or [error]


@dataclass
class Comparison:
    """Where relmap and the schema disagree about one map, and why that is allowed."""

    path: str
    unexplained: list[str] = field(default_factory=list)  # differences no rule accounts for
    allowed: set[str] = field(default_factory=set)  # rule ids behind the allowed differences

    @property
    def agrees(self) -> bool:
        return not self.unexplained


def compare(path: str, text: str, problems: list[Problem], schema_faults: set[Entry] | None) -> Comparison:
    """Compare relmap's problems with the entries the schema faults (None: an editor cannot read the text)."""
    result = Comparison(path)
    yaml_level = [problem for problem in problems if problem.rule in YAML_RULES]
    if schema_faults is None:
        if not yaml_level:
            result.unexplained.append("the editor cannot read this YAML, but relmap reports no YAML problem")
        result.allowed.update(problem.rule for problem in yaml_level)
        return result
    root, _ = parse_yaml(text, path)
    version = [problem for problem in problems if problem.rule == "version"]
    if version:  # relmap judges nothing else in a map of another version
        where = entry_at(root, Pos(version[0].line, version[0].column))
        if where not in schema_faults:
            result.unexplained.append(f"relmap refuses the version at {where}, the schema does not")
        return result
    expressible: set[Entry] = set()
    explained: dict[Entry, set[str]] = {}
    for problem in problems:
        where = entry_at(root, Pos(problem.line, problem.column))
        if problem.rule in YAML_RULES or is_whole_map(problem):
            explained.setdefault(where, set()).add(problem.rule)
        else:
            expressible.add(where)
    for where in sorted(expressible - schema_faults, key=repr):
        rules = sorted({p.rule for p in problems if entry_at(root, Pos(p.line, p.column)) == where})
        result.unexplained.append(f"relmap faults {where or 'the top level'} ({', '.join(rules)}), the schema does not")
    for where in sorted(schema_faults - expressible - set(explained), key=repr):
        result.unexplained.append(f"the schema faults {where or 'the top level'}, relmap does not")
    for where, rules in explained.items():
        if where not in schema_faults:
            result.allowed.update(rules)
    return result
