"""Servers' names and languages: written when they change, kept across restarts, added to older databases by
migrations."""

import sqlite3

from bot.db import Store
from bot.db.database import read_migrations


async def test_a_name_is_stored_once_and_replaced_when_the_server_is_renamed(store):
    assert await store.guilds.remember(7, "Film Club")
    assert not await store.guilds.remember(7, "Film Club")
    assert await store.guilds.remember(7, "Cinema Society")
    assert await store.guilds.names() == {7: "Cinema Society"}


async def test_a_servers_language_is_kept_with_its_name_and_replaced_when_it_changes(store):
    assert await store.guilds.remember(7, "Film Club", "fr")
    assert await store.guilds.remember(8, "Kinoklub")  # a language not known: no entry
    assert not await store.guilds.remember(7, "Film Club", "fr")
    assert await store.guilds.locales() == {7: "fr"}
    assert await store.guilds.remember(7, "Film Club", "de")
    assert await store.guilds.remember(8, "Kinoklub", "de")
    assert await store.guilds.locales() == {7: "de", 8: "de"}
    assert await store.guilds.names() == {7: "Film Club", 8: "Kinoklub"}


async def test_a_restarted_bot_does_not_rewrite_an_unchanged_name(tmp_path):
    async with Store.open(tmp_path / "r.db") as store:
        await store.guilds.remember(7, "Film Club", "fr")
    async with Store.open(tmp_path / "r.db") as store:
        assert not await store.guilds.remember(7, "Film Club", "fr")
        assert await store.guilds.names() == {7: "Film Club"}
        assert await store.guilds.locales() == {7: "fr"}


async def test_a_database_from_before_names_were_kept_gains_the_table_and_keeps_its_reviews(tmp_path):
    path = tmp_path / "old.db"
    [first] = [sql for version, _, sql in read_migrations() if version == 1]
    con = sqlite3.connect(path)
    con.executescript(first)
    con.execute("INSERT INTO reviews (guild_id, title, film_title, byline, body, created_at, updated_at)"
                " VALUES (7, 'Old Review', 'Heat', 'Ann', 'Good.', '2026-01-01', '2026-01-01')")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    async with Store.open(path) as store:
        assert await store.guilds.names() == {}
        [listing] = await store.reviews.all_for_cli()
        assert listing.review.title == "Old Review" and listing.retired_at is None
