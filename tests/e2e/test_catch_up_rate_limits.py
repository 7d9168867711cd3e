"""Catch-up under Discord's rate limits: a large one draws no 429s and leaves the bot answering commands.

The loopback server holds the bot to Discord's limits here (50 requests/s per token, per-route buckets),
which the rest of the suite leaves off for speed.
"""

from bot.db import Store
from bot.sandbox.ratelimits import RateLimits
from bot.services.mirror import CATCH_UP_BURST, CATCH_UP_RATE
from tests.e2e.helpers import answer, eventually, query

THREADS = 120


async def _review_threads_with_news(world, count: int) -> list[dict]:
    """*count* review threads, each with a comment the bot has not seen (seeded, not published one by one)."""
    drv = world.drv
    threads = []
    for i in range(count):
        starter = drv.post(world.reviews, world.owner, f"Review {i}")
        thread = drv.create_thread(world.reviews, world.owner, f"Review {i}", message=starter)
        drv.post(thread, world.member, f"said while the bot was away, {i}")
        threads.append(thread)
    async with Store.open(world.db_path) as store, store.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO reviews (guild_id, title, film_title, film_year, byline, body, created_at, updated_at,"
            " channel_id, message_ids, thread_id) VALUES (?, 'A review', 'Never Let Me Go', 2010, 'Olive',"
            " 'Body', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', ?, '[]', ?)",
            [(int(world.guild.id), int(world.reviews["id"]), int(t["id"])) for t in threads],
        )
    return threads


def _stored(world) -> int:
    return query(world.db_path, "SELECT count(*) FROM comments WHERE content LIKE 'said while%'")[0][0]


async def test_a_command_is_answered_while_a_large_catch_up_runs_and_no_429_is_drawn(stopped_world):
    world = stopped_world
    world.server.rate_limits = RateLimits()
    await _review_threads_with_news(world, THREADS)
    await world.start_bot(wait_caught_up=False)
    stored_before = _stored(world)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "help"))
    assert "/review" in shown["content"]
    stored_when_answered = _stored(world)
    assert stored_when_answered < THREADS, "catch-up was over before the command: not a test of answering during it"
    await eventually(lambda: _stored(world) == THREADS, timeout=60)
    assert world.server.rate_limited == []
    history_reads = [r for r in world.drv.requests
                     if r.method == "GET" and r.route == "/channels/{channel_id}/messages"]
    assert len(history_reads) == THREADS  # one page each
    # paced, seen from the server: no second of the catch-up carries more than its rate and first burst
    times = [r.at for r in history_reads]
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert busiest <= CATCH_UP_RATE + CATCH_UP_BURST, busiest
    assert stored_before < THREADS
