"""Three shards in one process: every guild is served by its own shard, and one shard dropping (with
its session lost) catches up only its own guilds' threads while the other two carry on live."""

from __future__ import annotations

import dataclasses

import pytest

from bot.sandbox.gateway import shard_of
from tests.e2e.harness import World, build_world
from tests.e2e.helpers import eventually, published_thread, query
from tests.e2e.test_releases import reply_to

FILMS = [("Film Review: Never Let Me Go", "Never Let Me Go (2010)"), ("Film Review: Heat", "Heat (1995)"),
         ("Film Review: Arrival", "Arrival (2016)")]


@pytest.fixture
async def worlds(server, tmp_path) -> list[World]:
    """Three guilds of one bot, on shards 0, 1 and 2 of 3, with the bot running all three."""
    first = build_world(server, tmp_path / "reviewbot.db", shard=(0, 3), name="Club 0")
    others = [build_world(server, first.db_path, app=first.app, shard=(k, 3), name=f"Club {k}") for k in (1, 2)]
    first.shards = ((0, 1, 2), 3)
    await first.start_bot()
    linked = [first] + [dataclasses.replace(w, bot=first.bot, task=first.task) for w in others]
    yield linked
    await first.stop_bot()


def _history_reads(world: World, start: int, thread) -> int:
    path = f"/channels/{thread['id']}/messages"
    return sum(1 for r in world.drv.requests[start:] if r.method == "GET" and r.path == path)


def _stored(world: World, message) -> bool:
    return bool(query(world.db_path, "SELECT 1 FROM comments WHERE message_id = ?", int(message["id"])))


async def test_reviews_comments_and_answers_work_on_every_shard(worlds):
    bot = worlds[0].bot
    assert bot.shard_count == 3 and sorted(bot.shards) == [0, 1, 2]
    for k, (world, (title, film)) in enumerate(zip(worlds, FILMS, strict=True)):
        assert shard_of(world.guild.id, 3) == k
        thread = await published_thread(world, title=title, film=film)
        assert bot.get_guild(int(world.guild.id)).shard_id == k
        comment = world.drv.post(thread, world.member, f"a comment in club {k}")
        question = world.drv.post(thread, world.member, "when is it out on DVD in the UK?")
        reply = await reply_to(world, thread, question)
        assert film.split(" (")[0] in reply["content"]
        await eventually(lambda world=world, comment=comment: _stored(world, comment))
    rows = query(worlds[0].db_path, "SELECT r.guild_id, count(*) FROM comments c JOIN reviews r ON r.id = c.review_id "
                                    "GROUP BY r.guild_id")
    assert sorted(count for _, count in rows) == [3, 3, 3]  # the comment, the question and the bot's answer
    assert {str(guild_id) for guild_id, _ in rows} == {w.guild.id for w in worlds}


async def test_a_dropped_shard_catches_up_its_own_threads_without_touching_the_others(worlds):
    threads = [await published_thread(w, title=title, film=film)
               for w, (title, film) in zip(worlds, FILMS, strict=True)]
    for world, thread in zip(worlds, threads, strict=True):
        first = world.drv.post(thread, world.member, "before the drop")
        await eventually(lambda world=world, first=first: _stored(world, first))
    drv = worlds[0].drv
    rearchived = await published_thread(worlds[1], title="Film Review: Alien", film="Alien (1979)")
    drv.archive_thread(rearchived)
    start = len(drv.requests)
    assert await drv.disconnect(worlds[0].app, resumable=False, shard=1) == 1
    await eventually(lambda: not any(s.shard == [1, 3] and s.conn for s in drv.gateway.sessions.values()))
    missed = drv.post(threads[1], worlds[1].member, "said while shard 1 was away")
    reopened = drv.post(rearchived, worlds[1].member, "posted in an archived thread, which reopens it")
    drv.archive_thread(rearchived)  # and archived again before shard 1 is back
    live = drv.post(threads[0], worlds[0].member, "said on shard 0 meanwhile")
    await eventually(lambda: _stored(worlds[0], live))  # shard 0 never stopped
    await eventually(lambda: _stored(worlds[1], missed), timeout=20)  # read by shard 1's catch-up
    await eventually(lambda: _stored(worlds[1], reopened), timeout=20)  # listed as archived since the drop
    assert _history_reads(worlds[1], start, threads[1]) >= 1
    assert _history_reads(worlds[0], start, threads[0]) == 0
    assert _history_reads(worlds[2], start, threads[2]) == 0
    after = drv.post(threads[1], worlds[1].member, "live again on shard 1")
    await eventually(lambda: _stored(worlds[1], after))
