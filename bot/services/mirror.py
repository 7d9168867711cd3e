"""Mirroring review threads into the store: group-committed writes and catch-up through history.

Why a writer task: a burst of thousands of messages a second must not turn into thousands of
transactions (each an fsync) nor stall the event loop. Events are queued as operations and a single
task commits whatever has gathered in one short transaction; a crash loses at most the operations
not yet committed, which the next catch-up fetches again from channel history.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import discord

from bot.db import Store
from bot.db.comments import CommentCreated, CommentDeleted, CommentEdited, CommentOp
from bot.db.database import is_locked_error
from bot.domain.models import Attachment, Comment, Mention, Review

log = logging.getLogger(__name__)

MAX_BATCH = 2_000


@dataclass(frozen=True)
class TrackedThread:
    """A review's discussion thread, and the review's own messages in it (a forum post's), which are not comments."""

    review_id: int
    guild_id: int
    own_messages: frozenset[int] = frozenset()
    #: the review's film, for questions asked in the thread without naming one
    film_id: int | None = None
    film_title: str | None = None

    @classmethod
    def of(cls, review: Review) -> TrackedThread:
        return cls(review.id, review.guild_id, frozenset(review.message_ids), review.film_id, review.film_title)


def comment_from_message(message: discord.Message, thread: TrackedThread) -> Comment:
    """The stored form of a thread message. A reply's parent is kept only within the same thread."""
    parent_id = None
    reference = message.reference
    if (
        reference is not None
        and reference.message_id is not None
        and reference.channel_id == message.channel.id
        and reference.message_id != message.channel.id  # the review's own starter message
    ):
        parent_id = reference.message_id
    return Comment(
        message_id=message.id,
        review_id=thread.review_id,
        guild_id=thread.guild_id,
        thread_id=message.channel.id,
        author_id=message.author.id,
        author_name=message.author.display_name,
        content=message.content,
        created_at=message.created_at,
        edited_at=message.edited_at,
        parent_id=parent_id,
        is_bot=message.author.bot,
        attachments=attachments_of(message),
        mentions=mentions_of(message),
    )


def attachments_of(message: discord.Message) -> tuple[Attachment, ...]:
    return tuple(Attachment(a.filename, a.url, a.size, a.content_type) for a in message.attachments)


def mentions_of(message: discord.Message) -> tuple[Mention, ...]:
    """The names behind the message's mentions, as members see them now: exports show these, not ids.

    Users come with the message itself (with their server nickname); roles and channels are looked up
    in the bot's cache, so ones it cannot see are left out and exported as unknown.
    """
    found = [Mention("user", user.id, user.display_name) for user in message.mentions]
    found += [Mention("role", role.id, role.name) for role in message.role_mentions]
    found += [Mention("channel", channel.id, channel.name) for channel in message.channel_mentions]
    return tuple(found)


def describe_op(op: CommentOp) -> str:
    """A comment change for the log: its kind and ids, never its content."""
    if isinstance(op, CommentCreated):
        comment = op.comment
        return (f"create message {comment.message_id} in thread {comment.thread_id} "
                f"(review {comment.review_id}, guild {comment.guild_id})")
    kind = "edit" if isinstance(op, CommentEdited) else "delete"
    return f"{kind} message {op.message_id}"


class CommentWriter:
    """Queues comment operations and commits them in batches from one background task."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._pending: list[CommentOp] = []
        self._wakeup = asyncio.Event()
        self._committed = 0  # operations committed (or given up on) so far
        self._enqueued = 0
        self._progress = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="comment-writer")

    def put(self, op: CommentOp) -> None:
        self._pending.append(op)
        self._enqueued += 1
        self._wakeup.set()

    def put_many(self, ops: Iterable[CommentOp]) -> None:
        for op in ops:
            self.put(op)

    @property
    def committed(self) -> int:
        """Operations committed (or given up on) since start: a cheap progress counter for callers."""
        return self._committed

    async def flush(self) -> None:
        """Wait until everything queued before this call is committed."""
        target = self._enqueued
        if self._task is None or self._task.done():
            await self._drain()  # no writer task (shutting down): commit inline
            return
        async with self._progress:
            await self._progress.wait_for(lambda: self._committed >= target)

    async def stop(self) -> None:
        """Commit what is pending, then stop the task."""
        await self.flush()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self._drain()

    async def _run(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            await self._drain()

    async def _drain(self) -> None:
        while self._pending:
            batch = self._pending[:MAX_BATCH]
            del self._pending[: len(batch)]
            await self._commit(batch)
            async with self._progress:
                self._committed += len(batch)
                self._progress.notify_all()

    async def _commit(self, batch: list[CommentOp]) -> None:
        delay = 0.1
        while True:
            try:
                await self.store.comments.apply(batch)
                return
            except Exception as exc:
                if is_locked_error(exc):
                    log.warning("Database locked; retrying a batch of %d comment changes", len(batch))
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 2.0)
                    continue
                if len(batch) == 1:
                    # By id only: the comment's text is what a member wrote, and logs get shared.
                    log.exception("Dropping a comment change that cannot be stored: %s", describe_op(batch[0]))
                    return
                # Isolate the bad operation so that the rest of the batch still lands.
                log.warning("A batch of %d comment changes failed (%s); retrying one by one", len(batch), exc)
                for op in batch:
                    await self._commit([op])
                return


async def history_after(thread: discord.Thread, after_id: int) -> list[discord.Message]:
    """Every message of *thread* after *after_id*, oldest first."""
    return [m async for m in thread.history(limit=None, after=discord.Object(after_id), oldest_first=True)]


def is_comment_message(message: discord.Message, tracked: TrackedThread) -> bool:
    """Thread messages that are part of the discussion (not the review itself, not system notices)."""
    return message.id != message.channel.id and message.id not in tracked.own_messages and message.type in (
        discord.MessageType.default,
        discord.MessageType.reply,
    )


async def catch_up(writer: CommentWriter, thread: discord.Thread, tracked: TrackedThread, after_id: int) -> int:
    """Fetch what was said in *thread* after *after_id*; return how many messages that was.

    *after_id* must be the newest message seen **before** the gap (not the newest stored now: live
    messages of the new session may already be stored, and starting after them would skip the gap).
    Messages already stored are ignored by the store, so overlap is harmless.
    """
    messages = [m for m in await history_after(thread, after_id) if is_comment_message(m, tracked)]
    writer.put_many(CommentCreated(comment_from_message(m, tracked)) for m in messages)
    return len(messages)


@dataclass(frozen=True)
class ResyncReport:
    added: int
    edited: int
    deleted: int


async def resync(writer: CommentWriter, thread: discord.Thread, tracked: TrackedThread) -> ResyncReport:
    """Reconcile the whole thread with the store: new messages, edits and deletes made while away."""
    await writer.flush()
    messages = [m for m in await history_after(thread, thread.id) if is_comment_message(m, tracked)]
    stored = await writer.store.comments.live_in_thread(thread.id)
    known = await writer.store.comments.existing_ids(thread.id, [m.id for m in messages])
    ops: list[CommentOp] = []
    added = edited = 0
    for message in messages:
        if message.id not in known:
            ops.append(CommentCreated(comment_from_message(message, tracked)))
            added += 1
        elif message.id in stored and stored[message.id] != message.content:
            ops.append(CommentEdited(message.id, message.content, message.edited_at, attachments_of(message),
                                     mentions_of(message)))
            edited += 1
    present = {m.id for m in messages}
    gone = [message_id for message_id in stored if message_id not in present]
    ops.extend(CommentDeleted(message_id) for message_id in gone)
    writer.put_many(ops)
    await writer.flush()
    return ResyncReport(added, edited, len(gone))
