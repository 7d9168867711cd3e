"""Splitting and rendering cost grows linearly with hostile input, not with its square.

A review body is anyone's text and is split on every publish and every ``/review show``; a pattern
that rescans the rest of the line from every ``[`` once took 25 s on 40,000 characters. Each case is
timed at 2,500 and at 40,000 characters (16 times the text): linear work takes about 16 times as
long, quadratic work about 256 times; the bound leaves room for a noisy shared machine. Times are
this process's CPU time, so other programs competing for the cores do not count.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest

from bot.domain.models import Review
from bot.domain.review_render import render_review
from bot.domain.splitting import split_markdown

SMALL, LARGE = 2_500, 40_000
GROWTH = LARGE / SMALL
MAX_RATIO = GROWTH * 4  # quadratic would be GROWTH ** 2 = 256

HOSTILE_UNITS = [
    "[", "[a", "[`", "[](", "](", "`", "a`", "``a`", "*", "**a", "*a ", "_", "__a", "_a ", "|", "||a", "~~a",
    "> ", "> > > x\n", "\n", "\n\r", "\n\x0b", "\n \n", "a.\u2003", "\\", "<@", "***", "_*[`|~",
]


def _hostile(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _rising_backtick_runs(size: int) -> str:
    """Backtick runs of every length, none closing another: each opens a code span that never ends."""
    pieces, length = ["a"], 1
    while sum(map(len, pieces)) < size:
        pieces.append("`" * length + "a")
        length += 1
    return "".join(pieces)[:size]


def _best_time(work: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        began = time.process_time()
        work()
        best = min(best, time.process_time() - began)
    return best


def _ratio(make: Callable[[int], str], work: Callable[[str], object]) -> float:
    small, large = make(SMALL), make(LARGE)
    # Floor the small time so timer resolution on tiny inputs cannot inflate the ratio.
    small_time = max(_best_time(lambda: work(small), 5), 2e-4)
    return _best_time(lambda: work(large), 2) / small_time


def _review(body: str) -> Review:
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    return Review(id=1, guild_id=1, title="Hostile", film_id=None, film_title="Film", film_year=None,
                  author_id=None, byline="Someone", rating=None, body=body, created_at=now, updated_at=now)


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_splitting_hostile_text_is_linear(unit: str) -> None:
    ratio = _ratio(lambda size: _hostile(unit, size), lambda text: split_markdown(text, 4096))
    assert ratio < MAX_RATIO, f"{unit!r}: {ratio:.0f}x the time for {GROWTH:.0f}x the text"


def test_splitting_backtick_runs_of_every_length_is_linear() -> None:
    ratio = _ratio(_rising_backtick_runs, lambda text: split_markdown(text, 4096))
    assert ratio < MAX_RATIO, f"{ratio:.0f}x the time for {GROWTH:.0f}x the text"


@pytest.mark.parametrize("unit", ["[", "[a", "[`", "a`", "\n\r", "**a"])
def test_rendering_a_hostile_review_is_linear(unit: str) -> None:
    ratio = _ratio(lambda size: _hostile(unit, size), lambda text: render_review(_review(text), None))
    assert ratio < MAX_RATIO, f"{unit!r}: {ratio:.0f}x the time for {GROWTH:.0f}x the text"
