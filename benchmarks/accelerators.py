"""How fast rapidyaml and yaml-rs parse the large map, and what they keep of relmap's guarantees.

    pip install rapidyaml yaml-rs        # into any environment with PyYAML; not a relmap dependency
    python benchmarks/accelerators.py

Prints the parse times against PyYAML's C loader and libyaml's event stream
(what relmap's loader reads), and checks the three guarantees a loader must
keep: a line and column for every node, duplicate keys reported (all of
them, not only the first), aliases never expanded.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import large_map


def best(run, times: int = 3) -> float:
    found = []
    for _ in range(times):
        start = time.process_time()
        run()
        found.append(time.process_time() - start)
    return min(found)


def main() -> int:
    gc.disable()  # as relmap runs
    text = large_map(1.0)
    data = text.encode()
    c_loader = best(lambda: yaml.load(data, Loader=yaml.CSafeLoader))
    events = best(lambda: [None for _ in yaml.parse(data, Loader=yaml.CSafeLoader)])
    print(f"PyYAML C loader, plain objects        {c_loader:6.2f} s   1.00")
    print(f"libyaml event stream, with positions  {events:6.2f} s   {events / c_loader:.2f}")
    try:
        import ryml
    except ImportError:
        print("rapidyaml: not installed")
    else:
        tree = ryml.parse_in_arena(data)
        parse = best(lambda: ryml.parse_in_arena(data))

        def walk() -> None:
            for node, _ in ryml.walk(tree):
                if tree.has_key(node):
                    tree.key(node)
                if tree.has_val(node):
                    tree.val(node)

        print(f"rapidyaml, tree only                  {parse:6.2f} s   {parse / c_loader:.2f}")
        print(f"rapidyaml, tree read from Python      {parse + best(walk):6.2f} s   {(parse + best(walk)) / c_loader:.2f}")
        print("  node positions from Python:", any("location" in name for name in dir(ryml.Tree)))
        doubled = ryml.parse_in_arena(b"a: 1\na: 2\n")
        print("  duplicate key kept silently:", doubled.num_children(doubled.root_id()) == 2)
        aliased = ryml.parse_in_arena(b"a: &x 1\nb: *x\n")
        print("  alias kept as a reference:", aliased.is_val_ref(aliased.last_child(aliased.root_id())))
    try:
        import yaml_rs
    except ImportError:
        print("yaml-rs: not installed")
    else:
        loads = best(lambda: yaml_rs.loads(text))
        print(f"yaml-rs, plain objects                {loads:6.2f} s   {loads / c_loader:.2f}")
        try:
            yaml_rs.loads("a: 1\na: 2\nb: 1\nb: 2\n")
        except yaml_rs.YAMLDecodeError as error:
            print("  duplicate keys: stops at the first:", str(error).splitlines()[0])
        print("  alias expanded:", yaml_rs.loads("a: &x [1]\nb: *x\n"))
        print("  node positions: none (plain dicts and lists)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
