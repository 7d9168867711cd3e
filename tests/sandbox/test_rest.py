"""REST behaviour seen by real discord.py bots: limits, rate limits, faults, permissions, threads, files."""

from __future__ import annotations

import asyncio
import io

import aiohttp
import discord
import pytest

from bot.sandbox import Attachment, permissions

from .helpers import Inbox, flag, make_bot


def world(drv, **bot_kw):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app, **bot_kw)
    channel = drv.create_text_channel(guild, "reviews")
    alice = drv.create_member(guild, "alice")
    return app, guild, channel, alice


async def test_content_over_2000_chars_is_invalid_form_body(drv, run_bot):
    app, _, channel, _ = world(drv)
    bot = await run_bot(make_bot(), app)
    with pytest.raises(discord.HTTPException) as info:
        await bot.get_channel(int(channel["id"])).send("x" * 2001)
    assert info.value.status == 400 and info.value.code == 50035
    assert "In content: Must be 2000 or fewer in length." in info.value.text
    assert drv.messages(channel) == []


async def test_embed_limits(drv, run_bot):
    app, _, channel, _ = world(drv)
    bot = await run_bot(make_bot(), app)
    ch = bot.get_channel(int(channel["id"]))
    route = discord.http.Route("POST", "/channels/{channel_id}/messages", channel_id=ch.id)
    with pytest.raises(discord.HTTPException) as info:  # discord.py itself refuses to send 11
        await bot.http.request(route, json={"embeds": [{"title": str(i)} for i in range(11)]})
    assert info.value.code == 50035
    with pytest.raises(discord.HTTPException):
        await ch.send(embed=discord.Embed(title="t" * 257))
    big = [discord.Embed(description="d" * 4000) for _ in range(2)]
    with pytest.raises(discord.HTTPException) as info:
        await ch.send(embeds=big)
    assert "Embed size exceeds maximum size of 6000" in info.value.text


async def test_429_is_retried_by_discord_py(drv, run_bot):
    app, _, channel, _ = world(drv)
    bot = await run_bot(make_bot(), app)
    drv.rate_limit("POST", "/channels/{channel_id}/messages", count=1, retry_after=0.05)
    sent = await bot.get_channel(int(channel["id"])).send("patience")
    statuses = [r.status for r in drv.requests if r.method == "POST" and r.route == "/channels/{channel_id}/messages"]
    assert statuses == [429, 200]
    assert drv.get_message(channel, sent.id)["content"] == "patience"


async def test_injected_500_is_retried_by_discord_py(drv, run_bot):
    app, _, channel, _ = world(drv)
    bot = await run_bot(make_bot(), app)
    drv.fail("POST", "/channels/*/messages", count=1)  # discord.py waits 1 s before retrying
    await bot.get_channel(int(channel["id"])).send("eventually")
    statuses = [r.status for r in drv.requests if r.method == "POST"]
    assert statuses == [500, 200]


async def test_injected_403(drv, run_bot):
    app, _, channel, _ = world(drv)
    bot = await run_bot(make_bot(), app)
    drv.forbid("POST", f"/channels/{channel['id']}/messages")
    with pytest.raises(discord.Forbidden) as info:
        await bot.get_channel(int(channel["id"])).send("no")
    assert info.value.code == 50013
    await bot.get_channel(int(channel["id"])).send("yes")  # only the next call was forbidden


async def test_channel_overwrite_denying_send_gives_50013(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    channel = drv.create_text_channel(
        guild, "announcements", overwrites=[{"id": guild.id, "type": 0, "deny": permissions.SEND_MESSAGES}]
    )
    bot = await run_bot(make_bot(), app)
    ch = bot.get_channel(int(channel["id"]))
    assert not ch.permissions_for(ch.guild.me).send_messages  # computed client-side from the overwrites
    with pytest.raises(discord.Forbidden) as info:
        await ch.send("hello")
    assert info.value.code == 50013


async def test_embed_without_embed_links_gives_50013(drv, run_bot):
    app, _, channel, _ = world(drv, permissions=permissions.VIEW_CHANNEL | permissions.SEND_MESSAGES)
    drv.set_overwrite(channel, drv.state.guild(channel["guild_id"]), deny=permissions.EMBED_LINKS)
    bot = await run_bot(make_bot(), app)
    with pytest.raises(discord.Forbidden):
        await bot.get_channel(int(channel["id"])).send(embed=discord.Embed(title="x"))


async def test_unknown_route_is_recorded(loopback, run_bot, drv):
    app, _, _, _ = world(drv)
    bot = await run_bot(make_bot(), app)
    with pytest.raises(discord.NotFound):
        await bot.http.request(discord.http.Route("GET", "/nonsense/{x}", x=1))
    assert loopback.unknown_routes == [("GET", "/nonsense/1")]
    loopback.unknown_routes.clear()  # expected here; the fixture fails on leftovers


async def test_unauthorised_without_bot_token(loopback):
    async with aiohttp.ClientSession() as session, session.get(loopback.api_base + "/users/@me") as resp:
        assert resp.status == 401
        assert resp.headers["Content-Type"] == "application/json"


async def test_reply_attachment_edit_delete(drv, run_bot):
    app, _, channel, alice = world(drv)
    bot = make_bot()
    inbox = Inbox(bot)
    await run_bot(bot, app)
    question = drv.post(channel, alice, "what did you think?", attachments=[Attachment("poster.png", b"\x89PNG")])
    received = await inbox.next()
    assert received.attachments[0].filename == "poster.png"
    assert await received.attachments[0].read() == b"\x89PNG"
    reply = await received.reply("loved it", file=discord.File(io.BytesIO(b"review text"), "review.txt"))
    await inbox.until(lambda m: m.id == reply.id)
    stored = drv.get_message(channel, reply.id)
    assert stored["message_reference"]["message_id"] == question["id"]
    assert stored["referenced_message"]["id"] == question["id"]
    assert stored["attachments"][0]["filename"] == "review.txt"
    assert await reply.attachments[0].read() == b"review text"
    post = next(r for r in drv.requests if r.method == "POST" and r.files)
    assert (
        post.files[0]["filename"] == "review.txt"
        and str(post.json["message_reference"]["message_id"]) == question["id"]
    )
    edited = flag(bot, "message_edit")
    await reply.edit(content="loved it, again")
    await asyncio.wait_for(edited.wait(), 5)
    assert drv.get_message(channel, reply.id)["content"] == "loved it, again"
    await reply.delete()
    assert [m["id"] for m in drv.messages(channel)] == [question["id"]]


async def test_user_edits_and_bulk_deletes_are_dispatched(drv, run_bot):
    app, _, channel, alice = world(drv)
    bot = make_bot()
    inbox = Inbox(bot)
    await run_bot(bot, app)
    edits, bulk = flag(bot, "raw_message_edit"), flag(bot, "raw_bulk_message_delete")
    posted = [drv.post(channel, alice, f"m{i}") for i in range(3)]
    await inbox.until(lambda m: m.content == "m2")
    drv.edit(channel, posted[0], "m0 (edited)")
    await asyncio.wait_for(edits.wait(), 5)
    await bot.get_channel(int(channel["id"])).delete_messages([discord.Object(int(m["id"])) for m in posted[1:]])
    await asyncio.wait_for(bulk.wait(), 5)
    assert [m["content"] for m in drv.messages(channel)] == ["m0 (edited)"]


async def test_thread_from_a_message(drv, run_bot):
    app, guild, channel, alice = world(drv)
    bot = make_bot()
    inbox = Inbox(bot)
    await run_bot(bot, app)
    drv.post(channel, alice, "Alien (1979)")
    message = await inbox.next()
    joined = flag(bot, "thread_create")
    thread = await message.create_thread(name="Alien discussion")
    await asyncio.wait_for(joined.wait(), 5)
    assert thread.id == message.id
    drv.post(thread.id, alice, "in the thread")
    in_thread = await inbox.until(lambda m: m.content == "in the thread")
    assert isinstance(in_thread.channel, discord.Thread)
    await thread.edit(archived=True)
    assert drv.get_channel(thread.id)["thread_metadata"]["archived"] is True
    archived = [t async for t in bot.get_channel(int(channel["id"])).archived_threads()]
    assert [t.id for t in archived] == [thread.id]
    assert drv.threads(guild)[0]["name"] == "Alien discussion"


async def test_forum_post_by_bot_and_by_user(drv, run_bot):
    app, guild, _, alice = world(drv)
    forum = drv.create_forum_channel(guild, "reviews-forum")
    bot = make_bot()
    inbox = Inbox(bot)
    await run_bot(bot, app)
    forum_channel = bot.get_channel(int(forum["id"]))
    assert isinstance(forum_channel, discord.ForumChannel)
    created = await forum_channel.create_thread(
        name="Heat (1995)", content="Review: great", file=discord.File(io.BytesIO(b"x"), "still.jpg")
    )
    assert created.message.id == created.thread.id
    assert drv.get_message(created.thread.id, created.thread.id)["content"] == "Review: great"
    user_post = drv.create_forum_post(forum, alice, "Ronin", "car chases")
    starter = await inbox.until(lambda m: m.content == "car chases")
    assert starter.id == int(user_post["id"]) and isinstance(starter.channel, discord.Thread)
    active = await bot.get_guild(int(guild.id)).active_threads()
    assert {t.id for t in active} == {created.thread.id, int(user_post["id"])}


async def test_webhook_execute_with_custom_username(drv, run_bot):
    app, _, channel, _ = world(drv)
    bot = make_bot()
    inbox = Inbox(bot)
    await run_bot(bot, app)
    webhook = await bot.get_channel(int(channel["id"])).create_webhook(name="mirror")
    sent = await webhook.send("mirrored", username="Alice (mirrored)", wait=True)
    got = await inbox.until(lambda m: m.id == sent.id)
    assert got.author.name == "Alice (mirrored)" and got.webhook_id == webhook.id


async def test_a_file_over_the_guilds_upload_limit_gives_413(drv, run_bot):
    app, guild, channel, _ = world(drv)
    bot = await run_bot(make_bot(), app)
    assert bot.get_guild(int(guild.id)).filesize_limit == 10 * 1024 * 1024  # no boosts: 10 MiB
    too_big = discord.File(io.BytesIO(b"x" * (10 * 1024 * 1024 + 1)), filename="big.json")
    with pytest.raises(discord.HTTPException) as info:
        await bot.get_channel(int(channel["id"])).send(file=too_big)
    assert (info.value.status, info.value.code) == (413, 40005)
    assert drv.messages(channel) == []
    await bot.get_channel(int(channel["id"])).send(file=discord.File(io.BytesIO(b"x" * 1024), filename="ok.json"))
    assert len(drv.messages(channel)) == 1


async def test_a_boosted_guild_takes_larger_files(drv, run_bot):
    app, _, _, _ = world(drv)
    boosted = drv.create_guild("Boosted", premium_tier=2)
    drv.add_bot(boosted, app)
    channel = drv.create_text_channel(boosted, "general")
    bot = await run_bot(make_bot(), app)
    assert bot.get_guild(int(boosted.id)).filesize_limit == 50 * 1024 * 1024
    eleven_mib = discord.File(io.BytesIO(b"x" * (11 * 1024 * 1024)), filename="big.json")
    await bot.get_channel(int(channel["id"])).send(file=eleven_mib)
    assert len(drv.messages(channel)) == 1
