"""One film, one entry: matching films across the shared and per-server scopes, and folding copies.

A film is known when its TMDB id matches, else when its title (case-folded) and year match. The
shared catalogue comes first: a server never gets a copy of a shared film, only its own dates for it
(release rows with the server's ``guild_id`` on the shared film), and a server's copy made before the
shared catalogue had the film is folded into the shared one. Without this, two entries with the same
title and year make the title ambiguous, and a review published afterwards links to neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import aiosqlite

from bot.domain.models import PartialDate, Release, ReleaseType

#: (country, type)
Pair = tuple[str, int]
#: what makes a release row distinct: (country, type, date, certification, note)
ReleaseKey = tuple[str, int, str, str, str]

INSERT_RELEASE = (
    "INSERT INTO releases (film_id, guild_id, country, type, date, certification, note) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def title_key(title: str, year: int | None) -> tuple[str, int | None]:
    """Titles compare case-folded (SQLite's NOCASE folds ASCII only, so "AMÉLIE" would miss "Amélie")."""
    return title.casefold(), year


def release_key(release: Release) -> ReleaseKey:
    return (release.country, int(release.type), release.date.iso(), release.certification or "",
            release.note or "")


@dataclass
class FilmKeys:
    """The match keys of one scope's films (the shared catalogue, or one server's own films)."""

    by_tmdb: dict[int, int] = field(default_factory=dict)
    by_title: dict[tuple[str, int | None], int] = field(default_factory=dict)
    ids: set[int] = field(default_factory=set)

    def add(self, film_id: int, title: str, year: int | None, tmdb_id: int | None) -> None:
        if tmdb_id is not None:
            self.by_tmdb[tmdb_id] = film_id
        self.by_title[title_key(title, year)] = film_id
        self.ids.add(film_id)

    def __contains__(self, film_id: object) -> bool:
        return film_id in self.ids


def match(title: str, year: int | None, tmdb_id: int | None, *scopes: FilmKeys) -> int | None:
    """The film these keys name, looking in *scopes* in order: TMDB id in any scope first, then title."""
    if tmdb_id is not None:
        for keys in scopes:
            if tmdb_id in keys.by_tmdb:
                return keys.by_tmdb[tmdb_id]
    key = title_key(title, year)
    for keys in scopes:
        if key in keys.by_title:
            return keys.by_title[key]
    return None


async def load_keys(conn: aiosqlite.Connection, guild_id: int | None) -> FilmKeys:
    keys = FilmKeys()
    async with conn.execute("SELECT id, title, year, tmdb_id FROM films WHERE guild_id IS ?", (guild_id,)) as cursor:
        async for row in cursor:
            keys.add(row["id"], row["title"], row["year"], row["tmdb_id"])
    return keys


def by_pair(releases: Iterable[Release]) -> dict[Pair, set[ReleaseKey]]:
    grouped: dict[Pair, set[ReleaseKey]] = {}
    for release in releases:
        grouped.setdefault((release.country, int(release.type)), set()).add(release_key(release))
    return grouped


def _row_release(row: aiosqlite.Row) -> Release:
    return Release(country=row["country"], type=ReleaseType(row["type"]), date=PartialDate.parse(row["date"]),
                   certification=row["certification"], note=row["note"])


def _effective(shared: dict[Pair, set[ReleaseKey]], own: dict[Pair, set[ReleaseKey]]) -> set[ReleaseKey]:
    """What the server sees: its own rows where it has any for a pair (none: hidden), else the shared."""
    seen: set[ReleaseKey] = set()
    for pair in shared.keys() | own.keys():
        seen |= own[pair] if pair in own else shared[pair]
    return seen


async def set_server_dates(
    conn: aiosqlite.Connection, film_id: int, guild_id: int, incoming: dict[Pair, set[ReleaseKey]]
) -> tuple[bool, int, int]:
    """Make *incoming* this server's dates for the (country, type) pairs it names, on a shared film.

    Other pairs keep what the server had. A pair whose dates equal the shared ones needs no override
    and gets none, so later corrections to the shared catalogue still reach the server. Returns
    (whether the server's view changed, releases added, releases removed) as the server sees them.
    """
    shared: dict[Pair, set[ReleaseKey]] = {}
    own: dict[Pair, set[ReleaseKey]] = {}
    async with conn.execute(
        "SELECT * FROM releases WHERE film_id = ? AND (guild_id IS NULL OR guild_id = ?)", (film_id, guild_id)
    ) as cursor:
        for row in await cursor.fetchall():
            scope = own if row["guild_id"] is not None else shared
            found = scope.setdefault((row["country"], row["type"]), set())
            if row["date"] is not None:  # a server row with no date hides the shared ones
                found.add(release_key(_row_release(row)))
    wanted = {**own, **incoming}
    wanted = {pair: keys for pair, keys in wanted.items() if keys != shared.get(pair, set())}
    if wanted != own:
        await conn.execute("DELETE FROM releases WHERE film_id = ? AND guild_id = ?", (film_id, guild_id))
        rows = []
        for (country, type_), keys in sorted(wanted.items()):
            if not keys:
                rows.append((film_id, guild_id, country, type_, None, None, None))
            rows.extend((film_id, guild_id, *key[:3], key[3] or None, key[4] or None) for key in sorted(keys))
        await conn.executemany(INSERT_RELEASE, rows)
    before, after = _effective(shared, own), _effective(shared, wanted)
    return before != after, len(after - before), len(before - after)


async def fold_copies(conn: aiosqlite.Connection, shared: FilmKeys, guild_id: int | None = None) -> int:
    """Fold servers' own films that the shared catalogue also has into the shared film; return how many.

    Only *guild_id*'s films when given, else every server's. A copy's dates become that server's own
    dates on the shared film, and its reviews and reminders follow it; its details give way to the
    shared ones.
    """
    sql = "SELECT id, guild_id, title, year, tmdb_id FROM films WHERE "
    sql += "guild_id = ?" if guild_id is not None else "guild_id IS NOT NULL"
    async with conn.execute(sql, (guild_id,) if guild_id is not None else ()) as cursor:
        copies = [
            (row["id"], row["guild_id"], target)
            for row in await cursor.fetchall()
            if (target := match(row["title"], row["year"], row["tmdb_id"], shared)) is not None
        ]
    for copy_id, copy_guild, target in copies:
        async with conn.execute("SELECT * FROM releases WHERE film_id = ? AND date IS NOT NULL", (copy_id,)) as cur:
            dates = by_pair(_row_release(row) for row in await cur.fetchall())
        await set_server_dates(conn, target, copy_guild, dates)
        await conn.execute("UPDATE reviews SET film_id = ? WHERE film_id = ?", (target, copy_id))
        await conn.execute("UPDATE reminders SET film_id = ? WHERE film_id = ?", (target, copy_id))
        await conn.execute("DELETE FROM films WHERE id = ?", (copy_id,))
    return len(copies)
