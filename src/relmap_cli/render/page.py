"""What the HTML pages share: map text as inert HTML, and a policy that allows nothing but their own code.

A page built with `policy` can run only the one inline script and use only
the one inline style whose hashes it names: no request leaves it. No I/O.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from .safe import clean, clean_line


def html_text(text: str) -> str:
    """Map text as one line of HTML character data or a quoted attribute value."""
    return escape(clean_line(text), quote=True)


def html_block(text: str) -> str:
    """Map text as HTML character data that keeps its line breaks (shown with `white-space: pre-line`)."""
    return escape(clean(text), quote=True)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(css: str, script: str | None = None) -> str:
    """A Content-Security-Policy that allows this style (and script) and nothing else."""
    scripts = _sha256(script) if script is not None else "'none'"
    return (
        f"default-src 'none'; style-src {_sha256(css)}; script-src {scripts}; "
        "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


def head(title: str, css: str, script: str | None = None) -> str:
    """The start of a page, up to and including `<body>`."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy(css, script)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(title)}</title>\n"
        f"<style>{css}</style>\n"
        "</head>\n<body>\n"
    )
