"""Heavy pure work (rendering big exports, parsing big film files) run where it cannot stall the bot.

The bot serves every server from one event loop. ``asyncio.to_thread`` is enough for short work,
but a thread running pure Python holds the GIL and slows the loop for as long as it runs; work that
may take seconds (an HTML export of thousands of comments, an 8 MB film file) goes to a small pool of
worker processes instead, so another server's command is still answered within Discord's 3 seconds.
Only module-level functions of the pure domain are sent there: their arguments and results are
pickled, and nothing in a worker touches Discord or the database.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Worker processes: one per core of the small machines the bot is meant for. Heavy jobs queue for a
#: worker rather than compete with the event loop for the CPU.
WORKERS = 2
#: Below this much input (characters), starting on a worker costs more than the work: use a thread.
SMALL_WORK = 100_000

_pool: ProcessPoolExecutor | None = None


def _get_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn, not fork: the bot process has threads (aiosqlite's), and forking them is unsafe.
        _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"))
    return _pool


async def run_heavy(size: int, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` off the event loop: in a thread when *size* is small, else in a worker process."""
    call = functools.partial(fn, *args, **kwargs)
    if size < SMALL_WORK:
        return await asyncio.to_thread(call)
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_get_pool(), call)
    except BrokenProcessPool:
        # A worker died (killed, out of memory): start a fresh pool once, so one bad job does not
        # disable heavy work for every server until a restart.
        log.warning("A worker process died; starting a new pool and retrying once")
        await close_workers()
        return await loop.run_in_executor(_get_pool(), call)


async def close_workers() -> None:
    """Stop the worker processes (at shutdown); the next heavy job starts a new pool."""
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
