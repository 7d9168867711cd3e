"""The servers the bot is in, as far as the operator needs them: a name for each id."""

from __future__ import annotations

from bot.db._util import to_text, utcnow
from bot.db.database import Database


class GuildStore:
    """Names are written when they change, not at every start: a cache remembers what is stored."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._known: dict[int, str] = {}

    async def remember(self, guild_id: int, name: str) -> bool:
        """Record *guild_id*'s current name; return whether that changed what was stored."""
        if self._known.get(guild_id) == name:
            return False
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO guilds (guild_id, name, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at"
                + self.db.sql(sqlite=" WHERE guilds.name IS NOT excluded.name",
                              postgresql=" WHERE guilds.name IS DISTINCT FROM excluded.name"),
                (guild_id, name, to_text(utcnow())),
            )
            changed = cursor.rowcount > 0
        self._known[guild_id] = name
        return changed

    async def names(self) -> dict[int, str]:
        """Every known server's name by id (servers not seen since names were kept are absent)."""
        rows = await self.db.fetchall("SELECT guild_id, name FROM guilds")
        return {row["guild_id"]: row["name"] for row in rows}
