"""PostgreSQL as the store: start-up failures in one line, migrations safe from two processes at once,
and `reviewbot db copy` moving a SQLite installation across. Needs REVIEWBOT_TEST_POSTGRES (CI sets it)."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from bot.db import DatabaseError, Store
from bot.db.comments import CommentCreated, CommentEdited
from bot.db.copy import CopyError, copy_database
from bot.db.database import read_migrations, schema_version_latest
from bot.db.postgres import PostgresDatabase
from bot.db.reviews import NewReview
from bot.domain.models import Comment, Film
from tests import postgres

pytestmark = pytest.mark.skipif(not postgres.configured(), reason=f"{postgres.ENV} names no PostgreSQL server")

T0 = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


def _replace(url: str, **parts: str) -> str:
    split = urlsplit(url)
    netloc = parts.pop("netloc", split.netloc)
    return urlunsplit(split._replace(netloc=netloc, **parts))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_two_processes_starting_at_once_apply_each_migration_once():
    async with postgres.fresh_schema() as url:
        first, second = PostgresDatabase(url), PostgresDatabase(url)
        try:
            await asyncio.gather(first.connect(), second.connect())
            assert await first.schema_version() == await second.schema_version() == schema_version_latest()
            rows = await first.fetchall("SELECT version FROM reviewbot_schema ORDER BY version")
            # every migration once (numbers may skip one that another branch holds)
            assert [row[0] for row in rows] == [version for version, _, _ in read_migrations("postgresql")]
        finally:
            await first.close()
            await second.close()


async def test_a_wrong_password_is_one_line_without_the_password():
    split = urlsplit(postgres.configured())
    wrong = _replace(postgres.configured(), netloc=f"{split.username}:not-the-password@{split.hostname}:{split.port}")
    with pytest.raises(DatabaseError) as refused:
        async with Store.open(wrong):
            pass
    assert refused.value.kind == "server"
    assert "password" in str(refused.value) and "not-the-password" not in str(refused.value)


async def test_a_missing_database_says_so():
    with pytest.raises(DatabaseError, match="has no such database") as refused:
        async with Store.open(_replace(postgres.configured(), path="/no_such_reviewbot_db")):
            pass
    assert refused.value.kind == "server"


async def test_an_unreachable_server_says_so():
    split = urlsplit(postgres.configured())
    closed = _replace(postgres.configured(), netloc=f"{split.username}:secret@127.0.0.1:{_free_port()}")
    with pytest.raises(DatabaseError, match="cannot reach PostgreSQL") as refused:
        async with Store.open(closed):
            pass
    assert "secret" not in str(refused.value)


async def _fill(store: Store) -> int:
    await store.films.import_films([Film(id=None, title="Heat", year=1995, tmdb_id=949),
                                    Film(id=None, title="Ronin", year=1998)])
    review = await store.reviews.create(
        NewReview(guild_id=1, title="Film Review: Heat", film_title="Heat", film_year=1995, film_id=None,
                  author_id=5, byline="Rita", rating=4.5, body="Long and good."),
        channel_id=10, message_ids=[100], thread_id=100)
    comments = [Comment(message_id=200 + n, review_id=review.id, guild_id=1, thread_id=100, author_id=7,
                        author_name="Ann", content=f"comment {n}", created_at=T0 + dt.timedelta(seconds=n),
                        parent_id=200 if n else None) for n in range(300)]
    await store.comments.apply([CommentCreated(c) for c in comments])
    await store.comments.apply([CommentEdited(201, "edited", T0 + dt.timedelta(hours=1), (), ())])
    await store.settings.update(1, country="GB")
    return review.id


async def test_db_copy_moves_everything_and_refuses_a_non_empty_target(tmp_path):
    source = tmp_path / "reviewbot.db"
    async with Store.open(source) as sqlite:
        review_id = await _fill(sqlite)
        before = await sqlite.comments.for_review(review_id)
        history = await sqlite.comments.history(201)
    async with postgres.fresh_schema() as url:
        report = await copy_database(source, url)
        assert report.rows > 300 and "@" in report.target
        async with Store.open(url) as pg:
            assert await pg.comments.for_review(review_id) == before
            assert await pg.comments.history(201) == history
            assert (await pg.settings.get(1)).country == "GB"
            assert (await pg.films.find("heat", 1995, None)).tmdb_id == 949
            # New rows after the copy get new ids: the identities continue after the copied ones.
            later = await pg.reviews.create(
                NewReview(guild_id=1, title="Another", film_title="Ronin", film_year=1998, film_id=None,
                          author_id=5, byline="Rita", rating=None, body="b"),
                channel_id=10, message_ids=[900], thread_id=900)
            assert later.id > review_id
        with pytest.raises(CopyError, match="is not empty"):
            await copy_database(source, url)


async def test_db_copy_into_a_failing_target_leaves_it_empty(tmp_path, monkeypatch):
    from bot.db import copy as copy_module

    source = tmp_path / "reviewbot.db"
    async with Store.open(source) as sqlite:
        await _fill(sqlite)
    original = copy_module._copy_table

    async def failing(sqlite, raw, table, names, types):
        if table == "comments":
            raise asyncpg.DataError("injected failure")
        return await original(sqlite, raw, table, names, types)

    monkeypatch.setattr(copy_module, "_copy_table", failing)
    async with postgres.fresh_schema() as url:
        with pytest.raises(asyncpg.DataError):
            await copy_database(source, url)
        async with Store.open(url) as pg:
            assert await pg.films.find("Heat", 1995, None) is None
            assert await pg.db.fetchone("SELECT count(*) FROM reviews") == (0,)


async def test_a_reminder_held_by_one_process_is_skipped_by_another_and_fires_once():
    async with postgres.fresh_schema() as url, Store.open(url) as first, Store.open(url) as second:
        await first.films.import_films([Film(id=None, title="Heat", year=1995)])
        film = await first.films.find("Heat", 1995, None)
        reminder, _ = await first.reminders.add(guild_id=1, channel_id=2, user_id=3, film_id=film.id, country="GB",
                                                format="dvd", known_date=None)
        async with first.reminders.claim(reminder.id) as mine:
            assert mine is not None and mine.reminder.id == reminder.id
            async with second.reminders.claim(reminder.id) as theirs:
                assert theirs is None  # locked: skipped at once, not waited for
            await mine.finish()
        async with second.reminders.claim(reminder.id) as later:
            assert later is None  # delivered
        assert await second.reminders.open() == []


async def test_settings_changed_by_another_process_are_not_served_from_the_cache():
    async with postgres.fresh_schema() as url, Store.open(url) as first, Store.open(url) as second:
        assert (await first.settings.get(1)).country is None  # cached now
        assert await first.settings.member_country(1, 7) is None
        await second.settings.update(1, country="FR")
        await second.settings.set_member_country(1, 7, "DE")
        for _ in range(100):
            if (await first.settings.get(1)).country == "FR" and await first.settings.member_country(1, 7) == "DE":
                break
            await asyncio.sleep(0.02)
        assert (await first.settings.get(1)).country == "FR"
        assert await first.settings.member_country(1, 7) == "DE"
