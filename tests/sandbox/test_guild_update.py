"""GUILD_UPDATE: a guild renamed by its owner reaches discord.py's on_guild_update with the new name."""

from __future__ import annotations

import asyncio

import discord
import pytest

from .helpers import make_bot


async def test_renaming_a_guild_dispatches_guild_update_with_the_guild_object(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    role = drv.create_role(guild, "Critics")
    bot = make_bot()
    seen: asyncio.Queue[tuple[discord.Guild, discord.Guild]] = asyncio.Queue()

    async def on_guild_update(before: discord.Guild, after: discord.Guild) -> None:
        await seen.put((before, after))

    bot.add_listener(on_guild_update)
    await run_bot(bot, app)
    payload = drv.update_guild(guild, name="Cinema Society")
    assert "channels" not in payload and "members" not in payload  # the guild object, not GUILD_CREATE
    before, after = await asyncio.wait_for(seen.get(), 5)
    assert (before.name, after.name) == ("Film club", "Cinema Society")
    assert after.get_role(int(role["id"])) is not None  # roles come with the guild object, and survive
    assert bot.get_guild(int(guild.id)).name == "Cinema Society"


def test_a_guild_change_the_server_does_not_model_is_refused(drv):
    guild = drv.create_guild("Film club")
    with pytest.raises(TypeError, match="icon"):
        drv.update_guild(guild, icon="abc")
    assert guild.name == "Film club"
