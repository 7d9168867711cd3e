"""Discord's REST rate limits, for the loopback server: the global limit and per-route buckets.

Off by default, so the test suite stays fast; benchmarks and the tests about rate limits turn it on
(``LoopbackDiscord(rate_limits=True)``, or ``REVIEWBOT_SANDBOX_RATE_LIMITS=1`` for a whole run).

What Discord documents (https://discord.com/developers/docs/topics/rate-limits), and what is kept here:

- **Global**: 50 requests a second per bot token. Interaction answers and webhooks called by token
  carry no bot token and are not held to it (Discord exempts interaction endpoints).
- **Per route**: each route has a bucket, named by ``X-RateLimit-Bucket``; its count is kept per top-level
  resource in the path (the *major parameter*: ``channel_id``, ``guild_id``, ``webhook_id`` + token),
  so exhausting ``/channels/1/messages`` leaves ``/channels/2/messages`` alone.
- Every answer of a limited route carries ``X-RateLimit-Limit``, ``-Remaining``, ``-Reset`` (epoch
  seconds), ``-Reset-After`` (seconds) and ``-Bucket``. A 429 adds ``X-RateLimit-Scope`` (``user`` for a
  route's bucket, ``global``), ``Retry-After`` (whole seconds, rounded up) and, when global,
  ``X-RateLimit-Global: true``; its body is ``{"message": "You are being rate limited.", "retry_after":
  seconds, "global": bool}``. A global 429 carries only the global headers, as in Discord's example.

Discord does not publish each route's numbers and says they change; the ones in :data:`ROUTE_LIMITS`
are of the size Discord's headers have shown (5 messages per 5 s in a channel, one reaction per 0.25 s),
and everything else shares a generous default. Tests can pass their own :class:`RateLimits`.
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

#: the environment variable that turns the limits on for every LoopbackDiscord of a run
ENV_SWITCH = "REVIEWBOT_SANDBOX_RATE_LIMITS"
GLOBAL_PER_SECOND = 50
RATE_LIMITED = "You are being rate limited."
#: path parameters that make a bucket's count separate, in the order Discord takes them
MAJOR_PARAMETERS = ("channel_id", "guild_id", "webhook_id")


@dataclass(frozen=True)
class Limit:
    """*limit* requests per window of *per* seconds, the window starting at the first request in it."""

    limit: int
    per: float


#: "METHOD template" → its limit. Routes not named here use :attr:`RateLimits.default`.
ROUTE_LIMITS: dict[str, Limit] = {
    "POST /channels/{channel_id}/messages": Limit(5, 5.0),
    "PATCH /channels/{channel_id}/messages/{message_id}": Limit(5, 5.0),
    "DELETE /channels/{channel_id}/messages/{message_id}": Limit(5, 5.0),
    "PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me": Limit(1, 0.25),
    "DELETE /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me": Limit(1, 0.25),
    "PATCH /channels/{channel_id}": Limit(5, 10.0),
    "POST /webhooks/{webhook_id}/{token}": Limit(5, 2.0),
}


def env_enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class RateLimits:
    """The limits one server applies; :meth:`check` decides each request and gives its headers."""

    global_per_second: int = GLOBAL_PER_SECOND
    default: Limit = Limit(50, 1.0)
    routes: dict[str, Limit] = field(default_factory=lambda: dict(ROUTE_LIMITS))
    #: the clock windows are measured on (tests may pass their own)
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        #: token → when its last accepted requests were made (at most global_per_second of them)
        self._global: dict[str, deque[float]] = {}
        #: (token, bucket, major parameter) → [window start, requests in the window]
        self._windows: dict[tuple[str, str, str], list[float]] = {}

    def limit_of(self, method: str, template: str) -> Limit:
        return self.routes.get(f"{method} {template}", self.default)

    def check(self, token: str | None, method: str, template: str, params: dict[str, str]) -> Verdict:
        """Count one request; a refused one (429) is not counted against its route bucket."""
        now = self.clock()
        if token is not None:
            sent = self._global.setdefault(token, deque())
            while sent and sent[0] <= now - 1.0:
                sent.popleft()
            if len(sent) >= self.global_per_second:
                return Verdict.global_limit(sent[0] + 1.0 - now)
            sent.append(now)
        limit = self.limit_of(method, template)
        bucket = bucket_hash(method, template)
        key = (token or "", bucket, major_parameter(params))
        window = self._windows.get(key)
        if window is None or now >= window[0] + limit.per:
            window = self._windows[key] = [now, 0]
        reset_after = window[0] + limit.per - now
        if window[1] >= limit.limit:
            return Verdict.route_limit(limit, bucket, reset_after)
        window[1] += 1
        return Verdict(None, _bucket_headers(limit, int(limit.limit - window[1]), bucket, reset_after))


@dataclass(frozen=True)
class Verdict:
    """Whether a request may go through; *refused* is the 429 body when it may not."""

    refused: dict[str, object] | None
    headers: dict[str, str]

    @property
    def scope(self) -> str | None:
        return self.headers.get("X-RateLimit-Scope")

    @classmethod
    def global_limit(cls, retry_after: float) -> Verdict:
        retry_after = max(retry_after, 0.001)
        headers = {"Retry-After": str(math.ceil(retry_after)), "X-RateLimit-Global": "true",
                   "X-RateLimit-Scope": "global"}
        return cls(_body(retry_after, is_global=True), headers)

    @classmethod
    def route_limit(cls, limit: Limit, bucket: str, reset_after: float) -> Verdict:
        reset_after = max(reset_after, 0.001)
        headers = _bucket_headers(limit, 0, bucket, reset_after)
        headers.update({"Retry-After": str(math.ceil(reset_after)), "X-RateLimit-Scope": "user"})
        return cls(_body(reset_after, is_global=False), headers)


def _body(retry_after: float, *, is_global: bool) -> dict[str, object]:
    return {"message": RATE_LIMITED, "retry_after": round(retry_after, 3), "global": is_global}


def _bucket_headers(limit: Limit, remaining: int, bucket: str, reset_after: float) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit.limit),
        "X-RateLimit-Remaining": str(max(0, remaining)),
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Bucket": bucket,
    }


def bucket_hash(method: str, template: str) -> str:
    """A stable opaque name per route, as Discord's bucket hashes are (they never include the major parameter)."""
    return hashlib.blake2s(f"{method} {template}".encode(), digest_size=8).hexdigest()


def major_parameter(params: dict[str, str]) -> str:
    """The top-level resource a bucket is counted for: a channel, a guild, or a webhook with its token."""
    for name in MAJOR_PARAMETERS:
        if name in params:
            value = params[name]
            if name == "webhook_id" and "token" in params:
                value += "/" + params["token"]
            return f"{name}={value}"
    if "interaction_id" in params:
        return f"interaction={params['interaction_id']}/{params.get('token', '')}"
    return ""
