"""Over-long content is refused on every path a bot can send it, with Discord's 400 50035, counted in code points.

Channel messages and their edits, webhooks, and every way of answering an interaction: the first
answer, a component's update, follow-ups (the one that fills a deferred answer included) and edits
of the original. Exactly 2,000 characters of four-byte emoji go through; 2,001 do not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import discord
import pytest
from discord import app_commands, ui

from .helpers import make_bot

OK, TOO_LONG = "🎬" * 2000, "🎬" * 2001  # 8,000 bytes, 4,000 UTF-16 units: still 2,000 characters

Send = Callable[[discord.Interaction, str], Awaitable[object]]


async def _respond(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text)


async def _respond_ephemeral(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True)


async def _fill_deferred(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.defer(thinking=True)
    await interaction.followup.send(text)


async def _followup(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message("first")
    await interaction.followup.send(text)


async def _edit_original(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message("first", ephemeral=True)
    await interaction.edit_original_response(content=text)


async def _edit_followup(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message("first")
    message = await interaction.followup.send("second", wait=True)
    await message.edit(content=text)


async def _channel_send(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message("sending")
    await interaction.channel.send(text)


async def _channel_edit(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message("sending")
    message = await interaction.channel.send("short")
    await message.edit(content=text)


async def _webhook(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message("sending")
    webhook = await interaction.channel.create_webhook(name="hook")
    await webhook.send(text, wait=True)


async def _webhook_edit(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message("sending")
    webhook = await interaction.channel.create_webhook(name="hook")
    message = await webhook.send("short", wait=True)
    await message.edit(content=text)


PATHS: dict[str, Send] = {
    "respond": _respond,
    "respond-ephemeral": _respond_ephemeral,
    "fill-deferred": _fill_deferred,
    "followup": _followup,
    "edit-original": _edit_original,
    "edit-followup": _edit_followup,
    "channel-send": _channel_send,
    "channel-edit": _channel_edit,
    "webhook": _webhook,
    "webhook-edit": _webhook_edit,
}


class UpdateView(ui.View):
    """A button whose click answers by updating its message (callback type 7) with ``text``."""

    def __init__(self, text: str, outcome: asyncio.Future) -> None:
        super().__init__()
        self.text, self.outcome = text, outcome

    @ui.button(label="Go", custom_id="go")
    async def go(self, interaction: discord.Interaction, _: ui.Button) -> None:
        await _record(self.outcome, interaction.response.edit_message(content=self.text))


async def _record(outcome: asyncio.Future, action: Awaitable[object]) -> None:
    try:
        await action
    except discord.HTTPException as exc:
        outcome.set_result(exc)
    else:
        outcome.set_result(None)


@pytest.fixture
async def probe(drv, run_bot):
    """(invoke, outcomes): ``invoke(path, text)`` runs that path in the bot and returns its exception or None."""
    app = drv.create_application("Prober")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app, permissions=discord.Permissions.all().value)
    channel = drv.create_text_channel(guild, "reviews")
    alice = drv.create_member(guild, "alice")
    bot = make_bot()
    outcomes: dict[str, asyncio.Future] = {}

    @app_commands.command(name="probe", description="Send text one way")
    async def probe_command(interaction: discord.Interaction, path: str, size: int) -> None:
        text = OK if size == 2000 else TOO_LONG
        outcome = outcomes[interaction.id] = asyncio.get_running_loop().create_future()
        if path == "update":
            await interaction.response.send_message("click", view=UpdateView(text, outcome))
            return
        await _record(outcome, PATHS[path](interaction, text))

    bot.tree.add_command(probe_command)

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    await run_bot(bot, app)

    async def invoke(path: str, size: int) -> discord.HTTPException | None:
        handle = drv.invoke(guild, channel, alice, "probe", {"path": path, "size": size})
        for _ in range(500):  # the bot has seen the command (its first answer may be the one refused)
            if int(handle.id) in outcomes:
                break
            await asyncio.sleep(0.01)
        if path == "update":
            await handle.response()
            drv.click(handle.message, "go", alice)
        return await asyncio.wait_for(outcomes[int(handle.id)], 5)

    return invoke


@pytest.mark.parametrize("path", [*PATHS, "update"])
async def test_2001_characters_are_refused_with_invalid_form_body(probe, path):
    refused = await probe(path, 2001)
    assert isinstance(refused, discord.HTTPException), f"{path}: 2,001 characters were accepted"
    assert refused.status == 400 and refused.code == 50035
    assert "In content: Must be 2000 or fewer in length." in refused.text


@pytest.mark.parametrize("path", [*PATHS, "update"])
async def test_2000_four_byte_characters_are_accepted(probe, path):
    assert await probe(path, 2000) is None
