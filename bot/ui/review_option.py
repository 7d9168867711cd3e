"""Autocomplete and resolution of the ``review:`` option shared by several cogs.

Choices carry the review id as their value; resolution looks the id up *in the invoking guild only*,
so an id typed by hand from another server finds nothing. Both offer only the reviews the member may
read (:class:`bot.ui.access.ReadAccess`): a review in a channel or thread hidden from them is neither
suggested nor found, with the same words as a review that does not exist, so its existence does not leak.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.domain.models import Review
from bot.domain.numbers import whole_number
from bot.errors import UserFacingError
from bot.ui.access import ReadAccess

if TYPE_CHECKING:
    from bot.core import ReviewBot

MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
#: reviews read per autocomplete or typed lookup before filtering out the hidden ones (bounded work)
SEARCH_POOL = 100


def review_label(review: Review) -> str:
    film = f"{review.film_title} ({review.film_year})" if review.film_year else review.film_title
    label = f"{review.title} — {film} · #{review.id}"
    if len(label) > MAX_CHOICE_NAME:
        suffix = f"… · #{review.id}"
        label = label[: MAX_CHOICE_NAME - len(suffix)].rstrip() + suffix
    return label


async def review_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    bot: ReviewBot = interaction.client  # type: ignore[assignment]
    reviews = await bot.store.reviews.search(interaction.guild_id, current.strip()[:100], limit=SEARCH_POOL)
    visible = await ReadAccess(interaction).readable(reviews)
    return [app_commands.Choice(name=review_label(r), value=str(r.id)) for r in visible[:MAX_CHOICES]]


class ReviewTransformer(app_commands.Transformer):
    """Turns the chosen value (an id, or text typed without picking) into a Review of this guild."""

    async def autocomplete(self, interaction: discord.Interaction, value: str) -> list[app_commands.Choice[str]]:
        return await review_autocomplete(interaction, value)

    async def transform(self, interaction: discord.Interaction, value: str) -> Review:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        bot: ReviewBot = interaction.client  # type: ignore[assignment]
        access = ReadAccess(interaction)
        text = value.strip().lstrip("#")
        review_id = whole_number(text)
        if review_id is not None:
            review = await bot.store.reviews.get(interaction.guild_id, review_id)
            if review is not None and await access.may_read(review):
                return review
        matches = await access.readable(
            await bot.store.reviews.search(interaction.guild_id, value.strip()[:100], limit=SEARCH_POOL)
        )
        if len(matches) == 1:
            return matches[0]
        raise UserFacingError(
            "I can't find a review matching “{review}” in this server; pick one from the list as you type.",
            review=discord.utils.escape_markdown(value[:80]),
        )
