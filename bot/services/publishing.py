"""Publishing a review to Discord: post its messages, open its thread, record it — or leave nothing.

discord.py already retries rate limits and 5xx answers; what it cannot undo is a publish that fails
half-way (the first message posted, the thread refused). Here every step that posted something is
remembered, and on failure it is removed again before the error is reported.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord

from bot.db import Store
from bot.db._util import utcnow
from bot.db.reviews import NewReview, PublishIntent
from bot.domain.models import Film, Review
from bot.domain.review_file import ReviewDraft as Draft
from bot.domain.review_render import EmbedSpec, MessageSpec, render_review, thread_name
from bot.errors import UserFacingError
from bot.mentions import NO_PINGS
from bot.permissions import missing_publish_permissions

log = logging.getLogger(__name__)

FORUM_HINT = "Discuss this review in the replies to this post"
CHANNEL_HINT = "Discuss this review in the thread below"

ReviewChannel = discord.TextChannel | discord.ForumChannel


def discussion_hint(channel: ReviewChannel) -> str:
    """The footer pointing to the discussion: a forum post's replies, or the thread under the message."""
    return FORUM_HINT if isinstance(channel, discord.ForumChannel) else CHANNEL_HINT


def to_embed(spec: EmbedSpec) -> discord.Embed:
    embed = discord.Embed(title=spec.title, description=spec.description, url=spec.url, colour=spec.colour)
    if spec.footer:
        embed.set_footer(text=spec.footer)
    if spec.author:
        embed.set_author(name=spec.author)
    for name, value, inline in spec.fields:
        embed.add_field(name=name, value=value, inline=inline)
    return embed


def embeds_of(spec: MessageSpec) -> list[discord.Embed]:
    return [to_embed(embed) for embed in spec.embeds]


def check_channel_permissions(channel: ReviewChannel) -> None:
    """Refuse before posting anything when the bot cannot publish in *channel*."""
    me = channel.guild.me
    missing = missing_publish_permissions(channel.permissions_for(me), forum=isinstance(channel, discord.ForumChannel))
    if missing:
        raise UserFacingError(
            "I can't publish in {channel}: I'm missing {permissions} there. Ask an admin to grant them, or pick "
            "another channel.", channel=channel.mention, permissions=", ".join(missing),
        )


def preview(draft: Draft, *, guild_id: int, author_id: int | None, film: Film | None, hint: str) -> list[MessageSpec]:
    """The messages *draft* would be posted as; pure work, safe to run in a thread off the event loop."""
    now = utcnow()
    review = Review(
        id=0, guild_id=guild_id, title=draft.title, film_id=film.id if film else None,
        film_title=film.title if film else draft.film_title, film_year=film.year if film else draft.film_year,
        author_id=author_id, byline=draft.byline, rating=draft.rating, body=draft.body, created_at=now, updated_at=now,
    )
    return render_review(review, film, thread_hint=hint)


async def _cleanup(messages: list[discord.Message], thread: discord.Thread | None) -> None:
    for message in reversed(messages):
        with contextlib.suppress(discord.HTTPException):
            await message.delete()
    if thread is not None:
        with contextlib.suppress(discord.HTTPException):
            await thread.delete()


async def publish(
    store: Store, channel: ReviewChannel, draft: Draft, *, author_id: int | None
) -> Review:
    """Post *draft* in *channel* with its discussion thread and record it; all or nothing."""
    check_channel_permissions(channel)
    guild_id = channel.guild.id
    film = await store.films.find(draft.film_title, draft.film_year, guild_id)
    specs = await asyncio.to_thread(preview, draft, guild_id=guild_id, author_id=author_id, film=film,
                                    hint=discussion_hint(channel))
    name = thread_name(film.title if film else draft.film_title, film.year if film else draft.film_year)
    posted: list[discord.Message] = []
    thread: discord.Thread | None = None
    # Written before anything is posted, and kept up to date: if the bot dies half-way, the next start
    # finds what this publish left on Discord and removes it (undo_unfinished_publishes).
    intent = await store.reviews.begin_publish(guild_id, channel.id)

    async def note() -> None:
        await store.reviews.note_posted(intent, [m.id for m in posted], thread.id if thread else None)

    try:
        if isinstance(channel, discord.ForumChannel):
            created = await channel.create_thread(name=name, embeds=embeds_of(specs[0]), allowed_mentions=NO_PINGS)
            thread = created.thread
            posted.append(created.message)
            await note()
            for spec in specs[1:]:
                posted.append(await thread.send(embeds=embeds_of(spec), allowed_mentions=NO_PINGS))
                await note()
        else:
            for spec in specs:
                posted.append(await channel.send(embeds=embeds_of(spec), allowed_mentions=NO_PINGS))
                await note()
            # The thread hangs off the first message, where the review begins.
            thread = await posted[0].create_thread(name=name, auto_archive_duration=10080)
            await note()
        new = NewReview(
            guild_id=guild_id, title=draft.title, film_title=film.title if film else draft.film_title,
            film_year=film.year if film else draft.film_year, film_id=film.id if film else None,
            author_id=author_id, byline=draft.byline, rating=draft.rating, body=draft.body,
            created_at=draft.published,
        )
        return await store.reviews.create(
            new, channel_id=channel.id, message_ids=[m.id for m in posted], thread_id=thread.id, intent_id=intent
        )
    except Exception as exc:
        log.warning("Publishing in #%s failed (%s); removing what was posted", channel, exc)
        await _cleanup(posted, thread)
        with contextlib.suppress(Exception):  # left behind, the next start tries the clean-up again
            await store.reviews.end_publish(intent)
        if isinstance(exc, UserFacingError):
            raise
        if isinstance(exc, discord.Forbidden):
            raise UserFacingError(
                "Discord refused part of the publish in {channel} ({reason}). Nothing was left behind; check my "
                "permissions there and try again.", channel=channel.mention, reason=exc.text or "missing permissions",
            ) from exc
        if isinstance(exc, discord.HTTPException):
            raise UserFacingError(
                "Discord failed while publishing ({status}). Nothing was left behind; please try again in a "
                "moment.", status=f"{exc.status} {exc.text or ''}".strip(),
            ) from exc
        raise


async def undo_unfinished_publishes(client: discord.Client, store: Store) -> int:
    """Remove from Discord what publishes cut short by a stop (a kill, a crash) had posted; return how many.

    Called at start-up, before anything new is published. A thread opened on a message has that
    message's id, so a thread whose creation was under way when the bot died is found even when the
    bot never heard back. An undo that Discord cannot do now (it is unreachable) is tried again at the
    next start; what is already gone counts as undone.
    """
    undone = 0
    for intent in await store.reviews.unfinished_publishes():
        try:
            await _undo(client, intent)
        except discord.HTTPException as exc:
            log.warning("Could not yet remove an unfinished publish in channel %s (%s); will retry at the next "
                        "start", intent.channel_id, exc)
            continue
        await store.reviews.end_publish(intent.id)
        undone += 1
        log.warning("Removed an unfinished publish in channel %s (%d message(s)): the bot stopped before "
                    "recording it", intent.channel_id, len(intent.message_ids))
    return undone


async def _undo(client: discord.Client, intent: PublishIntent) -> None:
    """Delete the thread (a forum post's messages go with it), then the channel's messages of *intent*."""
    try:
        channel = await client.fetch_channel(intent.channel_id)
    except discord.NotFound:
        return  # the channel is gone, and everything posted in it
    for thread_id in dict.fromkeys(i for i in (intent.thread_id, *intent.message_ids[:1]) if i is not None):
        with contextlib.suppress(discord.NotFound):
            thread = await client.fetch_channel(thread_id)
            if isinstance(thread, discord.Thread) and thread.parent_id == intent.channel_id:
                await thread.delete()
    if isinstance(channel, discord.TextChannel):
        for message_id in reversed(intent.message_ids):
            with contextlib.suppress(discord.NotFound):
                await channel.get_partial_message(message_id).delete()


async def fetch_thread(client: discord.Client, thread_id: int | None) -> discord.Thread | None:
    if thread_id is None:
        return None
    channel = client.get_channel(thread_id)
    if channel is None:
        with contextlib.suppress(discord.NotFound, discord.Forbidden):
            channel = await client.fetch_channel(thread_id)
    return channel if isinstance(channel, discord.Thread) else None


async def update_posted(
    client: discord.Client, store: Store, review: Review, draft: Draft
) -> Review:
    """Re-render an edited review into its posted messages, renaming the thread when the film changed."""
    channel = client.get_channel(review.channel_id) if review.channel_id else None
    if channel is None and review.channel_id:
        with contextlib.suppress(discord.HTTPException):
            channel = await client.fetch_channel(review.channel_id)
    if not isinstance(channel, discord.TextChannel | discord.ForumChannel):
        raise UserFacingError("The channel this review was published in no longer exists.")
    forum = isinstance(channel, discord.ForumChannel)
    thread = await fetch_thread(client, review.thread_id)
    film = await store.films.find(draft.film_title, draft.film_year, review.guild_id)
    specs = await asyncio.to_thread(preview, draft, guild_id=review.guild_id, author_id=review.author_id,
                                    film=film, hint=discussion_hint(channel))
    # A forum post's messages (its starter included) live in its thread; otherwise in the channel.
    home = thread if forum and thread else channel
    ids = list(review.message_ids)
    new_ids: list[int] = []
    for index, spec in enumerate(specs):
        if index < len(ids):
            message = home.get_partial_message(ids[index])  # type: ignore[union-attr]
            await message.edit(embeds=embeds_of(spec), allowed_mentions=NO_PINGS)
            new_ids.append(ids[index])
        else:
            sent = await home.send(embeds=embeds_of(spec), allowed_mentions=NO_PINGS)
            new_ids.append(sent.id)
    for surplus in ids[len(specs):]:
        with contextlib.suppress(discord.NotFound):
            await home.get_partial_message(surplus).delete()  # type: ignore[union-attr]
    name = thread_name(film.title if film else draft.film_title, film.year if film else draft.film_year)
    if thread is not None and thread.name != name:
        await thread.edit(name=name)
    return await store.reviews.update(
        review, title=draft.title, film_title=film.title if film else draft.film_title,
        film_year=film.year if film else draft.film_year, film_id=film.id if film else None,
        rating=draft.rating, body=draft.body, message_ids=new_ids,
    )


async def take_down(client: discord.Client, store: Store, review: Review, *, purge_comments: bool) -> None:
    """Remove a review's messages, lock and archive its thread, and retire the record."""
    channel = client.get_channel(review.channel_id) if review.channel_id else None
    thread = await fetch_thread(client, review.thread_id)
    forum = isinstance(channel, discord.ForumChannel)
    for index, message_id in enumerate(review.message_ids):
        home = thread if (forum and thread is not None and index > 0) else channel
        if home is None or (forum and index == 0):
            continue  # a forum post's starter message goes with its (locked, archived) thread
        with contextlib.suppress(discord.NotFound):
            await home.get_partial_message(message_id).delete()  # type: ignore[union-attr]
    if thread is not None:
        with contextlib.suppress(discord.NotFound):
            await thread.edit(locked=True, archived=True)
    await store.reviews.delete(review, purge_comments=purge_comments)


def draft_of(review: Review) -> Draft:
    return Draft(review.title, review.film_title, review.film_year, review.byline, review.rating, review.body)

