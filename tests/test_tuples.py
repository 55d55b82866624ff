"""relmap's NamedTuple behaves as typing.NamedTuple does, for every record the package declares."""

import copy
import importlib
import inspect
import pickle
import typing
from pathlib import Path

import pytest

from relmap_cli import tuples
from relmap_cli.tuples import NamedTuple

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "relmap_cli"


class Meeting(NamedTuple):
    """A meeting, for these tests."""

    ours: str
    theirs: str
    when: "str"
    note: str = ""
    people: tuple[str, ...] = ()

    @property
    def pair(self) -> str:
        return f"{self.ours}-{self.theirs}"

    def __str__(self) -> str:
        return self.pair


class TypingMeeting(typing.NamedTuple):
    """A meeting, for these tests."""

    ours: str
    theirs: str
    when: "str"
    note: str = ""
    people: tuple[str, ...] = ()


class Wide(NamedTuple):
    a: int
    b: int
    c: int
    d: int
    e: int
    f: int
    g: int
    h: int
    i: int
    j: int
    k: int
    m: int
    n: int
    o: int


def test_a_record_is_made_read_and_compared_as_typing_makes_it() -> None:
    ours, theirs = Meeting("ana", "bo", "2026-11-02"), TypingMeeting("ana", "bo", "2026-11-02")
    assert ours == theirs == ("ana", "bo", "2026-11-02", "", ())
    assert hash(ours) == hash(theirs)
    assert isinstance(ours, tuple)
    assert (ours.ours, ours.theirs, ours.when, ours.note, ours.people) == ("ana", "bo", "2026-11-02", "", ())
    assert ours[2] == "2026-11-02" and ours[-1] == () and ours[1:3] == ("bo", "2026-11-02")
    assert Meeting(theirs="bo", ours="ana", when="x", people=("p",)) == ("ana", "bo", "x", "", ("p",))
    assert repr(ours) == "Meeting(ours='ana', theirs='bo', when='2026-11-02', note='', people=())"
    assert repr(ours).removeprefix("Meeting") == repr(theirs).removeprefix("TypingMeeting")
    assert sorted([Meeting("b", "a", "x"), Meeting("a", "b", "y")])[0].ours == "a"


def test_methods_and_properties_of_the_body_are_kept() -> None:
    meeting = Meeting("ana", "bo", "2026-11-02")
    assert meeting.pair == "ana-bo" and str(meeting) == "ana-bo"
    assert Meeting.__doc__ == "A meeting, for these tests."
    assert Meeting.__module__ == __name__ and Meeting.__qualname__ == "Meeting"


def test_the_named_tuple_api_matches_typing() -> None:
    ours, theirs = Meeting("ana", "bo", "x"), TypingMeeting("ana", "bo", "x")
    assert Meeting._fields == TypingMeeting._fields == ("ours", "theirs", "when", "note", "people")
    assert Meeting._field_defaults == TypingMeeting._field_defaults == {"note": "", "people": ()}
    assert Meeting.__match_args__ == TypingMeeting.__match_args__
    assert ours._asdict() == theirs._asdict() == {"ours": "ana", "theirs": "bo", "when": "x", "note": "", "people": ()}
    assert ours._replace(note="met") == theirs._replace(note="met") == ("ana", "bo", "x", "met", ())
    assert type(ours._replace(note="met")) is Meeting
    assert Meeting._make(["a", "b", "c", "d", ("e",)]) == ("a", "b", "c", "d", ("e",))
    assert (
        str(inspect.signature(Meeting))
        == "(ours: str, theirs: str, when: 'str', note: str = '', people: tuple[str, ...] = ())"
    )
    assert Meeting.ours.__doc__ == TypingMeeting.ours.__doc__ == "Alias for field number 0"
    match ours:
        case Meeting(who, _, when):
            assert (who, when) == ("ana", "x")


def test_wrong_calls_fail_as_with_typing() -> None:
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'when'"):
        Meeting("ana", "bo")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'where'"):
        Meeting("ana", "bo", "x", where="y")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="takes from 4 to 6 positional arguments but 7 were given"):
        Meeting("a", "b", "c", "d", (), "f")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match=r"Got unexpected field names: \['where'\]"):
        Meeting("a", "b", "c")._replace(where="y")
    with pytest.raises(TypeError, match="Expected 5 arguments, got 2"):
        Meeting._make(["a", "b"])
    with pytest.raises(AttributeError):
        Meeting("a", "b", "c").ours = "z"  # type: ignore[misc]


def test_declarations_typing_refuses_are_refused() -> None:
    with pytest.raises(TypeError, match="Non-default namedtuple field b cannot follow default field"):

        class Defaults(NamedTuple):
            a: int = 0
            b: int

    with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):

        class Replaced(NamedTuple):
            a: int

            def _replace(self) -> None: ...

    with pytest.raises(ValueError, match="cannot start with an underscore: '_cls'"):

        class Hidden(NamedTuple):
            _cls: int


def test_records_pickle_and_copy() -> None:
    meeting = Meeting("ana", "bo", "x", people=("p",))
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(meeting, protocol))
        assert again == meeting and type(again) is Meeting
    assert copy.copy(meeting) == copy.deepcopy(meeting) == meeting


def test_more_fields_than_precompiled_still_work() -> None:
    wide = Wide(*range(14))
    assert wide.o == 13 and wide.a == 0 and Wide(**dict(zip(Wide._fields, range(14), strict=True))) == wide
    assert repr(wide).startswith("Wide(a=0, b=1,")


def test_every_record_of_the_package_is_declared_from_relmaps_named_tuple() -> None:
    # typing.NamedTuple compiles each class's `__new__` with eval: about 60 µs a record at start-up
    records = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(("relmap_cli", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        if name in ("relmap_cli.__main__", "relmap_cli.tuples"):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            record = isinstance(value, type) and issubclass(value, tuple) and hasattr(value, "_fields")
            if record and value.__module__ == name:
                records.append(value)
                assert value.__new__.__code__.co_filename == tuples.__file__, value
                assert value._make(value._fields) == value._fields, value
    assert len(records) >= 90
