"""The ``country:`` option: autocomplete from ISO names, and resolution of whatever was typed."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.domain.countries import country_in_words
from bot.domain.translations import Phrasebook
from bot.errors import UserFacingError
from bot.ui.language import book_of


class CountryTransformer(app_commands.Transformer):
    """Accepts a code ("GB"), a name ("Germany", or in the member's language: "Royaume-Uni") or a colloquial
    form ("the States"); the choices are named as the member's Discord client language writes them."""

    async def autocomplete(self, interaction: discord.Interaction, value: str) -> list[app_commands.Choice[str]]:
        choices = book_of(interaction).country_choices(value[:80])
        return [app_commands.Choice(name=name, value=code) for name, code in choices]

    async def transform(self, interaction: discord.Interaction, value: str) -> str:
        code = book_of(interaction).country_code(value)
        if code is None:
            raise UserFacingError(
                "I don't know a country called “{country}”; pick one from the list as you type, or give its "
                "two-letter code (GB, US, DE…).", country=discord.utils.escape_markdown(value[:60]),
            )
        return code


def describe_country(code: str, book: Phrasebook | None = None) -> str:
    """The country in words for confirmations ("the United Kingdom"), never a code beside a code."""
    return book.country_in_words(code) if book is not None else country_in_words(code)
