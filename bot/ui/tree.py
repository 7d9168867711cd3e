"""The command tree: one place that turns failures of any slash command into a polite reply."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.domain.translations import ENGLISH, Phrasebook, phrasebook
from bot.errors import UserFacingError
from bot.ui.arrival import leaf_options, offered_in_dms, option_problem
from bot.ui.language import book_of, permission_name

log = logging.getLogger(__name__)


def describe_failure(error: app_commands.AppCommandError, book: Phrasebook | None = None) -> str | None:
    """The member-facing text of an expected failure, in *book*'s language, or None when it is a bug."""
    _ = book or phrasebook(ENGLISH)
    original = getattr(error, "original", None)
    if isinstance(original, UserFacingError):
        return original.said_in(_)
    if isinstance(error, UserFacingError):
        return error.said_in(_)
    if isinstance(error, app_commands.CommandOnCooldown):
        return _.plural("Slow down a little — try again in {n} second.",
                        "Slow down a little — try again in {n} seconds.", max(1, round(error.retry_after)))
    if isinstance(error, app_commands.NoPrivateMessage):
        return _("This command works in a server, not in direct messages.")
    if isinstance(error, app_commands.MissingPermissions):
        return _("You need the {permissions} permission to do that.",
                 permissions=_.all_of([permission_name(p, _) for p in error.missing_permissions]))
    if isinstance(error, app_commands.BotMissingPermissions):
        return _("I need the {permissions} permission here to do that.",
                 permissions=_.all_of([permission_name(p, _) for p in error.missing_permissions]))
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or _("You can't use this command here.")
    if isinstance(error, app_commands.TransformerError):
        return _("I couldn't understand {value}.", value=repr(error.value))
    return None


async def reply_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """Answer or follow up, whichever is still possible, without pinging anyone."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
    except discord.HTTPException:
        log.warning("Could not tell the member about a failed command", exc_info=True)


async def report_failure(interaction: discord.Interaction, error: Exception) -> None:
    """Tell the member what went wrong: expected failures in words, bugs logged with a traceback."""
    _ = book_of(interaction)
    text = describe_failure(error, _) if isinstance(error, app_commands.AppCommandError) else None
    if text is None:
        where = interaction.command.qualified_name if interaction.command else "an interaction"
        log.error("Handling %s failed", where, exc_info=error)
        text = _("Sorry, something went wrong on my side; the error has been logged.")
    await reply_ephemeral(interaction, text)


class ReviewbotTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Refuse, politely, what Discord's client would not have sent: see :mod:`bot.ui.arrival`."""
        if interaction.type is not discord.InteractionType.application_command:
            return True
        command = interaction.command
        if not isinstance(command, app_commands.Command):
            return True
        if interaction.guild_id is None and not offered_in_dms(command):
            refusal = describe_failure(app_commands.NoPrivateMessage(), book_of(interaction))
            await reply_ephemeral(interaction, refusal or "")
            return False
        data: dict = interaction.data or {}  # type: ignore[assignment]
        declared = command.to_dict(self).get("options") or []
        channels = (data.get("resolved") or {}).get("channels") or {}
        problem = option_problem(declared, leaf_options(data.get("options") or []), channels)
        if problem is not None:
            log.info("Refused /%s with an option outside its declaration: %s", command.qualified_name, problem)
            _ = book_of(interaction)
            await reply_ephemeral(interaction, _("Nothing was done: {problem}", problem=problem))
            return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await report_failure(interaction, error)
