"""The catalogue on PostgreSQL: a million films shared by bot processes, the title index in a local file.

``python -m tests.bench --only catalogue-pg`` starts a throw-away PostgreSQL (``.ci/postgres``, which
installs Debian's package when the machine lacks it) unless ``REVIEWBOT_BENCH_POSTGRES`` names a server,
copies the SQLite catalogue fixture of :mod:`tests.bench.catalogue` into it (``reviewbot db copy``), and
builds the title index file from PostgreSQL once. Then, each in a fresh interpreter: a start with the
index file (start to ready, RSS, first and p99 look-ups, another process's imports), and a start without
one, which indexes the catalogue in memory as every PostgreSQL store did before the index had a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from bot.db import Store
from bot.db.copy import copy_database
from bot.services import release_desk
from bot.services.release_desk import ReleaseDesk
from tests.bench.catalogue import build_fixture, first_look_ups, fixture_path, pickup, rss_kib, timed_queries
from tests.bench.common import Row, mb, ms, peak_rss_kib
from tests.bench_titles import synthetic_titles
from tests.postgres import fresh_schema

ENV = "REVIEWBOT_BENCH_POSTGRES"
REPO = Path(__file__).resolve().parents[2]


@contextlib.asynccontextmanager
async def server() -> AsyncIterator[str]:
    """The server named by REVIEWBOT_BENCH_POSTGRES, else a throw-away one for this run."""
    if os.environ.get(ENV):
        yield os.environ[ENV]
        return
    with tempfile.TemporaryDirectory(prefix="bench-pg-") as folder:  # the script hands it to postgres
        script = str(REPO / ".ci" / "postgres")
        started = await asyncio.to_thread(subprocess.run, [script, "start", str(folder)],
                                          capture_output=True, text=True, check=True)
        try:
            yield started.stdout.strip().splitlines()[-1]
        finally:
            await asyncio.to_thread(subprocess.run, [script, "stop", str(folder)], capture_output=True, check=False)


async def prepare(url: str, index: Path, size: int) -> dict:
    """The SQLite fixture copied into PostgreSQL, and the index file built from it: what each cost."""
    await build_fixture(size)
    started = time.perf_counter()
    await copy_database(fixture_path(size), url)
    copy_s = time.perf_counter() - started
    async with Store.open(url, title_index=index) as store:
        started = time.perf_counter()
        await store.title_index.build()
        build_s = time.perf_counter() - started
    index_bytes = (await asyncio.to_thread(index.stat)).st_size
    return {"copy_s": copy_s, "index_s": build_s, "index_mb": index_bytes / 1_048_576}


async def measure(url: str, index: str, size: int, pickups: list[int]) -> dict:
    """One start, in this fresh interpreter: with the index file, or (*index* "-") without one."""
    release_desk.VERSION_CHECK_SECONDS = 0.0
    titles = synthetic_titles(size)
    gc.collect()
    gc.freeze()
    rss_before = rss_kib()
    started = time.perf_counter()
    async with Store.open(url, title_index=None if index == "-" else Path(index)) as store:
        desk = ReleaseDesk(store)
        await desk.load()
        ready_s = time.perf_counter() - started
        rss_ready = rss_kib()
        first_auto, first_answer = await first_look_ups(desk, titles)
        queries = await timed_queries(desk, titles)
        picked = [await pickup(desk, url, count) for count in pickups]
    return {"size": size, "indexed": index != "-", "ready_s": ready_s, "rss_titles_kib": rss_before,
            "rss_ready_kib": rss_ready, "first_auto_s": first_auto, "first_answer_s": first_answer, **queries,
            "pickups": picked, "peak_kib": peak_rss_kib()}


def in_child(url: str, index: str, size: int, pickups: list[int]) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.bench.catalogue_pg", url, index, str(size),
                           *map(str, pickups)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"catalogue-pg {size:,} failed: {done.stderr.strip()[-400:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows_for(built: dict, indexed: dict, memory: dict) -> list[Row]:
    size = f"{indexed['size']:,}"
    rows = [
        Row("catalogue-pg", f"{size} films: fixture",
            f"copy {built['copy_s']:.0f} s, index build {built['index_s']:.0f} s",
            note=f"`reviewbot db copy` of the SQLite fixture, then the index file built from PostgreSQL"
                 f" ({built['index_mb']:.0f} MB)"),
        Row("catalogue-pg", f"{size} films: start to ready", f"{indexed['ready_s']:.2f} s", goal="<= 5 s",
            note=f"without an index file (in memory, as before): {memory['ready_s']:.2f} s"),
        Row("catalogue-pg", f"{size} films: RSS at ready", mb(indexed["rss_ready_kib"]), goal="<= 300 MB",
            note=f"{mb(indexed['rss_titles_kib'])} before opening; without an index file:"
                 f" {mb(memory['rss_ready_kib'])} (peak {mb(memory['peak_kib'])})"),
        Row("catalogue-pg", f"{size} films: first autocomplete / question after start",
            f"{ms(indexed['first_auto_s'])} / {ms(indexed['first_answer_s'])}", goal="<= 10 ms"),
        Row("catalogue-pg", f"{size} films: autocomplete / question p99",
            f"{ms(indexed['auto_p99'])} / {ms(indexed['answer_p99'])}", goal="p99 <= 10 ms",
            note=f"CPU p99 {ms(indexed['auto_cpu_p99'])} / {ms(indexed['answer_cpu_p99'])}; in memory:"
                 f" {ms(memory['auto_p99'])} / {ms(memory['answer_p99'])}"),
    ]
    for p in indexed["pickups"]:
        rows.append(Row(
            "catalogue-pg", f"{size} films: another process imports {p['count']:,}",
            f"picked up {p['total_s']:.2f} s; max loop stall {ms(p['stall_s'])}", goal="stall <= 50 ms",
            note=f"RSS {mb(p['rss_before_kib'])} -> {mb(p['rss_after_kib'])}; new film found: {p['found']};"
                 f" idle ticker just before: max gap {ms(p['idle_stall_s'])}"))
    return rows


async def run(quick: bool) -> list[Row]:
    sizes = [(10_000, [1, 1_000])] if quick else [(1_000_000, [1, 100_000])]
    rows: list[Row] = []
    async with server() as base:
        for size, pickups in sizes:
            async with fresh_schema(base) as url:
                with tempfile.TemporaryDirectory(prefix="bench-pg-index-") as tmp:
                    index = Path(tmp) / "titles.db"
                    built = await prepare(url, index, size)
                    indexed = await asyncio.to_thread(in_child, url, str(index), size, pickups)
                    memory = await asyncio.to_thread(in_child, url, "-", size, [])
                    rows += rows_for(built, indexed, memory)
    return rows


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure(sys.argv[1], sys.argv[2], int(sys.argv[3]),
                                         [int(a) for a in sys.argv[4:]]))))
