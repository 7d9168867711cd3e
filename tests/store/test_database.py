"""The database file: migrations, WAL, foreign keys, backup, and waiting out another writer."""

import asyncio
import sqlite3

from bot.db import Database, Store
from bot.db.database import schema_version_latest


async def test_migrations_bring_an_empty_database_to_the_latest_version(tmp_path):
    async with Database.open(tmp_path / "a.db") as db:
        assert await db.schema_version() == schema_version_latest()
        assert await db.integrity_check() == "ok"
        mode = await db.fetchone("PRAGMA journal_mode")
        assert mode[0] == "wal"
        fks = await db.fetchone("PRAGMA foreign_keys")
        assert fks[0] == 1


async def test_migrating_twice_applies_nothing_the_second_time(tmp_path):
    async with Database.open(tmp_path / "a.db") as db:
        assert await db.migrate() == []


async def test_a_failed_transaction_leaves_nothing_behind(tmp_path):
    async with Store.open(tmp_path / "a.db") as store:
        try:
            async with store.db.transaction() as conn:
                await conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        assert await store.meta.get("a") is None


async def test_backup_copies_a_live_database(tmp_path):
    async with Store.open(tmp_path / "a.db") as store:
        await store.meta.set("k", "v")
        await store.db.backup(tmp_path / "copy.db")
    async with Store.open(tmp_path / "copy.db") as copy:
        assert await copy.meta.get("k") == "v"


async def test_writes_wait_while_another_process_holds_the_write_lock(tmp_path):
    path = tmp_path / "a.db"
    async with Store.open(path) as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        write = asyncio.create_task(store.meta.set("k", "v"))
        await asyncio.sleep(0.5)
        assert not write.done()  # still waiting, not failed
        other.execute("COMMIT")
        other.close()
        await asyncio.wait_for(write, 10)
        assert await store.meta.get("k") == "v"
