"""Benchmark 1: mirror throughput of `reviewbot run` versus a bare discord.py client, each in its own process.

The loopback server runs in this process; the client under test runs as a child process against it,
so neither the server's work nor the other client's shares its interpreter. Rounds alternate (bot,
bare, bot, bare, ...) on a fresh server and database each, and are reported in the order they ran.

Both are given the same 20,000 messages into a review thread and timed the same way, on the system's
monotonic clock (shared by every process): from just before the first message is posted to

- the bot: the last message's comment committed to its database (polled by primary key, a lookup that
  costs the server process next to nothing), after which every comment is checked to be there;
- the bare client (``python -m tests.bench.clients``): its ``on_message`` counting the last message
  of the thread, at which moment it prints its own clock reading.

The bare client does nothing else with a message: it is what discord.py's own gateway reading,
parsing (a discord.Message) and dispatching cost on this machine. The bot skips the Message and the
dispatch for plain chatter (``ReviewBot._parse_message_create``), so it may do better than that.
CPU per message is the child's utime + stime from /proc over the same interval, divided by the
messages; the server's own CPU per message is shown too.

The server does not check its dispatches against Discord's OpenAPI spec here (the test suite does):
with the check it spends about 0.65 ms a message, three to four times either client, and both would
merely keep pace with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.sandbox.server import LoopbackDiscord
from tests.bench.common import Row, insert_review, post_in_chunks, stop_process, wait_for_count
from tests.bench.memory import cpu_ticks, start_bot_process
from tests.e2e.harness import World, build_world

#: seconds per clock tick of /proc/PID/stat's utime and stime
TICK = 1 / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Round:
    """One timed run of one client."""

    client: str  # "bot" or "bare"
    rate: float  # messages per second, first post to last message done
    cpu_ms: float  # the client process's CPU per message, in milliseconds
    server_cpu_ms: float  # the server's (this process's) CPU per message over the same interval


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _stored(db_path: Path, message_id: int) -> bool:
    """Whether the comment for *message_id* is committed (a rowid lookup; the bot's writer holds another connection)."""
    con = sqlite3.connect(db_path, timeout=30)
    try:
        return con.execute("SELECT 1 FROM comments WHERE message_id = ?", (message_id,)).fetchone() is not None
    finally:
        con.close()


async def _seeded(server: LoopbackDiscord, workdir: Path, name: str) -> tuple[World, dict]:
    """A world whose review thread exists on the server and, for the bot, in its database."""
    world = build_world(server, Path(tempfile.mkdtemp(dir=workdir)) / f"mirror-{name}.db")
    starter = world.drv.post(world.reviews, world.owner, "A review")
    thread = world.drv.create_thread(world.reviews, world.owner, "Review thread", message=starter)
    await insert_review(world.db_path, guild_id=int(world.guild.id), channel_id=int(world.reviews["id"]),
                        thread_id=int(thread["id"]))
    return world, thread


async def bot_round(count: int, workdir: Path) -> Round:
    """`python -m bot run` (as tests/bench/memory.py starts it), to the last comment committed."""
    async with LoopbackDiscord(check_spec=False) as server:
        world, thread = await _seeded(server, workdir, "bot")
        proc = await start_bot_process(world, Path(world.db_path).parent)
        try:
            await world.drv.wait_for_request("PUT", r"/applications/\d+/commands", timeout=60)
            world.drv.post(thread, world.member, "probe")  # connected, caught up and mirroring
            await wait_for_count(world.db_path, 1, timeout=60)
            ticks, own, started = cpu_ticks(proc.pid), _own_cpu(), time.monotonic()
            await post_in_chunks(world.drv, thread, world.member, count)
            last_id = int(world.drv.get_channel(thread["id"])["last_message_id"])
            deadline = started + max(120.0, count / 50)
            while not _stored(world.db_path, last_id):
                if time.monotonic() > deadline or proc.returncode is not None:
                    raise TimeoutError(f"the bot did not store message {last_id}")
                await asyncio.sleep(0.002)
            finished = time.monotonic()
            used, own = (cpu_ticks(proc.pid) - ticks) * TICK, _own_cpu() - own
            await wait_for_count(world.db_path, count + 1, timeout=10)  # every one of them, not only the last
        finally:
            await stop_process(proc)
    elapsed = finished - started
    return Round("bot", count / elapsed, used / count * 1000, own / count * 1000)


async def bare_round(count: int, workdir: Path) -> Round:
    """The bare client as its own process, to its ``on_message`` counting the last message."""
    async with LoopbackDiscord(check_spec=False) as server:
        world, thread = await _seeded(server, workdir, "bare")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "REVIEWBOT_"))}
        env.update(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base)
        log_path = Path(world.db_path).parent / "bare.log"
        with log_path.open("wb") as log:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "tests.bench.clients", thread["id"], str(count + 1), env=env,
                stdout=asyncio.subprocess.PIPE, stderr=log)
        assert proc.stdout is not None
        try:
            async def line() -> str:
                text = (await asyncio.wait_for(proc.stdout.readline(), max(120.0, count / 50))).decode()
                if not text:
                    raise RuntimeError(f"the bare client stopped:\n{log_path.read_text()[-2000:]}")
                return text.strip()

            assert await line() == "ready"
            world.drv.post(thread, world.member, "probe")
            assert await line() == "probe"
            ticks, own, started = cpu_ticks(proc.pid), _own_cpu(), time.monotonic()
            await post_in_chunks(world.drv, thread, world.member, count)
            done, at = (await line()).split()
            assert done == "done"
            finished = float(at)
            used, own = (cpu_ticks(proc.pid) - ticks) * TICK, _own_cpu() - own
        finally:
            await stop_process(proc)
    elapsed = finished - started
    return Round("bare", count / elapsed, used / count * 1000, own / count * 1000)


async def run(quick: bool) -> list[Row]:
    """Alternate bot and bare rounds (seven each unless --quick); the median ratio, with every round in order.

    The machine is shared: one round of each is at the mercy of whatever else its two cores are doing,
    and alternating puts both under the same conditions.
    """
    count = 2_000 if quick else 20_000
    rounds = 1 if quick else 7
    ran: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="bench-mirror-") as tmp:
        for _ in range(rounds):
            ran.append(await bot_round(count, Path(tmp)))
            ran.append(await bare_round(count, Path(tmp)))
    bots = [r for r in ran if r.client == "bot"]
    bares = [r for r in ran if r.client == "bare"]
    ratios = [bot.rate / bare.rate for bot, bare in zip(bots, bares, strict=True)]
    cpu_ratio = statistics.median(r.cpu_ms for r in bots) / statistics.median(r.cpu_ms for r in bares)
    in_order = ", ".join(f"{r.client} {r.rate:,.0f}" for r in ran)
    rows = [
        Row("mirror", f"bare discord.py client process, {count:,} msgs",
            f"{statistics.median(r.rate for r in bares):,.0f} msg/s",
            note=f"median of {rounds}; CPU {statistics.median(r.cpu_ms for r in bares):.3f} ms/msg"),
        Row("mirror", f"`reviewbot run` to committed rows, {count:,} msgs",
            f"{statistics.median(r.rate for r in bots):,.0f} msg/s",
            note=f"median of {rounds}; CPU {statistics.median(r.cpu_ms for r in bots):.3f} ms/msg"),
        Row("mirror", "ratio bot / bare (median of rounds)", f"{statistics.median(ratios):.2f}", goal=">= 0.95",
            note=f"per round: {', '.join(f'{r:.2f}' for r in ratios)}"),
        Row("mirror", "CPU per message bot / bare (medians)", f"{cpu_ratio:.2f}"),
        Row("mirror", "rounds in the order they ran (msg/s)", "", note=in_order),
    ]
    rows += [Row("mirror", f"  round {i // 2 + 1} {r.client}", f"{r.rate:,.0f} msg/s",
                 note=f"client CPU {r.cpu_ms:.3f} ms/msg; server CPU {r.server_cpu_ms:.3f} ms/msg")
             for i, r in enumerate(ran)]
    with contextlib.suppress(Exception):
        rows.append(Row("mirror", "load average at the end", " ".join(f"{x:.2f}" for x in os.getloadavg())))
    return rows
