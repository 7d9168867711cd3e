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

__all__ = ["Splitter", "split_markdown", "split_point"]

# Tiers of cut, best first.
_PARAGRAPH, _LINE, _SENTENCE, _WORD, _SPACE = range(5)
_TIERS = 5
# How strongly a position is protected by the span around it.
_FREE, _SOFT, _HARD = range(3)

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_NOT_BLANK_LINE = r"(?:(?!\n[ \t]*\n)[\s\S])"
# Every pattern here must stay linear on hostile text (finditer retries from each position): a
# failed attempt may only run to a delimiter the next attempt starts from, or, for the paired
# delimiters, to the paragraph's end when no closer is left in it. A link's text and target stop at
# the next bracket or parenthesis, which is also where the link Discord would show begins.
_SOFT_SPANS = (
    re.compile(rf"\*\*(?=\S){_NOT_BLANK_LINE}+?\*\*"),
    re.compile(rf"__(?=\S){_NOT_BLANK_LINE}+?__"),
    re.compile(rf"~~(?=\S){_NOT_BLANK_LINE}+?~~"),
    re.compile(rf"\|\|{_NOT_BLANK_LINE}+?\|\|"),
    re.compile(r"(?<![*\w])\*(?![\s*])(?:(?!\n[ \t]*\n)[^*])+?(?<!\s)\*(?!\*)"),
    re.compile(r"(?<![_\w])_(?![\s_])(?:(?!\n[ \t]*\n)[^_])+?(?<!\s)_(?![_\w])"),
    re.compile(r"\[[^\[\]\n]*\]\([^()\[\n]*\)"),
)
_BACKTICK_RUN = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
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
    return Splitter(text).split_point(limit, start, min_fill=min_fill)


class Splitter:
    """One text analysed once and cut many times, for callers that choose each part's limit as they go.

    Analysing reads the whole text; :func:`split_point` called once per part would read it once per
    part, so a long review cut into embeds of varying room would cost its length times its parts.
    """

    def __init__(self, text: str) -> None:
        self._analysis = _Analysis(text)

    def split_point(self, limit: int, start: int = 0, *, min_fill: float = 0.5) -> int:
        """Like the module's :func:`split_point`, for the text this splitter was made with."""
        _check_arguments(limit, min_fill)
        return self._analysis.cut(start, limit, min_fill)


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
        for start, end in _code_spans(flat):
            self._protect(start, end, _HARD)
            masked[start:end] = "\0" * (end - start)
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
            # Whether the run so far holds a line break, a blank line, and only spaces or tabs since
            # its last line break: kept as the run is read, so a long run costs its length, once.
            has_newline = has_blank = False
            blank_so_far = False
            while pos < size and text[pos].isspace():
                char = text[pos]
                if pos > run_start and text[pos - 1] != "\n":
                    self.tier[pos] = _SPACE  # after a whitespace character: a (poor) cut
                pos += 1
                if char == "\n":
                    has_blank = has_blank or blank_so_far
                    has_newline = blank_so_far = True
                    # The start of a line inside the run (keeps indentation with its own line).
                    if pos < size:
                        self.tier[pos] = _PARAGRAPH if has_blank else _LINE
                elif char not in " \t":
                    blank_so_far = False
            if pos < size and text[pos - 1] != "\n":
                # After an indented line's indentation is worse than just before it.
                self.tier[pos] = _SPACE if has_newline else self._classify_inline(run_start)

    def _classify_inline(self, run_start: int) -> int:
        """The tier of a cut after a run of whitespace that holds no line break."""
        before = run_start
        while before > 0 and self.text[before - 1] in _CLOSERS:
            before -= 1
        if before > 0 and self.text[before - 1] in _SENTENCE_END:
            return _SENTENCE
        return _WORD


def _code_spans(flat: str) -> list[tuple[int, int]]:
    """Inline code spans: a backtick run closed by the next run of the same length in its paragraph.

    Runs are looked up by length, so a run that never closes costs nothing more than being read;
    a regular expression retrying from every backtick would rescan the paragraph each time.
    """
    runs = [(match.start(), match.end()) for match in _BACKTICK_RUN.finditer(flat)]
    breaks = [match.start() for match in _BLANK_LINE.finditer(flat)]
    paragraph: list[int] = []
    seen = 0
    for start, _ in runs:
        while seen < len(breaks) and breaks[seen] < start:
            seen += 1
        paragraph.append(seen)
    # For each run, the index of the next run of the same length (or None).
    next_same: list[int | None] = [None] * len(runs)
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        next_same[index] = latest.get(length)
        latest[length] = index
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        closer = next_same[index]
        if closer is not None and paragraph[closer] == paragraph[index]:
            spans.append((runs[index][0], runs[closer][1]))
            index = closer + 1
        else:
            index += 1
    return spans


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
