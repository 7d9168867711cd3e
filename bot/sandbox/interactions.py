"""Interactions: building INTERACTION_CREATE payloads, and Discord's rules for answering them.

An interaction may be answered once (40060 after that), within ``ack_deadline`` seconds of its
creation (10062 after that); follow-ups need an answer first (10015) and work while the token
lives (``token_lifetime``, 15 minutes on Discord). The first follow-up after a deferred answer fills
in the deferred "thinking" message instead of posting a new one.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import limits
from .limits import UNKNOWN_INTERACTION, UNKNOWN_MESSAGE, UNKNOWN_WEBHOOK, ApiError, FormErrors, not_found
from .log import RecordLog
from .messages import Messages
from .state import (
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    MSG_CHAT_INPUT,
    MSG_DEFAULT,
    THREAD_TYPES,
    App,
    Guild,
    Json,
    State,
)

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
PONG, CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 1, 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9

SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(
    1, 12
)
SELECT_TYPES = {3, 5, 6, 7, 8}
#: ``app_permissions`` of an interaction in a DM with the bot: what a bot may do in a DM (no guild roles apply)
DM_APP_PERMISSIONS = 1 << 10 | 1 << 11 | 1 << 14 | 1 << 15 | 1 << 16 | 1 << 18 | 1 << 31


@dataclass
class Attachment:
    """A file given as the value of an ATTACHMENT option by a test."""

    filename: str
    data: bytes
    content_type: str | None = None


@dataclass
class InteractionRecord:
    """Server-side state of one interaction."""

    id: str
    token: str
    app: App
    type: int
    payload: Json
    channel_id: str
    created: float = field(default_factory=time.monotonic)
    #: the body of the first callback (``{"type": ..., "data": ...}``), once answered
    response: Json | None = None
    deferred: bool = False
    ephemeral: bool = False
    filled_deferred: bool = False
    #: id of the message the answer created (or, for component interactions, the component's message)
    original_id: str | None = None
    #: ephemeral messages of this interaction (its original and follow-ups), by id
    ephemeral_messages: dict[str, Json] = field(default_factory=dict)
    followups: RecordLog[Json] = field(default_factory=RecordLog)
    answered: asyncio.Event = field(default_factory=asyncio.Event)
    #: for a modal submit: the interaction that was answered with the modal
    triggered_by: InteractionRecord | None = None

    def user_payload(self) -> Json:
        """Who interacted: ``member.user`` in a server, ``user`` in a DM (where there is no member)."""
        return self.payload["member"]["user"] if "member" in self.payload else self.payload["user"]

    def metadata(self) -> Json:
        """The ``interaction_metadata`` of messages answering this interaction, as Discord gives it."""
        meta: Json = {
            "id": self.id,
            "type": self.type,
            "user": self.user_payload(),
            "authorizing_integration_owners": self.payload["authorizing_integration_owners"],
        }
        if self.type == APPLICATION_COMMAND:
            meta["name"] = self.payload["data"]["name"]
        elif self.type == MESSAGE_COMPONENT:
            meta["interacted_message_id"] = self.payload["message"]["id"]
        elif self.type == MODAL_SUBMIT and self.triggered_by is not None:
            meta["triggering_interaction_metadata"] = self.triggered_by.metadata()
        return meta


def named(definitions: list[Json], name: str, locale: str | None = None) -> Json | None:
    """The command, subcommand or option of *definitions* a member of *locale* knows by *name*.

    Discord's client shows each member the names of their client's language (``name_localizations``),
    and sends the default names; its own name is tried first, then the one shown in *locale*.
    """
    found = next((d for d in definitions if d["name"] == name), None)
    if found is None and locale:
        found = next((d for d in definitions if (d.get("name_localizations") or {}).get(locale) == name), None)
    return found


def _id(obj: Any) -> str:
    """An id from a handle with ``.id``, a payload dict or a plain id."""
    if isinstance(obj, dict):
        return str(obj["id"])
    return str(getattr(obj, "id", obj))


class Interactions:
    def __init__(
        self, state: State, messages: Messages, *, ack_deadline: float = 3.0, token_lifetime: float = 15 * 60
    ) -> None:
        self.state = state
        self.messages = messages
        self.gateway = messages.gateway
        self.ack_deadline = ack_deadline
        self.token_lifetime = token_lifetime
        self.records: dict[str, InteractionRecord] = {}

    def by_token(self, token: str) -> InteractionRecord | None:
        return next((r for r in self.records.values() if secrets.compare_digest(r.token, token)), None)

    def __iter__(self) -> Iterator[InteractionRecord]:
        return iter(self.records.values())

    # -- creating interactions ----------------------------------------------------------------------

    def create(
        self,
        app: App,
        type: int,
        guild: Guild,
        channel: Json,
        user_id: str,
        data: Json,
        *,
        message: Json | None = None,
        triggered_by: InteractionRecord | None = None,
        locale: str | None = None,
    ) -> InteractionRecord:
        """Build the INTERACTION_CREATE payload as Discord does and dispatch it to *app*'s sessions.

        *triggered_by*: for a modal submit, the interaction answered with the modal. *locale*: the
        language of the member's client for this one interaction (by default, the one set for the user).
        """
        st = self.state
        member = dict(st.member(guild, user_id))
        member["permissions"] = str(st.channel_permissions(channel, user_id))
        interaction_id, token = st.ids.next(), "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        payload: Json = {
            "id": interaction_id,
            "application_id": app.application_id,
            "type": type,
            "data": data,
            "guild_id": guild.id,
            "guild": {"id": guild.id, "locale": guild.preferred_locale, "features": []},
            "channel_id": channel["id"],
            "channel": {**channel, "permissions": member["permissions"]},
            "member": member,
            "token": token,
            "version": 1,
            "app_permissions": str(st.channel_permissions(channel, app.bot_id)),
            "locale": st.client_locale(user_id, locale),
            "guild_locale": guild.preferred_locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": guild.id},
            "context": 0,
            "attachment_size_limit": guild.upload_limit,
        }
        if message is not None:
            payload["message"] = st.gateway_message(message)
        record = InteractionRecord(interaction_id, token, app, type, payload, channel["id"], triggered_by=triggered_by)
        if message is not None:
            record.original_id = message["id"]
        self.records[interaction_id] = record
        self.gateway.dispatch("INTERACTION_CREATE", payload, app=app)
        return record

    def create_dm(
        self, app: App, channel: Json, user_id: str, data: Json, *, locale: str | None = None
    ) -> InteractionRecord:
        """An APPLICATION_COMMAND sent in the DM with *app*'s bot: a ``user``, no guild, context 1 (BOT_DM)."""
        st = self.state
        interaction_id, token = st.ids.next(), "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48)
        payload: Json = {
            "id": interaction_id,
            "application_id": app.application_id,
            "type": APPLICATION_COMMAND,
            "data": data,
            "channel_id": channel["id"],
            "channel": channel,
            "user": st.users[user_id],
            "token": token,
            "version": 1,
            "app_permissions": str(DM_APP_PERMISSIONS),
            "locale": st.client_locale(user_id, locale),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": "0"},
            "context": 1,
            "attachment_size_limit": 26214400,
        }
        record = InteractionRecord(interaction_id, token, app, APPLICATION_COMMAND, payload, channel["id"])
        self.records[interaction_id] = record
        self.gateway.dispatch("INTERACTION_CREATE", payload, app=app)
        return record

    def find_command(
        self, guild: Guild, name: str, app: App | None = None, *, locale: str | None = None
    ) -> tuple[App, Json]:
        """The slash command a member picks by *name*: its own, or the one their client shows in *locale*."""
        apps = [app] if app is not None else [a for a in self.state.apps.values() if a.bot_id in guild.members]
        for known in (False, True) if locale else (False,):
            for candidate in apps:
                found = self._command_named(candidate, guild, name, locale if known else None)
                if found is not None:
                    return candidate, found
        raise LookupError(f"no bot registered a slash command named {name!r} for guild {guild.name!r}")

    @staticmethod
    def _command_named(app: App, guild: Guild, name: str, locale: str | None) -> Json | None:
        """*app*'s slash command called *name* (in *locale*, if given) in *guild*: its guild command first."""
        commands = [
            c for c in app.commands.values() if c.get("type", 1) == 1
            and (c["name"] == name if locale is None else (c.get("name_localizations") or {}).get(locale) == name)
        ]
        commands.sort(key=lambda c: c.get("guild_id") != guild.id)
        return next((c for c in commands if c.get("guild_id") in (None, guild.id)), None)

    def command_data(
        self,
        guild: Guild,
        channel: Json,
        user_id: str,
        command: Json,
        path: list[str],
        options: dict[str, Any],
        *,
        focused: str | None = None,
        checked: bool = True,
        locale: str | None = None,
    ) -> Json:
        """``data`` of an APPLICATION_COMMAND (or, with *focused*, AUTOCOMPLETE) interaction.

        *checked*: apply what Discord's own client enforces (choices, ranges, lengths, channel types)
        before sending; False builds what a modified client can send anyway, which Discord relays as is.
        *locale*: the member's client language, whose names (``name_localizations``) *path* and the
        option names may use; the data carries the default names, as Discord's client sends them.
        """
        resolved: dict[str, dict[str, Any]] = {}
        defs = command.get("options") or []
        chain: list[Json] = []
        for part in path:
            subs = [o for o in defs if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
            sub = named(subs, part, locale)
            if sub is None:
                raise LookupError(f"/{command['name']} has no subcommand {part!r}")
            chain.append({"type": sub["type"], "name": sub["name"], "options": []})
            defs = sub.get("options") or []
        leaf: list[Json] = []
        given: set[str] = set()
        for typed, value in options.items():
            spec = named(defs, typed, locale)
            if spec is None:
                raise LookupError(f"/{command['name']} {' '.join(path)} has no option {typed!r}")
            name = spec["name"]
            given.add(name)
            if typed == focused:
                focused = name
            option: Json = {"name": name, "type": spec["type"]}
            if name == focused:
                option.update(value=str(value), focused=True)
            else:
                option["value"] = self._resolve(guild, channel, user_id, spec["type"], value, resolved)
                if checked:
                    self._check_option(spec, option["value"])
            leaf.append(option)
        if focused is None:
            missing = [o["name"] for o in defs if o.get("required") and o["name"] not in given]
            if missing:
                raise ValueError(f"required options missing: {missing}")
        elif focused not in given:
            raise ValueError(f"the focused option {focused!r} needs a value in options")
        # nest the options under the subcommand chain
        for node in reversed(chain):
            node["options"] = leaf
            leaf = [node]
        data: Json = {"id": command["id"], "name": command["name"], "type": 1, "options": leaf}
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data

    def _check_option(self, spec: Json, value: Any) -> None:
        """What Discord's client enforces before sending: choices, min/max value and length, channel types."""
        name = spec["name"]
        if spec.get("choices") and value not in [c["value"] for c in spec["choices"]]:
            raise ValueError(f"{value!r} is not one of the choices of option {name!r}")
        if spec["type"] in (INTEGER, NUMBER):
            if spec.get("min_value") is not None and value < spec["min_value"]:
                raise ValueError(f"option {name!r} must be at least {spec['min_value']}")
            if spec.get("max_value") is not None and value > spec["max_value"]:
                raise ValueError(f"option {name!r} must be at most {spec['max_value']}")
        if spec["type"] == STRING:
            if spec.get("min_length") is not None and len(value) < spec["min_length"]:
                raise ValueError(f"option {name!r} must be at least {spec['min_length']} characters")
            if spec.get("max_length") is not None and len(value) > spec["max_length"]:
                raise ValueError(f"option {name!r} must be at most {spec['max_length']} characters")
        types = spec.get("channel_types")
        if spec["type"] == CHANNEL and types and self.state.channels[value]["type"] not in types:
            raise ValueError(f"option {name!r} takes channels of types {spec['channel_types']}")

    def _resolve(
        self, guild: Guild, channel: Json, user_id: str, kind: int, value: Any, resolved: dict[str, dict[str, Any]]
    ) -> Any:
        st = self.state
        if kind == STRING:
            return str(value)
        if kind == INTEGER:
            return int(value)
        if kind == NUMBER:
            return float(value)
        if kind == BOOLEAN:
            # Discord's client sends JSON true or false, never a word: reading "false" as truthy deleted data.
            if not isinstance(value, bool):
                raise TypeError(f"boolean options take true or false (a Python bool), not {value!r}")
            return value
        if kind == ATTACHMENT:
            if not isinstance(value, Attachment):
                raise TypeError("attachment options take an Attachment(filename, data)")
            attachment = st.store_file(value.filename, value.data, value.content_type)
            attachment["ephemeral"] = True
            resolved.setdefault("attachments", {})[attachment["id"]] = attachment
            return attachment["id"]
        target = _id(value)
        if kind in (ROLE, MENTIONABLE) and target in guild.roles:
            resolved.setdefault("roles", {})[target] = guild.roles[target]
            return target
        if kind in (USER, MENTIONABLE) and target in st.users:
            self.resolve_user(guild, channel, target, resolved)
            return target
        if kind == CHANNEL and target in st.channels:
            resolved.setdefault("channels", {})[target] = self.partial_channel(st.channels[target], user_id)
            return target
        raise LookupError(f"cannot resolve {value!r} as an option of type {kind}")

    def resolve_user(self, guild: Guild, channel: Json, target: str, resolved: dict[str, dict[str, Any]]) -> None:
        resolved.setdefault("users", {})[target] = self.state.users[target]
        if target in guild.members:
            member = {k: v for k, v in guild.members[target].items() if k != "user"}
            member["permissions"] = str(self.state.channel_permissions(channel, target))
            resolved.setdefault("members", {})[target] = member

    def partial_channel(self, channel: Json, user_id: str) -> Json:
        partial = {k: channel[k] for k in ("id", "name", "type", "guild_id") if k in channel}
        partial["permissions"] = str(self.state.channel_permissions(channel, user_id))
        if channel["type"] in THREAD_TYPES:
            partial["parent_id"] = channel["parent_id"]
            partial["thread_metadata"] = channel["thread_metadata"]
        elif channel.get("parent_id"):
            partial["parent_id"] = channel["parent_id"]
        return partial

    # -- answering -------------------------------------------------------------------------------------

    def _record(self, interaction_id: str, token: str) -> InteractionRecord:
        record = self.records.get(str(interaction_id))
        if record is None or not secrets.compare_digest(record.token, token):
            raise not_found(UNKNOWN_INTERACTION, "interaction")
        return record

    def callback(self, interaction_id: str, token: str, body: Json, files: list[Json]) -> Json:
        """Handle POST /interactions/{id}/{token}/callback; returns the ``with_response`` body."""
        record = self._record(interaction_id, token)
        if record.response is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if time.monotonic() - record.created > self.ack_deadline:
            raise not_found(UNKNOWN_INTERACTION, "interaction")
        kind = body.get("type")
        data = body.get("data") or {}
        allowed = {
            PING: {PONG},
            APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
            MESSAGE_COMPONENT: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, MODAL},
            AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
            MODAL_SUBMIT: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE},
        }[record.type]
        if kind not in allowed:
            raise ApiError(
                400,
                50035,
                "Invalid Form Body",
                {
                    "type": {
                        "_errors": [
                            {
                                "code": "INTERACTION_RESPONSE_TYPE_INVALID",
                                "message": "Invalid interaction response type",
                            }
                        ]
                    }
                },
            )
        errors = FormErrors()
        if kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
            limits.validate_message(errors, data)
        elif kind == MODAL:
            limits.validate_modal(errors, data)
        elif kind == AUTOCOMPLETE_RESULT:
            limits.validate_choices(errors, data.get("choices"))
        errors.raise_if_any()
        if kind == CHANNEL_MESSAGE:
            limits.require_not_empty(data, bool(files))

        message: Json | None = None
        if kind == CHANNEL_MESSAGE:
            message = self._post(record, data, self._attachments(record, data, files), flags=0)
            record.original_id = message["id"]
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            record.deferred = True
            message = self._post(record, {"content": "", "flags": data.get("flags")}, [], flags=FLAG_LOADING)
            record.original_id = message["id"]
        elif kind == UPDATE_MESSAGE:
            message = self._find_message(record, record.original_id)
            self.messages.edit(
                message,
                data,
                attachments=self._attachments(record, data, files, message) if "attachments" in data or files else None,
            )
        record.response = body
        record.answered.set()
        response: Json = {"interaction": {"id": record.id, "type": record.type}}
        if message is not None:
            response["interaction"].update(
                response_message_id=message["id"],
                response_message_loading=bool(message["flags"] & FLAG_LOADING),
                response_message_ephemeral=bool(message["flags"] & FLAG_EPHEMERAL),
            )
        # Discord names a created resource only for the answers that make or change a message; a
        # deferral, a modal or autocomplete choices create none (the loading message is named above).
        if message is not None and kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
            response["resource"] = {"type": kind, "message": message}
        return response

    def _attachments(
        self, record: InteractionRecord, body: Json, files: list[Json], existing: Json | None = None
    ) -> list[Json]:
        """The answer's attachments, held to the upload limit the interaction gave the bot."""
        return self.messages.attachments(body, files, existing, size_limit=record.payload["attachment_size_limit"])

    def _post(self, record: InteractionRecord, data: Json, attachments: list[Json], *, flags: int) -> Json:
        channel = self.state.channel(record.channel_id)
        ephemeral = bool(int(data.get("flags") or 0) & FLAG_EPHEMERAL)
        user = record.user_payload()
        extra = {"interaction_metadata": record.metadata()}
        if record.type == APPLICATION_COMMAND:
            extra["interaction"] = {
                "id": record.id,
                "type": record.type,
                "name": record.payload["data"]["name"],
                "user": user,
            }
        message = self.state.build_message(
            channel,
            record.app.bot_user,
            data,
            attachments=attachments,
            flags=flags | (FLAG_EPHEMERAL if ephemeral else 0),
            type=MSG_CHAT_INPUT if record.type == APPLICATION_COMMAND else MSG_DEFAULT,
            webhook_id=record.app.application_id,
            application_id=record.app.application_id,
            extra=extra,
        )
        if ephemeral:
            record.ephemeral = True
            record.ephemeral_messages[message["id"]] = message
            return message
        return self.messages.publish(channel, message)

    def _find_message(self, record: InteractionRecord, message_id: str | None) -> Json:
        if message_id is None:
            raise not_found(UNKNOWN_MESSAGE, "Message")
        if message_id in record.ephemeral_messages:
            return record.ephemeral_messages[message_id]
        for other in self.records.values():  # a component on an ephemeral message of another interaction
            if message_id in other.ephemeral_messages:
                return other.ephemeral_messages[message_id]
        return self.state.message(record.channel_id, message_id)

    # -- the interaction webhook ----------------------------------------------------------------------

    def webhook_record(self, app_id: str, token: str) -> InteractionRecord:
        record = self.by_token(token)
        if record is None or record.app.application_id != str(app_id):
            raise not_found(UNKNOWN_WEBHOOK, "Webhook")
        if time.monotonic() - record.created > self.token_lifetime:
            raise ApiError(401, 50027, "Invalid Webhook Token")
        if record.response is None:
            raise not_found(UNKNOWN_WEBHOOK, "Webhook")
        return record

    def followup(self, app_id: str, token: str, body: Json, files: list[Json]) -> Json:
        record = self.webhook_record(app_id, token)
        limits.check(limits.validate_message, body)
        limits.require_not_empty(body, bool(files))
        if record.deferred and not record.filled_deferred and record.response["type"] == DEFERRED_CHANNEL_MESSAGE:
            message = self._fill_deferred(record, body, files)
        else:
            message = self._post(record, body, self._attachments(record, body, files), flags=0)
        record.followups.append(message)
        return message

    def _fill_deferred(self, record: InteractionRecord, body: Json, files: list[Json]) -> Json:
        message = self._find_message(record, record.original_id)
        record.filled_deferred = True
        message["flags"] &= ~FLAG_LOADING
        edit = {k: body.get(k) for k in ("content", "embeds", "components") if k in body}
        return self._edit(message, edit, self._attachments(record, body, files, message))

    def _edit(self, message: Json, body: Json, attachments: list[Json] | None) -> Json:
        if message["flags"] & FLAG_EPHEMERAL:
            return self.state.edit_message(message, body, attachments=attachments)
        return self.messages.edit(message, body, attachments=attachments)

    def get_message(self, app_id: str, token: str, message_id: str) -> Json:
        record = self.webhook_record(app_id, token)
        return self._find_message(record, record.original_id if message_id == "@original" else message_id)

    def edit_message(self, app_id: str, token: str, message_id: str, body: Json, files: list[Json]) -> Json:
        record = self.webhook_record(app_id, token)
        limits.check(limits.validate_message, body)
        message = self._find_message(record, record.original_id if message_id == "@original" else message_id)
        if message["id"] == record.original_id and message["flags"] & FLAG_LOADING:
            record.filled_deferred = True
            message["flags"] &= ~FLAG_LOADING
        attachments = self._attachments(record, body, files, message) if "attachments" in body or files else None
        return self._edit(message, body, attachments)

    def delete_message(self, app_id: str, token: str, message_id: str) -> None:
        record = self.webhook_record(app_id, token)
        message = self._find_message(record, record.original_id if message_id == "@original" else message_id)
        if message["id"] in record.ephemeral_messages:
            del record.ephemeral_messages[message["id"]]
        else:
            self.messages.delete(self.state.channel(message["channel_id"]), message["id"])
