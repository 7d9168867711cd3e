"""The mention rate limit: five in a window, one warning when over, then silence until it frees."""

from __future__ import annotations

import pytest

from bot.domain.rate_limit import RateLimit, Verdict


def test_under_the_limit_everything_is_allowed_then_one_warning_then_silence() -> None:
    limit = RateLimit(3, 60.0)
    verdicts = [limit.hit("ann", now) for now in (0, 1, 2, 3, 4, 5)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN] + [Verdict.SILENT] * 2


def test_the_window_slides_and_a_new_flood_is_warned_about_again() -> None:
    limit = RateLimit(2, 10.0)
    assert [limit.hit("ann", t) for t in (0, 1, 2)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]
    assert limit.retry_after("ann", 2) == pytest.approx(8.0)
    assert limit.hit("ann", 10.5) is Verdict.ALLOW  # the first event left the window
    assert limit.hit("ann", 10.6) is Verdict.WARN  # over again: told again, once
    assert limit.hit("ann", 10.7) is Verdict.SILENT


def test_members_are_limited_apart() -> None:
    limit = RateLimit(1, 60.0)
    assert limit.hit("ann", 0) is Verdict.ALLOW
    assert limit.hit("ben", 0) is Verdict.ALLOW
    assert limit.hit("ann", 1) is Verdict.WARN


def test_idle_members_are_forgotten_so_the_table_stays_bounded() -> None:
    limit = RateLimit(1, 5.0, max_keys=100)
    for n in range(1000):
        limit.hit(n, float(n))
    assert len(limit._events) <= 100
