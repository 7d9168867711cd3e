"""Mirroring review threads into the store: group-committed writes and catch-up through history.

Why a writer task: a burst of thousands of messages a second must not turn into thousands of
transactions (each an fsync) nor stall the event loop. Events are queued as operations and a single
task commits whatever has gathered in one short transaction; a crash loses at most the operations
not yet committed, which the next catch-up fetches again from channel history.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.db import Store
from bot.db.comments import CommentCreated, CommentDeleted, CommentEdited, CommentOp, ThreadRead
from bot.db.database import is_locked_error, is_storage_error
from bot.domain.models import Attachment, Comment, Mention, Review

log = logging.getLogger(__name__)

MAX_BATCH = 2_000
#: How long the writer lets changes gather before committing them. Without it a steady stream commits a
#: handful of comments per transaction (each BEGIN, insert and COMMIT a hop to SQLite's thread and back),
#: and those hops cost the event loop more than the inserts; with it, a burst of thousands a second
#: commits in batches of a hundred or more. A comment is committed this much later, which nobody sees.
GATHER_SECONDS = 0.02
#: Comment changes held in memory while the database cannot be written (a few hundred bytes each).
MAX_PENDING = 100_000
#: The longest wait between two attempts to write a batch to a full or failing disk.
RETRY_MAX_SECONDS = 5.0
#: How long shutting down waits for pending comments when the database cannot be written.
STOP_TIMEOUT = 10.0
#: Threads whose history catch-up reads at once: enough to hide each request's latency.
CATCH_UP_CONCURRENCY = 4
#: Requests a second catch-up makes at most, after a first burst of CATCH_UP_BURST: half of Discord's
#: global limit (50 a second per bot token), so a restart never draws 429s and the other half is left
#: for commands, publishing and live traffic. discord.py keeps to each route's bucket by itself, but
#: not to the global limit: it learns of that only from a 429.
CATCH_UP_RATE = 25.0
CATCH_UP_BURST = 10
#: Messages per history request, and threads per archived listing: Discord's largest page.
PAGE = 100
#: How far before the last connection catch-up reads archived listings: clocks and archive timestamps
#: are not exact, and reading a little further costs nothing but a few listed threads.
ARCHIVE_MARGIN = dt.timedelta(minutes=5)
#: Discord's error code for a channel (or thread) that does not exist.
UNKNOWN_CHANNEL = 10003


@dataclass(frozen=True)
class TrackedThread:
    """A review's discussion thread, and the review's own messages in it (a forum post's), which are not comments."""

    review_id: int
    guild_id: int
    own_messages: frozenset[int] = frozenset()
    #: the review's film, for questions asked in the thread without naming one
    film_id: int | None = None
    film_title: str | None = None

    #: the channel the review was published in (the thread's parent): deleting it deletes the thread
    channel_id: int | None = None

    @classmethod
    def of(cls, review: Review) -> TrackedThread:
        return cls(review.id, review.guild_id, frozenset(review.message_ids), review.film_id, review.film_title,
                   review.channel_id)


def comment_of(
    tracked: TrackedThread, *, message_id: int, thread_id: int, author_id: int, author_name: str, is_bot: bool,
    content: str, edited_at: dt.datetime | None, reference: tuple[int | None, int] | None,
    attachments: tuple[Attachment, ...], mentions: tuple[Mention, ...],
) -> Comment:
    """The stored form of a thread message, from its facts: the one place the comment rules live.

    Both a discord.py Message (:func:`comment_from_message`: catch-up, resync, and live messages that
    need one) and a gateway payload (:func:`comment_from_payload`: the live fast path) are read into
    these arguments, so both store the same row. *reference* is the replied-to (message id, channel
    id); a reply's parent is kept only within the same thread, and never the review's own starter.
    """
    parent_id = None
    if reference is not None:
        ref_message, ref_channel = reference
        if ref_message is not None and ref_channel == thread_id and ref_message != thread_id:
            parent_id = ref_message
    return Comment(
        message_id=message_id,
        review_id=tracked.review_id,
        guild_id=tracked.guild_id,
        thread_id=thread_id,
        author_id=author_id,
        author_name=author_name,
        content=content,
        created_at=discord.utils.snowflake_time(message_id),  # what Message.created_at is
        edited_at=edited_at,
        parent_id=parent_id,
        is_bot=is_bot,
        attachments=attachments,
        mentions=mentions,
    )


def comment_from_message(message: discord.Message, thread: TrackedThread) -> Comment:
    """The stored form of a thread message read by discord.py."""
    reference = message.reference
    author = message.author
    return comment_of(
        thread, message_id=message.id, thread_id=message.channel.id, author_id=author.id,
        author_name=author.display_name, is_bot=author.bot, content=message.content, edited_at=message.edited_at,
        reference=None if reference is None else (reference.message_id, reference.channel_id),
        attachments=attachments_of(message) if message.attachments else (), mentions=mentions_of(message),
    )


def comment_from_payload(data: Mapping[str, Any], thread: TrackedThread) -> Comment | None:
    """The stored form of a MESSAGE_CREATE payload in *thread*, or None where only discord.py's Message will do.

    The live fast path (see ``ReviewBot.payload_handlers``): building a discord.Message is most of what
    reading a message costs. Only what this reads exactly as the Message would is built here: a message
    of the discussion (:func:`is_comment_payload`) with no user, role or channel mentions (their names
    come from discord.py's caches) and not from a webhook; anything else gives None. The caller checks
    that discord.py holds no Member or User for the author (the Message would take its names from there).
    """
    content = data["content"]
    if data.get("mentions") or data.get("mention_roles") or "<#" in content or data.get("webhook_id"):
        return None
    author = data["author"]
    member = data.get("member")
    reference = data.get("message_reference")
    attachments = data.get("attachments")
    message_id = int(data["id"])
    return comment_of(
        thread, message_id=message_id, thread_id=int(data["channel_id"]), author_id=int(author["id"]),
        # Member.display_name, or User.display_name for a payload without its member
        author_name=(member and member.get("nick")) or author.get("global_name") or author["username"],
        is_bot=author.get("bot", False), content=content,
        edited_at=discord.utils.parse_time(data.get("edited_timestamp")),
        reference=None if reference is None else (_snowflake(reference.get("message_id")),
                                                  int(reference["channel_id"])),
        attachments=tuple(Attachment(a["filename"], a["url"], a["size"], a.get("content_type"))
                          for a in attachments) if attachments else (),
        mentions=(),
    )


def _snowflake(value: str | int | None) -> int | None:
    return None if value is None else int(value)


def attachments_of(message: discord.Message) -> tuple[Attachment, ...]:
    return tuple(Attachment(a.filename, a.url, a.size, a.content_type) for a in message.attachments)


def mentions_of(message: discord.Message) -> tuple[Mention, ...]:
    """The names behind the message's mentions, as members see them now: exports show these, not ids.

    Users come with the message itself (with their server nickname); roles and channels are looked up
    in the bot's cache, so ones it cannot see are left out and exported as unknown.
    """
    found = [Mention("user", user.id, user.display_name) for user in message.mentions]
    found += [Mention("role", role.id, role.name) for role in message.role_mentions]
    if "<#" in message.content:  # discord.py finds channel mentions in the content (a regex); most have none
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
    """Queues comment operations and commits them in batches from one background task.

    Nothing is dropped because the disk is full or failing: the batch is kept and retried with
    back-off, and new operations keep queueing up to :attr:`max_pending`. Past that the writer stops
    accepting (memory is not unbounded) and the threads whose messages it refused are left to
    catch-up, which re-reads them from Discord once writes succeed again.

    Catch-up starts from :attr:`marks`: per thread, the newest message up to which everything is
    committed. Marks move only when a batch commits, never on receipt, and stop moving for a thread
    whose messages were refused until a catch-up has covered the gap (:meth:`settle`).
    """

    def __init__(self, store: Store, *, max_pending: int = MAX_PENDING) -> None:
        self.store = store
        self.max_pending = max_pending
        self._pending: list[CommentOp] = []
        self._wakeup = asyncio.Event()
        self._committed = 0  # operations committed (or given up on) so far
        self._enqueued = 0
        self._progress = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None
        #: thread id → newest message id such that every comment up to it is committed
        self.marks: dict[int, int] = {}
        #: thread id → how many of its messages were refused (a thread here has a gap to catch up)
        self._refused: dict[int, int] = {}
        #: thread id → the message after which its hole begins; recorded in the store with the next batch
        #: that commits (before any newer comment of the thread), so a restart still knows of the hole
        self._holes: dict[int, int] = {}
        self._unsaved_holes: dict[int, int] = {}
        self._refusing = False
        self._storage_failing = False
        #: called once writes succeed again after operations were refused (the bot catches up then)
        self.on_recovered: Callable[[], None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="comment-writer")

    def put(self, op: CommentOp) -> bool:
        """Queue *op*; False when the queue is full (the database has been unwritable for a while)."""
        if len(self._pending) >= self.max_pending:
            if not self._refusing:
                self._refusing = True
                log.error("%d comment changes are waiting for the database; refusing new ones until it can be "
                          "written again (catch-up will fetch the messages from Discord then)", len(self._pending))
            if isinstance(op, CommentCreated):
                thread_id = op.comment.thread_id
                self._refused[thread_id] = self._refused.get(thread_id, 0) + 1
                if thread_id not in self._holes:
                    self._holes[thread_id] = self._unsaved_holes[thread_id] = op.comment.message_id - 1
            return False
        self._pending.append(op)
        self._enqueued += 1
        self._wakeup.set()
        return True

    def put_many(self, ops: Iterable[CommentOp]) -> None:
        for op in ops:
            self.put(op)

    async def put_when_room(self, ops: Iterable[CommentOp]) -> None:
        """Queue *ops*, waiting for room instead of being refused: for catch-up, which can wait."""
        for op in ops:
            if len(self._pending) >= self.max_pending:
                async with self._progress:
                    await self._progress.wait_for(lambda: len(self._pending) < self.max_pending)
            self._pending.append(op)
            self._enqueued += 1
            self._wakeup.set()

    @property
    def committed(self) -> int:
        """Operations committed (or given up on) since start: a cheap progress counter for callers."""
        return self._committed

    @property
    def gapped_threads(self) -> set[int]:
        """Threads some of whose messages were refused and not yet caught up."""
        return set(self._refused)

    def refusals(self, thread_id: int) -> int:
        """How many of *thread_id*'s messages were refused so far (read before a catch-up, for :meth:`settle`)."""
        return self._refused.get(thread_id, 0)

    def restore_holes(self, holes: dict[int, int]) -> None:
        """Holes recorded before the last stop: catch-up starts before them, and they stay open until it has."""
        for thread_id, after_id in holes.items():
            self._holes[thread_id] = after_id
            self._refused.setdefault(thread_id, 0)
            self.marks[thread_id] = min(self.marks.get(thread_id, after_id), after_id)

    def settle(self, thread_id: int, newest_id: int, refusals_before: int) -> bool:
        """A catch-up of *thread_id* through *newest_id* is committed: move its mark, close its gap.

        *refusals_before* is :meth:`refusals` from before the catch-up read the history; if more
        messages were refused since, the gap is not closed (they may be newer than what it read).
        True when a hole was closed (the caller removes it from the store too).
        """
        if self._refused.get(thread_id, 0) != refusals_before:
            return False
        self._refused.pop(thread_id, None)
        self._unsaved_holes.pop(thread_id, None)
        if newest_id > self.marks.get(thread_id, 0):
            self.marks[thread_id] = newest_id
        return self._holes.pop(thread_id, None) is not None

    async def flush(self) -> None:
        """Wait until everything queued before this call is committed."""
        target = self._enqueued
        if self._task is None or self._task.done():
            await self._drain()  # no writer task (shutting down): commit inline
            return
        async with self._progress:
            await self._progress.wait_for(lambda: self._committed >= target)

    async def flush_within(self, timeout: float) -> bool:
        """:meth:`flush`, but give up after *timeout*: for a member waiting on a reply while the disk is full."""
        try:
            await asyncio.wait_for(self.flush(), timeout)
        except TimeoutError:
            return False
        return True

    async def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Commit what is pending, then stop the task; give up after *timeout* if the disk stays unwritable."""
        try:
            await asyncio.wait_for(self.flush(), timeout)
        except TimeoutError:
            log.error("Stopping with %d comment change(s) not written (the database cannot be written); "
                      "the next start catches the messages up from Discord", len(self._pending))
            self._pending.clear()
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
            if len(self._pending) < MAX_BATCH:
                await asyncio.sleep(GATHER_SECONDS)  # let the burst gather: one transaction for all of it
            await self._drain()

    async def _drain(self) -> None:
        while self._pending:
            batch = self._pending[:MAX_BATCH]
            await self._commit(batch)
            # Removed only once committed: a batch waiting out a full disk is still pending (and counted).
            del self._pending[: len(batch)]
            self._advance_marks(batch)
            async with self._progress:
                self._committed += len(batch)
                self._progress.notify_all()
            if self._refusing and len(self._pending) < self.max_pending // 2:
                self._refusing = False
                log.warning("The database can be written again; catching up the messages that were refused")
                if self.on_recovered is not None:
                    self.on_recovered()

    def _advance_marks(self, batch: list[CommentOp]) -> None:
        for op in batch:
            if isinstance(op, CommentCreated):
                comment = op.comment
                if comment.thread_id not in self._holes and comment.message_id > self.marks.get(comment.thread_id, 0):
                    self.marks[comment.thread_id] = comment.message_id

    async def _commit(self, batch: list[CommentOp]) -> None:
        delay = 0.1
        while True:
            holes = dict(self._unsaved_holes)
            try:
                await self.store.comments.apply(batch, gaps=holes)
            except Exception as exc:
                if is_locked_error(exc):
                    log.warning("Database locked; retrying a batch of %d comment changes", len(batch))
                elif is_storage_error(exc):
                    if not self._storage_failing:
                        self._storage_failing = True
                        # One line per outage, with SQLite's reason; never the comments themselves.
                        log.error("Cannot write comments to the database (%s); keeping %d pending change(s) and "
                                  "retrying until it can be written", exc, len(self._pending))
                elif len(batch) == 1:
                    # By id only: the comment's text is what a member wrote, and logs get shared.
                    log.error("Dropping a comment change that cannot be stored (%s): %s", describe_op(batch[0]), exc)
                    return
                else:
                    # Not the disk's fault: isolate the operation that cannot be stored; the rest still lands.
                    log.warning("A batch of %d comment changes failed (%s); retrying one by one", len(batch), exc)
                    for op in batch:
                        await self._commit([op])
                    return
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX_SECONDS)
                continue
            for thread_id, after_id in holes.items():
                if self._unsaved_holes.get(thread_id) == after_id:
                    del self._unsaved_holes[thread_id]
            if self._storage_failing:
                self._storage_failing = False
                log.warning("Comments can be written to the database again; storing the %d held change(s)",
                            len(self._pending))
            return


def _message_id(op: CommentOp) -> int:
    return op.comment.message_id if isinstance(op, CommentCreated) else op.message_id


class Pacer:
    """Spaces requests out to *rate* a second after a burst of *burst* (a token bucket, kept as one time).

    Each caller reserves the next free slot before it sends, so callers running at once queue up in
    order instead of all sending together; nothing is sent late by more than the wait it was given.
    """

    def __init__(self, rate: float = CATCH_UP_RATE, burst: int = CATCH_UP_BURST) -> None:
        self.interval = 1.0 / rate
        self.tolerance = (burst - 1) * self.interval
        self._due = 0.0  # when the bucket would be full again (the "theoretical arrival time")
        #: requests paced so far (the plan and reads report how many they made)
        self.sent = 0

    async def wait(self) -> None:
        now = asyncio.get_running_loop().time()
        due = max(self._due, now)
        delay = due - self.tolerance - now
        self._due = due + self.interval
        self.sent += 1
        if delay > 0:
            await asyncio.sleep(delay)


async def history_after(
    thread: discord.Thread, after_id: int, pacer: Pacer | None = None
) -> list[discord.Message]:
    """Every message of *thread* after *after_id*, oldest first, a page per request (each paced)."""
    messages: list[discord.Message] = []
    after = after_id
    while True:
        if pacer is not None:
            await pacer.wait()
        page = [m async for m in thread.history(limit=PAGE, after=discord.Object(after), oldest_first=True)]
        messages.extend(page)
        if len(page) < PAGE:
            return messages
        after = page[-1].id


#: The message types of a discussion: plain messages and replies (not system notices such as pins).
COMMENT_TYPES = frozenset({discord.MessageType.default.value, discord.MessageType.reply.value})


def is_comment(tracked: TrackedThread, message_id: int, thread_id: int, message_type: int) -> bool:
    """Thread messages that are part of the discussion (not the review itself, not system notices)."""
    return message_id != thread_id and message_id not in tracked.own_messages and message_type in COMMENT_TYPES


def is_comment_message(message: discord.Message, tracked: TrackedThread) -> bool:
    return is_comment(tracked, message.id, message.channel.id, message.type.value)


def is_comment_payload(data: Mapping[str, Any], tracked: TrackedThread) -> bool:
    return is_comment(tracked, int(data["id"]), int(data["channel_id"]), data["type"])


@dataclass(frozen=True)
class CaughtUp:
    """What one catch-up of a thread read: new comments queued, deletions noticed, the newest message read."""

    added: int
    deleted: int
    newest_id: int


async def catch_up(
    writer: CommentWriter, thread: discord.Thread, tracked: TrackedThread, after_id: int,
    pacer: Pacer | None = None,
) -> CaughtUp:
    """Fetch what was said in *thread* after *after_id*, and notice what was deleted in that range.

    *after_id* must be the newest message committed **before** the gap (the writer's mark from then,
    not the newest stored now: live messages of the new session may already be stored, and starting
    after them would skip the gap). Messages already stored are ignored by the store, so overlap is
    harmless. A stored comment in the range read that Discord no longer has was deleted meanwhile.
    """
    history = await history_after(thread, after_id, pacer)
    newest_id = max((m.id for m in history), default=after_id)
    messages = await _without_quotes(writer, [m for m in history if is_comment_message(m, tracked)])
    await writer.put_when_room(CommentCreated(comment_from_message(m, tracked)) for m in messages)
    present = {m.id for m in history}
    stored = await writer.store.comments.live_ids_between(thread.id, after_id, newest_id)
    gone = sorted(stored - present)
    await writer.put_when_room(CommentDeleted(message_id) for message_id in gone)
    return CaughtUp(len(messages), len(gone), newest_id)


async def _without_quotes(writer: CommentWriter, messages: list[discord.Message]) -> list[discord.Message]:
    """*messages* less the bot's quotes of blog comments (the blog bridge): those are the blog
    comment's, not comments of their own. Live messages need no such look-up: the store drops them."""
    own = [m.id for m in messages if m.author.bot]
    quotes = await writer.store.comments.quote_message_ids(own) if own else set()
    return [m for m in messages if m.id not in quotes] if quotes else messages


@dataclass(frozen=True)
class ResyncReport:
    added: int
    edited: int
    deleted: int


async def resync(writer: CommentWriter, thread: discord.Thread, tracked: TrackedThread) -> ResyncReport:
    """Reconcile the whole thread with the store: new messages, edits and deletes made while away."""
    await writer.flush()
    messages = await _without_quotes(writer, [m for m in await history_after(thread, thread.id)
                                              if is_comment_message(m, tracked)])
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
    await writer.put_when_room(ops)
    await writer.flush()
    return ResyncReport(added, edited, len(gone))


@dataclass
class CatchUpPlan:
    """Which review threads changed while away, found from what Discord already tells the bot.

    Active threads arrive with each guild, with their ``last_message_id``; archived ones are listed per
    review channel (newest archived first), and only back to the last connection, because posting in an
    archived thread unarchives it: a thread archived before then has had nothing said in it since.
    """

    #: threads with messages newer than their mark: their history is read
    to_read: list[discord.Thread] = field(default_factory=list)
    #: threads that no longer exist on Discord
    gone: list[int] = field(default_factory=list)
    #: what was learnt of the threads that are not read (their archived state), to remember
    seen: dict[int, ThreadRead] = field(default_factory=dict)
    #: REST requests the plan itself made (listings and single-thread look-ups)
    requests: int = 0


def _changed(thread: discord.Thread, mark: int) -> bool:
    return (thread.last_message_id or 0) > mark


async def plan_catch_up(
    client: discord.Client,
    threads: Mapping[int, TrackedThread],
    marks: Mapping[int, int],
    reads: Mapping[int, ThreadRead],
    *,
    forced: Collection[int] = (),
    since: dt.datetime | None,
    pacer: Pacer | None = None,
) -> CatchUpPlan:
    """Decide which of *threads* to read, asking Discord as little as possible.

    *marks* are the newest message per thread known to be stored before the gap; *reads* what earlier
    catch-ups read; *forced* threads (holes, new reviews) are read whatever they say; *since* is when
    the bot was last connected (None: unknown, so every archived thread whose state is unknown is asked for).
    Every request waits for *pacer* first, so a plan over thousands of threads stays under the global limit.
    """
    plan = CatchUpPlan()
    by_channel: dict[int, list[int]] = {}
    for thread_id, tracked in threads.items():
        read = reads.get(thread_id)
        mark = marks.get(thread_id, thread_id)
        if read is not None and thread_id not in forced:
            mark = max(mark, read.read_through)
        cached = client.get_channel(thread_id)
        if isinstance(cached, discord.Thread) and not cached.archived:
            if thread_id in forced or _changed(cached, mark):
                plan.to_read.append(cached)
            elif read is None or read.archived:
                plan.seen[thread_id] = ThreadRead(mark, False)
            continue
        by_channel.setdefault(tracked.channel_id or 0, []).append(thread_id)

    for channel_id, waiting in by_channel.items():
        remaining = set(waiting)
        channel = client.get_channel(channel_id) if channel_id else None
        if channel is None and channel_id and await _channel_gone(client, channel_id, plan, pacer):
            plan.gone.extend(sorted(remaining))  # a deleted channel's threads go with it, as on Discord
            continue
        if since is not None and isinstance(channel, discord.TextChannel | discord.ForumChannel):
            try:
                async for listed in _archived_since(channel, since - ARCHIVE_MARGIN, plan, pacer):
                    if listed.id in remaining:
                        remaining.discard(listed.id)
                        mark = max(marks.get(listed.id, listed.id), _read_through(reads, listed.id, forced))
                        if listed.id in forced or _changed(listed, mark):
                            plan.to_read.append(listed)
                        else:
                            plan.seen[listed.id] = ThreadRead(mark, True)
            except discord.HTTPException as exc:
                log.warning("Cannot list archived threads of channel %s (%s); asking for each thread", channel_id, exc)
        for thread_id in sorted(remaining):
            read = reads.get(thread_id)
            if since is not None and read is not None and read.archived and thread_id not in forced:
                continue  # archived before the last connection and not listed since: nothing new
            await _look_up(client, thread_id, marks, reads, forced, plan, pacer)
    log.info("Catch-up: %d of %d review thread(s) changed while away (%d request(s) to find out)",
             len(plan.to_read), len(threads), plan.requests)
    return plan


async def _archived_since(
    channel: discord.TextChannel | discord.ForumChannel, since: dt.datetime, plan: CatchUpPlan,
    pacer: Pacer | None,
) -> AsyncIterator[discord.Thread]:
    """*channel*'s public archived threads archived after *since*, newest first, a paced page per request."""
    before: dt.datetime | None = None
    while True:
        if pacer is not None:
            await pacer.wait()
        plan.requests += 1
        page = [t async for t in channel.archived_threads(limit=PAGE, before=before)]
        for listed in page:
            if listed.archive_timestamp < since:
                return
            yield listed
        if len(page) < PAGE:
            return
        before = page[-1].archive_timestamp


async def _channel_gone(client: discord.Client, channel_id: int, plan: CatchUpPlan, pacer: Pacer | None) -> bool:
    """A review channel missing from the cache: one request says whether it was deleted (10003).

    Without it, each of its threads would be asked for in turn, one request apiece.
    """
    if pacer is not None:
        await pacer.wait()
    plan.requests += 1
    try:
        await client.fetch_channel(channel_id)
    except discord.NotFound as exc:
        return exc.code == UNKNOWN_CHANNEL
    except discord.HTTPException as exc:
        log.warning("Cannot tell whether review channel %s still exists (%s); asking for each thread", channel_id,
                    exc)
    return False


def _read_through(reads: Mapping[int, ThreadRead], thread_id: int, forced: Collection[int]) -> int:
    read = reads.get(thread_id)
    return 0 if read is None or thread_id in forced else read.read_through


async def _look_up(
    client: discord.Client, thread_id: int, marks: Mapping[int, int], reads: Mapping[int, ThreadRead],
    forced: Collection[int], plan: CatchUpPlan, pacer: Pacer | None,
) -> None:
    """One thread whose state nothing listed: ask for it (it may be gone, or archived before we knew)."""
    if pacer is not None:
        await pacer.wait()
    plan.requests += 1
    try:
        thread = await client.fetch_channel(thread_id)
    except discord.NotFound as exc:
        if exc.code == UNKNOWN_CHANNEL:
            plan.gone.append(thread_id)
        else:
            log.warning("Cannot catch up review thread %s: %s", thread_id, exc)
        return
    except discord.HTTPException as exc:
        log.warning("Cannot catch up review thread %s: %s", thread_id, exc)
        return
    if not isinstance(thread, discord.Thread):
        return
    mark = max(marks.get(thread_id, thread_id), _read_through(reads, thread_id, forced))
    if thread_id in forced or _changed(thread, mark):
        plan.to_read.append(thread)
    else:
        plan.seen[thread_id] = ThreadRead(mark, thread.archived)
