"""Films that came from TMDB: what became of each TMDB id, when it was fetched, where it can be watched.

TMDB's film goes into the shared catalogue through the same import as any other film (so the title
index, change log and reminders see it like the rest); this module keeps what only TMDB films have.
A film that was in the store before TMDB was asked about it is left as it is: local data wins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.db._util import from_text, to_text, utcnow
from bot.db.database import Database
from bot.db.films import FilmStore
from bot.db.tmdb_titles import TmdbTitleStore
from bot.domain.tmdb import OFFER_KINDS, CountryOffers, TmdbMovie, WatchOffer

__all__ = ["SavedTmdbFilm", "TmdbStore"]


@dataclass(frozen=True)
class SavedTmdbFilm:
    film_id: int
    tmdb_id: int
    fetched_at: dt.datetime


class TmdbStore:
    def __init__(self, db: Database, films: FilmStore, listed: TmdbTitleStore | None = None) -> None:
        self.db = db
        self.films = films
        self.listed = listed

    async def film_for(self, tmdb_id: int) -> SavedTmdbFilm | None:
        row = await self.db.fetchone("SELECT * FROM tmdb_films WHERE tmdb_id = ?", (tmdb_id,))
        return None if row is None else SavedTmdbFilm(row["film_id"], row["tmdb_id"], from_text(row["fetched_at"]))

    async def save(self, movie: TmdbMovie) -> int | None:
        """Store TMDB's film in the shared catalogue (or refresh it); return its film id.

        None when the store already had this film from elsewhere (the shipped data, an operator's
        import): that film is kept as it is and only its id is worth knowing, see :meth:`local_match`.
        """
        tmdb_id = movie.film.tmdb_id
        assert tmdb_id is not None
        known = await self.film_for(tmdb_id)
        if known is None and await self.films.known(movie.film.title, movie.film.year, None, tmdb_id=tmdb_id):
            return None
        await self.films.import_films([movie.film])
        row = await self.db.fetchone("SELECT id FROM films WHERE guild_id IS NULL AND tmdb_id = ?", (tmdb_id,))
        if row is None:
            return None
        film = int(row[0])
        rows = [(film, country, offer.kind, offer.provider, offer.priority)
                for country, listing in movie.offers.items() for offer in listing.offers]
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM film_offers WHERE film_id = ?", (film,))
            await conn.executemany(
                "INSERT OR IGNORE INTO film_offers (film_id, country, kind, provider, priority) VALUES (?, ?, ?, ?, ?)",
                rows)
            await conn.execute(
                "INSERT INTO tmdb_films (film_id, tmdb_id, fetched_at) VALUES (?, ?, ?)"
                " ON CONFLICT (film_id) DO UPDATE SET fetched_at = excluded.fetched_at",
                (film, tmdb_id, to_text(utcnow())))
        if known is None and self.listed is not None:
            await self.listed.hide(tmdb_id)  # a stored film now: it answers, not its listed title
        return film

    async def knows(self, film_id: int) -> bool:
        """Whether this film came from TMDB (so its data is TMDB's, and shown with TMDB's attribution)."""
        return await self.db.fetchone("SELECT 1 FROM tmdb_films WHERE film_id = ?", (film_id,)) is not None

    async def offers(self, film_id: int, country: str) -> CountryOffers | None:
        """Where the film can be watched in *country*; None when TMDB was never asked about this film."""
        if await self.db.fetchone("SELECT 1 FROM tmdb_films WHERE film_id = ?", (film_id,)) is None:
            return None
        rows = await self.db.fetchall(
            "SELECT kind, provider, priority FROM film_offers WHERE film_id = ? AND country = ?"
            " ORDER BY priority, provider", (film_id, country.upper()))
        order = {kind: n for n, kind in enumerate(OFFER_KINDS)}
        offers = sorted((WatchOffer(row["provider"], row["kind"], row["priority"]) for row in rows),
                        key=lambda o: (order.get(o.kind, 99), o.priority))
        return CountryOffers(country.upper(), tuple(offers))

    async def due(self, now: dt.datetime, *, limit: int = 100, near_days: int = 120) -> list[int]:
        """TMDB ids to fetch again, stalest first: daily for films with a release within *near_days*
        of today, monthly for the rest (TMDB's terms allow six months at most; monthly keeps well inside)."""
        day_ago, month_ago = to_text(now - dt.timedelta(days=1)), to_text(now - dt.timedelta(days=30))
        low = (now - dt.timedelta(days=near_days)).date().isoformat()
        high = (now + dt.timedelta(days=near_days)).date().isoformat()
        rows = await self.db.fetchall(
            "SELECT t.tmdb_id, t.fetched_at FROM tmdb_films AS t WHERE t.fetched_at < ?"
            " OR (t.fetched_at < ? AND EXISTS (SELECT 1 FROM releases AS r WHERE r.film_id = t.film_id"
            " AND r.guild_id IS NULL AND r.date >= ? AND r.date <= ?))"
            " ORDER BY t.fetched_at LIMIT ?",
            (month_ago, day_ago, low, high, limit))
        return [row["tmdb_id"] for row in rows]

    async def touch(self, tmdb_id: int) -> None:
        """Asked again and TMDB no longer has it: keep what was stored, and wait a full round to ask again."""
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE tmdb_films SET fetched_at = ? WHERE tmdb_id = ?", (to_text(utcnow()), tmdb_id))

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT count(*) FROM tmdb_films")
        return int(row[0])
