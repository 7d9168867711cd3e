"""Whole numbers typed by people: ASCII digits only, and no longer than the store can hold.

Why: ``str.isdigit`` accepts "²" and other digits that ``int`` refuses, and ``int`` refuses more than
4,300 digits, while SQLite overflows past 2**63 - 1. Each of those used to reach a member as the
generic "something went wrong". One check, used wherever a typed number becomes an ``int``.
"""

from __future__ import annotations

__all__ = ["SQLITE_MAX", "whole_number"]

SQLITE_MAX = 2**63 - 1
_MAX_DIGITS = 19  # SQLITE_MAX has 19 digits


def whole_number(text: str, *, high: int = SQLITE_MAX) -> int | None:
    """*text* (surrounding spaces allowed) as an int from 0 to *high*, or None if it is not one."""
    text = text.strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > _MAX_DIGITS:
        return None
    value = int(text)
    return value if value <= high else None
