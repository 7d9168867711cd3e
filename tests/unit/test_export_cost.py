"""Exports cost time in proportion to the discussion, for hostile text too.

A thread is anyone's text, and any member may export it. Each case is timed at a size and at eight
times that size (more comments, or longer ones): linear work takes about 8 times as long, quadratic
about 64 times; the bound leaves room for a noisy shared machine. Times are this process's CPU time, so other
programs competing for the cores do not count.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import pytest

from bot.domain import comment_export
from bot.domain.discord_markdown import to_html
from bot.domain.models import Comment, Review

# Alone: CPU-time ratios still move with another process on the same cores (caches, frequency).
pytestmark = pytest.mark.alone

GROWTH = 8
MAX_RATIO = GROWTH * 4  # quadratic would be 64
HOSTILE = ["[", "a`", "[`", "<t:1>", "||a", "> ", "*_", "http://a.b/("]
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
REVIEW = Review(id=1, guild_id=1, title="Hostile", film_id=None, film_title="Film", film_year=None, author_id=None,
                byline="Someone", rating=None, body="A body.", created_at=NOW, updated_at=NOW)
EXPORTS = {"json": comment_export.export_json, "markdown": comment_export.export_markdown,
           "html": comment_export.export_html}
#: Comments in the smaller thread: enough that its time is well above the timer's noise.
BASE_COUNT = {"json": 60, "markdown": 60, "html": 10}


def _comments(count: int, length: int, unit: str) -> list[Comment]:
    text = (unit * (length // len(unit) + 1))[:length]
    return [
        Comment(message_id=100 + n, review_id=1, guild_id=1, thread_id=2, author_id=3, author_name="Ann",
                content=text, created_at=NOW + dt.timedelta(seconds=n), parent_id=100 + n - 1 if n % 3 else None)
        for n in range(count)
    ]


def _ratio(large: Callable[[], object], small: Callable[[], object]) -> float:
    """The best of two of *large* over the best of three of *small*, timed first: whatever is loaded on
    first use (a language's catalogue, a renderer's tables) is then loaded before *large* is timed, in any
    test order. Two tries of *large*: one alone was once 4x slow in CI (a neighbour's burst), and work
    that really grows faster than its input is slow every time."""
    base = _best(small, 3)
    return _best(large, 2) / base


def _best(work: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        began = time.process_time()
        work()
        best = min(best, time.process_time() - began)
    return max(best, 1e-3)  # a floor, so timer noise on tiny work cannot inflate a ratio


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
@pytest.mark.parametrize("unit", HOSTILE)
def test_more_comments_cost_proportionally_more(unit: str, fmt: str) -> None:
    export = EXPORTS[fmt]
    count = BASE_COUNT[fmt]
    small, large = _comments(count, 400, unit), _comments(count * GROWTH, 400, unit)
    ratio = _ratio(lambda: export(REVIEW, large, {}), lambda: export(REVIEW, small, {}))
    assert ratio < MAX_RATIO, f"{fmt} of {unit!r}: {ratio:.0f}x the time for {GROWTH}x the comments"


@pytest.mark.parametrize("fmt", sorted(EXPORTS))
@pytest.mark.parametrize("unit", HOSTILE)
def test_longer_comments_cost_proportionally_more(unit: str, fmt: str) -> None:
    export = EXPORTS[fmt]
    small, large = _comments(4, 500, unit), _comments(4, 500 * GROWTH, unit)
    ratio = _ratio(lambda: export(REVIEW, large, {}), lambda: export(REVIEW, small, {}))
    assert ratio < MAX_RATIO, f"{fmt} of {unit!r}: {ratio:.0f}x the time for {GROWTH}x longer comments"


@pytest.mark.parametrize("unit", [*HOSTILE, "http://", "||http://a.b||"])
def test_the_html_of_a_hostile_review_body_grows_linearly(unit: str) -> None:
    """The HTML export renders the review itself too: up to 40,000 characters of anyone's Markdown."""
    small, large = (unit * (2_500 // len(unit) + 1))[:2_500], (unit * (40_000 // len(unit) + 1))[:40_000]
    ratio = _ratio(lambda: to_html(large), lambda: to_html(small))
    assert ratio < 16 * 4, f"{unit!r}: {ratio:.0f}x the time for 16x the text"  # quadratic would be 256
