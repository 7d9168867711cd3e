"""Two `reviewbot run` processes, shards 0/2 and 1/2, sharing one PostgreSQL store, against the loopback
server with a server on each shard: every message mirrored exactly once, a due reminder delivered once,
a process killed mid-burst loses nothing once it is back, and exports agree wherever they are made.
Needs REVIEWBOT_TEST_POSTGRES (CI sets it)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from tests import postgres
from tests.e2e.harness import World, build_world
from tests.e2e.helpers import answer, bot_env, eventually, published_thread, query

pytestmark = pytest.mark.skipif(not postgres.configured(), reason=f"{postgres.ENV} names no PostgreSQL server")


class ShardProcess:
    """`reviewbot run` serving one shard of two, its log in a file (a full pipe would stall it)."""

    def __init__(self, world: World, shard: int, folder: Path) -> None:
        self.world, self.shard, self.folder = world, shard, folder
        self.log = folder / f"shard-{shard}.log"
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        env = bot_env(DISCORD_TOKEN=self.world.app.token, DISCORD_API_BASE=self.world.server.api_base,
                      REVIEWBOT_DB=str(self.world.db_path), REVIEWBOT_SHARDS=f"{self.shard}/2", LOG_LEVEL="INFO")
        caught_up = self.text().count("Catch-up:")
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", env=env,
                                                             cwd=self.folder, stdout=out, stderr=out)
        await eventually(lambda: self.text().count("Catch-up:") > caught_up or self._died(), timeout=60)
        assert not self._died(), self.text()[-3000:]

    def text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def _died(self) -> bool:
        return self.proc is not None and self.proc.returncode is not None

    async def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 30)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


@pytest.fixture
async def two_guilds(server, tmp_path):
    """A server on shard 0 of 2 and one on shard 1, one bot, one fresh PostgreSQL schema."""
    async with postgres.fresh_schema() as url:
        first = build_world(server, url, shard=(0, 2), name="Club Zero")
        second = build_world(server, url, app=first.app, shard=(1, 2), name="Club One")
        yield first, second


async def _export(world: World, review_id: int) -> dict:
    message = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "comments export",
                                            {"review": str(review_id), "format": "json"}), timeout=20)
    [attachment] = message["attachments"]
    async with aiohttp.ClientSession() as session, session.get(attachment["url"]) as response:
        return json.loads(await response.read())


async def _cli_export(world: World, review_id: int, folder: Path) -> dict:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "comments", "export", str(review_id), "--format", "json",
        env=bot_env(REVIEWBOT_DB=str(world.db_path)), cwd=folder, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return json.loads(out)


def _stored(world: World, thread) -> list[tuple]:
    return query(world.db_path, "SELECT message_id FROM comments WHERE thread_id = ? ORDER BY message_id",
                 int(thread["id"]))


async def test_two_shard_processes_share_one_store_and_lose_nothing(two_guilds, tmp_path):
    zero, one = two_guilds
    processes = [ShardProcess(zero, 0, tmp_path), ShardProcess(one, 1, tmp_path)]
    try:
        for process in processes:
            await process.start()
        assert "Synced" in processes[0].text() + processes[1].text()
        assert "not syncing here" in processes[1].text()  # only shard 0's process syncs the commands
        threads = [await published_thread(zero), await published_thread(one)]
        [(review_zero,), (review_one,)] = query(zero.db_path, "SELECT id FROM reviews ORDER BY id")

        # A reminder that is due in the server on shard 0: delivered once, by shard 0's process.
        [(film_id,)] = query(zero.db_path, "SELECT id FROM films WHERE title = 'Never Let Me Go'")
        query(zero.db_path, "INSERT INTO reminders (guild_id, channel_id, user_id, film_id, country, format,"
                            " created_at) VALUES (?, ?, ?, ?, 'GB', 'dvd', '2026-01-01T00:00:00+00:00')",
              int(zero.guild.id), int(zero.reviews["id"]), int(zero.member.id), film_id)

        # A burst in every server, mirrored exactly once.
        posted = {k: [w.drv.post(threads[k], w.member, f"burst {n} in {w.guild.name}") for n in range(150)]
                  for k, w in enumerate((zero, one))}
        for k, world in enumerate((zero, one)):
            await eventually(lambda k=k, world=world: len(_stored(world, threads[k])) >= 150, timeout=60)
            assert _stored(world, threads[k]) == sorted((int(m["id"]),) for m in posted[k])

        # Shard 1's process killed in the middle of a burst; what was said meanwhile is there once it is back.
        burst = [one.drv.post(threads[1], one.member, f"second burst {n}") for n in range(100)]
        await eventually(lambda: len(_stored(one, threads[1])) >= 160, timeout=60)
        await processes[1].kill()
        burst += [one.drv.post(threads[1], one.member, f"while away {n}") for n in range(50)]
        await processes[1].start()
        expected = sorted((int(m["id"]),) for m in posted[1] + burst)
        await eventually(lambda: _stored(one, threads[1]) == expected, timeout=60)

        # Restarted, shard 0's process delivers the due reminder (each start checks them), and only once.
        def reminders() -> list[dict]:
            return [m for m in zero.drv.messages(zero.reviews) if m["content"].startswith(f"<@{zero.member.id}>")]

        await processes[0].stop()
        await processes[0].start()
        await eventually(lambda: query(zero.db_path, "SELECT count(*) FROM reminders WHERE done_at IS NULL") == [(0,)],
                         timeout=20)
        await processes[0].stop()
        await processes[1].stop()
        for process in processes:
            await process.start()
        await asyncio.sleep(1.0)  # both have checked their reminders again by now
        assert len(reminders()) == 1, reminders()

        # The same tree, whichever process is asked and from the command line.
        for world, review_id in ((zero, review_zero), (one, review_one)):
            shown = await _export(world, review_id)
            assert shown["comments"] == (await _cli_export(world, review_id, tmp_path))["comments"]
        assert len((await _export(one, review_one))["comments"]) == 300
    finally:
        for process in processes:
            with contextlib.suppress(Exception):
                await process.stop()
    for process in processes:
        assert "Traceback" not in process.text(), process.text()[-3000:]
