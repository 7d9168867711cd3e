"""Who may curate: members with Manage Server, or with the server's reviewer role."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.errors import UserFacingError

if TYPE_CHECKING:
    from bot.core import ReviewBot


async def ensure_reviewer(interaction: discord.Interaction) -> bool:
    """Raise a refusal that names the reviewer role unless the member may publish and curate."""
    member = interaction.user
    if interaction.guild is None or not isinstance(member, discord.Member):
        raise app_commands.NoPrivateMessage()
    if member.guild_permissions.manage_guild:
        return True
    bot: ReviewBot = interaction.client  # type: ignore[assignment]
    settings = await bot.store.settings.get(interaction.guild.id)
    if settings.reviewer_role_id is not None and any(r.id == settings.reviewer_role_id for r in member.roles):
        return True
    if settings.reviewer_role_id is not None:
        role = interaction.guild.get_role(settings.reviewer_role_id)
        name = f"@{discord.utils.escape_markdown(role.name)}" if role else "the reviewer role"
        raise UserFacingError(f"Only members with {name} (or Manage Server) can do that.")
    raise UserFacingError(
        "Only members with Manage Server can do that here. An admin can let others in with "
        "`/settings reviewer-role`."
    )


async def is_reviewer(bot: ReviewBot, member: discord.Member) -> bool:
    """The same rule as :func:`ensure_reviewer`, as a yes or no: for showing reviewer commands only to reviewers."""
    if member.guild_permissions.manage_guild:
        return True
    settings = await bot.store.settings.get(member.guild.id)
    return settings.reviewer_role_id is not None and any(r.id == settings.reviewer_role_id for r in member.roles)


def reviewer_only():
    """An app-command check for curating commands."""
    return app_commands.check(ensure_reviewer)
