"""Floods one member can aim at everyone: mentions answered without limit, reminders repeated.

Each reply and each reminder ping is a message Discord rate-limits per channel and the bot sends
from one process for every server, so one member's flood must cost a bounded number of them.
"""

from __future__ import annotations

import asyncio

from tests.e2e.helpers import answer, eventually, query

QUESTION = "when is Heat out on DVD?"


def _replies_to(world, channel, messages):
    ids = {m["id"] for m in messages}
    return [m for m in world.drv.messages(channel)
            if m["author"]["id"] == world.app.bot_id and (m.get("message_reference") or {}).get("message_id") in ids]


async def test_a_member_flooding_mentions_gets_five_answers_one_notice_and_then_silence(world):
    asked = [world.drv.post(world.reviews, world.member, f"<@{world.app.bot_id}> {QUESTION}") for _ in range(12)]
    await eventually(lambda: len(_replies_to(world, world.reviews, asked)) >= 6)
    await asyncio.sleep(1.0)  # anything more would have arrived by now
    order = {question["id"]: n for n, question in enumerate(asked)}
    replies = sorted(_replies_to(world, world.reviews, asked),
                     key=lambda reply: order[reply["message_reference"]["message_id"]])
    assert len(replies) == 6, [r["content"][:60] for r in replies]
    answers, notice = replies[:5], replies[5]
    assert all("Heat (1995)" in reply["content"] for reply in answers), [r["content"][:60] for r in replies]
    assert "answer you again in" in notice["content"]
    assert notice["message_reference"]["message_id"] == asked[5]["id"]  # the first over the limit
    # Another member is answered as usual.
    other = world.drv.post(world.reviews, world.reviewer, f"<@{world.app.bot_id}> {QUESTION}")
    [reply] = await eventually(lambda: _replies_to(world, world.reviews, [other]))
    assert "Heat (1995)" in reply["content"]


async def _remind(world, member, film_id: int, country: str = "GB", fmt: str = "tv") -> str:
    handle = world.drv.invoke(world.guild, world.reviews, member, "release remind",
                              {"film": str(film_id), "country": country, "format": fmt})
    return (await answer(handle))["content"]


async def test_asking_for_the_same_reminder_again_keeps_one_reminder_and_one_ping(world):
    [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = 'Heat'")
    assert "I'll ping you" in await _remind(world, world.member, film_id)
    for _ in range(4):
        assert "already had that reminder" in await _remind(world, world.member, film_id)
    assert query(world.db_path, "SELECT count(*) FROM reminders WHERE done_at IS NULL") == [(1,)]
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film release set",
                                  {"film": str(film_id), "country": "GB", "type": 6, "date": "2031-05-04"}))

    def pings():
        return [m for m in world.drv.messages(world.reviews)
                if m["author"]["id"] == world.app.bot_id and m["content"].startswith(f"<@{world.member.id}>")]

    await eventually(pings)
    await asyncio.sleep(0.5)
    assert len(pings()) == 1


async def test_a_member_holds_at_most_100_reminders_across_servers(world):
    [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = 'Heat'")
    # 100 open reminders already, in servers made for the purpose (written straight to the store).
    async with await world.store() as store:
        for n in range(100):
            await store.reminders.add(guild_id=10**6 + n // 25, channel_id=1, user_id=int(world.member.id),
                                      film_id=film_id, country=f"C{n}", format="tv",
                                      known_date=None)
    refused = await _remind(world, world.member, film_id)
    assert "100 reminders across your servers" in refused
    assert query(world.db_path, "SELECT count(*) FROM reminders WHERE guild_id = ?", int(world.guild.id)) == [(0,)]
