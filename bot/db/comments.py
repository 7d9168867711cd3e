"""Mirrored comments: one row per message in a review's thread, with edit history and tombstones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import aiosqlite

from bot.db._util import dumps, from_text, loads, to_text, utcnow
from bot.db.database import Database
from bot.domain.models import Attachment, Comment, CommentVersion, Mention

#: Comments read in one trip to the reader and converted between two turns of the event loop (about 20 ms).
_READ_PAGE = 1_000

__all__ = [
    "CommentCreated", "CommentDeleted", "CommentEdited", "CommentOp", "CommentStore", "CommentVersion",
    "ThreadDeleted", "ThreadRead",
]


@dataclass(frozen=True)
class ThreadRead:
    """Catch-up's memory of one thread: the newest message read in it (of any kind), and its archived state."""

    read_through: int
    archived: bool


@dataclass(frozen=True)
class CommentCreated:
    comment: Comment


@dataclass(frozen=True)
class CommentEdited:
    message_id: int
    content: str
    edited_at: dt.datetime | None
    attachments: tuple[Attachment, ...] | None = None
    #: names of what the new text mentions; added to those already kept, so earlier versions still resolve
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class CommentDeleted:
    message_id: int


@dataclass(frozen=True)
class ThreadDeleted:
    """The whole thread is gone from Discord: every comment of it becomes a tombstone."""

    thread_id: int


CommentOp = CommentCreated | CommentEdited | CommentDeleted | ThreadDeleted


def _attachments_json(attachments: Iterable[Attachment]) -> str:
    if not attachments:
        return "[]"  # most messages: skip building a JSON encoder per row of a burst
    return dumps([
        {"filename": a.filename, "url": a.url, "size": a.size, "content_type": a.content_type}
        for a in attachments
    ])


def _attachments(raw: str | None) -> tuple[Attachment, ...]:
    return tuple(Attachment(**item) for item in loads(raw, []))


def _mentions_json(mentions: Iterable[Mention]) -> str:
    if not mentions:
        return "[]"
    return dumps([{"kind": m.kind, "id": m.id, "name": m.name} for m in mentions])


def _mentions(raw: str | None) -> tuple[Mention, ...]:
    return tuple(Mention(**item) for item in loads(raw, []))


def _merged_mentions(old: tuple[Mention, ...], new: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """The newest name for each (kind, id), keeping names only earlier versions mention."""
    merged = {(m.kind, m.id): m for m in old}
    merged.update({(m.kind, m.id): m for m in new})
    return tuple(merged.values())


def _comment(row: aiosqlite.Row, quoted: int | None = None) -> Comment:
    """The stored comment; *quoted* (the blog comment a reply's parent quoted) replaces its parent."""
    return Comment(
        message_id=row["message_id"],
        review_id=row["review_id"],
        guild_id=row["guild_id"],
        thread_id=row["thread_id"],
        author_id=row["author_id"],
        author_name=row["author_name"],
        content=row["content"] or "",
        created_at=from_text(row["created_at"]),
        edited_at=from_text(row["edited_at"]),
        parent_id=row["parent_id"] if quoted is None else quoted,
        is_bot=bool(row["is_bot"]),
        deleted=bool(row["deleted"]),
        attachments=_attachments(row["attachments"]),
        mentions=_mentions(row["mentions"]),
        source=row["source"],
        url=row["url"],
    )


def _insert_params(comment: Comment) -> tuple:
    return (
        comment.message_id, comment.review_id, comment.guild_id, comment.thread_id, comment.author_id,
        comment.author_name, comment.content, _attachments_json(comment.attachments),
        to_text(comment.created_at), to_text(comment.edited_at), comment.parent_id, int(comment.is_bot),
        int(comment.deleted), _mentions_json(comment.mentions),
    )


_INSERT = (
    "INSERT OR IGNORE INTO comments (message_id, review_id, guild_id, thread_id, author_id, author_name,"
    " content, attachments, created_at, edited_at, parent_id, is_bot, deleted, mentions)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


_INSERT_BLOG = (
    "INSERT INTO comments (message_id, review_id, guild_id, thread_id, author_id, author_name, content, attachments,"
    " created_at, edited_at, parent_id, is_bot, deleted, mentions, source, url)"
    " VALUES (?, ?, ?, ?, 0, ?, ?, '[]', ?, NULL, ?, 0, 0, '[]', 'blog', ?)"
    " ON CONFLICT (message_id) DO UPDATE SET content = excluded.content, author_name = excluded.author_name"
)


class CommentStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def import_blog_comments(self, comments: Sequence[Comment]) -> list[int]:
        """Store comments read from the blog (new ones added, changed ones updated); return the new ones' ids.

        Two processes reading the same post at once may both count a comment as new: whatever acts on
        that (posting it into Discord) claims it first."""
        if not comments:
            return []
        ids = [c.message_id for c in comments]
        known: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            rows = await self.db.fetchall(
                f"SELECT message_id FROM comments WHERE message_id IN ({','.join('?' * len(chunk))})", tuple(chunk))
            known.update(row[0] for row in rows)
        async with self.db.transaction() as conn:
            await conn.executemany(_INSERT_BLOG, [
                (c.message_id, c.review_id, c.guild_id, c.thread_id, c.author_name, c.content, to_text(c.created_at),
                 c.parent_id, c.url) for c in comments])
        return [c.message_id for c in comments if c.message_id not in known]

    async def apply(self, ops: Sequence[CommentOp], *, gaps: Mapping[int, int] | None = None) -> None:
        """Apply a batch of changes in one transaction: all of them, or (on error) none.

        *gaps* (thread id → the message after which its hole begins) are recorded in the same
        transaction, so that no comment newer than a hole is ever stored without the hole being known.
        """
        if not ops and not gaps:
            return
        async with self.db.transaction() as conn:
            for thread_id, after_id in (gaps or {}).items():
                await conn.execute(
                    "INSERT INTO mirror_gaps (thread_id, after_id) VALUES (?, ?) ON CONFLICT (thread_id)"
                    " DO UPDATE SET after_id = "
                    + self.db.sql(sqlite="min(after_id, excluded.after_id)",
                                  postgresql="least(mirror_gaps.after_id, excluded.after_id)"),
                    (thread_id, after_id),
                )
            pending_inserts: list[tuple] = []
            for op in ops:
                if isinstance(op, CommentCreated):
                    pending_inserts.append(_insert_params(op.comment))
                    continue
                if pending_inserts:
                    await conn.executemany(_INSERT, pending_inserts)
                    pending_inserts = []
                if isinstance(op, CommentEdited):
                    await self._edit(conn, op)
                elif isinstance(op, ThreadDeleted):
                    await self._delete_thread(conn, op.thread_id)
                else:
                    await self._delete(conn, op.message_id)
            if pending_inserts:
                await conn.executemany(_INSERT, pending_inserts)
            await self._settle_quotes(conn, ops)

    @staticmethod
    async def _settle_quotes(conn: aiosqlite.Connection, ops: Sequence[CommentOp]) -> None:
        """New blog comments the bot posted into a thread as quotes (migration 0013) are not comments of
        their own: a reply to a quote nests under its blog comment, and the quote's message is not kept.
        Only replies and the bot's own messages can be either, so most batches cost nothing here."""
        replies = [op.comment.message_id for op in ops if isinstance(op, CommentCreated) and op.comment.parent_id]
        own = [op.comment.message_id for op in ops if isinstance(op, CommentCreated) and op.comment.is_bot]
        for start in range(0, len(replies), 500):
            chunk = replies[start:start + 500]
            await conn.execute(
                "UPDATE comments SET parent_id = (SELECT q.comment_id FROM blog_quote_messages q"
                " WHERE q.message_id = comments.parent_id)"
                f" WHERE message_id IN ({','.join('?' * len(chunk))})"
                " AND parent_id IN (SELECT message_id FROM blog_quote_messages)", tuple(chunk))
        for start in range(0, len(own), 500):
            chunk = own[start:start + 500]
            await conn.execute(
                f"DELETE FROM comments WHERE message_id IN ({','.join('?' * len(chunk))})"
                " AND message_id IN (SELECT message_id FROM blog_quote_messages)", tuple(chunk))

    @staticmethod
    async def _edit(conn: aiosqlite.Connection, op: CommentEdited) -> None:
        async with conn.execute(
            "SELECT content, edited_at, deleted, mentions FROM comments WHERE message_id = ?", (op.message_id,)
        ) as cursor:
            row = await cursor.fetchone()
        if row is None or row["deleted"] or row["content"] == op.content:
            return
        await conn.execute(
            "INSERT INTO comment_history (message_id, content, edited_at, replaced_at) VALUES (?, ?, ?, ?)",
            (op.message_id, row["content"], row["edited_at"], to_text(utcnow())),
        )
        if op.mentions:
            merged = _merged_mentions(_mentions(row["mentions"]), op.mentions)
            await conn.execute(
                "UPDATE comments SET mentions = ? WHERE message_id = ?", (_mentions_json(merged), op.message_id)
            )
        if op.attachments is None:
            await conn.execute(
                "UPDATE comments SET content = ?, edited_at = ? WHERE message_id = ?",
                (op.content, to_text(op.edited_at or utcnow()), op.message_id),
            )
        else:
            await conn.execute(
                "UPDATE comments SET content = ?, edited_at = ?, attachments = ? WHERE message_id = ?",
                (op.content, to_text(op.edited_at or utcnow()), _attachments_json(op.attachments),
                 op.message_id),
            )

    @staticmethod
    async def _delete(conn: aiosqlite.Connection, message_id: int) -> None:
        async with conn.execute("SELECT attachments FROM comments WHERE message_id = ?", (message_id,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return
        stripped = [
            Attachment(a.filename, None, a.size, a.content_type) for a in _attachments(row["attachments"])
        ]
        await conn.execute(
            "UPDATE comments SET deleted = 1, content = NULL, attachments = ?, mentions = '[]' WHERE message_id = ?",
            (_attachments_json(stripped), message_id),
        )
        # Earlier versions of a deleted message go too: a tombstone keeps only its place in the tree.
        await conn.execute("DELETE FROM comment_history WHERE message_id = ?", (message_id,))

    @classmethod
    async def _delete_thread(cls, conn: aiosqlite.Connection, thread_id: int) -> None:
        async with conn.execute(
            "SELECT message_id FROM comments WHERE thread_id = ? AND deleted = 0", (thread_id,)
        ) as cursor:
            live = [row[0] for row in await cursor.fetchall()]
        for message_id in live:
            await cls._delete(conn, message_id)

    async def gaps(self) -> dict[int, int]:
        """thread id → the message after which it has a hole that catch-up has not filled yet."""
        rows = await self.db.fetchall("SELECT thread_id, after_id FROM mirror_gaps")
        return {row[0]: row[1] for row in rows}

    async def close_gap(self, thread_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM mirror_gaps WHERE thread_id = ?", (thread_id,))

    async def thread_reads(self) -> dict[int, ThreadRead]:
        """thread id → how far catch-up has read it and whether it was last seen archived."""
        rows = await self.db.fetchall("SELECT thread_id, read_through, archived FROM thread_reads")
        return {row[0]: ThreadRead(row[1], bool(row[2])) for row in rows}

    async def note_thread_reads(self, reads: Mapping[int, ThreadRead]) -> None:
        """Record catch-up's progress in one transaction; a mark never moves back."""
        if not reads:
            return
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO thread_reads (thread_id, read_through, archived) VALUES (?, ?, ?) "
                "ON CONFLICT (thread_id) DO UPDATE SET read_through = "
                + self.db.sql(sqlite="max(read_through, excluded.read_through)",
                              postgresql="greatest(thread_reads.read_through, excluded.read_through)")
                + ", archived = excluded.archived",
                [(thread_id, read.read_through, int(read.archived)) for thread_id, read in reads.items()],
            )

    async def for_review(self, review_id: int) -> list[Comment]:
        # A quote of a blog comment the bot posted (migration 0013) is never a comment, and a reply to
        # it belongs under its blog comment: the writers settle both, and this read holds to it even if
        # two processes' writes crossed (PostgreSQL: each committed without seeing the other).
        # Any member may export a thread of thousands of comments, and every read of the store queues for
        # one reader: read in pages, so another server's query waits for a page, not for the whole thread
        # (eight exports of 10,000 comments at once held a settings look-up for seconds), and convert
        # each page before the next, letting the event loop serve other servers in between.
        comments: list[Comment] = []
        after = -(2**63)  # below every id: a blog comment's row id is negative (bot.domain.blog_comments)
        while True:
            rows = await self.db.fetchall(
                "SELECT c.*, q.comment_id AS quoted FROM comments c"
                " LEFT JOIN blog_quote_messages q ON q.message_id = c.parent_id"
                " WHERE c.review_id = ? AND c.message_id > ? AND NOT EXISTS (SELECT 1 FROM"
                " blog_quote_messages o WHERE o.message_id = c.message_id) ORDER BY c.message_id LIMIT ?",
                (review_id, after, _READ_PAGE),
            )
            comments.extend(_comment(row, row["quoted"]) for row in rows)
            if len(rows) < _READ_PAGE:
                return comments
            after = rows[-1]["message_id"]

    async def get(self, message_id: int) -> Comment | None:
        row = await self.db.fetchone("SELECT * FROM comments WHERE message_id = ?", (message_id,))
        return None if row is None else _comment(row)

    async def newest_ids(self) -> dict[int, int]:
        """thread id → the newest stored message id, for every thread with comments."""
        # Only Discord's messages: a blog comment's row id is negative (bot.domain.blog_comments), and
        # catch-up reads Discord's history after this id.
        rows = await self.db.fetchall("SELECT thread_id, max(message_id) FROM comments WHERE message_id > 0"
                                      " GROUP BY thread_id")
        return {row[0]: row[1] for row in rows}

    async def existing_ids(self, thread_id: int, ids: Sequence[int]) -> set[int]:
        """Which of *ids* are already stored for *thread_id* (chunked: SQLite caps parameters)."""
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            rows = await self.db.fetchall(
                f"SELECT message_id FROM comments WHERE thread_id = ? AND message_id IN ({marks})",
                (thread_id, *chunk),
            )
            found.update(row[0] for row in rows)
        return found

    async def quote_message_ids(self, ids: Sequence[int]) -> set[int]:
        """Which of *ids* are messages the bot posted quoting a blog comment (not comments of their own)."""
        found: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            rows = await self.db.fetchall(
                f"SELECT message_id FROM blog_quote_messages WHERE message_id IN ({','.join('?' * len(chunk))})",
                tuple(chunk))
            found.update(row[0] for row in rows)
        return found

    async def live_ids_between(self, thread_id: int, after_id: int, through_id: int) -> set[int]:
        """Ids of the thread's comments that are not deleted, in (*after_id*, *through_id*]."""
        rows = await self.db.fetchall(
            "SELECT message_id FROM comments WHERE thread_id = ? AND deleted = 0 AND message_id > ?"
            " AND message_id <= ?",
            (thread_id, max(0, after_id), through_id),  # never the blog's comments (negative ids)
        )
        return {row[0] for row in rows}

    async def live_in_thread(self, thread_id: int) -> dict[int, str]:
        """message id → content of every Discord comment of the thread that is not deleted (the blog's
        comments, with negative ids, are not in Discord's history, so a resync must not see them)."""
        rows = await self.db.fetchall(
            "SELECT message_id, content FROM comments WHERE thread_id = ? AND deleted = 0 AND message_id > 0",
            (thread_id,)
        )
        return {row[0]: row[1] or "" for row in rows}

    async def history(self, message_id: int) -> list[CommentVersion]:
        rows = await self.db.fetchall(
            "SELECT content, edited_at, replaced_at FROM comment_history WHERE message_id = ? ORDER BY id",
            (message_id,),
        )
        return [
            CommentVersion(row["content"], from_text(row["edited_at"]), from_text(row["replaced_at"]))
            for row in rows
        ]

    async def history_for_review(self, review_id: int) -> dict[int, list[CommentVersion]]:
        """message id → earlier versions (oldest first) of every edited comment of a review, in one query."""
        rows = await self.db.fetchall(
            "SELECT h.message_id, h.content, h.edited_at, h.replaced_at FROM comment_history h"
            " JOIN comments c ON c.message_id = h.message_id WHERE c.review_id = ? ORDER BY h.message_id, h.id",
            (review_id,),
        )
        found: dict[int, list[CommentVersion]] = {}
        for row in rows:
            found.setdefault(row["message_id"], []).append(
                CommentVersion(row["content"], from_text(row["edited_at"]), from_text(row["replaced_at"]))
            )
        return found

    async def count(self, review_id: int | None = None) -> int:
        if review_id is None:
            row = await self.db.fetchone("SELECT count(*) FROM comments")
        else:
            row = await self.db.fetchone("SELECT count(*) FROM comments WHERE review_id = ?", (review_id,))
        return int(row[0])
