"""A bot killed in the middle of a publish leaves nothing behind once it starts again, and a retry posts once."""

import asyncio
import signal
import sqlite3
import sys

import pytest

from tests.e2e.helpers import bot_env, eventually, publish_by_modal, query

# Opens the SQLite file itself (to lock, damage or inspect it): the PostgreSQL store has its own tests.
pytestmark = pytest.mark.sqlite_only

MODAL = 9


def _env(world):
    return bot_env(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=world.server.api_base,
                   REVIEWBOT_DB=str(world.db_path), LOG_LEVEL="WARNING")


async def _bot_process(world, tmp_path):
    """The bot as its own process (so it can be SIGKILLed), in place of the world's in-process bot."""
    await world.stop_bot()
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", env=_env(world), cwd=tmp_path,
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


async def _submit_review_form(world):
    """Publish a review through the form, without waiting for the outcome the test is about to interrupt."""
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review publish",
                              {"channel": world.reviews["id"]})
    assert (await handle.response(10))["type"] == MODAL
    world.drv.submit_modal(handle, {"title": "Film Review: Never Let Me Go", "film": "Never Let Me Go (2010)",
                                    "rating": "4", "body": "Quiet."}, member=world.owner)


def review_embeds(world):
    return [m for m in world.drv.messages(world.reviews) if m.get("embeds")]


async def test_killed_between_posting_the_embed_and_opening_the_thread_then_restarted_leaves_nothing(world, tmp_path):
    proc = await _bot_process(world, tmp_path)
    try:
        await eventually(lambda: world.drv.connected(world.app), timeout=20)
        # Thread creation is held up (a long rate limit), so the bot is killed with the embed posted.
        world.drv.rate_limit("POST", "/channels/{channel_id}/messages/{message_id}/threads", count=1,
                             retry_after=60)
        await _submit_review_form(world)
        await world.drv.wait_for_request("POST", r"/channels/\d+/messages/\d+/threads",
                                         lambda r: r.status == 429, timeout=20)
        assert len(review_embeds(world)) == 1
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
    assert query(world.db_path, "SELECT count(*) FROM reviews") == [(0,)]
    await world.start_bot()
    await eventually(lambda: review_embeds(world) == [], timeout=10)
    assert world.drv.threads(world.guild) == []
    assert "Published" in await publish_by_modal(world, world.owner, world.reviews)
    assert len(review_embeds(world)) == 1  # the retry posts once, and nothing of the killed one remains
    assert query(world.db_path, "SELECT count(*) FROM reviews") == [(1,)]
    assert len(world.drv.threads(world.guild)) == 1
    assert query(world.db_path, "SELECT count(*) FROM publish_intents") == [(0,)]  # finished with, both


async def test_killed_right_after_the_thread_was_opened_removes_the_thread_too(world, tmp_path):
    proc = await _bot_process(world, tmp_path)
    locker = sqlite3.connect(world.db_path, isolation_level=None, timeout=0)
    try:
        await eventually(lambda: world.drv.connected(world.app), timeout=20)
        world.drv.rate_limit("POST", "/channels/{channel_id}/messages/{message_id}/threads", count=1,
                             retry_after=1.0)
        await _submit_review_form(world)
        # While the bot waits out the rate limit, take the database from it: once the thread is open it
        # can record nothing more (not the thread, not the review), and is killed in that state.
        await world.drv.wait_for_request("POST", r"/channels/\d+/messages/\d+/threads",
                                         lambda r: r.status == 429, timeout=20)
        locker.execute("BEGIN IMMEDIATE")
        await world.drv.wait_for_request("POST", r"/channels/\d+/messages/\d+/threads",
                                         lambda r: r.status == 201, timeout=20)
        assert len(world.drv.threads(world.guild)) == 1
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
        if locker.in_transaction:
            locker.execute("ROLLBACK")
        locker.close()
    assert query(world.db_path, "SELECT count(*) FROM reviews") == [(0,)]
    await world.start_bot()
    await eventually(lambda: review_embeds(world) == [] and world.drv.threads(world.guild) == [], timeout=10)


async def test_a_comment_made_before_the_review_was_recorded_survives_a_kill_before_catch_up(world, tmp_path):
    proc = await _bot_process(world, tmp_path)
    locker = sqlite3.connect(world.db_path, isolation_level=None, timeout=0)
    try:
        await eventually(lambda: world.drv.connected(world.app), timeout=20)
        world.drv.rate_limit("POST", "/channels/{channel_id}/messages/{message_id}/threads", count=1,
                             retry_after=0.5)
        # The read of the new thread from its beginning is held up, and the bot is killed during it.
        world.drv.rate_limit("GET", "/channels/{channel_id}/messages", count=1, retry_after=60)
        await _submit_review_form(world)
        await world.drv.wait_for_request("POST", r"/channels/\d+/messages/\d+/threads",
                                         lambda r: r.status == 429, timeout=20)
        locker.execute("BEGIN IMMEDIATE")  # the thread opens, the review waits to be recorded...
        thread = await eventually(lambda: next(iter(world.drv.threads(world.guild)), None))
        early = world.drv.post(thread, world.member, "first!")  # ...and a member speaks in that window
        await asyncio.sleep(0.3)
        locker.execute("COMMIT")
        await world.drv.wait_for_request("GET", r"/channels/\d+/messages", lambda r: r.status == 429, timeout=20)
        late = world.drv.post(thread, world.member, "second")  # mirrored live
        await eventually(lambda: query(world.db_path, "SELECT count(*) FROM comments") == [(1,)], timeout=20)
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
        if locker.in_transaction:
            locker.execute("ROLLBACK")
        locker.close()
    await world.start_bot()
    await eventually(lambda: [str(r[0]) for r in query(world.db_path, "SELECT message_id FROM comments"
                                                        " ORDER BY message_id")] == [early["id"], late["id"]])
