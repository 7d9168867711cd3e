"""Release reminders members asked for with ``/release remind``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import aiosqlite

from bot.db._util import from_text, to_text, utcnow
from bot.db.database import Database


@dataclass(frozen=True)
class Reminder:
    id: int
    guild_id: int
    channel_id: int
    user_id: int
    film_id: int
    country: str
    format: str
    known_date: str | None  # the release date (ISO, maybe partial) last told to the member
    created_at: dt.datetime


def _reminder(row: aiosqlite.Row) -> Reminder:
    return Reminder(
        id=row["id"], guild_id=row["guild_id"], channel_id=row["channel_id"], user_id=row["user_id"],
        film_id=row["film_id"], country=row["country"], format=row["format"], known_date=row["known_date"],
        created_at=from_text(row["created_at"]),
    )


class ReminderStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self, *, guild_id: int, channel_id: int, user_id: int, film_id: int, country: str, format: str,
        known_date: str | None,
    ) -> Reminder:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO reminders (guild_id, channel_id, user_id, film_id, country, format, known_date,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (guild_id, channel_id, user_id, film_id, country, format, known_date, to_text(utcnow())),
            )
            reminder_id = cursor.lastrowid
            # Read back on the writer: the reader may still hold a snapshot from before this insert.
            async with conn.execute("SELECT * FROM reminders WHERE id = ?", (reminder_id,)) as cursor:
                row = await cursor.fetchone()
        return _reminder(row)

    async def open(self) -> list[Reminder]:
        rows = await self.db.fetchall("SELECT * FROM reminders WHERE done_at IS NULL ORDER BY id")
        return [_reminder(row) for row in rows]

    async def for_member(self, guild_id: int, user_id: int) -> list[Reminder]:
        rows = await self.db.fetchall(
            "SELECT * FROM reminders WHERE guild_id = ? AND user_id = ? AND done_at IS NULL ORDER BY id",
            (guild_id, user_id),
        )
        return [_reminder(row) for row in rows]

    async def set_known_date(self, reminder_id: int, known_date: str | None) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE reminders SET known_date = ? WHERE id = ?", (known_date, reminder_id))

    async def finish(self, reminder_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE reminders SET done_at = ? WHERE id = ?", (to_text(utcnow()), reminder_id))

    async def cancel(self, guild_id: int, user_id: int, reminder_id: int) -> bool:
        """Cancel a member's own reminder; False when it is not theirs or not open."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM reminders WHERE id = ? AND guild_id = ? AND user_id = ? AND done_at IS NULL",
                (reminder_id, guild_id, user_id),
            )
            return cursor.rowcount > 0
