"""Benchmark 4b: the bot's peak memory after mirroring 100,000 comments, as a real `python -m bot run` process.

The loopback server runs here; the bot runs as a child process against it (so its VmHWM is the
bot's alone). The review and its thread exist before the bot starts: the thread is created on the
server and the review row is written straight into the bot's database.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from bot.sandbox.server import LoopbackDiscord
from tests.bench.common import Row, insert_review, mb, post_in_chunks, proc_status_kib, stop_process, wait_for_count
from tests.e2e.harness import World, build_world


def cpu_ticks(pid: int) -> int:
    """utime + stime of *pid*: when it stops growing, the bot has finished its backlog."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


async def wait_idle(pid: int, timeout: float) -> float:
    """Wait until *pid* used no CPU for half a second; return how long that took."""
    started = time.perf_counter()
    last = cpu_ticks(pid)
    while time.perf_counter() - started < timeout:
        await asyncio.sleep(0.5)
        now = cpu_ticks(pid)
        if now == last:
            break
        last = now
    return time.perf_counter() - started


async def start_bot_process(world: World, workdir: Path) -> asyncio.subprocess.Process:
    """`python -m bot run` against the loopback server, as tests/e2e/test_process.py starts it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "REVIEWBOT_"))}
    env.update(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=world.server.api_base,
               REVIEWBOT_DB=str(world.db_path))
    with (workdir / "bot.log").open("wb") as log:  # a file, not a pipe: a full pipe would stall the bot
        return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", env=env, cwd=workdir,
                                                    stdout=log, stderr=log)


async def run(quick: bool) -> list[Row]:
    count = 5_000 if quick else 100_000
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        workdir = Path(tmp)
        async with LoopbackDiscord() as server:
            world = build_world(server, workdir / "bot.db")
            starter = world.drv.post(world.reviews, world.owner, "A review")
            thread = world.drv.create_thread(world.reviews, world.owner, "Review thread", message=starter)
            await insert_review(world.db_path, guild_id=int(world.guild.id), channel_id=int(world.reviews["id"]),
                                thread_id=int(thread["id"]))
            proc = await start_bot_process(world, workdir)
            try:
                await world.drv.wait_for_request("PUT", r"/applications/\d+/commands", timeout=60)
                world.drv.post(thread, world.member, "probe")  # proves the bot is connected and mirroring
                await wait_for_count(world.db_path, 1, timeout=60)
                rss_ready = proc_status_kib(proc.pid, "VmRSS")
                started = time.perf_counter()
                await post_in_chunks(world.drv, thread, world.member, count)
                finished = await wait_for_count(world.db_path, count + 1, timeout=max(300.0, count / 50))
                hwm_stored = proc_status_kib(proc.pid, "VmHWM")
                settle = await wait_idle(proc.pid, timeout=300)
                hwm = proc_status_kib(proc.pid, "VmHWM")
                rss = proc_status_kib(proc.pid, "VmRSS")
            finally:
                await stop_process(proc)
    rate = count / (finished - started)
    return [
        Row("memory", f"bot process VmHWM after mirroring {count:,}", mb(hwm), goal="<= 150 MB",
            note=f"{mb(hwm_stored)} when the last row was stored; busy {settle:.1f} s more"),
        Row("memory", "bot process VmRSS: ready / after", f"{mb(rss_ready)} / {mb(rss)}"),
        Row("memory", f"subprocess bot mirror rate, {count:,} msgs", f"{rate:,.0f} msg/s",
            note="bot in its own process, server in this one"),
    ]
