"""The blog bridge's polling against the loopback blog and the running bot: adding a feed posts nothing,
a new entry is published once with its film, never again after a restart, an edit re-renders it, and
a broken feed is reported in words while the others go on."""

from __future__ import annotations

import pytest

from bot.sandbox.blog import LoopbackBlog
from bot.services.feed_bridge import poll_feed
from bot.services.web_fetch import make_session
from tests.e2e.helpers import query


@pytest.fixture
async def blog():
    async with LoopbackBlog() as site:
        site.add_post("Film Review: Heat (1995)", "<p>An old post, there before the feed was added.</p>")
        yield site


async def _poll(world, feed_id, **kw):
    async with make_session(allow_private=True) as session:
        feed = await world.bot.store.feeds.get(int(world.guild.id), feed_id)
        report = await poll_feed(world.bot, world.bot.store, session, feed, allow_private=True, **kw)
    for review in report.published:
        world.bot.dispatch("review_published", review)  # as the feeds cog does
    return report


def review_embeds(world):
    return [m for m in world.drv.messages(world.reviews) if m.get("embeds")]


async def test_a_feed_publishes_each_new_entry_once_with_its_film_and_rerenders_edits(world, blog):
    feed = await world.bot.store.feeds.add(int(world.guild.id), int(world.reviews["id"]), blog.feed_url,
                                           added_by=int(world.owner.id))
    first = await _poll(world, feed.id)
    assert (first.recorded, first.published, first.error) == (1, [], None)
    assert review_embeds(world) == []  # adding a feed never floods the channel

    post = blog.add_post("Film Review: Never Let Me Go", "<p>Quiet and <em>devastating</em>.</p>",
                         categories=("Reviews", "Never Let Me Go"))
    second = await _poll(world, feed.id)
    [review] = second.published
    assert review.film_id is not None and review.film_title == "Never Let Me Go"  # matched to the catalogue
    [embed_message] = review_embeds(world)
    embed = embed_message["embeds"][0]
    text = embed.get("description", "")
    assert "Quiet and *devastating*." in text and blog.permalink(post) in text
    assert (await _poll(world, feed.id)).published == []  # unchanged: a 304 or nothing new

    await world.stop_bot()
    await world.start_bot()
    assert (await _poll(world, feed.id)).published == []  # never again after a restart
    assert query(world.db_path, "SELECT count(*) FROM reviews") == [(1,)]

    blog.edit_post(post, content_html="<p>Quiet, devastating, and <strong>unforgettable</strong>.</p>")
    edited = await _poll(world, feed.id)
    assert [r.id for r in edited.rerendered] == [review.id]
    assert "**unforgettable**" in world.drv.get_message(world.reviews, embed_message)["embeds"][0]["description"]
    assert len(review_embeds(world)) == 1


async def test_a_broken_feed_is_reported_in_words_and_the_others_go_on(world, blog):
    async with LoopbackBlog() as broken:
        broken.status = 404
        guild, channel, owner = int(world.guild.id), int(world.reviews["id"]), int(world.owner.id)
        bad = await world.bot.store.feeds.add(guild, channel, broken.feed_url, added_by=owner)
        good = await world.bot.store.feeds.add(guild, channel, blog.feed_url, added_by=owner)
        failed = await _poll(world, bad.id)
        assert failed.error == "the server answered HTTP 404"
        stored = await world.bot.store.feeds.get(guild, bad.id)
        assert stored.failures == 1 and stored.last_error == "the server answered HTTP 404"
        broken.status, broken.malformed = None, True
        assert "not well-formed" in (await _poll(world, bad.id)).error
        assert (await world.bot.store.feeds.get(guild, bad.id)).failures == 2
        assert (await _poll(world, good.id)).error is None
