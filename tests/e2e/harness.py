"""Start the real Reviewbot, as `reviewbot run` does, against the loopback Discord server.

The world every end-to-end test starts from: a guild "Film Club" (locale en-GB, its people's clients too) with a
channel, a #review-forum forum channel, an owner (Manage Server through ownership), a @Reviewer role
with a reviewer, and an ordinary member.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.core import ReviewBot, run_bot
from bot.db import Store
from bot.sandbox.driver import App, Driver, Guild, User
from bot.sandbox.server import LoopbackDiscord


@dataclass
class World:
    server: LoopbackDiscord
    drv: Driver
    app: App
    guild: Guild
    reviews: dict[str, Any]
    forum: dict[str, Any]
    owner: User
    reviewer: User
    member: User
    reviewer_role: dict[str, Any]
    #: the store: a SQLite file, or a PostgreSQL URL (the name is kept from when it could only be a file)
    db_path: Path | str
    bot: ReviewBot | None = None
    task: asyncio.Task[None] | None = None
    extra_bots: list[ReviewBot] = field(default_factory=list)
    #: REVIEWBOT_SHARDS as (shard ids, shard count); None: as many as /gateway/bot recommends
    shards: tuple[tuple[int, ...], int] | None = None
    #: the loopback TMDB the bot is pointed at (with its key), or None: TMDB off
    tmdb: Any = None
    tmdb_key: str | None = None
    #: REVIEWBOT_ALLOW_PRIVATE_FEEDS: the loopback blog is on 127.0.0.1, so the tests allow it
    allow_private_feeds: bool = True

    def settings(self) -> Settings:
        url = self.db_path if isinstance(self.db_path, str) else None
        path = Path("unused.db") if url else self.db_path
        tmdb = {} if self.tmdb is None else {"tmdb_api_key": self.tmdb_key or self.tmdb.api_key,
                                             "tmdb_api_base": self.tmdb.api_base}
        return Settings(token=self.app.token, db_path=path, api_base=self.server.api_base,
                        dev_guild_id=None, log_level="INFO", shards=self.shards, db_url=url,
                        allow_private_feeds=self.allow_private_feeds, **tmdb)

    async def start_bot(self, *, timeout: float = 15.0, wait_caught_up: bool = True) -> ReviewBot:
        """Run the bot the way `reviewbot run` does, and wait until it is ready (and caught up, by default)."""
        created: list[ReviewBot] = []
        caught_up = asyncio.Event()

        def factory(*args: Any, **kwargs: Any) -> ReviewBot:
            bot = ReviewBot(*args, **kwargs)
            bot.add_listener(_set_event(caught_up), "on_comments_caught_up")
            created.append(bot)
            return bot

        self.task = asyncio.create_task(run_bot(
            self.settings(), install_signal_handlers=False, bot_factory=factory,
            guild_ready_timeout=0.05, identify_delay=0.0,
        ))
        async with asyncio.timeout(timeout):
            while not created:
                if self.task.done():
                    self.task.result()
                await asyncio.sleep(0.01)
            bot = created[0]
            ready = asyncio.create_task(bot.wait_until_ready())
            done, _ = await asyncio.wait({ready, self.task}, return_when=asyncio.FIRST_COMPLETED)
            if self.task in done:
                ready.cancel()
                self.task.result()
                raise RuntimeError("the bot stopped before it was ready")
            if wait_caught_up:
                await caught_up.wait()
        self.bot = bot
        return bot

    async def stop_bot(self) -> None:
        if self.bot is not None:
            await self.bot.close()
        if self.task is not None:
            await asyncio.wait_for(self.task, 15)
        self.bot = self.task = None

    async def store(self) -> contextlib.AbstractAsyncContextManager[Store]:
        return Store.open(self.db_path)

    async def flush(self) -> None:
        """Wait until the bot has committed every comment it has been given."""
        assert self.bot is not None
        await self.bot.get_cog("Comments").writer.flush()  # type: ignore[union-attr]


def _set_event(event: asyncio.Event):
    async def listener(*_: Any) -> None:
        event.set()

    return listener


def build_world(
    server: LoopbackDiscord, db_path: Path | str, *, app: App | None = None, shard: tuple[int, int] | None = None,
    name: str = "Film Club",
) -> World:
    """The standard guild; with *app*, another guild of the same bot (on *shard*, ``(id, count)``, if given)."""
    drv = server.driver
    app = app or drv.create_application("Reviewbot")
    # A British club: its people's Discord clients are in British English too, so answers to their
    # commands read "27 June 2011" like the server's own posts (tests/e2e/test_languages.py varies it).
    owner = drv.create_user("Olive Owner", locale="en-GB")
    guild = drv.create_guild(name, preferred_locale="en-GB", owner=owner, shard=shard)
    drv.add_member(guild, owner)
    drv.add_bot(guild, app)
    reviewer_role = drv.create_role(guild, "Reviewer")
    reviewer = drv.create_member(guild, "Rita Reviewer", roles=[reviewer_role], locale="en-GB")
    member = drv.create_member(guild, "Max Member", locale="en-GB")
    reviews = drv.create_text_channel(guild, "reviews")
    forum = drv.create_forum_channel(guild, "review-forum")
    return World(server, drv, app, guild, reviews, forum, owner, reviewer, member, reviewer_role, db_path)
