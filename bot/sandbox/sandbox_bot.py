"""The real bot inside the sandbox, started and stopped on demand (``!offline`` / ``!online``).

Stopping it and starting it again on the same database is what shows catch-up: whatever members
said while it was away is read back from the threads' history when it returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from bot.config import Settings
from bot.core import ReviewBot, run_bot

log = logging.getLogger(__name__)


class BotRunner:
    """One run of :func:`bot.core.run_bot` at a time, as ``reviewbot run`` would do it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.bot: ReviewBot | None = None
        self.task: asyncio.Task[None] | None = None
        self.caught_up: int | None = None
        self._starts = 0

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    async def start(self, *, timeout: float = 30.0) -> None:
        """Start the bot and return once it is ready and has caught up with what it missed."""
        if self.running:
            return
        created: list[ReviewBot] = []
        caught_up = asyncio.Event()
        self.caught_up = None

        async def on_caught_up(total: int) -> None:
            self.caught_up = total
            caught_up.set()

        def factory(*args: Any, **kwargs: Any) -> ReviewBot:
            bot = ReviewBot(*args, **kwargs)
            bot.add_listener(on_caught_up, "on_comments_caught_up")
            created.append(bot)
            return bot

        # The loopback server is new each sandbox, so the first start always registers the commands.
        sync = "force" if self._starts == 0 else "auto"
        self._starts += 1
        self.task = asyncio.create_task(run_bot(
            self.settings, sync_commands=sync, install_signal_handlers=False, bot_factory=factory,
            guild_ready_timeout=0.1, identify_delay=0.0,
        ), name="sandbox-bot")
        async with asyncio.timeout(timeout):
            while not created:
                await self._check_alive()
                await asyncio.sleep(0.01)
            self.bot = created[0]
            waiter = asyncio.create_task(caught_up.wait())
            await asyncio.wait({waiter, self.task}, return_when=asyncio.FIRST_COMPLETED)
            if not waiter.done():
                waiter.cancel()
            await self._check_alive()

    async def _check_alive(self) -> None:
        assert self.task is not None
        if self.task.done():
            self.task.result()  # the bot's own error, if any
            raise RuntimeError("the bot stopped before it was ready")

    async def stop(self) -> None:
        """Close the bot the way SIGTERM does: flush the comment writer, close the store."""
        if self.bot is not None:
            with contextlib.suppress(Exception):
                await self.bot.close()
        if self.task is not None:
            try:
                await asyncio.wait_for(self.task, 15)
            except (asyncio.CancelledError, TimeoutError, Exception):
                log.exception("The sandbox bot did not stop cleanly")
        self.bot = self.task = None
