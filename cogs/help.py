"""``/help``: what Reviewbot does and the commands the asking member may use, with examples."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import ReviewBot
from bot.domain.help_text import HelpEntry, help_description, help_pages
from bot.domain.tmdb import TMDB_ATTRIBUTION
from bot.ui.access import ensure_reviewer, is_reviewer
from bot.ui.views import Paginator

log = logging.getLogger(__name__)


def _audience(command: app_commands.Command) -> tuple[str, discord.Permissions | None]:
    """Who a command is for: reviewers (the reviewer check), admins (default permissions) or everyone."""
    if ensure_reviewer in command.checks:
        return "reviewers", None
    needed = command.default_permissions or (command.root_parent.default_permissions if command.root_parent else None)
    if needed is not None and needed.value:
        return "admins", needed
    return "everyone", None


class Help(commands.Cog):
    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot

    async def entries_for(self, member: discord.Member) -> list[HelpEntry]:
        """The commands *member* may use here, in the tree's order."""
        reviewer = await is_reviewer(self.bot, member)
        entries = []
        for command in self.bot.tree.walk_commands():
            if not isinstance(command, app_commands.Command):
                continue
            audience, needed = _audience(command)
            if audience == "reviewers" and not reviewer:
                continue
            if needed is not None and not member.guild_permissions.is_superset(needed):
                continue
            required = tuple(p.display_name for p in command.parameters if p.required)
            entries.append(HelpEntry(command.qualified_name, command.description, required, audience))
        return entries

    @app_commands.command(name="help", description="What Reviewbot does, and the commands you can use")
    @app_commands.guild_only()
    async def help(self, interaction: discord.Interaction) -> None:
        assert isinstance(interaction.user, discord.Member)
        name = self.bot.user.display_name if self.bot.user else "Reviewbot"
        # TMDB's attribution when the bot uses TMDB. Read from the configuration, not the store: /help must
        # answer within Discord's deadline even while the database is busy (eight exports at once).
        uses_tmdb = self.bot.film_lookup.client is not None
        pages = help_pages(help_description(name), await self.entries_for(interaction.user),
                           footer=TMDB_ATTRIBUTION if uses_tmdb else None)
        await Paginator(interaction.user.id, pages).send(interaction, ephemeral=True)


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(Help(bot))
