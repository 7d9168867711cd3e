"""Reviews: what was published, by whom, and where its messages and thread are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import aiosqlite

from bot.db._util import dumps, from_text, loads, to_text, utcnow
from bot.db.database import Database
from bot.domain.models import Review


@dataclass(frozen=True)
class NewReview:
    """What a reviewer submitted, before it is posted anywhere."""

    guild_id: int
    title: str
    film_title: str
    film_year: int | None
    film_id: int | None
    author_id: int | None
    byline: str
    rating: float | None
    body: str
    created_at: dt.datetime | None = None


@dataclass(frozen=True)
class ReviewListing:
    """A review as the operator's list shows it: live, or retired (and since when)."""

    review: Review
    retired_at: dt.datetime | None


def _review(row: aiosqlite.Row) -> Review:
    return Review(
        id=row["id"],
        guild_id=row["guild_id"],
        title=row["title"],
        film_id=row["film_id"],
        film_title=row["film_title"],
        film_year=row["film_year"],
        author_id=row["author_id"],
        byline=row["byline"],
        rating=row["rating"],
        body=row["body"],
        created_at=from_text(row["created_at"]),
        updated_at=from_text(row["updated_at"]),
        channel_id=row["channel_id"],
        message_ids=tuple(loads(row["message_ids"], [])),
        thread_id=row["thread_id"],
    )


async def _read_back(conn: aiosqlite.Connection, review_id: int) -> Review:
    """The row just written, read on the connection that wrote it (so never from a stale snapshot)."""
    async with conn.execute("SELECT * FROM reviews WHERE id = ?", (review_id,)) as cursor:
        row = await cursor.fetchone()
    if row is None:
        raise LookupError(f"review {review_id} vanished inside its own transaction")
    return _review(row)


@dataclass(frozen=True)
class PublishIntent:
    """A publish that was started: where, and what of it has been posted so far."""

    id: int
    guild_id: int
    channel_id: int
    message_ids: tuple[int, ...]
    thread_id: int | None


class ReviewStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def begin_publish(self, guild_id: int, channel_id: int) -> int:
        """Note that a publish is starting in *channel_id*, before anything is posted; return its id."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO publish_intents (guild_id, channel_id, started_at) VALUES (?, ?, ?) RETURNING id",
                (guild_id, channel_id, to_text(utcnow())),
            )
            return int((await cursor.fetchone())[0])

    async def note_posted(self, intent_id: int, message_ids: list[int], thread_id: int | None) -> None:
        """What the publish *intent_id* has posted so far: the next start removes it if it goes no further."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE publish_intents SET message_ids = ?, thread_id = ? WHERE id = ?",
                (dumps(message_ids), thread_id, intent_id),
            )

    async def end_publish(self, intent_id: int) -> None:
        """The publish is finished with (recorded, or undone): forget the intent."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM publish_intents WHERE id = ?", (intent_id,))

    async def unfinished_publishes(self) -> list[PublishIntent]:
        rows = await self.db.fetchall("SELECT * FROM publish_intents ORDER BY id")
        return [
            PublishIntent(row["id"], row["guild_id"], row["channel_id"], tuple(loads(row["message_ids"], [])),
                          row["thread_id"])
            for row in rows
        ]

    async def create(
        self, new: NewReview, *, channel_id: int, message_ids: list[int], thread_id: int | None,
        intent_id: int | None = None,
    ) -> Review:
        """Record a review once its messages (and thread) exist on Discord, ending its publish intent."""
        now = utcnow()
        async with self.db.transaction() as conn:
            if intent_id is not None:
                await conn.execute("DELETE FROM publish_intents WHERE id = ?", (intent_id,))
            cursor = await conn.execute(
                "INSERT INTO reviews (guild_id, title, film_id, film_title, film_year, author_id, byline,"
                " rating, body, created_at, updated_at, channel_id, message_ids, thread_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    new.guild_id, new.title, new.film_id, new.film_title, new.film_year, new.author_id,
                    new.byline, new.rating, new.body, to_text(new.created_at or now), to_text(now),
                    channel_id, dumps(message_ids), thread_id,
                ),
            )
            review_id = int((await cursor.fetchone())[0])
            if thread_id is not None:
                # Members may have spoken in the new thread before this row existed, unseen by the mirror:
                # until a catch-up has read it from its beginning, it has a hole (kept across a restart).
                await conn.execute(
                    "INSERT OR IGNORE INTO mirror_gaps (thread_id, after_id) VALUES (?, ?)", (thread_id, thread_id)
                )
            # Read back on the writer, inside the transaction: the reader may still hold an older snapshot.
            # (Returned once the block has committed.)
            return await _read_back(conn, review_id)

    async def update(
        self, review: Review, *, title: str, film_title: str, film_year: int | None, film_id: int | None,
        rating: float | None, body: str, message_ids: list[int],
    ) -> Review:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE reviews SET title = ?, film_title = ?, film_year = ?, film_id = ?, rating = ?,"
                " body = ?, message_ids = ?, updated_at = ? WHERE id = ? AND guild_id = ?",
                (title, film_title, film_year, film_id, rating, body, dumps(message_ids),
                 to_text(utcnow()), review.id, review.guild_id),
            )
            return await _read_back(conn, review.id)

    async def get(self, guild_id: int, review_id: int) -> Review | None:
        """A live review of *guild_id*; another guild's id finds nothing."""
        row = await self.db.fetchone(
            "SELECT * FROM reviews WHERE id = ? AND guild_id = ? AND deleted_at IS NULL", (review_id, guild_id)
        )
        return None if row is None else _review(row)

    async def get_any(self, review_id: int) -> Review | None:
        """Any review by id, deleted ones included: for the operator's command line only."""
        row = await self.db.fetchone("SELECT * FROM reviews WHERE id = ?", (review_id,))
        return None if row is None else _review(row)

    async def with_threads(self) -> list[Review]:
        """Every live review that has a discussion thread."""
        rows = await self.db.fetchall("SELECT * FROM reviews WHERE thread_id IS NOT NULL AND deleted_at IS NULL")
        return [_review(row) for row in rows]

    async def list(self, guild_id: int, *, limit: int = 10, offset: int = 0) -> list[Review]:
        rows = await self.db.fetchall(
            "SELECT * FROM reviews WHERE guild_id = ? AND deleted_at IS NULL"
            " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (guild_id, limit, offset),
        )
        return [_review(row) for row in rows]

    async def count(self, guild_id: int) -> int:
        row = await self.db.fetchone(
            "SELECT count(*) FROM reviews WHERE guild_id = ? AND deleted_at IS NULL", (guild_id,)
        )
        return int(row[0])

    async def search(self, guild_id: int, text: str, *, limit: int = 25) -> list[Review]:
        """Reviews of *guild_id* whose title or film contains *text*, newest first (for autocomplete)."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        like = self.db.sql(sqlite="LIKE", postgresql="ILIKE")  # SQLite's LIKE ignores case; PostgreSQL's does not
        rows = await self.db.fetchall(
            "SELECT * FROM reviews WHERE guild_id = ? AND deleted_at IS NULL"
            f" AND (title {like} ? ESCAPE '\\' OR film_title {like} ? ESCAPE '\\' OR CAST(id AS TEXT) = ?)"
            " ORDER BY created_at DESC, id DESC LIMIT ?",
            (guild_id, pattern, pattern, text.strip(), limit),
        )
        return [_review(row) for row in rows]

    async def all_for_cli(self) -> list[ReviewListing]:
        """Every review, retired ones included (their comments stay exportable by id): for the operator."""
        rows = await self.db.fetchall("SELECT * FROM reviews ORDER BY guild_id, id")
        return [ReviewListing(_review(row), from_text(row["deleted_at"])) for row in rows]

    async def forget_thread(self, thread_id: int) -> None:
        """The review's thread was deleted on Discord: the review stays, without a discussion thread."""
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE reviews SET thread_id = NULL WHERE thread_id = ?", (thread_id,))

    async def delete(self, review: Review, *, purge_comments: bool) -> None:
        """Retire a review. Its comments stay (exportable by id) unless *purge_comments*."""
        async with self.db.transaction() as conn:
            if purge_comments:
                await conn.execute("DELETE FROM comments WHERE review_id = ?", (review.id,))
            await conn.execute(
                "UPDATE reviews SET deleted_at = ?, thread_id = NULL, message_ids = '[]'"
                " WHERE id = ? AND guild_id = ?",
                (to_text(utcnow()), review.id, review.guild_id),
            )
