"""Mirroring review threads into the store, and showing and exporting the mirrored discussion."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from collections.abc import Callable
from functools import partial
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core import ReviewBot
from bot.db.comments import CommentCreated, CommentDeleted, CommentEdited, ThreadDeleted, ThreadRead
from bot.domain.comment_tree import build_tree, render_pages
from bot.domain.connections import ConnectionLog
from bot.domain.models import Review
from bot.mentions import NO_PINGS
from bot.services.exports import MEMBER_RATE, SERVER_RATE, check_upload_size, export_review
from bot.services.mirror import (
    CATCH_UP_CONCURRENCY,
    UNKNOWN_CHANNEL,
    CommentWriter,
    Pacer,
    attachments_of,
    catch_up,
    comment_from_message,
    comment_from_payload,
    is_comment_message,
    is_comment_payload,
    mentions_of,
    plan_catch_up,
    resync,
)
from bot.services.workers import close_workers
from bot.ui.access import reviewer_only
from bot.ui.language import book_of
from bot.ui.review_option import ReviewTransformer
from bot.ui.views import Paginator

log = logging.getLogger(__name__)

#: When the bot was last known connected (ISO 8601): archived listings are read back to there.
CONNECTED_SINCE_KEY = "mirror_connected_since"
#: How often the connected, caught-up shards are noted as connected (a crash then lists this much more).
CONNECTED_HEARTBEAT = 60.0
#: How long showing or exporting waits for pending comments to be written (longer only if the disk is full).
FLUSH_WAIT = 2.0


@app_commands.guild_only()
class Comments(commands.GroupCog, group_name="comments", group_description="A review's discussion, mirrored"):
    """Every message in a review's thread becomes a comment; nothing said while offline is lost."""

    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot
        self.writer = CommentWriter(bot.store)
        self.threads = bot.review_threads  # shared with the bot, which keeps it current
        self._catch_up_task: asyncio.Task[None] | None = None
        #: the writer's committed marks at start-up: every shard's first session begins with this gap
        self.gap_start: dict[int, int] | None = None
        #: shard id → the writer's marks when that shard's session dropped (each shard has its own gap)
        self.shard_gaps: dict[int, dict[int, int]] = {}
        #: shard id → when that shard's session dropped: its archived listings are read back to there
        self.shard_drops: dict[int, dt.datetime] = {}
        #: shards connected and caught up: everything said on them since is live
        self.caught_up_shards: set[int] = set()
        #: when each shard was last known connected, as persisted by the previous run
        self.connections = ConnectionLog({}, None)
        #: shard id → its guilds not yet arrived in this fresh session (catch-up starts once none are left)
        self.arriving: dict[int, set[int]] = {}
        #: shards whose fresh session is already being caught up, before discord.py's shard_ready
        self.started_early: set[int] = set()

    async def cog_load(self) -> None:
        self.writer.marks = await self.bot.store.comments.newest_ids()
        self.writer.restore_holes(await self.bot.store.comments.gaps())
        self.gap_start = dict(self.writer.marks)  # everything since the last run is a gap
        self.connections = ConnectionLog.parse(await self.bot.store.meta.get(CONNECTED_SINCE_KEY))
        self._heartbeat.start()
        self.bot.closing_hooks.append(self._note_closing)
        self.writer.on_recovered = self._catch_up_refused
        self.writer.start()
        self.bot.closing_hooks.append(self.writer.stop)
        self.bot.closing_hooks.append(close_workers)
        self.bot.add_message_handler(self.mirror_message, payload=self.mirror_payload)

    async def cog_unload(self) -> None:
        self.bot.remove_message_handler(self.mirror_message)
        self._heartbeat.cancel()
        await self.writer.stop()

    # ------------------------------------------------------------------ live events
    def mirror_message(self, message: discord.Message) -> None:
        """A message in a review thread becomes a comment (queued for the writer): one of the bot's message handlers.

        Synchronous and without a task of its own: it runs on the bot's one ``on_message`` task.
        """
        tracked = self.threads.get(message.channel.id)
        if tracked is None or message.guild is None or message.guild.id != tracked.guild_id:
            return
        if is_comment_message(message, tracked):
            self.writer.put(CommentCreated(comment_from_message(message, tracked)))

    def mirror_payload(self, data: dict[str, Any], guild: discord.Guild) -> Callable[[], object] | bool:
        """:meth:`mirror_message` for a message's gateway payload, when the comment can be built from it.

        False when discord.py's Message is needed for it (see ``comment_from_payload``), and when
        discord.py holds a Member or User for the author: the Message would take the author's names from
        that object, not from the payload (the bot's own messages, mostly).
        """
        tracked = self.threads.get(int(data["channel_id"]))
        if tracked is None or guild.id != tracked.guild_id or not is_comment_payload(data, tracked):
            return True
        author_id = int(data["author"]["id"])
        if guild.get_member(author_id) is not None or self.bot.get_user(author_id) is not None:
            return False
        comment = comment_from_payload(data, tracked)
        if comment is None:
            return False
        return partial(self.writer.put, CommentCreated(comment))

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        if payload.channel_id not in self.threads or "content" not in payload.data:
            return
        message = payload.message
        self.writer.put(CommentEdited(message.id, message.content, message.edited_at, attachments_of(message),
                                     mentions_of(message)))

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        if payload.channel_id in self.threads:
            self.writer.put(CommentDeleted(payload.message_id))

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        if payload.channel_id in self.threads:
            self.writer.put_many(CommentDeleted(message_id) for message_id in sorted(payload.message_ids))

    @commands.Cog.listener()
    async def on_raw_thread_delete(self, payload: discord.RawThreadDeleteEvent) -> None:
        tracked = self.threads.get(payload.thread_id)
        if tracked is not None and tracked.guild_id == payload.guild_id:
            await self.thread_gone(payload.thread_id)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        """A deleted channel takes its threads with it, archived ones (which the cache lacks) included."""
        for thread_id, tracked in list(self.threads.items()):
            if tracked.channel_id == channel.id and tracked.guild_id == channel.guild.id:
                await self.thread_gone(thread_id)

    async def thread_gone(self, thread_id: int) -> None:
        """A review's thread no longer exists on Discord: tombstone its comments and stop tracking it."""
        if self.threads.pop(thread_id, None) is None:
            return
        self.writer.put(ThreadDeleted(thread_id))
        self.writer.marks.pop(thread_id, None)
        await self.bot.store.reviews.forget_thread(thread_id)
        log.info("Review thread %s was deleted; its comments are now tombstones", thread_id)

    # ------------------------------------------------------------------ catching up
    @commands.Cog.listener()
    async def on_shard_disconnect(self, shard_id: int) -> None:
        """Remember where this shard's gap began; a resumed session replays it, a fresh one needs catching up.

        Per shard: one shard dropping leaves the others' sessions (and their threads) alone.
        """
        self.shard_gaps.setdefault(shard_id, dict(self.writer.marks))
        self.shard_drops.setdefault(shard_id, discord.utils.utcnow())
        self.caught_up_shards.discard(shard_id)

    @commands.Cog.listener()
    async def on_shard_resumed(self, shard_id: int) -> None:
        self.shard_gaps.pop(shard_id, None)  # Discord replayed everything this shard missed

    @commands.Cog.listener()
    async def on_shard_connect(self, shard_id: int) -> None:
        """A fresh session (READY): note which of the shard's guilds are still to arrive.

        discord.py announces a shard ready only ``guild_ready_timeout`` (2 s) after its last guild
        arrived, because it cannot know that none will follow. The READY payload names every guild of
        the session, so once each has arrived the cache holds every active thread: catch-up starts
        then, not two seconds later.
        """
        self.started_early.discard(shard_id)
        waiting = {guild.id for guild in self.bot.guilds if guild.shard_id == shard_id and guild.unavailable}
        self.arriving[shard_id] = waiting
        if not waiting and any(guild.shard_id == shard_id for guild in self.bot.guilds):
            self._start_early(shard_id)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        waiting = self.arriving.get(guild.shard_id)
        if waiting is not None and guild.id in waiting:
            waiting.discard(guild.id)
            if not waiting:
                self._start_early(guild.shard_id)

    def _start_early(self, shard_id: int) -> None:
        self.arriving.pop(shard_id, None)
        self.started_early.add(shard_id)
        self._catch_up_session(shard_id)

    @commands.Cog.listener()
    async def on_shard_ready(self, shard_id: int) -> None:
        """A fresh session of *shard_id* may have missed messages: catch up the review threads that changed."""
        self.arriving.pop(shard_id, None)
        if shard_id in self.started_early:
            self.started_early.discard(shard_id)  # every guild had arrived: caught up (or catching up) already
            return
        self._catch_up_session(shard_id)

    def _catch_up_session(self, shard_id: int) -> None:
        self.caught_up_shards.discard(shard_id)
        gap_start = self.shard_gaps.pop(shard_id, None)
        dropped_at = self.shard_drops.pop(shard_id, None)
        if gap_start is None:
            gap_start = dict(self.gap_start or {})
        since = dropped_at if dropped_at is not None else self.connections.since(shard_id, self._shard_count)
        count = self._shard_count
        on_shard = [thread_id for thread_id, tracked in self.threads.items()
                    if (tracked.guild_id >> 22) % count == shard_id]
        self._schedule_catch_up(gap_start, on_shard, only_changed=True, since=since, shard_id=shard_id)

    @commands.Cog.listener()
    async def on_review_published(self, review: Review) -> None:
        """Read a new thread from its beginning: members may have posted before the review was recorded."""
        if review.thread_id is not None:
            self.writer.restore_holes({review.thread_id: review.thread_id})  # recorded with the review
            self._schedule_catch_up({}, [review.thread_id])

    def _catch_up_refused(self) -> None:
        """The writer can write again after refusing messages: fetch those threads from their marks."""
        self._schedule_catch_up(dict(self.writer.marks), sorted(self.writer.gapped_threads))

    def _schedule_catch_up(
        self, gap_start: dict[int, int], thread_ids: list[int], *, only_changed: bool = False,
        since: dt.datetime | None = None, shard_id: int | None = None,
    ) -> None:
        previous = self._catch_up_task
        self._catch_up_task = asyncio.get_running_loop().create_task(
            self.catch_up_all(gap_start, previous, thread_ids, only_changed=only_changed, since=since,
                              shard_id=shard_id),
            name="catch-up")

    async def catch_up_all(
        self, gap_start: dict[int, int], previous: asyncio.Task[int] | None = None,
        thread_ids: list[int] | None = None, *, only_changed: bool = False,
        since: dt.datetime | None = None, shard_id: int | None = None,
    ) -> int:
        """Catch up *thread_ids* (default: every review thread), each from its mark in *gap_start*.

        *only_changed* (a fresh session): read only the threads Discord shows changed since the
        marks (see :func:`plan_catch_up`), listing archived threads back to *since*, when the shard
        was last connected; otherwise every listed thread is read. *shard_id*'s session is caught
        up once this returns, and is remembered as connected from then on.
        """
        if previous is not None and not previous.done():
            await asyncio.wait({previous})
        started = discord.utils.utcnow()
        ids = list(self.threads) if thread_ids is None else thread_ids
        tracked_ids = {thread_id: self.threads[thread_id] for thread_id in ids if thread_id in self.threads}
        reads = await self.bot.store.comments.thread_reads()
        forced = set(self.writer.gapped_threads) | (set() if only_changed else set(tracked_ids))
        since = since if only_changed else None
        pacer = Pacer()  # one pace for the plan and the reads: under Discord's global limit together
        plan = await plan_catch_up(self.bot, tracked_ids, gap_start, reads, forced=forced, since=since, pacer=pacer)
        for thread_id in plan.gone:
            await self.thread_gone(thread_id)  # deleted while the bot was away
        total = 0
        settled: list[tuple[int, int, int]] = []
        done: dict[int, ThreadRead] = dict(plan.seen)
        room = asyncio.Semaphore(CATCH_UP_CONCURRENCY)

        async def read(thread: discord.Thread) -> None:
            nonlocal total
            tracked = self.threads.get(thread.id)
            if tracked is None:
                return
            async with room:
                try:
                    refusals = self.writer.refusals(thread.id)
                    caught = await catch_up(self.writer, thread, tracked, gap_start.get(thread.id, thread.id), pacer)
                except discord.NotFound as exc:
                    if exc.code == UNKNOWN_CHANNEL:
                        await self.thread_gone(thread.id)
                    else:
                        log.warning("Cannot catch up review thread %s: %s", thread.id, exc)
                    return
                except discord.Forbidden as exc:
                    log.warning("Cannot catch up review thread %s: %s", thread.id, exc)
                    return
                except discord.HTTPException:
                    log.exception("Catching up review thread %s failed; will retry at the next start", thread.id)
                    return
            total += caught.added
            settled.append((thread.id, caught.newest_id, refusals))
            done[thread.id] = ThreadRead(caught.newest_id, thread.archived)

        await asyncio.gather(*(read(thread) for thread in plan.to_read))
        await self.writer.flush()
        for thread_id, newest_id, refusals in settled:
            if self.writer.settle(thread_id, newest_id, refusals):
                try:
                    await self.bot.store.comments.close_gap(thread_id)
                except Exception:  # kept: the next start reads the thread from before the hole again
                    log.warning("Could not note that review thread %s is caught up", thread_id, exc_info=True)
        try:
            await self.bot.store.comments.note_thread_reads(
                {thread_id: read for thread_id, read in done.items() if thread_id in self.threads})
            if shard_id is not None:
                # Connected since *started*: the next fresh session reads archived listings back to here.
                self.caught_up_shards.add(shard_id)
                await self._note_connected({shard_id}, started)
        except Exception:  # the next start reads more than it needs to, nothing is missed
            log.warning("Could not record how far catch-up read", exc_info=True)
        if total:
            log.info("Caught up %d message(s) posted while offline", total)
        log.info("Catch-up finished: %d thread(s) read, %d request(s) in all", len(plan.to_read), pacer.sent)
        self.bot.dispatch("comments_caught_up", total)
        return total

    @property
    def _shard_count(self) -> int:
        return self.bot.shard_count or 1

    async def _note_connected(self, shards: set[int], when: dt.datetime) -> None:
        self.connections = self.connections.connected(shards, self._shard_count, when)
        await self.bot.store.meta.set(CONNECTED_SINCE_KEY, self.connections.dumps())

    async def _note_closing(self) -> None:
        """A clean shutdown: the next start lists archived threads back to now, not to the last heartbeat."""
        self._heartbeat.cancel()
        await self._heartbeat()

    @tasks.loop(seconds=CONNECTED_HEARTBEAT)
    async def _heartbeat(self) -> None:
        """Every caught-up shard is still connected: a crash later reads listings back to about now."""
        if self.caught_up_shards:
            try:
                await self._note_connected(set(self.caught_up_shards), discord.utils.utcnow())
            except Exception:  # the next start lists a little further back, nothing is missed
                log.debug("Could not note the shards' connection time", exc_info=True)

    # ------------------------------------------------------------------ commands
    @app_commands.command(name="show", description="Show a review's discussion as a comment thread")
    @app_commands.describe(review="The review whose discussion to show")
    async def show(
        self, interaction: discord.Interaction, review: app_commands.Transform[Review, ReviewTransformer]
    ) -> None:
        await self.writer.flush_within(FLUSH_WAIT)  # a full disk must not leave the member without an answer
        comments = await self.bot.store.comments.for_review(review.id)
        pages = render_pages(build_tree(comments), review.title, book=book_of(interaction))
        await Paginator(interaction.user.id, pages).send(interaction, ephemeral=True)

    @app_commands.command(name="export", description="Export a review's discussion as a file")
    @app_commands.describe(review="The review whose discussion to export", format="The file format")
    @app_commands.checks.cooldown(*MEMBER_RATE, key=lambda i: (i.guild_id, i.user.id))
    @app_commands.checks.cooldown(*SERVER_RATE, key=lambda i: i.guild_id)
    async def export(
        self,
        interaction: discord.Interaction,
        review: app_commands.Transform[Review, ReviewTransformer],
        format: Literal["json", "markdown", "html", "wxr"] = "json",
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self.writer.flush_within(FLUSH_WAIT)
        export = await export_review(self.bot.store, review, format, locale=book_of(interaction).lang.discord)
        data = export.text.encode("utf-8")
        assert interaction.guild is not None
        check_upload_size(export, len(data), interaction.guild.filesize_limit)
        file = discord.File(io.BytesIO(data), filename=export.filename)
        _ = book_of(interaction)
        await interaction.followup.send(
            _("The discussion of **{title}** as {format}.",
                                 title=discord.utils.escape_markdown(review.title), format=format),
            file=file, ephemeral=True, allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="resync", description="Reconcile a review's thread with the stored comments")
    @app_commands.describe(review="The review whose thread to reconcile")
    @reviewer_only()
    async def resync(
        self, interaction: discord.Interaction, review: app_commands.Transform[Review, ReviewTransformer]
    ) -> None:
        if review.thread_id is None or review.thread_id not in self.threads:
            _ = book_of(interaction)
            await interaction.response.send_message(_("That review has no discussion thread."),
                                                    ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        thread = self.bot.get_channel(review.thread_id) or await self.bot.fetch_channel(review.thread_id)
        assert isinstance(thread, discord.Thread)
        report = await resync(self.writer, thread, self.threads[review.thread_id])
        _ = book_of(interaction)
        await interaction.followup.send(
            _("Resynced the discussion: {added} new, {edited} edited, {deleted} deleted.",
                                 added=report.added, edited=report.edited, deleted=report.deleted),
            ephemeral=True,
        )


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(Comments(bot))
