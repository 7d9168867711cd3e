"""The ``country:`` option: autocomplete from ISO names, and resolution of whatever was typed."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.domain.countries import country_choices, country_in_words, resolve_country
from bot.domain.translations import Phrasebook
from bot.errors import UserFacingError


class CountryTransformer(app_commands.Transformer):
    """Accepts a code ("GB"), a name ("Germany") or a colloquial form ("the States")."""

    async def autocomplete(self, interaction: discord.Interaction, value: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=name, value=code) for name, code in country_choices(value[:80])]

    async def transform(self, interaction: discord.Interaction, value: str) -> str:
        code = resolve_country(value)
        if code is None:
            raise UserFacingError(
                "I don't know a country called “{country}”; pick one from the list as you type, or give its "
                "two-letter code (GB, US, DE…).", country=discord.utils.escape_markdown(value[:60]),
            )
        return code


def describe_country(code: str, book: Phrasebook | None = None) -> str:
    """The country in words for confirmations ("the United Kingdom"), never a code beside a code."""
    return book.country_in_words(code) if book is not None else country_in_words(code)
