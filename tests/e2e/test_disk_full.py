"""A full disk: comments wait (bounded), are retried, and land once space is back; none are lost.

The database lives on a small tmpfs mounted by the test, so "full" is the kernel's real ENOSPC, not a
simulation. Mounting needs root; elsewhere these tests are skipped with that reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.e2e.harness import build_world
from tests.e2e.helpers import answer, comment_rows, eventually, published_thread, query

# Opens the SQLite file itself (to lock, damage or inspect it): the PostgreSQL store has its own tests.
# Alone: a full disk makes the bot retry on timers, and the waits here assume it has the cores to itself.
pytestmark = [pytest.mark.sqlite_only, pytest.mark.alone]


@pytest.fixture
def small_disk(tmp_path):
    """A 16 MB tmpfs at tmp_path/disk, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip() or result.returncode}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.fixture
async def world_on_small_disk(server, small_disk):
    w = build_world(server, small_disk / "reviewbot.db")
    await w.start_bot()
    try:
        yield w
    finally:
        await w.stop_bot()


def fill(disk: Path) -> Path:
    """Checkpoint the WAL down to nothing (so a write must grow it), then fill every free byte."""
    con = sqlite3.connect(disk / "reviewbot.db")
    try:
        assert con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    finally:
        con.close()
    filler = disk / "filler"
    chunk = b"\0" * 65536
    with open(filler, "wb", buffering=0) as out:
        for size in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    try:
                        out.write(chunk[:size])
                    except OSError as exc:
                        assert exc.errno == errno.ENOSPC
                        raise
    return filler


def stored(world) -> int:
    return query(world.db_path, "SELECT count(*) FROM comments")[0][0]


async def test_comments_posted_while_the_disk_is_full_are_kept_and_stored_once_it_has_room(
    world_on_small_disk, caplog
):
    world = world_on_small_disk
    thread = await published_thread(world)
    caplog.set_level(logging.INFO)
    filler = fill(world.db_path.parent)
    posted = [world.drv.post(thread, world.member, f"private words {i}") for i in range(600)]
    await eventually(lambda: any("database" in r.getMessage() and "full" in r.getMessage()
                                 for r in caplog.records if r.levelno >= logging.ERROR), timeout=15)
    # A dropped session while full: catch-up must start from what was committed, not from what arrived.
    await world.drv.disconnect(world.app, resumable=False)
    await eventually(lambda: world.drv.connected(world.app), timeout=20)
    assert stored(world) == 0
    filler.unlink()
    rows = await comment_rows(world, 600, timeout=60)
    assert [str(r[0]) for r in rows] == [m["id"] for m in posted]  # every one, once, in order
    complaints = [r for r in caplog.records if r.levelno >= logging.ERROR and "database" in r.getMessage()]
    assert len(complaints) == 1, [r.getMessage() for r in complaints]  # one clear line per outage
    assert not [r for r in caplog.records if "private words" in r.getMessage()]  # never the comments


async def test_past_the_bound_new_comments_are_refused_then_caught_up_from_discord(world_on_small_disk, caplog):
    world = world_on_small_disk
    thread = await published_thread(world)
    writer = world.bot.get_cog("Comments").writer
    writer.max_pending = 100  # a small bound, so that a short burst passes it
    caplog.set_level(logging.INFO)
    filler = fill(world.db_path.parent)
    posted = [world.drv.post(thread, world.member, f"private words {i}") for i in range(600)]
    await eventually(lambda: any("refusing" in r.getMessage() for r in caplog.records), timeout=15)
    assert stored(world) == 0
    filler.unlink()
    rows = await comment_rows(world, 600, timeout=60)
    assert [str(r[0]) for r in rows] == [m["id"] for m in posted]
    assert not [r for r in caplog.records if "private words" in r.getMessage()]


async def test_showing_a_discussion_while_the_disk_is_full_still_answers(world_on_small_disk):
    world = world_on_small_disk
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "stored before")
    await comment_rows(world, 1)
    filler = fill(world.db_path.parent)
    try:
        world.drv.post(thread, world.member, "waiting for room")
        await asyncio.sleep(0.3)
        shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "comments show",
                                              {"review": "1"}), timeout=10)
        assert "stored before" in shown["content"] and shown["flags"] & 64
    finally:
        filler.unlink()
    await comment_rows(world, 2, timeout=30)


async def test_a_hole_left_by_refused_comments_is_filled_even_if_the_bot_stops_before_catching_up(
    world_on_small_disk
):
    world = world_on_small_disk
    thread = await published_thread(world)
    writer = world.bot.get_cog("Comments").writer
    writer.max_pending = 100
    writer.on_recovered = None  # as if the bot died the moment the disk had room, before catching up
    filler = fill(world.db_path.parent)
    posted = [world.drv.post(thread, world.member, f"private words {i}") for i in range(600)]
    await eventually(lambda: writer.gapped_threads, timeout=15)
    filler.unlink()
    await comment_rows(world, 100, timeout=30)  # what was held is written...
    posted += [world.drv.post(thread, world.member, f"after {i}") for i in range(10)]
    await comment_rows(world, 110, timeout=30)  # ...and newer comments too, past the hole
    await world.stop_bot()
    await world.start_bot()
    rows = await comment_rows(world, 610, timeout=60)
    assert [str(r[0]) for r in rows] == [m["id"] for m in posted]
    assert query(world.db_path, "SELECT count(*) FROM mirror_gaps") == [(0,)]
