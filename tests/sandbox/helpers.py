"""Small helpers shared by the sandbox tests."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
from discord.ext import commands


def intents(*, content: bool = True, members: bool = False) -> discord.Intents:
    i = discord.Intents.none()
    i.guilds = True
    i.guild_messages = True
    i.message_content = content
    i.members = members
    return i


def make_bot(**kw: Any) -> commands.Bot:
    return commands.Bot(command_prefix="!", intents=kw.pop("intents", None) or intents(), **kw)


class Inbox:
    """Collects messages a bot receives (``on_message``)."""

    def __init__(self, bot: discord.Client) -> None:
        self.queue: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.all: list[discord.Message] = []

        async def on_message(message: discord.Message) -> None:
            self.all.append(message)
            await self.queue.put(message)

        bot.add_listener(on_message)  # type: ignore[attr-defined]

    async def next(self, timeout: float = 5.0) -> discord.Message:
        return await asyncio.wait_for(self.queue.get(), timeout)

    async def until(self, predicate: Any, timeout: float = 5.0) -> discord.Message:
        while True:
            message = await self.next(timeout)
            if predicate(message):
                return message


def flag(bot: discord.Client, event: str) -> asyncio.Event:
    """An event set each time *bot* dispatches ``on_<event>``."""
    fired = asyncio.Event()

    async def listener(*_: Any) -> None:
        fired.set()

    bot.add_listener(listener, f"on_{event}")  # type: ignore[attr-defined]
    return fired
