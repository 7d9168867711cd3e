"""``/help``: what Reviewbot does and the commands the asking member may use, with examples."""

from __future__ import annotations

import dataclasses
import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import ReviewBot
from bot.domain.help_text import HelpEntry, help_description, help_pages
from bot.domain.tmdb import TMDB_ATTRIBUTION
from bot.ui.access import ensure_reviewer, is_reviewer
from bot.ui.language import book_of
from bot.ui.translator import CommandTranslator, Kind
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

    async def entries_for(self, member: discord.Member, locale: str = "en-US") -> list[HelpEntry]:
        """The commands *member* may use here, in the tree's order, named as their client (*locale*) names them."""
        reviewer = await is_reviewer(self.bot, member)
        names = _Names(self.bot.tree.translator, locale)
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
            entry = HelpEntry(command.qualified_name, command.description, required, audience)
            entries.append(dataclasses.replace(
                entry, description=names.description(command.description), shown_name=names.command(entry.name),
                shown_example=names.example(entry.example),
            ))
        return entries

    @app_commands.command(name="help", description="What Reviewbot does, and the commands you can use")
    @app_commands.guild_only()
    async def help(self, interaction: discord.Interaction) -> None:
        assert isinstance(interaction.user, discord.Member)
        _ = book_of(interaction)
        name = self.bot.user.display_name if self.bot.user else "Reviewbot"
        # TMDB's attribution when the bot uses TMDB. Read from the configuration, not the store: /help must
        # answer within Discord's deadline even while the database is busy (eight exports at once).
        uses_tmdb = self.bot.film_lookup.client is not None
        entries = await self.entries_for(interaction.user, str(interaction.locale))
        pages = help_pages(help_description(name, _), entries, footer=TMDB_ATTRIBUTION if uses_tmdb else None, book=_)
        await Paginator(interaction.user.id, pages).send(interaction, ephemeral=True)


class _Names:
    """Command names, option names and descriptions as one Discord locale shows them (the slash
    commands' own catalogues, through the tree's translator); English wherever there is none."""

    _OPTION = re.compile(r"(?<=\s)([a-z_-]+):")

    def __init__(self, translator: app_commands.Translator | None, locale: str) -> None:
        self.translator = translator if isinstance(translator, CommandTranslator) else None
        self.locale = locale

    def _look_up(self, english: str, kind: str | None) -> str:
        found = self.translator.lookup(english, self.locale, kind) if self.translator else None
        return found or english

    def command(self, qualified: str) -> str:
        return " ".join(self._look_up(word, Kind.NAME) for word in qualified.split(" "))

    def description(self, english: str) -> str:
        return self._look_up(english, Kind.DESCRIPTION)

    def example(self, english: str) -> str:
        """``/release when film:Heat`` as ``/sortie quand film:Heat``: the path and option names, not the values."""
        head, _, rest = english.partition(" ")
        words = [head.lstrip("/")]
        while rest and ":" not in rest.split(" ", 1)[0]:
            word, _, rest = rest.partition(" ")
            words.append(word)
        path = "/" + self.command(" ".join(words))
        options = self._OPTION.sub(lambda m: self._look_up(m.group(1), Kind.NAME) + ":", " " + rest).strip()
        return f"{path} {options}".strip()


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(Help(bot))
