"""Sharding as Discord speaks it, seen by discord.py's AutoShardedBot: routing, /gateway/bot, 4010, 4011."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord.ext import commands

from bot.sandbox.gateway import shard_of

from .conftest import prepare
from .helpers import Inbox, intents, make_bot


def sharded_bot(**kw) -> commands.AutoShardedBot:
    return commands.AutoShardedBot(command_prefix="!", intents=intents(), **kw)


async def refused_with(bot: discord.Client, token: str) -> int:
    """The close code the gateway refuses *bot*'s connection with."""
    prepare(bot)
    try:
        with pytest.raises(discord.ConnectionClosed) as closed:
            await asyncio.wait_for(bot.start(token), 10)
    finally:
        await bot.close()
    return closed.value.code


async def test_each_guild_is_served_by_the_shard_discord_routes_it_to(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guilds = [drv.create_guild(f"club {k}", shard=(k, 3)) for k in range(3)]
    channels = []
    for guild in guilds:
        drv.add_bot(guild, app)
        channels.append(drv.create_text_channel(guild, "reviews"))
    alice = drv.create_user("alice")
    bot = sharded_bot(shard_count=3)
    inbox = Inbox(bot)
    await run_bot(bot, app)
    assert sorted(bot.shards) == [0, 1, 2]
    for k, (guild, channel) in enumerate(zip(guilds, channels, strict=True)):
        assert shard_of(guild.id, 3) == k
        drv.add_member(guild, alice)
        drv.post(channel, alice, f"hello on {k}")
        message = await inbox.until(lambda m, k=k: m.content == f"hello on {k}")
        assert message.guild.shard_id == k


async def test_gateway_bot_recommends_one_shard_per_thousand_guilds(drv):
    app = drv.create_application("Reviewbot")
    for k in range(1001):
        drv.state.add_member(drv.create_guild(f"club {k}"), app.bot_user)
    bot = make_bot()
    await bot.login(app.token)
    try:
        count, _, limit = await bot.http.get_bot_gateway()
    finally:
        await bot.close()
    assert count == 2
    assert limit["remaining"] == 1000 and limit["total"] == 1000


async def test_an_unsharded_bot_in_more_than_2500_guilds_is_closed_with_4011(drv):
    app = drv.create_application("Reviewbot")
    for k in range(2501):
        drv.state.add_member(drv.create_guild(f"club {k}"), app.bot_user)
    assert await refused_with(make_bot(), app.token) == 4011


async def test_a_shard_id_outside_the_count_is_closed_with_4010(drv):
    app = drv.create_application("Reviewbot")
    drv.add_bot(drv.create_guild("club"), app)
    assert await refused_with(sharded_bot(shard_ids=[3], shard_count=3), app.token) == 4010
