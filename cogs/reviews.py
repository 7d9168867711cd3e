"""Publishing, editing, listing and deleting film reviews."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import ReviewBot
from bot.domain.models import Review
from bot.domain.review_file import (
    FILE_MAX_BYTES,
    ReviewDraft,
    ReviewFileError,
    parse_review_file,
    validate_draft,
)
from bot.domain.review_render import escape_markdown
from bot.domain.translations import Phrasebook
from bot.errors import UserFacingError
from bot.mentions import NO_PINGS
from bot.services.publishing import (
    ReviewChannel,
    check_channel_permissions,
    draft_of,
    embeds_of,
    preview,
    publish,
    take_down,
    update_posted,
)
from bot.ui.access import ReadAccess, ensure_may_change, ensure_may_publish_in, ensure_reviewer, reviewer_only
from bot.ui.language import book_of
from bot.ui.review_option import ReviewTransformer
from bot.ui.tree import reply_ephemeral, report_failure
from bot.ui.views import Confirm, Paginator

log = logging.getLogger(__name__)

MODAL_BODY_MAX = 4000  # Discord's limit for one text input


class ReviewModal(discord.ui.Modal):
    """Title, film, rating and body; prefilled when editing."""

    title_input = discord.ui.TextInput(label="Review title", custom_id="title", max_length=256,
                                       placeholder="Film Review: …")
    film_input = discord.ui.TextInput(label="Film (title and year)", custom_id="film", max_length=200,
                                      placeholder="Never Let Me Go (2010)")
    rating_input = discord.ui.TextInput(label="Rating out of 5 (optional)", custom_id="rating", required=False,
                                        max_length=12, placeholder="4.5")
    body_input = discord.ui.TextInput(label="Review (Markdown)", custom_id="body", style=discord.TextStyle.paragraph,
                                      max_length=MODAL_BODY_MAX)

    def __init__(self, *, heading: str, on_draft, existing: Review | None = None, book: Phrasebook) -> None:
        super().__init__(title=heading, timeout=900)
        self.on_draft = on_draft
        _ = book  # the form speaks the language of the member who opens it
        self.title_input.label, self.film_input.label = _("Review title"), _("Film (title and year)")
        self.rating_input.label, self.body_input.label = _("Rating out of 5 (optional)"), _("Review (Markdown)")
        self.title_input.placeholder = _("Film Review: …")
        if existing is not None:
            self.title_input.default = existing.title[:256]
            film = f"{existing.film_title} ({existing.film_year})" if existing.film_year else existing.film_title
            self.film_input.default = film[:200]
            self.rating_input.default = "" if existing.rating is None else f"{existing.rating:g}"
            self.body_input.default = existing.body

    async def on_submit(self, interaction: discord.Interaction) -> None:
        try:
            draft = validate_draft(
                self.title_input.value, self.film_input.value, self.rating_input.value, self.body_input.value,
                byline=interaction.user.display_name,
            )
        except ReviewFileError as exc:
            _ = book_of(interaction)
            await reply_ephemeral(interaction, _("Nothing was published: {problem}",
                                                                    problem=exc.message))
            return
        await self.on_draft(interaction, draft)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await report_failure(interaction, error)


async def read_review_file(attachment: discord.Attachment, *, default_byline: str) -> ReviewDraft:
    if attachment.size > FILE_MAX_BYTES:
        raise UserFacingError("That file is {size} KB; review files can be at most {limit} KB.",
                              size=attachment.size // 1024, limit=FILE_MAX_BYTES // 1024)
    if not attachment.filename.lower().endswith((".md", ".markdown", ".txt")):
        raise UserFacingError("Review files are Markdown (.md) with front matter; see the README for the format.")
    try:
        draft = parse_review_file(await attachment.read())
    except ReviewFileError as exc:
        raise UserFacingError("Nothing was published: {problem}", problem=exc.message) from None
    except discord.HTTPException:
        raise UserFacingError("I couldn't download that file from Discord; please try again.") from None
    return draft if draft.byline else dataclasses.replace(draft, byline=default_byline)


@app_commands.guild_only()
class Reviews(commands.GroupCog, group_name="review", group_description="Publish and manage film reviews"):
    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot

    async def _target_channel(self, interaction: discord.Interaction, channel: ReviewChannel | None) -> ReviewChannel:
        assert interaction.guild is not None
        if channel is None:
            settings = await self.bot.store.settings.get(interaction.guild.id)
            found = interaction.guild.get_channel(settings.review_channel_id) if settings.review_channel_id else None
            if not isinstance(found, discord.TextChannel | discord.ForumChannel):
                raise UserFacingError(
                    "There is no review channel yet: name one with `channel:`, or ask an admin to set one "
                    "with `/settings channel`."
                )
            channel = found
        elif channel.id != (await self.bot.store.settings.get(interaction.guild.id)).review_channel_id:
            # The review channel an admin set is open to reviewers; any other only where they may post.
            assert isinstance(interaction.user, discord.Member)
            ensure_may_publish_in(interaction.user, channel)
        check_channel_permissions(channel)
        return channel

    async def _publish(self, interaction: discord.Interaction, channel: ReviewChannel, draft: ReviewDraft) -> None:
        if not interaction.response.is_done():
            await interaction.response.defer(ephemeral=True, thinking=True)
        # A film the store lacks is asked of TMDB first (when it is on), so the review is linked to it.
        await self.bot.desk.ensure_film(draft.film_title, draft.film_year, channel.guild.id)
        review = await publish(self.bot.store, channel, draft, author_id=interaction.user.id)
        self.bot.dispatch("review_published", review)
        _ = book_of(interaction)
        await interaction.followup.send(
            _("Published **{title}** in {channel}; its discussion is in {thread}.",
                                 title=escape_markdown(review.title), channel=f"<#{review.channel_id}>",
                                 thread=f"<#{review.thread_id}>"),
            ephemeral=True, allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="publish", description="Publish a review (opens a form, or takes a Markdown file)")
    @app_commands.describe(
        channel="Where to publish (default: the server's review channel)",
        file="A Markdown file with front matter (title, film, year, author, rating, published)",
    )
    @reviewer_only()
    async def publish_command(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | discord.ForumChannel | None = None,
        file: discord.Attachment | None = None,
    ) -> None:
        target = await self._target_channel(interaction, channel)
        if file is not None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            draft = await read_review_file(file, default_byline=interaction.user.display_name)
            await self._publish(interaction, target, draft)
            return

        async def on_draft(modal_interaction: discord.Interaction, draft: ReviewDraft) -> None:
            await ensure_reviewer(modal_interaction)
            await self._target_channel(modal_interaction, channel)  # permissions may have changed meanwhile
            await self._publish(modal_interaction, target, draft)

        _ = book_of(interaction)
        await interaction.response.send_modal(ReviewModal(heading=_("Publish a review"), on_draft=on_draft, book=_))

    @app_commands.command(name="edit", description="Edit a published review in place")
    @app_commands.describe(review="The review to edit", file="A Markdown file to replace it with (optional)")
    @reviewer_only()
    async def edit(
        self,
        interaction: discord.Interaction,
        review: app_commands.Transform[Review, ReviewTransformer],
        file: discord.Attachment | None = None,
    ) -> None:
        ensure_may_change(interaction, review)

        async def apply(edit_interaction: discord.Interaction, draft: ReviewDraft) -> None:
            if not edit_interaction.response.is_done():
                await edit_interaction.response.defer(ephemeral=True, thinking=True)
            current = await self.bot.store.reviews.get(review.guild_id, review.id)
            if current is None:
                raise UserFacingError("That review was deleted in the meantime.")
            ensure_may_change(edit_interaction, current)
            # The byline is the author's: an edit (a moderator's, or a file naming someone else) never moves
            # it, so what the embed says and who the store holds as author cannot drift apart.
            draft = dataclasses.replace(draft, byline=current.byline)
            await self.bot.desk.ensure_film(draft.film_title, draft.film_year, current.guild_id)
            updated = await update_posted(self.bot, self.bot.store, current, draft)
            self.bot.dispatch("review_edited", updated)
            _ = book_of(edit_interaction)
            await edit_interaction.followup.send(
                _("Updated **{title}**.", title=escape_markdown(updated.title)),
                ephemeral=True, allowed_mentions=NO_PINGS,
            )

        if file is not None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await apply(interaction, await read_review_file(file, default_byline=review.byline))
            return
        if len(review.body) > MODAL_BODY_MAX:
            raise UserFacingError(
                "This review is longer than a form can hold ({limit} characters): edit it with `/review edit "
                "file:` and a Markdown file instead.", limit=lambda _: _.number(MODAL_BODY_MAX),
            )

        async def on_draft(modal_interaction: discord.Interaction, draft: ReviewDraft) -> None:
            await ensure_reviewer(modal_interaction)
            keep_byline = ReviewDraft(draft.title, draft.film_title, draft.film_year, review.byline, draft.rating,
                                      draft.body)
            await apply(modal_interaction, keep_byline)

        _ = book_of(interaction)
        await interaction.response.send_modal(ReviewModal(heading=_("Edit the review"), on_draft=on_draft,
                                                          existing=review, book=_))

    @app_commands.command(name="delete", description="Delete a published review (asks first)")
    @app_commands.describe(review="The review to delete",
                           purge_comments="Also delete its mirrored comments (default: keep them)")
    @reviewer_only()
    async def delete(
        self,
        interaction: discord.Interaction,
        review: app_commands.Transform[Review, ReviewTransformer],
        purge_comments: bool = False,
    ) -> None:
        ensure_may_change(interaction, review)
        _ = book_of(interaction)
        view = Confirm(interaction.user.id, confirm_label=_("Delete review"), book=_)
        count = await self.bot.store.comments.count(review.id)
        await interaction.response.send_message(
            _deletion_notice(review, count, purge_comments, _), view=view, ephemeral=True, allowed_mentions=NO_PINGS,
        )
        await view.wait()
        if view.choice is None or view.interaction is None:
            await interaction.edit_original_response(content=_("Nothing was deleted (no answer)."), view=None)
            return
        if not view.choice:
            await view.interaction.response.edit_message(content=_("Nothing was deleted."), view=None)
            return
        await view.interaction.response.edit_message(content=_("Deleting…"), view=None)
        current = await self.bot.store.reviews.get(review.guild_id, review.id)
        if current is None:
            await interaction.edit_original_response(content=_("That review was already deleted."))
            return
        await ensure_reviewer(view.interaction)  # roles and permissions may have changed while it asked
        ensure_may_change(view.interaction, current)
        await take_down(self.bot, self.bot.store, current, purge_comments=purge_comments)
        self.bot.dispatch("review_deleted", current)
        title = escape_markdown(current.title)
        await interaction.edit_original_response(content=(
            _.plural("Deleted **{title}** and its {n} mirrored comment.",
                     "Deleted **{title}** and its {n} mirrored comments.", count, title=title) if purge_comments
            else _.plural("Deleted **{title}**; its {n} mirrored comment is kept.",
                          "Deleted **{title}**; its {n} mirrored comments are kept.", count, title=title)
        ))

    @app_commands.command(name="list", description="List this server's reviews, newest first")
    async def list_command(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        reviews = await ReadAccess(interaction).readable(await self.bot.store.reviews.list(interaction.guild.id,
                                                                                            limit=500))
        _ = book_of(interaction)
        if not reviews:
            await interaction.response.send_message(_("No reviews have been published here yet."), ephemeral=True)
            return
        lines = [_list_line(review, _) for review in reviews]
        header = _("**Reviews in this server** ({count})", count=_.number(len(reviews))) + "\n"
        await Paginator.of_lines(interaction.user.id, lines, header=header, book=_).send(interaction, ephemeral=True)

    @app_commands.command(name="show", description="Preview a review privately")
    @app_commands.describe(review="The review to preview")
    async def show(
        self, interaction: discord.Interaction, review: app_commands.Transform[Review, ReviewTransformer]
    ) -> None:
        # Any member may ask, for a body of up to 40,000 characters: answer Discord first, render off the loop.
        await interaction.response.defer(ephemeral=True, thinking=True)
        film = await self.bot.store.films.get(review.film_id, review.guild_id) if review.film_id else None
        specs = await asyncio.to_thread(preview, draft_of(review), guild_id=review.guild_id,
                                        author_id=review.author_id, film=film, hint=f"Review #{review.id}")
        _ = book_of(interaction)
        if review.channel_id and review.thread_id:
            where = _("Posted in {channel}; discussion in {thread}.", channel=f"<#{review.channel_id}>",
                      thread=f"<#{review.thread_id}>")
        elif review.channel_id:
            where = _("Posted in {channel}.", channel=f"<#{review.channel_id}>")
        else:
            where = _("Not posted.")
        if len(specs) > 1:
            where += "\n-# " + _.plural("Continues in {n} more message.", "Continues in {n} more messages.",
                                        len(specs) - 1)
        await interaction.followup.send(where, embeds=embeds_of(specs[0]), ephemeral=True, allowed_mentions=NO_PINGS)


def _deletion_notice(review: Review, comment_count: int, purge_comments: bool, _: Phrasebook) -> str:
    """Exactly what a delete will remove, said before the Confirm button: a wrong guess costs a discussion."""
    count = len(review.message_ids)
    messages = (_.plural("{n} message in {channel}", "{n} messages in {channel}", count,
                         channel=f"<#{review.channel_id}>") if review.channel_id
                else _.plural("{n} message", "{n} messages", count))
    values = {"title": escape_markdown(review.title), "messages": messages}
    lines = [_("**Delete this review?**")]
    if purge_comments:
        lines.append(_.plural(
            "This deletes the review **{title}** ({messages}) and its {n} mirrored comment. This cannot be undone.",
            "This deletes the review **{title}** ({messages}) and its {n} mirrored comments. This cannot be undone.",
            comment_count, **values))
    else:
        lines.append(_.plural(
            "This deletes the review **{title}** ({messages}). Its {n} mirrored comment is kept, still exportable "
            "with {command}; run this with `purge_comments:True` to delete it too.",
            "This deletes the review **{title}** ({messages}). Its {n} mirrored comments are kept, still exportable "
            "with {command}; run this with `purge_comments:True` to delete them too.",
            comment_count, command=f"`reviewbot comments export {review.id}`", **values))
    if review.thread_id:
        lines.append(_("Its discussion thread {thread} is locked and archived.", thread=f"<#{review.thread_id}>"))
    return "\n".join(lines)


def _list_line(review: Review, _: Phrasebook) -> str:
    film = f"{review.film_title} ({review.film_year})" if review.film_year else review.film_title
    link = (
        f"https://discord.com/channels/{review.guild_id}/{review.channel_id}/{review.message_ids[0]}"
        if review.channel_id and review.message_ids else None
    )
    title = f"[{escape_markdown(review.title)}]({link})" if link else f"**{escape_markdown(review.title)}**"
    return _("{number} {title} — *{film}* · by {author} · {date}", number=f"`#{review.id}`", title=title,
             film=escape_markdown(film), author=escape_markdown(review.byline),
             date=f"<t:{int(review.created_at.timestamp())}:d>")


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(Reviews(bot))
