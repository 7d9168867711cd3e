"""`/feeds`: follow a blog's feed, and publish its new posts as reviews (the blog bridge)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core import ReviewBot
from bot.db.feeds import MAX_FEEDS_PER_GUILD, FeedRow
from bot.domain.paging import page_footer_in, paginate
from bot.domain.problems import Problem
from bot.domain.review_render import clean_single_line, escape_markdown
from bot.domain.translations import Phrasebook
from bot.errors import UserFacingError
from bot.mentions import NO_PINGS
from bot.services.feed_bridge import MAX_BACKFILL, POLL_BROKE, POLL_TIMED_OUT, PollReport, poll_feed
from bot.services.web_fetch import FetchError, check_url, make_session
from bot.ui.access import ensure_may_publish_in, reviewer_only
from bot.ui.language import book_of
from bot.ui.views import Paginator

log = logging.getLogger(__name__)

#: How often the task looks for feeds whose turn it is (each feed is polled every 10 minutes).
TICK_SECONDS = 60
#: Feeds polled at once: a slow blog holds up one slot, not the others.
CONCURRENT_POLLS = 4
POLL_DEADLINE = 60.0


def _label(feed: FeedRow) -> str:
    return clean_single_line(feed.title or feed.url, 80)


def _unread(feed: FeedRow, why: Problem) -> PollReport:
    """The report of a poll that never finished: nothing stored, so the next poll tries as usual."""
    return PollReport(feed.id, error=str(why), problem=why)


def _problem(report: PollReport, _: Phrasebook) -> str:
    """What went wrong in *report*, in the member's language, escaped (it may quote a server)."""
    return escape_markdown(report.problem.said(_) if report.problem else report.error or _("unknown"))


def _status(feed: FeedRow, _: Phrasebook) -> str:
    """How the feed is doing, as Markdown ready to show (the error, which may quote a server, escaped)."""
    if feed.paused:
        return _("paused")
    if feed.failures:
        error = escape_markdown(Problem.decoded(feed.last_error).said(_) if feed.last_error else _("unknown"))
        return _.plural("failing ({n} time in a row: {error})", "failing ({n}× in a row: {error})", feed.failures,
                        error=error)
    if feed.ok_at is None:
        return _("not read yet")
    return _("read {when}", when=discord.utils.format_dt(feed.ok_at, "R"))


@app_commands.guild_only()
class Feeds(commands.GroupCog, group_name="feeds", group_description="Publish a blog's new posts as reviews"):
    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot
        self.session = make_session(allow_private=bot.settings.allow_private_feeds)
        self._room = asyncio.Semaphore(CONCURRENT_POLLS)

    async def cog_load(self) -> None:
        self.poll_due.start()

    async def cog_unload(self) -> None:
        self.poll_due.cancel()
        await self.session.close()

    # -- the task -------------------------------------------------------------------------------------

    @tasks.loop(seconds=TICK_SECONDS)
    async def poll_due(self) -> None:
        due = await self.bot.store.feeds.due(dt.datetime.now(dt.UTC), [g.id for g in self.bot.guilds])
        await asyncio.gather(*(self._poll(feed) for feed in due))

    @poll_due.before_loop
    async def before_poll_due(self) -> None:
        await self.bot.wait_until_ready()

    async def _poll(self, feed: FeedRow, *, backfill: int = 0) -> PollReport:
        async with self._room:
            try:
                async with asyncio.timeout(POLL_DEADLINE):
                    report = await poll_feed(self.bot, self.bot.store, self.session, feed, backfill=backfill,
                                             allow_private=self.bot.settings.allow_private_feeds)
            except TimeoutError:
                report = _unread(feed, POLL_TIMED_OUT)
            except Exception:  # one feed's bug never stops the others
                log.exception("Polling feed %s failed", feed.id)
                report = _unread(feed, POLL_BROKE)
        for review in report.published:
            self.bot.dispatch("review_published", review)
        for review in report.rerendered:
            self.bot.dispatch("review_edited", review)
        return report

    # -- autocomplete ---------------------------------------------------------------------------------

    async def feed_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice]:
        if interaction.guild is None:
            return []
        wanted = current.casefold().strip()
        feeds = await self.bot.store.feeds.for_guild(interaction.guild.id)
        return [app_commands.Choice(name=f"{_label(f)} ({'paused' if f.paused else f'#{f.id}'})"[:100], value=f.id)
                for f in feeds if wanted in (f.title or "").casefold() or wanted in f.url.casefold()][:25]

    async def _feed(self, interaction: discord.Interaction, feed_id: int) -> FeedRow:
        assert interaction.guild is not None
        feed = await self.bot.store.feeds.get(interaction.guild.id, feed_id)
        if feed is None:
            raise UserFacingError("This server follows no such feed; `/feeds list` shows the ones it does.")
        return feed

    # -- commands ---------------------------------------------------------------------------------------

    @app_commands.command(name="add", description="Follow a blog's feed: its new posts are published as reviews")
    @app_commands.describe(url="The feed's address (a WordPress blog's is its address followed by /feed/)",
                           channel="Where to publish (default: the server's review channel)",
                           backfill=f"How many of the newest posts already there to publish now (0-{MAX_BACKFILL})")
    @reviewer_only()
    async def add(self, interaction: discord.Interaction, url: app_commands.Range[str, 1, 500],
                  channel: discord.TextChannel | discord.ForumChannel | None = None,
                  backfill: app_commands.Range[int, 0, MAX_BACKFILL] = 0) -> None:
        assert interaction.guild is not None and isinstance(interaction.user, discord.Member)
        try:
            url = check_url(url, allow_private=self.bot.settings.allow_private_feeds)
        except FetchError as exc:
            raise UserFacingError("That address won't do: {problem}.",
                                  problem=exc.problem.said(book_of(interaction))) from None
        if channel is None:
            settings = await self.bot.store.settings.get(interaction.guild.id)
            found = interaction.guild.get_channel(settings.review_channel_id or 0)
            if not isinstance(found, discord.TextChannel | discord.ForumChannel):
                raise UserFacingError("Name a channel, or set the review channel first with `/settings channel`.")
            channel = found
        ensure_may_publish_in(interaction.user, channel)
        if await self.bot.store.feeds.count(interaction.guild.id) >= MAX_FEEDS_PER_GUILD:
            raise UserFacingError("This server follows {n} feeds, the most it may; `/feeds remove` one first.",
                                  n=MAX_FEEDS_PER_GUILD)
        feed = await self.bot.store.feeds.add(interaction.guild.id, channel.id, url, interaction.user.id)
        if feed is None:
            raise UserFacingError("This server follows that feed already; `/feeds list` shows it.")
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await self._poll(feed, backfill=backfill)
        name = escape_markdown(clean_single_line(report.feed.title if report.feed else url, 100))
        _ = book_of(interaction)
        if report.error:
            text = _("Following **{feed}** in {channel}, but reading it failed: {problem}. It will be tried again; "
                     "`/feeds list` shows how it is doing.", feed=name, channel=channel.mention,
                     problem=_problem(report, _))
        else:
            text = " ".join([
                _("Following **{feed}** in {channel}.", feed=name, channel=channel.mention),
                _.plural("{n} post already there was noted and not published;",
                         "{n} posts already there were noted and not published;", report.recorded),
                _.plural("{n} published now.", "{n} published now.", len(report.published)),
                _("New posts appear within about ten minutes."),
            ])
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)

    @app_commands.command(name="list", description="The feeds this server follows, and how each is doing")
    async def list_feeds(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        feeds = await self.bot.store.feeds.for_guild(interaction.guild.id)
        _ = book_of(interaction)
        if not feeds:
            await interaction.response.send_message(_("This server follows no feeds yet; `/feeds add` adds one."),
                                                    ephemeral=True)
            return
        lines = [f"`{f.id}` **{escape_markdown(_label(f))}** → <#{f.channel_id}> — {_status(f, _)}\n"
                 f"-# <{f.url}>" for f in feeds]
        pages = paginate(lines, header=_("**Feeds** ({count})", count=len(feeds)) + "\n", footer=page_footer_in(_),
                         empty=_("Nothing to show."))
        await Paginator(interaction.user.id, pages).send(interaction, ephemeral=True)

    @app_commands.command(name="check", description="Read a feed now instead of at its next turn")
    @app_commands.describe(feed="The feed to read")
    @app_commands.autocomplete(feed=feed_autocomplete)
    @reviewer_only()
    async def check(self, interaction: discord.Interaction, feed: int) -> None:
        row = await self._feed(interaction, feed)
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await self._poll(row)
        _ = book_of(interaction)
        name = escape_markdown(_label(row))
        if report.error:
            text = _("Reading **{feed}** failed: {problem}.", feed=name, problem=_problem(report, _))
        elif report.unchanged:
            text = _("**{feed}** has nothing new.", feed=name)
        else:
            text = _("Read **{feed}**: {published}, {updated}.", feed=name,
                     published=_.plural("{n} new post published", "{n} new posts published", len(report.published)),
                     updated=_.plural("{n} edited one updated", "{n} edited ones updated", len(report.rerendered)))
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)

    @app_commands.command(name="remove", description="Stop following a feed (published reviews stay)")
    @app_commands.describe(feed="The feed to stop following")
    @app_commands.autocomplete(feed=feed_autocomplete)
    @reviewer_only()
    async def remove(self, interaction: discord.Interaction, feed: int) -> None:
        row = await self._feed(interaction, feed)
        assert interaction.guild is not None
        await self.bot.store.feeds.remove(interaction.guild.id, row.id)
        _ = book_of(interaction)
        await interaction.response.send_message(
            _("No longer following **{feed}**; the reviews it published stay.", feed=escape_markdown(_label(row))),
            ephemeral=True)

    @app_commands.command(name="pause", description="Stop reading a feed for now")
    @app_commands.describe(feed="The feed to pause")
    @app_commands.autocomplete(feed=feed_autocomplete)
    @reviewer_only()
    async def pause(self, interaction: discord.Interaction, feed: int) -> None:
        await self._set_paused(interaction, feed, True)

    @app_commands.command(name="resume", description="Read a paused feed again")
    @app_commands.describe(feed="The feed to resume")
    @app_commands.autocomplete(feed=feed_autocomplete)
    @reviewer_only()
    async def resume(self, interaction: discord.Interaction, feed: int) -> None:
        await self._set_paused(interaction, feed, False)

    async def _set_paused(self, interaction: discord.Interaction, feed_id: int, paused: bool) -> None:
        row = await self._feed(interaction, feed_id)
        assert interaction.guild is not None
        await self.bot.store.feeds.set_paused(interaction.guild.id, row.id, paused)
        _ = book_of(interaction)
        name = escape_markdown(_label(row))
        await interaction.response.send_message(
            _("Paused **{feed}**.", feed=name) if paused else _("Resumed **{feed}**.", feed=name), ephemeral=True)


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(Feeds(bot))
