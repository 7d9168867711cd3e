"""Which language to answer in: the member's for what they asked, the server's for what the bot posts itself."""

from __future__ import annotations

import discord

from bot.domain.locales import pick
from bot.domain.translations import Phrasebook, phrasebook


def book_of(interaction: discord.Interaction) -> Phrasebook:
    """The member's language (their Discord client's), else their server's, else English."""
    guild_locale = interaction.guild_locale
    return phrasebook(pick(str(interaction.locale), str(guild_locale) if guild_locale else None))


def book_of_guild(guild: discord.Guild | None) -> Phrasebook:
    """The server's language (Community servers set it; others keep Discord's default, en-US)."""
    return phrasebook(pick(str(guild.preferred_locale) if guild is not None else None))


def permission_name(permission: str, _: Phrasebook) -> str:
    """A permission as Discord's client names it ("Manage Server" for ``manage_guild``), in *_*'s language."""
    names = {
        "manage_guild": _("Manage Server"),
        "manage_messages": _("Manage Messages"),
        "manage_threads": _("Manage Threads"),
        "send_messages": _("Send Messages"),
        "send_messages_in_threads": _("Send Messages in Threads"),
        "create_public_threads": _("Create Public Threads"),
        "read_message_history": _("Read Message History"),
        "view_channel": _("View Channel"),
        "embed_links": _("Embed Links"),
        "attach_files": _("Attach Files"),
    }
    return names.get(permission, permission.replace("_", " ").title())
