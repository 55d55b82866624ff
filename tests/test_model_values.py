"""How written text becomes a whole number or a date: the same texts as the patterns the format states."""

import re
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from relmap_cli.format.model import to_date, to_int

INT_TEXT = re.compile(r"^[+-]?[0-9]+$")  # how the two are written; `$` lets one final newline through
DATE_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
NEAR = st.text(alphabet="0123456789+-\n ٣١\u0660x", max_size=12)  # digits of other scripts, signs, a newline


@given(NEAR)
@example("+-1")
@example("12\n")
@example("12\n\n")
@example("")
@example("+")
@example("٣")
def test_a_whole_number_is_read_from_exactly_the_texts_of_its_pattern(text: str) -> None:
    assert to_int(text) == (int(text) if INT_TEXT.match(text) else text)


@pytest.mark.parametrize(
    ("text", "read"),
    [("7", 7), ("-3", -3), ("+12", 12), ("007", 7), ("1 2", "1 2"), ("1.0", "1.0"), ("٣", "٣"), ("", "")],
)
def test_a_whole_number_or_the_text_left_for_the_schema(text: str, read: int | str) -> None:
    assert to_int(text) == read


def _date_or_error(text: str) -> date | str:
    try:
        return to_date(text)
    except ValueError as error:
        return str(error)


@given(st.text(alphabet="0123456789-\n٣x", min_size=8, max_size=12))
@example("2026-11-23")
@example("2026-11-23\n")
@example("2026-02-30")
@example("2026-1-023")
@example("٢٠٢٦-11-23")
def test_a_date_is_read_from_exactly_the_texts_of_its_pattern(text: str) -> None:
    shown = _date_or_error(text)
    if not DATE_TEXT.match(text):
        assert shown == f"'{text}' is not a date: write it as YYYY-MM-DD"
    else:
        assert isinstance(shown, date) or shown.startswith(f"'{text}' is not a real date (")


def test_dates_read_as_the_user_sees_them() -> None:
    assert to_date("2026-11-23") == date(2026, 11, 23)
    assert _date_or_error("2026-02-30") == "'2026-02-30' is not a real date (day is out of range for month)"
    assert _date_or_error("23.11.2026") == "'23.11.2026' is not a date: write it as YYYY-MM-DD"
    newline = _date_or_error("2026-11-23\n")
    assert newline == "'2026-11-23\n' is not a real date (Invalid isoformat string: '2026-11-23\\n')"
