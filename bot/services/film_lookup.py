"""Any film TMDB knows, on demand: search, details, into the store; and kept fresh in the background.

The store answers first, always. TMDB is asked only for a film the store does not have, and what it
says is stored, so the second ask needs no request. Asking is bounded: a search result is cached, one
search per query is in flight however many members ask at once, and autocomplete waits for TMDB only
as long as Discord's deadline allows (it answers with what is known when TMDB is slow).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.db import Store
from bot.domain.models import Film
from bot.domain.titles import title_key as normalise_title
from bot.domain.tmdb import SearchHit
from bot.services.tmdb import TmdbClient, TmdbError, TmdbRefused

log = logging.getLogger(__name__)

SEARCH_CACHE_SIZE = 2_000
SEARCH_CACHE_SECONDS = 3_600.0
#: Exact-title hits fetched in full for one look-up: enough to tell "Dune" (1984) from "Dune" (2021).
MAX_FETCHED = 3
#: How long autocomplete waits for TMDB (Discord allows 3 s for the whole answer).
AUTOCOMPLETE_WAIT = 1.2
#: TMDB films refreshed per round of the background task, and how long it rests between rounds.
REFRESH_BATCH = 50


@dataclass(frozen=True)
class LookupResult:
    """Film ids now in the store for a title, best first; ``asked`` says whether TMDB was asked."""

    film_ids: tuple[int, ...]
    asked: bool
    problem: str | None = None  # why TMDB could not be asked, in words


class FilmLookup:
    def __init__(self, store: Store, client: TmdbClient | None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.client = client
        self._clock = clock
        self._searches: OrderedDict[tuple[str, int | None], tuple[float, list[SearchHit]]] = OrderedDict()
        self._in_flight: dict[object, asyncio.Task] = {}
        self._typing: dict[int, asyncio.Task[list[SearchHit]]] = {}

    @property
    def enabled(self) -> bool:
        return self.client is not None and not self.client.refused

    async def close(self) -> None:
        for task in list(self._in_flight.values()) + list(self._typing.values()):
            task.cancel()
        if self.client is not None:
            await self.client.close()

    # -- searching -----------------------------------------------------------------------------------

    def cached(self, query: str, year: int | None = None) -> list[SearchHit] | None:
        key = (normalise_title(query), year)
        found = self._searches.get(key)
        if found is None or self._clock() - found[0] > SEARCH_CACHE_SECONDS:
            return None
        self._searches.move_to_end(key)
        return found[1]

    async def search(self, query: str, year: int | None = None) -> list[SearchHit]:
        """TMDB's hits for *query* (cached; one request in flight per query whoever asks)."""
        hits = self.cached(query, year)
        if hits is not None:
            return hits
        if self.client is None:
            return []
        key = (normalise_title(query), year)
        hits = await self._single_flight(("search", key), lambda: self.client.search(query, year=year))
        self._searches[key] = (self._clock(), hits)
        while len(self._searches) > SEARCH_CACHE_SIZE:
            self._searches.popitem(last=False)
        return hits

    async def _single_flight(self, key: object, start: Callable[[], Awaitable]) -> object:
        task = self._in_flight.get(key)
        if task is None:
            task = asyncio.ensure_future(start())
            self._in_flight[key] = task
            task.add_done_callback(lambda _t, key=key: self._in_flight.pop(key, None))
        return await asyncio.shield(task)

    async def suggest(self, member_id: int, query: str, *, wait: float = AUTOCOMPLETE_WAIT) -> list[SearchHit]:
        """TMDB's hits for a member typing *query*, within *wait* seconds, one search per burst of keys.

        While a member's search is in flight, their next keystrokes start no other: they get what is
        cached (for this query or the one in flight) and the next keystroke after it lands searches
        again. A slow TMDB costs the member at most *wait*; the search finishes into the cache anyway.
        """
        if not self.enabled or len(normalise_title(query)) < 2:
            return []
        cached = self.cached(query)
        if cached is not None:
            return cached
        running = self._typing.get(member_id)
        if running is not None and not running.done():
            return []  # the member's earlier keystroke is still being answered
        task = asyncio.ensure_future(self.search(query))
        self._typing[member_id] = task
        task.add_done_callback(lambda t: t.exception() if not t.cancelled() else None)  # consumed, never raised
        try:
            return await asyncio.wait_for(asyncio.shield(task), wait)
        except (TimeoutError, TmdbError):
            return []

    # -- looking a film up ----------------------------------------------------------------------------

    async def look_up(self, title: str, year: int | None = None) -> LookupResult:
        """Ask TMDB for a film the store lacks; store what it finds; return the stored film ids."""
        if not self.enabled:
            return LookupResult((), False, None if self.client is None else "TMDB refused the configured key")
        try:
            hits = await self.search(title, year)
        except TmdbRefused:
            log.error("TMDB refused the configured key; answering from the store only until restarted")
            return LookupResult((), True, "TMDB refused the configured key")
        except TmdbError as exc:
            return LookupResult((), True, str(exc))
        chosen = pick(hits, title, year)
        film_ids: list[int] = []
        for hit in chosen:
            try:
                film_id = await self.fetch(hit.tmdb_id)
            except TmdbError as exc:
                return LookupResult(tuple(film_ids), True, str(exc))
            if film_id is not None:
                film_ids.append(film_id)
        return LookupResult(tuple(film_ids), True)

    async def fetch(self, tmdb_id: int) -> int | None:
        """One film's details into the store (once, whoever asks); its film id, or None if TMDB lacks it."""
        saved = await self.store.tmdb.film_for(tmdb_id)
        if saved is not None:
            return saved.film_id

        async def run() -> int | None:
            assert self.client is not None
            movie = await self.client.details(tmdb_id)
            if movie is None:
                return None
            film_id = await self.store.tmdb.save(movie)
            if film_id is None:  # the store had this film already, from elsewhere: that one answers
                local = await self.store.films.known(movie.film.title, movie.film.year, None, tmdb_id=tmdb_id)
                return local.id if local is not None else None
            return film_id

        return await self._single_flight(("details", tmdb_id), run)  # type: ignore[return-value]

    # -- freshness --------------------------------------------------------------------------------------

    async def refresh_due(self, now: dt.datetime | None = None, *, limit: int = REFRESH_BATCH) -> list[int]:
        """Fetch again the TMDB films whose turn it is; return the film ids whose releases changed."""
        if not self.enabled:
            return []
        now = now or dt.datetime.now(dt.UTC)
        return await self._refresh(await self.store.tmdb.due(now, limit=limit))

    async def refresh_changed(self, today: dt.date | None = None) -> list[int]:
        """Read TMDB's changes of the last day and refresh the stored films among them early."""
        if not self.enabled:
            return []
        assert self.client is not None
        today = today or dt.date.today()
        changed = await self.client.changes(today - dt.timedelta(days=1), today)
        ours = [tmdb_id for tmdb_id in changed if await self.store.tmdb.film_for(tmdb_id) is not None]
        return await self._refresh(ours)

    async def _refresh(self, tmdb_ids: list[int]) -> list[int]:
        assert self.client is not None
        moved: list[int] = []
        for tmdb_id in tmdb_ids:
            saved = await self.store.tmdb.film_for(tmdb_id)
            if saved is None:
                continue
            before = await self.store.films.get(saved.film_id, None)
            try:
                movie = await self.client.details(tmdb_id)
            except TmdbError as exc:
                log.warning("Could not refresh TMDB film %s: %s", tmdb_id, exc)
                break  # TMDB is unwell: the rest wait for the next round
            if movie is None:
                await self.store.tmdb.touch(tmdb_id)  # gone from TMDB: kept as it was, not asked daily
                continue
            await self.store.tmdb.save(movie)
            after = await self.store.films.get(saved.film_id, None)
            if before is None or after is None or set(before.releases) != set(after.releases):
                moved.append(saved.film_id)
        return moved


def pick(hits: list[SearchHit], title: str, year: int | None) -> list[SearchHit]:
    """The hits that are this film: the exact title (or original title), of *year* when given.

    Never a near miss: a member asking about "Heat" must not be told the dates of "Heatwave".
    """
    wanted = normalise_title(title)
    exact = [h for h in hits if wanted in (normalise_title(h.title), normalise_title(h.original_title or ""))]
    if year is not None:
        exact = [h for h in exact if h.year == year]
    exact.sort(key=lambda h: -h.popularity)
    return exact[:MAX_FETCHED]


def film_label(film: Film) -> str:
    return f"{film.title} ({film.year})" if film.year else film.title
