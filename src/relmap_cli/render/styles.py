"""Colours shared by every rich table: one meaning, one colour, everywhere."""

from __future__ import annotations

SEVERITY = {"error": "bold red", "warning": "yellow", "info": "cyan"}
BUCKET = {"furthers": "green", "hinders": "red", "swing": "yellow"}
STRENGTH = {
    "strong": "bold white on green",
    "good": "black on bright_green",
    "weak": "black on yellow",
    "negative": "bold white on red",
}
STANCE = {"champion": "bold green", "supporter": "green", "neutral": "white", "unknown": "dim", "detractor": "red"}
