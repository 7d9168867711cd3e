"""Who may do what: curate (Manage Server or the reviewer role), read a review, change a review."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.domain.models import Review
from bot.errors import UserFacingError
from bot.ui.language import permission_name

if TYPE_CHECKING:
    from bot.core import ReviewBot

log = logging.getLogger(__name__)


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
        if role is None:
            raise UserFacingError("Only members with the reviewer role (or Manage Server) can do that.")
        raise UserFacingError("Only members with {role} (or Manage Server) can do that.",
                              role=f"@{discord.utils.escape_markdown(role.name)}")
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


# -- who may read a review ----------------------------------------------------------------------------

ChannelLike = discord.abc.GuildChannel | discord.Thread


def can_read_channel(member: discord.Member, channel: ChannelLike) -> bool:
    """View Channel and Read Message History, as Discord computes them: roles, then the channel's overwrites.

    ``permissions_for`` works from the guild cache (roles, overwrites) and the member's roles as the
    interaction sent them, so a role taken away a moment ago already counts. A thread inherits its
    parent's permissions; a private thread also needs membership (see :class:`ReadAccess`).
    """
    perms = channel.permissions_for(member)
    return perms.view_channel and perms.read_message_history


class ReadAccess:
    """What one member may read in one interaction: a review is readable only where its messages are.

    A review is shown only when the member can read its channel and its discussion thread; a private
    thread also needs the member in it (or Manage Threads in the channel), which Discord knows and the
    cache does not, so it is asked once per thread and remembered for this interaction only. A review
    whose channel the bot no longer sees (deleted, or hidden from the bot) is shown to members with
    Manage Server only: nobody else can be told it is theirs to see.
    """

    def __init__(self, interaction: discord.Interaction) -> None:
        self.guild = interaction.guild
        self.member = interaction.user if isinstance(interaction.user, discord.Member) else None
        self._thread_members: dict[int, bool] = {}

    async def may_read(self, review: Review) -> bool:
        guild, member = self.guild, self.member
        if guild is None or member is None or review.guild_id != guild.id:
            return False
        if review.channel_id is None:
            return member.guild_permissions.manage_guild
        channel = guild.get_channel(review.channel_id)
        if channel is None:
            return member.guild_permissions.manage_guild
        if not can_read_channel(member, channel):
            return False
        if review.thread_id is None:
            return True
        thread = guild.get_thread(review.thread_id)
        if thread is None or thread.type is not discord.ChannelType.private_thread:
            return True  # the bot opens public threads and forum posts: the channel's permissions are theirs
        return await self._in_private_thread(member, thread)

    async def _in_private_thread(self, member: discord.Member, thread: discord.Thread) -> bool:
        if thread.permissions_for(member).manage_threads:
            return True
        known = self._thread_members.get(thread.id)
        if known is None:
            try:
                await thread.fetch_member(member.id)
                known = True
            except discord.NotFound:
                known = False
            except discord.HTTPException:
                log.warning("Could not check membership of private thread %s; hiding its review", thread.id)
                known = False
            self._thread_members[thread.id] = known
        return known

    async def readable(self, reviews: list[Review]) -> list[Review]:
        """The reviews of *reviews* this member may read, in order."""
        return [review for review in reviews if await self.may_read(review)]


# -- who may change a review --------------------------------------------------------------------------

def may_change(member: discord.Member, review: Review) -> bool:
    """Its author, a member with Manage Server, or one with Manage Messages in the review's channel."""
    if review.author_id is not None and member.id == review.author_id:
        return True
    if member.guild_permissions.manage_guild:
        return True
    channel = member.guild.get_channel(review.channel_id) if review.channel_id else None
    return channel is not None and channel.permissions_for(member).manage_messages


def ensure_may_change(interaction: discord.Interaction, review: Review) -> None:
    """Refuse, politely, a reviewer who would edit or delete someone else's review."""
    member = interaction.user
    if not isinstance(member, discord.Member) or not may_change(member, review):
        raise UserFacingError(
            "Only the review's author can change it (or a member with Manage Server, or Manage Messages in "
            "its channel)."
        )


# -- where a member may publish -----------------------------------------------------------------------

def ensure_may_publish_in(member: discord.Member, channel: discord.TextChannel | discord.ForumChannel) -> None:
    """Refuse a channel where the member could not post a review and its thread themselves.

    The bot posts with its own permissions, so without this a reviewer could use it to post where
    they may not (an #announcements channel). A text channel needs Send Messages and Create Public
    Threads; a forum, Send Messages (which is what opening a post takes); both, View Channel.
    """
    perms = channel.permissions_for(member)
    needed = {"view_channel": perms.view_channel, "send_messages": perms.send_messages}
    if not isinstance(channel, discord.ForumChannel):
        needed["create_public_threads"] = perms.create_public_threads
    missing = [name for name, granted in needed.items() if not granted]
    if missing:
        raise UserFacingError(
            "You can't publish in {channel}: you don't have {permissions} there yourself. Pick a channel "
            "where you may post, or leave `channel:` out to use the server's review channel.",
            channel=channel.mention, permissions=lambda _: _.all_of([permission_name(p, _) for p in missing]),
        )
