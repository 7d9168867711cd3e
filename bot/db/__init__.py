"""The store: the only package that speaks SQL. Every method returns dataclasses, never rows."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from bot.db.comments import CommentStore
from bot.db.database import Database, DatabaseError
from bot.db.feeds import FeedStore
from bot.db.films import FilmStore
from bot.db.guilds import GuildStore
from bot.db.meta import MetaStore
from bot.db.reminders import ReminderStore
from bot.db.reviews import ReviewStore
from bot.db.settings import SETTINGS_CHANNEL, SettingsStore
from bot.db.title_index import TitleIndexStore
from bot.db.tmdb import TmdbStore
from bot.db.tmdb_titles import TmdbTitleStore

__all__ = ["Database", "DatabaseError", "Store"]


class Store:
    """One open database with a store object per aggregate."""

    def __init__(self, db: Database, *, title_index: Path | None = None) -> None:
        self.db = db
        self.meta = MetaStore(db)
        self.settings = SettingsStore(db)
        self.reviews = ReviewStore(db)
        self.comments = CommentStore(db)
        self.films = FilmStore(db)
        self.reminders = ReminderStore(db)
        self.guilds = GuildStore(db)
        self.tmdb_titles = TmdbTitleStore(db)
        self.tmdb = TmdbStore(db, self.films, self.tmdb_titles)
        self.feeds = FeedStore(db)
        self.title_index = TitleIndexStore(db, title_index)

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, path: Path | str, *, migrate: bool = True,
                   title_index: Path | None = None) -> AsyncIterator[Store]:
        """Open the store at *path* (a SQLite file or a PostgreSQL URL). *title_index* is the file of the
        shared catalogue's title index: by default beside a SQLite file, none for PostgreSQL."""
        async with Database.open(path, migrate=migrate) as db:
            store = cls(db, title_index=title_index)
            await db.listen(SETTINGS_CHANNEL, store.settings.forget)
            try:
                yield store
            finally:
                store.title_index.close()

    async def close(self) -> None:
        self.title_index.close()
        await self.db.close()
