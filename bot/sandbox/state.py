"""The server's world: users, applications, guilds, roles, members, channels, threads, messages, webhooks.

Everything is kept as plain dicts shaped exactly as Discord sends them (see ``discord/types/``), so a
payload can be handed to the wire without translation. Methods here only change state and build
payloads; dispatching events is the caller's job (see :mod:`bot.sandbox.driver` and :mod:`.rest`).
"""

from __future__ import annotations

import copy
import mimetypes
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import permissions as perm
from .limits import (
    LOCALES,
    UNKNOWN_CHANNEL,
    UNKNOWN_GUILD,
    UNKNOWN_MEMBER,
    UNKNOWN_MESSAGE,
    UPLOAD_LIMITS,
    ApiError,
    not_found,
)
from .snowflake import SnowflakeGenerator, iso_now

Json = dict[str, Any]

TEXT, DM, VOICE, CATEGORY, NEWS = 0, 1, 2, 4, 5
NEWS_THREAD, PUBLIC_THREAD, PRIVATE_THREAD, FORUM = 10, 11, 12, 15
THREAD_TYPES = frozenset({NEWS_THREAD, PUBLIC_THREAD, PRIVATE_THREAD})

MSG_DEFAULT, MSG_THREAD_CREATED, MSG_REPLY, MSG_CHAT_INPUT, MSG_THREAD_STARTER = 0, 18, 19, 20, 21
FLAG_HAS_THREAD, FLAG_EPHEMERAL, FLAG_LOADING = 1 << 5, 1 << 6, 1 << 7

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")


@dataclass
class App:
    """An application with its bot user; a bot logs in with :attr:`token`."""

    application_id: str
    name: str
    token: str
    bot_user: Json
    flags: int = 0
    #: privileged intents enabled "in the developer portal" (GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT)
    privileged_intents: int = (1 << 1) | (1 << 8) | (1 << 15)
    #: the shard count ``GET /gateway/bot`` recommends; None: one per 1,000 guilds, as Discord does
    recommended_shards: int | None = None
    #: command id -> command payload (guild commands carry ``guild_id``)
    commands: dict[str, Json] = field(default_factory=dict)

    @property
    def bot_id(self) -> str:
        return self.bot_user["id"]

    def payload(self, owner: Json | None = None) -> Json:
        return {
            "id": self.application_id,
            "name": self.name,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": owner or self.bot_user,
            "team": None,
            "flags": self.flags,
            "flags_new": str(self.flags),  # the same flags as a string, for bits past 2**53
            "bot": self.bot_user,
            "approximate_guild_count": 0,
            "approximate_user_install_count": 0,
            "approximate_user_authorization_count": 0,
            "explicit_content_filter": 0,
            "eligible_oauth2_scopes": ["applications.commands", "bot"],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "integration_types_config": {"0": {}},
        }


@dataclass
class Guild:
    """A guild: its roles and members live here; its channels live in :attr:`State.channels`."""

    id: str
    name: str
    owner_id: str
    preferred_locale: str = "en-US"
    roles: dict[str, Json] = field(default_factory=dict)
    #: user id -> member payload (with ``user``)
    members: dict[str, Json] = field(default_factory=dict)
    channel_ids: list[str] = field(default_factory=list)
    joined_at: str = field(default_factory=iso_now)
    #: the boost tier, 0-3: it sets the largest file members and bots may upload here
    premium_tier: int = 0

    @property
    def upload_limit(self) -> int:
        """The largest file, in bytes, this guild accepts (``attachment_size_limit`` in interactions)."""
        return UPLOAD_LIMITS[self.premium_tier]

    def payload(self) -> Json:
        """The guild object as GET /guilds/{id} answers it."""
        return {
            "id": self.id,
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": self.owner_id,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": list(self.roles.values()),
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": self.premium_tier,
            "premium_subscription_count": 0,
            "preferred_locale": self.preferred_locale,
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "approximate_member_count": len(self.members),
            "approximate_presence_count": 0,
        }


class State:
    """All objects of the loopback Discord, with Discord's rules for creating and changing them."""

    def __init__(self, public_base: str = "") -> None:
        self.ids = SnowflakeGenerator()
        #: http://127.0.0.1:PORT, used to build attachment URLs
        self.public_base = public_base
        self.users: dict[str, Json] = {}
        self.apps: dict[str, App] = {}
        self.guilds: dict[str, Guild] = {}
        self.channels: dict[str, Json] = {}
        #: channel id -> message id -> message (insertion order == id order)
        self.messages: dict[str, dict[str, Json]] = {}
        #: thread id -> user id -> thread member payload
        self.thread_members: dict[str, dict[str, Json]] = {}
        self.webhooks: dict[str, Json] = {}
        #: DM channel id -> the two user ids
        self.dm_members: dict[str, set[str]] = {}
        #: attachment id -> (filename, content type, bytes)
        self.files: dict[str, tuple[str, str, bytes]] = {}
        #: user id -> the language their Discord client is set to (an interaction's ``locale``); en-US otherwise
        self.client_locales: dict[str, str] = {}

    # -- users and applications ------------------------------------------------------------------

    def client_locale(self, user_id: str, override: str | None = None) -> str:
        """The locale an interaction of *user_id* carries: *override*, else their client's, else en-US."""
        locale = override or self.client_locales.get(user_id, "en-US")
        if locale not in LOCALES:
            raise ValueError(f"{locale!r} is not one of Discord's locales")
        return locale

    def create_user(self, name: str, *, bot: bool = False) -> Json:
        user = {
            "id": self.ids.next(),
            "username": name,
            "discriminator": "0",
            "global_name": None if bot else name,
            "avatar": None,
            "bot": bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "primary_guild": None,  # the server tag shown by the name; Discord sends null when there is none
        }
        self.users[user["id"]] = user
        return user

    def create_app(self, name: str) -> App:
        bot = self.create_user(name, bot=True)
        app_id = bot["id"]  # Discord bots created today share their application's id
        token = f"{secrets.token_urlsafe(18)}.{secrets.token_urlsafe(6)}.{secrets.token_urlsafe(27)}"
        app = App(application_id=app_id, name=name, token=token, bot_user=bot)
        self.apps[app_id] = app
        return app

    def app_by_token(self, token: str) -> App | None:
        return next((a for a in self.apps.values() if secrets.compare_digest(a.token, token)), None)

    def app_by_bot(self, user_id: str) -> App | None:
        return next((a for a in self.apps.values() if a.bot_id == user_id), None)

    # -- guilds, roles, members ------------------------------------------------------------------

    def guild(self, guild_id: str) -> Guild:
        try:
            return self.guilds[str(guild_id)]
        except KeyError:
            raise not_found(UNKNOWN_GUILD, "Guild") from None

    def create_guild(
        self, name: str, owner: Json, *, preferred_locale: str = "en-US", shard: tuple[int, int] | None = None
    ) -> Guild:
        guild_id = self.ids.next_on_shard(*shard) if shard else self.ids.next()
        guild = Guild(id=guild_id, name=name, owner_id=owner["id"], preferred_locale=preferred_locale)
        self.guilds[guild.id] = guild
        # The @everyone role has the guild's id.
        guild.roles[guild.id] = self._role(guild.id, "@everyone", perm.DEFAULT_EVERYONE, position=0)
        self.add_member(guild, owner)
        return guild

    def _role(self, role_id: str, name: str, permissions: int, *, position: int, managed_by: str | None = None) -> Json:
        role: Json = {
            "id": role_id,
            "name": name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": position,
            "permissions": str(permissions),
            "managed": managed_by is not None,
            "mentionable": False,
            "flags": 0,
        }
        if managed_by is not None:
            role["tags"] = {"bot_id": managed_by}
        return role

    def create_role(self, guild: Guild, name: str, permissions: int, *, managed_by: str | None = None) -> Json:
        role = self._role(self.ids.next(), name, permissions, position=len(guild.roles), managed_by=managed_by)
        guild.roles[role["id"]] = role
        return role

    def add_member(self, guild: Guild, user: Json, *, roles: list[str] | tuple[str, ...] = ()) -> Json:
        member = {
            "user": user,
            "nick": None,
            "avatar": None,
            "banner": None,
            "roles": [str(r) for r in roles],
            "joined_at": iso_now(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        guild.members[user["id"]] = member
        return member

    def member(self, guild: Guild, user_id: str) -> Json:
        try:
            return guild.members[str(user_id)]
        except KeyError:
            raise not_found(UNKNOWN_MEMBER, "Member") from None

    # -- permissions -------------------------------------------------------------------------------

    def guild_permissions(self, guild: Guild, user_id: str) -> int:
        member = guild.members.get(user_id)
        if member is None:
            return 0
        return perm.base_permissions(
            guild_id=guild.id,
            owner_id=guild.owner_id,
            user_id=user_id,
            member_role_ids=member["roles"],
            roles=guild.roles,
        )

    def channel_permissions(self, channel: Json, user_id: str) -> int:
        """Discord's algorithm: base permissions, then the channel's overwrites (threads use their parent's)."""
        guild = self.guilds.get(channel.get("guild_id") or "")
        if guild is None:
            return perm.ALL
        if channel["type"] in THREAD_TYPES:
            channel = self.channels[channel["parent_id"]]
        member = guild.members.get(user_id)
        if member is None:
            return 0
        base = self.guild_permissions(guild, user_id)
        return perm.apply_overwrites(
            base,
            guild_id=guild.id,
            user_id=user_id,
            member_role_ids=member["roles"],
            overwrites=channel.get("permission_overwrites") or [],
        )

    def can_view(self, channel: Json, user_id: str) -> bool:
        """Whether *user_id* sees *channel*: DM recipients; VIEW_CHANNEL; private threads need membership."""
        if channel["type"] == DM:
            return user_id in self.dm_members.get(channel["id"], set())
        if not self.channel_permissions(channel, user_id) & perm.VIEW_CHANNEL:
            return False
        if channel["type"] == PRIVATE_THREAD:
            joined = user_id in self.thread_members.get(channel["id"], {})
            return joined or bool(self.channel_permissions(channel, user_id) & perm.MANAGE_THREADS)
        return True

    # -- channels and threads ----------------------------------------------------------------------

    def channel(self, channel_id: str) -> Json:
        try:
            return self.channels[str(channel_id)]
        except KeyError:
            raise not_found(UNKNOWN_CHANNEL, "Channel") from None

    def create_channel(
        self,
        guild: Guild,
        name: str,
        *,
        type: int = TEXT,
        overwrites: list[Json] | None = None,
        parent_id: str | None = None,
        topic: str | None = None,
    ) -> Json:
        channel: Json = {
            "id": self.ids.next(),
            "type": type,
            "guild_id": guild.id,
            "name": name,
            "position": len(guild.channel_ids),
            "permission_overwrites": [
                {
                    "id": str(o["id"]),
                    "type": int(o.get("type", 0)),
                    "allow": str(o.get("allow", 0)),
                    "deny": str(o.get("deny", 0)),
                }
                for o in overwrites or []
            ],
            "parent_id": parent_id,
            "nsfw": False,
            "flags": 0,
        }
        if type in (TEXT, NEWS, FORUM):
            channel.update(
                topic=topic,
                last_message_id=None,
                rate_limit_per_user=0,
                default_thread_rate_limit_per_user=0,
                default_auto_archive_duration=4320,
            )
        if type == FORUM:
            channel.update(
                available_tags=[], default_reaction_emoji=None, default_sort_order=None, default_forum_layout=0
            )
        self.channels[channel["id"]] = channel
        guild.channel_ids.append(channel["id"])
        self.messages[channel["id"]] = {}
        return channel

    def create_thread(
        self,
        parent: Json,
        name: str,
        owner_id: str,
        *,
        thread_id: str | None = None,
        type: int = PUBLIC_THREAD,
        auto_archive_duration: int = 4320,
        invitable: bool = True,
        applied_tags: list[str] | None = None,
    ) -> Json:
        now = iso_now()
        thread: Json = {
            "id": thread_id or self.ids.next(),
            "type": type,
            "guild_id": parent["guild_id"],
            "parent_id": parent["id"],
            "owner_id": owner_id,
            "name": name,
            "last_message_id": None,
            "message_count": 0,
            "total_message_sent": 0,
            "member_count": 1,
            "rate_limit_per_user": 0,
            "flags": 0,
            "applied_tags": list(applied_tags or []),
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": auto_archive_duration,
                "archive_timestamp": now,
                "locked": False,
                "create_timestamp": now,
            },
        }
        if type == PRIVATE_THREAD:
            thread["thread_metadata"]["invitable"] = invitable
        self.channels[thread["id"]] = thread
        self.messages[thread["id"]] = {}
        self.join_thread(thread, owner_id)
        return thread

    def join_thread(self, thread: Json, user_id: str) -> Json:
        members = self.thread_members.setdefault(thread["id"], {})
        member = members.setdefault(
            user_id, {"id": thread["id"], "user_id": user_id, "join_timestamp": iso_now(), "flags": 0}
        )
        thread["member_count"] = len(members)
        return member

    def leave_thread(self, thread: Json, user_id: str) -> None:
        self.thread_members.get(thread["id"], {}).pop(user_id, None)
        thread["member_count"] = len(self.thread_members.get(thread["id"], {}))

    def dm_channel(self, user_a: Json, user_b: Json) -> Json:
        """The DM channel between two users (created on first use). ``recipients`` is as *user_a* sees it."""
        pair = {user_a["id"], user_b["id"]}
        for channel_id, members in self.dm_members.items():
            if members == pair:
                return self.channels[channel_id]
        channel = {"id": self.ids.next(), "type": DM, "last_message_id": None, "recipients": [user_b], "flags": 0}
        self.channels[channel["id"]] = channel
        self.messages[channel["id"]] = {}
        self.dm_members[channel["id"]] = pair
        return channel

    def threads(self, guild: Guild) -> list[Json]:
        return [c for c in self.channels.values() if c.get("guild_id") == guild.id and c["type"] in THREAD_TYPES]

    def guild_channels(self, guild: Guild) -> list[Json]:
        return [self.channels[cid] for cid in guild.channel_ids]

    def gateway_guild(self, guild: Guild, *, members: list[Json] | None = None, viewer: str | None = None) -> Json:
        """The GUILD_CREATE payload: the guild plus channels, threads (those *viewer* sees), members..."""
        payload = guild.payload()
        active = [
            t
            for t in self.threads(guild)
            if not t["thread_metadata"]["archived"] and (viewer is None or self.can_view(t, viewer))
        ]
        payload.update(
            joined_at=guild.joined_at,
            large=False,
            unavailable=False,
            member_count=len(guild.members),
            members=list(guild.members.values()) if members is None else members,
            # with guild_id, as GET /guilds/{id}/channels gives them: one channel shape for REST and gateway
            channels=[dict(c) for c in self.guild_channels(guild)],
            threads=active,
            presences=[],
            voice_states=[],
            stage_instances=[],
            guild_scheduled_events=[],
            soundboard_sounds=[],
            max_video_channel_users=25,
            max_members=500000,
            premium_subscription_count=0,
        )
        return payload

    # -- messages ------------------------------------------------------------------------------------

    def message(self, channel_id: str, message_id: str) -> Json:
        try:
            return self.messages[str(channel_id)][str(message_id)]
        except KeyError:
            raise not_found(UNKNOWN_MESSAGE, "Message") from None

    def history(self, channel_id: str) -> list[Json]:
        """Messages of a channel, oldest first."""
        return list(self.messages.get(str(channel_id), {}).values())

    def store_file(
        self, filename: str, data: bytes, content_type: str | None = None, *, description: str | None = None
    ) -> Json:
        """Keep an uploaded file and return its attachment object (downloadable from this server)."""
        attachment_id = self.ids.next()
        ctype = content_type or _guess_type(filename)
        self.files[attachment_id] = (filename, ctype, data)
        url = f"{self.public_base}/attachments/{attachment_id}/{filename}"
        attachment: Json = {
            "id": attachment_id,
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": ctype,
        }
        if description:
            attachment["description"] = description
        return attachment

    def build_message(
        self,
        channel: Json,
        author: Json,
        body: Json,
        *,
        attachments: list[Json] | None = None,
        message_id: str | None = None,
        type: int | None = None,
        flags: int = 0,
        webhook_id: str | None = None,
        application_id: str | None = None,
        extra: Json | None = None,
    ) -> Json:
        """A message as the REST API returns it (no ``guild_id``/``member``; see :meth:`gateway_message`)."""
        content = body.get("content")
        content = "" if content is None else str(content)
        mentions = []
        for uid in dict.fromkeys(USER_MENTION.findall(content)):
            if uid in self.users:
                mentions.append(self.users[uid])
        guild = self.guilds.get(channel.get("guild_id") or "")
        role_mentions = [r for r in dict.fromkeys(ROLE_MENTION.findall(content)) if guild and r in guild.roles]
        reference = body.get("message_reference")
        referenced = None
        if reference and reference.get("message_id"):
            ref_channel = str(reference.get("channel_id") or channel["id"])
            referenced = self.messages.get(ref_channel, {}).get(str(reference["message_id"]))
            if referenced is None and reference.get("fail_if_not_exists", True):
                raise ApiError(
                    400,
                    50035,
                    "Invalid Form Body",
                    {
                        "message_reference": {
                            "_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]
                        }
                    },
                )
        message: Json = {
            "id": message_id or self.ids.next(),
            "type": type if type is not None else (MSG_REPLY if referenced else MSG_DEFAULT),
            "channel_id": channel["id"],
            "author": author,
            "content": content,
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": "@everyone" in content or "@here" in content,
            "mentions": mentions,
            "mention_roles": role_mentions,
            "attachments": attachments or [],
            "embeds": [_normalise_embed(e) for e in body.get("embeds") or []],
            "components": numbered_components(body.get("components") or []),
            "reactions": [],
            "pinned": False,
            "flags": flags | (int(body.get("flags") or 0) & (FLAG_EPHEMERAL | 1 << 2 | 1 << 12)),
        }
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        if webhook_id:
            message["webhook_id"] = webhook_id
        if application_id:
            message["application_id"] = application_id
        if referenced is not None:
            message["message_reference"] = {
                "type": 0,
                "message_id": referenced["id"],
                "channel_id": referenced["channel_id"],
                "guild_id": channel.get("guild_id"),
            }
            message["referenced_message"] = {k: v for k, v in referenced.items() if k != "referenced_message"}
        if extra:
            message.update(extra)
        return message

    def store_message(self, message: Json) -> Json:
        channel = self.channel(message["channel_id"])
        self.messages.setdefault(channel["id"], {})[message["id"]] = message
        channel["last_message_id"] = message["id"]
        if channel["type"] in THREAD_TYPES:
            channel["message_count"] = channel.get("message_count", 0) + 1
            channel["total_message_sent"] = channel.get("total_message_sent", 0) + 1
            message.setdefault("position", channel["total_message_sent"] - 1)
        return message

    def remove_message(self, channel_id: str, message_id: str) -> Json:
        message = self.message(channel_id, message_id)
        del self.messages[str(channel_id)][str(message_id)]
        channel = self.channels.get(str(channel_id))
        if channel is not None and channel["type"] in THREAD_TYPES:
            channel["message_count"] = max(0, channel.get("message_count", 1) - 1)
        return message

    def edit_message(self, message: Json, body: Json, *, attachments: list[Json] | None = None) -> Json:
        if "content" in body:
            content = body["content"]
            message["content"] = "" if content is None else str(content)
            message["mentions"] = [
                self.users[u] for u in dict.fromkeys(USER_MENTION.findall(message["content"])) if u in self.users
            ]
        if "embeds" in body:
            message["embeds"] = [_normalise_embed(e) for e in body["embeds"] or []]
        if "components" in body:
            message["components"] = numbered_components(body["components"] or [])
        if "flags" in body and body["flags"] is not None:
            message["flags"] = (message["flags"] & ~(1 << 2)) | (int(body["flags"]) & (1 << 2))
        if attachments is not None:
            message["attachments"] = attachments
        message["edited_timestamp"] = iso_now()
        return message

    def gateway_message(self, message: Json) -> Json:
        """A message as MESSAGE_CREATE carries it: plus ``guild_id``, the author's ``member`` and mention members."""
        channel = self.channels.get(message["channel_id"])
        payload = dict(message)
        guild = self.guilds.get((channel or {}).get("guild_id") or "")
        if guild is None:
            return payload
        payload["guild_id"] = guild.id
        member = guild.members.get(message["author"]["id"])
        if member is not None and not message.get("webhook_id"):
            payload["member"] = _partial_member(member)
        payload["mentions"] = [
            {**u, "member": _partial_member(guild.members[u["id"]])} if u["id"] in guild.members else u
            for u in message.get("mentions", [])
        ]
        return payload


def numbered_components(components: list[Json]) -> list[Json]:
    """A copy of *components* where each has its ``id``, as Discord answers them.

    Discord numbers the components the request left unnumbered 1, 2, 3, ... in tree order, skipping
    the ids already taken (https://discord.com/developers/docs/components/reference#anatomy-of-a-component).
    """
    numbered = copy.deepcopy(components)

    def walk(items: list[Json]) -> Iterator[Json]:
        for item in items:
            yield item
            yield from walk(item.get("components") or [])
            if isinstance(item.get("accessory"), dict):
                yield item["accessory"]

    taken = {c["id"] for c in walk(numbered) if c.get("id") is not None}
    next_id = 1
    for component in walk(numbered):
        if component.get("id") is None:
            while next_id in taken:
                next_id += 1
            component["id"] = next_id
            taken.add(next_id)
    return numbered


def _partial_member(member: Json) -> Json:
    return {k: v for k, v in member.items() if k != "user"}


def _normalise_embed(embed: Json) -> Json:
    embed = {k: v for k, v in embed.items() if v is not None}
    embed.setdefault("type", "rich")
    embed.setdefault("content_scan_version", 0)
    return embed


def _guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
