"""A CRM's contacts export as rows of named cells: decoding, the delimiter, located errors.

CRMs write UTF-8 with or without a byte order mark; Excel on Windows saves
Windows-1252. Every cell is text: a value starting `=`, `+`, `-` or `@`
stays exactly that text (nothing here evaluates anything). Line breaks
inside a quoted cell are kept out of the values (one line per value), and
control characters are dropped. Uses the standard library's `csv`; no I/O.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from ..tuples import NamedTuple
from .errors import SourceError

_BOM = b"\xef\xbb\xbf"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")
# csv needs a limit on one cell; a contact's cell is never anywhere near this
_FIELD_LIMIT = 1 << 20


class CsvError(SourceError):
    """A CRM export that cannot be read; `line` is where (1-based), 0 for the whole file."""


class Row(NamedTuple):
    """One record of the export: its first line in the file and its cells by column name."""

    line: int
    cells: dict[str, str]
    short: bool = False  # fewer cells than columns (a truncated last line)


@dataclass
class Table:
    """The export: its columns (as written), its rows, and what its encoding was."""

    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    encoding: str = "utf-8"


def decode_export(data: bytes) -> tuple[str, str]:
    """The text of an export and the encoding it was in: UTF-8 (BOM or not), else Windows-1252."""
    if not data.strip():
        raise CsvError("the file is empty: no header line, no contacts")
    if b"\x00" in data[:4096]:
        encoding = "UTF-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else None
        what = f"it is {encoding}; save it as UTF-8 or CSV (Windows)" if encoding else "a binary file"
        raise CsvError(f"this is not a CSV export ({what})")
    if data.startswith(_BOM):
        try:
            return data[len(_BOM) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise CsvError(
                _bad_byte(data, error.start, "UTF-8 (it starts with a UTF-8 mark)"), _line_at(data, error.start)
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise CsvError(_bad_byte(data, error.start, "UTF-8 nor Windows-1252"), _line_at(data, error.start)) from None


def _bad_byte(data: bytes, offset: int, expected: str) -> str:
    if expected.startswith("UTF-8 ("):
        return f"byte 0x{data[offset]:02X} is not {expected}"
    return f"byte 0x{data[offset]:02X} is neither {expected}: save the export as UTF-8"


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _delimiter(header: str) -> str:
    """The delimiter the header line uses: `,`, or `;` / tab (spreadsheets in many locales)."""
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {mark: outside.count(mark) for mark in (",", ";", "\t")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def clean_cell(value: str) -> str:
    """A cell as a map value: control characters dropped, line breaks and runs of spaces made one space."""
    return _SPACE.sub(" ", _CONTROL.sub("", value)).strip()


def read_table(data: bytes) -> Table:
    """Read an export into rows; raise `CsvError` (with its line) for what is not a readable CSV."""
    text, encoding = decode_export(data)
    header_line = text.split("\n", 1)[0]
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise CsvError("the file is empty: no header line, no contacts")
        columns = [clean_cell(name).lstrip("\ufeff") for name in header]
        if len([name for name in columns if name]) < 2:
            raise CsvError("the first line is not a header of columns (expected names such as Id, FirstName, Email)", 1)
        table = Table(columns, encoding=encoding)
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                cells = {name: clean_cell(value) for name, value in zip(columns, record, strict=False) if name}
                table.rows.append(Row(start, cells, short=len(record) < len(columns)))
            start = reader.line_num + 1
    except csv.Error as error:
        message = str(error)
        if "unexpected end of data" in message or "EOF" in message:
            message = "the file ends inside a quoted cell: it is cut short (export it again)"
        raise CsvError(f"not a readable CSV line: {message}", reader.line_num or 1) from None
    return table
