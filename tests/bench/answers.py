"""Benchmark 2: answer latency, Reviewbot versus an echo bot, one question at a time.

For each question: the clock starts just before ``drv.post`` and stops when the reply (a POST to the
thread's /messages whose message_reference names the question) reaches the loopback server. Every
question mentions the bot, which bypasses the per-member cooldown on unprompted answers; the echo bot
gets the very same text. Both run in-process with the server, in one event loop.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bot.sandbox.server import LoopbackDiscord
from tests.bench.clients import EchoClient, start_client, stop_client
from tests.bench.common import Row, ms, percentile
from tests.e2e.harness import World, build_world
from tests.e2e.helpers import published_thread

QUESTION = "{mention} when is it out on DVD in the UK?"
WARM_UP = 20


async def ask(world: World, thread: dict, text: str) -> tuple[float, str]:
    """(seconds from posting *text* in *thread* to the server receiving the reply, the reply's text)."""
    path = f"/channels/{thread['id']}/messages"
    started = time.perf_counter()
    question = world.drv.post(thread, world.member, text)

    def is_reply(record) -> bool:
        body = record.json if isinstance(record.json, dict) else {}
        reference = body.get("message_reference") or {}
        return record.path == path and str(reference.get("message_id")) == question["id"]

    # Nothing yields between post() and here, so the reply cannot have been logged already.
    reply = await world.drv.wait_for_request("POST", predicate=is_reply, timeout=10, include_past=False)
    return time.perf_counter() - started, reply.json.get("content") or ""


async def latencies(world: World, thread: dict, count: int) -> list[float]:
    """Latencies of *count* questions after a warm-up; the first reply's text is printed to stderr."""
    text = QUESTION.format(mention=f"<@{world.app.bot_id}>")
    for n in range(WARM_UP):
        _, reply = await ask(world, thread, text)
        if n == 0:
            print(f"[answers] {text!r} -> {reply[:100]!r}", file=sys.stderr)
    return [(await ask(world, thread, text))[0] for _ in range(count)]


async def bot_latencies(count: int, workdir: Path) -> list[float]:
    """Reviewbot's latencies, each run on a database of its own."""
    async with LoopbackDiscord() as server:
        world = build_world(server, Path(tempfile.mkdtemp(dir=workdir)) / "answers.db")
        await world.start_bot()
        try:
            thread = await published_thread(world)
            return await latencies(world, thread, count)
        finally:
            await world.stop_bot()


async def echo_latencies(count: int, workdir: Path) -> list[float]:
    async with LoopbackDiscord() as server:
        world = build_world(server, Path(tempfile.mkdtemp(dir=workdir)) / "echo.db")
        starter = world.drv.post(world.reviews, world.owner, "A review")
        thread = world.drv.create_thread(world.reviews, world.owner, "Review thread", message=starter)
        client = EchoClient()
        task = await start_client(client, server.api_base, world.app.token)
        try:
            return await latencies(world, thread, count)
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
    with tempfile.TemporaryDirectory(prefix="bench-answers-") as tmp:
        for _ in range(rounds):
            results.append((await echo_latencies(count, Path(tmp)), await bot_latencies(count, Path(tmp))))
    diffs = [percentile(bot, 99) - percentile(echo, 99) for echo, bot in results]
    echo, bot = results[sorted(range(rounds), key=lambda i: diffs[i])[rounds // 2]]  # the median round
    return [
        Row("answers", f"echo bot p50 / p99 ({count:,} questions)",
            f"{ms(percentile(echo, 50))} / {ms(percentile(echo, 99))}", note=f"in-process; median of {rounds} rounds"),
        Row("answers", f"Reviewbot p50 / p99 ({count:,} questions)",
            f"{ms(percentile(bot, 50))} / {ms(percentile(bot, 99))}", note="in-process; mention bypasses cooldown"),
        Row("answers", "p99 difference bot - echo", ms(sorted(diffs)[rounds // 2]), goal="<= 2 ms",
            note="per round: " + ", ".join(ms(d) for d in diffs)),
    ]
