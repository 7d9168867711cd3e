"""Faults: a killed process, a flapping gateway, rate limits, a locked database. Nothing lost, nothing doubled."""

import asyncio
import signal
import sqlite3
import sys

import pytest

from tests.e2e.helpers import answer, bot_env, comment_rows, eventually, publish_by_modal, published_thread, query

# Opens the SQLite file itself (to lock, damage or inspect it): the PostgreSQL store has its own tests.
pytestmark = pytest.mark.sqlite_only


def _env(world):
    return bot_env(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=world.server.api_base,
                   REVIEWBOT_DB=str(world.db_path), LOG_LEVEL="WARNING")


async def test_sigkill_mid_burst_then_restart_mirrors_every_message_exactly_once(world, tmp_path):
    thread = await published_thread(world)
    await world.stop_bot()
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", env=_env(world), cwd=tmp_path,
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    try:
        await eventually(lambda: world.drv.connected(world.app), timeout=20)
        posted = []
        for i in range(3000):
            posted.append(world.drv.post(thread, world.member, f"burst {i}"))
            if i % 100 == 0:
                await asyncio.sleep(0)
        await eventually(lambda: query(world.db_path, "SELECT count(*) FROM comments")[0][0] > 0, timeout=20)
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
    stored_at_kill = query(world.db_path, "SELECT count(*) FROM comments")[0][0]
    con = sqlite3.connect(world.db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    posted += [world.drv.post(thread, world.member, f"after {i}") for i in range(50)]
    await world.start_bot()
    rows = await comment_rows(world, len(posted), timeout=60)
    assert [str(r[0]) for r in rows] == [m["id"] for m in posted]  # each once, in order
    assert stored_at_kill <= len(posted)


async def test_a_flapping_gateway_during_a_burst_loses_and_doubles_nothing(world):
    thread = await published_thread(world)
    posted = []

    async def burst():
        for i in range(1500):
            posted.append(world.drv.post(thread, world.member, f"m{i}"))
            if i % 50 == 0:
                await asyncio.sleep(0.005)

    poster = asyncio.create_task(burst())
    for drop in range(6):
        await asyncio.sleep(0.05)
        await world.drv.disconnect(world.app, resumable=drop % 2 == 0)
        await eventually(lambda: world.drv.connected(world.app), timeout=20)
    await poster
    await comment_rows(world, len(posted), timeout=60)
    await world.flush()
    rows = query(world.db_path, "SELECT message_id FROM comments ORDER BY message_id")
    assert [str(r[0]) for r in rows] == [m["id"] for m in posted]


async def test_rate_limits_on_sends_and_thread_creation_do_not_stop_publishing_or_answers(world):
    world.drv.rate_limit("POST", "/channels/{channel_id}/messages", count=2, retry_after=0.2)
    world.drv.rate_limit("POST", "/channels/{channel_id}/messages/{message_id}/threads", count=2, retry_after=0.2)
    assert "Published" in await publish_by_modal(world, world.owner, world.reviews)
    limited = [r for r in world.drv.requests if r.status == 429]
    assert len(limited) == 4
    [(thread_id,)] = query(world.db_path, "SELECT thread_id FROM reviews")
    world.drv.rate_limit("POST", f"/channels/{thread_id}/messages", count=1, retry_after=0.2)
    question = world.drv.post(str(thread_id), world.member, "when's it out on DVD?")

    def answered():
        return [m for m in world.drv.messages(str(thread_id))
                if (m.get("message_reference") or {}).get("message_id") == question["id"]]

    [reply] = await eventually(answered, timeout=10)
    assert "27 June 2011" in reply["content"]
    assert next(r.status for r in world.drv.requests
                if r.method == "POST" and r.path == f"/channels/{thread_id}/messages") == 429


async def test_a_database_locked_by_another_process_delays_writes_but_drops_none(world):
    thread = await published_thread(world)
    locker = sqlite3.connect(world.db_path, isolation_level=None, timeout=0)
    locker.execute("BEGIN IMMEDIATE")
    try:
        posted = [world.drv.post(thread, world.member, f"during lock {i}") for i in range(200)]
        question = world.drv.post(thread, world.reviewer, "when is it out on DVD in the US?")
        # The bot keeps answering while its writes wait.
        reply = await world.drv.wait_for_request(
            "POST", rf"/channels/{thread['id']}/messages",
            lambda r: str((r.json or {}).get("message_reference", {}).get("message_id")) == question["id"], timeout=10)
        assert "1 February 2011" in reply.json["content"]
        await asyncio.sleep(2)
        assert query(world.db_path, "SELECT count(*) FROM comments") == [(0,)]
    finally:
        locker.execute("COMMIT")
        locker.close()
    rows = await comment_rows(world, len(posted) + 2, timeout=30)
    contents = [r[2] for r in rows]
    assert contents[:200] == [m["content"] for m in posted]


async def test_bad_settings_input_is_refused_politely(world):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "settings country",
                                          {"country": "Atlantis"}))
    assert "don't know a country" in shown["content"] and shown["flags"] & 64
    assert query(world.db_path, "SELECT country FROM guild_settings") in ([], [(None,)])
