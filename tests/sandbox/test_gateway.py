"""Gateway behaviour seen by real discord.py bots: READY, intents, RESUME, INVALID_SESSION."""

from __future__ import annotations

import asyncio

import discord
import pytest

from .helpers import Inbox, flag, intents, make_bot


def world(drv):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    channel = drv.create_text_channel(guild, "reviews")
    alice = drv.create_member(guild, "alice")
    return app, guild, channel, alice


async def test_ready_carries_guild_channels_and_resume_url(loopback, drv, run_bot):
    app, guild, channel, _ = world(drv)
    bot = await run_bot(make_bot(), app)
    g = bot.get_guild(int(guild.id))
    assert g is not None and g.me is not None
    assert g.get_channel(int(channel["id"])).name == "reviews"
    assert bot.ws.gateway.port == loopback.port  # resume_gateway_url points back here
    assert [c.compress for c in loopback.gateway.connections] == ["zlib-stream"]
    assert drv.connected(app)


async def test_message_create_reaches_on_message(drv, run_bot):
    app, _, channel, alice = world(drv)
    bot = make_bot()
    inbox = Inbox(bot)
    await run_bot(bot, app)
    drv.post(channel, alice, "The Thing is a masterpiece")
    message = await inbox.next()
    assert message.content == "The Thing is a masterpiece"
    assert message.author.id == int(alice.id)
    assert isinstance(message.author, discord.Member)


async def test_history_posted_before_the_bot_connected(drv, run_bot):
    app, _, channel, alice = world(drv)
    posted = [drv.post(channel, alice, f"m{i}") for i in range(5)]
    bot = await run_bot(make_bot(), app)
    ch = bot.get_channel(int(channel["id"]))
    got = [m.content async for m in ch.history(limit=None, oldest_first=True)]
    assert got == [m["content"] for m in posted]
    after = [m.content async for m in ch.history(after=discord.Object(int(posted[1]["id"])), limit=2)]
    assert after == ["m3", "m2"] or after == ["m2", "m3"]


async def test_content_is_withheld_without_the_message_content_intent(drv, run_bot):
    app, _, channel, alice = world(drv)
    bot = make_bot(intents=intents(content=False))
    inbox = Inbox(bot)
    await run_bot(bot, app)
    drv.post(channel, alice, "secret plot twist")
    assert (await inbox.next()).content == ""
    drv.post(channel, alice, f"<@{app.bot_id}> mentioned")
    assert (await inbox.next()).content == f"<@{app.bot_id}> mentioned"
    sent = await bot.get_channel(int(channel["id"])).send("my own words")
    echoed = await inbox.next()
    assert echoed.id == sent.id and echoed.content == "my own words"


async def test_no_guild_messages_without_the_intent(drv, run_bot):
    app, _, channel, alice = world(drv)
    i = discord.Intents.none()
    i.guilds = True
    bot = make_bot(intents=i)
    await run_bot(bot, app)
    drv.post(channel, alice, "nobody hears this")
    assert not [d for d in drv.dispatches if d.event == "MESSAGE_CREATE"]


async def test_resume_after_forced_disconnect_loses_nothing(drv, run_bot):
    app, _, channel, alice = world(drv)
    bot = make_bot()
    inbox = Inbox(bot)
    resumed = flag(bot, "resumed")
    await run_bot(bot, app)
    assert await drv.disconnect(app, resumable=True) == 1
    for i in range(3):
        drv.post(channel, alice, f"during outage {i}")
    await asyncio.wait_for(resumed.wait(), 5)
    drv.post(channel, alice, "after")
    await inbox.until(lambda m: m.content == "after")
    assert [m.content for m in inbox.all] == ["during outage 0", "during outage 1", "during outage 2", "after"]


async def test_non_resumable_disconnect_invalidates_and_reidentifies(loopback, drv, run_bot):
    app, _, channel, alice = world(drv)
    bot = make_bot()
    inbox = Inbox(bot)
    await run_bot(bot, app)
    ready_again = flag(bot, "ready")
    old_session = bot.ws.session_id
    await drv.disconnect(app, resumable=False)
    await asyncio.wait_for(ready_again.wait(), 5)
    assert bot.ws.session_id != old_session
    ops = [op for _, op, _ in loopback.gateway.received]
    assert ops.count(2) == 2 and 6 in ops  # IDENTIFY twice, one RESUME refused in between
    drv.post(channel, alice, "welcome back")
    assert (await inbox.next()).content == "welcome back"


async def test_members_intent_gets_a_member_chunk(drv, run_bot):
    app, guild, _, alice = world(drv)
    bot = await run_bot(make_bot(intents=intents(members=True)), app)
    g = bot.get_guild(int(guild.id))
    assert g.chunked
    assert g.get_member(int(alice.id)).name == "alice"


async def test_two_bots_each_see_their_guilds(drv, run_bot):
    app, guild, channel, alice = world(drv)
    other = drv.create_application("Other")
    other_guild = drv.create_guild("Elsewhere")
    drv.add_bot(other_guild, other)
    drv.add_bot(guild, other)
    first, second = make_bot(), make_bot()
    inbox1, inbox2 = Inbox(first), Inbox(second)
    await run_bot(first, app)
    await run_bot(second, other)
    assert {g.id for g in second.guilds} == {int(guild.id), int(other_guild.id)}
    assert {g.id for g in first.guilds} == {int(guild.id)}
    await first.get_channel(int(channel["id"])).send("from the first bot")
    assert (await inbox2.next()).content == "from the first bot"
    assert (await inbox1.next()).content == "from the first bot"
    del alice


async def test_channel_created_after_connect_is_dispatched(drv, run_bot):
    app, guild, _, _ = world(drv)
    bot = await run_bot(make_bot(), app)
    created = flag(bot, "guild_channel_create")
    channel = drv.create_text_channel(guild, "late")
    await asyncio.wait_for(created.wait(), 5)
    assert bot.get_channel(int(channel["id"])).name == "late"


async def test_reconnect_opcode_resumes(drv, run_bot):
    app, _, channel, alice = world(drv)
    bot = make_bot()
    inbox = Inbox(bot)
    resumed = flag(bot, "resumed")
    await run_bot(bot, app)
    assert drv.reconnect(app) == 1
    await asyncio.wait_for(resumed.wait(), 5)
    drv.post(channel, alice, "still here")
    assert (await inbox.next()).content == "still here"


async def test_wait_for_message_from_the_bot(drv, run_bot):
    app, _, channel, alice = world(drv)
    bot = make_bot()

    @bot.listen()
    async def on_message(message: discord.Message) -> None:
        if message.content == "ping":
            await message.channel.send("pong")

    await run_bot(bot, app)
    drv.post(channel, alice, "ping")
    reply = await drv.wait_for_message(channel, author=app)
    assert reply["content"] == "pong"
    record = await drv.wait_for_request("POST", r"/channels/\d+/messages")
    assert record.json["content"] == "pong" and record.status == 200 and record.app_id == app.application_id


async def test_privileged_intent_not_enabled_is_refused(drv, loopback):
    app = drv.create_application("Reviewbot", message_content=False)
    bot = make_bot()  # asks for message_content
    bot.before_identify_hook = lambda *a, **k: asyncio.sleep(0)
    with pytest.raises(discord.PrivilegedIntentsRequired):
        await asyncio.wait_for(bot.start(app.token), 5)
    await bot.close()


async def test_rest_history_is_blanked_without_the_message_content_intent(drv, run_bot):
    app = drv.create_application("Reviewbot", message_content=False)
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    channel = drv.create_text_channel(guild, "reviews")
    alice = drv.create_member(guild, "alice")
    drv.post(channel, alice, "hidden words")
    drv.post(channel, alice, f"<@{app.bot_id}> visible words")
    bot = await run_bot(make_bot(intents=intents(content=False)), app)
    got = [m.content async for m in bot.get_channel(int(channel["id"])).history(oldest_first=True)]
    assert got == ["", f"<@{app.bot_id}> visible words"]


async def test_short_heartbeat_interval_is_acknowledged(loopback):
    # a second server with a 50 ms heartbeat; the loopback fixture restores discord.py's URLs after
    from bot.api_base import use_api_base
    from bot.sandbox import LoopbackDiscord

    async with LoopbackDiscord(heartbeat_interval=50) as server:
        await use_api_base(server.api_base)
        app = server.driver.create_application("Reviewbot")
        bot = make_bot()
        bot.before_identify_hook = lambda *a, **k: asyncio.sleep(0)
        task = asyncio.create_task(bot.start(app.token))
        beats = 0

        def third_beat(record) -> bool:
            nonlocal beats
            beats += record[1] == 1
            return beats >= 3

        await server.gateway.received.wait_for(third_beat, 5)
        assert server.driver.connected(app) and bot.latency < 1
        await bot.close()
        await task
