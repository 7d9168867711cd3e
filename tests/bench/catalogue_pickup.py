"""Benchmark: what another process's import costs a running bot with 100,000 films indexed.

Run ``python -m tests.bench.catalogue_pickup`` (not yet wired into ``python -m tests.bench --only``).
A second Store on the same file imports 1, then 10,000 films, as ``reviewbot films import`` would; the
bot's desk notices them on its next look-up. Printed: how long that look-up waited, when every change
was applied, the longest event-loop stall (seen by a 1 ms ticker) and RSS before and after.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bot.db import Store
from bot.domain.models import Film
from bot.services import release_desk
from bot.services.release_desk import ReleaseDesk
from tests.bench.common import proc_status_kib
from tests.bench_titles import synthetic_titles


async def ticker(gaps: list[float]) -> None:
    """Record how long each 1 ms sleep really took: a long gap is a stalled event loop."""
    last = time.perf_counter()
    while True:
        await asyncio.sleep(0.001)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now


def rss_mb() -> float:
    return proc_status_kib("self", "VmRSS") / 1024


async def main() -> None:
    release_desk.VERSION_CHECK_SECONDS = 0.0  # notice at once instead of within a second
    folder = Path(tempfile.mkdtemp())
    async with Store.open(folder / "r.db") as store:
        await store.films.import_films([Film(id=None, title=t, year=2000) for t in synthetic_titles(100_000)])
        desk = ReleaseDesk(store)
        await desk.load()
        before = rss_mb()
        for count, label in ((1, "1-film"), (10_000, "10,000-film")):
            async with Store.open(folder / "r.db") as other:
                await other.films.import_films(
                    [Film(id=None, title=f"Newfilm {label} {i}", year=2020) for i in range(count)]
                )
            gaps: list[float] = []
            tick = asyncio.create_task(ticker(gaps))
            await asyncio.sleep(0.01)
            gaps.clear()
            start = time.perf_counter()
            await desk.film(10**9, 1)
            waited = time.perf_counter() - start
            if desk._catching_up is not None:
                await desk._catching_up
            total = time.perf_counter() - start
            tick.cancel()
            print(f"{label} import at 100,000 films: command waited {waited * 1000:.1f} ms, all applied"
                  f" {total:.2f} s, max loop stall {max(gaps) * 1000:.1f} ms, RSS {before:.0f} -> {rss_mb():.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
