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

from markdown_it import MarkdownIt
from markdown_it.token import Token

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
# A line that is only '=' or '-' (after quote and list markers) would underline the line above as a
# heading; see _is_underline (plain string operations: a regex for it backtracks on long runs of spaces).
_QUOTE_AND_SPACE = str.maketrans("", "", " \t>")
_LIST_MARK = re.compile(r"(?:[-+*]|\d{1,9}[.)])")
_LIST_START = re.compile(r"( {0,3})([-+]|\d{1,9}[.)])(?=[ \t]|$)")
_ATX = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$)")
#: Only to find headings and open fences in what people wrote (never to render it).
_PARSER = MarkdownIt("commonmark")


def safe_inline(text: str) -> str:
    """One line (a name, a title) shown literally: no markup of any kind can start inside it."""
    escaped = _INLINE_SIGNS.sub(lambda match: _INLINE[match[0]], text)
    start = _LIST_START.match(escaped)  # "1. Ann" or "- Ann" at the start of a line would be a list
    if start:
        escaped = f"{start[1]}{start[2][:-1]}\\{start[2][-1]}{escaped[start.end():]}"
    return escaped


def _is_underline(line: str) -> bool:
    core = line.translate(_QUOTE_AND_SPACE)
    if not core:
        return False
    marker = _LIST_MARK.match(core)
    rest = core[marker.end():] if marker else core
    return not core.strip("-=") or (bool(rest) and not rest.strip("-="))


def _escape_line(line: str) -> str:
    if _is_underline(line):
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
    *heading_shift* (for a review's body), its own ATX headings are kept, deeper by that many
    levels; otherwise every ``#`` is escaped and no heading can be made. A code fence the text
    leaves open is closed at its end, so it cannot swallow what follows. Which lines are headings
    and which fences are open is CommonMark's own answer (markdown-it parses the text), not a guess.
    """
    lines = text.splitlines()
    tokens = _PARSER.parse("\n".join(lines))
    headings = {
        token.map[0]: len(token.markup)
        for token in tokens
        if heading_shift is not None and token.type == "heading_open" and token.level == 0
        and token.markup.startswith("#") and token.map
    }
    out: list[str] = []
    for number, line in enumerate(lines):
        heading = _ATX.match(line) if number in headings and heading_shift is not None else None
        if heading and heading_shift is not None:
            level = min(6, len(heading[1]) + heading_shift)
            out.append("#" * level + _escape_pieces(line[heading.end():], spell))
        else:
            out.append(_escape_pieces(line, spell))
    out.extend(_closers(tokens, lines))
    return out


def _closers(tokens: list[Token], lines: list[str]) -> list[str]:
    """A closing fence for each top-level fence that runs to the end of the text unclosed.

    Fences inside a list or quote close with it, and the export ends every comment's containers.
    """
    closers = []
    for token in tokens:
        if token.type != "fence" or token.level != 0 or not token.map or not token.markup:
            continue
        start, end = token.map
        mark = token.markup
        last = lines[end - 1] if end - 1 > start else ""
        closing = re.fullmatch(rf" {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}[ \t]*", last)
        if closing is None:
            closers.append(mark)
    return closers


def _escape_pieces(line: str, spell: Callable[[str], list[tuple[bool, str]]] | None) -> str:
    if spell is None:
        return _escape_line(line)
    if _is_underline(line):
        return _escape_line(line)
    return "".join(piece if literal else _escape_line(piece) for literal, piece in spell(line))
