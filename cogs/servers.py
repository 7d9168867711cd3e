"""The servers the bot is in: keep each one's name and language, so the operator's command line can show the
name and write that server's exports and static site in its language."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.core import ReviewBot

log = logging.getLogger(__name__)


class Servers(commands.Cog):
    """Records a server's name and preferred locale when the bot joins it, sees it at start-up, or either changes."""

    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot

    async def _remember(self, guild: discord.Guild) -> None:
        if await self.bot.store.guilds.remember(guild.id, guild.name, str(guild.preferred_locale)):
            log.info("Server %s is named %r, in %s", guild.id, guild.name, guild.preferred_locale)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self._remember(guild)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._remember(guild)

    @commands.Cog.listener()
    async def on_guild_update(self, before: discord.Guild, after: discord.Guild) -> None:
        if (before.name, before.preferred_locale) != (after.name, after.preferred_locale):
            await self._remember(after)


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(Servers(bot))
