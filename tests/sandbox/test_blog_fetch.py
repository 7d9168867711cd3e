"""Feeds fetched safely from the loopback blog and read: conditional requests, the blog's misbehaviour
in words, private addresses refused unless allowed, and WordPress's feed and comments API as it serves them."""

from __future__ import annotations

import json

import pytest

from bot.domain.feeds import FeedError, parse_feed
from bot.domain.html_markdown import html_to_markdown
from bot.sandbox.blog import LoopbackBlog
from bot.services.web_fetch import JSON_TYPES, FetchError, fetch, make_session


@pytest.fixture
async def blog():
    async with LoopbackBlog() as site:
        post = site.add_post("Film Review: Never Let Me Go", "<p>Quiet and <em>devastating</em>.</p>"
                             '<img src="https://example.org/still.jpg" alt="Kathy">',
                             categories=("Reviews", "Never Let Me Go"))
        first = site.add_comment(post, "Ann", "<p>Loved it.</p>")
        site.add_comment(post, "Ben", "<p>Me too, <strong>really</strong>.</p>", parent=first)
        yield site


@pytest.fixture
async def session():
    async with make_session(allow_private=True) as opened:
        yield opened


async def test_a_wordpress_feed_is_read_and_an_unchanged_one_costs_a_304(blog, session):
    first = await fetch(session, blog.feed_url, allow_private=True)
    feed = parse_feed(first.data, content_type=first.content_type)
    [entry] = feed.entries
    assert feed.wordpress_api == f"{blog.base}/wp-json/wp/v2/comments" and "wordpress" in feed.generator.lower()
    assert entry.film_guesses[0] == ("Never Let Me Go", None) and entry.author == "Rita Reviewer"
    assert entry.wordpress_post_id == next(iter(blog.posts))
    assert html_to_markdown(entry.html) == "Quiet and *devastating*.\n\n[Kathy](https://example.org/still.jpg)"
    again = await fetch(session, blog.feed_url, etag=first.etag, last_modified=first.last_modified,
                        allow_private=True)
    assert again.status == 304 and again.data == b""
    assert [r.status for r in blog.requests] == [200, 304]


@pytest.mark.parametrize(("switch", "says"), [
    ({"status": 404}, "HTTP 404"),
    ({"status": 500}, "HTTP 500"),
    ({"html_instead": True}, "text/html, not a feed"),
])
async def test_a_misbehaving_blog_is_an_error_in_words(blog, session, switch, says):
    for name, value in switch.items():
        setattr(blog, name, value)
    with pytest.raises(FetchError, match=says):
        await fetch(session, blog.feed_url, allow_private=True)


async def test_malformed_xml_and_a_web_page_are_not_feeds(blog, session):
    blog.malformed = True
    broken = await fetch(session, blog.feed_url, allow_private=True)
    with pytest.raises(FeedError, match="not well-formed"):
        parse_feed(broken.data, content_type=broken.content_type)
    with pytest.raises(FeedError, match="web page"):
        parse_feed(b"<!DOCTYPE html><html><body>hi</body></html>")


async def test_a_slow_blog_times_out_and_an_oversized_answer_is_refused(blog, session):
    blog.delay = 1.0
    with pytest.raises(FetchError, match="no complete answer within"):
        await fetch(session, blog.feed_url, timeout=0.2, allow_private=True)
    blog.delay = 0
    with pytest.raises(FetchError, match="over the"):
        await fetch(session, blog.feed_url, max_bytes=100, allow_private=True)


async def test_private_addresses_are_refused_unless_allowed(blog):
    async with make_session() as strict:
        with pytest.raises(FetchError, match="private or local address"):
            await fetch(strict, blog.feed_url)  # an address literal
        with pytest.raises(FetchError, match="private or local address"):
            await fetch(strict, f"http://localhost:{blog.port}/feed/")  # a name that resolves to one
    async with make_session() as strict:
        for url in ("file:///etc/passwd", "ftp://example.org/feed", "http://user:pw@example.org/feed"):
            with pytest.raises(FetchError):
                await fetch(strict, url)


async def test_the_comments_api_pages_and_nests_as_wordpress_does(blog, session):
    [post] = blog.posts.values()
    page = await fetch(session, f"{blog.base}/wp-json/wp/v2/comments?post={post.id}&per_page=1", accept=JSON_TYPES,
                       allow_private=True)
    assert page.headers["X-WP-TotalPages"] == "2" and page.headers["X-WP-Total"] == "2"
    [first] = json.loads(page.data)
    second_page = await fetch(session, f"{blog.base}/wp-json/wp/v2/comments?post={post.id}&per_page=1&page=2",
                              accept=JSON_TYPES, allow_private=True)
    [reply] = json.loads(second_page.data)
    assert (first["parent"], reply["parent"]) == (0, first["id"])
    assert reply["author_name"] == "Ben" and "<strong>really</strong>" in reply["content"]["rendered"]
    with pytest.raises(FetchError, match="HTTP 400"):
        await fetch(session, f"{blog.base}/wp-json/wp/v2/comments?post={post.id}&per_page=101", accept=JSON_TYPES,
                    allow_private=True)
