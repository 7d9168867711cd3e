"""The gateway: websocket connections, sessions, sequence numbers, RESUME, intents.

A :class:`Session` outlives its websocket: every dispatch is numbered and kept, so a client that
RESUMEs gets everything after the sequence it last saw. Dispatching is synchronous (it only queues);
each connection has one writer task that encodes, compresses and sends in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .log import DispatchRecord, RecordLog
from .state import App, Json, State

if TYPE_CHECKING:
    from .openapi import Mismatch, Spec

try:  # optional, as in discord.py
    import zstandard
except ImportError:  # pragma: no cover - depends on the environment
    zstandard = None

log = logging.getLogger(__name__)

# Opcodes
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE, VOICE_STATE_UPDATE = 0, 1, 2, 3, 4
RESUME, RECONNECT, REQUEST_GUILD_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 6, 7, 8, 9, 10, 11

# Intents
GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
GUILD_MESSAGE_REACTIONS = 1 << 10
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15

#: which intent a guild event needs (events not listed are always sent)
EVENT_INTENTS: dict[str, int] = {
    **dict.fromkeys(
        [
            "GUILD_CREATE",
            "GUILD_UPDATE",
            "GUILD_DELETE",
            "GUILD_ROLE_CREATE",
            "GUILD_ROLE_UPDATE",
            "GUILD_ROLE_DELETE",
            "CHANNEL_CREATE",
            "CHANNEL_UPDATE",
            "CHANNEL_DELETE",
            "CHANNEL_PINS_UPDATE",
            "THREAD_CREATE",
            "THREAD_UPDATE",
            "THREAD_DELETE",
            "THREAD_LIST_SYNC",
            "THREAD_MEMBER_UPDATE",
        ],
        GUILDS,
    ),
    **dict.fromkeys(
        ["GUILD_MEMBER_ADD", "GUILD_MEMBER_UPDATE", "GUILD_MEMBER_REMOVE", "THREAD_MEMBERS_UPDATE"], GUILD_MEMBERS
    ),
    **dict.fromkeys(["MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "MESSAGE_DELETE_BULK"], GUILD_MESSAGES),
    **dict.fromkeys(
        ["MESSAGE_REACTION_ADD", "MESSAGE_REACTION_REMOVE", "MESSAGE_REACTION_REMOVE_ALL"], GUILD_MESSAGE_REACTIONS
    ),
}

PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT

#: close codes
RESUMABLE_CLOSE = 4000  # "Unknown error": reconnect and RESUME
SESSION_TIMED_OUT = 4009  # reconnect and start a new session
AUTHENTICATION_FAILED = 4004
DISALLOWED_INTENTS = 4014
INVALID_SHARD = 4010
SHARDING_REQUIRED = 4011

#: Discord refuses a session (4011) that would hold more guilds than this; sharding is then required
MAX_GUILDS_PER_SESSION = 2500


def shard_of(guild_id: str | int, shard_count: int) -> int:
    """The shard Discord sends a guild's events to: ``(guild_id >> 22) % shard_count``."""
    return (int(guild_id) >> 22) % shard_count


def withhold_content(bot_id: str, message: Json) -> Json:
    """*message* as a bot without MESSAGE_CONTENT sees it: blanked unless it wrote it or is mentioned."""

    def blank(msg: Json) -> Json:
        own = (msg.get("author") or {}).get("id") == bot_id
        if own or any(u["id"] == bot_id for u in msg.get("mentions", [])):
            return msg
        msg = dict(msg, content="", embeds=[], attachments=[], components=[])
        msg.pop("poll", None)
        return msg

    out = blank(message)
    if out.get("referenced_message"):
        out = dict(out, referenced_message=blank(out["referenced_message"]))
    return out


class Connection:
    """One websocket: encodes and (optionally) compresses payloads and writes them in order."""

    def __init__(self, ws: web.WebSocketResponse, compress: str | None) -> None:
        self.ws = ws
        self.compress = compress
        self._zlib = zlib.compressobj() if compress == "zlib-stream" else None
        self._zstd = zstandard.ZstdCompressor().compressobj() if compress == "zstd-stream" and zstandard else None
        self._queue: asyncio.Queue[Json | None] = asyncio.Queue()
        self._writer = asyncio.create_task(self._write_loop(), name="loopback-gateway-writer")

    def send(self, payload: Json) -> None:
        self._queue.put_nowait(payload)

    def encode(self, payload: Json) -> bytes | str:
        text = json.dumps(payload, separators=(",", ":"))
        if self._zlib is not None:
            return self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
        if self._zstd is not None:
            return self._zstd.compress(text.encode()) + self._zstd.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
        return text

    async def _write_loop(self) -> None:
        while True:
            payload = await self._queue.get()
            if payload is None or self.ws.closed:
                return
            data = self.encode(payload)
            try:
                if isinstance(data, bytes):
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(data)
            except (ConnectionError, RuntimeError):
                return

    async def close(self, code: int, message: str = "") -> None:
        self._queue.put_nowait(None)
        await self.ws.close(code=code, message=message.encode())
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer


@dataclass
class Session:
    """A gateway session of one bot; survives its connection so that it can be RESUMEd."""

    id: str
    app: App
    intents: int
    shard: list[int] | None = None
    seq: int = 0
    #: every dispatch of this session as sent: (seq, payload)
    events: list[tuple[int, Json]] = field(default_factory=list)
    conn: Connection | None = None

    def serves(self, guild_id: str | int | None) -> bool:
        """Whether this session's shard gets *guild_id*'s events (DMs, ``None``, go to shard 0)."""
        if self.shard is None or self.shard[1] <= 1:
            return True
        if guild_id is None:
            return self.shard[0] == 0
        return shard_of(guild_id, self.shard[1]) == self.shard[0]

    def push(self, event: str, data: Json) -> int:
        self.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        self.events.append((self.seq, payload))
        if self.conn is not None:
            self.conn.send(payload)
        return self.seq


class Gateway:
    """Accepts gateway websockets and routes dispatches to the sessions that should see them."""

    def __init__(self, state: State, *, heartbeat_interval: int = 41250) -> None:
        self.state = state
        self.heartbeat_interval = heartbeat_interval
        self.url = ""  # set by the server once it knows its port
        self.sessions: dict[str, Session] = {}
        self.connections: set[Connection] = set()
        self.dispatches: RecordLog[DispatchRecord] = RecordLog()
        #: Discord's OpenAPI specification, when checking is on; the server shares the mismatch list with REST
        self.spec: Spec | None = None
        self.spec_mismatches: list[Mismatch] = []
        #: (app_id, opcode, data) of everything the clients sent, for tests that care
        self.received: RecordLog[tuple[str | None, int, Any]] = RecordLog()
        #: application id -> sessions started (accepted IDENTIFYs), for /gateway/bot's session_start_limit
        self.identifies: dict[str, int] = {}

    # -- routing -------------------------------------------------------------------------------------

    def sessions_for(self, app: App | None = None) -> list[Session]:
        return [s for s in self.sessions.values() if app is None or s.app.application_id == app.application_id]

    def connected(self, app: App) -> bool:
        return any(s.conn is not None and not s.conn.ws.closed for s in self.sessions_for(app))

    def dispatch(
        self,
        event: str,
        data: Json,
        *,
        guild_id: str | None = None,
        app: App | None = None,
        channel_id: str | None = None,
        personalize: Callable[[App, Json], Json] | None = None,
    ) -> None:
        """Send *event* to every session of *app* (or of every bot in *guild_id*), honouring intents.

        With *channel_id*, only bots that can see that channel get it (VIEW_CHANNEL; DM and private
        thread membership). *personalize* may adapt the payload per receiving application.
        """
        self._check_spec(event, data)
        guild = self.state.guilds.get(guild_id) if guild_id else None
        channel = self.state.channels.get(channel_id) if channel_id else None
        needed = EVENT_INTENTS.get(event, 0) if guild_id else 0
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE", "MESSAGE_DELETE_BULK") and not guild_id:
            needed = DIRECT_MESSAGES
        # An interaction is sent to one app, but still to the shard of the guild it came from.
        routed_guild = guild_id if guild_id else data.get("guild_id") if isinstance(data, dict) else None
        for session in list(self.sessions.values()):
            if app is not None and session.app.application_id != app.application_id:
                continue
            if not session.serves(routed_guild):
                continue
            if guild is not None and session.app.bot_id not in guild.members:
                continue
            if needed and not session.intents & needed:
                continue
            if channel is not None and not self.state.can_view(channel, session.app.bot_id):
                continue
            payload = personalize(session.app, data) if personalize else data
            if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE") and guild_id:
                payload = self._withhold_content(session, payload)
            seq = session.push(event, payload)
            self.dispatches.append(DispatchRecord(session.app.application_id, session.id, event, payload, seq))

    @staticmethod
    def _withhold_content(session: Session, message: Json) -> Json:
        if session.intents & MESSAGE_CONTENT:
            return message
        return withhold_content(session.app.bot_id, message)

    # -- forced disconnects ------------------------------------------------------------------------------

    async def disconnect(self, app: App | None = None, *, resumable: bool = True, shard: int | None = None) -> int:
        """Close the connections of *app* (all apps if None); return how many were closed.

        ``resumable=True`` closes with 4000, so the client RESUMEs and gets what it missed;
        ``resumable=False`` forgets the session first, so the RESUME gets INVALID_SESSION and the
        client has to IDENTIFY again. *shard* closes only that shard's session (the others stay up).
        """
        closed = 0
        for session in self.sessions_for(app):
            if shard is not None and (session.shard[0] if session.shard else 0) != shard:
                continue
            conn = session.conn
            if not resumable:
                self.sessions.pop(session.id, None)
            if conn is None:
                continue
            session.conn = None
            await conn.close(
                RESUMABLE_CLOSE if resumable else SESSION_TIMED_OUT,
                "Unknown error" if resumable else "Session timed out",
            )
            closed += 1
        return closed

    def reconnect(self, app: App | None = None) -> int:
        """Send op 7 RECONNECT to *app*'s (or every) live connection; clients then RESUME."""
        sent = 0
        for session in self.sessions_for(app):
            if session.conn is not None:
                session.conn.send({"op": RECONNECT, "s": None, "t": None, "d": None})
                sent += 1
        return sent

    async def close_all(self) -> None:
        for conn in list(self.connections):
            await conn.close(1001, "Server shutting down")
        self.sessions.clear()

    # -- the websocket ---------------------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        compress = request.query.get("compress")
        if compress == "zstd-stream" and zstandard is None:
            compress = None
        conn = Connection(ws, compress if compress in ("zlib-stream", "zstd-stream") else None)
        self.connections.add(conn)
        session: Session | None = None
        conn.send(
            {
                "op": HELLO,
                "s": None,
                "t": None,
                "d": {"heartbeat_interval": self.heartbeat_interval, "_trace": ["loopback-gateway"]},
            }
        )
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    packet = json.loads(msg.data)
                except ValueError:
                    await conn.close(4002, "Error while decoding payload.")
                    break
                op, data = packet.get("op"), packet.get("d")
                self.received.append((session.app.application_id if session else None, op, data))
                if op == HEARTBEAT:
                    conn.send({"op": HEARTBEAT_ACK, "s": None, "t": None, "d": None})
                elif op == IDENTIFY:
                    session = await self._identify(conn, data or {})
                elif op == RESUME:
                    session = self._resume(conn, data or {})
                elif op == REQUEST_GUILD_MEMBERS and session is not None:
                    self._request_members(session, data or {})
                elif op in (PRESENCE_UPDATE, VOICE_STATE_UPDATE):
                    pass
                elif session is None:
                    await conn.close(4003, "Not authenticated.")
                    break
        finally:
            self.connections.discard(conn)
            if session is not None and session.conn is conn:
                session.conn = None
                if ws.close_code in (1000, 1001):  # the client ended its session; Discord forgets it
                    self.sessions.pop(session.id, None)
            await conn.close(1000)
        return ws

    async def _identify(self, conn: Connection, data: Json) -> Session | None:
        app = self.state.app_by_token(str(data.get("token", "")))
        if app is None:
            await conn.close(AUTHENTICATION_FAILED, "Authentication failed.")
            return None
        if int(data.get("intents", 0)) & PRIVILEGED & ~app.privileged_intents:
            await conn.close(DISALLOWED_INTENTS, "Disallowed intent(s).")
            return None
        shard = data.get("shard")
        if shard is not None and not (
            isinstance(shard, list) and len(shard) == 2 and all(isinstance(n, int) for n in shard)
            and shard[1] >= 1 and 0 <= shard[0] < shard[1]
        ):
            await conn.close(INVALID_SHARD, "Invalid shard.")
            return None
        intents = int(data.get("intents", 0))
        session = Session(id=secrets.token_hex(16), app=app, intents=intents, shard=shard, conn=conn)
        guilds = [g for g in self.state.guilds.values() if app.bot_id in g.members and session.serves(g.id)]
        if len(guilds) > MAX_GUILDS_PER_SESSION:
            await conn.close(SHARDING_REQUIRED, "Sharding required.")
            return None
        self.sessions[session.id] = session
        self.identifies[app.application_id] = self.identifies.get(app.application_id, 0) + 1
        ready: Json = {
            "v": 10,
            "user": {**app.bot_user, "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [{"id": g.id, "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.url,
            "application": {"id": app.application_id, "flags": app.flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "_trace": ["loopback-gateway"],
        }
        if session.shard is not None:
            ready["shard"] = session.shard
        self._push(session, "READY", ready)
        for guild in guilds:
            self._push(session, "GUILD_CREATE", self.guild_create(session, guild))
        return session

    def guild_create(self, session: Session, guild: Any) -> Json:
        """GUILD_CREATE for *session*: without GUILD_PRESENCES only the bot's own member is included."""
        members = None if session.intents & GUILD_PRESENCES else [guild.members[session.app.bot_id]]
        return self.state.gateway_guild(guild, members=members, viewer=session.app.bot_id)

    def send_guild_create(self, app: App, guild: Any) -> None:
        """GUILD_CREATE for a guild *app*'s bot just joined (no ``unavailable`` key: it is a join)."""
        for session in self.sessions_for(app):
            if session.intents & GUILDS and session.serves(guild.id):
                payload = self.guild_create(session, guild)
                payload.pop("unavailable", None)
                self._push(session, "GUILD_CREATE", payload)

    def _check_spec(self, event: str, data: Json) -> None:
        """Hold the REST objects a dispatch embeds (message, channel, member, user) to their REST schemas."""
        if self.spec is not None:
            found = self.spec.check_dispatch(event, data)
            for mismatch in found:
                log.warning("not as Discord's specification says: %s", mismatch)
            self.spec_mismatches.extend(found)

    def _push(self, session: Session, event: str, data: Json) -> None:
        self._check_spec(event, data)
        seq = session.push(event, data)
        self.dispatches.append(DispatchRecord(session.app.application_id, session.id, event, data, seq))

    def _resume(self, conn: Connection, data: Json) -> Session | None:
        session = self.sessions.get(str(data.get("session_id")))
        app = self.state.app_by_token(str(data.get("token", "")))
        if session is None or app is None or session.app is not app:
            conn.send({"op": INVALID_SESSION, "s": None, "t": None, "d": False})
            return None
        if session.conn is not None and session.conn is not conn:
            old = session.conn
            asyncio.get_running_loop().create_task(old.close(RESUMABLE_CLOSE))
        after = int(data.get("seq") or 0)
        session.conn = conn
        for seq, payload in session.events:
            if seq > after:
                conn.send(payload)
        conn.send({"op": DISPATCH, "t": "RESUMED", "s": session.seq, "d": {"_trace": ["loopback-gateway"]}})
        return session

    def _request_members(self, session: Session, data: Json) -> None:
        guild_ids = data.get("guild_id")
        for guild_id in guild_ids if isinstance(guild_ids, list) else [guild_ids]:
            guild = self.state.guilds.get(str(guild_id))
            if guild is None or session.app.bot_id not in guild.members or not session.serves(guild.id):
                continue
            members = list(guild.members.values())
            not_found: list[str] = []
            if data.get("user_ids"):
                wanted = [str(u) for u in data["user_ids"]]
                members = [m for m in members if m["user"]["id"] in wanted]
                not_found = [u for u in wanted if u not in guild.members]
            elif data.get("query"):
                query = str(data["query"]).lower()
                members = [m for m in members if m["user"]["username"].lower().startswith(query)]
            limit = int(data.get("limit") or 0)
            if limit:
                members = members[:limit]
            chunk: Json = {
                "guild_id": guild.id,
                "members": members,
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": not_found,
            }
            if data.get("nonce") is not None:
                chunk["nonce"] = data["nonce"]
            if data.get("presences"):
                chunk["presences"] = []
            self._push(session, "GUILD_MEMBERS_CHUNK", chunk)
