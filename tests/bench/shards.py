"""Benchmark: `reviewbot run` with 5,000 guilds on 3 shards (REVIEWBOT_SHARDS=0-2/3), its own process.

Each guild has a #reviews channel, a member and one published review with its (active) thread, so the
bot tracks 5,000 review threads. Measured: seconds from the process start to every shard ready and
caught up, VmRSS then, and VmHWM. A baseline of 1,000 guilds on one shard runs in the same way first,
so the per-guild cost can be read off the two.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from bot.db import Store
from bot.sandbox.server import LoopbackDiscord
from tests.bench.common import Row, mb, proc_status_kib, stop_process
from tests.bench.memory import wait_idle
from tests.e2e.harness import World, build_world


async def _seed(server: LoopbackDiscord, db_path: Path, guilds: int, shards: int) -> World:
    """*guilds* guilds of one bot, spread over *shards*, each with a review and its thread in the store."""
    first = build_world(server, db_path, shard=(0, shards), name="Club 0")
    drv, app = first.drv, first.app
    rows: list[tuple[int, int, int]] = []
    for k in range(guilds):
        if k == 0:
            guild, channel, author = first.guild, first.reviews, first.owner
        else:
            author = drv.create_user(f"Owner {k}")
            guild = drv.create_guild(f"Club {k}", owner=author, shard=(k % shards, shards))
            drv.add_member(guild, author)
            drv.add_bot(guild, app)
            channel = drv.create_text_channel(guild, "reviews")
        starter = drv.post(channel, author, "A review")
        thread = drv.create_thread(channel, author, "Review thread", message=starter)
        rows.append((int(guild.id), int(channel["id"]), int(thread["id"])))
    async with Store.open(db_path) as store, store.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO reviews (guild_id, title, film_title, film_year, byline, body, created_at, updated_at,"
            " channel_id, message_ids, thread_id) VALUES (?, 'Bench review', 'Never Let Me Go', 2010,"
            " 'Bench', 'Body', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', ?, '[]', ?)",
            rows,
        )
    return first


async def _measure(guilds: int, shards: int) -> tuple[float, int, int]:
    """(seconds to ready and caught up, VmRSS then, VmHWM) of a bot process in *guilds* guilds."""
    with tempfile.TemporaryDirectory(prefix="bench-shards-") as tmp:
        workdir = Path(tmp)
        async with LoopbackDiscord() as server:
            world = await _seed(server, workdir / "bot.db", guilds, shards)
            env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "REVIEWBOT_"))}
            env.update(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base,
                       REVIEWBOT_DB=str(world.db_path), REVIEWBOT_SHARDS=f"0-{shards - 1}/{shards}")
            log_path = workdir / "bot.log"
            started = time.perf_counter()
            with log_path.open("wb") as log:  # a file, not a pipe: a full pipe would stall the bot
                proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", env=env,
                                                            cwd=workdir, stdout=log, stderr=log)
            try:
                deadline = started + 600
                while log_path.read_text(errors="replace").count("Catch-up:") < shards:
                    if proc.returncode is not None or time.perf_counter() > deadline:
                        raise RuntimeError(f"the bot did not get ready:\n{log_path.read_text()[-2000:]}")
                    await asyncio.sleep(0.1)
                ready = time.perf_counter() - started
                await wait_idle(proc.pid, timeout=120)
                rss = proc_status_kib(proc.pid, "VmRSS")
                hwm = proc_status_kib(proc.pid, "VmHWM")
            finally:
                await stop_process(proc)
    return ready, rss, hwm


async def run(quick: bool) -> list[Row]:
    big, baseline = (300, 100) if quick else (5_000, 1_000)
    base_ready, base_rss, base_hwm = await _measure(baseline, 1)
    ready, rss, hwm = await _measure(big, 3)
    per_guild = (rss - base_rss) / (big - baseline)
    return [
        Row("shards", f"{baseline:,} guilds, 1 shard: ready+caught up / VmRSS / VmHWM",
            f"{base_ready:.1f} s / {mb(base_rss)} / {mb(base_hwm)}"),
        Row("shards", f"{big:,} guilds, 3 shards: ready+caught up / VmRSS / VmHWM",
            f"{ready:.1f} s / {mb(rss)} / {mb(hwm)}",
            note=f"about {per_guild:.1f} KiB more per guild (one review thread, one channel, two members each);"
                 " IDENTIFYs 5 s apart (max_concurrency 1)"),
    ]
