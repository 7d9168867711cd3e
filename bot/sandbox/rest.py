"""The REST API under ``/api/v10``: routing, auth, request log, injected faults, and the handlers.

Every call is logged (:attr:`Rest.requests`). A route the server does not know answers Discord's
404 and is recorded in :attr:`Rest.unknown_routes`. Faults (429/500/403) can be queued per route.
"""

from __future__ import annotations

import fnmatch
import json
import logging
import re
import secrets
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from aiohttp import web

from . import limits
from . import permissions as perm
from .gateway import MESSAGE_CONTENT, Gateway, withhold_content
from .interactions import Interactions
from .limits import UNKNOWN_WEBHOOK, ApiError, FormErrors, missing_access, missing_permissions, not_found
from .log import RecordLog, RequestRecord
from .messages import Messages
from .ratelimits import RateLimits
from .snowflake import iso_now
from .state import DM, FORUM, PRIVATE_THREAD, PUBLIC_THREAD, THREAD_TYPES, App, Json, State

if TYPE_CHECKING:
    from .openapi import Mismatch, Spec

log = logging.getLogger(__name__)

API_PREFIX = re.compile(r"^/api(?:/v\d+)?")


@dataclass
class Request:
    """What a handler gets: path parameters, query, parsed body, uploaded files, calling app."""

    method: str
    path: str
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    files: list[Json]
    app: App | None

    @property
    def body(self) -> Json:
        return self.json if isinstance(self.json, dict) else {}

    @property
    def bot(self) -> App:
        assert self.app is not None
        return self.app


Handler = Callable[[Request], Awaitable[Any]]


@dataclass
class Route:
    method: str
    template: str
    handler: Handler
    auth: bool
    regex: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        self.regex = re.compile(f"^{pattern}$")


@dataclass
class Fault:
    """Make the next *remaining* calls matching (method, pattern) fail with *status*."""

    method: str
    pattern: str
    remaining: int
    status: int
    retry_after: float = 0.3
    code: int = 0
    message: str = ""

    def matches(self, method: str, route: Route | None, path: str) -> bool:
        if self.remaining <= 0 or self.method not in ("*", method):
            return False
        pattern = self.pattern.split(" ", 1)[-1] if " " in self.pattern else self.pattern
        pattern = API_PREFIX.sub("", pattern) or "/"
        return (route is not None and pattern == route.template) or fnmatch.fnmatchcase(path, pattern)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON answer with ``Content-Type: application/json`` exactly (discord.py ignores it otherwise)."""
    return web.Response(
        body=json.dumps(body).encode(), status=status, headers={"Content-Type": "application/json", **(headers or {})}
    )


class Rest:
    def __init__(self, state: State, gateway: Gateway, messages: Messages, interactions: Interactions) -> None:
        self.state = state
        self.gateway = gateway
        self.messages = messages
        self.interactions = interactions
        self.requests: RecordLog[RequestRecord] = RecordLog()
        self.unknown_routes: list[tuple[str, str]] = []
        #: (method, path, traceback) of requests whose body the handlers could not make sense of
        self.errors: list[tuple[str, str, str]] = []
        self.faults: list[Fault] = []
        #: Discord's rate limits, when they are on (:mod:`.ratelimits`); None answers every request at once
        self.rate_limits: RateLimits | None = None
        #: (method, path, scope) of every 429 sent, by the limits or by an injected fault
        self.rate_limited: list[tuple[str, str, str]] = []
        #: Discord's OpenAPI specification, when checking is on (see :mod:`.openapi`)
        self.spec: Spec | None = None
        #: how accepted requests and the answers given differ from that specification
        self.spec_mismatches: list[Mismatch] = []
        #: message id -> emoji -> user ids that reacted
        self.reactions: dict[str, dict[str, set[str]]] = {}
        #: message id -> when it was pinned
        self.pinned_at: dict[str, str] = {}
        self.routes: list[Route] = []
        self._register()

    # -- plumbing ----------------------------------------------------------------------------------

    def add(self, method: str, template: str, handler: Handler, *, auth: bool = True) -> None:
        self.routes.append(Route(method, template, handler, auth))

    def match(self, method: str, path: str) -> tuple[Route | None, dict[str, str]]:
        for route in self.routes:
            if route.method == method:
                found = route.regex.match(path)
                if found:
                    return route, found.groupdict()
        return None, {}

    async def handle(self, request: web.Request) -> web.StreamResponse:
        method = request.method
        path = API_PREFIX.sub("", request.path) or "/"
        route, params = self.match(method, path)
        record = RequestRecord(method, path, dict(request.query), None, [], route=route.template if route else None)
        body: Any = None
        verdict = None
        if self.rate_limits is not None and route is not None:
            auth = request.headers.get("Authorization", "")
            token = auth[4:] if route.auth and auth.startswith("Bot ") else None
            verdict = self.rate_limits.check(token, method, route.template, params)
        try:
            body, files = await self._read_body(request)
            record.json = body
            record.files = [{k: v for k, v in f.items() if k != "data"} for f in files]
            if verdict is not None and verdict.refused is not None:
                response = json_response(verdict.refused, 429, {"Via": "1.1 google", **verdict.headers})
                record.response = verdict.refused
            else:
                response = await self._answer(request, route, params, record, body, files)
        except ApiError as exc:
            response = json_response(exc.payload(), exc.status)
            record.response = exc.payload()
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # A body Discord would reject field by field; say so in its shape, and keep the trace.
            log.debug("malformed %s %s", method, path, exc_info=True)
            payload = {
                "code": 50035,
                "message": "Invalid Form Body",
                "errors": {"_errors": [{"code": "BASE_TYPE_INVALID", "message": f"{type(exc).__name__}: {exc}"}]},
            }
            response = json_response(payload, 400)
            record.response = payload
            self.errors.append((method, path, traceback.format_exc()))
        if verdict is not None and verdict.refused is None:
            response.headers.update(verdict.headers)  # on every answer of the route, errors included
        if response.status == 429:
            self.rate_limited.append((method, path, response.headers.get("X-RateLimit-Scope", "user")))
        record.status = response.status
        if self.spec is not None and route is not None:
            self._check_spec(request, record, body, response)
        self.requests.append(record)
        return response

    def _check_spec(self, request: web.Request, record: RequestRecord, body: Any, response: web.Response) -> None:
        """Hold the exchange to the specification; the answer is read back from the bytes sent."""
        assert self.spec is not None
        raw = response.body if isinstance(response.body, bytes) else b""
        answer = json.loads(raw) if raw and response.content_type == "application/json" else None
        found = self.spec.check_exchange(
            record.method,
            record.path,
            record.query,
            body,
            response.status,
            answer,
            multipart=request.content_type.startswith("multipart/"),
        )
        for mismatch in found:
            log.warning("not as Discord's specification says: %s", mismatch)
        self.spec_mismatches.extend(found)

    async def _answer(
        self,
        request: web.Request,
        route: Route | None,
        params: dict[str, str],
        record: RequestRecord,
        body: Any,
        files: list[Json],
    ) -> web.Response:
        if route is None:
            self.unknown_routes.append((record.method, record.path))
            return json_response({"message": "404: Not Found", "code": 0}, 404)
        app = None
        if route.auth:
            auth = request.headers.get("Authorization", "")
            app = self.state.app_by_token(auth[4:]) if auth.startswith("Bot ") else None
            if app is None:
                return json_response({"message": "401: Unauthorized", "code": 0}, 401)
            record.app_id = app.application_id
        fault = next((f for f in self.faults if f.matches(record.method, route, record.path)), None)
        if fault is not None:
            fault.remaining -= 1
            return self._fault_response(fault, route)
        req = Request(record.method, record.path, params, dict(request.query), body, files, app)
        result = await route.handler(req)
        if result is None:
            return web.Response(status=204)
        status = 200
        if isinstance(result, tuple):
            status, result = result
        record.response = result
        return json_response(result, status)

    def _fault_response(self, fault: Fault, route: Route) -> web.Response:
        if fault.status == 429:
            retry = fault.retry_after
            headers = {
                "Via": "1.1 google",
                "Retry-After": str(max(1, round(retry))),
                "X-RateLimit-Limit": "5",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": f"{time.time() + retry:.3f}",
                "X-RateLimit-Reset-After": f"{retry:.3f}",
                "X-RateLimit-Bucket": f"{abs(hash(route.method + route.template)):x}",
                "X-RateLimit-Scope": "user",
            }
            return json_response(
                {"message": "You are being rate limited.", "retry_after": retry, "global": False}, 429, headers
            )
        if fault.status == 403:
            return json_response({"message": fault.message or "Missing Permissions", "code": fault.code or 50013}, 403)
        return json_response(
            {"message": fault.message or f"{fault.status}: Internal Server Error", "code": fault.code}, fault.status
        )

    @staticmethod
    async def _read_body(request: web.Request) -> tuple[Any, list[Json]]:
        files: list[Json] = []
        if request.content_type.startswith("multipart/"):
            payload: Any = None
            reader = await request.multipart()
            async for part in reader:
                data = await part.read(decode=False)  # type: ignore[union-attr]
                name = part.name or ""
                if name == "payload_json":
                    payload = json.loads(data.decode())
                elif part.filename is not None:
                    m = re.match(r"files\[(\d+)\]", name)
                    files.append(
                        {
                            "field": name,
                            "index": int(m.group(1)) if m else len(files),
                            "filename": part.filename,
                            "size": len(data),
                            "content_type": part.headers.get("Content-Type"),
                            "data": bytes(data),
                        }
                    )
            return payload, files
        raw = await request.read()
        if not raw:
            return None, files
        try:
            return json.loads(raw), files
        except ValueError:
            raise ApiError(400, 50109, "The request body contains invalid JSON.") from None

    # -- helpers for handlers ------------------------------------------------------------------------------

    def _bot_channel(self, req: Request, channel_id: str, *needs: int) -> Json:
        """The channel, after checking the calling bot can see it and has every permission in *needs*."""
        channel = self.state.channel(channel_id)
        guild = self.state.guilds.get(channel.get("guild_id") or "")
        if guild is not None:
            if req.bot.bot_id not in guild.members:
                raise missing_access()
            granted = self.state.channel_permissions(channel, req.bot.bot_id)
            if not self.state.can_view(channel, req.bot.bot_id):
                raise missing_access()
            for need in needs:
                if not granted & need:
                    raise missing_permissions()
        elif channel["type"] == DM and req.bot.bot_id not in self.state.dm_members.get(channel["id"], set()):
            raise missing_access()
        return channel

    def _send_permission(self, channel: Json) -> int:
        return perm.SEND_MESSAGES_IN_THREADS if channel["type"] in THREAD_TYPES else perm.SEND_MESSAGES

    def _check_locked(self, req: Request, channel: Json) -> None:
        if channel["type"] in THREAD_TYPES:
            meta = channel["thread_metadata"]
            if meta.get("locked") and not self.state.channel_permissions(channel, req.bot.bot_id) & perm.MANAGE_THREADS:
                raise ApiError(400, 50083, "Thread is archived")

    def _guild(self, req: Request, guild_id: str) -> Any:
        guild = self.state.guild(guild_id)
        if req.app is not None and req.app.bot_id not in guild.members:
            raise missing_access()
        return guild

    # -- routes ----------------------------------------------------------------------------------------

    def _register(self) -> None:
        add = self.add
        add("GET", "/gateway", self.get_gateway, auth=False)
        add("GET", "/gateway/bot", self.get_gateway_bot)
        add("GET", "/users/@me", self.get_me)
        add("GET", "/oauth2/applications/@me", self.get_application)
        add("GET", "/applications/@me", self.get_application)
        for scope in ("/applications/{app_id}", "/applications/{app_id}/guilds/{guild_id}"):
            add("GET", scope + "/commands", self.list_commands)
            add("PUT", scope + "/commands", self.put_commands)
            add("POST", scope + "/commands", self.upsert_command)
            add("GET", scope + "/commands/{command_id}", self.get_command)
            add("PATCH", scope + "/commands/{command_id}", self.edit_command)
            add("DELETE", scope + "/commands/{command_id}", self.delete_command)
        add("GET", "/applications/{app_id}/guilds/{guild_id}/commands/permissions", self.command_permissions)
        add("GET", "/channels/{channel_id}", self.get_channel)
        add("PATCH", "/channels/{channel_id}", self.edit_channel)
        add("DELETE", "/channels/{channel_id}", self.delete_channel)
        add("GET", "/channels/{channel_id}/messages/pins", self.pins)
        add("PUT", "/channels/{channel_id}/messages/pins/{message_id}", self.pin)
        add("DELETE", "/channels/{channel_id}/messages/pins/{message_id}", self.unpin)
        add("PUT", "/channels/{channel_id}/permissions/{target_id}", self.put_overwrite)
        add("DELETE", "/channels/{channel_id}/permissions/{target_id}", self.delete_overwrite)
        add("GET", "/channels/{channel_id}/messages", self.list_messages)
        add("POST", "/channels/{channel_id}/messages", self.create_message)
        add("POST", "/channels/{channel_id}/messages/bulk-delete", self.bulk_delete)
        add("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message)
        add("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message)
        add("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message)
        add("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self.add_reaction)
        add("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self.remove_reaction)
        add("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}", self.remove_reaction)
        add("GET", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", self.reaction_users)
        add("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}", self.clear_reactions)
        add("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions", self.clear_reactions)
        add("POST", "/channels/{channel_id}/typing", self.typing)
        add("POST", "/channels/{channel_id}/messages/{message_id}/threads", self.thread_from_message)
        add("POST", "/channels/{channel_id}/threads", self.thread_without_message)
        add("GET", "/channels/{channel_id}/threads/archived/public", self.archived_threads)
        add("GET", "/channels/{channel_id}/threads/archived/private", self.archived_threads)
        add("GET", "/channels/{channel_id}/users/@me/threads/archived/private", self.archived_threads)
        add("GET", "/channels/{channel_id}/thread-members", self.list_thread_members)
        for who in ("@me", "{user_id}"):
            add("PUT", f"/channels/{{channel_id}}/thread-members/{who}", self.join_thread)
            add("DELETE", f"/channels/{{channel_id}}/thread-members/{who}", self.leave_thread)
        add("GET", "/channels/{channel_id}/thread-members/{user_id}", self.get_thread_member)
        add("GET", "/channels/{channel_id}/webhooks", self.channel_webhooks)
        add("POST", "/channels/{channel_id}/webhooks", self.create_webhook)
        add("GET", "/guilds/{guild_id}", self.get_guild)
        add("GET", "/guilds/{guild_id}/channels", self.guild_channels)
        add("POST", "/guilds/{guild_id}/channels", self.create_guild_channel)
        add("GET", "/guilds/{guild_id}/roles", self.guild_roles)
        add("POST", "/guilds/{guild_id}/roles", self.create_role)
        add("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.add_member_role)
        add("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", self.remove_member_role)
        add("GET", "/users/@me/guilds", self.my_guilds)
        add("POST", "/users/@me/channels", self.open_dm)
        add("GET", "/guilds/{guild_id}/members", self.guild_members)
        add("GET", "/guilds/{guild_id}/members/{user_id}", self.guild_member)
        add("GET", "/guilds/{guild_id}/threads/active", self.active_threads)
        add("GET", "/guilds/{guild_id}/webhooks", self.guild_webhooks)
        add("GET", "/users/{user_id}", self.get_user)
        add("GET", "/webhooks/{webhook_id}", self.get_webhook)
        add("DELETE", "/webhooks/{webhook_id}", self.delete_webhook)
        add("GET", "/webhooks/{webhook_id}/{token}", self.get_webhook_with_token, auth=False)
        add("POST", "/webhooks/{webhook_id}/{token}", self.execute_webhook, auth=False)
        add("GET", "/webhooks/{webhook_id}/{token}/messages/{message_id}", self.webhook_get_message, auth=False)
        add("PATCH", "/webhooks/{webhook_id}/{token}/messages/{message_id}", self.webhook_edit_message, auth=False)
        add("DELETE", "/webhooks/{webhook_id}/{token}/messages/{message_id}", self.webhook_delete_message, auth=False)
        add("POST", "/interactions/{interaction_id}/{token}/callback", self.interaction_callback, auth=False)

    # gateway, users, application

    async def get_gateway(self, req: Request) -> Json:
        return {"url": self.gateway.url}

    async def get_gateway_bot(self, req: Request) -> Json:
        """The gateway URL, the recommended shard count and what is left of the day's 1,000 IDENTIFYs."""
        app = req.bot
        shards = app.recommended_shards
        if shards is None:
            in_guilds = sum(1 for guild in self.state.guilds.values() if app.bot_id in guild.members)
            shards = max(1, -(-in_guilds // 1000))
        started = self.gateway.identifies.get(app.application_id, 0)
        return {
            "url": self.gateway.url,
            "shards": shards,
            "session_start_limit": {
                "total": 1000,
                "remaining": max(0, 1000 - started),
                "reset_after": 86_400_000 if started else 0,
                "max_concurrency": 1,
            },
        }

    async def get_me(self, req: Request) -> Json:
        return {**req.bot.bot_user, "verified": True, "mfa_enabled": False, "email": None, "locale": "en-US"}

    async def get_user(self, req: Request) -> Json:
        try:
            return self.state.users[req.params["user_id"]]
        except KeyError:
            raise not_found(limits.UNKNOWN_USER, "User") from None

    async def get_application(self, req: Request) -> Json:
        return req.bot.payload()

    # application commands

    def _command_scope(self, req: Request) -> tuple[App, str | None]:
        if req.params["app_id"] != req.bot.application_id:
            raise missing_access()
        guild_id = req.params.get("guild_id")
        if guild_id is not None:
            self._guild(req, guild_id)
        return req.bot, guild_id

    def _commands_in(self, app: App, guild_id: str | None) -> list[Json]:
        return [c for c in app.commands.values() if c.get("guild_id") == guild_id]

    def _normalise_command(self, app: App, guild_id: str | None, body: Json, existing: Json | None) -> Json:
        command = {
            "id": existing["id"] if existing else self.state.ids.next(),
            "application_id": app.application_id,
            "version": self.state.ids.next(),
            "type": body.get("type") or 1,
            "name": body["name"],
            "name_localizations": body.get("name_localizations"),
            "description": body.get("description", ""),
            "description_localizations": body.get("description_localizations"),
            "options": body.get("options") or [],
            # sent as an integer or a string; Discord always answers the permission bits as a string
            "default_member_permissions": _permission_string(body.get("default_member_permissions")),
            "dm_permission": body.get("dm_permission", True),
            "nsfw": bool(body.get("nsfw", False)),
            "contexts": body.get("contexts"),
            "integration_types": body.get("integration_types") or [0],
        }
        if guild_id is not None:
            command["guild_id"] = guild_id
        return command

    async def list_commands(self, req: Request) -> list[Json]:
        """A bot's commands; their localization dictionaries only with ``?with_localizations=true``, as on Discord."""
        app, guild_id = self._command_scope(req)
        commands = self._commands_in(app, guild_id)
        if req.query.get("with_localizations", "").lower() in ("true", "1"):
            return commands
        hidden = ("name_localizations", "description_localizations")
        return [{key: value for key, value in command.items() if key not in hidden} for command in commands]

    async def put_commands(self, req: Request) -> list[Json]:
        app, guild_id = self._command_scope(req)
        bodies = req.json if isinstance(req.json, list) else []
        errors = FormErrors()
        seen: set[tuple[int, str]] = set()
        for i, body in enumerate(bodies):
            limits.validate_command(errors, [i], body)
            key = (body.get("type") or 1, body.get("name"))
            if key in seen:
                errors.add(
                    [i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique"
                )
            seen.add(key)
        errors.raise_if_any()
        old = {(c["type"], c["name"]): c for c in self._commands_in(app, guild_id)}
        for command in old.values():
            del app.commands[command["id"]]
        result = []
        for body in bodies:
            command = self._normalise_command(app, guild_id, body, old.get((body.get("type") or 1, body["name"])))
            app.commands[command["id"]] = command
            result.append(command)
        return result

    async def upsert_command(self, req: Request) -> tuple[int, Json]:
        app, guild_id = self._command_scope(req)
        limits.check(limits.validate_command, [], req.body)
        existing = next(
            (
                c
                for c in self._commands_in(app, guild_id)
                if (c["type"], c["name"]) == (req.body.get("type") or 1, req.body["name"])
            ),
            None,
        )
        command = self._normalise_command(app, guild_id, req.body, existing)
        app.commands[command["id"]] = command
        return (200 if existing else 201), command

    def _command(self, req: Request) -> Json:
        app, guild_id = self._command_scope(req)
        command = app.commands.get(req.params["command_id"])
        if command is None or command.get("guild_id") != guild_id:
            raise not_found(limits.UNKNOWN_COMMAND, "application command")
        return command

    async def get_command(self, req: Request) -> Json:
        return self._command(req)

    async def edit_command(self, req: Request) -> Json:
        command = self._command(req)
        merged = {**command, **req.body}
        limits.check(limits.validate_command, [], merged)
        command.update(self._normalise_command(req.bot, command.get("guild_id"), merged, command))
        return command

    async def delete_command(self, req: Request) -> None:
        command = self._command(req)
        del req.bot.commands[command["id"]]

    async def command_permissions(self, req: Request) -> list[Json]:
        self._command_scope(req)
        return []

    # channels

    async def get_channel(self, req: Request) -> Json:
        return self._bot_channel(req, req.params["channel_id"])

    async def edit_channel(self, req: Request) -> Json:
        channel = self._bot_channel(req, req.params["channel_id"])
        body = req.body
        if "name" in body:
            limits.check(limits.validate_channel_name, body["name"])
        bot_id = req.bot.bot_id
        granted = self.state.channel_permissions(channel, bot_id)
        if channel["type"] in THREAD_TYPES:
            is_owner = channel["owner_id"] == bot_id
            if (
                body.get("locked") is not None
                and body["locked"] != channel["thread_metadata"]["locked"]
                and not granted & perm.MANAGE_THREADS
            ):
                raise missing_permissions()
            if not is_owner and not granted & perm.MANAGE_THREADS:
                raise missing_permissions()
            return self.messages.update_thread(channel, body)
        if not granted & perm.MANAGE_CHANNELS:
            raise missing_permissions()
        for key in (
            "name",
            "topic",
            "nsfw",
            "rate_limit_per_user",
            "position",
            "parent_id",
            "default_auto_archive_duration",
            "available_tags",
            "flags",
        ):
            if key in body:
                channel[key] = body[key]
        if "permission_overwrites" in body:
            channel["permission_overwrites"] = [
                {
                    "id": str(o["id"]),
                    "type": int(o.get("type", 0)),
                    "allow": str(o.get("allow", 0)),
                    "deny": str(o.get("deny", 0)),
                }
                for o in body["permission_overwrites"] or []
            ]
        self.gateway.dispatch("CHANNEL_UPDATE", channel, guild_id=channel.get("guild_id"))
        return channel

    async def delete_channel(self, req: Request) -> Json:
        channel = self._bot_channel(req, req.params["channel_id"])
        granted = self.state.channel_permissions(channel, req.bot.bot_id)
        need = perm.MANAGE_THREADS if channel["type"] in THREAD_TYPES else perm.MANAGE_CHANNELS
        if not granted & need:
            raise missing_permissions()
        return self.messages.delete_channel(channel)

    # messages

    async def list_messages(self, req: Request) -> list[Json]:
        channel = self._bot_channel(req, req.params["channel_id"])
        if not self.state.channel_permissions(channel, req.bot.bot_id) & perm.READ_MESSAGE_HISTORY:
            return []
        limit = int(req.query.get("limit", 50))
        if not 1 <= limit <= 100:
            raise ApiError(
                400,
                50035,
                "Invalid Form Body",
                {
                    "limit": {
                        "_errors": [
                            {
                                "code": "NUMBER_TYPE_MAX" if limit > 100 else "NUMBER_TYPE_MIN",
                                "message": "int value should be less than or equal to 100."
                                if limit > 100
                                else "int value should be greater than or equal to 1.",
                            }
                        ]
                    }
                },
            )
        return [self._readable(req, m) for m in history_page(self.state.history(channel["id"]), limit, req.query)]

    @staticmethod
    def _readable(req: Request, message: Json) -> Json:
        """Apps without the message content intent enabled get blanked content over REST too."""
        if req.bot.privileged_intents & MESSAGE_CONTENT or message.get("channel_id") is None:
            return message
        return withhold_content(req.bot.bot_id, message)

    def _attachments_for(
        self, channel: Json, body: Json, files: list[Json], existing: Json | None = None
    ) -> list[Json]:
        """The message's attachments; files over the channel's guild's upload limit get Discord's 413."""
        guild = self.state.guilds.get(channel.get("guild_id") or "")
        limit = guild.upload_limit if guild is not None else limits.DEFAULT_UPLOAD_LIMIT
        return self.messages.attachments(body, files, existing, size_limit=limit)

    async def create_message(self, req: Request) -> Json:
        body = req.body
        channel = self.state.channel(req.params["channel_id"])
        needs = [self._send_permission(channel)]
        if body.get("embeds"):
            needs.append(perm.EMBED_LINKS)
        if req.files:
            needs.append(perm.ATTACH_FILES)
        if body.get("message_reference"):
            needs.append(perm.READ_MESSAGE_HISTORY)
        if channel["type"] == FORUM:
            raise ApiError(400, 50008, "Cannot send messages in a non-text channel")
        self._bot_channel(req, channel["id"], *needs)
        self._check_locked(req, channel)
        limits.check(limits.validate_message, body)
        limits.require_not_empty(body, bool(req.files))
        attachments = self._attachments_for(channel, body, req.files)
        return self.messages.create(channel, req.bot.bot_user, body, attachments=attachments, application_id=None)

    async def get_message(self, req: Request) -> Json:
        channel = self._bot_channel(req, req.params["channel_id"], perm.READ_MESSAGE_HISTORY)
        message = self.state.message(channel["id"], req.params["message_id"])
        return message if channel["type"] == DM else self._readable(req, message)

    async def edit_message(self, req: Request) -> Json:
        channel = self._bot_channel(req, req.params["channel_id"])
        message = self.state.message(channel["id"], req.params["message_id"])
        body = req.body
        if message["author"]["id"] != req.bot.bot_id and set(body) - {"flags"}:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        limits.check(limits.validate_message, body)
        attachments = (
            self._attachments_for(channel, body, req.files, message) if "attachments" in body or req.files else None
        )
        return self.messages.edit(message, body, attachments=attachments)

    async def delete_message(self, req: Request) -> None:
        channel = self._bot_channel(req, req.params["channel_id"])
        message = self.state.message(channel["id"], req.params["message_id"])
        if (
            message["author"]["id"] != req.bot.bot_id
            and not self.state.channel_permissions(channel, req.bot.bot_id) & perm.MANAGE_MESSAGES
        ):
            raise missing_permissions()
        self.messages.delete(channel, message["id"])

    async def bulk_delete(self, req: Request) -> None:
        channel = self._bot_channel(req, req.params["channel_id"], perm.MANAGE_MESSAGES)
        ids = [str(i) for i in req.body.get("messages") or []]
        errors = FormErrors()
        errors.length_between(["messages"], ids, 2, 100)
        errors.raise_if_any()
        for message_id in ids:
            self.state.message(channel["id"], message_id)
        self.messages.bulk_delete(channel, ids)

    async def add_reaction(self, req: Request) -> None:
        channel = self._bot_channel(req, req.params["channel_id"], perm.READ_MESSAGE_HISTORY)
        message = self.state.message(channel["id"], req.params["message_id"])
        self.react(channel, message, req.bot.bot_id, req.params["emoji"], add=True)

    async def remove_reaction(self, req: Request) -> None:
        channel = self._bot_channel(req, req.params["channel_id"])
        message = self.state.message(channel["id"], req.params["message_id"])
        user_id = req.params.get("user_id", req.bot.bot_id)
        if (
            user_id != req.bot.bot_id
            and not self.state.channel_permissions(channel, req.bot.bot_id) & perm.MANAGE_MESSAGES
        ):
            raise missing_permissions()
        self.react(channel, message, user_id, req.params["emoji"], add=False)

    def react(self, channel: Json, message: Json, user_id: str, raw_emoji: str, *, add: bool) -> None:
        name, _, emoji_id = unquote(raw_emoji).partition(":")
        emoji = {"id": emoji_id or None, "name": name}
        reactors = self.reactions.setdefault(message["id"], {})
        users = reactors.setdefault(unquote(raw_emoji), set())
        if add == (user_id in users):
            return
        (users.add if add else users.discard)(user_id)
        message["reactions"] = reaction_summary(reactors)
        data: Json = {
            "user_id": user_id,
            "channel_id": channel["id"],
            "message_id": message["id"],
            "guild_id": channel.get("guild_id"),
            "emoji": emoji,
            "burst": False,
            "type": 0,
        }
        guild = self.state.guilds.get(channel.get("guild_id") or "")
        if add and guild is not None and user_id in guild.members:
            data["member"] = guild.members[user_id]
        self.gateway.dispatch(
            "MESSAGE_REACTION_ADD" if add else "MESSAGE_REACTION_REMOVE",
            data,
            guild_id=channel.get("guild_id"),
            channel_id=channel["id"],
        )

    async def reaction_users(self, req: Request) -> list[Json]:
        channel = self._bot_channel(req, req.params["channel_id"], perm.READ_MESSAGE_HISTORY)
        message = self.state.message(channel["id"], req.params["message_id"])
        users = self.reactions.get(message["id"], {}).get(unquote(req.params["emoji"]), set())
        return [self.state.users[u] for u in sorted(users, key=int)]

    async def clear_reactions(self, req: Request) -> None:
        channel = self._bot_channel(req, req.params["channel_id"], perm.MANAGE_MESSAGES)
        message = self.state.message(channel["id"], req.params["message_id"])
        reactors = self.reactions.get(message["id"], {})
        if "emoji" in req.params:
            reactors.pop(unquote(req.params["emoji"]), None)
        else:
            reactors.clear()
        message["reactions"] = reaction_summary(reactors)

    async def pin(self, req: Request) -> None:
        channel = self._bot_channel(req, req.params["channel_id"], perm.MANAGE_MESSAGES)
        message = self.state.message(channel["id"], req.params["message_id"])
        message["pinned"] = True
        self.pinned_at[message["id"]] = iso_now()
        self._pins_update(channel)

    async def unpin(self, req: Request) -> None:
        channel = self._bot_channel(req, req.params["channel_id"], perm.MANAGE_MESSAGES)
        message = self.state.message(channel["id"], req.params["message_id"])
        message["pinned"] = False
        self.pinned_at.pop(message["id"], None)
        self._pins_update(channel)

    def _pins_update(self, channel: Json) -> None:
        data = {"channel_id": channel["id"], "guild_id": channel.get("guild_id"), "last_pin_timestamp": None}
        self.gateway.dispatch("CHANNEL_PINS_UPDATE", data, guild_id=channel.get("guild_id"), channel_id=channel["id"])

    async def put_overwrite(self, req: Request) -> None:
        channel = self._bot_channel(req, req.params["channel_id"], perm.MANAGE_ROLES)
        target = req.params["target_id"]
        body = req.body
        rest = [o for o in channel["permission_overwrites"] if o["id"] != target]
        overwrite = {
            "id": target,
            "type": int(body.get("type", 0)),
            "allow": str(body.get("allow", 0)),
            "deny": str(body.get("deny", 0)),
        }
        channel["permission_overwrites"] = [*rest, overwrite]
        self.gateway.dispatch("CHANNEL_UPDATE", channel, guild_id=channel.get("guild_id"))

    async def delete_overwrite(self, req: Request) -> None:
        channel = self._bot_channel(req, req.params["channel_id"], perm.MANAGE_ROLES)
        target = req.params["target_id"]
        channel["permission_overwrites"] = [o for o in channel["permission_overwrites"] if o["id"] != target]
        self.gateway.dispatch("CHANNEL_UPDATE", channel, guild_id=channel.get("guild_id"))

    async def typing(self, req: Request) -> None:
        self._bot_channel(req, req.params["channel_id"])

    async def pins(self, req: Request) -> Json:
        channel = self._bot_channel(req, req.params["channel_id"], perm.READ_MESSAGE_HISTORY)
        pinned = [m for m in self.state.history(channel["id"]) if m.get("pinned")]
        pinned.sort(key=lambda m: self.pinned_at[m["id"]], reverse=True)
        before = req.query.get("before")
        if before:
            pinned = [m for m in pinned if self.pinned_at[m["id"]] < before]
        limit = int(req.query.get("limit") or 50)
        items = [{"pinned_at": self.pinned_at[m["id"]], "message": m} for m in pinned[:limit]]
        return {"items": items, "has_more": len(pinned) > limit}

    # threads

    def _thread_kwargs(self, body: Json) -> dict[str, Any]:
        limits.check(limits.validate_channel_name, body.get("name"))
        kwargs: dict[str, Any] = {"auto_archive_duration": int(body.get("auto_archive_duration") or 4320)}
        if body.get("applied_tags"):
            kwargs["applied_tags"] = [str(t) for t in body["applied_tags"]]
        return kwargs

    async def thread_from_message(self, req: Request) -> tuple[int, Json]:
        channel = self._bot_channel(
            req, req.params["channel_id"], perm.CREATE_PUBLIC_THREADS, perm.READ_MESSAGE_HISTORY
        )
        message = self.state.message(channel["id"], req.params["message_id"])
        kwargs = self._thread_kwargs(req.body)
        thread = self.messages.create_thread(channel, req.body["name"], req.bot.bot_id, from_message=message, **kwargs)
        return 201, thread

    async def thread_without_message(self, req: Request) -> tuple[int, Json]:
        body = req.body
        channel = self.state.channel(req.params["channel_id"])
        kwargs = self._thread_kwargs(body)
        if channel["type"] == FORUM:
            self._bot_channel(req, channel["id"], perm.SEND_MESSAGES)
            post = body.get("message") or {}
            limits.check(limits.validate_message, post)
            limits.require_not_empty(post, bool(req.files))
            if post.get("embeds"):
                self._bot_channel(req, channel["id"], perm.EMBED_LINKS)
            attachments = self._attachments_for(channel, post, req.files)
            thread = self.messages.create_thread(
                channel,
                body["name"],
                req.bot.bot_id,
                starter=(req.bot.bot_user, post, {"attachments": attachments}),
                **kwargs,
            )
            return 201, {**thread, "message": self.state.message(thread["id"], thread["id"])}
        kind = int(body.get("type") or PRIVATE_THREAD)
        need = perm.CREATE_PRIVATE_THREADS if kind == PRIVATE_THREAD else perm.CREATE_PUBLIC_THREADS
        self._bot_channel(req, channel["id"], need)
        if kind == PRIVATE_THREAD:
            kwargs["invitable"] = bool(body.get("invitable", True))
        thread = self.messages.create_thread(
            channel,
            body["name"],
            req.bot.bot_id,
            type=kind if kind in (PUBLIC_THREAD, PRIVATE_THREAD) else PUBLIC_THREAD,
            **kwargs,
        )
        return 201, thread

    async def archived_threads(self, req: Request) -> Json:
        channel = self._bot_channel(req, req.params["channel_id"], perm.READ_MESSAGE_HISTORY)
        private = req.path.endswith("/private")
        threads = [
            c
            for c in self.state.channels.values()
            if c["type"] in THREAD_TYPES
            and c.get("parent_id") == channel["id"]
            and c["thread_metadata"]["archived"]
            and (c["type"] == PRIVATE_THREAD) == private
        ]
        if "/users/@me/" in req.path:
            threads = [t for t in threads if req.bot.bot_id in self.state.thread_members.get(t["id"], {})]
        threads.sort(key=lambda t: t["thread_metadata"]["archive_timestamp"], reverse=True)
        before = req.query.get("before")
        if before:
            threads = [t for t in threads if t["thread_metadata"]["archive_timestamp"] < before]
        limit = int(req.query.get("limit") or 50)
        page = threads[:limit]
        return {"threads": page, "members": self._my_thread_members(req, page), "has_more": len(threads) > limit}

    def _my_thread_members(self, req: Request, threads: list[Json]) -> list[Json]:
        return [
            self.state.thread_members[t["id"]][req.bot.bot_id]
            for t in threads
            if req.bot.bot_id in self.state.thread_members.get(t["id"], {})
        ]

    async def active_threads(self, req: Request) -> Json:
        guild = self._guild(req, req.params["guild_id"])
        threads = [t for t in self.state.threads(guild) if not t["thread_metadata"]["archived"]]
        # every active thread comes in one answer, so there is never more
        return {"threads": threads, "members": self._my_thread_members(req, threads), "has_more": False}

    def _thread(self, req: Request) -> Json:
        thread = self._bot_channel(req, req.params["channel_id"])
        if thread["type"] not in THREAD_TYPES:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        return thread

    async def list_thread_members(self, req: Request) -> list[Json]:
        return list(self.state.thread_members.get(self._thread(req)["id"], {}).values())

    async def get_thread_member(self, req: Request) -> Json:
        members = self.state.thread_members.get(self._thread(req)["id"], {})
        try:
            return members[req.params["user_id"]]
        except KeyError:
            raise not_found(limits.UNKNOWN_MEMBER, "Member") from None

    async def join_thread(self, req: Request) -> None:
        thread = self._thread(req)
        user_id = req.params.get("user_id", req.bot.bot_id)
        if thread["thread_metadata"]["archived"]:
            raise ApiError(400, 50083, "Thread is archived")
        self.state.join_thread(thread, user_id)

    async def leave_thread(self, req: Request) -> None:
        thread = self._thread(req)
        self.state.leave_thread(thread, req.params.get("user_id", req.bot.bot_id))

    # guilds

    async def get_guild(self, req: Request) -> Json:
        return self._guild(req, req.params["guild_id"]).payload()

    async def guild_channels(self, req: Request) -> list[Json]:
        return self.state.guild_channels(self._guild(req, req.params["guild_id"]))

    async def create_guild_channel(self, req: Request) -> tuple[int, Json]:
        guild = self._guild(req, req.params["guild_id"])
        if not self.state.guild_permissions(guild, req.bot.bot_id) & perm.MANAGE_CHANNELS:
            raise missing_permissions()
        body = req.body
        limits.check(limits.validate_channel_name, body.get("name"))
        channel = self.state.create_channel(
            guild,
            body["name"],
            type=int(body.get("type") or 0),
            overwrites=body.get("permission_overwrites"),
            parent_id=body.get("parent_id"),
            topic=body.get("topic"),
        )
        self.gateway.dispatch("CHANNEL_CREATE", channel, guild_id=guild.id)
        return 201, channel

    async def create_role(self, req: Request) -> Json:
        guild = self._guild(req, req.params["guild_id"])
        if not self.state.guild_permissions(guild, req.bot.bot_id) & perm.MANAGE_ROLES:
            raise missing_permissions()
        body = req.body
        role = self.state.create_role(guild, body.get("name") or "new role", int(body.get("permissions") or 0))
        self.gateway.dispatch("GUILD_ROLE_CREATE", {"guild_id": guild.id, "role": role}, guild_id=guild.id)
        return role

    async def add_member_role(self, req: Request) -> None:
        self._member_role(req, add=True)

    async def remove_member_role(self, req: Request) -> None:
        self._member_role(req, add=False)

    def _member_role(self, req: Request, *, add: bool) -> None:
        guild = self._guild(req, req.params["guild_id"])
        if not self.state.guild_permissions(guild, req.bot.bot_id) & perm.MANAGE_ROLES:
            raise missing_permissions()
        member = self.state.member(guild, req.params["user_id"])
        role_id = req.params["role_id"]
        if role_id not in guild.roles:
            raise not_found(limits.UNKNOWN_ROLE, "Role")
        roles = [r for r in member["roles"] if r != role_id]
        member["roles"] = [*roles, role_id] if add else roles
        self.gateway.dispatch("GUILD_MEMBER_UPDATE", {**member, "guild_id": guild.id}, guild_id=guild.id)

    async def my_guilds(self, req: Request) -> list[Json]:
        return [
            {
                "id": g.id,
                "name": g.name,
                "icon": None,
                "banner": None,
                "owner": g.owner_id == req.bot.bot_id,
                "permissions": str(self.state.guild_permissions(g, req.bot.bot_id)),
                "features": [],
            }
            for g in self.state.guilds.values()
            if req.bot.bot_id in g.members
        ]

    async def open_dm(self, req: Request) -> Json:
        user = self.state.users.get(str(req.body.get("recipient_id")))
        if user is None:
            raise not_found(limits.UNKNOWN_USER, "User")
        return self.state.dm_channel(req.bot.bot_user, user)

    async def guild_roles(self, req: Request) -> list[Json]:
        return list(self._guild(req, req.params["guild_id"]).roles.values())

    async def guild_members(self, req: Request) -> list[Json]:
        guild = self._guild(req, req.params["guild_id"])
        after = int(req.query.get("after") or 0)
        limit = int(req.query.get("limit") or 1)
        members = sorted(guild.members.values(), key=lambda m: int(m["user"]["id"]))
        return [m for m in members if int(m["user"]["id"]) > after][:limit]

    async def guild_member(self, req: Request) -> Json:
        return self.state.member(self._guild(req, req.params["guild_id"]), req.params["user_id"])

    # webhooks

    def _webhook_payload(self, webhook: Json, *, with_token: bool = True) -> Json:
        return webhook if with_token else {k: v for k, v in webhook.items() if k != "token"}

    async def create_webhook(self, req: Request) -> Json:
        channel = self._bot_channel(req, req.params["channel_id"], perm.MANAGE_WEBHOOKS)
        errors = FormErrors()
        errors.length_between(["name"], req.body.get("name"), 1, 80)
        errors.raise_if_any()
        webhook = {
            "id": self.state.ids.next(),
            "type": 1,
            "guild_id": channel.get("guild_id"),
            "channel_id": channel["id"],
            "name": req.body["name"],
            "avatar": None,
            "token": secrets.token_urlsafe(48),
            "application_id": None,
            "user": req.bot.bot_user,
        }
        self.state.webhooks[webhook["id"]] = webhook
        return webhook

    async def channel_webhooks(self, req: Request) -> list[Json]:
        channel = self._bot_channel(req, req.params["channel_id"], perm.MANAGE_WEBHOOKS)
        return [w for w in self.state.webhooks.values() if w["channel_id"] == channel["id"]]

    async def guild_webhooks(self, req: Request) -> list[Json]:
        guild = self._guild(req, req.params["guild_id"])
        return [w for w in self.state.webhooks.values() if w["guild_id"] == guild.id]

    def _channel_webhook(self, webhook_id: str, token: str | None = None) -> Json:
        webhook = self.state.webhooks.get(webhook_id)
        if webhook is None:
            raise not_found(UNKNOWN_WEBHOOK, "Webhook")
        if token is not None and token != webhook["token"]:
            raise ApiError(401, 50027, "Invalid Webhook Token")
        return webhook

    async def get_webhook(self, req: Request) -> Json:
        return self._channel_webhook(req.params["webhook_id"])

    async def delete_webhook(self, req: Request) -> None:
        webhook = self._channel_webhook(req.params["webhook_id"])
        del self.state.webhooks[webhook["id"]]

    async def get_webhook_with_token(self, req: Request) -> Json:
        webhook = self._channel_webhook(req.params["webhook_id"], req.params["token"])
        return self._webhook_payload(webhook, with_token=False)

    async def execute_webhook(self, req: Request) -> Json | None:
        webhook_id, token = req.params["webhook_id"], req.params["token"]
        if webhook_id not in self.state.webhooks:
            return self.interactions.followup(webhook_id, token, req.body, req.files)
        webhook = self._channel_webhook(webhook_id, token)
        body = req.body
        limits.check(limits.validate_message, body)
        limits.require_not_empty(body, bool(req.files))
        channel = self.state.channel(req.query.get("thread_id") or webhook["channel_id"])
        author = {
            "id": webhook["id"],
            "username": body.get("username") or webhook["name"],
            "discriminator": "0000",
            "avatar": None,
            "bot": True,
            "global_name": None,
            "public_flags": 0,
            "flags": 0,
            "primary_guild": None,
        }
        message = self.messages.create(
            channel, author, body, attachments=self._attachments_for(channel, body, req.files), webhook_id=webhook["id"]
        )
        wait = req.query.get("wait", "false").lower() in ("true", "1")
        return message if wait else None

    def _webhook_message(self, req: Request) -> tuple[Json | None, str]:
        webhook_id = req.params["webhook_id"]
        if webhook_id in self.state.webhooks:
            return self._channel_webhook(webhook_id, req.params["token"]), req.params["message_id"]
        return None, req.params["message_id"]

    async def webhook_get_message(self, req: Request) -> Json:
        webhook, message_id = self._webhook_message(req)
        if webhook is None:
            return self.interactions.get_message(req.params["webhook_id"], req.params["token"], message_id)
        return self._owned_webhook_message(webhook, req, message_id)

    def _owned_webhook_message(self, webhook: Json, req: Request, message_id: str) -> Json:
        channel_id = req.query.get("thread_id") or webhook["channel_id"]
        message = self.state.message(channel_id, message_id)
        if message.get("webhook_id") != webhook["id"]:
            raise not_found(limits.UNKNOWN_MESSAGE, "Message")
        return message

    async def webhook_edit_message(self, req: Request) -> Json:
        webhook, message_id = self._webhook_message(req)
        if webhook is None:
            return self.interactions.edit_message(
                req.params["webhook_id"], req.params["token"], message_id, req.body, req.files
            )
        message = self._owned_webhook_message(webhook, req, message_id)
        limits.check(limits.validate_message, req.body)
        attachments = (
            self._attachments_for(self.state.channel(message["channel_id"]), req.body, req.files, message)
            if "attachments" in req.body or req.files
            else None
        )
        return self.messages.edit(message, req.body, attachments=attachments)

    async def webhook_delete_message(self, req: Request) -> None:
        webhook, message_id = self._webhook_message(req)
        if webhook is None:
            self.interactions.delete_message(req.params["webhook_id"], req.params["token"], message_id)
            return
        message = self._owned_webhook_message(webhook, req, message_id)
        self.messages.delete(self.state.channel(message["channel_id"]), message["id"])

    # interactions

    async def interaction_callback(self, req: Request) -> Json | None:
        body = req.body
        files = req.files
        result = self.interactions.callback(req.params["interaction_id"], req.params["token"], body, files)
        with_response = req.query.get("with_response", "false").lower() in ("true", "1")
        return result if with_response else None


def _permission_string(value: Any) -> str | None:
    return None if value is None else str(int(value))


def history_page(messages: list[Json], limit: int, query: dict[str, str]) -> list[Json]:
    """Discord's paging of GET /channels/{id}/messages; the answer is newest first."""

    def key(m: Json) -> int:
        return int(m["id"])

    ordered = sorted(messages, key=key)
    if query.get("around"):
        around = int(query["around"])
        older = [m for m in ordered if key(m) < around]
        newer = [m for m in ordered if key(m) >= around]
        half = limit // 2
        page = older[-half:] if half else []
        page += newer[: limit - len(page)]
    elif query.get("after"):
        after = int(query["after"])
        page = [m for m in ordered if key(m) > after][:limit]
    elif query.get("before"):
        before = int(query["before"])
        page = [m for m in ordered if key(m) < before][-limit:]
    else:
        page = ordered[-limit:]
    return list(reversed(page))


def reaction_summary(reactors: dict[str, set[str]]) -> list[Json]:
    """A message's ``reactions`` from emoji key (``name`` or ``name:id``) -> user ids."""
    return [
        {
            "emoji": {"id": key.partition(":")[2] or None, "name": key.partition(":")[0]},
            "count": len(users),
            "count_details": {"burst": 0, "normal": len(users)},
            "me": False,
            "me_burst": False,
            "burst_colors": [],
        }
        for key, users in reactors.items()
        if users
    ]
