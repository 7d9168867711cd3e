"""Keeping TMDB's films fresh in the background, and saying once, plainly, when TMDB refuses the key."""

from __future__ import annotations

import datetime as dt
import logging

from discord.ext import commands, tasks

from bot.core import ReviewBot
from bot.services.tmdb import TmdbError, TmdbRefused

log = logging.getLogger(__name__)

#: How often due films are fetched again (each round fetches a bounded batch).
REFRESH_MINUTES = 10
#: How often TMDB's list of changed films is read.
CHANGES_EVERY = dt.timedelta(days=1)


class TmdbFreshness(commands.Cog):
    """Films that came from TMDB are fetched again daily near a release, monthly otherwise, and early
    when TMDB lists them as changed; a moved date reaches waiting reminders like a curator's change."""

    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot
        self.changes_read: dt.datetime | None = None

    async def cog_load(self) -> None:
        if self.bot.film_lookup.client is not None:
            self.refresh.start()

    async def cog_unload(self) -> None:
        self.refresh.cancel()

    @tasks.loop(minutes=REFRESH_MINUTES)
    async def refresh(self) -> None:
        await self.refresh_once()

    @refresh.before_loop
    async def before_refresh(self) -> None:
        await self.bot.wait_until_ready()

    async def refresh_once(self, now: dt.datetime | None = None) -> list[int]:
        """One round: the changes list when a day has passed, then the films whose turn it is."""
        lookup = self.bot.film_lookup
        now = now or dt.datetime.now(dt.UTC)
        moved: list[int] = []
        try:
            if self.changes_read is None or now - self.changes_read >= CHANGES_EVERY:
                moved += await lookup.refresh_changed(now.date())
                self.changes_read = now
            moved += await lookup.refresh_due(now)
        except TmdbRefused:
            log.error("TMDB refused the configured %s (HTTP 401): answering from the bot's own store only; "
                      "correct it and restart", "TMDB_READ_TOKEN" if self.bot.settings.tmdb_read_token
                      else "TMDB_API_KEY")
            self.refresh.cancel()
        except TmdbError as exc:
            log.warning("TMDB refresh deferred: %s", exc)
        moved = list(dict.fromkeys(moved))
        if moved:
            self.bot.desk.forget_films()  # as after a curator's change: the next look-up reads them afresh
        for film_id in moved:
            self.bot.dispatch("film_releases_changed", film_id)
        return moved


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(TmdbFreshness(bot))
