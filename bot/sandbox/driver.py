"""The test-facing API of the loopback Discord: build a world, act as users, watch the bots.

Everything that only changes the world (creating guilds, posting as a user, invoking a command) is a
plain method: it stores the change and queues the dispatches at once. Everything that waits for a bot
(``handle.response()``, ``autocomplete()``, ``wait_for*()``, ``disconnect()``) is a coroutine.

Arguments that name an object accept its handle, its payload dict or its id.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import permissions as perm
from .gateway import GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT, Gateway
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    SELECT_TYPES,
    Attachment,
    InteractionRecord,
    Interactions,
)
from .log import DispatchRecord, RequestRecord
from .messages import Messages
from .rest import Fault, Rest
from .state import FORUM, PRIVATE_THREAD, PUBLIC_THREAD, TEXT, THREAD_TYPES, App, Guild, Json, State

__all__ = ["App", "Attachment", "Driver", "Guild", "InteractionHandle", "User"]

#: what :meth:`Driver.add_bot` grants by default
DEFAULT_BOT_PERMISSIONS = (
    perm.DEFAULT_EVERYONE
    | perm.MANAGE_MESSAGES
    | perm.MANAGE_THREADS
    | perm.MANAGE_WEBHOOKS
    | perm.READ_MESSAGE_HISTORY
    | perm.EMBED_LINKS
    | perm.ATTACH_FILES
)


@dataclass(frozen=True)
class User:
    """A (human) user created by the driver."""

    id: str
    name: str
    payload: Json

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"


def _id(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj["id"])
    if isinstance(obj, App):
        return obj.bot_id
    return str(getattr(obj, "id", obj))


class InteractionHandle:
    """An interaction the driver created; await what the bot answers."""

    def __init__(self, driver: Driver, record: InteractionRecord) -> None:
        self._driver = driver
        self.record = record

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def payload(self) -> Json:
        """The INTERACTION_CREATE payload as dispatched."""
        return self.record.payload

    async def response(self, timeout: float = 5.0) -> Json:
        """The first callback body: ``{"type": 4, "data": {...}}`` (type 9 for a modal, 8 for choices...)."""
        await asyncio.wait_for(self.record.answered.wait(), timeout)
        assert self.record.response is not None
        return self.record.response

    async def followups(self, count: int = 1, timeout: float = 5.0) -> list[Json]:
        """Wait until *count* follow-ups exist (the one that filled a deferred reply counts); return them all."""
        log = self.record.followups
        if len(log) < count:
            seen = len(log)

            def enough(_: Json) -> bool:
                nonlocal seen
                seen += 1
                return seen >= count

            await log.wait_for(enough, timeout, include_past=False)
        return list(log)

    @property
    def message(self) -> Json | None:
        """The message the answer created (or filled in), current state; ``None`` before an answer."""
        if self.record.original_id is None:
            return None
        mid = self.record.original_id
        if mid in self.record.ephemeral_messages:
            return self.record.ephemeral_messages[mid]
        return self._driver.state.messages.get(self.record.channel_id, {}).get(mid)

    @property
    def ephemeral_messages(self) -> list[Json]:
        """Messages only the invoking user sees (ephemeral answer and follow-ups)."""
        return list(self.record.ephemeral_messages.values())

    @property
    def modal(self) -> Json | None:
        """The modal's ``data`` if the bot answered with one."""
        response = self.record.response
        return response["data"] if response and response.get("type") == MODAL else None


class Driver:
    """Test-facing control of a loopback server's parts (``LoopbackDiscord.driver`` builds one).

    The driver is handed the parts themselves, not the server, so that ``server`` may import
    ``driver`` without an import circle.
    """

    def __init__(
        self, state: State, gateway: Gateway, messages: Messages, rest: Rest, interactions: Interactions
    ) -> None:
        self.state = state
        self.gateway = gateway
        self._messages = messages
        self._rest = rest
        self._interactions = interactions

    # -- world building --------------------------------------------------------------------------------

    def create_application(
        self, name: str, *, message_content: bool = True, members: bool = True, presences: bool = True
    ) -> App:
        """A new application with a bot user; log a bot in with ``app.token``.

        The flags are the privileged intents enabled for it "in the developer portal": IDENTIFY asking
        for one that is off is closed with 4014 (discord.py raises PrivilegedIntentsRequired), and
        without ``message_content`` REST reads of others' messages come back blanked too.
        """
        app = self.state.create_app(name)
        app.privileged_intents = (
            (GUILD_MEMBERS if members else 0)
            | (GUILD_PRESENCES if presences else 0)
            | (MESSAGE_CONTENT if message_content else 0)
        )
        return app

    def create_user(self, name: str, *, locale: str | None = None) -> User:
        """A user; *locale*: the language of their Discord client, which their interactions carry (en-US)."""
        payload = self.state.create_user(name)
        user = User(payload["id"], name, payload)
        if locale is not None:
            self.set_locale(user, locale)
        return user

    def set_locale(self, user: User, locale: str) -> None:
        """*user* switches their Discord client to *locale* (one of Discord's): later interactions carry it."""
        self.state.client_locale(user.id, locale)  # refuses a locale Discord does not have
        self.state.client_locales[user.id] = locale

    def create_guild(
        self,
        name: str,
        *,
        preferred_locale: str = "en-US",
        owner: User | None = None,
        premium_tier: int = 0,
        shard: tuple[int, int] | None = None,
    ) -> Guild:
        """A guild; *premium_tier* (its boost tier, 0-3) sets how large a file may be uploaded there.

        *shard* ``(shard_id, shard_count)`` picks an id that Discord would route to that shard.
        """
        owner = owner or self.create_user(f"{name} owner")
        guild = self.state.create_guild(name, owner.payload, preferred_locale=preferred_locale, shard=shard)
        guild.premium_tier = premium_tier
        return guild

    def update_guild(self, guild: Guild, **changes: Any) -> Json:
        """Change a guild's settings (``name``, ``preferred_locale``) as its owner would.

        Discord sends GUILD_UPDATE with the guild object (the shape ``GET /guilds/{id}`` answers,
        roles and emojis included, without GUILD_CREATE's channels and members).
        """
        for key, value in changes.items():
            if key not in ("name", "preferred_locale"):
                raise TypeError(f"the loopback server does not model changing a guild's {key!r}")
            setattr(guild, key, value)
        payload = guild.payload()
        self.gateway.dispatch("GUILD_UPDATE", payload, guild_id=guild.id)
        return payload

    def add_bot(self, guild: Guild, app: App, permissions: int = DEFAULT_BOT_PERMISSIONS) -> Json:
        """Add *app*'s bot to *guild* with a managed role carrying *permissions*; return its member."""
        role = self.state.create_role(guild, app.name, permissions, managed_by=app.bot_id)
        self.gateway.dispatch("GUILD_ROLE_CREATE", {"guild_id": guild.id, "role": role}, guild_id=guild.id)
        member = self.state.add_member(guild, app.bot_user, roles=[role["id"]])
        others = [a for a in self.state.apps.values() if a is not app]
        for other in others:
            self.gateway.dispatch("GUILD_MEMBER_ADD", {**member, "guild_id": guild.id}, guild_id=guild.id, app=other)
        self.gateway.send_guild_create(app, guild)
        return member

    def add_role(self, guild: Guild, user: User | App, role: Any) -> Json:
        """Give *role* to a member (GUILD_MEMBER_UPDATE)."""
        member = self.state.member(guild, _id(user))
        if _id(role) not in member["roles"]:
            member["roles"].append(_id(role))
        self.gateway.dispatch("GUILD_MEMBER_UPDATE", {**member, "guild_id": guild.id}, guild_id=guild.id)
        return member

    def remove_role(self, guild: Guild, user: User | App, role: Any) -> Json:
        """Take *role* away from a member (GUILD_MEMBER_UPDATE)."""
        member = self.state.member(guild, _id(user))
        member["roles"] = [r for r in member["roles"] if r != _id(role)]
        self.gateway.dispatch("GUILD_MEMBER_UPDATE", {**member, "guild_id": guild.id}, guild_id=guild.id)
        return member

    def create_role(self, guild: Guild, name: str, permissions: int = 0) -> Json:
        role = self.state.create_role(guild, name, permissions)
        self.gateway.dispatch("GUILD_ROLE_CREATE", {"guild_id": guild.id, "role": role}, guild_id=guild.id)
        return role

    def create_member(
        self,
        guild: Guild,
        name: str,
        *,
        roles: Iterable[Any] = (),
        permissions: int | None = None,
        locale: str | None = None,
    ) -> User:
        """A new user who joins *guild* with *roles*; *permissions* adds a personal role granting them;
        *locale*: their client's language (see :meth:`create_user`)."""
        user = self.create_user(name, locale=locale)
        role_ids = [_id(r) for r in roles]
        if permissions is not None:
            role_ids.append(self.create_role(guild, f"{name} role", permissions)["id"])
        member = self.state.add_member(guild, user.payload, roles=role_ids)
        self.gateway.dispatch("GUILD_MEMBER_ADD", {**member, "guild_id": guild.id}, guild_id=guild.id)
        return user

    def add_member(self, guild: Guild, user: User, *, roles: Iterable[Any] = ()) -> Json:
        member = self.state.add_member(guild, user.payload, roles=[_id(r) for r in roles])
        self.gateway.dispatch("GUILD_MEMBER_ADD", {**member, "guild_id": guild.id}, guild_id=guild.id)
        return member

    def remove_member(self, guild: Guild, user: User) -> None:
        """*user* leaves *guild* (GUILD_MEMBER_REMOVE)."""
        member = guild.members.pop(user.id)
        data = {"guild_id": guild.id, "user": member["user"]}
        self.gateway.dispatch("GUILD_MEMBER_REMOVE", data, guild_id=guild.id)

    def update_channel(self, channel: Any, **changes: Any) -> Json:
        """Change fields of a channel (``name``, ``topic``...) as a moderator would (CHANNEL_UPDATE)."""
        ch = self.get_channel(channel)
        if ch["type"] in THREAD_TYPES:
            return self._messages.update_thread(ch, changes)
        ch.update(changes)
        self.gateway.dispatch("CHANNEL_UPDATE", ch, guild_id=ch.get("guild_id"))
        return ch

    def delete_channel(self, channel: Any) -> None:
        """Delete a channel or thread (CHANNEL_DELETE / THREAD_DELETE)."""
        self._messages.delete_channel(self.get_channel(channel))

    def _create_channel(
        self, guild: Guild, name: str, kind: int, overwrites: Iterable[Json] | None, **kwargs: Any
    ) -> Json:
        channel = self.state.create_channel(guild, name, type=kind, overwrites=list(overwrites or []), **kwargs)
        self.gateway.dispatch("CHANNEL_CREATE", channel, guild_id=guild.id)
        return channel

    def create_text_channel(
        self,
        guild: Guild,
        name: str,
        *,
        overwrites: Iterable[Json] | None = None,
        topic: str | None = None,
        category: Any = None,
    ) -> Json:
        """*overwrites*: ``[{"id": role_or_user_id, "type": 0 role / 1 member, "allow": int, "deny": int}]``."""
        return self._create_channel(
            guild, name, TEXT, overwrites, topic=topic, parent_id=_id(category) if category else None
        )

    def create_forum_channel(self, guild: Guild, name: str, *, overwrites: Iterable[Json] | None = None) -> Json:
        return self._create_channel(guild, name, FORUM, overwrites)

    def create_category(self, guild: Guild, name: str) -> Json:
        return self._create_channel(guild, name, 4, None)

    def set_overwrite(self, channel: Any, target: Any, *, allow: int = 0, deny: int = 0) -> Json:
        """Set one permission overwrite (target: a role dict → role, anything else → member)."""
        ch = self.get_channel(channel)
        kind = 0 if isinstance(target, dict) and "permissions" in target else 1
        if isinstance(target, Guild):  # @everyone
            kind = 0
        target_id = _id(target)
        rest = [o for o in ch["permission_overwrites"] if o["id"] != target_id]
        ch["permission_overwrites"] = [*rest, {"id": target_id, "type": kind, "allow": str(allow), "deny": str(deny)}]
        self.gateway.dispatch("CHANNEL_UPDATE", ch, guild_id=ch.get("guild_id"))
        return ch

    # -- reading state ---------------------------------------------------------------------------------

    def get_channel(self, channel: Any) -> Json:
        return self.state.channel(_id(channel))

    def messages(self, channel: Any) -> list[Json]:
        """Messages of a channel or thread, oldest first."""
        return self.state.history(_id(channel))

    def get_message(self, channel: Any, message: Any) -> Json:
        return self.state.message(_id(channel), _id(message))

    def threads(self, guild: Guild) -> list[Json]:
        return self.state.threads(guild)

    def member_permissions(self, channel: Any, user: Any) -> int:
        return self.state.channel_permissions(self.get_channel(channel), _id(user))

    # -- acting as users ---------------------------------------------------------------------------------

    def post(
        self,
        channel: Any,
        author: User | App,
        content: str = "",
        *,
        reply_to: Any = None,
        attachments: Iterable[Attachment] | None = None,
        embeds: list[Json] | None = None,
    ) -> Json:
        """*author* posts in *channel*; mentions come from ``<@id>`` in *content*. Works with no bot connected."""
        ch = self.get_channel(channel)
        author_payload = author.bot_user if isinstance(author, App) else author.payload
        if not self.state.can_view(ch, author_payload["id"]):
            raise PermissionError(f"{author_payload['username']} cannot see channel {ch.get('name', ch['id'])}")
        body: Json = {"content": content, "embeds": embeds or []}
        if reply_to is not None:
            body["message_reference"] = {"message_id": _id(reply_to), "channel_id": ch["id"]}
        files = [self.state.store_file(a.filename, a.data, a.content_type) for a in attachments or []]
        return self._messages.create(ch, author_payload, body, attachments=files)

    def dm(self, app: App, author: User, content: str) -> Json:
        """*author* sends *content* to *app*'s bot in their DM channel (dispatched with DIRECT_MESSAGES)."""
        channel = self.state.dm_channel(app.bot_user, author.payload)
        return self._messages.create(channel, author.payload, {"content": content})

    def dm_channel(self, app: App, user: User) -> Json:
        return self.state.dm_channel(app.bot_user, user.payload)

    def react(self, channel: Any, message: Any, user: User | App, emoji: str, *, add: bool = True) -> None:
        """*user* adds (or removes) a unicode *emoji* reaction (``name:id`` for custom emoji)."""
        ch = self.get_channel(channel)
        user_id = user.bot_id if isinstance(user, App) else user.id
        self._rest.react(ch, self.get_message(ch, message), user_id, emoji, add=add)

    def edit(self, channel: Any, message: Any, content: str) -> Json:
        return self._messages.edit(self.get_message(channel, message), {"content": content})

    def delete(self, channel: Any, message: Any) -> None:
        self._messages.delete(self.get_channel(channel), _id(message))

    def bulk_delete(self, channel: Any, messages: Iterable[Any]) -> None:
        self._messages.bulk_delete(self.get_channel(channel), [_id(m) for m in messages])

    def create_thread(
        self, channel: Any, author: User, name: str, *, message: Any = None, private: bool = False
    ) -> Json:
        """*author* starts a thread, from *message* if given."""
        ch = self.get_channel(channel)
        from_message = self.get_message(ch, message) if message is not None else None
        kind = PRIVATE_THREAD if private else PUBLIC_THREAD
        return self._messages.create_thread(ch, name, author.id, from_message=from_message, type=kind)

    def create_forum_post(self, forum: Any, author: User, name: str, content: str) -> Json:
        """*author* opens a forum post; its starter message has the thread's id."""
        return self._messages.create_thread(
            self.get_channel(forum), name, author.id, starter=(author.payload, {"content": content}, {})
        )

    def archive_thread(self, thread: Any, *, locked: bool = False) -> Json:
        return self._messages.update_thread(self.get_channel(thread), {"archived": True, "locked": locked})

    # -- interactions --------------------------------------------------------------------------------------

    def invoke(
        self,
        guild: Guild,
        channel: Any,
        member: User,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        app: App | None = None,
        checked: bool = True,
        locale: str | None = None,
    ) -> InteractionHandle:
        """*member* runs ``/command [group] [sub]`` with *options*, as registered by the bot; dispatches it.

        *checked=False*: a modified client sends option values outside the declared choices and ranges
        (Discord's client refuses them, Discord's API relays them). *locale*: the member's client language
        for this interaction (default: the one set for them, else en-US); the command, subcommand and
        option names may be given as that language shows them.
        """
        return self._command_interaction(guild, channel, member, command, options or {}, app=app, checked=checked,
                                         locale=locale)

    def invoke_in_dm(
        self, app: App, user: User, command: str, options: dict[str, Any] | None = None, *, stale_client: bool = False,
        locale: str | None = None,
    ) -> InteractionHandle:
        """*user* runs ``/command`` in their DM with *app*'s bot (string, number and boolean options only).

        Discord offers a command in DMs only when its ``contexts`` include 1 (BOT_DM), or, with no
        ``contexts``, when ``dm_permission`` is not false; otherwise this raises PermissionError, as the
        command is not there to pick. *stale_client*: send it anyway, as a client with an outdated command
        list can.
        """
        name, *path = command.split()
        shown = self.state.client_locale(user.id, locale)
        globals_ = [c for c in app.commands.values() if c.get("type", 1) == 1 and c.get("guild_id") is None]
        candidates = [c for c in globals_ if c["name"] == name] or [
            c for c in globals_ if (c.get("name_localizations") or {}).get(shown) == name
        ]
        if not candidates:
            raise LookupError(f"{app.name} has no global slash command named {name!r}")
        cmd = candidates[0]
        contexts = cmd.get("contexts")
        offered = 1 in contexts if contexts is not None else cmd.get("dm_permission", True) is not False
        if not offered and not stale_client:
            raise PermissionError(f"/{name} is not offered in direct messages")
        channel = self.state.dm_channel(app.bot_user, user.payload)
        nowhere = Guild(id="0", name="", owner_id="0")  # no roles, no members: only plain options resolve
        data = self._interactions.command_data(nowhere, channel, user.id, cmd, path, options or {}, locale=shown)
        return InteractionHandle(self, self._interactions.create_dm(app, channel, user.id, data, locale=shown))

    async def autocomplete(
        self,
        guild: Guild,
        channel: Any,
        member: User,
        command: str,
        options: dict[str, Any],
        focused: str,
        *,
        app: App | None = None,
        timeout: float = 5.0,
        locale: str | None = None,
    ) -> list[Json]:
        """The choices the bot offers while *member* types *options[focused]*."""
        handle = self._command_interaction(guild, channel, member, command, options, app=app, focused=focused,
                                           locale=locale)
        response = await handle.response(timeout)
        return (response.get("data") or {}).get("choices") or []

    def _command_interaction(
        self,
        guild: Guild,
        channel: Any,
        member: User,
        command: str,
        options: dict[str, Any],
        *,
        app: App | None,
        focused: str | None = None,
        checked: bool = True,
        locale: str | None = None,
    ) -> InteractionHandle:
        name, *path = command.split()
        svc = self._interactions
        shown = self.state.client_locale(member.id, locale)
        owner, cmd = svc.find_command(guild, name, app, locale=shown)
        ch = self.get_channel(channel)
        required = cmd.get("default_member_permissions")
        if required is not None:
            granted = self.state.channel_permissions(ch, member.id)
            if int(required) & granted != int(required):
                raise PermissionError(f"{member.name} cannot see /{name} (default_member_permissions={required})")
        data = svc.command_data(guild, ch, member.id, cmd, path, options, focused=focused, checked=checked,
                                locale=shown)
        kind = AUTOCOMPLETE if focused is not None else APPLICATION_COMMAND
        return InteractionHandle(self, svc.create(owner, kind, guild, ch, member.id, data, locale=shown))

    def submit_modal(
        self, modal_from: InteractionHandle, values: dict[str, Any], *, member: User | None = None
    ) -> InteractionHandle:
        """Fill in and submit the modal a bot answered *modal_from* with; ``values``: custom_id → value."""
        modal = modal_from.modal
        if modal is None:
            raise ValueError("that interaction was not answered with a modal")
        record = modal_from.record
        components = [_submitted(c, values) for c in modal.get("components") or []]
        unknown = set(values) - _custom_ids(modal.get("components") or [])
        if unknown:
            raise LookupError(f"the modal has no inputs {sorted(unknown)}")
        data = {"custom_id": modal["custom_id"], "components": components}
        guild = self.state.guild(record.payload["guild_id"])
        user_id = member.id if member else record.payload["member"]["user"]["id"]
        message = None
        if record.type == MESSAGE_COMPONENT and record.original_id:
            message = self._interactions._find_message(record, record.original_id)
        new = self._interactions.create(
            record.app,
            MODAL_SUBMIT,
            guild,
            self.get_channel(record.channel_id),
            user_id,
            data,
            message=message,
            triggered_by=record,
            locale=None if member else record.payload.get("locale"),
        )
        return InteractionHandle(self, new)

    def click(
        self, message: Any, custom_id: str, member: User, *, values: list[str] | None = None,
        locale: str | None = None,
    ) -> InteractionHandle:
        """*member* clicks a button (or picks *values* in a select menu) on a bot's *message*
        (*locale*: their client's language for this click, as for :meth:`invoke`)."""
        svc = self._interactions
        msg = self._find_message(message)
        component = next((c for c in _walk(msg.get("components") or []) if c.get("custom_id") == custom_id), None)
        if component is None:
            raise LookupError(f"message {msg['id']} has no component {custom_id!r}")
        if component.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled")
        app = self.state.apps.get(msg.get("application_id") or "") or self.state.app_by_bot(msg["author"]["id"])
        if app is None:
            raise LookupError("that message was not sent by a bot of this server")
        channel = self.get_channel(msg["channel_id"])
        guild = self.state.guild(channel["guild_id"])
        data: Json = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] in SELECT_TYPES:
            data["values"] = [str(v) for v in values or []]
            resolved: dict[str, dict[str, Any]] = {}
            for value in data["values"]:
                if component["type"] in (5, 7) and value in self.state.users:
                    svc.resolve_user(guild, channel, value, resolved)
                if component["type"] in (6, 7) and value in guild.roles:
                    resolved.setdefault("roles", {})[value] = guild.roles[value]
                if component["type"] == 8 and value in self.state.channels:
                    resolved.setdefault("channels", {})[value] = svc.partial_channel(
                        self.state.channels[value], member.id
                    )
            if resolved:
                data["resolved"] = resolved
        return InteractionHandle(
            self, svc.create(app, MESSAGE_COMPONENT, guild, channel, member.id, data, message=msg, locale=locale)
        )

    def _find_message(self, message: Any) -> Json:
        mid = _id(message)
        for record in self._interactions:
            if mid in record.ephemeral_messages:
                return record.ephemeral_messages[mid]
        if isinstance(message, dict) and "channel_id" in message:
            return self.state.message(message["channel_id"], mid)
        for channel_id, msgs in self.state.messages.items():
            if mid in msgs:
                return self.state.message(channel_id, mid)
        raise LookupError(f"unknown message {mid}")

    # -- failure injection --------------------------------------------------------------------------------

    def rate_limit(self, method: str, route: str, count: int = 1, retry_after: float = 0.3) -> Fault:
        """The next *count* calls answer 429 with ``retry_after``.

        *route*: a route template (``/channels/{channel_id}/messages``), or a glob on the concrete path
        (``/channels/123/messages``, ``/channels/*/messages``); *method* may be ``"*"``.
        """
        return self._fault(Fault(method.upper(), route, count, 429, retry_after=retry_after))

    def fail(
        self, method: str, route: str, count: int = 1, *, status: int = 500, code: int = 0, message: str = ""
    ) -> Fault:
        """The next *count* matching calls answer *status* (discord.py retries 5xx with back-off)."""
        return self._fault(Fault(method.upper(), route, count, status, code=code, message=message))

    def forbid(self, method: str, route: str, count: int = 1) -> Fault:
        """The next *count* matching calls answer 403 Missing Permissions (50013)."""
        return self._fault(Fault(method.upper(), route, count, 403, code=50013, message="Missing Permissions"))

    def _fault(self, fault: Fault) -> Fault:
        self._rest.faults.append(fault)
        return fault

    # -- observing ---------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        return self._rest.requests.records

    @property
    def dispatches(self) -> list[DispatchRecord]:
        return self.gateway.dispatches.records

    @property
    def unknown_routes(self) -> list[tuple[str, str]]:
        return self._rest.unknown_routes

    async def wait_for(
        self,
        predicate: Callable[[Any], bool],
        timeout: float = 5.0,
        *,
        source: str = "requests",
        include_past: bool = True,
    ) -> Any:
        """First record of ``source`` ("requests" or "dispatches") matching *predicate*."""
        log = self._rest.requests if source == "requests" else self.gateway.dispatches
        return await log.wait_for(predicate, timeout, include_past=include_past)  # type: ignore[arg-type]

    async def wait_for_request(
        self,
        method: str | None = None,
        path: str | None = None,
        predicate: Callable[[RequestRecord], bool] | None = None,
        *,
        timeout: float = 5.0,
        include_past: bool = True,
    ) -> RequestRecord:
        """A bot's call by method, path (regex, full match, without ``/api/v10``) and/or predicate."""

        def matches(r: RequestRecord) -> bool:
            return (
                (method is None or r.method == method.upper())
                and (path is None or re.fullmatch(path, r.path) is not None)
                and (predicate is None or predicate(r))
            )

        return await self._rest.requests.wait_for(matches, timeout, include_past=include_past)

    async def wait_for_message(
        self,
        channel: Any = None,
        predicate: Callable[[Json], bool] | None = None,
        *,
        author: User | App | None = None,
        timeout: float = 5.0,
        include_past: bool = True,
    ) -> Json:
        """A (non-ephemeral) message created in *channel* (any if None) by *author*, matching *predicate*."""
        channel_id = _id(channel) if channel is not None else None
        author_id = None if author is None else (author.bot_id if isinstance(author, App) else author.id)

        def matches(m: Json) -> bool:
            return (
                (channel_id is None or m["channel_id"] == channel_id)
                and (author_id is None or m["author"]["id"] == author_id)
                and (predicate is None or predicate(m))
            )

        return await self._messages.created.wait_for(matches, timeout, include_past=include_past)

    async def wait_for_dispatch(
        self,
        event: str,
        predicate: Callable[[Any], bool] | None = None,
        *,
        app: App | None = None,
        timeout: float = 5.0,
        include_past: bool = True,
    ) -> DispatchRecord:
        def matches(r: DispatchRecord) -> bool:
            return (
                r.event == event
                and (app is None or r.app_id == app.application_id)
                and (predicate is None or predicate(r.data))
            )

        return await self.gateway.dispatches.wait_for(matches, timeout, include_past=include_past)

    # -- connections -------------------------------------------------------------------------------------

    def connected(self, app: App) -> bool:
        """Whether *app*'s bot has a live gateway connection."""
        return self.gateway.connected(app)

    def reconnect(self, app: App | None = None) -> int:
        """Ask *app*'s (or every) bot to reconnect (op 7 RECONNECT); it RESUMEs."""
        return self.gateway.reconnect(app)

    async def disconnect(self, app: App | None = None, *, resumable: bool = True, shard: int | None = None) -> int:
        """Drop *app*'s (or every) gateway connection, or only *shard*'s; see :meth:`Gateway.disconnect`."""
        return await self.gateway.disconnect(app, resumable=resumable, shard=shard)


def _walk(components: list[Json]) -> Iterable[Json]:
    for component in components:
        yield component
        yield from _walk(component.get("components") or [])
        for key in ("component", "accessory"):
            if isinstance(component.get(key), dict):
                yield from _walk([component[key]])


def _custom_ids(components: list[Json]) -> set[str]:
    return {c["custom_id"] for c in _walk(components) if c.get("custom_id")}


def _submitted(component: Json, values: dict[str, Any]) -> Json:
    """What Discord sends back for one modal component, filled from *values*."""
    kind = component.get("type")
    if kind == 1:
        return {
            "type": 1,
            "id": component.get("id"),
            "components": [_submitted(c, values) for c in component["components"]],
        }
    if kind == 18:
        return {"type": 18, "id": component.get("id"), "component": _submitted(component["component"], values)}
    custom_id = component.get("custom_id")
    out: Json = {"type": kind, "id": component.get("id")}
    if custom_id is None:
        return out
    out["custom_id"] = custom_id
    if kind == 4:
        value = values.get(custom_id, component.get("value") or "")
        if component.get("required", True) and not value:
            raise ValueError(f"the modal input {custom_id!r} is required")
        out["value"] = str(value)
    else:
        value = values.get(custom_id, [])
        out["values"] = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
    return out
