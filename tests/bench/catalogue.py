"""Benchmark 3: catalogue scale. Each size runs in a child process so that its RSS is its own.

The fixture (a database of synthetic films with two to three releases each, and its title index)
is built once through the store's own API (``FilmStore.import_films``, then the index build a first
start after migration 0012 does) and cached under the temporary folder; every run copies it. The
child (``python -m tests.bench.catalogue SIZE``) then measures what a start costs: opening the store
and ``ReleaseDesk.load()`` until ready, the RSS at ready, the first autocomplete after the start,
p50/p99 of autocomplete and question resolution the way the bot calls them, and what another
process's import (``python -m tests.bench.catalogue_pickup``, a separate process as ``reviewbot
films import`` is) costs the running desk: time to pick up, the longest event-loop stall, RSS.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.db import Store
from bot.db.database import schema_version_latest
from bot.db.title_index import index_path_for
from bot.domain.models import Film, PartialDate, Release, ReleaseType
from bot.services import release_desk
from bot.services.release_desk import Asker, ReleaseDesk, _build_indexes
from tests.bench.common import Row, mb, ms, peak_rss_kib, percentile, proc_status_kib
from tests.bench_titles import synthetic_titles

QUERIES = 1_000
IDLE_TICKS_S = 2.0  # how long the event loop's gaps are measured with nothing to do, before each pickup
GUILD = 1
TODAY = dt.date(2026, 1, 1)
FIXTURE_VERSION = 1


def typo(rng: random.Random, title: str) -> str:
    """One substituted letter: what a member mistyping a title sends."""
    chars = list(title)
    pos = rng.randrange(len(chars))
    chars[pos] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(chars)


def film_object(n: int, title: str) -> Film:
    """One synthetic film as the store imports it."""
    year = 1950 + n % 75
    releases = [Release("GB", ReleaseType(3), PartialDate.parse(f"{year}-03-01")),
                Release("US", ReleaseType(3), PartialDate.parse(f"{year}-02-01"))]
    if n % 2:
        releases.append(Release("GB", ReleaseType(5), PartialDate.parse(f"{year}-09-01")))
    return Film(id=None, title=title, year=year, tmdb_id=n + 1, releases=tuple(releases))


def fixture_path(size: int) -> Path:
    name = f"reviewbot-bench-catalogue-{size}-s{schema_version_latest()}-v{FIXTURE_VERSION}.db"
    return Path(tempfile.gettempdir()) / name


async def build_fixture(size: int) -> dict:
    """The cached database of *size* films with its index; what building it cost (first run only)."""
    path = fixture_path(size)
    facts = path.with_suffix(".json")
    if path.exists() and facts.exists():
        return json.loads(facts.read_text())
    work = path.with_suffix(".building")
    for stale in (work, index_path_for(work)):
        for leftover in stale.parent.glob(stale.name + "*"):
            leftover.unlink()
    titles = synthetic_titles(size)
    films = [film_object(n, t) for n, t in enumerate(titles)]
    del titles
    async with Store.open(work) as store:
        started = time.perf_counter()
        await store.films.import_films(films)
        import_s = time.perf_counter() - started
        del films
        started = time.perf_counter()
        await store.title_index.build()
        index_s = time.perf_counter() - started
    # Closed: each WAL is checkpointed into its file, and the two files (films, title index) are the fixture.
    index_path_for(work).rename(index_path_for(path))
    work.rename(path)
    result = {"import_s": import_s, "index_s": index_s, "db_mb": path.stat().st_size / 1_048_576,
              "index_mb": index_path_for(path).stat().st_size / 1_048_576}
    facts.write_text(json.dumps(result))
    return result


class CollectorClock:
    """Time the garbage collector spends, so a slow answer can be told apart from a collection landing on it."""

    def __init__(self) -> None:
        self.spent = 0.0
        self.longest = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            took = time.perf_counter() - self._started
            self.spent += took
            self.longest = max(self.longest, took)

    def __enter__(self) -> CollectorClock:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


async def timed_queries(desk: ReleaseDesk, titles: list[str]) -> dict[str, float]:
    """p50/p99 of autocomplete (prefixes, half with a typo) and of answering a mistyped question.

    Beside each wall-clock figure: the p99 of the thread's CPU time (this machine is shared, and a query
    that was descheduled midway counts its wait in the wall clock), and how much of all the queries' time
    the garbage collector took.
    """
    rng = random.Random(1)
    picks = [rng.choice(titles) for _ in range(QUERIES)]
    prefixes = [t[: rng.randint(3, max(3, len(t)))] for t in picks]
    prefixes = [typo(rng, p) if i % 2 else p for i, p in enumerate(prefixes)]
    questions = [f"when is {typo(rng, t)} out on DVD in the UK?" for t in picks]
    asker = Asker(guild_id=GUILD, user_id=2, guild_locale="en-GB")
    auto, answer, auto_cpu, answer_cpu = [], [], [], []
    with CollectorClock() as auto_gc:
        for prefix in prefixes:
            started, cpu = time.perf_counter(), time.thread_time()
            desk.autocomplete(prefix, GUILD)
            auto.append(time.perf_counter() - started)
            auto_cpu.append(time.thread_time() - cpu)
    with CollectorClock() as answer_gc:
        for text in questions:
            started, cpu = time.perf_counter(), time.thread_time()
            await desk.answer_question(text, asker, mentioned=True, today=TODAY)
            answer.append(time.perf_counter() - started)
            answer_cpu.append(time.thread_time() - cpu)
    return {"auto_p50": percentile(auto, 50), "auto_p99": percentile(auto, 99),
            "answer_p50": percentile(answer, 50), "answer_p99": percentile(answer, 99),
            "auto_cpu_p99": percentile(auto_cpu, 99), "answer_cpu_p99": percentile(answer_cpu, 99),
            "auto_gc_s": auto_gc.spent, "answer_gc_s": answer_gc.spent,
            "auto_total_s": sum(auto), "answer_total_s": sum(answer)}


async def ticker(gaps: list[float]) -> None:
    """Record how long each 1 ms sleep really took: a long gap is a stalled event loop."""
    last = time.perf_counter()
    while True:
        await asyncio.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now


def rss_kib() -> int:
    return proc_status_kib(os.getpid(), "VmRSS")


async def pickup(desk: ReleaseDesk, db_path: Path | str, count: int) -> dict:
    """Another process imports *count* films; how the running desk takes them in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "REVIEWBOT_"))}
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "tests.bench.catalogue_pickup", str(db_path), str(count)],
        env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the other process's import failed: {done.stderr.strip()[-400:]}")
    before = rss_kib()
    gaps: list[float] = []
    tick = asyncio.create_task(ticker(gaps))
    # The loop's own noise on this shared machine: the same ticker with nothing to apply, just before.
    await asyncio.sleep(IDLE_TICKS_S)
    idle = max(gaps, default=0.0)
    gaps.clear()
    started = time.perf_counter()
    with CollectorClock() as collector:
        await desk.film(10**9, GUILD)  # any look-up notices the new catalogue version
        waited = time.perf_counter() - started
        probe = []  # autocomplete keeps answering while a big import is applied
        while desk._catching_up is not None and not desk._catching_up.done():
            t0 = time.perf_counter()
            desk.autocomplete("Newfilm", GUILD)
            probe.append(time.perf_counter() - t0)
            await asyncio.sleep(0.05)
        total = time.perf_counter() - started
    tick.cancel()
    found = desk.search(f"Newfilm {count} {count - 1}", GUILD, min_score=90)
    return {"count": count, "waited_s": waited, "total_s": total, "stall_s": max(gaps, default=0.0),
            "rss_before_kib": before, "rss_after_kib": rss_kib(), "found": bool(found),
            "auto_during_max_s": max(probe, default=0.0), "idle_stall_s": idle, "ticks": len(gaps),
            "longest_collection_s": collector.longest}


async def first_look_ups(desk: ReleaseDesk, titles: list[str]) -> tuple[float, float]:
    """Seconds the first autocomplete and the first question after a start take (nothing remembered yet)."""
    started = time.perf_counter()
    desk.autocomplete(titles[len(titles) // 3][:5], GUILD)
    first_auto = time.perf_counter() - started
    started = time.perf_counter()
    await desk.answer_question(f"when is {titles[len(titles) // 2]} out on DVD?", Asker(GUILD, 2), mentioned=True,
                               today=TODAY)
    return first_auto, time.perf_counter() - started


async def measure(size: int, pickups: list[int]) -> dict:
    """Everything for one catalogue size, run inside the child process."""
    release_desk.VERSION_CHECK_SECONDS = 0.0  # notice another process's import at once, not within 1 s
    built = await build_fixture(size)
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as tmp:
        db_path = Path(tmp) / "films.db"
        shutil.copyfile(fixture_path(size), db_path)
        shutil.copyfile(index_path_for(fixture_path(size)), index_path_for(db_path))
        titles = synthetic_titles(size)
        # The benchmark's own million titles are not the bot's: out of the collector's sight, so that its
        # full collections do not walk them and charge the time to whichever query runs then.
        gc.collect()
        gc.freeze()
        rss_before = rss_kib()
        started = time.perf_counter()
        async with Store.open(db_path) as store:
            desk = ReleaseDesk(store)
            await desk.load()
            ready_s = time.perf_counter() - started
            rss_ready = rss_kib()
            first_auto, first_answer = await first_look_ups(desk, titles)
            queries = await timed_queries(desk, titles)
            rss_queries = rss_kib()
            picked = [await pickup(desk, db_path, count) for count in pickups]
            # Side by side on this noisy machine: the same queries against the in-memory index every start
            # used to build (servers' own films still use it), in the same process, after the above.
            shared, _ = _build_indexes(await store.films.titles(own_only=False))
            desk.shared = shared
            gc.collect()
            gc.freeze()
            memory = await timed_queries(desk, titles)
    return {"memory_auto_p99": memory["auto_p99"], "memory_answer_p99": memory["answer_p99"], "size": size,
             **built, "ready_s": ready_s, "rss_titles_kib": rss_before, "rss_ready_kib": rss_ready,
            "rss_queries_kib": rss_queries, "first_auto_s": first_auto, "first_answer_s": first_answer,
            **queries, "pickups": picked, "peak_kib": peak_rss_kib()}


def in_child(size: int, pickups: list[int]) -> dict:
    """Run :func:`measure` in a fresh interpreter; its JSON line is the last thing it prints."""
    done = subprocess.run([sys.executable, "-m", "tests.bench.catalogue", str(size), *map(str, pickups)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"catalogue {size:,} failed: {done.stderr.strip()[-400:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows_for(r: dict) -> list[Row]:
    size = f"{r['size']:,}"
    rows = [
        Row("catalogue", f"{size} films: fixture", f"import {r['import_s']:.0f} s, index build {r['index_s']:.0f} s",
            note=f"FilmStore.import_films, then the first-start index build; {r['db_mb']:.0f} MB store and"
                 f" {r.get('index_mb', 0):.0f} MB index files, cached"),
        Row("catalogue", f"{size} films: start to ready", f"{r['ready_s']:.2f} s", goal="<= 5 s",
            note="Store.open + ReleaseDesk.load()"),
        Row("catalogue", f"{size} films: RSS at ready", mb(r["rss_ready_kib"]), goal="<= 300 MB",
            note=f"{mb(r['rss_titles_kib'])} before opening (interpreter + the benchmark's titles);"
                 f" {mb(r['rss_queries_kib'])} after 2,000 queries"),
        Row("catalogue", f"{size} films: first autocomplete / question after start",
            f"{ms(r['first_auto_s'])} / {ms(r['first_answer_s'])}", goal="<= 10 ms"),
        Row("catalogue", f"{size} films: autocomplete p50 / p99", f"{ms(r['auto_p50'])} / {ms(r['auto_p99'])}",
            goal="p99 <= 10 ms",
            note=f"CPU p99 {ms(r['auto_cpu_p99'])}; collector {ms(r['auto_gc_s'])} of {r['auto_total_s']:.2f} s;"
                 f" in-memory index, same run: p99 {ms(r['memory_auto_p99'])}"),
        Row("catalogue", f"{size} films: question p50 / p99", f"{ms(r['answer_p50'])} / {ms(r['answer_p99'])}",
            goal="p99 <= 10 ms",
            note=f"CPU p99 {ms(r['answer_cpu_p99'])}; collector {ms(r['answer_gc_s'])} of {r['answer_total_s']:.2f} s;"
                 f" in-memory index, same run: p99 {ms(r['memory_answer_p99'])}"),
    ]
    for p in r["pickups"]:
        rows.append(Row(
            "catalogue", f"{size} films: another process imports {p['count']:,}",
            f"picked up {p['total_s']:.2f} s (look-up waited {ms(p['waited_s'])}); max loop stall {ms(p['stall_s'])}",
            goal="stall <= 50 ms",
            note=f"RSS {mb(p['rss_before_kib'])} -> {mb(p['rss_after_kib'])}; autocomplete meanwhile max"
                 f" {ms(p['auto_during_max_s'])}; new film found: {p['found']}; the same ticker idle for"
                 f" {IDLE_TICKS_S:.0f} s just before: max gap {ms(p['idle_stall_s'])}; longest collection meanwhile"
                 f" {ms(p['longest_collection_s'])}",
        ))
    return rows


async def run(quick: bool) -> list[Row]:
    sizes = [(10_000, [1, 1_000])] if quick else [(100_000, [1, 100_000]), (1_000_000, [1, 100_000])]
    rows: list[Row] = []
    for size, pickups in sizes:
        rows += rows_for(await asyncio.to_thread(in_child, size, pickups))
    return rows


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure(int(sys.argv[1]), [int(a) for a in sys.argv[2:]]))))
