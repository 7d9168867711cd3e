"""TMDB's list of every film id and title (migration 0014), loaded by ``reviewbot films import-tmdb-ids``.

Why: with it, autocomplete and title matching know about a million films without asking TMDB; the
film's details (dates, providers) are fetched from TMDB when it is first chosen, as for a search hit.

Loading is a batch job over about a million lines a day, so it is written for that: rows go in
batches of :data:`BATCH` per transaction (so a running bot's writes wait briefly, never for the whole
file), a re-run updates what changed and adds what is new (no duplicates; ids gone from the list are
kept), and on SQLite each batch also brings the shared title index (migration 0012) up to date in the
same transaction, in a worker thread with a connection of its own, the listed titles' own title
index (tables ``listed_*``, apart from the shared catalogue's so that the store's films are always
searched first): only titles that are new or renamed are indexed again, so a daily re-run of an
unchanged list writes almost nothing there. A title whose film is already stored (a shared film with
that TMDB id) is not indexed: the film is, and one stored later leaves it (:meth:`TmdbTitleStore.hide`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.db._util import to_text, utcnow
from bot.db.database import Database
from bot.db.films import VERSION_KEY
from bot.db.title_index import _add, _chunks, _marks, _remove, _writing, listed_tables
from bot.domain.tmdb import ListedTitle

log = logging.getLogger(__name__)

__all__ = ["BATCH", "ListedBatch", "TmdbTitleStore"]

#: Lines per transaction: large enough that a million take few transactions, small enough that a
#: running bot's own writes never wait long behind one.
BATCH = 50_000


@dataclass(frozen=True)
class ListedBatch:
    """What one batch changed: titles new to the list, titles renamed, and titles (re)indexed."""

    added: int
    renamed: int
    indexed: int


class TmdbTitleStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT count(*) FROM tmdb_titles")
        return int(row[0])

    async def get(self, tmdb_id: int) -> ListedTitle | None:
        row = await self.db.fetchone("SELECT tmdb_id, title, popularity FROM tmdb_titles WHERE tmdb_id = ?",
                                     (tmdb_id,))
        return None if row is None else ListedTitle(int(row[0]), row[1], float(row[2]))

    async def load(self, titles: Sequence[ListedTitle]) -> ListedBatch:
        """Add or update one batch of the list (one transaction): see the module's docstring."""
        if not titles:
            return ListedBatch(0, 0, 0)
        unique = list({t.tmdb_id: t for t in titles}.values())  # a repeated id: its last line wins
        if self.db.dialect == "sqlite" and isinstance(self.db.path, Path):
            return await asyncio.to_thread(_load_sqlite, self.db.path, unique)
        return await self._load_generic(unique)

    async def _load_generic(self, titles: list[ListedTitle]) -> ListedBatch:
        """PostgreSQL (and an in-memory SQLite): the rows only; no stored title index to keep."""
        old = await self._titles_of([t.tmdb_id for t in titles])
        now = to_text(utcnow())
        async with self.db.transaction() as conn:
            await conn.executemany(_UPSERT, [(t.tmdb_id, t.title, t.popularity, now) for t in titles])
        return ListedBatch(sum(1 for t in titles if t.tmdb_id not in old),
                           sum(1 for t in titles if t.tmdb_id in old and old[t.tmdb_id] != t.title), 0)

    async def _titles_of(self, ids: list[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for chunk in _chunks(ids):
            rows = await self.db.fetchall(
                f"SELECT tmdb_id, title FROM tmdb_titles WHERE tmdb_id IN ({_marks(len(chunk))})", tuple(chunk))
            found.update((int(row[0]), row[1]) for row in rows)
        return found

    async def hide(self, tmdb_id: int) -> None:
        """The listed title's film is stored now: take the title out of the listed index (the film answers)."""
        if self.db.dialect == "sqlite" and isinstance(self.db.path, Path):
            await asyncio.to_thread(_hide_sqlite, self.db.path, tmdb_id)
            await self.finish()

    async def finish(self) -> None:
        """After a load: tell running bots (they compare the catalogue's version) to drop what they remember."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key)"
                " DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)", (VERSION_KEY,))


_UPSERT = (
    "INSERT INTO tmdb_titles (tmdb_id, title, popularity, listed_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (tmdb_id) DO UPDATE SET title = excluded.title, popularity = excluded.popularity,"
    " listed_at = excluded.listed_at"
)


def _load_sqlite(path: Path, titles: list[ListedTitle]) -> ListedBatch:
    ids = [t.tmdb_id for t in titles]
    with _writing(path) as conn:
        old: dict[int, str] = {}
        stored: set[int] = set()
        for chunk in _chunks(ids):
            marks = _marks(len(chunk))
            old.update(conn.execute(f"SELECT tmdb_id, title FROM tmdb_titles WHERE tmdb_id IN ({marks})",
                                    tuple(chunk)).fetchall())
            stored.update(row[0] for row in conn.execute(
                f"SELECT tmdb_id FROM films WHERE guild_id IS NULL AND tmdb_id IN ({marks})", tuple(chunk)))
        now = to_text(utcnow())
        conn.executemany(_UPSERT, [(t.tmdb_id, t.title, t.popularity, now) for t in titles])
        changed = [t for t in titles if old.get(t.tmdb_id) != t.title]
        renamed = [t.tmdb_id for t in changed if t.tmdb_id in old]
        index = listed_tables(conn)
        _remove(index, renamed)
        fresh = [(t.tmdb_id, t.title, None, ()) for t in changed if t.tmdb_id not in stored]
        _add(index, fresh)
        indexed = len(fresh)
    return ListedBatch(len(changed) - len(renamed), len(renamed), indexed)


def _hide_sqlite(path: Path, tmdb_id: int) -> None:
    with _writing(path) as conn:
        _remove(listed_tables(conn), [tmdb_id])
