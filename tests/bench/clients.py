"""The reference clients the bot is compared with: a bare counter and an echo bot, both plain discord.py.

``python -m tests.bench.clients CHANNEL_ID COUNT`` runs the bare counter as its own process (for the
mirror benchmark), against ``DISCORD_API_BASE`` with ``DISCORD_TOKEN``: it prints ``ready`` once
connected, ``probe`` at the first message in the channel, and ``done <time.monotonic()>`` at the
COUNT-th, the moment its ``on_message`` counted it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
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


class ThreadCounter(discord.Client):
    """The bare counter of the mirror benchmark: counts one channel's messages, reports on stdout.

    Its only work per message is discord.py's own (read, inflate, parse, build the Message, dispatch
    one task) plus a comparison and an addition: what the bot's mirror is held to.
    """

    def __init__(self, channel_id: int, expected: int) -> None:
        super().__init__(intents=minimal_intents())
        self.channel_id = channel_id
        self.expected = expected
        self.seen = 0

    async def on_ready(self) -> None:
        print("ready", flush=True)

    async def on_message(self, message: discord.Message) -> None:
        if message.channel.id != self.channel_id:
            return
        self.seen += 1
        if self.seen == 1:
            print("probe", flush=True)
        elif self.seen == self.expected:
            print(f"done {time.monotonic()!r}", flush=True)


async def _main(channel_id: int, expected: int) -> None:
    await use_api_base(os.environ["DISCORD_API_BASE"])
    async with ThreadCounter(channel_id, expected) as client:
        await client.start(os.environ["DISCORD_TOKEN"])


if __name__ == "__main__":
    asyncio.run(_main(int(sys.argv[1]), int(sys.argv[2])))
