"""The servers the bot is in, as far as the operator needs them: a name and a language for each id."""

from __future__ import annotations

from bot.db._util import to_text, utcnow
from bot.db.database import Database


class GuildStore:
    """Names and languages are written when they change, not at every start: a cache remembers what is stored."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._known: dict[int, tuple[str, str | None]] = {}

    async def remember(self, guild_id: int, name: str, locale: str | None = None) -> bool:
        """Record *guild_id*'s current name and language (Discord's ``preferred_locale``, e.g. ``"fr"``);
        return whether that changed what was stored."""
        if self._known.get(guild_id) == (name, locale):
            return False
        distinct = self.db.sql(sqlite="IS NOT", postgresql="IS DISTINCT FROM")
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO guilds (guild_id, name, locale, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET name = excluded.name, locale = excluded.locale,"
                " updated_at = excluded.updated_at"
                f" WHERE guilds.name {distinct} excluded.name OR guilds.locale {distinct} excluded.locale",
                (guild_id, name, locale, to_text(utcnow())),
            )
            changed = cursor.rowcount > 0
        self._known[guild_id] = (name, locale)
        return changed

    async def names(self) -> dict[int, str]:
        """Every known server's name by id (servers not seen since names were kept are absent)."""
        rows = await self.db.fetchall("SELECT guild_id, name FROM guilds")
        return {row["guild_id"]: row["name"] for row in rows}

    async def locales(self) -> dict[int, str]:
        """Every known server's language (Discord's locale code) by id; a server whose language is not
        known (not seen since languages were kept) is absent."""
        rows = await self.db.fetchall("SELECT guild_id, locale FROM guilds WHERE locale IS NOT NULL")
        return {row["guild_id"]: row["locale"] for row in rows}
