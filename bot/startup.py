"""Start-up failures and reconnects, each told in one line the operator can act on.

Before it serves, `reviewbot run` opens the database, reaches the API, logs in and connects, and each
step fails in a few well-known ways: a refused connection, a name that does not resolve, a refused
token, a privileged intent left off, a damaged or locked database. :func:`explain` turns those
exceptions into a :class:`StartupError` that says what failed and what to do, so the CLI prints one
line instead of a traceback. Anything not recognised here is a bug and keeps its traceback.

Once the bot is up, losing the network is not a failure: discord.py reconnects with exponential
back-off, but logs every attempt with a full traceback. :class:`OneLineReconnects` rewrites those
records into one line with the reason and the delay.
"""

from __future__ import annotations

import errno
import functools
import logging
import re
from urllib.parse import urlparse

import aiohttp
import discord

from bot.api_base import ApiBaseError
from bot.config import Settings
from bot.db import DatabaseError

#: Exit statuses. 2: something to fix in the settings, the token, the Developer Portal or the database
#: path. 1: something was not available (the network, Discord, a database that is locked or damaged).
CONFIGURATION = 2
UNAVAILABLE = 1

PORTAL = "https://discord.com/developers/applications"

#: discord.Intents flag → its name on the Developer Portal's Bot page
PRIVILEGED_INTENTS = {
    "message_content": "Message Content Intent",
    "members": "Server Members Intent",
    "presences": "Presence Intent",
}


class StartupError(Exception):
    """Start-up failed in a way the operator can fix; the message is the one line to show."""

    def __init__(self, message: str, *, exit_code: int = UNAVAILABLE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def network_problem(exc: BaseException) -> str | None:
    """What went wrong on the network, in a few words ("127.0.0.1:9 refused the connection"), or None."""
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return f"the host name {exc.host} does not resolve"
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return f"the TLS certificate of {exc.host} was not accepted"
    if isinstance(exc, aiohttp.ClientConnectorError):
        if exc.os_error.errno == errno.ECONNREFUSED:
            return f"{exc.host}:{exc.port} refused the connection"
        return f"cannot connect to {exc.host}:{exc.port} ({exc.os_error.strerror or exc.os_error})"
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection"
    if isinstance(exc, aiohttp.ClientError | OSError):
        return str(exc) or type(exc).__name__
    return None


def unreachable(problem: str, settings: Settings) -> StartupError:
    if settings.api_base:
        return StartupError(
            f"cannot reach the Discord-compatible API at {settings.api_base} ({problem}): start that server, "
            "or correct DISCORD_API_BASE (unset it to use Discord)."
        )
    return StartupError(
        f"cannot reach Discord ({problem}): check this machine's network connection and DNS, then run again."
    )


def privileged_intents_asked(intents: discord.Intents) -> list[str]:
    return [label for flag, label in PRIVILEGED_INTENTS.items() if getattr(intents, flag)]


def explain(
    exc: BaseException, settings: Settings, *, intents: discord.Intents, application_id: int | None = None
) -> StartupError | None:
    """The one line for a known start-up failure, or None when *exc* is not one (a bug)."""
    if isinstance(exc, StartupError):
        return exc
    if isinstance(exc, DatabaseError):
        return _database(exc)
    if isinstance(exc, discord.LoginFailure) or (isinstance(exc, discord.ConnectionClosed) and exc.code == 4004):
        return StartupError(
            "Discord refused the token in DISCORD_TOKEN: press Reset Token on your "
            f"application's Bot page at {PORTAL} and put the new token in .env.",
            exit_code=CONFIGURATION,
        )
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        asked = " and the ".join(privileged_intents_asked(intents)) or "a privileged intent"
        page = f"{PORTAL}/{application_id}/bot" if application_id else f"{PORTAL} (your application → Bot)"
        return StartupError(
            f"Discord refused the connection because the {asked} is not switched on for this bot: switch it "
            f"on under Privileged Gateway Intents at {page}, save, then run again.",
            exit_code=CONFIGURATION,
        )
    if isinstance(exc, discord.ConnectionClosed):
        reason = exc.reason or "no reason given"
        return StartupError(f"Discord closed the gateway connection with code {exc.code} ({reason}).")
    if isinstance(exc, discord.HTTPException):
        return _http(exc, settings)
    if isinstance(exc, ApiBaseError):
        problem = network_problem(exc.__cause__) if exc.__cause__ is not None else None
        if problem is not None:
            return unreachable(problem, settings)
        return StartupError(f"{exc}: check DISCORD_API_BASE (it should end in /api/v10), or unset it to use Discord.")
    # Only the network's own errors: an OSError from elsewhere (a file, say) is not "Discord unreachable".
    if isinstance(exc, aiohttp.ClientError | ConnectionError) and (problem := network_problem(exc)):
        return unreachable(problem, settings)
    return None


def _database(exc: DatabaseError) -> StartupError:
    match exc.kind:
        case "server" | "index":  # each such message ends with what to do
            return StartupError(f"{exc}.", exit_code=CONFIGURATION)
        case "unopenable":
            return StartupError(f"{exc}; check that this user may create and write it, or set REVIEWBOT_DB to "
                                "another path.", exit_code=CONFIGURATION)
        case "locked":
            return StartupError(f"{exc}; another program (another Reviewbot, or an SQLite tool) holds a lock on it: "
                                "close it, then run again.")
        case "damaged":
            return StartupError(f"{exc}; it is damaged or not a Reviewbot database, and was left as it is: restore "
                                "a copy made with `reviewbot db backup`, or set REVIEWBOT_DB to a new path.")
    return StartupError(str(exc))


def _http(exc: discord.HTTPException, settings: Settings) -> StartupError:
    said = exc.text or (exc.response.reason if exc.response is not None else "") or "no details"
    route = urlparse(str(exc.response.url)).path if exc.response is not None else "a request"
    if exc.status in (403, 404) and settings.dev_guild_id and f"/guilds/{settings.dev_guild_id}/" in route:
        return StartupError(
            f"Discord answered HTTP {exc.status} ({said}) when syncing commands to REVIEWBOT_DEV_GUILD="
            f"{settings.dev_guild_id}: add the bot to that server (`reviewbot invite-url`), or correct or unset it.",
            exit_code=CONFIGURATION,
        )
    return StartupError(f"Discord answered HTTP {exc.status} ({said}) to {route} while starting.")


class OneLineReconnects(logging.Filter):
    """Turns discord.py's "Attempting a reconnect in 1.23s" record and its traceback into one line.

    A lost connection is expected now and then and is retried with back-off, so each attempt is worth a
    line (why, and when the next try is) at WARNING, not an ERROR with a traceback. Install it on the
    ``discord.client`` logger, where a single connection's loop logs, and on ``discord.shard``, where
    each shard of the sharded bot logs its own attempts.
    """

    RECORD = "Attempting a reconnect in %.2fs"
    SHARD_RECORD = "Attempting a reconnect for shard ID %s in %.2fs"

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg not in (self.RECORD, self.SHARD_RECORD) or not record.exc_info:
            return True
        exc = record.exc_info[1]
        reason = None if exc is None else network_problem(exc)
        if reason is None and isinstance(exc, discord.ConnectionClosed):
            reason = f"the gateway closed with code {exc.code}"
        if reason is None:
            reason = type(exc).__name__ if exc is not None else "unknown"
        record.msg = ("Lost the connection to Discord (%s); reconnecting in %.2fs" if record.msg == self.RECORD
                      else "Lost the connection to Discord (%s); reconnecting shard %s in %.2fs")
        record.args = (reason, *(record.args or ()))
        record.exc_info = None
        record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class NoVoiceWarnings(logging.Filter):
    """Drops discord.py's start-up warnings that the voice libraries (PyNaCl, davey) are missing.

    Reviewbot never joins a voice channel, so those two WARNING lines on every start would only teach
    operators to ignore warnings. Install it on the ``discord.client`` logger.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in str(record.msg)


_TOKEN_IN_URL = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/?#\s]+")


def _no_token(value: object) -> object:
    """A URL with an interaction's or webhook's token replaced by ``<token>``."""
    return _TOKEN_IN_URL.sub(r"\1<token>", value) if isinstance(value, str) else value


def _payload_summary(payload: object) -> str:
    """A gateway payload as its opcode, event name, sequence and ids: never content or tokens."""
    if not isinstance(payload, dict):
        return f"<{type(payload).__name__}>"
    data = payload.get("d")
    ids = {key: data[key] for key in ("id", "guild_id", "channel_id") if isinstance(data, dict) and key in data}
    return f"op={payload.get('op')} t={payload.get('t')} s={payload.get('s')} ids={ids}"


def _operation(function: object) -> str:
    """An aiosqlite operation as its method and SQL text, without the parameters (what people wrote)."""
    if isinstance(function, functools.partial):
        sql = next((arg for arg in function.args if isinstance(arg, str)), "")
        return f"{getattr(function.func, '__name__', 'call')}({sql[:200]!r})"
    return getattr(function, "__name__", type(function).__name__)


class RedactPayloads(logging.Filter):
    """Keeps what people wrote and interaction tokens out of discord.py's DEBUG (and other) logs.

    At DEBUG discord.py logs every gateway event whole (message content, interaction tokens), every
    request body and response, and URLs that carry interaction and webhook tokens. A token lets
    anyone who reads the log answer as the bot for 15 minutes, and logs get shared; so each record
    is rewritten to ids and sizes. aiosqlite, likewise, logs each operation with its parameters at
    DEBUG; those keep only the SQL. Install it on :data:`REDACTED_LOGGERS`.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not isinstance(args, tuple):
            return True
        template = str(record.msg)
        if template == "For Shard ID %s: WebSocket Event: %s" and len(args) == 2:
            args = (args[0], _payload_summary(args[1]))
        elif template in ("Received %s", "Received error %s") and len(args) == 1:
            args = (f"<{type(args[0]).__name__}>",)
        elif template == "%s %s with %s has returned %s" and len(args) == 4:
            body = args[2]
            args = (args[0], args[1], "no body" if body is None else f"a {len(str(body))}-character body", args[3])
        elif template == "%s %s has received %s" and len(args) == 3:
            args = (args[0], args[1], "a response")
        elif template in ("executing %s", "operation %s completed") and len(args) == 1:
            args = (_operation(args[0]),)
        record.args = tuple(_no_token(arg) for arg in args)
        return True


#: The loggers :class:`RedactPayloads` is installed on.
REDACTED_LOGGERS = ("discord.gateway", "discord.http", "discord.webhook.async_", "aiosqlite")


def redact_logs() -> None:
    """Install :class:`RedactPayloads` for the whole process (every CLI command, not only ``run``)."""
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(one, RedactPayloads) for one in logger.filters):
            logger.addFilter(RedactPayloads())
