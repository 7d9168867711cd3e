"""Feeds a server follows, and what each entry became (see migration 0011_feeds)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from bot.db._util import from_text, to_text, utcnow
from bot.db.database import Database

__all__ = ["EntryRecord", "FeedRow", "FeedStore", "PendingQuote"]

#: Feeds a server may follow: enough for a club of blogs, bounded so one server cannot make the bot
#: poll thousands of addresses.
MAX_FEEDS_PER_GUILD = 20
#: How long the polling task leaves a new feed to whoever added it (who reads it straight away).
FIRST_POLL_BY_ADDER = dt.timedelta(minutes=10)
#: How long a claim on an entry holds before another poll may take it over.
CLAIM_EXPIRY = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class FeedRow:
    id: int
    guild_id: int
    channel_id: int
    url: str
    title: str | None
    added_by: int
    paused: bool
    etag: str | None
    last_modified: str | None
    wordpress_api: str | None
    created_at: dt.datetime
    polled_at: dt.datetime | None
    ok_at: dt.datetime | None
    next_poll_at: dt.datetime | None
    failures: int
    last_error: str | None

    @property
    def first_poll(self) -> bool:
        """Never read successfully: its entries are recorded, not published (unless backfilled)."""
        return self.ok_at is None


@dataclass(frozen=True)
class EntryRecord:
    entry_key: str
    state: str  # seen, claimed or published
    review_id: int | None
    entry_updated: dt.datetime | None
    link: str | None
    wordpress_post_id: int | None
    digest: str | None = None
    #: its blog comments have been read once: later reads find new ones (which may be posted to Discord)
    comments_read: bool = False


@dataclass(frozen=True)
class PendingQuote:
    """A new blog comment waiting to be posted into its review's thread."""

    comment_id: int  # the blog comment's row in comments
    review_id: int


def _feed(row) -> FeedRow:  # type: ignore[no-untyped-def]
    return FeedRow(row["id"], row["guild_id"], row["channel_id"], row["url"], row["title"], row["added_by"],
                   bool(row["paused"]), row["etag"], row["last_modified"], row["wordpress_api"],
                   from_text(row["created_at"]), from_text(row["polled_at"]), from_text(row["ok_at"]),
                   from_text(row["next_poll_at"]), row["failures"], row["last_error"])


class FeedStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, guild_id: int, channel_id: int, url: str, added_by: int) -> FeedRow | None:
        """Follow *url* in *guild_id*; None when the server already follows it."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                # Not due yet: whoever adds a feed reads it at once (with its backfill), not the polling task.
                "INSERT OR IGNORE INTO feeds (guild_id, channel_id, url, added_by, created_at, next_poll_at)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (guild_id, channel_id, url, added_by, to_text(utcnow()), to_text(utcnow() + FIRST_POLL_BY_ADDER)))
            row = await cursor.fetchone()
            if row is None:
                return None
            async with conn.execute("SELECT * FROM feeds WHERE id = ?", (row[0],)) as cursor:
                return _feed(await cursor.fetchone())

    async def count(self, guild_id: int) -> int:
        row = await self.db.fetchone("SELECT count(*) FROM feeds WHERE guild_id = ?", (guild_id,))
        return int(row[0])

    async def for_guild(self, guild_id: int) -> list[FeedRow]:
        rows = await self.db.fetchall("SELECT * FROM feeds WHERE guild_id = ? ORDER BY id", (guild_id,))
        return [_feed(row) for row in rows]

    async def get(self, guild_id: int, feed_id: int) -> FeedRow | None:
        row = await self.db.fetchone("SELECT * FROM feeds WHERE guild_id = ? AND id = ?", (guild_id, feed_id))
        return None if row is None else _feed(row)

    async def due(self, now: dt.datetime, guild_ids: Iterable[int] | None = None, *, limit: int = 50) -> list[FeedRow]:
        """Feeds whose turn it is, stalest first (of *guild_ids* only, when given: a shard's servers)."""
        rows = await self.db.fetchall(
            "SELECT * FROM feeds WHERE paused = 0 AND (next_poll_at IS NULL OR next_poll_at <= ?)"
            " ORDER BY coalesce(next_poll_at, created_at) LIMIT ?", (to_text(now), limit * 20))
        wanted = None if guild_ids is None else set(guild_ids)
        return [_feed(row) for row in rows if wanted is None or row["guild_id"] in wanted][:limit]

    async def remove(self, guild_id: int, feed_id: int) -> bool:
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM feeds WHERE guild_id = ? AND id = ?", (guild_id, feed_id))
            return cursor.rowcount > 0

    async def set_paused(self, guild_id: int, feed_id: int, paused: bool) -> bool:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE feeds SET paused = ?, next_poll_at = NULL WHERE guild_id = ? AND id = ?",
                (int(paused), guild_id, feed_id))
            return cursor.rowcount > 0

    async def polled(
        self, feed_id: int, *, next_poll_at: dt.datetime, error: str | None = None, title: str | None = None,
        etag: str | None = None, last_modified: str | None = None, wordpress_api: str | None = None,
    ) -> None:
        """Record a poll's outcome: on success the caching headers and what the feed says of itself, and
        the failure count reset; on failure the error in words and one more failure (the back-off's count)."""
        now = to_text(utcnow())
        async with self.db.transaction() as conn:
            if error is None:
                await conn.execute(
                    "UPDATE feeds SET polled_at = ?, ok_at = ?, next_poll_at = ?, failures = 0, last_error = NULL,"
                    " title = coalesce(?, title), etag = ?, last_modified = ?,"
                    " wordpress_api = coalesce(?, wordpress_api) WHERE id = ?",
                    (now, now, to_text(next_poll_at), title, etag, last_modified, wordpress_api, feed_id))
            else:
                await conn.execute(
                    "UPDATE feeds SET polled_at = ?, next_poll_at = ?, failures = failures + 1, last_error = ?"
                    " WHERE id = ?", (now, to_text(next_poll_at), error[:300], feed_id))

    # -- entries -------------------------------------------------------------------------------------

    async def entries(self, feed_id: int) -> dict[str, EntryRecord]:
        rows = await self.db.fetchall("SELECT * FROM feed_entries WHERE feed_id = ?", (feed_id,))
        return {row["entry_key"]: EntryRecord(row["entry_key"], row["state"], row["review_id"],
                                              from_text(row["entry_updated"]), row["link"], row["wordpress_post_id"],
                                              row["digest"], bool(row["comments_read"]))
                for row in rows}

    async def link_for_review(self, review_id: int) -> str | None:
        """The blog post a review was published from, if it came from a feed."""
        row = await self.db.fetchone("SELECT link FROM feed_entries WHERE review_id = ? AND link IS NOT NULL"
                                     " LIMIT 1", (review_id,))
        return None if row is None else row["link"]

    async def record_seen(
        self, feed_id: int, entries: Iterable[tuple[str, str | None, dt.datetime | None, int | None, str | None]]
    ) -> None:
        """Entries not to publish (a new feed's existing ones): (key, link, updated, WordPress post id, digest)."""
        now = to_text(utcnow())
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT OR IGNORE INTO feed_entries (feed_id, entry_key, state, link, entry_updated,"
                " wordpress_post_id, digest, seen_at) VALUES (?, ?, 'seen', ?, ?, ?, ?, ?)",
                [(feed_id, key, link, to_text(updated), post_id, digest, now)
                 for key, link, updated, post_id, digest in entries])

    async def claim(self, feed_id: int, key: str, link: str | None, updated: dt.datetime | None,
                    post_id: int | None, digest: str | None = None) -> bool:
        """Take an entry for publishing; False when it was seen, claimed or published already (by
        any process): the row's primary key makes the claim exactly-once. A claim older than
        CLAIM_EXPIRY is a publish that died with its process (its posts are undone at the next start
        by the publish intent), so it is taken over."""
        cutoff = to_text(utcnow() - CLAIM_EXPIRY)
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM feed_entries WHERE feed_id = ? AND entry_key = ? AND state = 'claimed'"
                               " AND seen_at < ?", (feed_id, key, cutoff))
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO feed_entries (feed_id, entry_key, state, link, entry_updated,"
                " wordpress_post_id, digest, seen_at) VALUES (?, ?, 'claimed', ?, ?, ?, ?, ?)",
                (feed_id, key, link, to_text(updated), post_id, digest, to_text(utcnow())))
            return cursor.rowcount > 0

    async def published(self, feed_id: int, key: str, review_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE feed_entries SET state = 'published', review_id = ? WHERE feed_id = ?"
                               " AND entry_key = ?", (review_id, feed_id, key))

    async def release(self, feed_id: int, key: str) -> None:
        """A claimed entry whose publish failed: free it for the next poll to try again."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM feed_entries WHERE feed_id = ? AND entry_key = ? AND state = 'claimed'",
                               (feed_id, key))

    async def rerendered(self, feed_id: int, key: str, updated: dt.datetime | None, digest: str | None) -> None:
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE feed_entries SET entry_updated = ?, digest = ?"
                               " WHERE feed_id = ? AND entry_key = ?", (to_text(updated), digest, feed_id, key))

    async def comments_read(self, feed_id: int, key: str) -> None:
        """The entry's blog comments have been read once: from now on, new ones are new to Discord too."""
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE feed_entries SET comments_read = 1 WHERE feed_id = ? AND entry_key = ?"
                               " AND comments_read = 0", (feed_id, key))

    # -- new blog comments quoted into Discord ------------------------------------------------------------

    async def queue_quotes(self, review_id: int, comment_ids: Iterable[int]) -> None:
        """Blog comments to post into the review's thread; one already queued (by any process) stays as it is."""
        now = to_text(utcnow())
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT OR IGNORE INTO blog_quotes (comment_id, review_id, state, queued_at)"
                " VALUES (?, ?, 'pending', ?)",
                [(comment_id, review_id, now) for comment_id in comment_ids])

    async def pending_quotes(self, review_id: int, *, limit: int = 25) -> list[PendingQuote]:
        """The review's queued quotes, in the order the blog's comments were written."""
        rows = await self.db.fetchall(
            "SELECT q.comment_id, q.review_id FROM blog_quotes q JOIN comments c ON c.message_id = q.comment_id"
            " WHERE q.review_id = ? AND q.state = 'pending' ORDER BY c.created_at, q.comment_id LIMIT ?",
            (review_id, limit))
        return [PendingQuote(row[0], row[1]) for row in rows]

    async def claim_quote(self, comment_id: int) -> bool:
        """Take a queued quote for posting; False when another process (or an earlier run) took it. A
        claim is never taken over: a process that died mid-post may have posted it already, and a quote
        missing from Discord is better than one posted twice."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE blog_quotes SET state = 'posting', claimed_at = ? WHERE comment_id = ? AND state = 'pending'",
                (to_text(utcnow()), comment_id))
            return cursor.rowcount > 0

    async def quoted(self, comment_id: int, message_ids: Iterable[int]) -> None:
        """The quote was posted as *message_ids*: remember them against the blog comment, so a Discord
        reply to any of them nests under it. In the same transaction, a reply the mirror stored before
        now is moved under the blog comment, and the quote's own messages, if the mirror stored them,
        are dropped (the mirror skips them once this is committed)."""
        ids = list(message_ids)
        async with self.db.transaction() as conn:
            await conn.execute("UPDATE blog_quotes SET state = 'posted' WHERE comment_id = ?", (comment_id,))
            await conn.executemany("INSERT OR IGNORE INTO blog_quote_messages (message_id, comment_id) VALUES (?, ?)",
                                   [(message_id, comment_id) for message_id in ids])
            for message_id in ids:
                await conn.execute("UPDATE comments SET parent_id = ? WHERE parent_id = ?", (comment_id, message_id))
                await conn.execute("DELETE FROM comment_history WHERE message_id = ?", (message_id,))
                await conn.execute("DELETE FROM comments WHERE message_id = ?", (message_id,))
