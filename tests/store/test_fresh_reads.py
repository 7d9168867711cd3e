"""Reads right after writes see those writes, even while another read holds a snapshot on the reader.

A cursor left open on the shared reader connection keeps its read transaction (its WAL snapshot)
alive; anything read on that connection meanwhile sees the database as it was when the cursor
started. These tests hold such a cursor open on purpose: what a write returns, and what a cache keeps,
must come from the committed data, not from that snapshot.
"""

import asyncio

import pytest

from bot.db import Store
from bot.db.reviews import NewReview
from bot.domain.models import Film


@pytest.fixture
async def store(tmp_path):
    """SQLite's two connections are what these tests are about; PostgreSQL reads from a pool."""
    async with Store.open(tmp_path / "reviewbot.db") as opened:
        yield opened


async def _held_reader_cursor(store):
    """A cursor on the reader with rows still to fetch: its snapshot stays open until it is closed."""
    for key in ("a", "b", "c"):
        await store.meta.set(key, key)
    cursor = await store.db.reader.execute("SELECT key FROM meta")
    assert await cursor.fetchone() is not None
    return cursor


def _new_review(guild_id: int = 1) -> NewReview:
    return NewReview(guild_id=guild_id, title="Film Review: Never Let Me Go", film_title="Never Let Me Go",
                     film_year=2010, film_id=None, author_id=7, byline="Rita", rating=4.5, body="Quiet.")


async def test_a_created_review_is_read_back_while_a_reader_snapshot_is_open(store):
    cursor = await _held_reader_cursor(store)
    try:
        review = await store.reviews.create(_new_review(), channel_id=10, message_ids=[11, 12], thread_id=13)
        assert review.title == "Film Review: Never Let Me Go" and review.message_ids == (11, 12)
        assert review.thread_id == 13
    finally:
        await cursor.close()


async def test_an_updated_review_is_read_back_while_a_reader_snapshot_is_open(store):
    review = await store.reviews.create(_new_review(), channel_id=10, message_ids=[11], thread_id=13)
    cursor = await _held_reader_cursor(store)
    try:
        updated = await store.reviews.update(review, title="Film Review: Changed", film_title="Never Let Me Go",
                                             film_year=2010, film_id=None, rating=3.0, body="Less quiet.",
                                             message_ids=[11, 14])
        assert updated.title == "Film Review: Changed" and updated.message_ids == (11, 14)
    finally:
        await cursor.close()


async def test_a_saved_setting_is_cached_as_saved_while_a_reader_snapshot_is_open(store):
    cursor = await _held_reader_cursor(store)
    try:
        saved = await store.settings.update(1, answer_questions=0)
        assert saved.answer_questions is False
        assert (await store.settings.get(1)).answer_questions is False
    finally:
        await cursor.close()
    assert (await store.settings.get(1)).answer_questions is False  # the cache kept what was saved


async def test_a_read_that_started_before_a_save_does_not_overwrite_the_cache(store):
    """A load that began before an update may return the old row; it must not be cached over the new one."""
    await store.settings.update(1, answer_questions=1)
    store.settings._cache.clear()  # the next get() loads from the database
    cursor = await _held_reader_cursor(store)
    try:
        stale_load = asyncio.create_task(store.settings.get(1))  # reads the held snapshot: still on
        await asyncio.sleep(0)  # the load is under way...
        await store.settings.update(1, answer_questions=0)  # ...when the new value is saved
        await stale_load
    finally:
        await cursor.close()
    assert (await store.settings.get(1)).answer_questions is False


async def test_an_added_reminder_is_read_back_while_a_reader_snapshot_is_open(store):
    await store.films.import_films([Film(id=None, title="Never Let Me Go", year=2010)])
    film = await store.films.find("Never Let Me Go", 2010, None)
    cursor = await _held_reader_cursor(store)
    try:
        reminder, merged = await store.reminders.add(guild_id=1, channel_id=2, user_id=3, film_id=film.id,
                                                     country="GB", format="dvd", known_date=None)
        assert reminder.user_id == 3 and reminder.country == "GB" and not merged
    finally:
        await cursor.close()
