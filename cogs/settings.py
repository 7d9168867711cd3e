"""Server settings (for admins) and each member's own preferences."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import ReviewBot
from bot.mentions import NO_PINGS
from bot.ui.country_option import CountryTransformer, describe_country
from bot.ui.language import book_of
from bot.ui.views import Paginator


@app_commands.guild_only()
class Settings(commands.GroupCog, group_name="settings", group_description="Reviewbot's settings for this server"):
    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot

    @app_commands.command(name="show", description="Show this server's Reviewbot settings")
    async def show(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        settings = await self.bot.store.settings.get(interaction.guild.id)
        mine = await self.bot.store.settings.member_country(interaction.guild.id, interaction.user.id)
        _ = book_of(interaction)
        unset, on, off = _("not set"), _("on"), _("off")
        channel = f"<#{settings.review_channel_id}>" if settings.review_channel_id else unset
        role = f"<@&{settings.reviewer_role_id}>" if settings.reviewer_role_id else unset
        lines = [
            _("Review channel: {channel}", channel=channel),
            _("Reviewer role: {role} (members with Manage Server can always publish)", role=role),
            _("Answer release questions in review threads: {state}", state=on if settings.answer_questions else off),
            _("Server country: {country}",
              country=describe_country(settings.country, _) if settings.country else unset),
            _("New blog comments posted into review threads (`/feeds`): {state}",
              state=on if settings.blog_comments_to_discord else off),
            _("Your country: {country}", country=describe_country(mine, _) if mine else unset),
        ]
        await Paginator.of_lines(interaction.user.id, lines, book=_).send(interaction, ephemeral=True)

    @app_commands.command(name="channel", description="Set the channel reviews are published to by default")
    @app_commands.describe(channel="A text or forum channel")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def channel(
        self, interaction: discord.Interaction, channel: discord.TextChannel | discord.ForumChannel
    ) -> None:
        assert interaction.guild is not None
        await self.bot.store.settings.update(interaction.guild.id, review_channel_id=channel.id)
        _ = book_of(interaction)
        await interaction.response.send_message(
            _("Reviews will be published in {channel} unless `/review publish` names another channel.",
              channel=channel.mention),
            ephemeral=True,
        )

    @app_commands.command(name="reviewer-role", description="Let members with this role publish and curate")
    @app_commands.describe(role="Members with this role may publish, edit and delete reviews and curate films")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def reviewer_role(self, interaction: discord.Interaction, role: discord.Role) -> None:
        assert interaction.guild is not None
        await self.bot.store.settings.update(interaction.guild.id, reviewer_role_id=role.id)
        _ = book_of(interaction)
        await interaction.response.send_message(
            _("Members with {role} can now publish and curate (as can anyone with Manage Server).", role=role.mention),
            ephemeral=True, allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="answer-questions", description="Answer release questions in review threads unasked")
    @app_commands.describe(mode="on: answer release questions in review threads; off: only when mentioned")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def answer_questions(self, interaction: discord.Interaction, mode: Literal["on", "off"]) -> None:
        assert interaction.guild is not None
        await self.bot.store.settings.update(interaction.guild.id, answer_questions=int(mode == "on"))
        _ = book_of(interaction)
        text = (
            _("I'll answer release-date questions in review threads.") if mode == "on"
            else _("I'll stay quiet in review threads unless someone mentions me or uses `/release`.")
        )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="blog-comments", description="Post new blog comments into review threads as quotes")
    @app_commands.describe(mode="on: quote each new comment on a followed blog's post in its review's thread")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def blog_comments(self, interaction: discord.Interaction, mode: Literal["on", "off"]) -> None:
        # A server setting, not a feed's: it decides what appears in this server's threads, which is the
        # admins' call (like answer-questions), and every feed of the server then behaves alike.
        assert interaction.guild is not None
        await self.bot.store.settings.update(interaction.guild.id, blog_comments_to_discord=int(mode == "on"))
        _ = book_of(interaction)
        text = (
            _("New comments on a followed blog's posts will be quoted in their review threads (the comments "
              "already there are not); a reply to a quote joins that comment's discussion.")
            if mode == "on" else _("New blog comments will join the discussion's tree only, not the threads.")
        )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(name="country", description="Set the country release dates are given for by default")
    @app_commands.describe(country="A country name or ISO code, such as GB or United States")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def country(
        self, interaction: discord.Interaction, country: app_commands.Transform[str, CountryTransformer]
    ) -> None:
        assert interaction.guild is not None
        await self.bot.store.settings.update(interaction.guild.id, country=country)
        _ = book_of(interaction)
        await interaction.response.send_message(
            _("Release dates will be given for {where} unless a member sets their own.",
              where=describe_country(country, _)),
            ephemeral=True,
        )

    @app_commands.command(name="my-country", description="Set the country release dates are given for you")
    @app_commands.describe(country="A country name or ISO code, such as GB or United States")
    async def my_country(
        self, interaction: discord.Interaction, country: app_commands.Transform[str, CountryTransformer]
    ) -> None:
        assert interaction.guild is not None
        await self.bot.store.settings.set_member_country(interaction.guild.id, interaction.user.id, country)
        _ = book_of(interaction)
        await interaction.response.send_message(
            _("I'll give you release dates for {where} in this server.", where=describe_country(country, _)),
            ephemeral=True,
        )


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(Settings(bot))
