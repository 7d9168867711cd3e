"""The blog bridge's polling against the loopback blog and the running bot: adding a feed posts nothing,
a new entry is published once with its film, never again after a restart, an edit re-renders it, and
a broken feed is reported in words while the others go on."""

from __future__ import annotations

import pytest

from bot.domain.problems import Problem
from bot.sandbox.blog import LoopbackBlog
from bot.services.feed_bridge import poll_feed
from bot.services.web_fetch import make_session
from tests.e2e.helpers import answer, query


@pytest.fixture
async def blog():
    async with LoopbackBlog() as site:
        site.add_post("Film Review: Heat (1995)", "<p>An old post, there before the feed was added.</p>")
        yield site


async def _poll(world, feed_id, **kw):
    # The feeds cog's own task would poll the same feed at the same moment: these tests poll by hand.
    world.bot.get_cog("Feeds").poll_due.cancel()
    async with make_session(allow_private=True) as session:
        feed = await world.bot.store.feeds.get(int(world.guild.id), feed_id)
        report = await poll_feed(world.bot, world.bot.store, session, feed, allow_private=True, **kw)
    for review in report.published:
        world.bot.dispatch("review_published", review)  # as the feeds cog does
    return report


def review_embeds(world):
    return [m for m in world.drv.messages(world.reviews) if m.get("embeds")]


async def test_a_feed_publishes_each_new_entry_once_with_its_film_and_rerenders_edits(world, blog):
    world.bot.get_cog("Feeds").poll_due.cancel()  # these tests poll by hand, never beside the cog's task
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
        world.bot.get_cog("Feeds").poll_due.cancel()  # before the feeds exist, so only these polls read them
        bad = await world.bot.store.feeds.add(guild, channel, broken.feed_url, added_by=owner)
        good = await world.bot.store.feeds.add(guild, channel, blog.feed_url, added_by=owner)
        failed = await _poll(world, bad.id)
        assert failed.error == "the server answered HTTP 404"
        stored = await world.bot.store.feeds.get(guild, bad.id)
        assert stored.failures == 1 and str(Problem.decoded(stored.last_error)) == "the server answered HTTP 404"
        broken.status, broken.malformed = None, True
        assert "not well-formed" in (await _poll(world, bad.id)).error
        assert (await world.bot.store.feeds.get(guild, bad.id)).failures == 2
        assert (await _poll(world, good.id)).error is None


async def test_a_feeds_failure_is_told_in_the_language_of_whoever_lists_the_feeds(world):
    async with LoopbackBlog() as broken:
        broken.status = 404
        guild, channel, owner = int(world.guild.id), int(world.reviews["id"]), int(world.owner.id)
        world.bot.get_cog("Feeds").poll_due.cancel()
        bad = await world.bot.store.feeds.add(guild, channel, broken.feed_url, added_by=owner)
        await _poll(world, bad.id)
        listed = {}
        for locale in ("fr", "de", "en-GB"):
            shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "feeds list", {},
                                                  locale=locale))
            listed[locale] = shown["content"]
        assert "le serveur a répondu HTTP 404" in listed["fr"] and "answered" not in listed["fr"]
        assert "der Server antwortete mit HTTP 404" in listed["de"] and "answered" not in listed["de"]
        assert "the server answered HTTP 404" in listed["en-GB"]
        # What the bot checks right away is told in the member's language too.
        checked = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "feeds check",
                                                {"feed": str(bad.id)}, locale="fr"))
        assert "le serveur a répondu HTTP 404" in checked["content"]


async def test_a_feed_polled_before_problems_were_kept_as_messages_still_lists_its_error(world):
    guild, channel, owner = int(world.guild.id), int(world.reviews["id"]), int(world.owner.id)
    world.bot.get_cog("Feeds").poll_due.cancel()
    feed = await world.bot.store.feeds.add(guild, channel, "https://blog.example/feed", added_by=owner)
    await world.bot.store.feeds.polled(feed.id, next_poll_at=feed.next_poll_at, error="the server answered {HTTP} 500")
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "feeds list", {}, locale="fr"))
    assert "the server answered {HTTP} 500" in shown["content"]  # stored as English text: shown as it was


async def test_the_feeds_commands_follow_list_check_pause_and_remove(world, blog):
    from tests.e2e.helpers import answer, is_ephemeral

    drv, guild, reviews = world.drv, world.guild, world.reviews
    world.bot.get_cog("Feeds").poll_due.cancel()  # only the commands read the feed here
    added = await answer(drv.invoke(guild, reviews, world.owner, "feeds add",
                                    {"url": blog.feed_url, "channel": reviews["id"]}), timeout=20)
    assert is_ephemeral(added) and "1 post already there was noted and not published" in added["content"]
    again = await answer(drv.invoke(guild, reviews, world.owner, "feeds add", {"url": blog.feed_url}))
    assert "set the review channel first" in again["content"]  # no channel named, none set for the server
    again = await answer(drv.invoke(guild, reviews, world.owner, "feeds add",
                                    {"url": blog.feed_url, "channel": reviews["id"]}))
    assert "follows that feed already" in again["content"]
    refused = await answer(drv.invoke(guild, reviews, world.member, "feeds add", {"url": blog.feed_url}))
    assert is_ephemeral(refused) and "Only members with Manage Server" in refused["content"]
    for bad in ("file:///etc/passwd", "ftp://blog.example/feed"):
        shown = await answer(drv.invoke(guild, reviews, world.owner, "feeds add", {"url": bad}))
        assert "That address won't do" in shown["content"]

    [(feed_id,)] = query(world.db_path, "SELECT id FROM feeds")
    choices = await drv.autocomplete(guild, reviews, world.owner, "feeds check", {"feed": ""}, focused="feed")
    assert [c["value"] for c in choices] == [feed_id] and "Reels and Reviews" in choices[0]["name"]
    listed = await answer(drv.invoke(guild, reviews, world.member, "feeds list", {}))
    assert "Reels and Reviews" in listed["content"] and "read <t:" in listed["content"]

    blog.add_post("Film Review: Arrival", "<p>Language as time.</p>", categories=("Arrival",))
    checked = await answer(drv.invoke(guild, reviews, world.owner, "feeds check", {"feed": str(feed_id)}), timeout=20)
    assert "1 new post published" in checked["content"]
    assert len(review_embeds(world)) == 1

    await answer(drv.invoke(guild, reviews, world.owner, "feeds pause", {"feed": str(feed_id)}))
    assert "paused" in (await answer(drv.invoke(guild, reviews, world.member, "feeds list", {})))["content"]
    await answer(drv.invoke(guild, reviews, world.owner, "feeds resume", {"feed": str(feed_id)}))
    removed = await answer(drv.invoke(guild, reviews, world.owner, "feeds remove", {"feed": str(feed_id)}))
    assert "the reviews it published stay" in removed["content"]
    assert query(world.db_path, "SELECT count(*) FROM feeds") == [(0,)]
    assert query(world.db_path, "SELECT count(*) FROM reviews") == [(1,)]


async def test_a_loopback_feed_is_refused_unless_the_operator_allows_private_feeds(stopped_world, blog):
    from tests.e2e.helpers import answer

    world = stopped_world
    world.allow_private_feeds = False
    await world.start_bot()
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "feeds add",
                                          {"url": blog.feed_url, "channel": world.reviews["id"]}))
    assert "private or local address" in shown["content"]
    assert query(world.db_path, "SELECT count(*) FROM feeds") == [(0,)]


async def test_the_discussion_of_a_blog_post_goes_back_as_wxr_matched_to_the_post(world, blog):
    import xml.etree.ElementTree as ET

    import aiohttp

    from bot.domain.wxr import WXR_NAMESPACES
    from tests.e2e.helpers import answer, comment_rows

    world.bot.get_cog("Feeds").poll_due.cancel()  # these tests poll by hand, never beside the cog's task
    feed = await world.bot.store.feeds.add(int(world.guild.id), int(world.reviews["id"]), blog.feed_url,
                                           added_by=int(world.owner.id))
    await _poll(world, feed.id)
    post = blog.add_post("Film Review: Never Let Me Go", "<p>Quiet.</p>")
    [review] = (await _poll(world, feed.id)).published
    thread = world.drv.get_channel(str(review.thread_id))
    first = world.drv.post(thread, world.member, "Loved it")
    world.drv.post(thread, world.reviewer, "Me too", reply_to=first)
    await comment_rows(world, 2)
    message = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "comments export",
                                            {"review": str(review.id), "format": "wxr"}), timeout=20)
    [attachment] = message["attachments"]
    assert attachment["filename"].endswith(".xml")
    async with aiohttp.ClientSession() as session, session.get(attachment["url"]) as response:
        root = ET.fromstring(await response.read())
    wp = "{" + WXR_NAMESPACES["wp"] + "}"
    [item] = root.iter("item")
    assert item.findtext("link") == blog.permalink(post)
    comments = [(c.findtext(f"{wp}comment_id"), c.findtext(f"{wp}comment_parent"), c.findtext(f"{wp}comment_author"))
                for c in item.iter(f"{wp}comment")]
    assert comments == [("1", "0", "Max Member"), ("2", "1", "Rita Reviewer")]


async def test_a_posts_nested_blog_comments_join_the_discord_replies_in_one_tree(world, blog):
    import json

    import aiohttp

    from tests.e2e.helpers import answer, answer_text, comment_rows

    world.bot.get_cog("Feeds").poll_due.cancel()  # these tests poll by hand, never beside the cog's task
    feed = await world.bot.store.feeds.add(int(world.guild.id), int(world.reviews["id"]), blog.feed_url,
                                           added_by=int(world.owner.id))
    await _poll(world, feed.id)
    post = blog.add_post("Film Review: Never Let Me Go", "<p>Quiet.</p>")
    [review] = (await _poll(world, feed.id)).published
    import datetime as dt

    base = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    first = blog.add_comment(post, "Bea from the blog", "<p>Read it twice.</p>", when=base)
    blog.add_comment(post, "Cal", "<p>So did <em>I</em>.</p>", parent=first, when=base + dt.timedelta(minutes=5))
    thread = world.drv.get_channel(str(review.thread_id))
    world.drv.post(thread, world.member, "Saw it on Discord first")
    await comment_rows(world, 1)
    report = await _poll(world, feed.id)
    assert report.blog_comments == 2
    assert (await _poll(world, feed.id)).blog_comments == 0  # read again, nothing new, nothing doubled
    shown = await answer_text(world.drv.invoke(world.guild, world.reviews, world.member, "comments show",
                                               {"review": str(review.id)}))
    assert shown.index("Bea from the blog") < shown.index("Cal") < shown.index("Max Member")  # by date, nested
    message = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "comments export",
                                            {"review": str(review.id), "format": "json"}))
    async with aiohttp.ClientSession() as session, session.get(message["attachments"][0]["url"]) as response:
        data = json.loads(await response.read())
    top = data["comments"]
    assert [(c["source"], c["author"]["name"]) for c in top] == [("blog", "Bea from the blog"),
                                                                 ("discord", "Max Member")]
    assert top[0]["url"].endswith(f"#comment-{first.id}") and "url" not in top[1]
    [reply] = top[0]["replies"]
    assert (reply["source"], reply["content"]) == ("blog", "So did *I*.")
    wxr = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "comments export",
                                        {"review": str(review.id), "format": "wxr"}))
    async with aiohttp.ClientSession() as session, session.get(wxr["attachments"][0]["url"]) as response:
        text = (await response.read()).decode()
    assert "Saw it on Discord first" in text and "Read it twice" not in text  # the blog's own stay on the blog


async def _published_with_blog_comments(world, blog, feed):
    """A published post whose comments have had their first read: one comment that was there already."""
    import datetime as dt

    await _poll(world, feed.id)
    post = blog.add_post("Film Review: Never Let Me Go", "<p>Quiet.</p>")
    old = blog.add_comment(post, "Bea from the blog", "<p>There before the review.</p>",
                           when=dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=2))
    [review] = (await _poll(world, feed.id)).published
    return post, old, review


async def _json_export(world, review):
    import aiohttp

    from tests.e2e.helpers import answer

    message = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "comments export",
                                            {"review": str(review.id), "format": "json"}))
    async with aiohttp.ClientSession() as session, session.get(message["attachments"][0]["url"]) as response:
        return (await response.read()).decode()


def _quotes(world, thread):
    """The bot's quoted messages in a review's thread (the first of each names the blog, later ones continue)."""
    return [m for m in world.drv.messages(thread) if m["author"].get("bot") and "\n>" in (m.get("content") or "")]


async def test_new_blog_comments_stay_off_discord_unless_the_server_turns_the_setting_on(world, blog):
    from tests.e2e.helpers import answer

    world.bot.get_cog("Feeds").poll_due.cancel()  # these tests poll by hand, never beside the cog's task
    feed = await world.bot.store.feeds.add(int(world.guild.id), int(world.reviews["id"]), blog.feed_url,
                                           added_by=int(world.owner.id))
    post, _, review = await _published_with_blog_comments(world, blog, feed)
    thread = world.drv.get_channel(str(review.thread_id))
    blog.add_comment(post, "Cal", "<p>Off by default.</p>")
    assert (await _poll(world, feed.id)).blog_comments == 1
    assert _quotes(world, thread) == []  # the setting is off by default: the tree only

    refused = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "settings blog-comments",
                                            {"mode": "on"}))
    assert "Manage Server permission" in refused["content"]
    assert not (await world.bot.store.settings.get(int(world.guild.id))).blog_comments_to_discord
    turned = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "settings blog-comments",
                                           {"mode": "on"}))
    assert "will be quoted" in turned["content"]
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "settings show", {}))
    assert "New blog comments posted into review threads (`/feeds`): on" in shown["content"]
    assert (await _poll(world, feed.id)).blog_comments == 0
    assert _quotes(world, thread) == []  # comments read before the setting was on are not posted now

    blog.add_comment(post, "Dee", "<p>Now it shows.</p>")
    await _poll(world, feed.id)
    [quote] = _quotes(world, thread)
    assert "**Dee** commented on the blog" in quote["content"] and "> Now it shows." in quote["content"]


async def test_a_new_blog_comment_is_quoted_once_and_discord_replies_to_it_nest_under_it(world, blog):
    import json
    import xml.etree.ElementTree as ET

    import aiohttp

    from bot.domain.wxr import WXR_NAMESPACES
    from tests.e2e.helpers import answer, answer_text, eventually

    world.bot.get_cog("Feeds").poll_due.cancel()  # these tests poll by hand, never beside the cog's task
    await world.bot.store.settings.update(int(world.guild.id), blog_comments_to_discord=1)
    feed = await world.bot.store.feeds.add(int(world.guild.id), int(world.reviews["id"]), blog.feed_url,
                                           added_by=int(world.owner.id))
    post, old, review = await _published_with_blog_comments(world, blog, feed)
    thread = world.drv.get_channel(str(review.thread_id))
    assert _quotes(world, thread) == []  # the post's first read imports its comments without posting them

    hostile = ("<p>@everyone look <@" + world.member.id + "> at this</p><h1>Big</h1>"
               + "<p>" + "So much to say. " * 200 + "</p>")
    new = blog.add_comment(post, "Eve <Blogger>", hostile, parent=old)
    assert (await _poll(world, feed.id)).blog_comments == 1
    quotes = _quotes(world, thread)
    assert len(quotes) == 2  # split to Discord's 2,000 characters, each part a whole quote
    first = quotes[0]["content"]
    assert first.startswith("**Eve \\<Blogger\\>** replied on the blog")
    assert f"[see it there](<{blog.base}/?p={post.id}#comment-{new.id}>)" in first  # the blog's link to it
    assert "@\u200beveryone" in first and f"\\<@{world.member.id}>" in first and "> \\# Big" in first
    assert all(len(q["content"]) <= 2000 for q in quotes)
    assert all(line.startswith(">") for q in quotes for line in q["content"].split("\n")[1:])
    posts = [r for r in world.drv.requests if r.method == "POST" and r.path == f"/channels/{thread['id']}/messages"]
    assert len(posts) == 2 and all(r.json["allowed_mentions"]["parse"] == [] for r in posts)  # no pings
    assert all(not q["mention_everyone"] for q in quotes)

    # Never twice: another read, a restart, and a second poll racing over the same comments.
    assert (await _poll(world, feed.id)).blog_comments == 0
    await world.stop_bot()
    await world.start_bot()
    world.bot.get_cog("Feeds").poll_due.cancel()
    fay = blog.add_comment(post, "Fay", "<p>Short.</p>")
    import asyncio

    await asyncio.gather(_poll(world, feed.id), _poll(world, feed.id))
    assert [q["content"].split("\n")[0] for q in _quotes(world, thread)][2:] == [
        f"**Fay** commented on the blog · [see it there](<{blog.base}/?p={post.id}#comment-{fay.id}>)"]

    # A Discord reply to the quote (to either part) nests under the blog comment; the quote is no comment.
    reply = world.drv.post(thread, world.member, "Replying to Eve", reply_to=quotes[1])
    rows = await eventually(lambda: query(world.db_path, "SELECT parent_id FROM comments WHERE message_id = ?",
                                          int(reply["id"])) or None)
    eve_row = -(review.id * 10**10 + new.id)
    assert rows == [(eve_row,)]
    assert query(world.db_path, "SELECT count(*) FROM comments WHERE message_id IN (?, ?)",
                 int(quotes[0]["id"]), int(quotes[1]["id"])) == [(0,)]
    shown = await answer_text(world.drv.invoke(world.guild, world.reviews, world.member, "comments show",
                                               {"review": str(review.id)}))
    assert "on the blog ·" not in shown  # the quotes are not shown as comments of their own
    assert shown.index("Bea from the blog") < shown.index("Eve") < shown.index("Replying to Eve")

    data = json.loads(await _json_export(world, review))
    [bea] = data["comments"][:1]
    assert bea["author"]["name"] == "Bea from the blog"
    [eve] = bea["replies"]
    assert eve["source"] == "blog" and [(r["source"], r["content"]) for r in eve["replies"]] == [
        ("discord", "Replying to Eve")]
    assert [c["author"]["name"] for c in data["comments"]] == ["Bea from the blog", "Fay"]  # no quote as a comment

    wxr = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "comments export",
                                        {"review": str(review.id), "format": "wxr"}))
    async with aiohttp.ClientSession() as session, session.get(wxr["attachments"][0]["url"]) as response:
        root = ET.fromstring(await response.read())
    wp = "{" + WXR_NAMESPACES["wp"] + "}"
    comments = [(c.findtext(f"{wp}comment_parent"), c.findtext(f"{wp}comment_author"),
                 c.findtext(f"{wp}comment_content")) for c in root.iter(f"{wp}comment")]
    # The blog's comments stay on the blog; the Discord reply names Eve's own WordPress comment id.
    assert [(parent, author, content.strip()) for parent, author, content in comments] == [
        (str(new.id), "Max Member", "<p>Replying to Eve</p>")]

    # A resync reads Discord's history, where the blog's comments are not: they stay, and no quote comes back.
    resynced = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "comments resync",
                                             {"review": str(review.id)}), timeout=20)
    assert "0 new, 0 edited, 0 deleted" in resynced["content"]
    assert query(world.db_path, "SELECT count(*) FROM comments WHERE source = 'blog' AND deleted = 0") == [(3,)]
    assert len(json.loads(await _json_export(world, review))["comments"]) == 2
