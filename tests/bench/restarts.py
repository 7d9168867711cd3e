"""Benchmark: restarts of `reviewbot run` (its own process) under Discord's rate limits.

The loopback server runs here with its rate limits on (50 requests/s per token, per-route buckets);
the bot runs as a child process against it, as `reviewbot run` does (so its CPU seconds are its own).
Seeded with N archived review threads spread over a few review channels, straight into the server's
state and the bot's database (the reviews, how far each thread was read, when the bot was last
connected) — what a previous run would have left, without N publishes through the bot.

Measured for an idle restart (nothing said while away) and for a restart after 1 % of the threads got
a message while away (which unarchives them, as on Discord): REST requests from the process start to
"caught up", seconds to caught up (from the process start, and from its first request), the 429s the
server sent, and the bot's CPU seconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.db import Store
from bot.domain.connections import ConnectionLog
from bot.sandbox.server import LoopbackDiscord
from tests.bench.common import Row, stop_process
from tests.bench.memory import cpu_ticks
from tests.e2e.harness import World, build_world

#: the meta key the comments cog keeps its connection log under
CONNECTED_SINCE_KEY = "mirror_connected_since"
REVIEW_CHANNELS = 5
DONE_LINE = "Catch-up finished"


@dataclass(frozen=True)
class Restart:
    requests: int
    seconds: float
    seconds_from_first_request: float
    rate_limited: int
    cpu_seconds: float
    routes: dict[str, int]


async def _seed(server: LoopbackDiscord, db_path: Path, count: int) -> tuple[World, list[dict]]:
    """*count* review threads, archived a day ago, over REVIEW_CHANNELS channels: in the server and the store."""
    world = build_world(server, db_path)
    drv = world.drv
    channels = [world.reviews, *(drv.create_text_channel(world.guild, f"reviews-{k}")
                                 for k in range(1, REVIEW_CHANNELS))]
    a_day_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    threads: list[dict] = []
    for i in range(count):
        channel = channels[i % len(channels)]
        starter = drv.post(channel, world.owner, f"Review {i}")
        thread = drv.create_thread(channel, world.owner, f"Review {i}", message=starter)
        drv.post(thread, world.member, f"A comment on review {i}")
        drv.archive_thread(thread)
        thread["thread_metadata"]["archive_timestamp"] = (a_day_ago + dt.timedelta(seconds=i)).isoformat()
        threads.append(thread)
    async with Store.open(db_path) as store:
        async with store.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO reviews (guild_id, title, film_title, film_year, byline, body, created_at, updated_at,"
                " channel_id, message_ids, thread_id) VALUES (?, 'Bench review', 'Never Let Me Go', 2010,"
                " 'Bench', 'Body', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', ?, '[]', ?)",
                [(int(world.guild.id), int(t["parent_id"]), int(t["id"])) for t in threads],
            )
            await conn.executemany(
                "INSERT INTO thread_reads (thread_id, read_through, archived) VALUES (?, ?, 1)",
                [(int(t["id"]), int(t["last_message_id"])) for t in threads],
            )
        await store.meta.set(CONNECTED_SINCE_KEY, ConnectionLog().connected({0}, 1, dt.datetime.now(dt.UTC)).dumps())
    return world, threads


async def _start_and_catch_up(world: World, workdir: Path, run: int) -> Restart:
    """Start the bot process, wait until it has caught up, note the figures, and stop it with SIGTERM."""
    server = world.server
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "REVIEWBOT_"))}
    env.update(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(world.db_path))
    # An installed bot has its bytecode cached (pip writes it; Python does at the first import). Where the
    # environment says not to write it (PYTHONDONTWRITEBYTECODE, as on the development machine), every start
    # would compile the bot's 90 modules from source again, about half a second a restart never pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    log_path = workdir / f"bot-{run}.log"
    first_request = len(server.requests)
    first_429 = len(server.rate_limited)
    started = time.perf_counter()
    with log_path.open("wb") as log:  # a file, not a pipe: a full pipe would stall the bot
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", env=env, cwd=workdir,
                                                    stdout=log, stderr=log)
    first_seen: float | None = None
    try:
        deadline = started + 600
        while DONE_LINE not in log_path.read_text(errors="replace"):
            if first_seen is None and len(server.requests) > first_request:
                first_seen = time.perf_counter()
            if proc.returncode is not None or time.perf_counter() > deadline:
                raise RuntimeError(f"the bot did not catch up:\n{log_path.read_text()[-3000:]}")
            await asyncio.sleep(0.01)
        done = time.perf_counter()
        cpu = cpu_ticks(proc.pid) / os.sysconf("SC_CLK_TCK")
        made = server.requests[first_request:]
        limited = len(server.rate_limited) - first_429
    finally:
        await stop_process(proc)
    routes: dict[str, int] = {}
    for record in made:
        key = f"{record.method} {record.route}"
        routes[key] = routes.get(key, 0) + 1
    return Restart(len(made), done - started, done - (first_seen or started), limited, cpu, routes)


async def _measure(count: int, rounds: int) -> tuple[list[Restart], list[Restart], int]:
    """(idle restarts, restarts with 1 % changed, threads changed each time) at *count* archived review threads.

    Each changed round changes other threads than the last (each archived until then), so every round
    is the same case: 1 % of the archived threads unarchived by a message while the bot was away.
    """
    with tempfile.TemporaryDirectory(prefix="bench-restarts-") as tmp:
        workdir = Path(tmp)
        async with LoopbackDiscord(rate_limits=True) as server:
            world, threads = await _seed(server, workdir / "bot.db", count)
            await _start_and_catch_up(world, workdir, 0)  # a first run after the seed: as any earlier run
            idle = [await _start_and_catch_up(world, workdir, 1 + k) for k in range(rounds)]
            changed_runs: list[Restart] = []
            for k in range(rounds):
                changed = threads[k:: 100][: max(1, count // 100)]
                for thread in changed:
                    world.drv.post(thread, world.member, f"said while the bot was away, round {k}")  # unarchives it
                after_changes = await _start_and_catch_up(world, workdir, 1 + rounds + k)
                stored = _stored_comments(world.db_path, [t["id"] for t in changed], k)
                if stored != len(changed):
                    raise RuntimeError(f"only {stored} of {len(changed)} messages said while away were caught up"
                                       f" ({after_changes.rate_limited} 429s)")
                changed_runs.append(after_changes)
    return idle, changed_runs, len(changed)


def _stored_comments(db_path: Path, thread_ids: list[str], round_: int) -> int:
    import sqlite3

    con = sqlite3.connect(db_path, timeout=30)
    try:
        marks = ",".join("?" * len(thread_ids))
        return con.execute(f"SELECT count(*) FROM comments WHERE thread_id IN ({marks}) AND content = ?",
                           (*map(int, thread_ids), f"said while the bot was away, round {round_}")).fetchone()[0]
    finally:
        con.close()


def _top_routes(restart: Restart) -> str:
    ordered = sorted(restart.routes.items(), key=lambda item: -item[1])
    return ", ".join(f"{route} ×{n}" for route, n in ordered)


def _median(runs: list[Restart], attribute: str) -> float:
    return statistics.median(getattr(run, attribute) for run in runs)


def _times(runs: list[Restart]) -> str:
    """Median seconds from the process start (from its first request) and CPU seconds, with every round."""
    rounds = ", ".join(f"{run.seconds:.2f}" for run in runs)
    return (f"{_median(runs, 'seconds'):.2f} s ({_median(runs, 'seconds_from_first_request'):.2f} s) / "
            f"{_median(runs, 'cpu_seconds'):.2f} s  [rounds {rounds}]")


async def run(quick: bool) -> list[Row]:
    rows: list[Row] = []
    rounds = 1 if quick else 3
    for count in (200, 1_000) if quick else (1_000, 10_000):
        idle, changed, n_changed = await _measure(count, rounds)
        idle_goal = 10 + 2 * REVIEW_CHANNELS
        rows.append(Row(
            "restarts", f"idle restart, {count:,} archived threads: requests / 429s (worst round)",
            f"{max(r.requests for r in idle)} / {max(r.rate_limited for r in idle)}", goal=f"<= {idle_goal} / 0",
            note=_top_routes(idle[0])))
        rows.append(Row("restarts", f"idle restart, {count:,}: caught up from start (first request) / CPU",
                        _times(idle), goal="< 2 s", note="median"))
        extra = max(c.requests - idle[0].requests for c in changed)
        rows.append(Row(
            "restarts", f"restart, {n_changed} of {count:,} changed: requests (+ per changed) / 429s (worst)",
            f"{max(c.requests for c in changed)} (+{extra / n_changed:.2f}) / {max(c.rate_limited for c in changed)}",
            goal="+<= 2 / 0", note=_top_routes(changed[0])))
        rows.append(Row("restarts", f"restart, {n_changed} of {count:,} changed: caught up from start (first"
                        " request) / CPU", _times(changed), note="median"))
    return rows
