"""Another process's catalogue changes reach the bot's title indexes incrementally, never by a rebuild.

A second ``Store`` on the same file stands for ``reviewbot films import`` run from another process:
it shares nothing with the bot but the database, exactly like the real command.
"""

from __future__ import annotations

import pytest

from bot.db import Store
from bot.domain.models import Film
from bot.services import release_desk
from bot.services.release_desk import ReleaseDesk

GUILD = 1


@pytest.fixture
def desk_checks_always(monkeypatch):
    """Ask for the catalogue version on every look-up, not once a second, so tests need not sleep."""
    monkeypatch.setattr(release_desk, "VERSION_CHECK_SECONDS", 0.0)


async def notice(desk: ReleaseDesk) -> None:
    """What any command that looks a film up does first: notice the catalogue's version."""
    await desk.film(10**9, GUILD)


def titles(desk: ReleaseDesk, query: str) -> list[str]:
    return [m.title for m in desk.search(query, GUILD, min_score=90)]


async def test_films_added_and_renamed_elsewhere_are_applied_to_the_same_index(store, store_target, desk_checks_always):
    await store.films.import_films([Film(id=None, title="Amelie", year=2001, tmdb_id=1)])
    desk = ReleaseDesk(store)
    await desk.load()
    index = desk.shared
    async with Store.open(store_target) as other:
        await other.films.import_films([Film(id=None, title="Paddington 2", year=2017, tmdb_id=2),
                                        Film(id=None, title="Amélie from Montmartre", year=2001, tmdb_id=1)])
    await notice(desk)
    assert titles(desk, "Paddington 2") == ["Paddington 2"]
    assert titles(desk, "Amelie from Montmartre") == ["Amélie from Montmartre"]
    assert titles(desk, "Amelie") == []  # the old title is gone with the rename
    assert desk.shared is index  # applied in place: no second index built beside the first


async def test_a_film_deleted_elsewhere_leaves_the_index(store, store_target, desk_checks_always):
    await store.films.import_films([Film(id=None, title="Heat", year=1995), Film(id=None, title="Ronin", year=1998)])
    desk = ReleaseDesk(store)
    await desk.load()
    async with Store.open(store_target) as other, other.db.transaction() as conn:
        await conn.execute("DELETE FROM films WHERE title = 'Heat'")
        await conn.execute("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
                           " WHERE key = 'catalogue_version'")
    await notice(desk)
    assert titles(desk, "Heat") == []
    assert titles(desk, "Ronin") == ["Ronin"]


async def test_a_big_import_elsewhere_is_applied_in_the_background(
    store, store_target, desk_checks_always, monkeypatch
):
    monkeypatch.setattr(release_desk, "INLINE_CHANGES", 10)
    await store.films.import_films([Film(id=None, title="Heat", year=1995)])
    desk = ReleaseDesk(store)
    await desk.load()
    async with Store.open(store_target) as other:
        await other.films.import_films([Film(id=None, title=f"Sequel Number {n}", year=2000) for n in range(60)])
    await notice(desk)  # answers at once with the first few changes applied ...
    assert desk._catching_up is not None
    await desk._catching_up  # ... and the rest follow while commands keep being answered
    assert all(desk.shared.exact(f"Sequel Number {n}") for n in range(60))
    assert len(desk.shared) == 61


async def test_the_change_log_keeps_one_row_per_film(store):
    await store.films.import_films([Film(id=None, title="Heat", year=1995, tmdb_id=5)])
    await store.films.import_films([Film(id=None, title="Heat (Director's Cut)", year=1995, tmdb_id=5)])
    mark, changes = await store.films.changes_since(0)
    assert [c.title.title for c in changes if c.title] == ["Heat (Director's Cut)"]
    assert mark == await store.films.change_mark()
