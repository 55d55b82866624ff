"""Make text from a map inert in every output: terminal, CSV, Markdown, CI logs.

Names and notes are data. Control characters (ESC, BEL, CR, ...) and
bidirectional overrides are shown escaped, never sent to a terminal.
"""

from __future__ import annotations

import re

# C0 and C1 controls except tab and newline, DEL, bidi embeddings/overrides/isolates,
# and the line/paragraph separators that some viewers treat as newlines.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_OR_NEWLINE = re.compile(_UNSAFE.pattern[:-1] + "\t\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Escape control characters; keep tabs and newlines."""
    return _UNSAFE.sub(_escape, text)


def clean_line(text: str) -> str:
    """Escape control characters, tabs and newlines: the result is one line."""
    return _UNSAFE_OR_NEWLINE.sub(_escape, text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown_cell(text: str) -> str:
    """Text for one Markdown table cell: one line, `|` and markup characters escaped.

    A leading `=`, `+`, `-` or `@` is quoted with an apostrophe so that a table
    pasted into a spreadsheet cannot start a formula.
    """
    text = clean_line(text)
    for character in "\\`*_[]<>|":
        text = text.replace(character, "\\" + character)
    return neutralize_formula(text)


def neutralize_formula(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would read as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text
