"""Comment rows: idempotent creates, edit history, tombstones, and all-or-nothing batches."""

import datetime as dt

import pytest

from bot.db.comments import CommentCreated, CommentDeleted, CommentEdited
from bot.db.reviews import NewReview
from bot.domain.models import Attachment, Comment

T0 = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
async def review(store):
    new = NewReview(guild_id=1, title="T", film_title="F", film_year=2010, film_id=None, author_id=5,
                    byline="B", rating=None, body="body")
    return await store.reviews.create(new, channel_id=10, message_ids=[100], thread_id=100)


def comment(review, message_id, content="hi", parent=None, attachments=()):
    return Comment(message_id=message_id, review_id=review.id, guild_id=1, thread_id=100, author_id=7,
                   author_name="Ann", content=content, created_at=T0 + dt.timedelta(seconds=message_id),
                   parent_id=parent, attachments=attachments)


async def test_a_message_seen_twice_is_stored_once(store, review):
    await store.comments.apply([CommentCreated(comment(review, 101))])
    await store.comments.apply([CommentCreated(comment(review, 101, "again"))])
    rows = await store.comments.for_review(review.id)
    assert [(c.message_id, c.content) for c in rows] == [(101, "hi")]


async def test_an_edit_keeps_the_earlier_version(store, review):
    await store.comments.apply([
        CommentCreated(comment(review, 101, "first")),
        CommentEdited(101, "second", T0),
        CommentEdited(101, "third", T0),
    ])
    stored = await store.comments.get(101)
    assert stored.content == "third" and stored.edited_at == T0
    assert [v.content for v in await store.comments.history(101)] == ["first", "second"]


async def test_an_edit_that_changes_nothing_adds_no_history(store, review):
    await store.comments.apply([CommentCreated(comment(review, 101, "same")), CommentEdited(101, "same", T0)])
    assert await store.comments.history(101) == []


async def test_a_delete_leaves_a_tombstone_without_content_or_urls(store, review):
    files = (Attachment("a.png", "http://x/a.png", 10, "image/png"),)
    await store.comments.apply([
        CommentCreated(comment(review, 101, "secret", attachments=files)),
        CommentCreated(comment(review, 102, "reply", parent=101)),
        CommentEdited(101, "secret 2", T0),
        CommentDeleted(101),
    ])
    tomb = await store.comments.get(101)
    assert tomb.deleted and tomb.content == ""
    assert tomb.attachments == (Attachment("a.png", None, 10, "image/png"),)
    assert await store.comments.history(101) == []
    assert (await store.comments.get(102)).parent_id == 101


async def test_a_failing_batch_stores_none_of_its_changes(store, review):
    orphan = Comment(message_id=300, review_id=9999, guild_id=1, thread_id=100, author_id=7, author_name="A",
                     content="x", created_at=T0)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await store.comments.apply([CommentCreated(comment(review, 101)), CommentCreated(orphan)])
    assert await store.comments.count() == 0


async def test_newest_ids_and_existing_ids(store, review):
    await store.comments.apply([CommentCreated(comment(review, i)) for i in (101, 105, 103)])
    assert await store.comments.newest_ids() == {100: 105}
    assert await store.comments.existing_ids(100, [101, 102, 103]) == {101, 103}
