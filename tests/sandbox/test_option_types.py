"""Option values reach the bot typed as Discord sends them: a BOOLEAN option is JSON true or false."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands

from .helpers import make_bot


def build_bot(seen: dict):
    bot = make_bot()

    @app_commands.command(name="purge", description="Delete, maybe comments too")
    async def purge(interaction: discord.Interaction, comments: bool = False) -> None:
        seen["comments"] = comments
        await interaction.response.send_message(f"comments={comments}", ephemeral=True)

    bot.tree.add_command(purge)

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


@pytest.fixture
async def world(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    channel = drv.create_text_channel(guild, "reviews")
    alice = drv.create_member(guild, "alice")
    seen: dict = {}
    await run_bot(build_bot(seen), app)
    return guild, channel, alice, seen


@pytest.mark.parametrize("value", [True, False])
async def test_a_boolean_option_is_sent_as_a_json_boolean(drv, world, value):
    guild, channel, alice, seen = world
    handle = drv.invoke(guild, channel, alice, "purge", {"comments": value})
    [option] = handle.payload["data"]["options"]
    assert option == {"name": "comments", "type": 5, "value": value}
    assert (await handle.response())["data"]["content"] == f"comments={value}"
    assert seen["comments"] is value


@pytest.mark.parametrize("value", ["false", "true", "", 0, 1, None])
async def test_a_boolean_option_refuses_what_discord_could_not_send(drv, world, value):
    guild, channel, alice, _ = world
    with pytest.raises(TypeError, match="true or false"):
        drv.invoke(guild, channel, alice, "purge", {"comments": value})
    assert not [d for d in drv.dispatches if d.event == "INTERACTION_CREATE"]  # nothing reached the bot
