"""Film metadata and release dates.

Scopes: films with ``guild_id`` NULL are the shared catalogue; a guild's curators may add films of
their own and override the shared release rows of a (country, type) for their guild only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import aiosqlite

from bot.db._util import dumps, loads, to_text, utcnow
from bot.db.database import Database
from bot.db.film_scopes import (
    INSERT_RELEASE,
    FilmKeys,
    by_pair,
    fold_copies,
    load_keys,
    match,
    release_key,
    set_server_dates,
)
from bot.domain.models import Film, PartialDate, Release, ReleaseType


@dataclass(frozen=True)
class ImportReport:
    films_added: int = 0
    films_changed: int = 0
    films_unchanged: int = 0
    releases_added: int = 0
    releases_removed: int = 0
    #: servers' own copies of a film folded into the shared film that has it now
    copies_merged: int = 0
    #: shared films a server's import named with other details, which it may not change
    shared_details_kept: int = 0

    def summary(self) -> str:
        text = (
            f"{self.films_added} film(s) added, {self.films_changed} changed, {self.films_unchanged} unchanged; "
            f"{self.releases_added} release(s) added, {self.releases_removed} removed"
        )
        if self.copies_merged:
            text += f"; {self.copies_merged} server copy(ies) merged into the shared catalogue's film"
        if self.shared_details_kept:
            text += (f"; the shared catalogue's details of {self.shared_details_kept} film(s) were kept "
                     "(a server's import sets only its own dates for those)")
        return text


@dataclass(frozen=True)
class FilmTitle:
    """What the title index needs of a film."""

    film_id: int
    guild_id: int | None
    title: str
    year: int | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class FilmChange:
    """One entry of the film change log: the film as it now is, or None once it was deleted."""

    film_id: int
    title: FilmTitle | None


def _film_fields(film: Film) -> tuple:
    return (film.title, film.year, film.original_title, dumps(list(film.aliases)), film.director,
            dumps(list(film.cast)), film.runtime_minutes, film.tmdb_id, film.imdb_id)


class FilmStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # ----------------------------------------------------------------- reading
    async def get(self, film_id: int, guild_id: int | None) -> Film | None:
        """A film visible to *guild_id* (shared, or that guild's own), with its effective releases."""
        row = await self.db.fetchone(
            "SELECT * FROM films WHERE id = ? AND (guild_id IS NULL OR guild_id IS ?)", (film_id, guild_id)
        )
        if row is None:
            return None
        rows = await self.db.fetchall(
            "SELECT * FROM releases WHERE film_id = ? AND (guild_id IS NULL OR guild_id IS ?)",
            (film_id, guild_id),
        )
        return _film(row, _effective_releases(rows))

    async def find(self, title: str, year: int | None, guild_id: int | None) -> Film | None:
        """The film visible to *guild_id* with this exact title (any case) and year, if there is one.

        With no year, a title shared by several films finds nothing: guessing would link the wrong film.
        """
        sql = (
            "SELECT id FROM films WHERE (guild_id IS NULL OR guild_id IS ?)"
            + self.db.sql(sqlite=" AND (title = ? COLLATE NOCASE OR original_title = ? COLLATE NOCASE)",
                          postgresql=" AND (lower(title) = lower(?) OR lower(original_title) = lower(?))")
        )
        params: tuple = (guild_id, title, title)
        if year is not None:
            sql += " AND year = ?"
            params += (year,)
        rows = await self.db.fetchall(sql + " ORDER BY guild_id IS NULL LIMIT 2", params)
        if len(rows) != 1:
            return None
        return await self.get(rows[0]["id"], guild_id)

    async def known(self, title: str, year: int | None, guild_id: int | None, *, tmdb_id: int | None = None
                    ) -> Film | None:
        """The film an import of this title, year and TMDB id into *guild_id*'s scope would update.

        The same rule as :meth:`import_films` (shared catalogue first, titles case-folded), so that
        a command that must not update a film (``/film add``) can refuse exactly what an import
        would have matched.
        """
        rows = await self.db.fetchall(
            "SELECT id, guild_id, title, year, tmdb_id FROM films WHERE (guild_id IS NULL OR guild_id IS ?)"
            " AND (year IS ? OR tmdb_id = ?)",
            (guild_id, year, tmdb_id),
        )
        shared, own = FilmKeys(), FilmKeys()
        for row in rows:
            (own if row["guild_id"] is not None else shared).add(row["id"], row["title"], row["year"], row["tmdb_id"])
        film_id = match(title, year, tmdb_id, shared, own)
        return None if film_id is None else await self.get(film_id, guild_id)

    async def titles(self, *, guild_id: int | None = None, own_only: bool = False) -> list[FilmTitle]:
        """Every film's title (or only the films of *guild_id*, or with *own_only* every server's own
        films: what stays in memory beside the shared catalogue's stored index)."""
        sql = "SELECT id, guild_id, title, year, aliases FROM films"
        params: tuple = ()
        if guild_id is not None:
            sql, params = sql + " WHERE guild_id = ?", (guild_id,)
        elif own_only:
            # snowflakes are positive; the scope index (an expression index, spelt per dialect) serves it
            sql += self.db.sql(sqlite=" WHERE ifnull(guild_id, 0) > 0", postgresql=" WHERE coalesce(guild_id, 0) > 0")
        rows = await self.db.fetchall(sql, params)
        return [
            FilmTitle(row["id"], row["guild_id"], row["title"], row["year"], tuple(loads(row["aliases"], [])))
            for row in rows
        ]

    async def change_mark(self) -> int:
        """The newest entry of the film change log (migration 0008): read it *before* :meth:`titles`,
        then :meth:`changes_since` it, so that nothing changed in between is missed."""
        row = await self.db.fetchone("SELECT coalesce(max(seq), 0) FROM film_changes")
        return int(row[0])

    async def changes_since(self, mark: int, *, limit: int = 5_000) -> tuple[int, list[FilmChange]]:
        """Films changed (added, edited or deleted, by any process) after *mark*, oldest first.

        Returns the mark to ask from next and at most *limit* changes; a deleted film comes back with
        ``title`` None. Why: the title index applies what changed instead of re-reading every film.
        """
        rows = await self.db.fetchall(
            "SELECT c.seq, c.film_id, f.id IS NOT NULL AS present, f.guild_id, f.title, f.year, f.aliases"
            " FROM film_changes c LEFT JOIN films f ON f.id = c.film_id"
            " WHERE c.seq > ? ORDER BY c.seq LIMIT ?",
            (mark, limit),
        )
        changes = [
            FilmChange(row["film_id"], FilmTitle(row["film_id"], row["guild_id"], row["title"], row["year"],
                                                 tuple(loads(row["aliases"], []))) if row["present"] else None)
            for row in rows
        ]
        return (rows[-1]["seq"] if rows else mark), changes

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT count(*) FROM films")
        return int(row[0])

    async def version(self) -> int:
        """A number that changes whenever any process changes films or releases (caches compare it)."""
        row = await self.db.fetchone("SELECT value FROM meta WHERE key = ?", (VERSION_KEY,))
        return 0 if row is None else int(row[0])

    # ----------------------------------------------------------------- writing
    async def import_films(
        self,
        films: Sequence[Film],
        *,
        guild_id: int | None = None,
        releases_only: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportReport:
        """Add or update *films* in one transaction (all or nothing).

        A film is the same film when its TMDB id matches, else when title (case-insensitively) and
        year match; the rules across scopes are in :mod:`bot.db.film_scopes`. Its releases in this
        scope are replaced by the imported ones. With *releases_only* (a CSV of release rows), an
        existing film keeps its other details and only the (country, type) pairs named in the import
        are replaced. A server's import (*guild_id*) of a film the shared catalogue has sets that
        server's own dates for the pairs it names, and changes nothing else of the shared film.
        """
        added = changed = unchanged = rel_added = rel_removed = merged = kept = 0
        async with self.db.transaction() as conn:
            shared = await load_keys(conn, None)
            own: FilmKeys | None = None
            if guild_id is not None:
                # Copies made before the shared catalogue had the film go first, or they would still match.
                merged += await fold_copies(conn, shared, guild_id)
                own = await load_keys(conn, guild_id)
            scopes = (shared,) if own is None else (shared, own)
            if self.db.dialect == "postgresql":
                # Ids are given here (max + 1): another process importing at once waits for this one.
                await conn.execute("SELECT pg_advisory_xact_lock(?)", (FILM_IMPORT_LOCK,))
            async with conn.execute("SELECT coalesce(max(id), 0) FROM films") as cursor:
                next_id = (await cursor.fetchone())[0] + 1
            now = to_text(utcnow())
            # New films are written in large batches with ids given here: one round trip to SQLite's
            # thread per batch instead of two per film (a million-film import went from minutes to seconds).
            new_films: list[tuple] = []
            new_releases: list[tuple] = []

            async def flush_new() -> None:
                if new_films:
                    await conn.executemany(
                        "INSERT INTO films (id, guild_id, title, year, original_title, aliases, director,"
                        " cast_members, runtime_minutes, tmdb_id, imdb_id, updated_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        new_films,
                    )
                    await conn.executemany(INSERT_RELEASE, new_releases)
                    new_films.clear()
                    new_releases.clear()

            for index, film in enumerate(films, 1):
                film_id = match(film.title, film.year, film.tmdb_id, *scopes)
                if film_id is None:
                    film_id, next_id = next_id, next_id + 1
                    new_films.append((film_id, guild_id, *_film_fields(film), now))
                    keys = {release_key(r) for r in film.releases}
                    new_releases.extend(_release_rows(film_id, guild_id, keys))
                    added += 1
                    rel_added += len(keys)
                    if len(new_films) >= 5_000:
                        await flush_new()
                else:
                    await flush_new()  # the film may be one added earlier in this same file
                    if own is not None and film_id in shared:
                        is_changed, plus, minus = await set_server_dates(conn, film_id, guild_id,
                                                                         by_pair(film.releases))
                        outcome = "changed" if is_changed else "unchanged"
                        kept += not releases_only and await _details_differ(conn, film_id, film)
                    else:
                        outcome, plus, minus = await _update_film(conn, film_id, guild_id, film, releases_only,
                                                                  now)
                    changed += outcome == "changed"
                    unchanged += outcome == "unchanged"
                    rel_added += plus
                    rel_removed += minus
                if own is None or film_id not in shared:
                    (own or shared).add(film_id, film.title, film.year, film.tmdb_id)
                if progress is not None and (index % 1000 == 0 or index == len(films)):
                    progress(index, len(films))
            await flush_new()
            if self.db.dialect == "postgresql" and added:
                # The ids were given here: the identity's own sequence must not hand them out again.
                await conn.execute("SELECT setval(pg_get_serial_sequence('films', 'id'), ?)", (next_id - 1,))
            if guild_id is None:
                # Films this import brought into the shared catalogue absorb servers' own copies of them.
                merged += await fold_copies(conn, shared)
            await _bump_version(conn)
        return ImportReport(added, changed, unchanged, rel_added, rel_removed, merged, kept)

    async def set_release(self, film_id: int, guild_id: int | None, release: Release) -> None:
        """Make *release* the only one of its (country, type) for the film, in this guild's scope."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "DELETE FROM releases WHERE film_id = ? AND guild_id IS ? AND country = ? AND type = ?",
                (film_id, guild_id, release.country, int(release.type)),
            )
            await conn.execute(
                "INSERT INTO releases (film_id, guild_id, country, type, date, certification, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (film_id, guild_id, release.country, int(release.type), release.date.iso(),
                 release.certification, release.note),
            )
            await conn.execute("UPDATE films SET updated_at = ? WHERE id = ?", (to_text(utcnow()), film_id))
            await _bump_version(conn)

    async def remove_release(self, film_id: int, guild_id: int | None, country: str, type_: ReleaseType) -> bool:
        """Remove the (country, type) releases as this guild sees them; False when there were none."""
        film = await self.get(film_id, guild_id)
        if film is None or not any(r.country == country and r.type == type_ for r in film.releases):
            return False
        async with self.db.transaction() as conn:
            await conn.execute(
                "DELETE FROM releases WHERE film_id = ? AND guild_id IS ? AND country = ? AND type = ?",
                (film_id, guild_id, country, int(type_)),
            )
            if guild_id is not None:
                async with conn.execute(
                    "SELECT 1 FROM releases WHERE film_id = ? AND guild_id IS NULL AND country = ? AND type = ?",
                    (film_id, country, int(type_)),
                ) as cursor:
                    shared = await cursor.fetchone()
                if shared is not None:  # hide the shared rows for this guild only
                    await conn.execute(
                        "INSERT INTO releases (film_id, guild_id, country, type, date) VALUES (?, ?, ?, ?, NULL)",
                        (film_id, guild_id, country, int(type_)),
                    )
            await _bump_version(conn)
        return True



VERSION_KEY = "catalogue_version"
#: PostgreSQL advisory lock held by a catalogue import, so two processes importing at once take turns.
FILM_IMPORT_LOCK = 0x52564649


async def _bump_version(conn: aiosqlite.Connection) -> None:
    await conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key)"
        " DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)",
        (VERSION_KEY,),
    )


def _release_rows(film_id: int, guild_id: int | None, keys: set[tuple]) -> list[tuple]:
    return [(film_id, guild_id, country, type_, date, cert or None, note or None)
            for country, type_, date, cert, note in sorted(keys)]


async def _details_differ(conn: aiosqlite.Connection, film_id: int, film: Film) -> bool:
    """Whether *film* describes the stored film otherwise than it is (a title's case aside)."""
    async with conn.execute("SELECT * FROM films WHERE id = ?", (film_id,)) as cursor:
        stored = _film_fields(_film(await cursor.fetchone(), ()))
    incoming = _film_fields(film)
    return (stored[0].casefold(), *stored[1:]) != (incoming[0].casefold(), *incoming[1:])


async def _update_film(
    conn: aiosqlite.Connection, film_id: int, guild_id: int | None, film: Film, releases_only: bool, now: str
) -> tuple[str, int, int]:
    """Bring a known film up to date; return ("changed" | "unchanged", releases added, releases removed)."""
    async with conn.execute("SELECT * FROM films WHERE id = ?", (film_id,)) as cursor:
        old = await cursor.fetchone()
    sql = "SELECT * FROM releases WHERE film_id = ? AND guild_id IS ?"
    async with conn.execute(sql, (film_id, guild_id)) as cursor:
        old_releases = {release_key(r) for r in _releases(await cursor.fetchall())}
    incoming = {release_key(r) for r in film.releases}
    if releases_only:  # keep the releases of (country, type) pairs the file does not name
        named = {(key[0], key[1]) for key in incoming}
        incoming |= {key for key in old_releases if (key[0], key[1]) not in named}
    outcome = "unchanged"
    if not releases_only and _film_fields(_film(old, ())) != _film_fields(film):
        await conn.execute(
            "UPDATE films SET title = ?, year = ?, original_title = ?, aliases = ?, director = ?,"
            " cast_members = ?, runtime_minutes = ?, tmdb_id = ?, imdb_id = ?, updated_at = ? WHERE id = ?",
            (*_film_fields(film), now, film_id),
        )
        outcome = "changed"
    if incoming != old_releases:
        await conn.execute("DELETE FROM releases WHERE film_id = ? AND guild_id IS ?", (film_id, guild_id))
        await conn.executemany(INSERT_RELEASE, _release_rows(film_id, guild_id, incoming))
        outcome = "changed"
    return outcome, len(incoming - old_releases), len(old_releases - incoming)


def _releases(rows: Iterable[aiosqlite.Row]) -> list[Release]:
    return [
        Release(
            country=row["country"],
            type=ReleaseType(row["type"]),
            date=PartialDate.parse(row["date"]),
            certification=row["certification"],
            note=row["note"],
        )
        for row in rows
        if row["date"] is not None
    ]


def _effective_releases(rows: Sequence[aiosqlite.Row]) -> tuple[Release, ...]:
    overridden = {(row["country"], row["type"]) for row in rows if row["guild_id"] is not None}
    chosen = [
        row for row in rows
        if row["guild_id"] is not None or (row["country"], row["type"]) not in overridden
    ]
    return tuple(sorted(_releases(chosen), key=lambda r: (r.date, r.country, r.type)))


def _film(row: aiosqlite.Row, releases: tuple[Release, ...]) -> Film:
    return Film(
        id=row["id"],
        title=row["title"],
        year=row["year"],
        original_title=row["original_title"],
        aliases=tuple(loads(row["aliases"], [])),
        director=row["director"],
        cast=tuple(loads(row["cast_members"], [])),
        runtime_minutes=row["runtime_minutes"],
        tmdb_id=row["tmdb_id"],
        imdb_id=row["imdb_id"],
        releases=releases,
    )
