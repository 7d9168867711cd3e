"""Shared pieces of the benchmarks: result rows, percentiles, memory and machine facts, the worlds."""

from __future__ import annotations

import asyncio
import os
import platform
import resource
import signal
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import discord

from bot.db import Store


@dataclass(frozen=True)
class Row:
    """One printed line: which benchmark, what was measured, the figure, and the goal if any."""

    bench: str
    metric: str
    value: str
    goal: str = ""
    note: str = ""


async def stop_process(proc: asyncio.subprocess.Process, *, grace: float = 60.0) -> None:
    """Stop a bot process as an operator would (SIGTERM, so it flushes and closes), killing it after *grace*."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), grace)
        except TimeoutError:
            proc.kill()
            await proc.wait()


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of *samples*, in the samples' unit."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def mb(kib: int) -> str:
    return f"{kib / 1024:.0f} MB"


def proc_status_kib(pid: int | str, field: str) -> int:
    """A ``kB`` field (VmHWM, VmRSS) of /proc/PID/status: how much memory a process holds or held."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def peak_rss_kib() -> int:
    """This process's peak resident set so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def machine() -> list[str]:
    """Lines describing where the figures were taken: they mean little without them."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kib = proc_status_kib_meminfo()
    return [
        f"Machine: {os.cpu_count()} cores, {model}, {mem_kib / 1024 / 1024:.0f} GB RAM",
        f"Python {platform.python_version()} ({platform.python_implementation()}), discord.py {discord.__version__},"
        f" SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}",
    ]


def proc_status_kib_meminfo() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return 0


def count_comments(db_path: Path) -> int:
    """SELECT count(*) FROM comments, on a connection of its own (the bot's writer holds another)."""
    con = sqlite3.connect(db_path, timeout=30)
    try:
        return con.execute("SELECT count(*) FROM comments").fetchone()[0]
    finally:
        con.close()


async def wait_for_count(db_path: Path, expected: int, *, timeout: float, interval: float = 0.02) -> float:
    """Poll the comment count until it reaches *expected*; return the perf_counter when it did."""
    deadline = time.perf_counter() + timeout
    while True:
        if count_comments(db_path) >= expected:
            return time.perf_counter()
        if time.perf_counter() > deadline:
            raise TimeoutError(f"only {count_comments(db_path)} of {expected} comments stored after {timeout}s")
        await asyncio.sleep(interval)


async def insert_review(db_path: Path, *, guild_id: int, channel_id: int, thread_id: int) -> int:
    """A published review row whose discussion thread is *thread_id* (as the bot would have written it)."""
    async with Store.open(db_path) as store, store.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO reviews (guild_id, title, film_title, film_year, byline, body, created_at, updated_at,"
            " channel_id, message_ids, thread_id) VALUES (?, 'Bench review', 'Never Let Me Go', 2010,"
            " 'Bench', 'Body', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', ?, '[]', ?)",
            (guild_id, channel_id, thread_id),
        )
        return int(cursor.lastrowid or 0)


async def post_in_chunks(drv, thread, author, count: int, *, chunk: int = 200, text: str = "comment {}") -> None:
    """Post *count* messages, yielding to the loop between chunks so the server's socket writers run."""
    for start in range(0, count, chunk):
        for i in range(start, min(count, start + chunk)):
            drv.post(thread, author, text.format(i))
        await asyncio.sleep(0)
