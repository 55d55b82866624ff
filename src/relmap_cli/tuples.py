"""`NamedTuple` as typing declares it, made without compiling code in every process.

collections.namedtuple, under typing.NamedTuple, compiles each class's `__new__`
from source with `eval` (about 60 µs a class) and relmap declares dozens before
a command reads its map. Here the `__new__` of each number of fields is compiled
once, with this module's bytecode, and a class gets a copy whose arguments are
renamed to its fields. Type checkers see typing.NamedTuple itself.
"""

from collections.abc import Iterable
from types import FunctionType
from typing import TYPE_CHECKING, Any

try:  # the field getter collections uses, written in C
    from _collections import _tuplegetter  # type: ignore[import-not-found]  # C, without stubs
except ImportError:  # pragma: no cover - another Python
    from operator import itemgetter

    def _tuplegetter(index: int, doc: str) -> Any:
        return property(itemgetter(index), doc=doc)


_tuple_new = tuple.__new__

# `__new__` for 0 to 12 fields: the code only reads its arguments by position
_NEW = (
    lambda _cls: _tuple_new(_cls, ()),
    lambda _cls, a: _tuple_new(_cls, (a,)),
    lambda _cls, a, b: _tuple_new(_cls, (a, b)),
    lambda _cls, a, b, c: _tuple_new(_cls, (a, b, c)),
    lambda _cls, a, b, c, d: _tuple_new(_cls, (a, b, c, d)),
    lambda _cls, a, b, c, d, e: _tuple_new(_cls, (a, b, c, d, e)),
    lambda _cls, a, b, c, d, e, f: _tuple_new(_cls, (a, b, c, d, e, f)),
    lambda _cls, a, b, c, d, e, f, g: _tuple_new(_cls, (a, b, c, d, e, f, g)),
    lambda _cls, a, b, c, d, e, f, g, h: _tuple_new(_cls, (a, b, c, d, e, f, g, h)),
    lambda _cls, a, b, c, d, e, f, g, h, i: _tuple_new(_cls, (a, b, c, d, e, f, g, h, i)),
    lambda _cls, a, b, c, d, e, f, g, h, i, j: _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j)),
    lambda _cls, a, b, c, d, e, f, g, h, i, j, k: _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k)),
    lambda _cls, a, b, c, d, e, f, g, h, i, j, k, m: _tuple_new(_cls, (a, b, c, d, e, f, g, h, i, j, k, m)),
)
# what typing.NamedTuple refuses to let a class body define
_PROHIBITED = frozenset(
    {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make", "_replace", "_asdict"}
)


def _new_for(typename: str, annotations: dict[str, Any], defaults: tuple[Any, ...]) -> FunctionType:
    fields = tuple(annotations)
    if len(fields) < len(_NEW):
        template = _NEW[len(fields)]
    else:  # more fields than this module has code for: compiled, as collections does
        names = ", ".join(f"_{index}" for index in range(len(fields)))
        template = eval(f"lambda _cls, {names}: _tuple_new(_cls, ({names},))", {"_tuple_new": _tuple_new})
    code = template.__code__.replace(co_name="__new__", co_varnames=("_cls", *fields))
    new = FunctionType(code, template.__globals__, "__new__", defaults or None)
    new.__qualname__ = f"{typename}.__new__"
    new.__doc__ = f"Create new instance of {typename}({', '.join(fields)})"
    new.__annotations__ = annotations
    return new


class _Tuple(tuple[Any, ...]):
    """What every named tuple shares: made from an iterable, copied with changes, shown, pickled."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> Any:
        made = _tuple_new(cls, iterable)
        if len(made) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(made)}")
        return made

    def _replace(self, /, **changes: Any) -> Any:
        made = self._make(map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)!r}")
        return made

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True))
        return f"{self.__class__.__name__}({shown})"

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self, strict=True))

    def __getnewargs__(self) -> tuple[Any, ...]:
        return tuple(self)


class _Declared(type):
    """`class Name(NamedTuple):` with annotated fields, optional defaults and methods."""

    def __new__(cls, typename: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        if bases != (_NamedTuple,):
            raise TypeError("a named tuple is declared from NamedTuple alone")
        annotations = _annotations(namespace)
        fields = tuple(annotations)
        defaults = []
        for name in fields:
            if name.startswith("_"):
                raise ValueError(f"Field names cannot start with an underscore: {name!r}")
            if name in namespace:
                defaults.append(namespace[name])
            elif defaults:
                raise TypeError(f"Non-default namedtuple field {name} cannot follow default field")
        if wrong := _PROHIBITED & namespace.keys():
            raise AttributeError(f"Cannot overwrite NamedTuple attribute {min(wrong)}")
        body = {"__doc__": f"{typename}({', '.join(fields)})", **namespace}
        body.update(
            __slots__=(),
            __match_args__=fields,
            __new__=_new_for(typename, annotations, tuple(defaults)),
            _fields=fields,
            _field_defaults=dict(zip(fields[len(fields) - len(defaults) :], defaults, strict=True)),
        )
        for index, name in enumerate(fields):
            body[name] = _tuplegetter(index, f"Alias for field number {index}")
        return type(typename, (_Tuple,), body)


def _annotations(namespace: dict[str, Any]) -> dict[str, Any]:
    """The annotations of a class body: a dict up to Python 3.13, a function to call from 3.14 on."""
    if "__annotations__" in namespace:
        return dict(namespace["__annotations__"])
    try:
        import annotationlib  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return {}
    annotate = annotationlib.get_annotate_from_class_namespace(namespace)
    if annotate is None:
        return {}
    return dict(annotationlib.call_annotate_function(annotate, annotationlib.Format.FORWARDREF))


_NamedTuple = type.__new__(_Declared, "NamedTuple", (), {})

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    NamedTuple = _NamedTuple
