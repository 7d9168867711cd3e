"""Talking to The Movie Database: paced, retried, timed out, and never with a secret in a log line.

One :class:`TmdbClient` per bot. Every request waits its turn under a limit below TMDB's (40 a
second), honours a 429's ``Retry-After``, retries 5xx answers and time-outs with back-off, and gives
up with :class:`TmdbUnavailable` so that the bot answers from its own store instead. A key TMDB
refuses (401) raises :class:`TmdbRefused` once and turns the client off: asking again would only be
refused again.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.domain.tmdb import SearchHit, TmdbMovie, TmdbShapeError, parse_changes, parse_details, parse_search

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.themoviedb.org/3"
#: Requests a second: under TMDB's own limit (about 40), shared by everything the bot asks.
REQUESTS_PER_SECOND = 35
REQUEST_TIMEOUT = 5.0
ATTEMPTS = 3
MAX_RETRY_AFTER = 10.0
#: Pages of /movie/changes read at most in one refresh (100 ids a page).
MAX_CHANGE_PAGES = 50


class TmdbError(Exception):
    """Asking TMDB did not work; the message says why in words (and never holds a secret)."""


class TmdbRefused(TmdbError):
    """TMDB refused the key or token (401): the client stays off until the bot is restarted."""


class TmdbUnavailable(TmdbError):
    """TMDB is slow, down, rate limiting past our patience, or sent something unreadable."""


@dataclass(frozen=True)
class TmdbCredentials:
    """A v3 API key (sent as ``api_key``) or a v4 read access token (sent as a Bearer token)."""

    api_key: str | None = None
    read_token: str | None = None

    def __repr__(self) -> str:  # never shows either secret
        return f"TmdbCredentials(kind={'v4 token' if self.read_token else 'v3 key'})"


class Pacer:
    """Requests spaced evenly at *rate* a second across every caller: never a burst that a second's
    window at TMDB (which sees arrival times, jitter and all) could count as over its limit."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)

    async def pause(self, seconds: float) -> None:
        """Everyone waits: TMDB said to (429 Retry-After)."""
        async with self._lock:
            self._next = max(self._next, time.monotonic() + seconds)


class TmdbClient:
    def __init__(self, credentials: TmdbCredentials, *, api_base: str = DEFAULT_API_BASE,
                 session: aiohttp.ClientSession | None = None, rate: float = REQUESTS_PER_SECOND,
                 timeout: float = REQUEST_TIMEOUT) -> None:
        self.credentials = credentials
        self.api_base = api_base.rstrip("/")
        self._session = session
        self._owns_session = session is None
        self.pacer = Pacer(rate)
        self.timeout = timeout
        self.refused = False
        self.requests = 0  # made, retries included: for the tests and the benchmarks

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
        self._session = None

    async def _get(self, path: str, params: dict[str, str]) -> Any:
        if self.refused:
            raise TmdbRefused("TMDB refused the configured key earlier")
        if self._session is None:
            self._session = aiohttp.ClientSession()
        query = dict(params)
        headers = {"Accept": "application/json"}
        if self.credentials.read_token:
            headers["Authorization"] = f"Bearer {self.credentials.read_token}"
        elif self.credentials.api_key:
            query["api_key"] = self.credentials.api_key
        delay = 0.5
        why = "no answer"
        for attempt in range(1, ATTEMPTS + 1):
            await self.pacer.wait()
            self.requests += 1
            try:
                async with self._session.get(f"{self.api_base}{path}", params=query, headers=headers,
                                             timeout=aiohttp.ClientTimeout(total=self.timeout)) as response:
                    if response.status == 200:
                        return await response.json(content_type=None)
                    if response.status == 401:
                        self.refused = True
                        raise TmdbRefused("TMDB refused the API key or read token (HTTP 401)")
                    if response.status == 404:
                        return None
                    if response.status == 429:
                        wait = _retry_after(response.headers.get("Retry-After"))
                        why = f"rate limited (retry after {wait:.1f} s)"
                        await self.pacer.pause(wait)
                        continue
                    why = f"HTTP {response.status}"
                    if response.status < 500:
                        raise TmdbUnavailable(f"TMDB answered {why} to {path}")
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                why = "timed out" if isinstance(exc, TimeoutError) else type(exc).__name__
            if attempt < ATTEMPTS:
                log.debug("TMDB %s: %s; retrying in %.1f s", path, why, delay)
                await asyncio.sleep(delay)
                delay *= 2
        raise TmdbUnavailable(f"TMDB did not answer {path}: {why}")

    async def search(self, query: str, *, year: int | None = None, page: int = 1) -> list[SearchHit]:
        params = {"query": query, "include_adult": "false", "page": str(page)}
        if year is not None:
            params["year"] = str(year)
        payload = await self._get("/search/movie", params)
        try:
            return parse_search(payload)[0] if payload is not None else []
        except TmdbShapeError as exc:
            raise TmdbUnavailable(f"TMDB's search answer was unreadable: {exc}") from None

    async def details(self, tmdb_id: int) -> TmdbMovie | None:
        payload = await self._get(f"/movie/{tmdb_id:d}", {"append_to_response": "release_dates,watch/providers"})
        if payload is None:
            return None
        try:
            return parse_details(payload)
        except TmdbShapeError as exc:
            raise TmdbUnavailable(f"TMDB's answer for film {tmdb_id} was unreadable: {exc}") from None

    async def changes(self, start: dt.date, end: dt.date) -> list[int]:
        """Ids of every film changed from *start* to *end* (TMDB allows up to 14 days)."""
        ids: list[int] = []
        page = pages = 1
        while page <= min(pages, MAX_CHANGE_PAGES):
            payload = await self._get("/movie/changes", {"start_date": start.isoformat(),
                                                         "end_date": end.isoformat(), "page": str(page)})
            if payload is None:
                break
            try:
                found, pages = parse_changes(payload)
            except TmdbShapeError as exc:
                raise TmdbUnavailable(f"TMDB's changes answer was unreadable: {exc}") from None
            ids.extend(found)
            page += 1
        return list(dict.fromkeys(ids))


def _retry_after(raw: str | None) -> float:
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(raw or 1)))
    except ValueError:
        return 1.0
