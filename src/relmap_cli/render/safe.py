"""Make text from a map inert in every output: terminal, CSV, Markdown, CI logs.

Names and notes are data. Every renderer passes map text through `clean`
(multi-line text) or `clean_line` (one line), then, for Markdown, through
`markdown_cell`, and for CSV through `neutralize_formula`. What they do:

- control characters (ESC, BEL, CR, DEL, C1), bidirectional overrides, line
  and paragraph separators, lone surrogates and invisible characters (zero
  width spaces and joiners, word joiners, tag characters) are shown escaped
  (`\\x1b`, `\\u200b`, `\\U000e0041`), never sent: no terminal sequence, no
  name that looks like another;
- a CI runner reads workflow commands from any line of a job's log: `::` and
  `##[` in map text get a backslash between their characters (`:\\:`,
  `#\\#[`), visibly, so no wrapping or line break can make them a command.

Nothing here knows about formats beyond these rules; nothing here does I/O.
"""

from __future__ import annotations

import functools
import re

# Shown escaped wherever they are: C0 controls but tab and newline, DEL, C1,
# the Arabic letter mark, Mongolian vowel separator, zero width space, LRM/RLM,
# line/paragraph separators, bidi embeddings/overrides/isolates, word joiner and
# invisible operators, the zero width no-break space, lone surrogates, tag characters.
_ALWAYS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff\U000e0000-\U000e007f"
)
# Zero width (non-)joiners belong inside words of many scripts and in emoji
# sequences; beside an ASCII character (or at either end) they only hide.
_JOINERS = "\u200c\u200d"
_HIDING_JOINER = f"(?<=[\x00-\x7f])[{_JOINERS}]|^[{_JOINERS}]|[{_JOINERS}](?=[\x00-\x7f]|$)"
# The first character of what would start a workflow command: `::` and `##[`.
_COMMAND = r":(?=:)|#(?=#\[)"


@functools.cache
def _unsafe(one_line: bool) -> re.Pattern[str]:
    """What to escape (with tabs and newlines for one line), compiled on first use: most text never needs it."""
    characters = _ALWAYS + "\t\n" if one_line else _ALWAYS
    return re.compile(f"[{characters}]|{_HIDING_JOINER}|{_COMMAND}")


def _nothing_to_escape(text: str) -> bool:
    """True when `text` has nothing to escape: every character above is one `isprintable` refuses."""
    return text.isprintable() and "::" not in text and "##[" not in text


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character in ":#":
        return character + "\\"
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def clean(text: str) -> str:
    """Escape control and invisible characters and break up workflow commands; keep tabs and newlines."""
    return text if _nothing_to_escape(text) else _unsafe(False).sub(_escape, text)


def clean_line(text: str) -> str:
    """`clean`, and tabs and newlines escaped too: the result is one line."""
    return text if _nothing_to_escape(text) else _unsafe(True).sub(_escape, text)


# What has a meaning in GitHub-flavoured Markdown, escaped with a backslash:
# emphasis, code, links and images, HTML, tables, strike-through, math, an
# entity (`&amp;`, not the `&` of R&D), a heading (`#` first in a list item).
_MARKDOWN_SPECIAL = r"[\\`*_\[\]<>|~$]|&(?=#?[A-Za-z0-9]+;)|^\s*#"
# What GitHub turns into a link or a notification even when escaped: an @mention
# (and an e-mail address), a www. address, a scheme://. A zero width space
# between their characters, written as an entity, stops that and shows nothing.
_AUTOLINK = r"@(?=[A-Za-z0-9])|(?<![A-Za-z0-9])(?i:www)(?=\.)|(?=://)"
_ZERO_WIDTH_SPACE = "&#8203;"


def markdown_cell(text: str) -> str:
    """Text for one Markdown table cell (or list item): one line, inert.

    Markup characters are escaped; mentions, e-mail addresses and web
    addresses do not link; a cell that would start with `=`, `+`, `-` or `@`
    (spaces before it included) gets a leading `'` so that a table pasted
    into a spreadsheet cannot start a formula.
    """
    text = re.sub(_MARKDOWN_SPECIAL, _backslash_last, clean_line(text))
    return neutralize_formula(re.sub(_AUTOLINK, lambda match: match.group() + _ZERO_WIDTH_SPACE, text))


def _backslash_last(match: re.Match[str]) -> str:
    found = match.group()
    return f"{found[:-1]}\\{found[-1]}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formula(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would read as a formula (also after leading spaces)."""
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text
