"""Comment rows: idempotent creates, edit history, tombstones, and all-or-nothing batches."""

import datetime as dt
from dataclasses import replace

import pytest

from bot.db.comments import CommentCreated, CommentDeleted, CommentEdited
from bot.db.reviews import NewReview
from bot.domain.models import Attachment, Comment, Mention

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
    with pytest.raises(Exception, match=r"(?i)foreign key"):
        await store.comments.apply([CommentCreated(comment(review, 101)), CommentCreated(orphan)])
    assert await store.comments.count() == 0


async def test_newest_ids_and_existing_ids(store, review):
    await store.comments.apply([CommentCreated(comment(review, i)) for i in (101, 105, 103)])
    assert await store.comments.newest_ids() == {100: 105}
    assert await store.comments.existing_ids(100, [101, 102, 103]) == {101, 103}


async def test_mention_names_are_stored_with_the_comment(store, review):
    names = (Mention("user", 8, "Ben"), Mention("role", 9, "Mods"), Mention("channel", 10, "general"))
    await store.comments.apply([CommentCreated(replace(comment(review, 101, "<@8> <@&9> <#10>"), mentions=names))])
    assert (await store.comments.get(101)).mentions == names


async def test_an_edit_adds_new_mention_names_and_keeps_the_old_ones(store, review):
    first = replace(comment(review, 101, "<@8>"), mentions=(Mention("user", 8, "Ben"),))
    await store.comments.apply([
        CommentCreated(first),
        CommentEdited(101, "<@8> <@11>", T0, mentions=(Mention("user", 8, "Benjamin"), Mention("user", 11, "Cy"))),
    ])
    assert set((await store.comments.get(101)).mentions) == {Mention("user", 8, "Benjamin"), Mention("user", 11, "Cy")}
    await store.comments.apply([CommentEdited(101, "nobody", T0 + dt.timedelta(minutes=1))])
    assert len((await store.comments.get(101)).mentions) == 2  # earlier versions still name them


async def test_a_deleted_comment_keeps_no_mention_names(store, review):
    await store.comments.apply([
        CommentCreated(replace(comment(review, 101, "<@8>"), mentions=(Mention("user", 8, "Ben"),))),
        CommentDeleted(101),
    ])
    assert (await store.comments.get(101)).mentions == ()


async def test_history_for_review_gives_every_edited_comment_its_versions_in_one_call(store, review):
    edited_at = T0 + dt.timedelta(hours=1)
    await store.comments.apply([
        CommentCreated(comment(review, 101, "first")),
        CommentCreated(comment(review, 102, "never edited")),
        CommentCreated(comment(review, 103, "a")),
        CommentEdited(101, "second", edited_at),
        CommentEdited(101, "third", edited_at + dt.timedelta(minutes=5)),
        CommentEdited(103, "b", edited_at),
    ])
    history = await store.comments.history_for_review(review.id)
    assert set(history) == {101, 103}
    assert [(v.content, v.edited_at) for v in history[101]] == [("first", None), ("second", edited_at)]
    assert [v.content for v in history[103]] == ["a"]


async def test_catch_up_marks_never_move_back_and_a_gap_keeps_its_earliest_start(store, review):
    from bot.db.comments import ThreadRead

    await store.comments.note_thread_reads({100: ThreadRead(500, False)})
    await store.comments.note_thread_reads({100: ThreadRead(400, True), 101: ThreadRead(7, False)})
    assert await store.comments.thread_reads() == {100: ThreadRead(500, True), 101: ThreadRead(7, False)}
    await store.comments.apply([], gaps={555: 300})
    await store.comments.apply([], gaps={555: 350})
    await store.comments.apply([], gaps={555: 200})
    assert (await store.comments.gaps())[555] == 200
