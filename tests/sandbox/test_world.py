"""Driver-built world changes seen by bots: joins, hidden channels, DMs, reactions, pins."""

from __future__ import annotations

import asyncio

import discord

from bot.sandbox import permissions

from .helpers import Inbox, flag, intents, make_bot


async def test_bot_added_after_ready_gets_guild_create(drv, run_bot):
    app = drv.create_application("Reviewbot")
    bot = make_bot()
    joined = flag(bot, "guild_join")
    await run_bot(bot, app)
    assert not bot.guilds
    guild = drv.create_guild("Late club")
    drv.create_text_channel(guild, "general")
    drv.add_bot(guild, app)
    await asyncio.wait_for(joined.wait(), 5)
    assert bot.get_guild(int(guild.id)).text_channels[0].name == "general"


async def test_messages_in_channels_the_bot_cannot_see_are_not_dispatched(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    hidden = drv.create_text_channel(
        guild, "staff", overwrites=[{"id": guild.id, "type": 0, "deny": permissions.VIEW_CHANNEL}]
    )
    visible = drv.create_text_channel(guild, "general")
    alice = drv.create_member(guild, "alice", permissions=permissions.ADMINISTRATOR)
    bot = make_bot()
    inbox = Inbox(bot)
    await run_bot(bot, app)
    drv.post(hidden, alice, "secret")
    drv.post(visible, alice, "public")
    assert (await inbox.next()).content == "public"
    assert [m["content"] for m in drv.messages(hidden)] == ["secret"]
    assert drv.member_permissions(hidden, alice) == permissions.ALL


async def test_direct_messages_both_ways(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    alice = drv.create_member(guild, "alice")
    i = intents(members=True)
    i.dm_messages = True
    bot = make_bot(intents=i)
    inbox = Inbox(bot)
    await run_bot(bot, app)
    drv.dm(app, alice, "hello bot")
    message = await inbox.next()
    assert message.guild is None and message.content == "hello bot"
    reply = await message.channel.send("hello alice")
    assert drv.messages(drv.dm_channel(app, alice))[-1]["id"] == str(reply.id)
    user = await bot.fetch_user(int(alice.id))
    await user.send("a second one")
    assert drv.messages(drv.dm_channel(app, alice))[-1]["content"] == "a second one"


async def test_reactions_and_pins(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    channel = drv.create_text_channel(guild, "reviews")
    alice = drv.create_member(guild, "alice")
    i = intents()
    i.guild_reactions = True
    bot = make_bot(intents=i)
    inbox = Inbox(bot)
    reacted = asyncio.Queue()

    async def on_raw_reaction_add(payload: discord.RawReactionActionEvent) -> None:
        await reacted.put(payload)

    bot.add_listener(on_raw_reaction_add)
    await run_bot(bot, app)
    drv.post(channel, alice, "rate me")
    message = await inbox.next()
    drv.react(channel, message.id, alice, "⭐")
    payload = await asyncio.wait_for(reacted.get(), 5)
    assert str(payload.emoji) == "⭐" and payload.member.id == int(alice.id)
    await message.add_reaction("👍")
    assert {r["emoji"]["name"] for r in drv.get_message(channel, message.id)["reactions"]} == {"⭐", "👍"}
    await message.pin()
    pins = [p async for p in message.channel.pins()]
    assert [p.id for p in pins] == [message.id]


async def test_member_leaves_and_channel_changes(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    channel = drv.create_text_channel(guild, "reviews")
    alice = drv.create_member(guild, "alice")
    bot = make_bot(intents=intents(members=True))
    left, updated, deleted = (
        flag(bot, "member_remove"),
        flag(bot, "guild_channel_update"),
        flag(bot, "guild_channel_delete"),
    )
    await run_bot(bot, app)
    drv.remove_member(guild, alice)
    await asyncio.wait_for(left.wait(), 5)
    drv.update_channel(channel, name="critiques")
    await asyncio.wait_for(updated.wait(), 5)
    assert bot.get_channel(int(channel["id"])).name == "critiques"
    drv.delete_channel(channel)
    await asyncio.wait_for(deleted.wait(), 5)
    assert bot.get_channel(int(channel["id"])) is None
