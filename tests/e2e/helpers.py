"""Small conveniences for end-to-end tests: what a member sees back from the bot."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from bot.sandbox.driver import InteractionHandle
from bot.sandbox.interactions import Attachment

DEFERRED = 5
MODAL = 9


async def answer(handle: InteractionHandle, timeout: float = 10.0) -> dict[str, Any]:
    """The message a member sees in answer to an interaction (a deferred reply's follow-up included)."""
    response = await handle.response(timeout)
    if response["type"] == DEFERRED:
        followups = await handle.followups(1, timeout)
        return followups[0]
    return response.get("data") or {}


async def answer_text(handle: InteractionHandle, timeout: float = 10.0) -> str:
    return (await answer(handle, timeout)).get("content") or ""


def bot_env(**values: str) -> dict[str, str]:
    """This process's environment without any DISCORD_/REVIEWBOT_ settings, plus *values*: for `python -m bot`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "REVIEWBOT_"))}
    env.update(values)
    return env


def is_ephemeral(message: dict[str, Any]) -> bool:
    return bool((message.get("flags") or 0) & 64)


def query(db_path: Path | str, sql: str, *params: Any) -> list[tuple]:
    """Rows of *sql* (SQLite's spelling) from the bot's store, a SQLite file or a PostgreSQL URL; writes commit."""
    if isinstance(db_path, str) and db_path.startswith(("postgresql://", "postgres://")):
        return _pg_query(db_path, sql, params)
    con = sqlite3.connect(db_path)
    try:
        with con:
            return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _pg_query(url: str, sql: str, params: tuple) -> list[tuple]:
    """One statement on PostgreSQL from synchronous test code: in a thread of its own, with its own loop."""
    import asyncpg

    from bot.db.postgres import to_postgres

    async def run() -> list[tuple]:
        conn = await asyncpg.connect(url)
        try:
            return [tuple(row) for row in await conn.fetch(to_postgres(sql), *params)]
        finally:
            await conn.close()

    result: list[list[tuple]] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            result.append(asyncio.run(run()))
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


def review_file(title: str, film: str, body: str, *, year: int | None = None, rating: str | None = None) -> Attachment:
    lines = ["---", f"title: {title}", f"film: {film}"]
    if year:
        lines.append(f"year: {year}")
    if rating:
        lines.append(f"rating: {rating}")
    lines += ["author: Rita Reviewer", "---", "", body]
    return Attachment("review.md", "\n".join(lines).encode(), "text/markdown")


async def publish_by_modal(world, member, channel, *, title="Film Review: Never Let Me Go",
                           film="Never Let Me Go (2010)", rating="4.5", body="A quiet, devastating film."):
    handle = world.drv.invoke(world.guild, world.reviews, member, "review publish", {"channel": channel["id"]})
    response = await handle.response()
    assert response["type"] == MODAL, response
    submitted = world.drv.submit_modal(handle, {"title": title, "film": film, "rating": rating, "body": body},
                                       member=member)
    return await answer_text(submitted)


async def eventually(check, timeout: float = 10.0, interval: float = 0.02):
    """Poll *check* (sync) until it returns something truthy; return that, or fail after *timeout*."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = check()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last: {result!r})")
        await asyncio.sleep(interval)


async def comment_rows(world, expected: int, timeout: float = 15.0) -> list[tuple]:
    """Wait until *expected* comments are stored; return (message_id, parent_id, content, deleted) rows."""

    def rows():
        found = query(world.db_path, "SELECT message_id, parent_id, content, deleted FROM comments ORDER BY message_id")
        return found if len(found) >= expected else None

    return await eventually(rows, timeout)


async def published_thread(world, channel=None, **kwargs) -> dict[str, Any]:
    """Publish a review by modal and return its thread."""
    await publish_by_modal(world, world.owner, channel or world.reviews, **kwargs)
    [(thread_id,)] = query(world.db_path, "SELECT thread_id FROM reviews ORDER BY id DESC LIMIT 1")
    return world.drv.get_channel(str(thread_id))
