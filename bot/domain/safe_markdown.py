"""Markdown that stays safe under a permissive renderer, for the Markdown export.

Why: the Markdown export is published as blog pages by renderers that pass raw HTML through
(CommonMark with ``html=True``, Python-Markdown, static-site generators). Whatever people wrote
must therefore come out with no way to open an HTML tag or comment, follow a ``javascript:`` link,
add attributes (Python-Markdown's ``{: onclick=…}``), make a heading (so nobody can forge another
comment's header line) or leave a code fence open that swallows the comments after it.

Emphasis, spoiler bars, code spans, lists and quotes are kept; HTML, links, images, headings and
fences left open are not. ``<`` and ``&`` are written as character references, which every
renderer shows as the character and none reads as markup; the other signs are backslash-escaped
(both CommonMark and Python-Markdown honour ``\\`` before ASCII punctuation). Inside code the
escapes show as written: that is the price of a text no renderer can turn into a page's script.

Everything here is one pass over the text: linear on hostile input.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["safe_block", "safe_inline"]

# For one-line names and titles: every sign that could start inline markup. ``|`` and ``~`` as
# references, since Python-Markdown does not honour a backslash before them.
_INLINE = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;",
    **{sign: "\\" + sign for sign in "\\`*_[]{}#"},
}
# For text people wrote: structure that can hurt is escaped, formatting (* _ ` | ~ >) is kept.
_BLOCK = {"&": "&amp;", "<": "&lt;", **{sign: "\\" + sign for sign in "\\[]{}#"}}
_INLINE_SIGNS = re.compile("[" + re.escape("".join(_INLINE)) + "]")
_BLOCK_SIGNS = re.compile("[" + re.escape("".join(_BLOCK)) + "]")
# A line that is only '=' or '-' (after quote markers) would underline the line above as a heading.
_UNDERLINE = re.compile(r"[ \t>]*(?:[-+*]|\d{1,9}[.)])?[ \t]*[-=][-= \t]*")
_LIST_START = re.compile(r"( {0,3})([-+]|\d{1,9}[.)])(?=[ \t]|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_ATX = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")


def safe_inline(text: str) -> str:
    """One line (a name, a title) shown literally: no markup of any kind can start inside it."""
    escaped = _INLINE_SIGNS.sub(lambda match: _INLINE[match[0]], text)
    start = _LIST_START.match(escaped)  # "1. Ann" or "- Ann" at the start of a line would be a list
    if start:
        escaped = f"{start[1]}{start[2][:-1]}\\{start[2][-1]}{escaped[start.end():]}"
    return escaped


def _escape_line(line: str) -> str:
    if _UNDERLINE.fullmatch(line):
        return line.replace("-", "&#45;").replace("=", "&#61;")
    return _BLOCK_SIGNS.sub(lambda match: _BLOCK[match[0]], line)


def safe_block(
    text: str,
    spell: Callable[[str], list[tuple[bool, str]]] | None = None,
    *,
    heading_shift: int | None = None,
) -> list[str]:
    """*text* as lines of Markdown that render as the text with its formatting, and nothing more.

    *spell* splits a line into (is_literal, piece) pairs: pieces marked literal are inserted as
    given (the caller has already made them safe, e.g. a mention spelt as ``@Ann``). With
    *heading_shift* (for a review's body), ATX headings at the start of a line are kept, deeper by
    that many levels; otherwise every ``#`` is escaped and no heading can be made. A code fence the
    text leaves open is closed at its end, so it cannot swallow what follows.
    """
    out: list[str] = []
    fence: tuple[str, int] | None = None  # (fence character, length) while inside a fenced block
    for line in text.splitlines():
        opened = _FENCE.match(line)
        if fence is None and opened and not (opened[1][0] == "`" and "`" in opened[2]):
            fence = (opened[1][0], len(opened[1]))
        elif fence is not None and opened and opened[1][0] == fence[0] and len(opened[1]) >= fence[1] \
                and not opened[2].strip():
            fence = None
        heading = _ATX.match(line) if heading_shift is not None and fence is None else None
        if heading:
            level = min(6, len(heading[1]) + heading_shift)
            rest = line[heading.end():]
            out.append("#" * level + _escape_pieces(rest, spell))
        else:
            out.append(_escape_pieces(line, spell))
    if fence is not None:
        out.append(fence[0] * fence[1])
    return out


def _escape_pieces(line: str, spell: Callable[[str], list[tuple[bool, str]]] | None) -> str:
    if spell is None:
        return _escape_line(line)
    if _UNDERLINE.fullmatch(line):
        return _escape_line(line)
    return "".join(piece if literal else _escape_line(piece) for literal, piece in spell(line))
