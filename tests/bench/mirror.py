"""Benchmark 1: mirror throughput of Reviewbot versus a bare discord.py client, in one process.

Both clients run in the same process and event loop as the loopback server, and both are measured the
same way: the clock starts before the first ``drv.post`` and stops when the last message is done (the
bot: ``SELECT count(*) FROM comments`` reaches N; the bare client: its on_message has counted N).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from bot.sandbox.server import LoopbackDiscord
from tests.bench.clients import CountingClient, start_client, stop_client
from tests.bench.common import Row, post_in_chunks, wait_for_count
from tests.e2e.harness import build_world
from tests.e2e.helpers import published_thread


async def handlers_settled(timeout: float) -> float:
    """Wait until no discord.py on_message task is pending; return when (perf_counter).

    Comments can be committed while other on_message listeners (the Questions cog) still lag behind;
    this shows by how much, and lets the bot close without cancelling them mid-query.
    """
    deadline = time.perf_counter() + timeout
    while any(t.get_name() == "discord.py: on_message" for t in asyncio.all_tasks()):
        if time.perf_counter() > deadline:
            break
        await asyncio.sleep(0.02)
    return time.perf_counter()


async def bot_rate(count: int, workdir: Path, *, without: tuple[str, ...] = ()) -> tuple[float, float]:
    """(msg/s from first post to the N-th comment committed, s until every on_message finished).

    *without*: cogs to remove first, a diagnostic showing what each costs the mirror.
    """
    async with LoopbackDiscord() as server:
        world = build_world(server, Path(tempfile.mkdtemp(dir=workdir)) / "mirror-bot.db")  # fresh each run
        bot = await world.start_bot()
        for cog in without:
            await bot.remove_cog(cog)
        try:
            thread = await published_thread(world)
            writer = bot.get_cog("Comments").writer
            base = writer.committed
            started = time.perf_counter()
            await post_in_chunks(world.drv, thread, world.member, count)
            # Stop the clock on the writer's own commit counter: polling SQLite from this loop would
            # steal time from the bot that the bare client is not charged for.
            deadline = started + max(120.0, count / 50)
            while writer.committed - base < count and time.perf_counter() < deadline:
                await asyncio.sleep(0.002)
            finished = time.perf_counter()
            settled = await handlers_settled(timeout=300)
            await wait_for_count(world.db_path, count, timeout=10)  # and they really are in the database
        finally:
            await world.stop_bot()
    return count / (finished - started), settled - started


async def bare_rate(count: int, workdir: Path) -> float:
    """Messages per second from first post to the bare client's N-th on_message."""
    async with LoopbackDiscord() as server:
        world = build_world(server, Path(tempfile.mkdtemp(dir=workdir)) / "mirror-bare.db")
        starter = world.drv.post(world.reviews, world.owner, "A review")
        thread = world.drv.create_thread(world.reviews, world.owner, "Review thread", message=starter)
        client = CountingClient(count)
        task = await start_client(client, server.api_base, world.app.token)
        try:
            started = time.perf_counter()
            await post_in_chunks(world.drv, thread, world.member, count)
            await asyncio.wait_for(client.all_seen.wait(), max(120.0, count / 50))
            finished = time.perf_counter()
        finally:
            await stop_client(client, task)
    return count / (finished - started)


async def run(quick: bool) -> list[Row]:
    """Alternate bare and bot runs (three rounds unless --quick) and report medians with the spread.

    One run of each is at the mercy of whatever else the two cores are doing; alternating and taking
    the median compares both under the same conditions.
    """
    count = 2_000 if quick else 20_000
    rounds = 1 if quick else 3
    bares: list[float] = []
    bots: list[float] = []
    settles: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-mirror-") as tmp:
        for _ in range(rounds):
            bares.append(await bare_rate(count, Path(tmp)))
            rate, settled = await bot_rate(count, Path(tmp))
            bots.append(rate)
            settles.append(settled)
        lean, lean_settled = await bot_rate(count, Path(tmp), without=("Questions",))
    bare, bot, settled = statistics.median(bares), statistics.median(bots), statistics.median(settles)
    ratios = sorted(b / a for a, b in zip(bares, bots, strict=True))
    where = f"in-process (server, client in one loop); median of {rounds}"
    return [
        Row("mirror", f"bare discord.py client, {count:,} msgs", f"{bare:,.0f} msg/s",
            note=f"{where}; runs {', '.join(f'{r:,.0f}' for r in bares)}"),
        Row("mirror", f"Reviewbot to committed rows, {count:,} msgs", f"{bot:,.0f} msg/s",
            note=f"{where}; runs {', '.join(f'{r:,.0f}' for r in bots)}"),
        Row("mirror", "ratio bot / bare", f"{statistics.median(ratios):.2f}", goal=">= 0.80",
            note=f"per round: {', '.join(f'{r:.2f}' for r in ratios)}"),
        Row("mirror", "bot: first post to all on_message handlers done", f"{settled:.2f} s",
            note=f"= {count / settled:,.0f} msg/s incl. the Questions cog"),
        Row("mirror", "diagnostic: Reviewbot without Questions cog", f"{lean:,.0f} msg/s",
            note=f"ratio {lean / bare:.2f}; all handlers done after {lean_settled:.2f} s"),
    ]
