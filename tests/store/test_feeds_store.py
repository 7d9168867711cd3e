"""Feeds and their entries in the store: one feed per address per server, entries claimed exactly once,
a dead claim taken over, failures counted and cleared."""

import datetime as dt

from bot.db import feeds as feeds_module

NOW = dt.datetime.now(dt.UTC)


async def test_a_server_follows_an_address_once_and_other_servers_do_not_see_it(store):
    feed = await store.feeds.add(1, 10, "https://blog.example/feed/", added_by=5)
    assert feed is not None and feed.first_poll and not feed.paused
    now = dt.datetime.now(dt.UTC)  # not the module's NOW: collection may have been minutes ago
    assert await store.feeds.due(now) == []  # read at once by whoever added it, not by the polling task
    assert [f.id for f in await store.feeds.due(now + dt.timedelta(minutes=11))] == [feed.id]
    assert await store.feeds.add(1, 11, "https://blog.example/feed/", added_by=6) is None
    assert await store.feeds.get(2, feed.id) is None
    assert [f.url for f in await store.feeds.for_guild(1)] == ["https://blog.example/feed/"]
    assert await store.feeds.remove(2, feed.id) is False and await store.feeds.remove(1, feed.id) is True


async def test_an_entry_is_claimed_once_and_a_dead_claim_is_taken_over(store, monkeypatch):
    feed = await store.feeds.add(1, 10, "https://blog.example/feed/", added_by=5)
    await store.feeds.record_seen(feed.id, [("old", None, None, None, None)])
    assert not await store.feeds.claim(feed.id, "old", None, None, None)  # seen when the feed was added
    assert await store.feeds.claim(feed.id, "new", "https://blog.example/new", NOW, 7)
    assert not await store.feeds.claim(feed.id, "new", None, None, None)  # another process, the same poll
    monkeypatch.setattr(feeds_module, "CLAIM_EXPIRY", dt.timedelta(seconds=-1))
    assert await store.feeds.claim(feed.id, "new", None, None, None)  # the claimer died mid-publish
    monkeypatch.setattr(feeds_module, "CLAIM_EXPIRY", dt.timedelta(minutes=10))
    from bot.db.reviews import NewReview

    review = await store.reviews.create(NewReview(guild_id=1, title="T", film_title="F", film_year=None, film_id=None,
                                                  author_id=None, byline="B", rating=None, body="b"),
                                        channel_id=10, message_ids=[1], thread_id=2)
    await store.feeds.published(feed.id, "new", review.id)
    entries = await store.feeds.entries(feed.id)
    assert entries["new"].state == "published" and entries["new"].review_id == review.id
    assert entries["old"].state == "seen"
    await store.feeds.release(feed.id, "new")  # only a claim is released, never a published entry
    assert (await store.feeds.entries(feed.id))["new"].state == "published"


async def test_failures_are_counted_in_words_and_a_success_clears_them(store):
    feed = await store.feeds.add(1, 10, "https://blog.example/feed/", added_by=5)
    await store.feeds.polled(feed.id, next_poll_at=NOW + dt.timedelta(minutes=20), error="the server answered HTTP 500")
    await store.feeds.polled(feed.id, next_poll_at=NOW + dt.timedelta(minutes=40), error="no complete answer")
    failing = await store.feeds.get(1, feed.id)
    assert failing.failures == 2 and failing.last_error == "no complete answer" and failing.first_poll
    assert await store.feeds.due(NOW) == []
    assert [f.id for f in await store.feeds.due(NOW + dt.timedelta(hours=1))] == [feed.id]
    assert await store.feeds.due(NOW + dt.timedelta(hours=1), guild_ids=[2]) == []
    await store.feeds.polled(feed.id, next_poll_at=NOW, title="Reels", etag='"abc"')
    healed = await store.feeds.get(1, feed.id)
    assert (healed.failures, healed.last_error, healed.title, healed.etag, healed.first_poll) == \
        (0, None, "Reels", '"abc"', False)
    assert await store.feeds.set_paused(1, feed.id, True)
    assert await store.feeds.due(NOW + dt.timedelta(days=1)) == []
