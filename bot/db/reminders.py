"""Release reminders members asked for with ``/release remind``."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

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


class ClaimedReminder:
    """A reminder this process holds while it delivers it; no other process can deliver it meanwhile.

    On PostgreSQL the row stays locked (``FOR UPDATE SKIP LOCKED``) until the claim ends, and the
    outcome is written in the same transaction; on SQLite there is one process, so nothing is held.
    """

    def __init__(self, reminder: Reminder, store: ReminderStore, conn: Any | None) -> None:
        self.reminder = reminder
        self._store, self._conn = store, conn

    async def finish(self) -> None:
        if self._conn is None:
            await self._store.finish(self.reminder.id)
        else:
            await self._conn.execute("UPDATE reminders SET done_at = ? WHERE id = ?",
                                     (to_text(utcnow()), self.reminder.id))

    async def set_known_date(self, known_date: str | None) -> None:
        if self._conn is None:
            await self._store.set_known_date(self.reminder.id, known_date)
        else:
            await self._conn.execute("UPDATE reminders SET known_date = ? WHERE id = ?",
                                     (known_date, self.reminder.id))


class ReminderStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    @contextlib.asynccontextmanager
    async def claim(self, reminder_id: int) -> AsyncIterator[ClaimedReminder | None]:
        """The reminder as it is now, held for delivery; None when it is done or another process holds it.

        Several bot processes may share a PostgreSQL store: each fires a due reminder exactly once
        because the row is claimed with ``FOR UPDATE SKIP LOCKED`` and re-read under the lock.
        """
        if self.db.dialect != "postgresql":
            row = await self.db.fetchone("SELECT * FROM reminders WHERE id = ? AND done_at IS NULL", (reminder_id,))
            yield None if row is None else ClaimedReminder(_reminder(row), self, None)
            return
        async with self.db.row_locks() as conn:
            cursor = await conn.execute(
                "SELECT * FROM reminders WHERE id = ? AND done_at IS NULL FOR UPDATE SKIP LOCKED", (reminder_id,))
            row = await cursor.fetchone()
            yield None if row is None else ClaimedReminder(_reminder(row), self, conn)

    async def add(
        self, *, guild_id: int, channel_id: int, user_id: int, film_id: int, country: str, format: str,
        known_date: str | None,
    ) -> tuple[Reminder, bool]:
        """Open a reminder, or merge into the member's open one for the same release; True when merged.

        A merged reminder moves to *channel_id* and keeps the date it last told the member.
        """
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "SELECT id FROM reminders WHERE guild_id = ? AND user_id = ? AND film_id = ? AND country = ?"
                " AND format = ? AND done_at IS NULL",
                (guild_id, user_id, film_id, country, format),
            )
            found = await cursor.fetchone()
            if found is not None:
                reminder_id = found["id"]
                await conn.execute("UPDATE reminders SET channel_id = ? WHERE id = ?", (channel_id, reminder_id))
            else:
                cursor = await conn.execute(
                    "INSERT INTO reminders (guild_id, channel_id, user_id, film_id, country, format, known_date,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (guild_id, channel_id, user_id, film_id, country, format, known_date, to_text(utcnow())),
                )
                reminder_id = int((await cursor.fetchone())[0])
            # Read back on the writer: the reader may still hold a snapshot from before this write.
            async with conn.execute("SELECT * FROM reminders WHERE id = ?", (reminder_id,)) as cursor:
                row = await cursor.fetchone()
        return _reminder(row), found is not None

    async def count_for_user(self, user_id: int) -> int:
        """How many open reminders a member holds across every server (anyone can make servers)."""
        row = await self.db.fetchone(
            "SELECT count(*) AS n FROM reminders WHERE user_id = ? AND done_at IS NULL", (user_id,)
        )
        return row["n"]

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
