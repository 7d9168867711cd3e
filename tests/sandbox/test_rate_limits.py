"""Discord's rate limits in the loopback server: headers, buckets per resource, the global limit, 429s.

Raw HTTP where the headers themselves are the point; real discord.py where what matters is that its
client waits out a 429 and completes the call.
"""

from __future__ import annotations

import asyncio
import time

import aiohttp
import discord

from bot.sandbox.ratelimits import GLOBAL_PER_SECOND, Limit, RateLimits, bucket_hash
from tests.sandbox.helpers import make_bot

POST_MESSAGES = "POST /channels/{channel_id}/messages"


def world(drv):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    first = drv.create_text_channel(guild, "reviews")
    second = drv.create_text_channel(guild, "general")
    return app, guild, first, second


async def call(session: aiohttp.ClientSession, server, app, method: str, path: str, json=None):
    """One request as a bot makes it; returns (status, headers, body)."""
    async with session.request(method, server.api_base + path, json=json,
                               headers={"Authorization": f"Bot {app.token}"}) as response:
        return response.status, response.headers, await response.json()


async def test_every_answer_carries_its_buckets_headers(loopback, drv):
    loopback.rate_limits = RateLimits()
    app, _, first, second = world(drv)
    async with aiohttp.ClientSession() as session:
        answers = [await call(session, loopback, app, "GET", f"/channels/{first['id']}/messages") for _ in range(2)]
        other = await call(session, loopback, app, "GET", f"/channels/{second['id']}/messages")
        posted = await call(session, loopback, app, "POST", f"/channels/{first['id']}/messages", {"content": "hi"})
        missing = await call(session, loopback, app, "GET", "/channels/1/messages")
    (s1, h1, _), (s2, h2, _) = answers
    assert (s1, s2) == (200, 200)
    assert [h["X-RateLimit-Remaining"] for h in (h1, h2, other[1])] == ["49", "48", "49"]  # per channel
    buckets = {h["X-RateLimit-Bucket"] for h in (h1, h2, other[1])}
    assert buckets == {bucket_hash("GET", "/channels/{channel_id}/messages")}
    assert h1["X-RateLimit-Limit"] == "50"
    reset_after = float(h2["X-RateLimit-Reset-After"])
    assert 0 < reset_after <= 1.0
    assert abs(float(h2["X-RateLimit-Reset"]) - (time.time() + reset_after)) < 0.5
    assert posted[0] == 200 and (posted[1]["X-RateLimit-Limit"], posted[1]["X-RateLimit-Remaining"]) == ("5", "4")
    assert posted[1]["X-RateLimit-Bucket"] != h1["X-RateLimit-Bucket"]
    assert missing[0] == 404 and "X-RateLimit-Bucket" in missing[1]  # error answers carry them too
    for _, headers, _ in (*answers, other, posted):
        assert "X-RateLimit-Scope" not in headers and "Retry-After" not in headers
    assert loopback.rate_limited == []


async def test_a_bucket_exhausts_with_discords_429_and_resets(loopback, drv):
    loopback.rate_limits = RateLimits(routes={POST_MESSAGES: Limit(2, 0.4)})
    app, _, first, second = world(drv)
    path = f"/channels/{first['id']}/messages"
    async with aiohttp.ClientSession() as session:
        sent = [await call(session, loopback, app, "POST", path, {"content": str(i)}) for i in range(3)]
        elsewhere = await call(session, loopback, app, "POST", f"/channels/{second['id']}/messages", {"content": "x"})
        await asyncio.sleep(float(sent[2][1]["X-RateLimit-Reset-After"]) + 0.05)
        again = await call(session, loopback, app, "POST", path, {"content": "after the reset"})
    assert [s[0] for s in sent] == [200, 200, 429]
    _, headers, body = sent[2]
    assert set(body) == {"message", "retry_after", "global"}
    assert body["message"] == "You are being rate limited." and body["global"] is False
    assert 0 < body["retry_after"] <= 0.4
    assert headers["X-RateLimit-Scope"] == "user" and "X-RateLimit-Global" not in headers
    assert headers["Retry-After"] == "1"  # whole seconds, rounded up
    assert (headers["X-RateLimit-Limit"], headers["X-RateLimit-Remaining"]) == ("2", "0")
    assert headers["Via"]  # discord.py retries a 429 only when it came through Discord's proxy
    assert elsewhere[0] == 200  # another channel, another count
    assert again[0] == 200 and again[1]["X-RateLimit-Remaining"] == "1"
    assert [m["content"] for m in drv.messages(first)] == ["0", "1", "after the reset"]
    assert loopback.rate_limited == [("POST", path, "user")]


async def test_the_global_limit_is_per_bot_token_and_spares_other_bots(loopback, drv):
    loopback.rate_limits = RateLimits(global_per_second=4)
    app, guild, first, second = world(drv)
    other_app = drv.create_application("Another bot")
    drv.add_bot(guild, other_app)
    async with aiohttp.ClientSession() as session:
        answers = [await call(session, loopback, app, "GET", f"/channels/{(first, second)[i % 2]['id']}")
                   for i in range(5)]
        other = await call(session, loopback, other_app, "GET", f"/channels/{first['id']}")
        await asyncio.sleep(answers[4][2]["retry_after"] + 0.05)
        later = await call(session, loopback, app, "GET", f"/channels/{first['id']}")
    assert [a[0] for a in answers] == [200, 200, 200, 200, 429]
    _, headers, body = answers[4]
    assert body["global"] is True and body["message"] == "You are being rate limited."
    assert 0 < body["retry_after"] <= 1.0
    assert headers["X-RateLimit-Global"] == "true" and headers["X-RateLimit-Scope"] == "global"
    assert headers["Retry-After"] == "1" and "X-RateLimit-Bucket" not in headers
    assert other[0] == 200 and later[0] == 200
    assert [scope for _, _, scope in loopback.rate_limited] == ["global"]


def test_discords_global_limit_is_50_a_second():
    clock = [100.0]
    limits = RateLimits(clock=lambda: clock[0])
    verdicts = [limits.check("token", "GET", "/channels/{channel_id}", {"channel_id": str(i)}) for i in range(51)]
    assert GLOBAL_PER_SECOND == 50
    assert [v.refused is None for v in verdicts] == [True] * 50 + [False]
    clock[0] += 1.0
    assert limits.check("token", "GET", "/channels/{channel_id}", {"channel_id": "1"}).refused is None


async def test_discord_py_waits_out_a_route_429_and_completes_the_send(loopback, drv, run_bot):
    """Another process with the same token (a second copy of the bot) used up the channel's bucket."""
    app, _, first, _ = world(drv)
    bot = await run_bot(make_bot(), app)
    loopback.rate_limits = RateLimits(routes={POST_MESSAGES: Limit(1, 0.5)})
    async with aiohttp.ClientSession() as session:
        status, _, _ = await call(session, loopback, app, "POST", f"/channels/{first['id']}/messages",
                                  {"content": "from the other process"})
    assert status == 200
    sent = await bot.get_channel(int(first["id"])).send("patience")
    assert drv.get_message(first, sent.id)["content"] == "patience"
    statuses = [r.status for r in drv.requests if r.route == "/channels/{channel_id}/messages"]
    assert statuses == [200, 429, 200]
    assert loopback.rate_limited == [("POST", f"/channels/{first['id']}/messages", "user")]


async def test_discord_py_waits_out_the_global_limit_and_completes_every_call(loopback, drv, run_bot):
    app, guild, first, second = world(drv)
    channels = [first, second, *(drv.create_text_channel(guild, f"c{i}") for i in range(6))]
    bot = await run_bot(make_bot(), app)
    loopback.rate_limits = RateLimits(global_per_second=3)
    fetched = await asyncio.gather(*(bot.fetch_channel(int(c["id"])) for c in channels))
    assert [c.id for c in fetched] == [int(c["id"]) for c in channels]
    assert all(isinstance(c, discord.TextChannel) for c in fetched)
    assert loopback.rate_limited and {scope for _, _, scope in loopback.rate_limited} == {"global"}


def test_a_bucket_is_counted_per_channel_guild_or_webhook_with_its_token():
    clock = [0.0]
    one = Limit(1, 1.0)
    routes = {"GET /guilds/{guild_id}/channels": one, "POST /webhooks/{webhook_id}/{token}": one,
              "GET /channels/{channel_id}/messages/{message_id}": one}
    limits = RateLimits(routes=routes, clock=lambda: clock[0])

    def refused(route: str, token: str = "t", **params: str) -> bool:
        method, template = route.split(" ")
        return limits.check(token, method, template, params).refused is not None

    assert not refused("GET /guilds/{guild_id}/channels", guild_id="1")
    assert refused("GET /guilds/{guild_id}/channels", guild_id="1")
    assert not refused("GET /guilds/{guild_id}/channels", guild_id="2")
    assert not refused("GET /guilds/{guild_id}/channels", token="another bot", guild_id="1")
    webhook = "/webhooks/{webhook_id}/{token}"  # called without a bot token, counted per webhook and token
    assert not limits.check(None, "POST", webhook, {"webhook_id": "9", "token": "a"}).refused
    assert limits.check(None, "POST", webhook, {"webhook_id": "9", "token": "a"}).refused
    assert not limits.check(None, "POST", webhook, {"webhook_id": "9", "token": "b"}).refused
    # the message id is not a major parameter: two messages of one channel share the count
    assert not refused("GET /channels/{channel_id}/messages/{message_id}", channel_id="5", message_id="1")
    assert refused("GET /channels/{channel_id}/messages/{message_id}", channel_id="5", message_id="2")
    clock[0] += 1.0
    assert not refused("GET /channels/{channel_id}/messages/{message_id}", channel_id="5", message_id="2")
