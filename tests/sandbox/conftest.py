"""Fixtures for tests that run real discord.py bots against the loopback Discord.

``loopback``: a started :class:`LoopbackDiscord` with discord.py redirected to it (undone after);
teardown fails the test if any bot called a route the server does not know, sent a body the
server could not handle (``server.errors``), or if an exchange differs from Discord's OpenAPI
specification (``server.spec_mismatches``, see ``tests/spec_conformance.py``).
``drv``: its driver. ``run_bot``: ``await run_bot(bot, app)`` starts *bot* with *app*'s token and
returns once ``on_ready`` fired; every bot started so is closed at teardown.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import discord
import discord.gateway
import discord.http
import pytest

from bot.api_base import use_api_base
from bot.sandbox import App, Driver, LoopbackDiscord
from tests.spec_conformance import assert_conforms

RunBot = Callable[..., Awaitable[discord.Client]]


@pytest.fixture
async def loopback() -> AsyncIterator[LoopbackDiscord]:
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    server = LoopbackDiscord()
    await server.start()
    await use_api_base(server.api_base)
    try:
        yield server
    finally:
        await server.stop()
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
    assert not server.unknown_routes, f"bots called unknown routes: {server.unknown_routes}"
    assert not server.errors, "requests the server could not handle:\n" + "\n".join(e[2] for e in server.errors)
    assert_conforms(server)


@pytest.fixture
def drv(loopback: LoopbackDiscord) -> Driver:
    return loopback.driver


async def _no_identify_wait(shard_id: int | None, *, initial: bool = False) -> None:
    """discord.py sleeps 5 s before every re-IDENTIFY; a loopback server needs no such courtesy."""


def prepare(bot: discord.Client) -> discord.Client:
    """Make *bot* quick to (re)connect: no 5 s wait before re-IDENTIFY, short guild_ready_timeout."""
    bot.before_identify_hook = _no_identify_wait  # type: ignore[method-assign]
    bot._connection.guild_ready_timeout = 0.05
    return bot


@pytest.fixture
async def run_bot(loopback: LoopbackDiscord) -> AsyncIterator[RunBot]:
    started: list[tuple[discord.Client, asyncio.Task[None]]] = []

    async def run(bot: discord.Client, app: App, *, timeout: float = 5.0) -> discord.Client:
        prepare(bot)
        ready = asyncio.Event()

        async def on_ready() -> None:
            ready.set()

        bot.add_listener(on_ready) if hasattr(bot, "add_listener") else setattr(bot, "on_ready", on_ready)
        task = asyncio.create_task(bot.start(app.token))
        started.append((bot, task))
        ready_wait = asyncio.create_task(ready.wait())
        done, _ = await asyncio.wait({ready_wait, task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if ready_wait not in done:
            ready_wait.cancel()
            if task in done:
                task.result()  # raise the bot's error
            raise TimeoutError("the bot did not become ready")
        return bot

    yield run
    for bot, task in started:
        await bot.close()
        try:
            await asyncio.wait_for(task, 5)
        except (asyncio.CancelledError, TimeoutError):
            task.cancel()
