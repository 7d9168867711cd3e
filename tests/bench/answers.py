"""Benchmark 2: answer latency, Reviewbot versus an echo bot, one question at a time.

For each question: the clock starts just before ``drv.post`` and stops when the reply (a POST to the
thread's /messages whose message_reference names the question) reaches the loopback server. Every
question mentions the bot, which bypasses the per-member cooldown on unprompted answers; the echo bot
gets the very same text. Both run in-process with the server, in one event loop.

Two questions are timed: a release date ("when is it out on DVD in the UK?") about the shipped
catalogue's film, and where to watch ("is it on Netflix in the UK?") about a film stored from TMDB
with its watch providers. The askers take turns, so none goes over the bot's limit of 5 answered
mentions a minute (the benchmark would otherwise time the silence after the limit).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bot.db import Store
from bot.domain.models import Film, PartialDate, Release, ReleaseType
from bot.domain.tmdb import CountryOffers, TmdbMovie, WatchOffer
from bot.sandbox.server import LoopbackDiscord
from tests.bench.clients import EchoClient, start_client, stop_client
from tests.bench.common import Row, ms, percentile
from tests.e2e.harness import World, build_world
from tests.e2e.helpers import published_thread

QUESTION = "{mention} when is it out on DVD in the UK?"
WATCH_QUESTION = "{mention} is it on Netflix in the UK?"
WARM_UP = 20
#: answered mentions a member may have a minute, less one: each asker stays under the bot's limit
PER_ASKER = 4
#: the where-to-watch question's film, as TMDB would have sent it
WATCH_FILM = TmdbMovie(
    Film(id=None, title="Moon Garden", year=2024, tmdb_id=9191,
         releases=(Release("GB", ReleaseType.THEATRICAL, PartialDate(2024, 5, 3)),)),
    {"GB": CountryOffers("GB", (WatchOffer("Netflix", "flatrate", 1), WatchOffer("Apple TV", "rent", 2),
                                WatchOffer("Amazon Video", "rent", 3), WatchOffer("Apple TV", "buy", 2)))},
)


async def ask(world: World, thread: dict, text: str, member) -> tuple[float, str]:
    """(seconds from *member* posting *text* in *thread* to the server receiving the reply, the reply's text)."""
    path = f"/channels/{thread['id']}/messages"
    started = time.perf_counter()
    question = world.drv.post(thread, member, text)

    def is_reply(record) -> bool:
        body = record.json if isinstance(record.json, dict) else {}
        reference = body.get("message_reference") or {}
        return record.path == path and str(reference.get("message_id")) == question["id"]

    # Nothing yields between post() and here, so the reply cannot have been logged already.
    reply = await world.drv.wait_for_request("POST", predicate=is_reply, timeout=10, include_past=False)
    return time.perf_counter() - started, reply.json.get("content") or ""


async def latencies(world: World, thread: dict, count: int, question: str = QUESTION) -> list[float]:
    """Latencies of *count* questions after a warm-up; the first reply's text is printed to stderr."""
    text = question.format(mention=f"<@{world.app.bot_id}>")
    askers = [world.drv.create_member(world.guild, f"Asker {n}") for n in range(-(-(count + WARM_UP) // PER_ASKER))]
    turns = (askers[n // PER_ASKER] for n in range(count + WARM_UP))
    for n in range(WARM_UP):
        _, reply = await ask(world, thread, text, next(turns))
        if n == 0:
            print(f"[answers] {text!r} -> {reply[:100]!r}", file=sys.stderr)
    return [(await ask(world, thread, text, next(turns)))[0] for _ in range(count)]


async def bot_latencies(count: int, workdir: Path, *, watch: bool = False) -> list[float]:
    """Reviewbot's latencies, each run on a database of its own (with the TMDB film stored, for *watch*)."""
    async with LoopbackDiscord() as server:
        world = build_world(server, Path(tempfile.mkdtemp(dir=workdir)) / "answers.db")
        if watch:
            async with Store.open(world.db_path) as store:
                await store.tmdb.save(WATCH_FILM)
        await world.start_bot()
        try:
            if watch:
                thread = await published_thread(world, title="Film Review: Moon Garden", film="Moon Garden (2024)")
                return await latencies(world, thread, count, WATCH_QUESTION)
            thread = await published_thread(world)
            return await latencies(world, thread, count)
        finally:
            await world.stop_bot()


async def echo_latencies(count: int, workdir: Path, question: str = QUESTION) -> list[float]:
    async with LoopbackDiscord() as server:
        world = build_world(server, Path(tempfile.mkdtemp(dir=workdir)) / "echo.db")
        starter = world.drv.post(world.reviews, world.owner, "A review")
        thread = world.drv.create_thread(world.reviews, world.owner, "Review thread", message=starter)
        client = EchoClient()
        task = await start_client(client, server.api_base, world.app.token)
        try:
            return await latencies(world, thread, count, question)
        finally:
            await stop_client(client, task)


async def run(quick: bool) -> list[Row]:
    """Alternate echo and bot rounds (three unless --quick); each round's p99 difference is reported.

    The two cores' availability drifts during a run; alternating rounds measures both under the same
    conditions, and the median round is the figure.
    """
    count = 100 if quick else 1_000
    rounds = 1 if quick else 3
    results: list[tuple[list[float], list[float]]] = []
    watched: list[tuple[list[float], list[float]]] = []
    with tempfile.TemporaryDirectory(prefix="bench-answers-") as tmp:
        for _ in range(rounds):
            results.append((await echo_latencies(count, Path(tmp)), await bot_latencies(count, Path(tmp))))
            watched.append((await echo_latencies(count, Path(tmp), WATCH_QUESTION),
                            await bot_latencies(count, Path(tmp), watch=True)))
    return _rows("", results, count, rounds) + _rows("where to watch: ", watched, count, rounds)


def _rows(kind: str, results: list[tuple[list[float], list[float]]], count: int, rounds: int) -> list[Row]:
    diffs = [percentile(bot, 99) - percentile(echo, 99) for echo, bot in results]
    echo, bot = results[sorted(range(rounds), key=lambda i: diffs[i])[rounds // 2]]  # the median round
    return [
        Row("answers", f"{kind}echo bot p50 / p99 ({count:,} questions)",
            f"{ms(percentile(echo, 50))} / {ms(percentile(echo, 99))}", note=f"in-process; median of {rounds} rounds"),
        Row("answers", f"{kind}Reviewbot p50 / p99 ({count:,} questions)",
            f"{ms(percentile(bot, 50))} / {ms(percentile(bot, 99))}", note="in-process; mention bypasses cooldown"),
        Row("answers", f"{kind}p99 difference bot - echo", ms(sorted(diffs)[rounds // 2]), goal="<= 2 ms",
            note="per round: " + ", ".join(ms(d) for d in diffs)),
    ]
