"""The servers the bot is in: keep each one's name, so the operator's command line can show it."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.core import ReviewBot

log = logging.getLogger(__name__)


class Servers(commands.Cog):
    """Records a server's name when the bot joins it, sees it at start-up, or it is renamed."""

    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot

    async def _remember(self, guild: discord.Guild) -> None:
        if await self.bot.store.guilds.remember(guild.id, guild.name):
            log.info("Server %s is named %r", guild.id, guild.name)

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self._remember(guild)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._remember(guild)

    @commands.Cog.listener()
    async def on_guild_update(self, before: discord.Guild, after: discord.Guild) -> None:
        if before.name != after.name:
            await self._remember(after)


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(Servers(bot))
