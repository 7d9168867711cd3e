"""A sliding-window rate limit that says once when someone goes over it, then stays quiet.

For things the bot does unasked for whoever writes, such as answering a mention: the member over
the limit is told so once, and later messages in the same window get nothing, so a flood of
mentions costs one reply instead of one each. Time is passed in, so the logic is pure and testable.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Hashable

__all__ = ["RateLimit", "Verdict"]


class Verdict(enum.Enum):
    ALLOW = "allow"  #: under the limit: go ahead
    WARN = "warn"  #: the first message over the limit: say so
    SILENT = "silent"  #: still over the limit, and already told: do nothing


class RateLimit:
    """At most *rate* events per *per* seconds for each key; remembers at most *max_keys* keys."""

    def __init__(self, rate: int, per: float, *, max_keys: int = 10_000) -> None:
        if rate < 1 or per <= 0:
            raise ValueError("rate must be at least 1 and per positive")
        self.rate, self.per, self.max_keys = rate, per, max_keys
        self._events: dict[Hashable, deque[float]] = {}
        self._warned: dict[Hashable, float] = {}  # key -> when the window that warning was for ends

    def hit(self, key: Hashable, now: float) -> Verdict:
        """Count an event for *key* at *now* (seconds, monotonic), unless it is over the limit."""
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= self.max_keys:
                self._forget_idle(now)
            events = self._events[key] = deque()
        while events and now - events[0] >= self.per:
            events.popleft()
        if len(events) < self.rate:
            events.append(now)
            self._warned.pop(key, None)
            return Verdict.ALLOW
        if self._warned.get(key, 0.0) > now:
            return Verdict.SILENT
        self._warned[key] = events[0] + self.per
        return Verdict.WARN

    def retry_after(self, key: Hashable, now: float) -> float:
        """Seconds until *key* may have another event (0 when it may now)."""
        events = self._events.get(key)
        if not events or len(events) < self.rate:
            return 0.0
        return max(0.0, events[0] + self.per - now)

    def _forget_idle(self, now: float) -> None:
        """Drop keys whose every event has left the window, so strangers cannot grow the table forever."""
        for key in [k for k, events in self._events.items() if not events or now - events[-1] >= self.per]:
            del self._events[key]
            self._warned.pop(key, None)
