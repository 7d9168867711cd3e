"""Polling a blog's feed and publishing its new entries as reviews, through the same path as any review.

One poll: fetch (conditionally, safely: :mod:`bot.services.web_fetch`), read (:mod:`bot.domain.feeds`),
then act on what is new. A new feed's first poll records the entries already there without posting
them (unless backfilled), so adding a feed never floods a channel. Each new entry is claimed before
it is published (exactly once, across restarts and processes), published oldest first, a few per
poll; an entry updated on the blog re-renders its review; an entry that disappeared is left alone.
A failure is recorded in words and the feed backs off; it never stops the other feeds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from dataclasses import dataclass, field

import aiohttp
import discord

from bot.db import Store
from bot.db.feeds import EntryRecord, FeedRow
from bot.domain.blog_comments import (
    BlogComment,
    BlogCommentsError,
    blog_comment_id,
    parse_wordpress_comments,
    quote_messages,
    to_comments,
)
from bot.domain.feeds import Feed, FeedEntry, FeedError, parse_feed
from bot.domain.html_markdown import html_to_markdown
from bot.domain.locales import pick
from bot.domain.models import Review
from bot.domain.problems import Problem
from bot.domain.problems import marked as _
from bot.domain.review_file import BODY_MAX, ReviewDraft
from bot.domain.review_render import clean_single_line
from bot.domain.translations import phrasebook
from bot.errors import UserFacingError
from bot.mentions import NO_PINGS
from bot.services.publishing import ReviewChannel, draft_of, fetch_thread, publish, update_posted
from bot.services.web_fetch import JSON_TYPES, FetchError, fetch

log = logging.getLogger(__name__)

POLL_EVERY = dt.timedelta(minutes=10)
MAX_BACKOFF = dt.timedelta(hours=6)
#: New entries published per poll (the rest wait for the next one): a blog that posts its archive at
#: once cannot fill a channel in one go.
MAX_PUBLISH_PER_POLL = 5
MAX_BACKFILL = 10
#: Posts whose blog comments are read again at each poll (the newest published), and pages of 100 each.
COMMENT_POSTS_PER_POLL = 10
MAX_COMMENT_PAGES = 10
TITLE_MAX = 256


@dataclass
class PollReport:
    feed_id: int
    published: list[Review] = field(default_factory=list)
    rerendered: list[Review] = field(default_factory=list)
    recorded: int = 0  # entries recorded without publishing (a new feed's existing ones)
    unchanged: bool = False  # 304: nothing new since the last poll
    blog_comments: int = 0  # comments newly read from the blog into the reviews' trees
    error: str | None = None  # what went wrong, in English (logs, the command line)
    problem: Problem | None = None  # the same, to be said in a member's language
    feed: Feed | None = None


#: A poll that never finished, as ``/feeds check`` and ``/feeds add`` tell it.
POLL_TIMED_OUT = Problem.of(_("the poll took over a minute"))
POLL_BROKE = Problem.of(_("something went wrong on Reviewbot's side"))


def next_poll(now: dt.datetime, failures: int) -> dt.datetime:
    """The next poll: in POLL_EVERY, doubling with each failure in a row up to MAX_BACKOFF."""
    if failures <= 0:
        return now + POLL_EVERY
    return now + min(MAX_BACKOFF, POLL_EVERY * (2 ** min(failures, 10)))


async def draft_for(store: Store, feed: FeedRow, feed_title: str | None, entry: FeedEntry) -> ReviewDraft:
    """The review an entry becomes: its film from its categories or title, matched to the catalogue
    when the catalogue knows it; its body as Markdown, ending with a link to the original."""
    film_title, film_year = entry.film_guesses[0] if entry.film_guesses else (entry.title, None)
    for title, year in entry.film_guesses:
        known = await store.films.find(title, year, feed.guild_id)
        if known is not None:
            film_title, film_year = known.title, known.year
            break
    body = html_to_markdown(entry.html)
    source = clean_single_line(feed_title or "the blog", 100)
    tail = f"\n\n[Read it on {source}]({entry.link})" if entry.link else ""
    if len(body) + len(tail) > BODY_MAX:
        body = body[: BODY_MAX - len(tail) - 1].rstrip() + "…"
    return ReviewDraft(
        title=clean_single_line(entry.title, TITLE_MAX) or "Review",
        film_title=clean_single_line(film_title, TITLE_MAX) or clean_single_line(entry.title, TITLE_MAX),
        film_year=film_year,
        byline=clean_single_line(entry.author or source, 100) or "the blog",
        rating=None,
        body=(body + tail).strip() or "(The post has no text.)",
        published=entry.published,
    )


async def poll_feed(
    client: discord.Client, store: Store, session: aiohttp.ClientSession, feed: FeedRow, *,
    backfill: int = 0, allow_private: bool = False, now: dt.datetime | None = None,
) -> PollReport:
    now = now or dt.datetime.now(dt.UTC)
    report = PollReport(feed.id)
    try:
        fetched = await fetch(session, feed.url, etag=feed.etag, last_modified=feed.last_modified,
                              allow_private=allow_private)
        if fetched.status == 304:
            report.unchanged = True
            report.blog_comments = await _read_blog_comments(client, store, session, feed, feed.wordpress_api,
                                                             allow_private=allow_private)
            await store.feeds.polled(feed.id, next_poll_at=next_poll(now, 0), etag=feed.etag,
                                     last_modified=feed.last_modified)
            return report
        parsed = parse_feed(fetched.data, content_type=fetched.content_type)
    except (FetchError, FeedError) as exc:
        return await _failed(store, feed, report, exc.problem, now)
    report.feed = parsed
    channel = client.get_channel(feed.channel_id)
    if not isinstance(channel, discord.TextChannel | discord.ForumChannel):
        return await _failed(store, feed, report,
                             Problem.of(_("its channel no longer exists (choose another with /feeds add)")), now)
    known = await store.feeds.entries(feed.id)
    if feed.first_poll:
        chosen = list(parsed.entries[: max(0, min(backfill, MAX_BACKFILL))])
        rest = parsed.entries[len(chosen):]
        await store.feeds.record_seen(feed.id, [(e.key, e.link, e.updated, e.wordpress_post_id, e.digest)
                                                for e in rest])
        report.recorded = len(rest)
    else:
        chosen = [e for e in parsed.entries if e.key not in known][:MAX_PUBLISH_PER_POLL]
    try:
        for entry in reversed(chosen):  # oldest first, as they were written
            review = await _publish(client, store, feed, parsed, entry, channel)
            if review is not None:
                report.published.append(review)
        for entry in parsed.entries:
            record = known.get(entry.key)
            if record is not None and record.state == "published" and record.review_id is not None \
                    and _edited(entry, record):
                review = await _rerender(client, store, feed, parsed, entry, record.review_id)
                if review is not None:
                    report.rerendered.append(review)
    except UserFacingError as exc:
        return await _failed(store, feed, report, exc.message, now)
    report.blog_comments = await _read_blog_comments(client, store, session, feed,
                                                     parsed.wordpress_api or feed.wordpress_api,
                                                     allow_private=allow_private)
    await store.feeds.polled(feed.id, next_poll_at=next_poll(now, 0), title=parsed.title, etag=fetched.etag,
                             last_modified=fetched.last_modified, wordpress_api=parsed.wordpress_api)
    return report


async def _read_blog_comments(client: discord.Client, store: Store, session: aiohttp.ClientSession, feed: FeedRow,
                              api: str | None, *, allow_private: bool) -> int:
    """Read the comments of the feed's newest published posts from WordPress's REST API into their
    reviews' trees; return how many were new. A blog whose API fails costs this poll nothing else.

    When the server has asked for it (``/settings blog-comments on``), each comment new since the
    post's comments were first read is also posted into the review's thread as a quote; what the
    first read finds is only imported (a post's old discussion never floods a thread)."""
    if api is None:
        return 0
    settings = await store.settings.get(feed.guild_id)
    added = 0
    records = [r for r in (await store.feeds.entries(feed.id)).values()
               if r.state == "published" and r.review_id is not None and r.wordpress_post_id is not None]
    for record in sorted(records, key=lambda r: r.wordpress_post_id or 0, reverse=True)[:COMMENT_POSTS_PER_POLL]:
        review = await store.reviews.get(feed.guild_id, record.review_id)  # type: ignore[arg-type]
        if review is None or review.thread_id is None:
            continue
        try:
            found = await _wordpress_comments(session, api, record.wordpress_post_id, allow_private)  # type: ignore[arg-type]
        except (FetchError, BlogCommentsError, ValueError) as exc:
            log.info("Feed %s: cannot read the comments of post %s: %s", feed.id, record.wordpress_post_id, exc)
            return added
        new = await store.comments.import_blog_comments(to_comments(review, found))
        added += len(new)
        if not record.comments_read:
            await store.feeds.comments_read(feed.id, record.entry_key)
        elif new and settings.blog_comments_to_discord:
            await store.feeds.queue_quotes(review.id, new)
        if settings.blog_comments_to_discord:
            await post_quotes(client, store, review)
    return added


async def post_quotes(client: discord.Client, store: Store, review: Review) -> int:
    """Post the review's queued blog comments into its thread as quotes, oldest first; return how many.

    Each is claimed first, so one process posts it, once; its messages are then remembered against
    the blog comment (a Discord reply to one nests under it, and the mirror keeps none of them). A
    quote that cannot be posted (the thread is gone or locked to the bot) is logged and not retried:
    a claim is never taken over, since a process that died mid-post may have posted it already."""
    pending = await store.feeds.pending_quotes(review.id)
    if not pending:
        return 0
    thread = await fetch_thread(client, review.thread_id)
    if thread is None:
        log.info("Review %s: its thread is gone; %d blog comment(s) not posted into it", review.id, len(pending))
        return 0
    posted = 0
    # The bot posts these on its own, so in the server's language (as it posts its thread answers).
    book = phrasebook(pick(str(thread.guild.preferred_locale)))
    for quote in pending:
        comment = await store.comments.get(quote.comment_id)
        if comment is None or not await store.feeds.claim_quote(quote.comment_id):
            continue
        sent: list[int] = []
        try:
            for text in quote_messages(comment, reply=comment.parent_id is not None, book=book):
                sent.append((await thread.send(text, allowed_mentions=NO_PINGS, suppress_embeds=True)).id)
        except discord.HTTPException as exc:
            log.warning("Review %s: blog comment %s not posted into its thread (%s)", review.id,
                        blog_comment_id(quote.comment_id), exc)
        if sent:  # even part of a quote is remembered, so replies to it nest and it is never mirrored
            await store.feeds.quoted(quote.comment_id, sent)
            posted += 1
    if posted:
        log.info("Review %s: posted %d new blog comment(s) into its thread", review.id, posted)
    return posted


async def _wordpress_comments(session: aiohttp.ClientSession, api: str, post_id: int, allow_private: bool
                              ) -> list[BlogComment]:
    found: list[BlogComment] = []
    page = pages = 1
    while page <= min(pages, MAX_COMMENT_PAGES):
        fetched = await fetch(session, f"{api}?post={post_id:d}&per_page=100&page={page}", accept=JSON_TYPES,
                              allow_private=allow_private)
        found += parse_wordpress_comments(json.loads(fetched.data))
        total = fetched.headers.get("X-WP-TotalPages", "1")
        pages = int(total) if total.isdigit() else 1
        page += 1
    return found


async def _publish(client: discord.Client, store: Store, feed: FeedRow, parsed: Feed, entry: FeedEntry,
                   channel: ReviewChannel) -> Review | None:
    if not await store.feeds.claim(feed.id, entry.key, entry.link, entry.updated, entry.wordpress_post_id,
                                   entry.digest):
        return None  # published (or being published) already, by this process or another
    try:
        draft = await draft_for(store, feed, parsed.title, entry)
        review = await publish(store, channel, draft, author_id=None)
    except BaseException:
        await store.feeds.release(feed.id, entry.key)  # the next poll tries again
        raise
    await store.feeds.published(feed.id, entry.key, review.id)
    log.info("Published feed %s's entry as review %s in guild %s", feed.id, review.id, feed.guild_id)
    return review


async def _rerender(client: discord.Client, store: Store, feed: FeedRow, parsed: Feed, entry: FeedEntry,
                    review_id: int) -> Review | None:
    review = await store.reviews.get(feed.guild_id, review_id)
    if review is None:
        return None  # taken down in Discord: the blog's edit does not bring it back
    draft = await draft_for(store, feed, parsed.title, entry)
    if dataclasses.replace(draft, published=None) == draft_of(review):
        await store.feeds.rerendered(feed.id, entry.key, entry.updated, entry.digest)
        return None
    updated = await update_posted(client, store, review, draft)
    await store.feeds.rerendered(feed.id, entry.key, entry.updated, entry.digest)
    return updated


def _edited(entry: FeedEntry, record: EntryRecord) -> bool:
    """Changed on the blog since it was published: a later "updated" time, or (RSS 2.0 has none) other text."""
    if entry.updated is not None and record.entry_updated is not None and entry.updated > record.entry_updated:
        return True
    return record.digest is not None and entry.digest != record.digest


async def _failed(store: Store, feed: FeedRow, report: PollReport, why: Problem, now: dt.datetime) -> PollReport:
    """The failure recorded, kept as its message and values so that ``/feeds list`` says it in any language."""
    report.error, report.problem = str(why), why
    await store.feeds.polled(feed.id, next_poll_at=next_poll(now, feed.failures + 1), error=why.encoded())
    log.info("Feed %s of guild %s failed: %s", feed.id, feed.guild_id, why)
    return report
