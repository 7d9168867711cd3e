"""Per-guild settings and per-member preferences."""

from __future__ import annotations

import aiosqlite

from bot.db.database import Database
from bot.domain.models import GuildSettings

_COLUMNS = ("review_channel_id", "reviewer_role_id", "answer_questions", "country", "blog_comments_to_discord")


def _settings(guild_id: int, row: aiosqlite.Row | None) -> GuildSettings:
    if row is None:
        return GuildSettings(guild_id=guild_id)
    return GuildSettings(
        guild_id=guild_id,
        review_channel_id=row["review_channel_id"],
        reviewer_role_id=row["reviewer_role_id"],
        answer_questions=bool(row["answer_questions"]),
        country=row["country"],
        blog_comments_to_discord=bool(row["blog_comments_to_discord"]),
    )


#: The change notices of settings between processes sharing a PostgreSQL store: "GUILD" or "GUILD:USER".
SETTINGS_CHANNEL = "reviewbot_settings"


class SettingsStore:
    """Guild settings are read on every message in a review thread, so they are cached. On SQLite this
    process is their only writer (the command line never changes settings); on PostgreSQL other shard
    processes may change them too, and tell the others, which forget what they cached (:meth:`forget`).

    The cache is filled only from data known to be current: an update caches what it read back on the
    writer inside its own transaction, and a load that was under way while an update (or a member
    country change) committed is returned but not cached, since it may have read the older snapshot.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[int, GuildSettings] = {}
        self._member_cache: dict[tuple[int, int], str | None] = {}
        self._writes = 0  # bumped by every committed change, so a load can tell that it raced one

    async def get(self, guild_id: int) -> GuildSettings:
        cached = self._cache.get(guild_id)
        if cached is None:
            before = self._writes
            cached = await self._load(guild_id)
            if self._writes == before:
                self._cache[guild_id] = cached
        return cached

    async def _load(self, guild_id: int) -> GuildSettings:
        row = await self.db.fetchone("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return _settings(guild_id, row)

    async def update(self, guild_id: int, **changes: object) -> GuildSettings:
        """Change some settings of a guild; unknown names are a programming error."""
        unknown = set(changes) - set(_COLUMNS)
        if unknown:
            raise ValueError(f"unknown guild settings: {sorted(unknown)}")
        async with self.db.transaction() as conn:
            await conn.execute("INSERT OR IGNORE INTO guild_settings (guild_id) VALUES (?)", (guild_id,))
            for column, value in changes.items():
                # column names come from the fixed _COLUMNS tuple above, never from input
                await conn.execute(
                    f"UPDATE guild_settings SET {column} = ? WHERE guild_id = ?", (value, guild_id)
                )
            # Read back on the writer: the reader connection may still hold a snapshot from before.
            async with conn.execute("SELECT * FROM guild_settings WHERE guild_id = ?", (guild_id,)) as cursor:
                saved = _settings(guild_id, await cursor.fetchone())
            await self.db.notify(conn, SETTINGS_CHANNEL, str(guild_id))
        self._writes += 1
        self._cache[guild_id] = saved
        return saved

    def forget(self, notice: str) -> None:
        """Another process changed a guild's settings ("GUILD") or a member's country ("GUILD:USER")."""
        guild, _, user = notice.partition(":")
        try:
            key = (int(guild), int(user)) if user else int(guild)
        except ValueError:
            return
        self._writes += 1  # a load under way may have read what was there before
        if isinstance(key, tuple):
            self._member_cache.pop(key, None)
        else:
            self._cache.pop(key, None)

    async def member_country(self, guild_id: int, user_id: int) -> str | None:
        key = (guild_id, user_id)
        if key not in self._member_cache:
            if len(self._member_cache) > 100_000:
                self._member_cache.clear()
            before = self._writes
            row = await self.db.fetchone(
                "SELECT country FROM member_settings WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            )
            country = None if row is None else row["country"]
            if self._writes != before:
                return country  # a change committed meanwhile: this read may predate it, so keep it out
            self._member_cache[key] = country
        return self._member_cache[key]

    async def set_member_country(self, guild_id: int, user_id: int, country: str | None) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO member_settings (guild_id, user_id, country) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id, user_id) DO UPDATE SET country = excluded.country",
                (guild_id, user_id, country),
            )
            await self.db.notify(conn, SETTINGS_CHANNEL, f"{guild_id}:{user_id}")
        self._writes += 1
        self._member_cache[(guild_id, user_id)] = country
