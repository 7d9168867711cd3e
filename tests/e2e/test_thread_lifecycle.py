"""A review thread's life at its edges: messages before the review is recorded, and the thread deleted.

Comments said in a brand-new thread before the review row exists are mirrored too (the new thread is
read from its beginning once recorded), and a deleted thread or channel, live or while the bot was
away, turns its comments into tombstones instead of leaving them visible and exportable.
"""

import asyncio
import json
import sqlite3

import pytest

from bot.services.exports import export_review
from tests.e2e.helpers import comment_rows, eventually, published_thread, query

# Opens the SQLite file itself (to lock, damage or inspect it): the PostgreSQL store has its own tests.
pytestmark = pytest.mark.sqlite_only


async def test_a_comment_posted_before_the_review_is_recorded_is_mirrored_even_after_a_restart(world):
    # Publishing posts the embed, opens the thread, then records the review. Hold the thread up with a
    # short rate limit, take the database's write lock from another process meanwhile, and a member
    # speaks in the new thread while the bot waits to record it.
    world.drv.rate_limit("POST", "/channels/{channel_id}/messages/{message_id}/threads", count=1, retry_after=0.5)
    locker = sqlite3.connect(world.db_path, isolation_level=None, timeout=0)
    try:
        handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review publish",
                                  {"channel": world.reviews["id"]})
        await handle.response()
        world.drv.submit_modal(handle, {"title": "Film Review: Never Let Me Go", "film": "Never Let Me Go (2010)",
                                        "rating": "4", "body": "Quiet."}, member=world.owner)
        await world.drv.wait_for_request("POST", r"/channels/\d+/messages/\d+/threads", lambda r: r.status == 429)
        locker.execute("BEGIN IMMEDIATE")
        thread = await eventually(lambda: next(iter(world.drv.threads(world.guild)), None))
        early = world.drv.post(thread, world.member, "first!")
        await asyncio.sleep(0.3)
    finally:
        if locker.in_transaction:
            locker.execute("COMMIT")
        locker.close()
    await eventually(lambda: query(world.db_path, "SELECT thread_id FROM reviews") == [(int(thread["id"]),)])
    late = world.drv.post(thread, world.member, "second")
    await comment_rows(world, 1)
    await world.stop_bot()
    await world.start_bot()
    rows = await comment_rows(world, 2)
    assert [str(r[0]) for r in rows] == [early["id"], late["id"]]


async def test_deleting_a_review_thread_turns_its_comments_into_tombstones(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "a secret opinion")
    world.drv.post(thread, world.reviewer, "another")
    await comment_rows(world, 2)
    world.drv.delete_channel(thread)
    await eventually(lambda: query(world.db_path, "SELECT count(*) FROM comments WHERE deleted = 0") == [(0,)])
    assert query(world.db_path, "SELECT content FROM comments") == [(None,), (None,)]
    assert query(world.db_path, "SELECT thread_id FROM reviews") == [(None,)]
    await _assert_export_hides_comments(world)


async def test_deleting_the_review_channel_takes_its_threads_comments_too(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "a secret opinion")
    await comment_rows(world, 1)
    world.drv.archive_thread(thread)  # archived threads are not in the bot's cache
    world.drv.delete_channel(world.reviews)
    await eventually(lambda: query(world.db_path, "SELECT count(*) FROM comments WHERE deleted = 0") == [(0,)])


async def test_a_thread_deleted_while_the_bot_was_away_is_noticed_at_catch_up(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "a secret opinion")
    await comment_rows(world, 1)
    await world.stop_bot()
    world.drv.delete_channel(thread)
    await world.start_bot()
    await eventually(lambda: query(world.db_path, "SELECT count(*) FROM comments WHERE deleted = 0") == [(0,)])
    assert query(world.db_path, "SELECT thread_id FROM reviews") == [(None,)]


async def test_catch_up_notices_messages_deleted_in_the_range_it_reads(world):
    thread = await published_thread(world)
    kept = world.drv.post(thread, world.member, "kept")
    await comment_rows(world, 1)
    during = [world.drv.post(thread, world.member, f"said just before a drop {i}") for i in range(3)]
    await comment_rows(world, 4)
    await world.flush()
    # As if these three were still on their way to the disk when the session dropped: the writer's
    # committed mark is still at "kept", so the catch-up after the drop reads from there.
    world.bot.get_cog("Comments").writer.marks[int(thread["id"])] = int(kept["id"])
    await world.drv.disconnect(world.app, resumable=False)
    world.drv.delete(thread, during[1])  # while no session is connected: the bot never hears of it
    await eventually(lambda: world.drv.connected(world.app))
    await eventually(lambda: query(world.db_path, "SELECT deleted FROM comments WHERE message_id = ?",
                                   int(during[1]["id"])) == [(1,)])
    assert query(world.db_path, "SELECT count(*) FROM comments WHERE deleted = 0") == [(3,)]


async def _assert_export_hides_comments(world):
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews")
    async with await world.store() as store:
        review = await store.reviews.get(int(world.guild.id), review_id)
        export = await export_review(store, review, "json")
    data = json.loads(export.text)
    assert all(c["deleted"] and c["content"] is None for c in data["comments"])
    assert "a secret opinion" not in export.text


async def test_a_review_channel_deleted_while_the_bot_was_away_is_noticed_at_catch_up(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "a secret opinion")
    await comment_rows(world, 1)
    await world.stop_bot()
    world.drv.delete_channel(world.reviews)  # its thread goes with it
    await world.start_bot()
    await eventually(lambda: query(world.db_path, "SELECT count(*) FROM comments WHERE deleted = 0") == [(0,)])
