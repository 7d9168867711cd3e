"""Split long Markdown into parts that each fit a length limit, without losing a character.

``"".join(split_markdown(text, limit)) == text`` always holds. A part ends, in order of preference,
at a paragraph break, a line break, the end of a sentence or between words; whitespace at the split
point stays at the end of the earlier part. A cut never falls inside a Markdown span (inline code,
a fenced code block, ``**bold**``, ``*italic*``, ``__underline__``, ``~~strike~~``,
``||spoiler||``, ``[link](url)``) unless that span alone is longer than the limit: then a fenced
block is cut at a line boundary inside it, and only a word longer than the limit is cut mid-word.
"""

from __future__ import annotations

import re

__all__ = ["split_markdown", "split_point"]

# Tiers of cut, best first.
_PARAGRAPH, _LINE, _SENTENCE, _WORD, _SPACE = range(5)
_TIERS = 5
# How strongly a position is protected by the span around it.
_FREE, _SOFT, _HARD = range(3)

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_NOT_BLANK_LINE = r"(?:(?!\n[ \t]*\n)[\s\S])"
_INLINE_CODE = re.compile(rf"(`+)(?!`){_NOT_BLANK_LINE}+?(?<!`)\1(?!`)")
_SOFT_SPANS = (
    re.compile(rf"\*\*(?=\S){_NOT_BLANK_LINE}+?\*\*"),
    re.compile(rf"__(?=\S){_NOT_BLANK_LINE}+?__"),
    re.compile(rf"~~(?=\S){_NOT_BLANK_LINE}+?~~"),
    re.compile(rf"\|\|{_NOT_BLANK_LINE}+?\|\|"),
    re.compile(r"(?<![*\w])\*(?![\s*])(?:(?!\n[ \t]*\n)[^*])+?(?<!\s)\*(?!\*)"),
    re.compile(r"(?<![_\w])_(?![\s_])(?:(?!\n[ \t]*\n)[^_])+?(?<!\s)_(?![_\w])"),
    re.compile(r"\[[^\]\n]*\]\([^)\n]*\)"),
)
_SENTENCE_END = ".!?…"
_CLOSERS = "\"')]}”’»*_~|"


def split_markdown(text: str, limit: int, *, min_fill: float = 0.5) -> list[str]:
    """Split ``text`` into non-empty parts of at most ``limit`` characters that join back to it.

    A better kind of boundary (a paragraph break over a sentence end) wins only if it leaves the
    part at least ``min_fill`` of the limit long; otherwise the best boundary of any kind is used.
    """
    _check_arguments(limit, min_fill)
    analysis = _Analysis(text)
    parts: list[str] = []
    start = 0
    while start < len(text):
        end = analysis.cut(start, limit, min_fill)
        parts.append(text[start:end])
        start = end
    return parts


def split_point(text: str, limit: int, start: int = 0, *, min_fill: float = 0.5) -> int:
    """Where the part beginning at ``start`` should end: ``len(text)`` if the rest fits in ``limit``."""
    _check_arguments(limit, min_fill)
    return _Analysis(text).cut(start, limit, min_fill)


def _check_arguments(limit: int, min_fill: float) -> None:
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if not 0 <= min_fill <= 1:
        raise ValueError("min_fill must be between 0 and 1")


class _Analysis:
    """Per-position facts about a text: which cut tier a position offers and how protected it is."""

    def __init__(self, text: str) -> None:
        self.text = text
        size = len(text)
        self.tier: list[int | None] = [None] * (size + 1)
        self.protection = [_FREE] * (size + 1)
        self._mark_spans()
        self._mark_tiers()

    def cut(self, start: int, limit: int, min_fill: float) -> int:
        size = len(self.text)
        if size - start <= limit:
            return size
        stop = start + limit
        # latest[level][tier]: the latest candidate in the window at or below that protection level.
        latest = [[-1] * _TIERS for _ in range(3)]
        for pos in range(stop, start, -1):
            tier = self.tier[pos]
            if tier is None:
                continue
            for level in range(self.protection[pos], 3):
                if latest[level][tier] < 0:
                    latest[level][tier] = pos
        filled = start + max(1, int(limit * min_fill))
        for level in range(3):
            for lowest in (filled, start + 1):
                for tier in range(_TIERS):
                    if latest[level][tier] >= lowest:
                        return latest[level][tier]
        return stop  # one word longer than the limit: nothing else can be done

    def _protect(self, start: int, end: int, level: int) -> None:
        for pos in range(start + 1, end):
            self.protection[pos] = max(self.protection[pos], level)

    def _mark_spans(self) -> None:
        text = self.text
        masked = list(text)
        for start, end in _fences(text):
            self._protect(start, end, _HARD)
            masked[start:end] = "\0" * (end - start)
        flat = "".join(masked)
        for match in _INLINE_CODE.finditer(flat):
            if "\0" in match.group():
                continue
            self._protect(match.start(), match.end(), _HARD)
            masked[match.start() : match.end()] = "\0" * (match.end() - match.start())
        flat = "".join(masked)
        for pattern in _SOFT_SPANS:
            for match in pattern.finditer(flat):
                if "\0" not in match.group():
                    self._protect(match.start(), match.end(), _SOFT)

    def _mark_tiers(self) -> None:
        text = self.text
        size = len(text)
        pos = 0
        while pos < size:
            if not text[pos].isspace():
                pos += 1
                continue
            run_start = pos
            while pos < size and text[pos].isspace():
                pos += 1
            # Inside the run, any position after a whitespace character is a (poor) cut.
            for inner in range(run_start + 1, pos):
                self.tier[inner] = _SPACE
            # Starts of lines inside the run (keeps indentation with its own line).
            for inner in range(run_start + 1, pos + 1):
                if text[inner - 1] == "\n" and inner < size:
                    self.tier[inner] = self._classify(run_start, inner)
            if pos < size:
                ends_indented_line = "\n" in text[run_start:pos] and text[pos - 1] != "\n"
                # After an indented line's indentation is worse than just before it.
                self.tier[pos] = _SPACE if ends_indented_line else self._classify(run_start, pos)

    def _classify(self, run_start: int, end: int) -> int:
        run = self.text[run_start:end]
        if re.search(r"\n[ \t]*\n", run):
            return _PARAGRAPH
        if "\n" in run:
            return _LINE
        before = run_start
        while before > 0 and self.text[before - 1] in _CLOSERS:
            before -= 1
        if before > 0 and self.text[before - 1] in _SENTENCE_END:
            return _SENTENCE
        return _WORD


def _fences(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks, from the opening fence to the end of the closing fence line."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while match := _FENCE_OPEN.search(text, pos):
        marker = match.group(1)
        line_end = text.find("\n", match.end())
        if line_end < 0:
            spans.append((match.start(), len(text)))
            break
        closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$", re.MULTILINE)
        close = closing.search(text, line_end + 1)
        end = close.end() if close else len(text)
        spans.append((match.start(), end))
        pos = end
    return spans
