"""Reminders in the store: one open reminder per member and release, however it is asked for."""

from __future__ import annotations

import sqlite3

import pytest

from bot.db import Store
from bot.db.database import read_migrations
from bot.domain.models import Film

MERGING_MIGRATION = next(version for version, name, _ in read_migrations() if "reminders_merged" in name)


def _database_from_before_merging(path) -> None:
    """A database as it stood before reminders were merged, holding three identical open reminders."""
    con = sqlite3.connect(path)
    for version, _, sql in read_migrations():
        if version < MERGING_MIGRATION:
            con.executescript(sql)
            con.execute(f"PRAGMA user_version = {version:d}")
    con.execute("INSERT INTO films (id, title, year, updated_at) VALUES (1, 'Heat', 1995, '2026-01-01T00:00:00Z')")
    for channel in (10, 11, 12):
        con.execute("INSERT INTO reminders (guild_id, channel_id, user_id, film_id, country, format, created_at)"
                    " VALUES (5, ?, 7, 1, 'GB', 'tv', '2026-01-01T00:00:00Z')", (channel,))
    con.commit()
    con.close()


async def test_upgrading_folds_identical_open_reminders_into_the_first(tmp_path):
    path = tmp_path / "old.db"
    _database_from_before_merging(path)
    async with Store.open(path) as store:
        [kept] = await store.reminders.for_member(5, 7)
    assert kept.channel_id == 10


async def test_adding_the_same_reminder_again_merges_it_and_moves_it(tmp_path):
    async with Store.open(tmp_path / "a.db") as store:
        await store.films.import_films([Film(id=None, title="Heat", year=1995)], guild_id=None)
        [heat] = await store.films.titles()
        film_id = heat.film_id
        first, merged = await store.reminders.add(guild_id=5, channel_id=10, user_id=7, film_id=film_id,
                                                  country="GB", format="tv", known_date=None)
        assert not merged
        again, merged = await store.reminders.add(guild_id=5, channel_id=11, user_id=7, film_id=film_id,
                                                  country="GB", format="tv", known_date=None)
        assert merged and again.id == first.id and again.channel_id == 11
        other, merged = await store.reminders.add(guild_id=5, channel_id=11, user_id=7, film_id=film_id,
                                                  country="US", format="tv", known_date=None)
        assert not merged and other.id != first.id
        assert await store.reminders.count_for_user(7) == 2


def test_the_database_itself_refuses_a_second_identical_open_reminder(tmp_path):
    path = tmp_path / "old.db"
    _database_from_before_merging(path)
    con = sqlite3.connect(path)
    for version, _, sql in read_migrations():
        if version >= MERGING_MIGRATION:
            con.executescript(sql)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO reminders (guild_id, channel_id, user_id, film_id, country, format, created_at)"
                    " VALUES (5, 13, 7, 1, 'GB', 'tv', '2026-01-01T00:00:00Z')")
    con.close()
