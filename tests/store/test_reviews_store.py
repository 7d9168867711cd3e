"""Reviews belong to one guild: another guild's id finds nothing."""

from bot.db.reviews import NewReview


def new(guild_id, title="Review", film="Film"):
    return NewReview(guild_id=guild_id, title=title, film_title=film, film_year=None, film_id=None, author_id=1,
                     byline="B", rating=4.5, body="Body")


async def test_reviews_of_one_guild_are_invisible_to_another(store):
    mine = await store.reviews.create(new(1), channel_id=10, message_ids=[11], thread_id=11)
    await store.reviews.create(new(2, "Theirs"), channel_id=20, message_ids=[21], thread_id=21)
    assert await store.reviews.get(2, mine.id) is None
    assert [r.title for r in await store.reviews.search(2, "")] == ["Theirs"]
    assert [r.title for r in await store.reviews.list(1)] == ["Review"]


async def test_search_treats_wildcards_literally(store):
    await store.reviews.create(new(1, "100% great"), channel_id=10, message_ids=[11], thread_id=11)
    await store.reviews.create(new(1, "Other"), channel_id=10, message_ids=[12], thread_id=12)
    assert [r.title for r in await store.reviews.search(1, "%")] == ["100% great"]


async def test_a_deleted_review_disappears_but_keeps_its_comments_for_export(store):
    review = await store.reviews.create(new(1), channel_id=10, message_ids=[11], thread_id=11)
    await store.reviews.delete(review, purge_comments=False)
    assert await store.reviews.get(1, review.id) is None
    assert await store.reviews.with_threads() == []  # its thread is no longer mirrored
    assert (await store.reviews.get_any(review.id)).title == "Review"


async def test_search_ignores_case(store):
    await store.reviews.create(new(1, "Film Review: NEVER Let Me Go"), channel_id=10, message_ids=[11], thread_id=11)
    assert [r.title for r in await store.reviews.search(1, "never let")] == ["Film Review: NEVER Let Me Go"]
