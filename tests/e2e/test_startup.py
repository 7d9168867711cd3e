"""Start-up and shutdown against the loopback server: migrations, ready, command sync, clean stop."""

import sqlite3

import pytest

from bot.core import extension_names
from bot.db.database import schema_version_latest

# Opens the SQLite file itself (to lock, damage or inspect it): the PostgreSQL store has its own tests.
pytestmark = pytest.mark.sqlite_only


async def test_the_bot_starts_on_an_empty_database_and_reaches_ready(world):
    assert world.bot.is_ready()
    assert sorted(world.bot.extensions) == extension_names()  # every cog loaded
    con = sqlite3.connect(world.db_path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == schema_version_latest()
    assert con.execute("SELECT count(*) FROM films").fetchone()[0] >= 6  # the shipped catalogue
    con.close()


async def test_commands_are_synced_once_and_not_again_when_unchanged(stopped_world):
    w = stopped_world
    await w.start_bot()
    syncs = [r for r in w.drv.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(syncs) == 1
    names = {c["name"] for c in syncs[0].json}
    assert {"review", "comments", "film", "release", "settings"} <= names
    await w.stop_bot()
    await w.start_bot()
    syncs = [r for r in w.drv.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(syncs) == 1
    assert w.bot.synced is False


async def test_a_clean_stop_leaves_an_intact_database(stopped_world):
    w = stopped_world
    await w.start_bot()
    await w.stop_bot()
    con = sqlite3.connect(w.db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
