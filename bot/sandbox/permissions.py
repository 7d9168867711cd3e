"""Discord permission bits and the permission computation algorithm (roles, then channel overwrites)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

CREATE_INSTANT_INVITE = 1 << 0
KICK_MEMBERS = 1 << 1
BAN_MEMBERS = 1 << 2
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
MANAGE_WEBHOOKS = 1 << 29
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
CREATE_PRIVATE_THREADS = 1 << 36
SEND_MESSAGES_IN_THREADS = 1 << 38

ALL = (1 << 51) - 1

#: What a new guild's @everyone role allows (close to Discord's default).
DEFAULT_EVERYONE = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | MENTION_EVERYONE
    | USE_EXTERNAL_EMOJIS
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | CREATE_PRIVATE_THREADS
    | SEND_MESSAGES_IN_THREADS
)


def base_permissions(
    *, guild_id: str, owner_id: str | None, user_id: str, member_role_ids: Iterable[str], roles: Mapping[str, Any]
) -> int:
    """Guild-level permissions of a member: @everyone plus every role; owner and administrator get all."""
    if owner_id is not None and user_id == owner_id:
        return ALL
    perms = int(roles[guild_id]["permissions"]) if guild_id in roles else 0
    for role_id in member_role_ids:
        role = roles.get(str(role_id))
        if role is not None:
            perms |= int(role["permissions"])
    if perms & ADMINISTRATOR:
        return ALL
    return perms


def apply_overwrites(
    base: int, *, guild_id: str, user_id: str, member_role_ids: Iterable[str], overwrites: Iterable[Mapping[str, Any]]
) -> int:
    """Apply a channel's permission overwrites to *base* in Discord's order: @everyone, roles, member."""
    if base & ADMINISTRATOR:
        return ALL
    by_id = {str(o["id"]): o for o in overwrites}
    perms = base
    everyone = by_id.get(guild_id)
    if everyone is not None:
        perms &= ~int(everyone["deny"])
        perms |= int(everyone["allow"])
    allow = deny = 0
    for role_id in member_role_ids:
        ow = by_id.get(str(role_id))
        if ow is not None and int(ow.get("type", 0)) == 0:
            allow |= int(ow["allow"])
            deny |= int(ow["deny"])
    perms &= ~deny
    perms |= allow
    member = by_id.get(user_id)
    if member is not None and int(member.get("type", 1)) == 1:
        perms &= ~int(member["deny"])
        perms |= int(member["allow"])
    if not perms & VIEW_CHANNEL:
        return 0
    return perms
