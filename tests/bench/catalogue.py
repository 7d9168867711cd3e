"""Benchmark 3: catalogue scale. Each size runs in a child process so that its peak RSS is its own.

The child (``python -m tests.bench.catalogue SIZE``) builds a synthetic catalogue (films with two to
three releases), imports it through ``reviewbot films import`` when the JSON import accepts that many
films, else through ``FilmStore.import_films`` directly, then times ``ReleaseDesk.load()``, autocomplete
and question resolution the way the bot calls them, and prints one JSON line of results.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.db import Store
from bot.domain import film_import
from bot.domain.models import Film, PartialDate, Release, ReleaseType
from bot.services.release_desk import Asker, ReleaseDesk
from tests.bench.common import Row, mb, ms, peak_rss_kib, percentile, proc_status_kib
from tests.bench_titles import synthetic_titles

QUERIES = 1_000
GUILD = 1
TODAY = dt.date(2026, 1, 1)


def typo(rng: random.Random, title: str) -> str:
    """One substituted letter: what a member mistyping a title sends."""
    chars = list(title)
    pos = rng.randrange(len(chars))
    chars[pos] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(chars)


def film_record(n: int, title: str) -> dict:
    """One film in the JSON import format (TMDB's release_dates shape)."""
    year = 1950 + n % 75
    groups = [{"iso_3166_1": "GB", "release_dates": [{"type": 3, "release_date": f"{year}-03-01"}]}]
    if n % 2:
        groups[0]["release_dates"].append({"type": 5, "release_date": f"{year}-09-01"})
    groups.append({"iso_3166_1": "US", "release_dates": [{"type": 3, "release_date": f"{year}-02-01"}]})
    return {"title": title, "year": year, "tmdb_id": n + 1, "release_dates": {"results": groups}}


def film_object(n: int, title: str) -> Film:
    """The same film as :func:`film_record`, as the parsed Film the store imports."""
    year = 1950 + n % 75
    releases = [Release("GB", ReleaseType(3), PartialDate.parse(f"{year}-03-01")),
                Release("US", ReleaseType(3), PartialDate.parse(f"{year}-02-01"))]
    if n % 2:
        releases.append(Release("GB", ReleaseType(5), PartialDate.parse(f"{year}-09-01")))
    return Film(id=None, title=title, year=year, tmdb_id=n + 1, releases=tuple(releases))


def import_with_cli(titles: list[str], workdir: Path, db_path: Path) -> tuple[float, str]:
    """Write the JSON file and time `python -m bot films import` on it (a fresh process, as an operator runs it)."""
    path = workdir / "films.json"
    document = {"films": [film_record(n, t) for n, t in enumerate(titles)]}
    path.write_text(json.dumps(document, separators=(",", ":")))
    size = path.stat().st_size
    del document
    if size > film_import.MAX_BYTES:
        raise ValueError(f"{size / 1_048_576:.0f} MB JSON is over MAX_BYTES")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "REVIEWBOT_"))}
    env["REVIEWBOT_DB"] = str(db_path)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot", "films", "import", str(path)], env=env,
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"films import failed: {done.stderr.strip()[-300:]}")
    return elapsed, f"`reviewbot films import`, {size / 1_048_576:.0f} MB JSON"


async def import_with_store(titles: list[str], db_path: Path) -> tuple[float, str]:
    films = [film_object(n, t) for n, t in enumerate(titles)]
    async with Store.open(db_path) as store:
        started = time.perf_counter()
        await store.films.import_films(films)
        elapsed = time.perf_counter() - started
    why = f"JSON import refuses over MAX_FILMS={film_import.MAX_FILMS:,}; FilmStore.import_films"
    return elapsed, why


async def timed_queries(desk: ReleaseDesk, titles: list[str]) -> dict[str, float]:
    """p50/p99 of autocomplete (prefixes, half with a typo) and of answering a mistyped question."""
    rng = random.Random(1)
    picks = [rng.choice(titles) for _ in range(QUERIES)]
    prefixes = [t[: rng.randint(3, max(3, len(t)))] for t in picks]
    prefixes = [typo(rng, p) if i % 2 else p for i, p in enumerate(prefixes)]
    questions = [f"when is {typo(rng, t)} out on DVD in the UK?" for t in picks]
    asker = Asker(guild_id=GUILD, user_id=2, guild_locale="en-GB")
    desk.autocomplete("warm up", GUILD)
    auto, answer = [], []
    for prefix in prefixes:
        started = time.perf_counter()
        desk.autocomplete(prefix, GUILD)
        auto.append(time.perf_counter() - started)
    for text in questions:
        started = time.perf_counter()
        await desk.answer_question(text, asker, mentioned=True, today=TODAY)
        answer.append(time.perf_counter() - started)
    return {"auto_p50": percentile(auto, 50), "auto_p99": percentile(auto, 99),
            "answer_p50": percentile(answer, 50), "answer_p99": percentile(answer, 99)}


async def measure(size: int) -> dict:
    """Everything for one catalogue size, run inside the child process."""
    titles = synthetic_titles(size)
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as tmp:
        db_path = Path(tmp) / "films.db"
        if size <= film_import.MAX_FILMS:
            import_s, how = import_with_cli(titles, Path(tmp), db_path)
        else:
            import_s, how = await import_with_store(titles, db_path)
        gc.collect()
        async with Store.open(db_path) as store:
            desk = ReleaseDesk(store)
            started = time.perf_counter()
            await desk.load()
            load_s = time.perf_counter() - started
            rss_loaded = proc_status_kib(os.getpid(), "VmRSS")
            as_bot = await timed_queries(desk, titles)
            gc.collect()
            gc.freeze()  # what bench_titles.py recommends after a bulk load; the bot does not do it
            frozen = await timed_queries(desk, titles)
    return {"size": size, "import_s": import_s, "how": how, "load_s": load_s, "rss_loaded_kib": rss_loaded,
            "peak_kib": peak_rss_kib(), **as_bot, "frozen_answer_p99": frozen["answer_p99"],
            "frozen_auto_p99": frozen["auto_p99"]}


def in_child(size: int) -> dict:
    """Run :func:`measure` in a fresh interpreter; its JSON line is the last thing it prints."""
    done = subprocess.run([sys.executable, "-m", "tests.bench.catalogue", str(size)], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"catalogue {size:,} failed: {done.stderr.strip()[-400:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows_for(r: dict) -> list[Row]:
    size = f"{r['size']:,}"
    return [
        Row("catalogue", f"{size} films: import", f"{r['import_s']:.1f} s", note=r["how"]),
        Row("catalogue", f"{size} films: ReleaseDesk.load()", f"{r['load_s']:.1f} s",
            note=f"RSS after load {mb(r['rss_loaded_kib'])}"),
        Row("catalogue", f"{size} films: autocomplete p50 / p99",
            f"{ms(r['auto_p50'])} / {ms(r['auto_p99'])}", goal="p99 <= 10 ms",
            note=f"p99 after gc.freeze(): {ms(r['frozen_auto_p99'])}"),
        Row("catalogue", f"{size} films: question p50 / p99",
            f"{ms(r['answer_p50'])} / {ms(r['answer_p99'])}", goal="p99 <= 10 ms",
            note=f"p99 after gc.freeze(): {ms(r['frozen_answer_p99'])}"),
        Row("catalogue", f"{size} films: peak RSS (load + queries)", mb(r["peak_kib"]),
            note="child process VmHWM, incl. the synthetic titles"),
    ]


async def run(quick: bool) -> list[Row]:
    sizes = [10_000] if quick else [100_000, 1_000_000]
    rows: list[Row] = []
    for size in sizes:
        rows += rows_for(await asyncio.to_thread(in_child, size))
    return rows


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure(int(sys.argv[1])))))
