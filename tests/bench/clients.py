"""The reference clients the bot is compared with: a bare counter and an echo bot, both plain discord.py."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import discord

from bot.api_base import use_api_base
from bot.core import reviewbot_intents


def minimal_intents() -> discord.Intents:
    """The same intents Reviewbot asks for, so both receive the same dispatches."""
    return reviewbot_intents()


class CountingClient(discord.Client):
    """Does nothing with a message except count it: the ceiling for discord.py's own parsing."""

    def __init__(self, expected: int) -> None:
        super().__init__(intents=minimal_intents())
        self.expected = expected
        self.seen = 0
        self.all_seen = asyncio.Event()

    async def on_message(self, message: discord.Message) -> None:
        self.seen += 1
        if self.seen >= self.expected:
            self.all_seen.set()


class EchoClient(discord.Client):
    """Replies "ok" to every message from a human: the floor for an answer's round trip."""

    def __init__(self) -> None:
        super().__init__(intents=minimal_intents(), allowed_mentions=discord.AllowedMentions.none())

    async def on_message(self, message: discord.Message) -> None:
        if not message.author.bot:
            await message.reply("ok", mention_author=False)


async def start_client(client: discord.Client, api_base: str, token: str, *, timeout: float = 20.0) -> asyncio.Task:
    """Point discord.py at the loopback server and run *client* until it is ready; return its task."""
    await use_api_base(api_base)
    task = asyncio.create_task(client.start(token))
    ready = asyncio.create_task(client.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        ready.cancel()
        task.result()
        raise RuntimeError("the client stopped before it was ready")
    if ready not in done:
        raise TimeoutError("the client was not ready in time")
    return task


async def stop_client(client: discord.Client, task: asyncio.Task[Any]) -> None:
    await client.close()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(task, 15)
